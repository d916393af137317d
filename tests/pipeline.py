"""The flow's steps in one process without Prefect, for tests that run many pipelines.

Same order as ``flows/govern.py``: workspace lock, plan, every batch, dedup pass,
validation of the deduplicated batches, finalize. Run as a module it is a pipeline in
a fresh process that a test can kill::

    python -m tests.pipeline POLICY WORKSPACE SOURCE_ROOT [BATCH_FILES]
"""

from __future__ import annotations

import sys
from pathlib import Path

from governance.context import BATCH_FILES, RunConfig, new_context
from governance.finalize import RunSummary, finalize
from governance.planning import plan_run, work_batches
from governance.screen import screen, validate_batch
from governance.unit import process_batch
from governance.workspace import Workspace


def run_pipeline(
    policy: Path, workspace: Path, sources: Path, *, batch_files: int = BATCH_FILES,
    batch_bytes: int | None = None,
) -> tuple[int, RunSummary]:  # fmt: skip
    """One run; returns how many units of work it had and its summary."""
    extra = {"batch_bytes": batch_bytes} if batch_bytes else {}
    config = RunConfig(str(policy), str(workspace), str(sources), batch_files=batch_files, **extra)
    with Workspace.open(str(workspace)).lock():
        ctx = new_context(config)
        plan = plan_run(ctx)
        work = work_batches(ctx, plan)
        results = [process_batch(ctx, i, files) for i, files in enumerate(work)]
        screened = screen(ctx, plan, results)
        checks = [validate_batch(ctx, corpus, path) for corpus, path in screened.to_validate]
        return len(work), finalize(ctx, plan, results, screened, checks)


if __name__ == "__main__":
    policy, workspace, sources = (Path(a) for a in sys.argv[1:4])
    files = int(sys.argv[4]) if len(sys.argv) > 4 else BATCH_FILES
    _, summary = run_pipeline(policy, workspace, sources, batch_files=files)
    print(summary.status)
