"""The govern flow: the stages of ``governance.run.stages`` (plan -> batch per unit of
work -> screen -> validate per deduplicated batch -> publish) as Prefect tasks of the same
names. Wiring only: every stage is a plain function in ``governance.run``.

Tasks return paths, ids and counts, never records, and persist nothing: raw text never
reaches Prefect's API, result storage or logs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict
from typing import Any

from prefect import Task, flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import get_run_context
from prefect.futures import as_completed
from prefect.task_runners import TaskRunner
from prefect.utilities.annotations import quote

from flows.prefect_secrets import prefect_secret
from flows.runners import parse_runner, task_runner_for
from governance.context import BATCH_FILES, RunConfig, RunContext, new_context
from governance.errors import withheld
from governance.ingest.discover import Plan
from governance.ingest.progress import collect_with_progress
from governance.lineage.store import ValidationRow
from governance.quality.docs import import_in_background
from governance.records import SourceFile
from governance.run import lifecycle
from governance.run.batch import BatchResult, process_batch
from governance.run.plan import plan_run
from governance.run.publish import RunSummary, publish_run
from governance.run.screen import Screened, screen, validate_batch
from governance.run.stages import BATCH, PLAN, PUBLISH, SCREEN, VALIDATE, Stage, drive
from governance.workspace import Workspace

NO_PERSIST: dict[str, Any] = {"persist_result": False, "cache_policy": NO_CACHE}


@contextmanager
def errors_withheld(stage: str) -> Iterator[None]:
    """What a task raises reaches Prefect's logs and database: an unexpected exception's
    text (which can carry a file name or a value) is replaced by its class and code line."""
    try:
        yield
    except Exception as exc:
        raise withheld(exc, stage) from None


@task(name=PLAN.name, **NO_PERSIST)
def plan_task(ctx: RunContext, flow_run_id: str | None) -> Plan:
    with errors_withheld(PLAN.name):
        return plan_run(ctx, flow_run_id)


@task(name=BATCH.name, retries=0, **NO_PERSIST)
def batch_task(ctx: RunContext, batch_no: int, files: list[SourceFile]) -> BatchResult:
    with errors_withheld(f"{BATCH.name} {batch_no}"):
        return process_batch(ctx, batch_no, files, secret_lookup=prefect_secret)


@task(name=SCREEN.name, **NO_PERSIST)
def screen_task(ctx: RunContext, plan: Plan, results: list[BatchResult]) -> Screened:
    with errors_withheld(SCREEN.name):
        return screen(ctx, plan, results)


@task(name=VALIDATE.name, **NO_PERSIST)
def validate_task(ctx: RunContext, corpus: str, path: str) -> ValidationRow | None:
    with errors_withheld(VALIDATE.name):
        return validate_batch(ctx, corpus, path)


@task(name=PUBLISH.name, **NO_PERSIST)
def publish_task(
    ctx: RunContext,
    plan: Plan,
    results: list[BatchResult],
    screened: Screened,
    checks: list[ValidationRow | None],
) -> RunSummary:
    with errors_withheld(PUBLISH.name):
        return publish_run(ctx, plan, results, screened, checks)


TASKS: dict[str, Task[..., Any]] = {
    PLAN.name: plan_task, BATCH.name: batch_task, SCREEN.name: screen_task,
    VALIDATE.name: validate_task, PUBLISH.name: publish_task,
}  # fmt: skip
"""Each stage of ``governance.run.stages.STAGES`` as its task (same name)."""


@flow(name="govern", persist_result=False, log_prints=False)
def govern(
    policy_path: str,
    workspace: str = "govern-data",
    source_root: str | None = None,
    runner: str = "process",
    allow_demo_key: bool = False,
    *,
    full_rebuild: bool = False,
    batch_files: int = BATCH_FILES,
) -> dict[str, Any]:
    """Run the whole pipeline once on the sources the policy names (``full_rebuild``: re-read
    every file instead of only new and changed ones; ``batch_files``: most files in a unit
    of work)."""
    parse_runner(runner)  # a bad runner fails before a run is recorded
    config = RunConfig(policy_path, workspace, source_root, allow_demo_key, runner,
                       batch_files=batch_files, full_rebuild=full_rebuild)  # fmt: skip
    logger = get_run_logger()
    flow_run_id = str(get_run_context().flow_run.id)  # type: ignore[union-attr]
    ws = Workspace.open(workspace)
    with ws.lock():
        ctx = new_context(config, secret_lookup=prefect_secret)
        try:
            with errors_withheld("govern"), OnTaskRunner(ctx, logger) as executor:
                summary = drive(ctx, executor, flow_run_id)
        except BaseException as exc:
            lifecycle.record_failure(ctx, exc)
            raise
        logger.info("run %s %s: %s", ctx.run_id, summary.status, summary.counts)
    result = asdict(summary)
    publish_artifacts(ws, result, logger)
    return result


def publish_artifacts(ws: Workspace, summary: dict[str, Any], logger: Any) -> None:
    """The run's summary and its quarantined files as Prefect artifacts (value-free). The
    run is recorded already: an artifact the API refuses is logged, never a failed run."""
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    from governance.report.artifacts import QUARANTINE_COLUMNS, run_artifacts

    try:
        made = run_artifacts(ws, summary)
        create_markdown_artifact(made.markdown, key="govern-run-summary",
                                 description=f"govern run {summary['run_id']}")  # fmt: skip
        table = made.quarantined or [dict.fromkeys(QUARANTINE_COLUMNS, "")]
        create_table_artifact(table, key="govern-quarantined-files",
                              description=f"{len(made.quarantined)} files quarantined "
                              f"by run {summary['run_id']}")  # fmt: skip
    except Exception as exc:  # artifacts are a view; lineage has the run
        logger.warning("run artifacts not published: %s", type(exc).__name__)


class OnTaskRunner:
    """Runs the stages as this flow's tasks: once-per-run stages in the flow, per-item
    stages on the task runner chosen by ``--runner`` (entered with the first of them,
    sized by its number of batches, and kept for the validations after the dedup pass)."""

    def __init__(self, ctx: RunContext, logger: Any) -> None:
        self.ctx, self.logger = ctx, logger
        self.plan: Plan | None = None
        self.stack = ExitStack()
        self.runner: TaskRunner[Any] | None = None

    def __enter__(self) -> OnTaskRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stack.close()

    def one(self, stage: Stage, **kwargs: Any) -> Any:
        if stage is PLAN:
            self.plan = plan_task(**kwargs)
            return self.plan
        if stage is PUBLISH:  # the workers (and their models) are not needed any more
            self.stack.close()
        # quote(): Prefect would otherwise walk every file and lineage row of these
        # parameters (a third of a 10,000-file run's time); they carry no dependency.
        quoted = {k: v if k == "ctx" else quote(v) for k, v in kwargs.items()}
        return TASKS[stage.name](**quoted, return_state=False)

    def each(self, stage: Stage, items: list[dict[str, Any]]) -> list[Any]:
        work = [kwargs["files"] for kwargs in items] if stage is BATCH else []
        if stage is BATCH:
            self._announce(work)
        if self.runner is None:  # chosen at run time, so entered here, not on the decorator
            self.runner = self.stack.enter_context(
                task_runner_for(self.ctx.config.runner, len(items))
            )
        futures = [self.runner.submit(TASKS[stage.name], kwargs) for kwargs in items]
        if stage is not BATCH:
            return [future.result() for future in futures]
        if work:  # batches are validated: the report will build Data Docs
            import_in_background()
        sizes = [sum(f.work_bytes for f in files) for files in work]
        meters = Workspace.open(self.ctx.config.workspace).meters(self.ctx.run_id)
        to_process = len(self.plan.to_process) if self.plan else 0
        results: list[BatchResult] = collect_with_progress(
            futures, to_process, sizes, as_completed, meters=meters
        )
        return results

    def _announce(self, work: list[list[SourceFile]]) -> None:
        plan = self.plan
        if plan is None:
            return
        self.logger.info(
            "run %s: %d files to process in %d batches, %d unchanged, %d still quarantined, "
            "%d deleted, %d skipped",
            self.ctx.run_id, len(plan.to_process), len(work), len(plan.unchanged),
            len(plan.quarantined), len(plan.deleted), len(plan.skipped),
        )  # fmt: skip
