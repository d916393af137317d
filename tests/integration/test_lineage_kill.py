"""A `govern run` killed part-way leaves no run recorded complete; the next run succeeds.

To kill the run at a known point without a test hook in the code, the run's OpenLineage
event file is a named pipe whose buffer the test has filled: the run records itself as
``running``, emits START, and blocks writing to the pipe until it is killed.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from prefect.settings import PREFECT_API_URL

from tests.conftest import TEST_KEY

pytestmark = pytest.mark.usefixtures("prefect_api")

GOVERN = Path(sys.executable).with_name("govern")
F_SETPIPE_SZ = 1031


def _full_pipe(path: Path) -> tuple[int, int]:
    """A FIFO with a reader that never reads and a buffer already full."""
    os.mkfifo(path)
    reader = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    writer = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
    fcntl.fcntl(writer, F_SETPIPE_SZ, 4096)
    try:
        while True:
            os.write(writer, b"x" * 512)
    except BlockingIOError:
        pass
    return reader, writer


def _holds(pid: int, path: Path) -> bool:
    fds = Path(f"/proc/{pid}/fd")
    try:
        return any(os.readlink(fd) == str(path) for fd in fds.iterdir())
    except (FileNotFoundError, ProcessLookupError):
        return False


def _statuses(ws: Path) -> list[str]:
    con = duckdb.connect(str(ws / "lineage.duckdb"), read_only=True)
    try:
        return [r[0] for r in con.execute("SELECT status FROM runs ORDER BY started_at").fetchall()]
    finally:
        con.close()


def test_a_killed_run_is_never_complete_and_the_next_run_succeeds(
    policy_file: Path, corpus: Path, tmp_path: Path
) -> None:
    ws = tmp_path / "ws"
    (ws / "openlineage").mkdir(parents=True)
    events = ws / "openlineage" / "events.jsonl"
    reader, writer = _full_pipe(events)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "GOVERN_"))}
    env |= {
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "GOVERN_PSEUDONYM_KEY": TEST_KEY,
        "PREFECT_API_URL": str(PREFECT_API_URL.value()),
    }  # the test harness's server
    log = (tmp_path / "govern-run.log").open("wb")
    proc = subprocess.Popen(
        [str(GOVERN), "run", "--policy", str(policy_file), "--workspace", str(ws),
         "--source-root", str(corpus), "--runner", "thread"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        while not _holds(proc.pid, events):
            if proc.poll() is not None:
                output = (tmp_path / "govern-run.log").read_text(errors="replace")
                pytest.fail(f"govern run exited {proc.returncode}: {output[-3000:]}")
            time.sleep(0.2)
        assert _statuses(ws) == ["running"]  # recorded, and blocked emitting START
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # the run and anything it started
        proc.wait()
        log.close()
        os.close(writer)
        os.close(reader)
    events.unlink()
    assert _statuses(ws) == ["running"]  # killed: nothing recorded it complete
    assert not list((ws / "corpora").glob("*/CURRENT"))

    from flows.govern import govern

    summary = govern(policy_path=str(policy_file), workspace=str(ws), source_root=str(corpus),
                     runner="thread")  # fmt: skip
    assert summary["status"] == "completed" and summary["counts"] == {"processed": 5}
    assert _statuses(ws) == ["failed", "completed"]
    assert (ws / "corpora" / "rag" / "CURRENT").is_file()
    assert events.is_file() and len(events.read_text().splitlines()) == 2
