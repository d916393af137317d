"""An erasure in lineage: one transaction, and the certificate rebuilt from it.

The transaction supersedes each replaced snapshot with its erasure snapshot, copies
the surviving output links, marks purged snapshots and erased documents, and records
what was asked, what went and which consumers read an affected snapshot. The
certificate is a pure function of these rows, so it can be written again at any time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import duckdb
import pyarrow as pa

from governance import __version__
from governance.erasure.subject import Subject
from governance.lineage.queries import records
from governance.lineage.store import LineageStore


@dataclass(frozen=True, slots=True)
class Replacement:
    corpus: str
    kind: str
    old_snapshot: str
    new_snapshot: str
    path: str
    row_count: int
    manifest_sha256: str
    rows_removed: int


@dataclass(slots=True)
class ErasureRecord:
    erasure_id: str
    kind: str  # doc | source | subject
    target: str
    reason: str | None
    certificate: str
    subject_digest: str | None = None
    key_id: str | None = None
    documents: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    replaced: list[Replacement] = field(default_factory=list)
    purged: list[tuple[str, str, int]] = field(default_factory=list)  # corpus, id, rows
    removed: pa.Table | None = None  # corpus, output_id, doc_id
    tokens: list[str] = field(default_factory=list)
    vault_entries: int | None = None


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def write_erasure(store: LineageStore, rec: ErasureRecord, subject: Subject | None = None) -> None:
    removed = rec.removed if rec.removed is not None else pa.table(
        {"corpus": pa.array([], pa.string()), "output_id": pa.array([], pa.string()),
         "doc_id": pa.array([], pa.string())})  # fmt: skip
    with store.transaction() as con:
        con.register("erased_rows", removed)
        try:
            _write(con, rec)
            if subject is not None:
                _rewrite_paths(con, subject)
        finally:
            con.unregister("erased_rows")


def _write(con: duckdb.DuckDBPyConnection, rec: ErasureRecord) -> None:
    eid = rec.erasure_id
    for r in rec.replaced:
        _replace_snapshot(con, eid, r)
    for corpus, snapshot_id, rows in rec.purged:
        con.execute("UPDATE snapshots SET status = 'purged' WHERE snapshot_id = ?", [snapshot_id])
        con.execute("INSERT INTO erasure_snapshots VALUES (?, ?, ?, 'purged', NULL, ?)",
                    [eid, corpus, snapshot_id, rows])  # fmt: skip
    docs = [d[0] for d in rec.documents]
    if rec.kind in ("doc", "source") and docs:
        con.execute("UPDATE documents SET state = 'erased' WHERE list_contains(?, doc_id)", [docs])
    if rec.documents:
        con.executemany("INSERT INTO erasure_documents VALUES (?, ?, ?, ?)",
                        [[eid, *d] for d in rec.documents])  # fmt: skip
    con.execute("INSERT INTO erasure_outputs SELECT DISTINCT ?, corpus, output_id, doc_id "
                "FROM erased_rows", [eid])  # fmt: skip
    if rec.tokens:
        con.executemany("INSERT INTO erasure_tokens VALUES (?, ?)", [[eid, t] for t in rec.tokens])
    _notify_consumers(con, rec, docs)
    con.execute(
        "INSERT INTO erasures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [eid, rec.kind, rec.target, rec.subject_digest, rec.key_id, rec.reason, _now(),
         __version__, len(rec.documents), _count(con, eid), len(rec.replaced),
         len(rec.purged), rec.vault_entries, rec.certificate],
    )  # fmt: skip


PATH_COLUMNS = (("files", "source_uri"), ("files", "shown_uri"), ("documents", "source_uri"),
                ("erasure_documents", "source_uri"))  # fmt: skip


def _rewrite_paths(con: duckdb.DuckDBPyConnection, subject: Subject) -> None:
    """Every path lineage keeps that names the subject gets the request's mark instead
    (``hr/<ERASED_3f9a2c1d0b7e>_cv.pdf``): paths are data, and lineage keeps source paths
    for tracing only until a subject asks to be forgotten. A file still at its path is
    read as a new file by the next run, under the erasure's hold."""
    pattern = "(?i)" + subject.loose_pattern
    for table, column in PATH_COLUMNS:
        sql = f"UPDATE {table} SET {column} = regexp_replace({column}, ?, ?, 'g') WHERE regexp_matches({column}, ?)"  # noqa: E501, S608  (names from PATH_COLUMNS)
        con.execute(sql, [pattern, subject.erased_mark, pattern])


def _count(con: duckdb.DuckDBPyConnection, eid: str) -> int:
    row = con.execute("SELECT count(*) FROM erasure_outputs WHERE erasure_id = ?", [eid]).fetchone()
    return int(row[0]) if row else 0


def _replace_snapshot(con: duckdb.DuckDBPyConnection, eid: str, r: Replacement) -> None:
    con.execute("UPDATE snapshots SET status = 'superseded' WHERE corpus = ? AND status = "
                "'published'", [r.corpus])  # fmt: skip
    con.execute(
        "INSERT INTO snapshots (snapshot_id, corpus, kind, run_id, created_at, row_count, path, "
        "manifest_sha256, status) SELECT ?, corpus, kind, run_id, ?, ?, ?, ?, 'published' "
        "FROM snapshots WHERE snapshot_id = ?",
        [r.new_snapshot, _now(), r.row_count, r.path, r.manifest_sha256, r.old_snapshot],
    )
    con.execute(
        "INSERT INTO outputs SELECT ?, o.output_id, o.corpus, o.doc_id, o.run_id, o.source_start, "
        "o.source_end FROM outputs o WHERE o.snapshot_id = ? AND NOT EXISTS (SELECT 1 FROM "
        "erased_rows e WHERE e.corpus = o.corpus AND e.output_id = o.output_id)",
        [r.new_snapshot, r.old_snapshot],
    )
    con.execute("INSERT INTO erasure_snapshots VALUES (?, ?, ?, 'replaced', ?, ?)",
                [eid, r.corpus, r.old_snapshot, r.new_snapshot, r.rows_removed])  # fmt: skip


def _notify_consumers(con: duckdb.DuckDBPyConnection, rec: ErasureRecord, docs: list[str]) -> None:
    """Consumers of any snapshot that held an erased row (also snapshots long pruned)."""
    touched = [r.old_snapshot for r in rec.replaced] + [p[1] for p in rec.purged]
    con.execute(
        "INSERT INTO erasure_consumers SELECT DISTINCT ?, c.consumer_id, c.snapshot_id, c.job, "
        "c.kind FROM consumers c WHERE list_contains(?, c.snapshot_id) OR c.snapshot_id IN ("
        "SELECT o.snapshot_id FROM outputs o JOIN erased_rows e ON e.corpus = o.corpus AND "
        "e.output_id = o.output_id) OR (? AND c.snapshot_id IN (SELECT snapshot_id FROM outputs "
        "WHERE list_contains(?, doc_id)))",
        [rec.erasure_id, touched, rec.kind in ("doc", "source"), docs],
    )


# The path of a lineage row's file as shown outside lineage (files.shown_uri, lineage v8),
# else its id; a certificate is handed on, so it never carries a source path.
SHOWN_URI = (
    "coalesce((SELECT any_value(f.shown_uri) FROM files f WHERE f.source = {t}.source "
    "AND f.source_uri = {t}.source_uri AND f.shown_uri NOT LIKE '[file %'), "
    "'[file ' || substr(sha256({t}.source || chr(31) || {t}.source_uri), 1, 16) || ']')"
)


_CERT_DOCUMENTS = f"SELECT doc_id, source, {SHOWN_URI.format(t='d')} AS shown_uri FROM erasure_documents d WHERE erasure_id = ? ORDER BY ALL"  # noqa: E501, S608


def certificate(store: LineageStore, erasure_id: str) -> dict[str, Any]:
    """What an erasure removed, from lineage: ids and counts, no personal value."""
    head = records(store, "SELECT * FROM erasures WHERE erasure_id = ?", [erasure_id])[0]
    q = [erasure_id]
    outputs = records(
        store,
        "SELECT corpus, list(output_id ORDER BY output_id) AS ids FROM erasure_outputs "
        "WHERE erasure_id = ? GROUP BY corpus ORDER BY corpus",
        q,
    )
    return {
        "certificate": "erasure",
        **{
            k: head[k]
            for k in (
                "erasure_id",
                "kind",
                "target",
                "subject_digest",
                "key_id",
                "reason",
                "requested_at",
                "code_version",
            )
        },
        "documents": records(
            store,
            _CERT_DOCUMENTS,
            q,
        ),
        "rows_removed": {o["corpus"]: len(o["ids"]) for o in outputs},
        "output_ids": {o["corpus"]: o["ids"] for o in outputs},
        "snapshots": records(
            store,
            "SELECT corpus, snapshot_id, action, replacement_id, "
            "rows_removed FROM erasure_snapshots WHERE erasure_id = ? "
            "ORDER BY ALL",
            q,
        ),
        "vault_entries_deleted": head["vault_entries"],
        "consumers_to_rebuild": records(
            store,
            (
                "SELECT e.job, e.kind, e.snapshot_id, c.consumed_at, CASE e.kind WHEN 'finetune' "
                "THEN 'retrain' WHEN 'vector_index' THEN 'rebuild index' ELSE 'rebuild' END "
                "AS action FROM erasure_consumers e JOIN consumers c USING (consumer_id) "
                "WHERE e.erasure_id = ? ORDER BY c.consumed_at"
            ),
            q,
        ),
        "tokens_searched": len(
            records(store, "SELECT token FROM erasure_tokens WHERE erasure_id = ?", q)
        ),
    }


def certificate_json(store: LineageStore, erasure_id: str) -> str:
    return json.dumps(certificate(store, erasure_id), indent=2, default=str, sort_keys=True)
