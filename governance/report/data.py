"""What the run report shows, read from lineage only (counts, ids, names: no values)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from governance.lineage.store import LineageStore, Row


@dataclass(frozen=True, slots=True)
class SnapshotDiff:
    """A corpus after this run, against the snapshot that was current before it."""

    corpus: str
    snapshot_id: str | None
    rows: int | None
    previous_id: str | None
    previous_rows: int | None
    added: int
    removed: int
    status: str


@dataclass(frozen=True, slots=True)
class Validation:
    corpus: str
    suite: str
    batch: str
    rows: int | None
    success: bool
    evaluated: int
    failed: int
    failures: tuple[str, ...]
    result: dict[str, Any]


@dataclass(slots=True)
class ReportData:
    run_id: str
    run: dict[str, Any]
    files: list[Row] = field(default_factory=list)  # source, state, files, documents
    problems: list[Row] = field(default_factory=list)  # source, uri, state, error, reason
    findings: list[Row] = field(default_factory=list)  # target, entity, operator, count
    validations: list[Validation] = field(default_factory=list)
    canaries: list[Row] = field(default_factory=list)  # target, entity, planted, survived
    diffs: list[SnapshotDiff] = field(default_factory=list)
    drops: list[Row] = field(default_factory=list)  # corpus, category, count

    @property
    def status(self) -> str:
        return str(self.run.get("status", "unknown"))


def load(store: LineageStore, run_id: str) -> ReportData:
    columns, rows = store.query("SELECT * FROM runs WHERE run_id = ?", [run_id])
    run = dict(zip(columns, rows[0], strict=True)) if rows else {}
    data = ReportData(run_id, run)
    if not rows:
        return data
    data.files = _rows(store, "SELECT source, state, count(*), coalesce(sum(documents), 0) "
                       "FROM files WHERE run_id = ? GROUP BY ALL ORDER BY ALL", run_id)  # fmt: skip
    data.problems = _rows(store, "SELECT source, coalesce(shown_uri, '[not shown: before v8]'), "
                          "state, error_class, reason FROM files "
                          "WHERE run_id = ? AND state IN ('quarantined', 'skipped') "
                          "ORDER BY ALL", run_id)  # fmt: skip
    data.findings = _rows(store, "SELECT target, entity_type, operator, "
                          "sum(count)::BIGINT FROM findings WHERE run_id = ? "
                          "GROUP BY ALL ORDER BY ALL", run_id)  # fmt: skip
    data.validations = _validations(store, run_id)
    data.canaries = _optional(store, "canaries", "SELECT target, entity_type, planted, survived "
                              "FROM canaries WHERE run_id = ? ORDER BY ALL", run_id)  # fmt: skip
    data.drops = _optional(store, "drops", "SELECT corpus, category, count(*) FROM drops "
                           "WHERE run_id = ? GROUP BY ALL ORDER BY 3 DESC", run_id)  # fmt: skip
    data.diffs = _diffs(store, run_id)
    return data


def _rows(store: LineageStore, sql: str, run_id: str) -> list[Row]:
    return store.query(sql, [run_id])[1]


def _optional(store: LineageStore, table: str, sql: str, run_id: str) -> list[Row]:
    """Tables added by later migrations: absent in an older lineage file."""
    _, found = store.query("SELECT 1 FROM information_schema.tables WHERE table_name = ?", [table])
    return _rows(store, sql, run_id) if found else []


def _validations(store: LineageStore, run_id: str) -> list[Validation]:
    from governance.quality.gate import failure_summary

    out = []
    for corpus, suite, success, evaluated, failed, result in _rows(
        store, "SELECT corpus, suite, success, evaluated, failed, result FROM validations "
        "WHERE run_id = ? ORDER BY corpus", run_id,
    ):  # fmt: skip
        data = json.loads(result) if isinstance(result, str) else dict(result)
        failures = tuple(failure_summary(data).split(": ", 1)[-1].split("; ")) if failed else ()
        batch = str(data.get("batch") or "batch")
        rows = data.get("rows") if isinstance(data.get("rows"), int) else None
        out.append(Validation(corpus, suite, batch, rows, bool(success), int(evaluated),
                              int(failed), failures, data))  # fmt: skip
    return out


def _diffs(store: LineageStore, run_id: str) -> list[SnapshotDiff]:
    started = store.query("SELECT started_at FROM runs WHERE run_id = ?", [run_id])[1][0][0]
    corpora = [r[0] for r in store.query("SELECT DISTINCT corpus FROM snapshots ORDER BY 1")[1]]
    corpora += [
        c for (c,) in _rows(store, "SELECT DISTINCT corpus FROM validations WHERE run_id = ?",
                            run_id) if c not in corpora
    ]  # fmt: skip
    return [_diff(store, corpus, run_id, started) for corpus in corpora]


def _diff(store: LineageStore, corpus: str, run_id: str, started: Any) -> SnapshotDiff:
    _, mine = store.query(
        "SELECT snapshot_id, row_count FROM snapshots WHERE corpus = ? AND run_id = ? "
        "ORDER BY created_at DESC LIMIT 1", [corpus, run_id])  # fmt: skip
    _, before = store.query(
        "SELECT snapshot_id, row_count FROM snapshots WHERE corpus = ? AND run_id <> ? "
        "AND created_at <= coalesce((SELECT max(created_at) FROM snapshots WHERE corpus = ? "
        "AND run_id = ?), ?) ORDER BY created_at DESC LIMIT 1",
        [corpus, run_id, corpus, run_id, started])  # fmt: skip
    prev_id, prev_rows = before[0] if before else (None, None)
    if not mine:
        status = _unpublished_status(store, corpus, run_id)
        return SnapshotDiff(corpus, None, None, prev_id, prev_rows, 0, 0, status)
    snap_id, rows = mine[0]
    added, removed = _changes(store, snap_id, prev_id)
    return SnapshotDiff(corpus, snap_id, rows, prev_id, prev_rows, added, removed, "published")


def _changes(store: LineageStore, snap_id: str, prev_id: str | None) -> tuple[int, int]:
    _, counts = store.query(
        "WITH new AS (SELECT output_id FROM outputs WHERE snapshot_id = ?), "
        "old AS (SELECT output_id FROM outputs WHERE snapshot_id = ?) "
        "SELECT (SELECT count(*) FROM new WHERE output_id NOT IN (SELECT output_id FROM old)), "
        "(SELECT count(*) FROM old WHERE output_id NOT IN (SELECT output_id FROM new))",
        [snap_id, prev_id or ""])  # fmt: skip
    return int(counts[0][0]), int(counts[0][1])


def _unpublished_status(store: LineageStore, corpus: str, run_id: str) -> str:
    _, failed = store.query(
        "SELECT count(*) FROM validations WHERE run_id = ? AND corpus = ? AND NOT success",
        [run_id, corpus])  # fmt: skip
    return "blocked by the quality gate" if failed[0][0] else "unchanged: no new snapshot"
