"""After the batches: validate each corpus, publish what passed, record the run.

Order matters for crash safety: snapshot folders are written first (invisible until
CURRENT names them), then lineage records the whole run in one transaction, then
CURRENT is swapped. A run killed before the transaction leaves no complete run and no
new CURRENT; ``reconcile`` repairs a CURRENT left behind after the transaction.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from governance import __version__
from governance.context import RunContext, policy_of
from governance.corpora.schemas import ID_COLUMN
from governance.corpora.snapshot import (
    carry_forward,
    current_table,
    new_snapshot_id,
    publish,
    read_parts,
    write_snapshot,
)
from governance.errors import TerminalError
from governance.ingest.discover import Plan
from governance.lineage.store import LineageStore, RunRecord, SnapshotRow, ValidationRow
from governance.policy.model import Target
from governance.quality import validate_table
from governance.records import FileOutcome, FileState
from governance.report import write_report
from governance.unit import BatchResult
from governance.workspace import Workspace

EXPECTATIONS_DIR = Path(__file__).resolve().parent.parent / "expectations"


@dataclass(slots=True)
class RunSummary:
    run_id: str
    status: str
    counts: dict[str, int]
    published: dict[str, str] = field(default_factory=dict)
    blocked: dict[str, str] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    report: str | None = None

    @property
    def exit_code(self) -> int:
        return 1 if self.status == "gate_failed" else 0


def outcomes(plan: Plan, results: Sequence[BatchResult]) -> list[FileOutcome]:
    done = [f for r in results for f in r.files]
    unchanged = [
        FileOutcome(f.source, f.uri, f.content_hash, FileState.UNCHANGED) for f in plan.unchanged
    ]
    deleted = [FileOutcome(s, u, "", FileState.DELETED) for s, u in plan.deleted]
    return [*done, *unchanged, *plan.skipped, *deleted]


def finalize(
    ctx: RunContext, plan: Plan, results: Sequence[BatchResult], flow_run_id: str | None = None
) -> RunSummary:
    policy = policy_of(ctx.config)
    ws = Workspace.open(ctx.config.workspace)
    files = outcomes(plan, results)
    record = RunRecord(run_id=ctx.run_id, status="completed", files=files,
                       deleted_uris=list(plan.deleted))  # fmt: skip
    record.documents = [d for r in results for d in r.documents]
    record.findings = [f for r in results for f in r.findings]
    summary = RunSummary(ctx.run_id, "completed", dict(Counter(str(f.state) for f in files)))
    replaced = {f.uri for f in plan.to_process} | {u for _, u in plan.deleted}
    staged_outputs: list[pa.Table] = []
    changed = bool(plan.to_process or plan.deleted)
    for name, target in policy.targets.items():
        paths = [Path(r.staged[name]) for r in results if name in r.staged]
        ok = _validate(ctx, name, target, paths, record=record, ws=ws)
        if not ok:
            summary.blocked[name] = "failed validation: see quarantine and the report"
            continue
        if not changed:
            continue
        table = _assemble(ws, name, target, paths, replaced)
        written = write_snapshot(ws.corpus(name), _snapshot_id(ctx), table, target.kind, {
            "run_id": ctx.run_id, "policy_hash": ctx.policy_hash, "corpus": name,
            "code_version": __version__})  # fmt: skip
        record.snapshots.append(SnapshotRow(written.snapshot_id, name, target.kind,
                                            written.row_count, str(written.path),
                                            written.manifest_sha256, "published"))  # fmt: skip
        staged_outputs.append(_output_links(table, name, written.snapshot_id, target.kind))
        summary.published[name] = written.snapshot_id
        summary.rows[name] = written.row_count
    if summary.blocked and policy.quality.on_failure == "block":
        record.status = summary.status = "gate_failed"
    record.outputs = pa.concat_tables(staged_outputs) if staged_outputs else None
    with LineageStore(ws.lineage) as store:
        store.finish_run(record)
    for name, snapshot_id in summary.published.items():
        publish(ws.corpus(name), snapshot_id)
    _write_quarantine(ws, ctx.run_id, files)
    shutil.rmtree(ws.staging(ctx.run_id), ignore_errors=True)
    summary.report = str(write_report(ws.lineage, ctx.run_id, ws.report(ctx.run_id)))
    return summary


def _snapshot_id(ctx: RunContext) -> str:
    return new_snapshot_id(ctx.run_id)


def _validate(
    ctx: RunContext, name: str, target: Target, paths: list[Path], *, record: RunRecord,
    ws: Workspace,
) -> bool:  # fmt: skip
    suite = target.suite
    if suite is None:
        return True
    ok = True
    for path in paths:
        table = read_parts([path], target.kind)
        outcome = validate_table(table, suite, expectations_dir=EXPECTATIONS_DIR)
        record.validations.append(ValidationRow(name, suite, outcome.success, outcome.evaluated,
                                                outcome.failed, outcome.to_dict()))  # fmt: skip
        if not outcome.success:
            ok = False
            _quarantine_batch(ws, ctx.run_id, name, path, outcome.to_dict())
    return ok


def _quarantine_batch(
    ws: Workspace, run_id: str, corpus: str, path: Path, result: dict[str, object]
) -> None:
    """Move a failing staged batch (pseudonymized rows) to quarantine with its reasons."""
    dest = ws.quarantine(run_id) / corpus
    dest.mkdir(parents=True, exist_ok=True)
    shutil.move(str(path), dest / path.name)
    failed = [r for r in result.get("results", []) if isinstance(r, dict) and not r["success"]]  # type: ignore[attr-defined]
    reason = {"batch": path.name, "corpus": corpus, "reason": "failed validation",
              "failed_expectations": failed, "validation": result}  # fmt: skip
    (dest / f"{path.stem}.reason.json").write_text(json.dumps(reason, indent=2), encoding="utf-8")


def _assemble(
    ws: Workspace, name: str, target: Target, paths: list[Path], replaced: set[str]
) -> pa.Table:
    previous = current_table(ws.corpus(name), target.kind)
    carried = carry_forward(previous, replaced)
    new = read_parts(paths, target.kind)
    table = pa.concat_tables([carried, new]) if carried is not None else new
    ids = table[ID_COLUMN[target.kind]]
    if pc.count_distinct(ids).as_py() != table.num_rows:
        raise TerminalError(f"duplicate {ID_COLUMN[target.kind]} values in corpus {name}")
    return table


def _output_links(table: pa.Table, corpus: str, snapshot_id: str, kind: str) -> pa.Table:
    n = table.num_rows
    has_span = "source_start" in table.column_names
    return pa.table({
        "snapshot_id": pa.array([snapshot_id] * n, pa.string()),
        "output_id": table[ID_COLUMN[kind]],
        "corpus": pa.array([corpus] * n, pa.string()),
        "doc_id": table["doc_id"],
        "run_id": table["run_id"],
        "source_start": table["source_start"] if has_span else pa.nulls(n, pa.int64()),
        "source_end": table["source_end"] if has_span else pa.nulls(n, pa.int64()),
    })  # fmt: skip


def _write_quarantine(ws: Workspace, run_id: str, files: list[FileOutcome]) -> None:
    bad = [f for f in files if f.state is FileState.QUARANTINED]
    if not bad:
        return
    folder = ws.quarantine(run_id)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "files.jsonl", "w", encoding="utf-8") as fh:
        for f in bad:
            row = {"source": f.source, "uri": f.uri, "content_hash": f.content_hash,
                   "reason": f.reason, "error_class": f.error_class}  # fmt: skip
            fh.write(json.dumps(row) + "\n")
