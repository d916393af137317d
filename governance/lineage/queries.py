"""Canned lineage questions: trace an output row back, follow a source forward.

Both answers are plain dicts of ids, counts, paths and timestamps (no text), ready for
a table or ``--json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from governance.errors import ConfigError
from governance.lineage.store import LineageStore
from governance.workspace import Workspace

Record = dict[str, Any]


@dataclass(frozen=True, slots=True)
class SourceRef:
    """A source file as lineage knows it: the policy source's name and the file's URI."""

    source: str
    uri: str

    def __str__(self) -> str:
        return f"{self.source}:{self.uri}"


def records(store: LineageStore, sql: str, params: list[Any]) -> list[Record]:
    columns, rows = store.query(sql, params)
    return [dict(zip(columns, r, strict=True)) for r in rows]


def resolve_sources(store: LineageStore, spec: str) -> list[SourceRef]:
    """``SOURCE:URI``, a policy source's name (all its files), or a bare URI."""
    known = [SourceRef(str(r[0]), str(r[1])) for r in store.query(
        "SELECT DISTINCT source, source_uri FROM documents ORDER BY ALL")[1]]  # fmt: skip
    name, sep, uri = spec.partition(":")
    if sep and any(k.source == name for k in known):
        found = [k for k in known if k.source == name and k.uri == uri]
    elif any(k.source == spec for k in known):
        found = [k for k in known if k.source == spec]
    else:
        found = [k for k in known if k.uri == spec]
    if not found:
        raise ConfigError(
            f"no source '{spec}' in lineage",
            hint="give SOURCE:URI, a source name or a file URI as listed by "
            "govern lineage sql 'SELECT DISTINCT source, source_uri FROM documents'",
        )
    if not sep and len({k.source for k in found}) > 1 and spec not in {k.source for k in found}:
        names = ", ".join(str(k) for k in found)
        raise ConfigError(f"'{spec}' is a file in several sources: {names}",
                          hint="give it as SOURCE:URI")  # fmt: skip
    return found


def trace(store: LineageStore, output_id: str) -> Record:
    """An output row (chunk or record) -> document -> source file, run, policy, findings."""
    rows = records(store, "SELECT * FROM output_trace WHERE output_id = ? "
                   "ORDER BY run_started_at, snapshot_id", [output_id])  # fmt: skip
    if not rows:
        raise ConfigError(
            f"no output '{output_id}' in lineage",
            hint="output ids are the chunk_id (rag) or record_id (finetune) column of a snapshot",
        )
    first = rows[-1]
    keys = ("output_id", "corpus", "doc_id", "source", "source_uri", "format", "language",
            "document_state", "source_start", "source_end", "run_id", "run_status",
            "flow_run_id", "policy_name", "policy_hash", "key_id", "code_version",
            "run_started_at", "erasure_id")  # fmt: skip
    result = {k: first[k] for k in keys}
    result["snapshots"] = [{"snapshot_id": r["snapshot_id"], "corpus": r["corpus"],
                            "status": r["snapshot_status"]} for r in rows]  # fmt: skip
    result["findings"] = records(store, (
        "SELECT entity_type, operator, detector, count FROM findings "
        "WHERE run_id = ? AND doc_id = ? AND target = ? ORDER BY entity_type, detector"),
        [first["run_id"], first["doc_id"], first["corpus"]])  # fmt: skip
    return result


def impact(store: LineageStore, spec: str) -> Record:
    """Everything derived from a source: documents, rows, snapshots and their consumers."""
    refs = resolve_sources(store, spec)
    params: list[Any] = [[[r.source, r.uri] for r in refs]]
    documents = records(
        store,
        "SELECT d.doc_id, d.source, d.source_uri, d.format, d.state, d.first_seen_at, "
        "d.last_seen_at FROM documents d WHERE list_contains(?, [d.source, d.source_uri]) "
        "ORDER BY d.source, d.source_uri, d.doc_id",
        params,
    )
    snapshots = records(
        store,
        "SELECT o.snapshot_id, o.corpus, s.status, count(*) AS rows FROM outputs o "
        "JOIN documents d USING (doc_id) JOIN snapshots s USING (snapshot_id) "
        "WHERE list_contains(?, [d.source, d.source_uri]) "
        "GROUP BY ALL ORDER BY o.corpus, o.snapshot_id",
        params,
    )
    outputs = records(
        store,
        "SELECT DISTINCT o.corpus, o.output_id, o.doc_id FROM outputs o "
        "JOIN documents d USING (doc_id) WHERE list_contains(?, [d.source, d.source_uri]) "
        "ORDER BY ALL",
        params,
    )
    consumers = records(
        store,
        "SELECT DISTINCT c.consumer_id, c.job, c.kind, c.snapshot_id, c.consumed_at "
        "FROM consumers c JOIN outputs o USING (snapshot_id) JOIN documents d USING (doc_id) "
        "WHERE list_contains(?, [d.source, d.source_uri]) ORDER BY c.consumed_at",
        params,
    )
    return {"source": spec, "files": [str(r) for r in refs], "documents": documents,
            "outputs": outputs, "snapshots": snapshots, "consumers": consumers}  # fmt: skip


CONSUMER_KINDS = ("vector_index", "finetune", "other")


def record_consumption(
    workspace: str | Path,
    snapshot_id: str,
    job: str,
    kind: str = "other",
    *,
    policy: str | Path | None = None,
) -> str:
    """For downstream jobs (vector indexing, fine-tuning): record which snapshot they read.

    Call it when the job has read the snapshot; an erasure later names the job among
    those that must rebuild or retrain. The job's name is free text: it is stored with
    the personal data that ``policy``'s detection finds in it redacted (the embedded
    default policy when none is given). Returns the consumer id.
    """
    from governance.policy import DEFAULT_POLICY, load_policy
    from governance.privacy.notes import redacted_name

    _check_consumer(job, kind)
    shown = redacted_name(job, load_policy(policy or DEFAULT_POLICY))
    with LineageStore(Workspace.open(workspace).lineage) as store:
        return consume(store, snapshot_id, shown, kind)


def consume(store: LineageStore, snapshot_id: str, job: str, kind: str = "other") -> str:
    """Record that a downstream job read a snapshot (see ``record_consumption``); ``job``
    as stored, so free of personal data."""
    _check_consumer(job, kind)
    return store.record_consumer(snapshot_id, job, kind)


def _check_consumer(job: str, kind: str) -> None:
    if kind not in CONSUMER_KINDS:
        raise ConfigError(f"consumer kind '{kind}' is not one of {', '.join(CONSUMER_KINDS)}")
    if not job.strip():
        raise ConfigError("a consumer needs a job name", hint="e.g. --job support-bot-ft-2025-06")
