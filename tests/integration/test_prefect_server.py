"""The deployments of prefect.yaml on a real Prefect server, a process work pool and a worker.

One server for the module (``prefect server start``, SQLite in its own PREFECT_HOME);
the documented commands create the pool and deploy; a run is created through the REST
API and picked up by ``prefect worker start``. The policy's key lives in a Prefect
Secret block on that server, so the worker has no key in its environment at all.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest

from flows.deployments import load_specs, workspace_queues
from tests.conftest import DEFAULT_POLICY, REPO
from tests.integration.conftest import lineage_sql as _sql
from tests.integration.conftest import write_corpus
from tests.integration.prefect_server import PrefectServer, free_port

SECRET_BLOCK = "govern-test-pseudonym-key"
VAULT_BLOCK = "govern-test-vault-key"
POOL, QUEUE = "govern", "workspace-default"
EXTRA_DOCS = 70  # 75 files: two batches of at most 64 (the run's batch_files)


@dataclass(frozen=True)
class DeployedRun:
    server: PrefectServer
    key: str
    vault_key: str
    flow_run: dict[str, Any]
    workspace: Path
    deploy_output: str
    run_logs: list[str]


def _secret_policy(path: Path) -> Path:
    """The default policy with both keys in Secret blocks: pseudonyms and the RAG vault."""
    text = DEFAULT_POLICY.read_text()
    env_ref, rag = "key: {env: GOVERN_PSEUDONYM_KEY}", "  rag:\n    kind: rag\n"
    assert env_ref in text and rag in text
    text = text.replace(env_ref, f"key: {{prefect_secret: {SECRET_BLOCK}}}")
    path.write_text(text.replace(rag, f"{rag}    vault: {{prefect_secret: {VAULT_BLOCK}}}\n"))
    return path


def _two_batch_corpus(root: Path) -> Path:
    """The tiny corpus plus enough notes for two batches: the worker's run uses its
    process pool, whose workers resolve both keys from the Secret blocks themselves."""
    write_corpus(root)
    for i in range(EXTRA_DOCS):
        (root / "docs" / f"note-{i:03d}.md").write_text(
            f"# Note {i}\n\nAsk Grace Hall (grace.hall@outlook.com) about item {i}.\n"
        )
    return root


def _save_secret(server: PrefectServer, name: str, value: str) -> None:
    from prefect.blocks.system import Secret
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: server.api_url}):
        Secret(value=value).save(name, overwrite=True)


def _checked(proc: Any, what: str) -> str:
    output = str(proc.stdout) + str(proc.stderr)
    assert proc.returncode == 0, f"{what} failed:\n{output[-4000:]}"
    return output


@pytest.fixture(scope="module")
def deployed_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DeployedRun]:
    root = tmp_path_factory.mktemp("prefect-server")
    home = root / "prefect-home"
    home.mkdir()
    server = PrefectServer(home=home, port=free_port(), repo=REPO)
    key, vault_key = "sk-" + secrets.token_hex(24), "vk-" + secrets.token_hex(24)
    try:
        server.start()
        _checked(server.cli("work-pool", "create", POOL, "--type", "process"), "work-pool create")
        _checked(server.cli("work-queue", "create", QUEUE, "--pool", POOL, "--limit", "1"),
                 "work-queue create")  # fmt: skip
        for other in set(workspace_queues(load_specs()).values()) - {QUEUE}:  # same, by API
            server.api("POST", f"/work_pools/{POOL}/queues",
                       {"name": other, "concurrency_limit": 1})  # fmt: skip
        deployed = _checked(server.cli("deploy", "--all"), "prefect deploy --all")
        _save_secret(server, SECRET_BLOCK, key)
        _save_secret(server, VAULT_BLOCK, vault_key)
        server.start_worker(POOL, server.env)
        workspace = root / "govern-data"
        run_id = server.run_deployment("govern", "nightly-default", {
            "policy_path": str(_secret_policy(root / "policy.yaml")),
            "workspace": str(workspace),
            "source_root": str(_two_batch_corpus(root / "sources")),
            "batch_files": 64,
        })  # fmt: skip
        flow_run = server.wait_flow_run(run_id)
        logs = server.flow_run_logs(run_id)
        yield DeployedRun(server, key, vault_key, flow_run, workspace, deployed, logs)
    finally:
        server.stop()


def _corpus(workspace: Path, name: str) -> list[dict[str, Any]]:
    folder = workspace / "corpora" / name
    snapshot = folder / (folder / "CURRENT").read_text().strip()
    return pq.read_table(sorted(snapshot.glob("part-*.parquet"))).to_pylist()


def test_prefect_deploy_all_creates_every_deployment_of_prefect_yaml(
    deployed_run: DeployedRun,
) -> None:
    server = deployed_run.server
    deployed = {(d["name"], d["work_pool_name"], d["work_queue_name"])
                for d in server.api("POST", "/deployments/filter", {})}  # fmt: skip
    declared = {(s.name, s.work_pool, s.work_queue) for s in load_specs()}
    assert ("nightly-default", POOL, QUEUE) in declared
    assert deployed == declared
    queues = server.api("POST", f"/work_pools/{POOL}/queues/filter", {})
    limits = {q["name"]: q["concurrency_limit"] for q in queues}
    assert {s.work_queue for s in load_specs()} <= set(limits)
    assert all(limits[s.work_queue] == 1 for s in load_specs())
    nightly = server.api("GET", "/deployments/name/govern/nightly-default")
    assert [s["schedule"]["cron"] for s in nightly["schedules"]] == ["0 2 * * *"]
    assert nightly["parameters"]["policy_path"] == "policies/default.yaml"
    rebuild = server.api("GET", "/deployments/name/govern/full-rebuild-default")
    assert rebuild["parameters"]["full_rebuild"] is True and rebuild["schedules"] == []


def test_worker_runs_the_deployment_and_publishes_corpora_with_lineage(
    deployed_run: DeployedRun,
) -> None:
    run = deployed_run.flow_run
    assert run["state_type"] == "COMPLETED", deployed_run.server.processes[-1].tail()
    ws = deployed_run.workspace
    rag, finetune = _corpus(ws, "rag"), _corpus(ws, "finetune")
    assert rag and finetune
    assert not any("Jane Cooper" in r["text"] for r in rag)
    assert any("<PERSON_" in r["text"] for r in rag)
    runs = _sql(ws, "SELECT run_id, status, flow_run_id, runner FROM runs")
    assert [(status, flow_run_id, runner) for _, status, flow_run_id, runner in runs] == [
        ("completed", run["id"], "process")
    ]
    assert {r["run_id"] for r in rag} == {runs[0][0]}
    files = _sql(ws, "SELECT state, count(*) FROM files GROUP BY state")
    assert files == [("processed", 5 + EXTRA_DOCS)]
    assert not any("Grace Hall" in r["text"] for r in rag)
    assert any("in 2 batches" in line for line in deployed_run.run_logs)


def test_keys_come_from_secret_blocks_and_are_nowhere_in_the_server_or_logs(
    deployed_run: DeployedRun,
) -> None:
    from governance.privacy.transform.keys import key_id

    ws = deployed_run.workspace
    assert deployed_run.flow_run["state_type"] == "COMPLETED"
    assert _sql(ws, "SELECT key_id FROM runs") == [(key_id(deployed_run.key.encode()),)]
    vault = duckdb.connect(str(ws / "vault.duckdb"), read_only=True)
    try:  # originals sealed under the vault key from its block: it was resolved and used
        assert vault.execute("SELECT count(*) FROM vault").fetchone()[0] > 0  # type: ignore[index]
    finally:
        vault.close()
    server = deployed_run.server
    scanned = [p for p in server.home.rglob("*") if p.is_file()]
    scanned += [p for p in ws.rglob("*") if p.is_file()]
    assert any(p.name.startswith("prefect.db") for p in scanned)
    assert {p.name for p in server.logs()} <= {p.name for p in scanned}
    haystack = b"".join(p.read_bytes() for p in scanned)
    # The scan reads what it should: the block's name and the run's parameters are there.
    assert SECRET_BLOCK.encode() in haystack and str(ws).encode() in haystack
    for key in (deployed_run.key, deployed_run.vault_key):
        assert key.encode() not in haystack
        assert not any(key in line for line in deployed_run.run_logs)
        assert key not in deployed_run.deploy_output
