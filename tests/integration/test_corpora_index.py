"""`govern index`: a LanceDB index of a RAG snapshot, embedded with all-MiniLM-L6-v2
(bundled, offline), recorded in lineage, queried with the caller's group as a filter."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from governance import __version__
from governance.cli import main
from governance.corpora.assemble import links_of
from governance.corpora.snapshot import publish, write_snapshot
from governance.index import build_index, query_index
from governance.lineage.store import LineageStore, RunRecord, RunStart, SnapshotRow
from governance.workspace import Workspace

HR, ENG, ALL = ["hr"], ["engineering"], ["hr", "engineering", "all-staff"]
CHUNKS = [
    ("c-salary", "Salary bands are reviewed by the people team every March.", HR, 2030),
    ("c-deploy", "Deploy the billing service with the blue-green pipeline on Kubernetes.",
     ENG, 2030),
    ("c-holiday", "The office closes on public holidays and reopens the next day.", ALL, 2030),
    ("c-expired", "Deployment runbook for the billing service, old version.", HR, 2020),
]  # fmt: skip


def _row(chunk_id: str, text: str, groups: list[str], year: int) -> dict[str, Any]:
    return {"chunk_id": chunk_id, "doc_id": f"doc-{chunk_id}", "text": text, "title": None,
            "language": "en", "source_start": 0, "source_end": len(text), "pii_replaced": 0,
            "source": "docs", "source_uri": f"{chunk_id}.md", "classification": "internal",
            "allowed_groups": groups, "legal_basis": "contract",
            "retention_until": date(year, 1, 1), "policy_hash": "p" * 16, "run_id": "run-1",
            "key_id": "k1"}  # fmt: skip


@pytest.fixture(scope="module")
def labelled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace whose RAG snapshot mixes chunks with different allowed groups."""
    ws = Workspace.open(tmp_path_factory.mktemp("labelled") / "ws")
    table = pa.Table.from_pylist([_row(*c) for c in CHUNKS])
    written = write_snapshot(ws.corpus("rag"), "s1", table, "rag", {"run_id": "run-1"})
    with LineageStore(ws.lineage) as store:
        store.start_run(RunStart("run-1", "test", "p" * 16, "policy.yaml", "{}", "k1",
                                 __version__, "thread"))  # fmt: skip
        store.finish_run(RunRecord("run-1", "completed", outputs=links_of(table, "rag", "s1", "rag"),
                                   snapshots=[SnapshotRow("s1", "rag", "rag", written.row_count,
                                                          str(written.path),
                                                          written.manifest_sha256,
                                                          "published")]))  # fmt: skip
    publish(ws.corpus("rag"), "s1")
    info = build_index(ws.root, name="kb")
    assert info.rows == 4 and info.dim == 384 and info.snapshot_id == "s1"
    return ws.root


def test_a_query_returns_only_chunks_the_callers_group_may_see(labelled: Path) -> None:
    question = "How do I deploy the billing service?"
    hr = query_index(labelled, question, "hr", name="kb", k=10)
    assert {h.chunk_id for h in hr} == {"c-salary", "c-holiday"}  # not c-deploy, not expired
    assert all("hr" in h.allowed_groups for h in hr)
    eng = query_index(labelled, question, "engineering", name="kb", k=1)
    assert [h.chunk_id for h in eng] == ["c-deploy"] and eng[0].score > 0.5
    assert query_index(labelled, question, "finance", name="kb", k=10) == []


def test_the_build_is_recorded_as_a_consumer_of_the_snapshot(labelled: Path) -> None:
    con = duckdb.connect(str(labelled / "lineage.duckdb"), read_only=True)
    try:
        rows = con.execute("SELECT snapshot_id, job, kind FROM consumers").fetchall()
    finally:
        con.close()
    assert rows == [("s1", "index:kb", "vector_index")]


def test_cli_query_prints_json_hits_for_the_group(
    labelled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["index", "query", "public holidays", "--group", "engineering", "--name", "kb",
                 "--workspace", str(labelled), "-k", "2", "--json"])  # fmt: skip
    hits = json.loads(capsys.readouterr().out)
    assert code == 0 and hits[0]["chunk_id"] == "c-holiday"
    assert {h["chunk_id"] for h in hits} <= {"c-holiday", "c-deploy"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["query", "x", "--group", "hr or 1=1"], "group 'hr or 1=1' is not a valid group name"),
        (["query", "x", "--group", "hr", "--name", "missing"], "no index named 'missing'"),
        (["build", "--name", "kb", "--snapshot", "nope"], "snapshot nope of corpus 'rag' is not"),
        (["build", "--name", "Bad/Name"], "index name 'Bad/Name' is not allowed"),
    ],
)
def test_cli_errors_are_one_line_with_exit_2(
    labelled: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(["index", *argv, "--workspace", str(labelled)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
