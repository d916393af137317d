"""The re-index flow: rebuild a vector index from a corpus's current RAG snapshot.

Wiring only, over ``governance.index.build_index``. Schedule it after the govern flow,
or after an erasure so that erased rows leave the index too. It returns ids and counts.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from governance.index import build_index


@task(name="build-index", persist_result=False, cache_policy=NO_CACHE)
def build_task(workspace: str, name: str, corpus: str, snapshot: str | None) -> dict[str, Any]:
    return asdict(build_index(workspace, name, corpus, snapshot))


@flow(name="reindex", persist_result=False, log_prints=False)
def reindex(
    workspace: str = "govern-data", name: str = "rag", corpus: str = "rag",
    snapshot: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Embed the corpus's CURRENT snapshot (or ``snapshot``) into ``indexes/<name>/``."""
    info = build_task(workspace, name, corpus, snapshot)
    get_run_logger().info(
        "index %s: %d chunks from snapshot %s", info["name"], info["rows"], info["snapshot_id"]
    )
    return info
