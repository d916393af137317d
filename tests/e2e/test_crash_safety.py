"""kill -9 through the real ``govern run``: Prefect's flow process and its worker pool.

tests/integration/test_crash_matrix.py kills a run at every named point
(``governance/faults.py``) without Prefect; here two of those points are hit through
the installed command, air-gapped, in its own process group: one inside a worker of the
process pool, one in the flow's own process during the lineage transaction. The whole
group (flow and workers) gets SIGKILL. Afterwards:

- the run really died there (exit by SIGKILL: a point never reached fails the test);
- no partial snapshot is CURRENT: every CURRENT names a folder whose manifest lists
  files that exist with the recorded hashes and row counts;
- no run is recorded as completed unless the kill came after its lineage commit;
- a re-run completes, publishes exactly the rows of an uninterrupted run, and leaves
  the killed run marked failed (or completed, when its commit had happened).

Also here: two runs on one workspace at once (the second refuses, nothing is harmed).
"""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from governance.faults import CRASH_ENV, PAUSE_ENV, POINTS
from tests.conftest import DEFAULT_POLICY, TEST_KEY
from tests.crashes import COMMITTED, assert_current_is_whole, published, sources
from tests.e2e.conftest import GOVERN, airgapped, govern_env
from tests.integration.conftest import lineage_sql


def govern(root: Path, workspace: Path, extra_env: dict[str, str] | None = None,
           ) -> subprocess.CompletedProcess[str]:  # fmt: skip
    env = govern_env(root / "prefect-home") | {"GOVERN_PSEUDONYM_KEY": TEST_KEY}
    env |= extra_env or {}
    command = [str(GOVERN), "run", "--policy", str(DEFAULT_POLICY), "--source-root",
               str(root / "src"), "--workspace", str(workspace), "--runner", "process:2",
               "--batch-files", "40"]  # fmt: skip
    return subprocess.run(airgapped(command), cwd=root, env=env, capture_output=True, text=True,
                          timeout=600, check=False, start_new_session=True)  # fmt: skip


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    root = tmp_path_factory.mktemp("crash-reference")
    sources(root / "src")
    proc = govern(root, root / "ws")
    assert proc.returncode == 0, proc.stderr[-2000:]
    return root, published(root / "ws")


@pytest.mark.parametrize("point", ["batch:staged", "lineage:in-transaction"])
def test_kill_at_point_then_rerun(
    point: str, reference: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    root, expected = reference
    (tmp_path / "src").symlink_to(root / "src")
    workspace = tmp_path / "ws"
    killed = govern(tmp_path, workspace, {CRASH_ENV: point})
    assert killed.returncode == -signal.SIGKILL, f"never reached {point}: {killed.stderr[-800:]}"
    assert_current_is_whole(workspace)
    statuses = [s for (s,) in lineage_sql(workspace, "SELECT status FROM runs")]
    assert statuses == (["completed"] if POINTS.index(point) >= COMMITTED else ["running"])

    again = govern(tmp_path, workspace)
    assert again.returncode == 0, again.stderr[-2000:]
    assert_current_is_whole(workspace)
    assert published(workspace) == expected
    runs = lineage_sql(workspace, "SELECT status FROM runs ORDER BY started_at")
    assert runs[-1] == ("completed",)
    assert runs[0] == (("completed",) if POINTS.index(point) >= COMMITTED else ("failed",))


def test_a_second_run_on_a_busy_workspace_refuses_and_harms_nothing(
    reference: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    root, expected = reference
    (tmp_path / "src").symlink_to(root / "src")
    workspace, flag = tmp_path / "ws", tmp_path / "hold"
    flag.touch()
    env = govern_env(tmp_path / "prefect-home") | {"GOVERN_PSEUDONYM_KEY": TEST_KEY,
                                                   PAUSE_ENV: f"batch:extracted={flag}"}  # fmt: skip
    command = [str(GOVERN), "run", "--policy", str(DEFAULT_POLICY), "--source-root",
               str(tmp_path / "src"), "--workspace", str(workspace), "--batch-files", "40"]  # fmt: skip
    first = subprocess.Popen(airgapped(command), cwd=tmp_path, env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    try:
        _wait_for_pause(flag, first)
        second = govern(tmp_path, workspace)
        assert second.returncode == 2
        errors = [ln for ln in second.stderr.splitlines() if ln.startswith("govern: error:")]
        assert errors == [
            f"govern: error: another run holds the workspace {workspace} (wait for it to "
            "finish, or use another --workspace)"
        ]
    finally:
        flag.unlink()
        _, err = first.communicate(timeout=600)
    assert first.returncode == 0, err[-2000:]
    assert lineage_sql(workspace, "SELECT status FROM runs") == [("completed",)]
    assert published(workspace) == expected


def _wait_for_pause(flag: Path, proc: subprocess.Popen[str]) -> None:
    """Until the run reached its pause point (it holds the workspace lock by then)."""
    reached = flag.with_name(flag.name + ".reached")
    for _ in range(2400):
        if reached.exists():
            return
        assert proc.poll() is None, proc.communicate()[1][-2000:]
        time.sleep(0.25)
    pytest.fail("the first run never reached its pause point")
