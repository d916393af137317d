"""Per-batch lineage rows written by workers and inserted from their files."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from governance.errors import TerminalError
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


def test_a_later_run_updates_its_documents_and_adds_new_ones(tmp_path: Path) -> None:
    with LineageStore(tmp_path / "lineage.duckdb") as store:
        _start(store, "r1")
        first = write_batch_rows(tmp_path / "r1", 0, [("d1", "docs", "a.md", "md", "en", "h1"),
                                                      ("d2", "docs", "b.md", "md", "en", "h2")],
                                 [])  # fmt: skip
        store.finish_run(RunRecord("r1", "completed", document_files=[first["documents"]]))
        _start(store, "r2")
        second = write_batch_rows(tmp_path / "r2", 0, [("d2", "docs", "b.md", "md", "de", "h3"),
                                                       ("d3", "docs", "c.md", "md", "en", "h4")],
                                  [])  # fmt: skip
        store.finish_run(RunRecord("r2", "completed", document_files=[second["documents"]],
                                   deleted_uris=[("docs", "a.md")]))  # fmt: skip
        _, rows = store.query("SELECT doc_id, language, content_hash, state, first_seen_run, "
                              "last_seen_run FROM documents ORDER BY doc_id")  # fmt: skip
    assert rows == [("d1", "en", "h1", "deleted", "r1", "r2"),
                    ("d2", "de", "h3", "active", "r1", "r2"),
                    ("d3", "en", "h4", "active", "r2", "r2")]  # fmt: skip


def test_a_document_id_repeated_within_a_run_is_refused_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    rows = write_batch_rows(tmp_path / "rows", 0, [("d1", "docs", "a.md", "md", "en", "h1")], [])
    again = write_batch_rows(tmp_path / "rows", 1, [("d1", "docs", "b.md", "md", "en", "h2")], [])
    with LineageStore(tmp_path / "lineage.duckdb") as store:
        _start(store, "r1")
        record = RunRecord("r1", "completed", document_files=[rows["documents"],
                                                              again["documents"]])  # fmt: skip
        with pytest.raises(TerminalError, match="document id d1 was produced twice in run r1"):
            store.finish_run(record)
        _, left = store.query("SELECT (SELECT count(*) FROM documents), status FROM runs")
    assert left == [(0, "running")]


def test_a_version_6_lineage_file_keeps_its_rows_without_the_row_indexes(tmp_path: Path) -> None:
    path = tmp_path / "lineage.duckdb"
    with LineageStore(path) as store:
        _start(store, "r1")
        store.finish_run(RunRecord("r1", "completed", documents=[
            DocumentRow("d1", "docs", "a.md", "md", "en", "h1")]))  # fmt: skip
        store.con.execute("INSERT INTO outputs VALUES ('s1', 'o1', 'rag', 'd1', 'r1', 0, 9)")
    con = duckdb.connect(str(path))  # back to version 6, as a file written before 0007
    con.execute("DELETE FROM schema_migrations WHERE version >= 7")
    for table, key in (("documents", "doc_id"), ("outputs", "snapshot_id, output_id")):
        con.execute(f"CREATE TABLE {table}_old AS SELECT * FROM {table}")
        con.execute(f"DROP TABLE {table}")
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM {table}_old")
        con.execute(f"DROP TABLE {table}_old")
        con.execute(f"ALTER TABLE {table} ADD PRIMARY KEY ({key})")
    con.close()
    with LineageStore(path) as store:
        assert store.schema_version() == 7
        _, docs = store.query("SELECT doc_id, state FROM documents")
        _, outputs = store.query("SELECT output_id, doc_id FROM chunk_origin")
        _, keys = store.query("SELECT table_name FROM duckdb_constraints() "
                              "WHERE constraint_type = 'PRIMARY KEY' "
                              "AND table_name IN ('documents', 'outputs')")  # fmt: skip
    assert docs == [("d1", "active")] and outputs == [("o1", "d1")] and keys == []
