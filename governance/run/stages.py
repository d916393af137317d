"""The stages of a run and their order, declared once.

``drive`` is the run: plan, then every batch, then the dedup pass, then the validation
of each batch it left, then publish. How a stage is executed is the caller's: the
Prefect flow (``flows/govern.py``) runs each as a task of the stage's name, on its
task runner where a stage runs once per item; ``in_process`` calls the functions
directly, one after the other (tests, benchmarks). Stages hand each other paths, ids
and counts, never records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from governance.context import RunContext
from governance.run.batch import BATCH_STEPS, process_batch
from governance.run.plan import plan_run, work_batches
from governance.run.publish import RunSummary, publish_run
from governance.run.screen import screen, validate_batch


@dataclass(frozen=True, slots=True)
class Stage:
    """A stage: its name (the Prefect task's), its function, and whether it runs once
    per item of work (``each``) or once per run."""

    name: str
    func: Callable[..., Any]
    each: bool = False


PLAN = Stage("plan", plan_run)
BATCH = Stage("batch", process_batch, each=True)
SCREEN = Stage("screen", screen)
VALIDATE = Stage("validate", validate_batch, each=True)
PUBLISH = Stage("publish", publish_run)
STAGES = (PLAN, BATCH, SCREEN, VALIDATE, PUBLISH)
"""In run order. ``batch`` is itself the steps in ``BATCH_STEPS``, inside one worker."""

__all__ = ["BATCH_STEPS", "STAGES", "Executor", "InProcess", "Stage", "drive", "in_process"]


class Executor(Protocol):
    """How stages run: ``one`` a stage once, ``each`` a stage on every item (results in
    the items' order)."""

    def one(self, stage: Stage, **kwargs: Any) -> Any: ...
    def each(self, stage: Stage, items: list[dict[str, Any]]) -> list[Any]: ...


def drive(ctx: RunContext, executor: Executor, flow_run_id: str | None = None) -> RunSummary:
    """One run, stage after stage; returns what ``publish`` recorded."""
    plan = executor.one(PLAN, ctx=ctx, flow_run_id=flow_run_id)
    work = work_batches(ctx, plan)
    results = executor.each(
        BATCH, [{"ctx": ctx, "batch_no": i, "files": files} for i, files in enumerate(work)]
    )
    screened = executor.one(SCREEN, ctx=ctx, plan=plan, results=results)
    checks = executor.each(
        VALIDATE, [{"ctx": ctx, "corpus": c, "path": p} for c, p in screened.to_validate]
    )
    summary: RunSummary = executor.one(
        PUBLISH, ctx=ctx, plan=plan, results=results, screened=screened, checks=checks
    )
    return summary


class InProcess:
    """Every stage called directly in this process, in order."""

    def one(self, stage: Stage, **kwargs: Any) -> Any:
        return stage.func(**kwargs)

    def each(self, stage: Stage, items: list[dict[str, Any]]) -> list[Any]:
        return [stage.func(**kwargs) for kwargs in items]


in_process = InProcess()
