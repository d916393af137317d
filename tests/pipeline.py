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
from governance.run.batch import BatchResult
from governance.run.publish import RunSummary
from governance.run.stages import BATCH, InProcess, Stage, drive
from governance.workspace import Workspace


class Recording(InProcess):
    """In process, noting the stages in the order they ran and the batches' results."""

    def __init__(self) -> None:
        self.order: list[str] = []
        self.results: list[BatchResult] = []

    def one(self, stage: Stage, **kwargs: Any) -> Any:
        self.order.append(stage.name)
        return super().one(stage, **kwargs)

    def each(self, stage: Stage, items: list[dict[str, Any]]) -> list[Any]:
        self.order.append(stage.name)
        done = super().each(stage, items)
        if stage is BATCH:
            self.results = done
        return done


def run_pipeline(
    policy: Path, workspace: Path, sources: Path, *, batch_files: int = BATCH_FILES,
    batch_bytes: int | None = None,
) -> tuple[int, RunSummary]:  # fmt: skip
    """One run; returns how many units of work it had and its summary."""
    extra = {"batch_bytes": batch_bytes} if batch_bytes else {}
    config = RunConfig(str(policy), str(workspace), str(sources), batch_files=batch_files, **extra)
    with Workspace.open(str(workspace)).lock():
        ctx = new_context(config)
        recording = Recording()
        summary = drive(ctx, recording)
        return len(recording.results), summary


if __name__ == "__main__":
    policy, workspace, sources = (Path(a) for a in sys.argv[1:4])
    files = int(sys.argv[4]) if len(sys.argv) > 4 else BATCH_FILES
    _, summary = run_pipeline(policy, workspace, sources, batch_files=files)
    print(summary.status)
