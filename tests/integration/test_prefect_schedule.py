"""A schedule that fires: a real Prefect server's scheduler creates the run, a worker runs it.

``prefect server start`` (SQLite) with its scheduler service on; a deployment with a
one-minute interval, registered with ``prefect deploy --prefect-file`` from the
repository as docs/deploy.md shows; a process worker. Nothing creates a run but the
scheduler. The run must publish corpora and record itself in lineage, and the server's
log must hold no scheduler error (SQLAlchemy 2.1 broke it: every loop failed with
"Can't evaluate bulk DML statement" and no run was ever created).
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path
from typing import Any

from tests.conftest import DEFAULT_POLICY, REPO
from tests.integration.conftest import lineage_sql, write_corpus
from tests.integration.prefect_server import PrefectServer, free_port

POOL, QUEUE = "govern", "workspace-default"

DEPLOYMENT = """\
name: governance-schedule-test
prefect-version: 3.8.8
build: null
push: null
deployments:
  - name: every-minute
    entrypoint: flows.govern.govern
    schedules:
      - {{interval: 60, active: true}}
    parameters: {{policy_path: "{policy}", workspace: "{workspace}", source_root: "{sources}",
                 runner: thread}}
    work_pool: {{name: {pool}, work_queue_name: {queue}}}
"""


def _first_finished_run(
    server: PrefectServer, deployment_id: str, timeout: float
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = server.finished_runs(deployment_id)
        if done:
            return done[0]
        time.sleep(2)
    logs = "\n".join(p.tail(1500) for p in server.processes)
    raise AssertionError(f"no scheduled run finished within {timeout}s:\n{logs}")


def test_the_scheduler_creates_a_run_that_a_worker_completes(tmp_path: Path) -> None:
    home = tmp_path / "prefect-home"
    server = PrefectServer(home=home, port=free_port(), repo=REPO, scheduler=True)
    workspace, sources = tmp_path / "govern-data", write_corpus(tmp_path / "sources")
    spec = tmp_path / "prefect.yaml"
    spec.write_text(DEPLOYMENT.format(policy=DEFAULT_POLICY, workspace=workspace,
                                      sources=sources, pool=POOL, queue=QUEUE))  # fmt: skip
    try:
        server.start()
        for args in (("work-pool", "create", POOL, "--type", "process"),
                     ("work-queue", "create", QUEUE, "--pool", POOL, "--limit", "1"),
                     ("deploy", "--all", "--prefect-file", str(spec))):  # fmt: skip
            done = server.cli(*args)
            assert done.returncode == 0, f"prefect {args[0]} failed:\n{done.stdout}{done.stderr}"
        deployment = server.api("GET", "/deployments/name/govern/every-minute")
        assert [s["schedule"]["interval"] for s in deployment["schedules"]] == [60.0]
        worker_env = {**server.env, "GOVERN_PSEUDONYM_KEY": "sk-" + secrets.token_hex(16)}
        server.start_worker(POOL, worker_env)
        run = _first_finished_run(server, deployment["id"], timeout=900)
    finally:
        server.stop()
    assert run["state_type"] == "COMPLETED", server.processes[-1].tail()
    assert run["auto_scheduled"] is True  # the scheduler made it, nothing else did
    server_log = (home / "server.log").read_text(errors="replace")
    assert "bulk DML" not in server_log
    assert not [line for line in server_log.splitlines() if "ERROR" in line and "schedul" in line]
    rows = lineage_sql(workspace, "SELECT status, flow_run_id FROM runs")
    assert ("completed", run["id"]) in rows
    rag = workspace / "corpora" / "rag"
    assert (rag / (rag / "CURRENT").read_text().strip()).is_dir()
