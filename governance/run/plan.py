"""Before the batches: check the set-up, recover from a killed run, discover and diff."""

from __future__ import annotations

from dataclasses import replace

from governance import __version__, faults
from governance.context import RunContext, policy_of
from governance.corpora.snapshot import current_snapshot, publish
from governance.erasure.plan import erased_files, skip_erased, write_held
from governance.ingest.discover import (
    Plan,
    batches,
    check_roots,
    diff,
    discover,
    hold_quarantined,
)
from governance.ingest.parts import split_large
from governance.lineage.store import LineageStore
from governance.policy.identity import treatment_hashes
from governance.records import SourceFile
from governance.run import lifecycle
from governance.workspace import Workspace


def plan_run(ctx: RunContext, flow_run_id: str | None = None) -> Plan:
    """Record the run as started and split the sources into work, unchanged and deleted."""
    policy = policy_of(ctx.config)
    check_roots(policy, ctx.source_base)
    ws = Workspace.open(ctx.config.workspace)
    with LineageStore(ws.lineage) as store:
        store.abandon_stale_runs()
        ws.clear_staging()
        reconcile(ws, store, [name for name in policy.targets])
        faults.point("plan:started")
        known = store.known_files()
        erased = erased_files(store)  # lineage area: erased source files stay out
        treatments = treatment_hashes(policy, ctx.key_id)  # per source: policy + key
        lifecycle.record_start(store, ctx, treatments, flow_run_id)
        write_held(store, ws.staging(ctx.run_id), ctx.key_id)  # erased docs and subjects
    faults.point("plan:recorded")
    lifecycle.announce_start(ctx, flow_run_id)
    # A full rebuild reads every file again: it is also the way to distrust the stat cache.
    cache = {} if ctx.config.full_rebuild else known.hashes
    plan = diff(discover(policy, ctx.source_base, cache), known.current, treatments)
    faults.point("plan:discovered")
    plan = skip_erased(rebuild_all(plan) if ctx.config.full_rebuild else plan, erased)
    held = {} if ctx.config.full_rebuild else known.quarantined
    return replace(hold_quarantined(plan, held, treatments, __version__), shown=known.shown)


def rebuild_all(plan: Plan) -> Plan:
    """A full rebuild: unchanged files are processed again; deleted and skipped stay as found."""
    return replace(plan, to_process=[*plan.to_process, *plan.unchanged], unchanged=[])


def reconcile(ws: Workspace, store: LineageStore, corpora: list[str]) -> None:
    """Point CURRENT at the snapshot lineage says is published (repairs a killed swap)."""
    for corpus in corpora:
        published = store.published_snapshot(corpus)
        folder = ws.corpus(corpus)
        if published and current_snapshot(folder) != published and (folder / published).is_dir():
            publish(folder, published)


def work_batches(ctx: RunContext, plan: Plan) -> list[list[SourceFile]]:
    """The units of work, largest first: large tables split into parts of at most a batch's
    bytes (``ingest/parts.py``), files packed into batches, and the batches ordered by
    size so that the last ones to finish are small and every worker stays busy."""
    units = split_large(plan.to_process, ctx.config.batch_bytes)
    packed = batches(units, ctx.config.batch_files, ctx.config.batch_bytes)
    return sorted(packed, key=lambda batch: -sum(f.work_bytes for f in batch))
