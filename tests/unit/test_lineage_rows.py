"""Per-batch lineage rows written by workers and inserted from their files."""

from __future__ import annotations

from pathlib import Path

import duckdb

from governance.lineage.rows import write_batch_rows
from governance.lineage.store import DocumentRow, LineageStore, RunRecord, RunStart
from governance.records import FindingCount


def _start(store: LineageStore, run_id: str) -> None:
    store.start_run(RunStart(run_id, "default", "p", "policy.yaml", "{}", "k1", "0", "thread"))


def test_rows_from_files_land_like_rows_from_memory(tmp_path: Path) -> None:
    docs = [("d1", "docs", "a.md", "md", "en", "h1"), ("d2", "docs", "b.md", "md", None, "h2")]
    found = [FindingCount("d1", "rag", "PERSON", "pseudonym", "spacy", 2),
             FindingCount("d2", "rag", "EMAIL_ADDRESS", "pseudonym", "pattern", 1)]  # fmt: skip
    files = [write_batch_rows(tmp_path / "rows", 0, docs[:1], found[:1]),
             write_batch_rows(tmp_path / "rows", 1, docs[1:], found[1:]),
             write_batch_rows(tmp_path / "rows", 2, [], [])]  # fmt: skip
    with LineageStore(tmp_path / "from-files.duckdb") as store:
        _start(store, "r1")
        store.finish_run(RunRecord("r1", "completed",
                                   document_files=[f["documents"] for f in files],
                                   finding_files=[f["findings"] for f in files]))  # fmt: skip
    with LineageStore(tmp_path / "from-memory.duckdb") as store:
        _start(store, "r1")
        store.finish_run(RunRecord("r1", "completed", documents=[DocumentRow(*d) for d in docs],
                                   findings=found))  # fmt: skip
    queries = ["SELECT doc_id, source, source_uri, format, language, content_hash, state "
               "FROM documents ORDER BY doc_id",
               "SELECT * FROM findings ORDER BY doc_id", "SELECT documents FROM runs"]  # fmt: skip
    for query in queries:
        a = duckdb.connect(str(tmp_path / "from-files.duckdb"), read_only=True)
        b = duckdb.connect(str(tmp_path / "from-memory.duckdb"), read_only=True)
        assert a.execute(query).fetchall() == b.execute(query).fetchall() != []
        a.close()
        b.close()


def test_row_files_hold_ids_and_counts_only(tmp_path: Path) -> None:
    paths = write_batch_rows(tmp_path, 7, [("d1", "docs", "a.md", "md", "en", "h1")],
                             [FindingCount("d1", "rag", "PERSON", "pseudonym", "spacy", 3)])  # fmt: skip
    assert sorted(Path(p).name for p in paths.values()) == [
        "batch-00007.documents.parquet", "batch-00007.findings.parquet"]  # fmt: skip
    columns = {c for p in paths.values() for c in duckdb.sql(
        f"DESCRIBE SELECT * FROM read_parquet('{p}')").fetchall() for c in c[:1]}  # fmt: skip
    assert "text" not in columns and {"doc_id", "entity_type", "count"} <= columns
