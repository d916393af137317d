"""The flow on a local Dask cluster and on a local Ray instance publishes the same corpora
as the default process pool.

The corpus spans two batches, so every runner really spreads work over two workers,
each of which builds its own analyzer and resolves the key from the environment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from governance.lineage.store import LineageStore
from tests.integration.conftest import write_corpus

pytestmark = pytest.mark.usefixtures("prefect_api")

PEOPLE = [("Grace Hall", "grace.hall@outlook.com"), ("Daniel Price", "d.price@yahoo.com"),
          ("Lucía Martín", "lucia.martin@gmail.com"), ("Omar Haddad", "omar.h@proton.me")]  # fmt: skip
EXTRA_DOCS = 70  # with the 5 base files: more than one batch of 64 files
RUN_COLUMNS = {"run_id"}  # differs by design; everything else must match


def _two_batch_corpus(root: Path) -> Path:
    write_corpus(root)
    for i in range(EXTRA_DOCS):
        name, email = PEOPLE[i % len(PEOPLE)]
        (root / "docs" / f"note-{i:03d}.md").write_text(
            f"# Note {i}\n\nMeeting {i} was run by {name}. Questions to {email}, room {100 + i}.\n"
        )
    return root


def _run(policy: Path, corpus: Path, workspace: Path, runner: str) -> dict[str, Any]:
    from flows.govern import govern

    return govern(policy_path=str(policy), workspace=str(workspace), source_root=str(corpus),
                  runner=runner)  # fmt: skip


def _corpus(workspace: Path, name: str, id_column: str) -> list[dict[str, Any]]:
    folder = workspace / "corpora" / name
    snapshot = folder / (folder / "CURRENT").read_text().strip()
    rows = pq.read_table(sorted(snapshot.glob("part-*.parquet"))).to_pylist()
    return sorted(
        ({k: v for k, v in r.items() if k not in RUN_COLUMNS} for r in rows),
        key=lambda r: r[id_column],
    )


@pytest.mark.parametrize("runner", ["dask", "ray"])
def test_runner_publishes_the_same_corpora_as_the_process_pool(
    policy_file: Path, tmp_path: Path, runner: str
) -> None:
    corpus = _two_batch_corpus(tmp_path / "sources")
    default = _run(policy_file, corpus, tmp_path / "ws-process", "process")
    other = _run(policy_file, corpus, tmp_path / "ws-other", runner)
    assert default["status"] == other["status"] == "completed"
    assert default["counts"] == other["counts"] == {"processed": 5 + EXTRA_DOCS}
    with LineageStore(tmp_path / "ws-other" / "lineage.duckdb", read_only=True) as store:
        assert store.query("SELECT runner FROM runs")[1] == [(runner,)]
    for name, id_column in (("rag", "chunk_id"), ("finetune", "record_id")):
        by_process = _corpus(tmp_path / "ws-process", name, id_column)
        by_other = _corpus(tmp_path / "ws-other", name, id_column)
        assert len(by_process) >= EXTRA_DOCS
        assert [r[id_column] for r in by_other] == [r[id_column] for r in by_process]
        assert by_other == by_process  # same pseudonyms, labels, spans: every column
    rag_text = " ".join(r["text"] for r in _corpus(tmp_path / "ws-other", "rag", "chunk_id"))
    assert "<PERSON_" in rag_text and "Grace Hall" not in rag_text


def test_dask_runner_uses_an_existing_scheduler_by_address(
    policy_file: Path, corpus: Path, tmp_path: Path
) -> None:
    from distributed import LocalCluster

    threaded = _run(policy_file, corpus, tmp_path / "ws-thread", "thread")
    # An already-running scheduler reached over TCP, as a platform team would provide
    # (its worker runs in this process to keep the test light).
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp://",
                      host="127.0.0.1", dashboard_address=None) as cluster:  # fmt: skip
        address = cluster.scheduler_address
        remote = _run(policy_file, corpus, tmp_path / "ws-remote", f"dask:{address}")
        executed = sum(w.state.executed_count for w in cluster.workers.values())
    assert address.startswith("tcp://127.0.0.1:")
    assert executed >= 1  # the batch ran on the cluster's worker
    assert remote["counts"] == threaded["counts"] == {"processed": 5}
    assert _corpus(tmp_path / "ws-remote", "rag", "chunk_id") == _corpus(
        tmp_path / "ws-thread", "rag", "chunk_id"
    )
