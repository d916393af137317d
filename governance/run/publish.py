"""The last stage: publish what passed its gate as new snapshots and record the run.

Order matters for crash safety: snapshot folders are written first (invisible until
CURRENT names them), then lineage records the run (per-document rows in small
transactions, then its status and snapshots in one), then CURRENT is swapped. A run
killed before the final transaction leaves no complete run and no new CURRENT (the next
run removes the rows it wrote ahead); ``reconcile`` repairs a CURRENT left behind after
the transaction.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from governance import __version__, faults
from governance.context import RunContext, policy_of
from governance.corpora.assemble import Assembled, assemble_snapshot
from governance.corpora.datacard import write_datacard
from governance.corpora.dedup.fingerprints import INDEX_FILE
from governance.corpora.snapshot import drop_files, new_snapshot_id, publish
from governance.ingest.discover import Plan
from governance.ingest.parts import merge_parts
from governance.lineage.store import LineageStore, RunRecord, SnapshotRow, ValidationRow
from governance.policy.model import Target
from governance.privacy.transform.vault import VAULT_FILE, write_entries
from governance.quality.canaries import canary_writer
from governance.records import GATE_FAILED, FileOutcome, FileState, file_id, hidden_path
from governance.report import write_report
from governance.run import lifecycle
from governance.run.batch import BatchResult
from governance.run.screen import Screened, replaced_uris
from governance.workspace import Workspace


@dataclass(slots=True)
class RunSummary:
    run_id: str
    status: str
    counts: dict[str, int]
    published: dict[str, str] = field(default_factory=dict)
    blocked: dict[str, str] = field(default_factory=dict)
    warned: dict[str, str] = field(default_factory=dict)  # failed, published (``warn``)
    rows: dict[str, int] = field(default_factory=dict)
    report: str | None = None

    @property
    def exit_code(self) -> int:
        return 1 if self.status == "gate_failed" else 0


def outcomes(plan: Plan, results: Sequence[BatchResult]) -> list[FileOutcome]:
    """Every file's end state; a file no worker read this run keeps the path a worker
    showed last (none: lineage shows it by its id)."""
    done = merge_parts(f for r in results for f in r.files)
    unchanged = [
        FileOutcome(f.source, f.uri, f.content_hash, FileState.UNCHANGED) for f in plan.unchanged
    ]
    deleted = [FileOutcome(s, u, "", FileState.DELETED) for s, u in plan.deleted]
    unread = [*unchanged, *plan.quarantined, *plan.skipped, *deleted]
    return [*done, *(replace(f, shown_uri=plan.shown.get((f.source, f.uri))) for f in unread)]


def publish_run(
    ctx: RunContext,
    plan: Plan,
    results: Sequence[BatchResult],
    screened: Screened,
    checks: Sequence[ValidationRow | None],
) -> RunSummary:
    """Publish what passed and record the run: ``screened`` is the dedup pass, ``checks``
    the validations of the batches it left (``to_validate``, in that order)."""
    faults.point("finalize:started")
    policy = policy_of(ctx.config)
    ws = Workspace.open(ctx.config.workspace)
    held = held_back(ctx, results, screened, checks)
    files = [_gate_outcome(f, held) for f in outcomes(plan, results)]
    record = RunRecord(run_id=ctx.run_id, status="completed", files=files,
                       deleted_uris=list(plan.deleted), stats=plan.stats)  # fmt: skip
    record.document_files = [r.lineage_rows["documents"] for r in results if r.lineage_rows]
    record.finding_files = [r.lineage_rows["findings"] for r in results if r.lineage_rows]
    record.drops = [d for r in results for d in r.drops] + screened.drops
    record.validations = [v for r in results for v in r.validations]
    record.validations += [v for v in checks if v is not None]
    summary = RunSummary(ctx.run_id, "completed", dict(Counter(str(f.state) for f in files)))
    _publish_targets(ctx, ws, plan, screened, held=held, record=record, summary=summary)
    if summary.blocked:
        record.status = summary.status = "gate_failed"
    write_entries(ws.root / VAULT_FILE, [e for r in results for e in r.vault], ctx.run_id)
    faults.point("vault:written")
    with LineageStore(ws.lineage) as store:
        canaries = canary_writer(ctx.run_id, [c for r in results for c in r.canaries])
        lifecycle.record_completion(store, record, also=[canaries])
        for name, snapshot_id in summary.published.items():
            write_datacard(store, ws.corpus(name) / snapshot_id, snapshot_id)
    faults.point("datacard:written")
    for name, snapshot_id in summary.published.items():
        publish(ws.corpus(name), snapshot_id, keep=policy.targets[name].keep_snapshots)
    lifecycle.announce_completion(ctx, record)  # FAIL when gate_failed
    faults.point("openlineage:emitted")
    _write_quarantine(ws, ctx.run_id, files)
    faults.point("quarantine:written")
    shutil.rmtree(ws.staging(ctx.run_id), ignore_errors=True)
    summary.report = str(write_report(ws.lineage, ctx.run_id, ws.report(ctx.run_id)))
    faults.point("report:written")
    return summary


@dataclass(slots=True)
class HeldBack:
    """What the quality gate held back: the failing batches per corpus (counts), their
    files ((source, uri) and the ids and paths a row may carry), and the corpora that
    failed under ``on_failure: warn`` (published all the same)."""

    corpora: dict[str, int] = field(default_factory=dict)
    files: dict[tuple[str, str], str] = field(default_factory=dict)  # -> the reason
    file_keys: set[str] = field(default_factory=set)
    warned: set[str] = field(default_factory=set)


def held_back(
    ctx: RunContext,
    results: Sequence[BatchResult],
    screened: Screened,
    checks: Sequence[ValidationRow | None],
) -> HeldBack:
    """The batches whose gate failed (in the worker, or after deduplication) and their
    files; under ``warn`` only the corpora are noted."""
    failed_paths = {(corpus, path) for (corpus, path), v in zip(screened.to_validate, checks,
                    strict=True) if v is not None and not v.success}  # fmt: skip
    suites = {name: t.suite for name, t in policy_of(ctx.config).targets.items()}
    out = HeldBack()
    warn = policy_of(ctx.config).quality.on_failure == "warn"
    for r in results:
        failed = set(r.blocked) | {c for c, p in r.staged.items() if (c, p) in failed_paths}
        for corpus in sorted(failed):
            if warn:
                out.warned.add(corpus)
                continue
            out.corpora[corpus] = out.corpora.get(corpus, 0) + 1
            for f in r.files:
                reason = f"a batch holding it failed validation of suite {suites[corpus]}"
                out.files.setdefault((f.source, f.uri), reason)
                out.file_keys |= {file_id(f.source, f.uri), f.uri}
    return out


def _gate_outcome(f: FileOutcome, held: HeldBack) -> FileOutcome:
    """A processed file in a held-back batch ends quarantined with the gate's reason."""
    reason = held.files.get((f.source, f.uri))
    if reason is None or f.state is not FileState.PROCESSED:
        return f
    return replace(f, state=FileState.QUARANTINED, reason=reason, error_class=GATE_FAILED)


def _publish_targets(
    ctx: RunContext, ws: Workspace, plan: Plan, screened: Screened, *, held: HeldBack,
    record: RunRecord, summary: RunSummary,
) -> None:  # fmt: skip
    """Assemble a new snapshot of every target that changed. Under ``on_failure: block``
    the batches that failed their gate are held back (quarantined): the files in them keep
    their rows of the previous snapshot and are read again by the next run; under
    ``warn`` they are published and the failure noted."""
    policy = policy_of(ctx.config)
    replaced = replaced_uris(plan) - held.file_keys
    changed = bool(plan.deleted) or any(
        (f.source, f.uri) not in held.files for f in plan.to_process
    )
    for name, target in policy.targets.items():
        if name in held.corpora:
            summary.blocked[name] = (
                f"{held.corpora[name]} batch(es) failed validation and were held back: their "
                "files keep their earlier rows and are read again next run; see quarantine "
                "and the report"
            )
        if name in held.warned:
            summary.warned[name] = "failed validation, published (quality.on_failure: warn)"
        if not changed:
            continue
        paths = [Path(p) for p in screened.paths.get(name, []) if Path(p).exists()]
        drop_files(paths, held.file_keys)
        built = _assemble(ctx, ws, name, target, paths, replaced=replaced)
        written = built.written
        record.snapshots.append(SnapshotRow(written.snapshot_id, name, target.kind,
                                            written.row_count, str(written.path),
                                            written.manifest_sha256, "published"))  # fmt: skip
        record.output_files.append(str(built.links_file))
        summary.published[name] = written.snapshot_id
        summary.rows[name] = written.row_count


def _snapshot_id(ctx: RunContext) -> str:
    return new_snapshot_id(ctx.run_id)


def _assemble(
    ctx: RunContext, ws: Workspace, name: str, target: Target, paths: list[Path], *,
    replaced: set[str],
) -> Assembled:  # fmt: skip
    """Stream the previous snapshot's unchanged rows and the staged batches into a new one
    (its lineage links into a Parquet file in staging, inserted by the lineage step)."""
    meta = {"run_id": ctx.run_id, "policy_hash": ctx.policy_hash, "corpus": name,
            "code_version": __version__}  # fmt: skip
    staging = ws.staging(ctx.run_id)
    links = staging / "lineage" / f"outputs-{name}.parquet"
    return assemble_snapshot(
        ws.corpus(name), _snapshot_id(ctx), target, paths, replaced=replaced, meta=meta,
        index=staging / name / INDEX_FILE, links_file=links,
    )  # fmt: skip


def _write_quarantine(ws: Workspace, run_id: str, files: list[FileOutcome]) -> None:
    bad = [f for f in files if f.state is FileState.QUARANTINED]
    if not bad:
        return
    folder = ws.quarantine(run_id)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "files.jsonl", "w", encoding="utf-8") as fh:
        for f in bad:
            row = {"source": f.source, "file_id": file_id(f.source, f.uri),
                   "shown_uri": f.shown_uri or hidden_path(f.source, f.uri),
                   "content_hash": f.content_hash, "reason": f.reason,
                   "error_class": f.error_class}  # fmt: skip
            fh.write(json.dumps(row) + "\n")
