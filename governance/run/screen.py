"""Between the batches and the snapshot: deduplication, then the quality gate on what
deduplication changed.

Workers validate the batches of corpora without deduplication as they stage them
(``governance.run.batch``). A corpus with deduplication can only be judged after it: one
pass over all the run's batches in order removes duplicates (``screen``, serial but
cheap, since the workers already computed every row's fingerprint), then each of its
remaining batches is validated on its own (``validate_batch``), which the flow runs in
parallel on its task runner. Everything here returns paths, names and counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from governance import faults
from governance.context import RunContext, policy_of
from governance.corpora.dedup.staged import dedup_config, dedup_staged
from governance.ingest.discover import Plan
from governance.lineage.store import ValidationRow
from governance.quality.staged import validate_staged
from governance.records import Drop, file_id
from governance.run.batch import BatchResult
from governance.workspace import Workspace


@dataclass(slots=True)
class Screened:
    """Per corpus, the staged batches still holding rows; the rows deduplication dropped;
    and the (corpus, batch) pairs still to validate."""

    paths: dict[str, list[str]] = field(default_factory=dict)
    drops: list[Drop] = field(default_factory=list)
    to_validate: list[tuple[str, str]] = field(default_factory=list)


def replaced_uris(plan: Plan) -> set[str]:
    """Source files whose earlier rows leave the corpora, re-read or deleted ones: their
    ids and, for rows written before rows carried file ids, their paths."""
    files = [(f.source, f.uri) for f in plan.to_process] + list(plan.deleted)
    return {file_id(s, u) for s, u in files} | {u for _, u in files}


def screen(ctx: RunContext, plan: Plan, results: Sequence[BatchResult]) -> Screened:
    """Deduplicate every corpus that asks for it, in batch order."""
    policy = policy_of(ctx.config)
    ws = Workspace.open(ctx.config.workspace)
    replaced = replaced_uris(plan)
    out = Screened()
    faults.point("screen:started")
    for name, target in policy.targets.items():
        staged = [Path(r.staged[name]) for r in results if name in r.staged]
        if dedup_config(target) is None:
            out.paths[name] = [str(p) for p in staged]
            continue
        paths, drops = dedup_staged(ws.corpus(name), target, staged, replaced=replaced,
                                    index_dir=ws.staging(ctx.run_id) / name)  # fmt: skip
        faults.point("screen:deduplicated")
        out.paths[name] = [str(p) for p in paths]
        out.drops.extend(drops)
        out.to_validate.extend((name, str(p)) for p in paths)
    return out


def validate_batch(ctx: RunContext, corpus: str, path: str) -> ValidationRow | None:
    """The quality gate on one deduplicated batch (quarantined when it fails)."""
    ws = Workspace.open(ctx.config.workspace)
    row = validate_staged(ws, ctx.run_id, policy_of(ctx.config), corpus, path=Path(path))
    faults.point("validate:done")
    return row
