"""OpenLineage run events (START, COMPLETE, FAIL) with the openlineage-python client.

Events go to ``WORKSPACE/openlineage/events.jsonl`` (one JSON event per line), or to an
HTTP endpoint such as Marquez when ``OPENLINEAGE_URL`` is set (``OPENLINEAGE_ENDPOINT``
defaults to ``api/v1/lineage``; ``OPENLINEAGE_API_KEY`` adds a bearer token).
``OPENLINEAGE_DISABLED=true`` turns them off. Only the flow emits, from its own process.

Emitting is best effort: a catalog that is down must not fail a run whose data and
DuckDB lineage are complete, so a failed emit is logged (its error class, no payload).
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from openlineage.client import OpenLineageClient
from openlineage.client.event_v2 import (
    InputDataset,
    Job,
    OutputDataset,
    Run,
    RunEvent,
    RunState,
    set_producer,
)
from openlineage.client.facet_v2 import (
    JobFacet,
    RunFacet,
    documentation_job,
    error_message_run,
    job_type_job,
    parent_run,
    processing_engine_run,
)
from openlineage.client.transport import Transport
from openlineage.client.transport.file import FileConfig, FileTransport
from openlineage.client.transport.http import HttpConfig, HttpTransport

from governance import __version__
from governance.context import RunContext, policy_of
from governance.lineage.openlineage_facets import corpus_datasets, source_datasets
from governance.lineage.store import RunRecord
from governance.workspace import Workspace

log = logging.getLogger(__name__)

PRODUCER = f"urn:governance:govern:{__version__}"
NAMESPACE_ENV = "GOVERN_OPENLINEAGE_NAMESPACE"
DEFAULT_NAMESPACE = "governance"
# What the client itself must never add: git remotes may carry credentials, and
# environment variables may carry keys.
set_producer(PRODUCER)  # facets name this project as their producer, not the client
CLIENT_CONFIG = {"facets": {"source_code_location": {"disabled": True},
                            "environment_variables": []}}  # fmt: skip


def events_path(workspace: str | Path) -> Path:
    return Workspace.open(workspace).root / "openlineage" / "events.jsonl"


def transport_for(workspace: str | Path) -> Transport | None:
    """HTTP when ``OPENLINEAGE_URL`` is set, else the workspace's JSONL file."""
    if os.environ.get("OPENLINEAGE_DISABLED", "").strip().lower() == "true":
        return None
    url = os.environ.get("OPENLINEAGE_URL", "").strip()
    if url:
        params: dict[str, object] = {
            "url": url,
            "endpoint": os.environ.get("OPENLINEAGE_ENDPOINT", "api/v1/lineage"),
            "timeout": 5.0,
        }
        api_key = os.environ.get("OPENLINEAGE_API_KEY")
        if api_key:
            params["auth"] = {"type": "api_key", "apiKey": api_key}
        return HttpTransport(HttpConfig.from_dict(params))
    path = events_path(workspace)
    return FileTransport(FileConfig(log_file_path=str(path), append=True))


def emit(workspace: str | Path, event: RunEvent) -> bool:
    """Send one event; False (and a log line naming the error class) when it failed."""
    try:
        transport = transport_for(workspace)
        if transport is None:
            return False
        client = OpenLineageClient(transport=transport, config=CLIENT_CONFIG)
        client.emit(event)
        client.close(timeout=5.0)
    except Exception as exc:  # a catalog outage must not fail the run
        log.warning("OpenLineage event not sent: %s", type(exc).__name__)
        return False
    return True


def run_event(
    state: RunState,
    ctx: RunContext,
    *,
    inputs: Sequence[InputDataset] = (),
    outputs: Sequence[OutputDataset] = (),
    run_facets: dict[str, RunFacet] | None = None,
) -> RunEvent:
    policy = policy_of(ctx.config)
    facets: dict[str, RunFacet] = {
        "processing_engine": processing_engine_run.ProcessingEngineRunFacet(
            version=__version__, name="governance"
        ),
        **(run_facets or {}),
    }
    return RunEvent(
        eventType=state,
        eventTime=datetime.now(UTC).isoformat(),
        run=Run(runId=str(uuid.UUID(ctx.run_id)), facets=facets),
        job=Job(namespace=job_namespace(), name=f"govern.{policy.name}", facets=_job_facets()),
        inputs=list(inputs),
        outputs=list(outputs),
        producer=PRODUCER,
    )


def job_namespace() -> str:
    return os.environ.get(NAMESPACE_ENV, "").strip() or DEFAULT_NAMESPACE


def _job_facets() -> dict[str, JobFacet]:
    return {
        "jobType": job_type_job.JobTypeJobFacet(
            processingType="BATCH", integration="GOVERNANCE", jobType="FLOW"
        ),
        "documentation": documentation_job.DocumentationJobFacet(
            description="Ingest, pseudonymize, validate and publish governed corpora."
        ),
    }


def emit_start(ctx: RunContext, flow_run_id: str | None = None) -> bool:
    """START: the sources the run reads and the corpora it may publish (with schemas)."""
    policy = policy_of(ctx.config)
    ws = Workspace.open(ctx.config.workspace)
    facets: dict[str, RunFacet] = {}
    if flow_run_id:
        facets["parent"] = parent_run.ParentRunFacet(
            run=parent_run.Run(runId=flow_run_id),
            job=parent_run.Job(namespace="prefect", name="govern"),
        )
    event = run_event(RunState.START, ctx, inputs=source_datasets(policy, ctx.source_base),
                      outputs=corpus_datasets(policy, ws), run_facets=facets)  # fmt: skip
    return emit(ws.root, event)


def emit_complete(ctx: RunContext, record: RunRecord) -> bool:
    """COMPLETE with the published snapshots as dataset versions, or FAIL when a corpus
    failed its quality gate (the assertions say which)."""
    policy = policy_of(ctx.config)
    ws = Workspace.open(ctx.config.workspace)
    outputs = corpus_datasets(policy, ws, record.snapshots, record.validations)
    facets: dict[str, RunFacet] = {}
    state = RunState.COMPLETE
    if record.status != "completed":
        state = RunState.FAIL
        facets["errorMessage"] = _error(f"run ended {record.status}: a corpus failed validation")
    event = run_event(state, ctx, inputs=source_datasets(policy, ctx.source_base),
                      outputs=outputs, run_facets=facets)  # fmt: skip
    return emit(ws.root, event)


def emit_fail(ctx: RunContext, error: str) -> bool:
    """FAIL: the run stopped on an error (its class name only: messages may hold data)."""
    ws = Workspace.open(ctx.config.workspace)
    event = run_event(RunState.FAIL, ctx, run_facets={"errorMessage": _error(error)})
    return emit(ws.root, event)


def _error(message: str) -> error_message_run.ErrorMessageRunFacet:
    return error_message_run.ErrorMessageRunFacet(message=message, programmingLanguage="PYTHON")
