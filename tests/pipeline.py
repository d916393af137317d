"""The flow's steps in one process without Prefect, for tests that run many pipelines.

The stages of ``governance.run.stages`` (the flow's declaration) under the workspace
lock, each called in this process. Run as a module it is a pipeline in a fresh process
that a test can kill::

    python -m tests.pipeline POLICY WORKSPACE SOURCE_ROOT [BATCH_FILES]
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from governance.context import BATCH_FILES, RunConfig, new_context
from governance.run.publish import RunSummary
from governance.run.stages import BATCH, InProcess, Stage, drive
from governance.workspace import Workspace


class Counting(InProcess):
    """In process, noting how many units of work the batch stage had."""

    batches = 0

    def each(self, stage: Stage, items: list[dict[str, Any]]) -> list[Any]:
        if stage is BATCH:
            self.batches = len(items)
        return super().each(stage, items)


def run_pipeline(
    policy: Path, workspace: Path, sources: Path, *, batch_files: int = BATCH_FILES,
    batch_bytes: int | None = None,
) -> tuple[int, RunSummary]:  # fmt: skip
    """One run; returns how many units of work it had and its summary."""
    extra = {"batch_bytes": batch_bytes} if batch_bytes else {}
    config = RunConfig(str(policy), str(workspace), str(sources), batch_files=batch_files, **extra)
    with Workspace.open(str(workspace)).lock():
        ctx = new_context(config)
        counting = Counting()
        summary = drive(ctx, counting)
        return counting.batches, summary


if __name__ == "__main__":
    policy, workspace, sources = (Path(a) for a in sys.argv[1:4])
    files = int(sys.argv[4]) if len(sys.argv) > 4 else BATCH_FILES
    _, summary = run_pipeline(policy, workspace, sources, batch_files=files)
    print(summary.status)
