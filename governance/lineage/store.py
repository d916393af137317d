"""The lineage store: one DuckDB file per workspace, written only by the flow.

Workers return small value-free rows; the flow records a run's status, files,
snapshots and updates in one transaction, so a run is either recorded complete with
everything it did, or not at all. The rows that grow with a run (its new documents,
finding counts and snapshot links, read from Parquet files in staging) are written
just before, a file or ``LINKS_PER_TRANSACTION`` links a transaction, so the memory of
the write does not grow with the run. Until the final transaction they belong to a run
still ``running``; a run that fails or dies has them removed (``discard_rows``, from
``fail_run`` and ``abandon_stale_runs``).
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from governance import faults
from governance.corpora.drops import insert_drops
from governance.errors import ConfigError, TerminalError, TransientError
from governance.lineage.rows import DOCUMENTS
from governance.records import (
    GATE_FAILED,
    Drop,
    FileOutcome,
    FileStat,
    FindingCount,
    Quarantined,
    hidden_path,
)

Row = tuple[Any, ...]
LINKS_PER_TRANSACTION = 50_000


@dataclass(frozen=True, slots=True)
class RunStart:
    run_id: str
    policy_name: str
    policy_hash: str
    policy_path: str
    policy_canonical: str
    key_id: str
    code_version: str
    runner: str
    flow_run_id: str | None = None
    # source -> treatment hash (governance.policy.identity); table run_sources, migration 0002
    treatments: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DocumentRow:
    doc_id: str
    source: str
    source_uri: str
    format: str
    language: str | None
    content_hash: str
    read_flags: str | None = None


@dataclass(frozen=True, slots=True)
class SnapshotRow:
    snapshot_id: str
    corpus: str
    kind: str
    row_count: int
    path: str
    manifest_sha256: str
    status: str


@dataclass(frozen=True, slots=True)
class ValidationRow:
    corpus: str
    suite: str
    success: bool
    evaluated: int
    failed: int
    result: dict[str, Any]


# A file whose last change is closer than this to the start of the run that hashed it is
# hashed again next time: a write in the same clock tick as the hash could go unseen.
RACY_NS = 2_000_000_000


@dataclass(slots=True)
class KnownFiles:
    """What lineage knows of each file from the last completed run that saw it.

    ``current``: (source, uri) -> (content hash, treatment hash) of the files that run
    processed or left unchanged; a file it found deleted, skipped or quarantined is not
    current, so it is processed when it comes back. ``quarantined``: the files it
    quarantined, held so while nothing that could change the verdict changes
    (``governance.ingest.discover.hold_quarantined``). ``hashes``: (source, uri) ->
    (stat, content hash) that discovery may re-use while the file's stat is the same.
    """

    current: dict[tuple[str, str], tuple[str, str]]
    hashes: dict[tuple[str, str], tuple[FileStat, str]]
    quarantined: dict[tuple[str, str], Quarantined] = field(default_factory=dict)
    # (source, uri) -> the path as shown outside lineage, from the last worker that read it
    shown: dict[tuple[str, str], str] = field(default_factory=dict)


@dataclass(slots=True)
class RunRecord:
    """Everything a run did, recorded by ``LineageStore.finish_run``."""

    run_id: str
    status: str
    files: list[FileOutcome] = field(default_factory=list)
    documents: list[DocumentRow] = field(default_factory=list)
    deleted_uris: list[tuple[str, str]] = field(default_factory=list)
    findings: list[FindingCount] = field(default_factory=list)
    # the same rows as Parquet files (lineage/rows.py), inserted without entering memory
    document_files: list[str] = field(default_factory=list)
    finding_files: list[str] = field(default_factory=list)
    snapshots: list[SnapshotRow] = field(default_factory=list)
    outputs: pa.Table | None = None
    output_files: list[str] = field(default_factory=list)  # the same, as Parquet files
    stats: dict[tuple[str, str], FileStat] = field(default_factory=dict)  # (source, uri)
    validations: list[ValidationRow] = field(default_factory=list)
    drops: list[Drop] = field(default_factory=list)
    error: str | None = None


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# The storage format lineage (and vault) files are written in: the oldest DuckDB whose CLI
# opens them (1.4 LTS and newer). DuckDB 2.0 writes its own format by default, which the
# DuckDB CLI a user installs today (1.5) refuses.
STORAGE_VERSION = "v1.4.0"
CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "storage_compatibility_version": STORAGE_VERSION
}


def _storage_version(con: duckdb.DuckDBPyConnection) -> str:
    row = con.execute(
        "SELECT tags['storage_version'] FROM duckdb_databases() "
        "WHERE database_name = current_database()"
    ).fetchone()
    return str(row[0]) if row and row[0] else ""


def rewrite_storage(path: Path) -> bool:
    """Rewrite a lineage file written in a newer storage format in ``STORAGE_VERSION``
    (copied whole into a new file, swapped in atomically); False when it already is."""
    with duckdb.connect(str(path), read_only=True, config=CONFIG) as con:
        if _storage_version(con).rstrip("+") == STORAGE_VERSION:
            return False
    tmp = path.with_name(path.name + ".rewrite")
    tmp.unlink(missing_ok=True)
    with duckdb.connect(str(path), config=CONFIG) as con:
        source = str(con.execute("SELECT current_database()").fetchone()[0])  # type: ignore[index]
        con.execute(f"ATTACH '{tmp}' AS target (STORAGE_VERSION '{STORAGE_VERSION}')")
        con.execute(f'COPY FROM DATABASE "{source}" TO target')
        con.execute("DETACH target")
    tmp.replace(path)
    return True


class LineageStore:
    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        if read_only and not path.exists():
            raise ConfigError(f"no lineage database at {path}", hint="run `govern run` first")
        try:
            if not read_only and path.exists():
                rewrite_storage(path)
            self.con = duckdb.connect(str(path), read_only=read_only, config=CONFIG)
        except duckdb.IOException as exc:
            raise TransientError(f"cannot open lineage database {path}: {exc}") from exc
        if not read_only:
            self._migrate()

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> LineageStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    def _migrate(self) -> None:
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)"
        )
        done = {r[0] for r in self.con.execute("SELECT version FROM schema_migrations").fetchall()}
        folder = resources.files("governance.lineage") / "migrations"
        for item in sorted(folder.iterdir(), key=lambda p: p.name):
            version = int(item.name.split("_", 1)[0])
            if version in done or not item.name.endswith(".sql"):
                continue
            with self.transaction() as con:
                con.execute(item.read_text(encoding="utf-8"))
                con.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)", [version, item.name, _now()]
                )

    def schema_version(self) -> int:
        row = self.con.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    # -- runs -------------------------------------------------------------------------

    def start_run(self, run: RunStart) -> None:
        """Record a run as ``running`` (its own small transaction)."""
        with self.transaction() as con:
            con.execute(
                "INSERT INTO runs (run_id, flow_run_id, policy_name, policy_hash, policy_path, "
                "key_id, code_version, runner, status, started_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running', ?)",
                [run.run_id, run.flow_run_id, run.policy_name, run.policy_hash, run.policy_path,
                 run.key_id, run.code_version, run.runner, _now()],
            )  # fmt: skip
            con.execute(
                "INSERT INTO policies VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [run.policy_hash, run.policy_name, run.policy_canonical, run.run_id],
            )
            if run.treatments:
                con.executemany(
                    "INSERT INTO run_sources VALUES (?, ?, ?)",
                    [(run.run_id, src, h) for src, h in sorted(run.treatments.items())],
                )

    def finish_run(
        self,
        record: RunRecord,
        also: Sequence[Callable[[duckdb.DuckDBPyConnection], None]] = (),
    ) -> None:
        """Write everything the run did and its final status: the rows from Parquet
        files first (``_write_ahead``), then the rest atomically with the status.

        ``also`` holds writers of other areas' tables (canaries, ...) that must commit or
        roll back with the run.
        """
        self._check_documents(record)
        self._write_ahead(record)
        faults.point("lineage:rows-written")
        with self.transaction() as con:
            for write in also:
                write(con)
            self._write_files(con, record)
            self._write_documents(con, record)
            self._write_findings(con, record.run_id, record.findings)
            self._write_snapshots(con, record)
            self._write_validations(con, record)
            insert_drops(con, record.run_id, record.drops)  # corpora area, migration 0005
            counts = {s: sum(f.state == s for f in record.files) for s in _STATES}
            con.execute(
                "UPDATE runs SET status = ?, finished_at = ?, discovered = ?, processed = ?, "
                "unchanged = ?, quarantined = ?, skipped = ?, deleted = ?, documents = ?, "
                "error = ? WHERE run_id = ?",
                [record.status, _now(), sum(counts.values()) - counts["deleted"],
                 counts["processed"], counts["unchanged"], counts["quarantined"],
                 counts["skipped"], counts["deleted"], self._document_count(con, record),
                 record.error,
                 record.run_id],
            )  # fmt: skip
            faults.point("lineage:in-transaction")
        faults.point("lineage:committed")

    def fail_run(self, run_id: str, error: str) -> None:
        with self.transaction() as con:
            failed = con.execute(
                "UPDATE runs SET status = 'failed', finished_at = ?, error = ? "
                "WHERE run_id = ? AND status = 'running' RETURNING run_id",
                [_now(), error, run_id],
            ).fetchall()
            if failed:
                discard_rows(con, [run_id])

    def abandon_stale_runs(self) -> int:
        """Runs left ``running`` by a killed process (the workspace lock is ours now):
        marked failed, and the rows they wrote ahead removed."""
        with self.transaction() as con:
            rows = con.execute(
                "UPDATE runs SET status = 'failed', error = 'interrupted: the process stopped "
                "before the run completed' WHERE status = 'running' RETURNING run_id"
            ).fetchall()
            if rows:
                discard_rows(con, [r[0] for r in rows])
        return len(rows)

    def _check_documents(self, record: RunRecord) -> None:
        """Refuse a run that produced a document id twice, before anything is written
        (without a primary-key index, migration 0007, the writer checks)."""
        rows, params = self._document_rows(self.con, record)
        if not rows:
            return
        repeated = self.con.execute(_REPEATED_DOC.format(rows=rows), params).fetchall()
        self.con.unregister("new_docs")
        if repeated:
            raise TerminalError(
                f"document id {repeated[0][0]} was produced twice in run {record.run_id}",
                hint="two files yield the same document ids: report this as a bug",
            )

    def _write_ahead(self, record: RunRecord) -> None:
        """The run's rows from Parquet files, in small transactions: documents never seen
        before, finding counts, and snapshot links (``LINKS_PER_TRANSACTION`` at a time).
        Rows a previous attempt of the same run left are removed first."""
        with self.transaction() as con:
            discard_rows(con, [record.run_id])
        now, run = _now(), record.run_id
        for path in record.document_files:
            with self.transaction() as con:
                con.execute(_INSERT_DOCS.format(rows="read_parquet(?)"), [run, run, now, now, path])
        for path in record.finding_files:
            with self.transaction() as con:
                con.execute(
                    "INSERT INTO findings SELECT ?, doc_id, target, entity_type, operator, "
                    "detector, count FROM read_parquet(?)",
                    [run, path],
                )
        for path in record.output_files:
            total = pq.ParquetFile(path).metadata.num_rows
            for start in range(0, total, LINKS_PER_TRANSACTION):
                with self.transaction() as con:
                    con.execute(
                        "INSERT INTO outputs SELECT snapshot_id, output_id, corpus, doc_id, "
                        "run_id, source_start, source_end "
                        "FROM read_parquet(?, file_row_number = true) "
                        "WHERE file_row_number >= ? AND file_row_number < ?",
                        [path, start, start + LINKS_PER_TRANSACTION],
                    )  # fmt: skip

    def _write_files(self, con: duckdb.DuckDBPyConnection, record: RunRecord) -> None:
        if not record.files:
            return
        stats = [record.stats.get((f.source, f.uri)) for f in record.files]
        table = pa.table({
            "run_id": pa.array([record.run_id] * len(record.files), pa.string()),
            "source": [f.source for f in record.files],
            "source_uri": [f.uri for f in record.files],
            "content_hash": [f.content_hash for f in record.files],
            "state": [str(f.state) for f in record.files],
            "documents": pa.array([f.documents for f in record.files], pa.int32()),
            "reason": pa.array([f.reason for f in record.files], pa.string()),
            "error_class": pa.array([f.error_class for f in record.files], pa.string()),
            "rule": pa.array([f.rule for f in record.files], pa.string()),
            "shown_uri": [f.shown_uri or hidden_path(f.source, f.uri) for f in record.files],
            **{name: pa.array([getattr(s, name) if s else None for s in stats], pa.int64())
               for name in ("size_bytes", "mtime_ns", "ctime_ns", "inode")},
        })  # fmt: skip
        con.register("new_files", table)  # one vectorized insert: 10,000 rows in milliseconds
        con.execute(
            "INSERT INTO files (run_id, source, source_uri, content_hash, state, documents, "
            "reason, error_class, rule, shown_uri, size_bytes, mtime_ns, ctime_ns, inode) "
            "SELECT * FROM new_files"
        )
        con.unregister("new_files")

    def _write_documents(self, con: duckdb.DuckDBPyConnection, record: RunRecord) -> None:
        """Upsert the run's documents: an id seen before gets the new hash, language and
        last-seen stamp, a new id is inserted (those from Parquet files already were, by
        ``_write_ahead``). The statements stream from the Parquet files."""
        now = _now()
        rows, params = self._document_rows(con, record)
        if rows:
            con.execute(
                _UPDATE_DOCS.format(rows=rows), [record.run_id, now, *params, record.run_id]
            )
            # rows from files were inserted by _write_ahead; only those held in memory remain
            con.execute(
                _INSERT_DOCS.format(rows="new_docs"), [record.run_id, record.run_id, now, now]
            )
            con.unregister("new_docs")
        for source, uri in record.deleted_uris:
            con.execute(
                "UPDATE documents SET state = 'deleted', last_seen_run = ?, last_seen_at = ? "
                "WHERE source = ? AND source_uri = ? AND state = 'active'",
                [record.run_id, now, source, uri],
            )

    @staticmethod
    def _document_rows(con: duckdb.DuckDBPyConnection, record: RunRecord) -> tuple[str, list[Any]]:
        """The run's document rows as one SQL relation and its parameters ("" if none);
        registers ``new_docs``, which the caller unregisters."""
        if not record.documents and not record.document_files:
            return "", []
        table = pa.Table.from_pylist([asdict(d) for d in record.documents], schema=DOCUMENTS)
        con.register("new_docs", table)
        if not record.document_files:
            return "new_docs", []
        return _BOTH_DOCS, [record.document_files]

    def _write_findings(
        self, con: duckdb.DuckDBPyConnection, run_id: str, findings: Sequence[FindingCount]
    ) -> None:
        if not findings:
            return
        table = pa.Table.from_pylist([{"run_id": run_id, **asdict(f)} for f in findings])
        con.register("new_findings", table)
        con.execute(
            "INSERT INTO findings SELECT run_id, doc_id, target, entity_type, operator, "
            "detector, count FROM new_findings"
        )
        con.unregister("new_findings")

    @staticmethod
    def _document_count(con: duckdb.DuckDBPyConnection, record: RunRecord) -> int:
        if not record.document_files:
            return len(record.documents)
        query = "SELECT count(*) FROM read_parquet(?)"
        row = con.execute(query, [record.document_files]).fetchone()
        return len(record.documents) + int(row[0] if row else 0)

    def _write_snapshots(self, con: duckdb.DuckDBPyConnection, record: RunRecord) -> None:
        now = _now()
        for s in record.snapshots:
            if s.status == "published":
                con.execute(
                    "UPDATE snapshots SET status = 'superseded' "
                    "WHERE corpus = ? AND status = 'published'",
                    [s.corpus],
                )
            con.execute(
                "INSERT INTO snapshots VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [s.snapshot_id, s.corpus, s.kind, record.run_id, now, s.row_count, s.path,
                 s.manifest_sha256, s.status],
            )  # fmt: skip
        insert = ("INSERT INTO outputs SELECT snapshot_id, output_id, corpus, doc_id, run_id, "
                  "source_start, source_end FROM {rows}")  # fmt: skip
        if record.outputs is not None and record.outputs.num_rows:
            con.register("new_outputs", record.outputs)
            con.execute(insert.format(rows="new_outputs"))
            con.unregister("new_outputs")

    def _write_validations(self, con: duckdb.DuckDBPyConnection, record: RunRecord) -> None:
        for v in record.validations:
            con.execute(
                "INSERT INTO validations VALUES (?, ?, ?, ?, ?, ?, ?)",
                [record.run_id, v.corpus, v.suite, v.success, v.evaluated, v.failed,
                 json.dumps(v.result)],
            )  # fmt: skip

    def record_consumer(self, snapshot_id: str, job: str, kind: str) -> str:
        """A downstream job (vector index, fine-tuning) read a snapshot; returns its id."""
        if (
            self.con.execute(
                "SELECT 1 FROM snapshots WHERE snapshot_id = ?", [snapshot_id]
            ).fetchone()
            is None
        ):
            raise ConfigError(
                f"snapshot {snapshot_id} is not in lineage",
                hint="list snapshots: govern lineage sql 'SELECT * FROM snapshots'",
            )
        consumer_id = uuid.uuid4().hex
        with self.transaction() as con:
            con.execute(
                "INSERT INTO consumers VALUES (?, ?, ?, ?, ?)",
                [consumer_id, snapshot_id, job, kind, _now()],
            )
        return consumer_id

    # -- reads ------------------------------------------------------------------------

    def known_files(self) -> KnownFiles:
        """Each file as the last completed run that saw it left it (one query over the
        history): see ``KnownFiles``."""
        rows = self.con.execute(
            "SELECT f.source, f.source_uri, f.state, f.content_hash, "
            "coalesce(rs.treatment_hash, ''), f.size_bytes, f.mtime_ns, f.ctime_ns, f.inode, "
            "epoch_ns(r.started_at), r.code_version, f.reason, f.error_class, "
            "last_value(f.shown_uri IGNORE NULLS) OVER (PARTITION BY f.source, f.source_uri "
            "ORDER BY r.started_at ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) "
            "FROM files f JOIN runs r USING (run_id) "
            "LEFT JOIN run_sources rs ON rs.run_id = f.run_id AND rs.source = f.source "
            "WHERE r.status = 'completed' OR (r.status = 'gate_failed' AND r.started_at >= "
            "(SELECT applied_at FROM schema_migrations WHERE version = 10)) "
            "QUALIFY row_number() OVER (PARTITION BY f.source, f.source_uri "
            "ORDER BY r.started_at DESC) = 1"
        ).fetchall()
        known = KnownFiles({}, {})
        for (source, uri, state, digest, treatment, size, mtime, ctime, inode, started,
             version, reason, error_class, shown) in rows:  # fmt: skip
            if shown and not shown.startswith("[file "):
                known.shown[(source, uri)] = shown
            hashed = bool(digest) and not digest.startswith("unreadable:")
            if state in ("processed", "unchanged"):
                known.current[(source, uri)] = (digest, treatment)
            elif state == "quarantined" and hashed and error_class != GATE_FAILED:
                known.quarantined[(source, uri)] = Quarantined(
                    digest, treatment, version, reason or "", error_class
                )
            if mtime is None or not hashed:
                continue
            if max(mtime, ctime) < started - RACY_NS:
                known.hashes[(source, uri)] = (FileStat(size, mtime, ctime, inode), digest)
        return known

    def published_snapshot(self, corpus: str) -> str | None:
        row = self.con.execute(
            "SELECT snapshot_id FROM snapshots WHERE corpus = ? AND status = 'published'",
            [corpus],
        ).fetchone()
        return str(row[0]) if row else None

    def query(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[Row]]:
        cursor = self.con.execute(sql, list(params))
        columns = [d[0] for d in cursor.description or []]
        return columns, cursor.fetchall()


_BOTH_DOCS = (
    "(SELECT doc_id, source, source_uri, format, language, content_hash, read_flags "
    "FROM new_docs UNION ALL SELECT doc_id, source, source_uri, format, language, "
    "content_hash, read_flags FROM read_parquet(?))"
)
_REPEATED_DOC = "SELECT doc_id FROM {rows} GROUP BY doc_id HAVING count(*) > 1 LIMIT 1"
_UPDATE_DOCS = (
    "UPDATE documents SET content_hash = n.content_hash, language = n.language, "
    "read_flags = n.read_flags, state = 'active', last_seen_run = ?, last_seen_at = ? "
    "FROM {rows} n "
    "WHERE documents.doc_id = n.doc_id AND documents.first_seen_run IS DISTINCT FROM ?"
)
_INSERT_DOCS = (
    "INSERT INTO documents SELECT n.doc_id, n.source, n.source_uri, n.format, n.language, "
    "n.content_hash, 'active', ?, ?, ?, ?, n.read_flags FROM {rows} n "
    "WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.doc_id = n.doc_id)"
)


def discard_rows(con: duckdb.DuckDBPyConnection, run_ids: Sequence[str]) -> None:
    """Remove what runs that never completed wrote ahead of their final transaction:
    their finding counts, the documents they saw first, and links to snapshots that
    were never recorded (snapshot rows are only written by a completed run)."""
    con.execute("DELETE FROM findings WHERE list_contains(?, run_id)", [list(run_ids)])
    con.execute("DELETE FROM documents WHERE list_contains(?, first_seen_run)", [list(run_ids)])
    con.execute("DELETE FROM outputs WHERE snapshot_id NOT IN (SELECT snapshot_id FROM snapshots)")


_STATES = ("processed", "unchanged", "quarantined", "skipped", "deleted")


def compact(path: Path) -> None:
    """Rewrite the lineage file with only its live rows. DuckDB leaves an updated row's old
    version in free blocks of the file until they are reused: after an erasure rewrote a
    subject's paths, the old bytes would still name the subject. The copy is swapped in
    atomically; the caller holds the workspace lock and no connection is open."""
    tmp = path.with_name(f".{path.name}.compact")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect()
    try:
        con.execute("ATTACH ? AS old (READ_ONLY)", [str(path)])
        con.execute("ATTACH ? AS new", [str(tmp)])
        con.execute("COPY FROM DATABASE old TO new")
        con.execute("DETACH new")
        con.execute("DETACH old")
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        con.close()
    os.replace(tmp, path)
