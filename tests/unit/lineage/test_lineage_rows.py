"""Per-batch lineage rows written by workers and inserted from their files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from governance.errors import TerminalError
from governance.lineage.rows import read_flags, write_batch_rows
from governance.lineage.store import (
    DocumentRow,
    LineageStore,
    RunRecord,
    RunStart,
    SnapshotRow,
    rewrite_storage,
)
from governance.records import FindingCount


def _start(store: LineageStore, run_id: str) -> None:
    store.start_run(RunStart(run_id, "default", "p", "policy.yaml", "{}", "k1", "0", "thread"))


def test_rows_from_files_land_like_rows_from_memory(tmp_path: Path) -> None:
    flags = read_flags({"pages": "2", "ocr_pages": "2", "ocr_confidence": "2:91", "location": "x"})
    docs = [("d1", "docs", "a.md", "md", "en", "h1", None),
            ("d2", "docs", "b.pdf", "pdf", None, "h2", flags)]  # fmt: skip
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
    assert flags == '{"ocr_confidence": "2:91", "ocr_pages": "2", "pages": "2"}'
    queries = ["SELECT doc_id, source, source_uri, format, language, content_hash, state, "
               "read_flags FROM documents ORDER BY doc_id",
               "SELECT * FROM findings ORDER BY doc_id", "SELECT documents FROM runs"]  # fmt: skip
    for query in queries:
        a = duckdb.connect(str(tmp_path / "from-files.duckdb"), read_only=True)
        b = duckdb.connect(str(tmp_path / "from-memory.duckdb"), read_only=True)
        assert a.execute(query).fetchall() == b.execute(query).fetchall() != []
        a.close()
        b.close()


def test_row_files_hold_ids_and_counts_only(tmp_path: Path) -> None:
    paths = write_batch_rows(tmp_path, 7, [("d1", "docs", "a.md", "md", "en", "h1", None)],
                             [FindingCount("d1", "rag", "PERSON", "pseudonym", "spacy", 3)])  # fmt: skip
    assert sorted(Path(p).name for p in paths.values()) == [
        "batch-00007.documents.parquet", "batch-00007.findings.parquet"]  # fmt: skip
    columns = {c for p in paths.values() for c in duckdb.sql(
        f"DESCRIBE SELECT * FROM read_parquet('{p}')").fetchall() for c in c[:1]}  # fmt: skip
    assert "text" not in columns and {"doc_id", "entity_type", "count"} <= columns


def test_a_later_run_updates_its_documents_and_adds_new_ones(tmp_path: Path) -> None:
    with LineageStore(tmp_path / "lineage.duckdb") as store:
        _start(store, "r1")
        first = write_batch_rows(tmp_path / "r1", 0, [("d1", "docs", "a.md", "md", "en", "h1", None),
                                                      ("d2", "docs", "b.md", "md", "en", "h2", None)],
                                 [])  # fmt: skip
        store.finish_run(RunRecord("r1", "completed", document_files=[first["documents"]]))
        _start(store, "r2")
        second = write_batch_rows(tmp_path / "r2", 0, [("d2", "docs", "b.md", "md", "de", "h3", None),
                                                       ("d3", "docs", "c.md", "md", "en", "h4", None)],
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
    rows = write_batch_rows(
        tmp_path / "rows", 0, [("d1", "docs", "a.md", "md", "en", "h1", None)], []
    )
    again = write_batch_rows(
        tmp_path / "rows", 1, [("d1", "docs", "b.md", "md", "en", "h2", None)], []
    )
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
        store.con.execute("INSERT INTO snapshots VALUES ('s1', 'rag', 'rag', 'r1', now(), 1, "
                          "'p', 'm', 'published')")  # fmt: skip
    con = duckdb.connect(str(path))  # back to version 6, as a file written before 0007
    con.execute("DELETE FROM schema_migrations WHERE version >= 7")
    con.execute("ALTER TABLE documents DROP COLUMN read_flags")  # added by 0011
    for table, key in (("documents", "doc_id"), ("outputs", "snapshot_id, output_id")):
        con.execute(f"CREATE TABLE {table}_old AS SELECT * FROM {table}")
        con.execute(f"DROP TABLE {table}")
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM {table}_old")
        con.execute(f"DROP TABLE {table}_old")
        con.execute(f"ALTER TABLE {table} ADD PRIMARY KEY ({key})")
    con.close()
    with LineageStore(path) as store:
        assert store.schema_version() == 11
        _, docs = store.query("SELECT doc_id, state FROM documents")
        _, outputs = store.query("SELECT output_id, doc_id FROM chunk_origin")
        _, keys = store.query("SELECT table_name FROM duckdb_constraints() "
                              "WHERE constraint_type = 'PRIMARY KEY' "
                              "AND table_name IN ('documents', 'outputs')")  # fmt: skip
    assert docs == [("d1", "active")] and outputs == [("o1", "d1")] and keys == []


def test_chunk_origin_holds_rag_chunks_and_record_origin_finetune_records(
    tmp_path: Path,
) -> None:
    with LineageStore(tmp_path / "lineage.duckdb") as store:
        _start(store, "r1")
        store.finish_run(RunRecord("r1", "completed", documents=[
            DocumentRow("d1", "docs", "a.md", "md", "en", "h1")]))  # fmt: skip
        for snapshot, kind, output in (("s1", "rag", "c1"), ("s2", "finetune", "f1")):
            store.con.execute("INSERT INTO snapshots VALUES (?, ?, ?, 'r1', now(), 1, 'p', "
                              "'m', 'published')", [snapshot, kind, kind])  # fmt: skip
            store.con.execute("INSERT INTO outputs VALUES (?, ?, ?, 'd1', 'r1', 0, 9)",
                              [snapshot, output, kind])  # fmt: skip
        _, chunks = store.query("SELECT output_id, corpus, source_uri FROM chunk_origin")
        _, records = store.query("SELECT record_id, corpus, source_uri FROM record_origin")
    assert chunks == [("c1", "rag", "a.md")]
    assert records == [("f1", "finetune", "a.md")]


def _links(path: Path, snapshot: str, run_id: str, docs: list[str]) -> str:
    con = duckdb.connect()
    values = ", ".join(f"('{snapshot}', 'o-{d}', 'rag', '{d}', '{run_id}', 0, 9)" for d in docs)
    con.execute(f"COPY (SELECT * FROM (VALUES {values}) t(snapshot_id, output_id, corpus, doc_id, "
                f"run_id, source_start, source_end)) TO '{path}'")  # fmt: skip
    con.close()
    return str(path)


def _record(tmp_path: Path, run_id: str, docs: list[str], snapshot: str) -> RunRecord:
    rows = write_batch_rows(tmp_path / run_id, 0, [(d, "docs", f"{d}.md", "md", "en", "h", None)
                                                   for d in docs],
                            [FindingCount(d, "rag", "PERSON", "pseudonym", "spacy", 1)
                             for d in docs])  # fmt: skip
    record = RunRecord(run_id, "completed", document_files=[rows["documents"]],
                       finding_files=[rows["findings"]],
                       output_files=[_links(tmp_path / run_id / "links.parquet", snapshot,
                                            run_id, docs)])  # fmt: skip
    record.snapshots = [SnapshotRow(snapshot, "rag", "rag", len(docs), "/x", "sha", "published")]
    return record


def _counts(store: LineageStore) -> tuple[int, ...]:
    _, rows = store.query("SELECT (SELECT count(*) FROM documents), "
                          "(SELECT count(*) FROM findings), (SELECT count(*) FROM outputs)")  # fmt: skip
    return tuple(rows[0])


def _failing_writer(con: duckdb.DuckDBPyConnection) -> None:
    raise RuntimeError("stopped inside the final transaction")


@pytest.mark.parametrize("recovery", ["fail_run", "abandon_stale_runs"])
def test_rows_written_ahead_by_a_run_that_never_completes_are_removed(
    tmp_path: Path, recovery: str
) -> None:
    with LineageStore(tmp_path / "lineage.duckdb") as store:
        _start(store, "r1")
        store.finish_run(_record(tmp_path, "r1", ["d1", "d2"], "s1"))
        _start(store, "r2")
        with pytest.raises(RuntimeError):
            store.finish_run(_record(tmp_path, "r2", ["d2", "d3", "d4"], "s2"),
                             also=[_failing_writer])  # fmt: skip
        assert _counts(store) == (4, 5, 5)  # written ahead, the run still running
        if recovery == "fail_run":
            store.fail_run("r2", "RuntimeError")
        else:
            assert store.abandon_stale_runs() == 1
        assert _counts(store) == (2, 2, 2)
        _, rows = store.query("SELECT doc_id, last_seen_run FROM documents ORDER BY 1")
        assert rows == [("d1", "r1"), ("d2", "r1")]
        _, runs = store.query("SELECT run_id, status FROM runs ORDER BY run_id")
        assert runs == [("r1", "completed"), ("r2", "failed")]


def test_links_are_written_in_chunks_and_a_retried_finish_does_not_repeat_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("governance.lineage.store.LINKS_PER_TRANSACTION", 2)
    docs = [f"d{i}" for i in range(7)]
    with LineageStore(tmp_path / "lineage.duckdb") as store:
        _start(store, "r1")
        record = _record(tmp_path, "r1", docs, "s1")
        with pytest.raises(RuntimeError):
            store.finish_run(record, also=[_failing_writer])
        store.finish_run(record)  # the same run, again: rows written ahead are replaced
        assert _counts(store) == (7, 7, 7)
        _, rows = store.query("SELECT list(output_id ORDER BY output_id) FROM outputs")
        assert rows[0][0] == sorted(f"o-{d}" for d in docs)
        _, runs = store.query("SELECT status, documents FROM runs")
        assert runs == [("completed", 7)]


def _duckdb_cli(path: Path, sql: str) -> subprocess.CompletedProcess[str]:
    """The DuckDB command line a user installs (duckdb-cli 1.5.6 from the lock)."""
    cli = Path(sys.executable).parent / "duckdb"
    assert cli.is_file(), "duckdb-cli is installed from requirements.lock"
    return subprocess.run([str(cli), "-csv", str(path), "-c", sql],
                          capture_output=True, text=True, timeout=60, check=False)  # fmt: skip


def test_the_duckdb_cli_users_install_reads_lineage_and_old_files_are_rewritten(
    tmp_path: Path,
) -> None:
    path = tmp_path / "lineage.duckdb"
    con = duckdb.connect(str(path))  # a file as DuckDB 2.0 writes it by default
    con.execute("CREATE TABLE kept (x INTEGER)")
    con.execute("INSERT INTO kept VALUES (7)")
    con.close()
    refused = _duckdb_cli(path, "SELECT x FROM kept")
    assert refused.returncode != 0  # the CLI cannot read DuckDB 2.0's own format
    with LineageStore(path) as store:
        _start(store, "r1")
        store.finish_run(RunRecord("r1", "completed"))
    assert not rewrite_storage(path)  # once rewritten, it stays
    done = _duckdb_cli(path, "SELECT (SELECT x FROM kept) AS x, status FROM runs")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["x,status", "7,completed"]


def test_the_vault_is_written_in_the_same_storage_format_as_lineage(tmp_path: Path) -> None:
    from governance.privacy.transform import vault

    path = tmp_path / "vault.duckdb"
    duckdb.connect(str(path)).close()  # a vault file as DuckDB 2.0 writes it by default
    assert _duckdb_cli(path, "SELECT 1").returncode != 0
    vault.connect(path).close()
    done = _duckdb_cli(path, "SELECT count(*) AS n FROM information_schema.tables")
    assert done.returncode == 0, done.stderr
    fresh = tmp_path / "fresh.duckdb"
    vault.connect(fresh).close()
    assert _duckdb_cli(fresh, "SELECT 1 AS one").stdout.split() == ["one", "1"]
