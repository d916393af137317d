"""The flows behind the deployments other than the nightly run: a full rebuild and an
erasure request, on real Prefect (test API), DuckDB and Parquet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.integration.conftest import current_rows as _rows
from tests.integration.conftest import lineage_sql as _sql

pytestmark = pytest.mark.usefixtures("prefect_api")


def _govern(policy: Path, corpus: Path, ws: Path, **extra: Any) -> dict[str, Any]:
    from flows.govern import govern

    return govern(policy_path=str(policy), workspace=str(ws), source_root=str(corpus),
                  runner="thread", **extra)  # fmt: skip


def test_full_rebuild_rereads_every_file_and_still_drops_deleted_ones(
    policy_file: Path, corpus: Path, tmp_path: Path
) -> None:
    ws = tmp_path / "ws"
    first = _govern(policy_file, corpus, ws)
    assert first["counts"] == {"processed": 5}
    before = {r["chunk_id"]: r["text"] for r in _rows(ws, "rag")}
    incremental = _govern(policy_file, corpus, ws)
    assert incremental["counts"] == {"unchanged": 5} and incremental["published"] == {}

    (corpus / "docs" / "b.md").unlink()
    rebuilt = _govern(policy_file, corpus, ws, full_rebuild=True)
    assert rebuilt["counts"] == {"processed": 4, "deleted": 1}
    assert set(rebuilt["published"]) == {"rag", "finetune"}
    after = {r["chunk_id"]: r["text"] for r in _rows(ws, "rag")}
    kept = {cid: text for cid, text in before.items() if cid in after}
    assert kept == {cid: after[cid] for cid in kept}  # same ids, same pseudonyms
    assert {r["source_uri"] for r in _rows(ws, "rag")} == {"a.md", "staff.csv", "t.jsonl", "m.eml"}
    assert {r["run_id"] for r in _rows(ws, "rag")} == {rebuilt["run_id"]}


def test_erasure_flow_removes_a_document_from_every_corpus(
    policy_file: Path, corpus: Path, tmp_path: Path
) -> None:
    from flows.erase import erase

    ws = tmp_path / "ws"
    _govern(policy_file, corpus, ws)
    [(doc_id,)] = _sql(ws, "SELECT doc_id FROM documents WHERE source_uri = 'a.md'")
    assert any(r["doc_id"] == doc_id for r in _rows(ws, "rag"))

    summary = erase(workspace=str(ws), doc_id=doc_id, reason="TICKET-42")
    assert summary["rows_removed"] > 0 and set(summary["published"]) >= {"rag"}
    assert Path(summary["certificate"]).is_file()
    for corpus_name in ("rag", "finetune"):
        assert not any(r["doc_id"] == doc_id for r in _rows(ws, corpus_name))
    assert _rows(ws, "rag"), "the other documents stay published"
