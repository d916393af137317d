"""The erasure flow: a data subject's request, run as a Prefect deployment.

Wiring only, over ``governance.erasure.erase.erase`` (the same work as ``govern
erase``): new snapshots without the erased rows, the erasure recorded in lineage, a
certificate in the workspace. Only a document id or a source are accepted: a subject's
value would be stored by Prefect as a parameter, so subject erasures run with
``govern erase --subject -`` on the machine that holds the workspace.
"""

from __future__ import annotations

from typing import Any

from prefect import flow, get_run_logger

from governance.erasure.erase import ErasureRequest
from governance.erasure.erase import erase as erase_workspace
from governance.errors import ConfigError


def erasure_request(doc_id: str | None, source: str | None, reason: str | None) -> ErasureRequest:
    """The request for exactly one of a document id or a source."""
    if bool(doc_id) == bool(source):
        raise ConfigError(
            "an erasure request needs exactly one of doc_id or source",
            hint="pass doc_id (it holds no personal data) or source (SOURCE:URI or a file URI)",
        )
    return ErasureRequest(doc=doc_id or None, source=source or None, reason=reason)


@flow(name="erase", persist_result=False, log_prints=False)
def erase(
    workspace: str = "govern-data",
    doc_id: str | None = None,
    source: str | None = None,
    reason: str | None = None,
) -> dict[str, Any]:
    """Erase one document (by id) or a source (SOURCE:URI, a source name or a file URI).

    ``reason`` is a ticket reference, never the subject's name: Prefect stores parameters.
    Returns ids, paths and counts; the certificate itself stays in the workspace.
    """
    result = erase_workspace(workspace, erasure_request(doc_id, source, reason))
    cert = result.certificate
    summary = {
        "erasure_id": result.erasure_id,
        "certificate": str(result.certificate_path),
        "published": result.published,
        "rows_removed": sum(cert["rows_removed"].values()),
        "consumers_to_rebuild": len(cert["consumers_to_rebuild"]),
    }
    get_run_logger().info(
        "erasure %s: %d rows removed, %d snapshots published, %d consumers must rebuild",
        result.erasure_id, summary["rows_removed"], len(result.published),
        summary["consumers_to_rebuild"],
    )  # fmt: skip
    return summary
