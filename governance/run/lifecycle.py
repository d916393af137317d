"""A run's life as lineage sees it: started, then completed (or gate_failed) or failed.

Each transition is recorded twice: in the lineage store (the source of truth, what
``govern lineage`` queries) and as an OpenLineage event (a copy for catalogues, written
to the workspace's event log and, when configured, a transport). The stages call these
at fixed points: ``plan`` records the start, ``publish`` the completion, and whatever
drives the run records a failure that escapes a stage. Nothing here carries a value:
failures are known by their exception's class.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from duckdb import DuckDBPyConnection

from governance import __version__
from governance.context import RunContext, policy_of
from governance.lineage.openlineage import emit_complete, emit_fail, emit_start
from governance.lineage.store import LineageStore, RunRecord, RunStart
from governance.workspace import Workspace


def record_start(
    store: LineageStore, ctx: RunContext, treatments: dict[str, str], flow_run_id: str | None
) -> None:
    """The run's row in lineage: its policy (canonical, hashed), key id, code and runner."""
    policy = policy_of(ctx.config)
    store.start_run(
        RunStart(
            run_id=ctx.run_id,
            policy_name=policy.name,
            policy_hash=ctx.policy_hash,
            policy_path=ctx.config.policy_path,
            policy_canonical=policy.model_dump_json(),
            key_id=ctx.key_id,
            code_version=__version__,
            runner=ctx.config.runner,
            flow_run_id=flow_run_id,
            treatments=treatments,
        )
    )


def announce_start(ctx: RunContext, flow_run_id: str | None) -> None:
    """OpenLineage START, once the start is recorded."""
    emit_start(ctx, flow_run_id)


def record_completion(
    store: LineageStore, record: RunRecord, also: Sequence[Callable[[DuckDBPyConnection], None]]
) -> None:
    """The run's files, rows, validations and snapshots, and its final status, in one
    transaction (``also``: writers of further tables in the same transaction)."""
    store.finish_run(record, also=also)


def announce_completion(ctx: RunContext, record: RunRecord) -> None:
    """OpenLineage COMPLETE (FAIL when a corpus failed its gate), after CURRENT moved."""
    emit_complete(ctx, record)


def record_failure(ctx: RunContext, exc: BaseException) -> None:
    """A run stopped by an exception: failed in lineage and OpenLineage, by class only."""
    ws = Workspace.open(ctx.config.workspace)
    with LineageStore(ws.lineage) as store:
        store.fail_run(ctx.run_id, type(exc).__name__)
    emit_fail(ctx, type(exc).__name__)
