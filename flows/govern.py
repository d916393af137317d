"""The govern flow: discover -> (extract, detect, transform, shape, validate) per batch ->
deduplicate -> validate the deduplicated batches -> publish -> lineage. Wiring only: every
stage is a plain function in ``governance``.

Tasks return paths, ids and counts, never records, and persist nothing: raw text never
reaches Prefect's API, result storage or logs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import get_run_context
from prefect.futures import as_completed
from prefect.utilities.annotations import quote

from flows.prefect_secrets import prefect_secret
from flows.runners import parse_runner, task_runner_for
from governance.context import BATCH_FILES, RunConfig, RunContext, new_context
from governance.errors import withheld
from governance.finalize import RunSummary, finalize
from governance.ingest.discover import Plan
from governance.ingest.progress import collect_with_progress
from governance.lineage.openlineage import emit_fail
from governance.lineage.store import LineageStore, ValidationRow
from governance.planning import plan_run, work_batches
from governance.quality.docs import import_in_background
from governance.records import SourceFile
from governance.screen import Screened, screen, validate_batch
from governance.unit import BatchResult, process_batch
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


@task(name="plan", **NO_PERSIST)
def plan_task(ctx: RunContext, flow_run_id: str | None) -> Plan:
    with errors_withheld("plan"):
        return plan_run(ctx, flow_run_id)


@task(name="process-batch", retries=0, **NO_PERSIST)
def batch_task(ctx: RunContext, batch_no: int, files: list[SourceFile]) -> BatchResult:
    with errors_withheld(f"process-batch {batch_no}"):
        return process_batch(ctx, batch_no, files, secret_lookup=prefect_secret)


@task(name="deduplicate", **NO_PERSIST)
def screen_task(ctx: RunContext, plan: Plan, results: list[BatchResult]) -> Screened:
    with errors_withheld("deduplicate"):
        return screen(ctx, plan, results)


@task(name="validate-batch", **NO_PERSIST)
def validate_task(ctx: RunContext, corpus: str, path: str) -> ValidationRow | None:
    with errors_withheld("validate-batch"):
        return validate_batch(ctx, corpus, path)


@task(name="publish-record", **NO_PERSIST)
def finalize_task(
    ctx: RunContext,
    plan: Plan,
    results: list[BatchResult],
    screened: Screened,
    checks: list[ValidationRow | None],
) -> RunSummary:
    with errors_withheld("publish-record"):
        return finalize(ctx, plan, results, screened, checks)


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
            with errors_withheld("govern"):
                summary = _run(ctx, flow_run_id, logger)
        except BaseException as exc:
            with LineageStore(ws.lineage) as store:
                store.fail_run(ctx.run_id, f"{type(exc).__name__}")
            emit_fail(ctx, type(exc).__name__)  # OpenLineage FAIL (lineage area)
            raise
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


def _run(ctx: RunContext, flow_run_id: str, logger: Any) -> RunSummary:
    plan = plan_task(ctx, flow_run_id)
    work = work_batches(ctx, plan)
    logger.info(
        "run %s: %d files to process in %d batches, %d unchanged, %d still quarantined, "
        "%d deleted, %d skipped",
        ctx.run_id, len(plan.to_process), len(work), len(plan.unchanged),
        len(plan.quarantined), len(plan.deleted), len(plan.skipped),
    )  # fmt: skip
    # The runner is chosen at run time, so it is entered here rather than on the decorator.
    with task_runner_for(ctx.config.runner, len(work)) as runner:
        futures = [
            runner.submit(batch_task, {"ctx": ctx, "batch_no": i, "files": files})
            for i, files in enumerate(work)
        ]
        if work:  # batches are validated: the report will build Data Docs
            import_in_background()
        sizes = [sum(f.work_bytes for f in files) for files in work]
        meters = Workspace.open(ctx.config.workspace).meters(ctx.run_id)
        results = collect_with_progress(
            futures, len(plan.to_process), sizes, as_completed, meters=meters
        )
        # quote(): Prefect would otherwise walk every file and lineage row of these
        # parameters (a third of a 10,000-file run's time); they carry no dependency.
        screened = screen_task(ctx, quote(plan), quote(results), return_state=False)
        pending = [
            runner.submit(validate_task, {"ctx": ctx, "corpus": corpus, "path": path})
            for corpus, path in screened.to_validate
        ]
        checks = [future.result() for future in pending]
    summary = finalize_task(
        ctx, quote(plan), quote(results), quote(screened), quote(checks), return_state=False
    )
    logger.info("run %s %s: %s", ctx.run_id, summary.status, summary.counts)
    return summary
