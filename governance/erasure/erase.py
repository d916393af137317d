"""``govern erase``: forget a document, a source file or a data subject.

Order, as for a run: new snapshot folders are written first (invisible until CURRENT
names them), then lineage records the whole erasure in one transaction, then CURRENT
is swapped and every older snapshot folder that held an erased row is deleted, as are
erased rows in quarantine and leftover staging. The certificate is rebuilt from
lineage. Holding the workspace lock, it never runs beside a pipeline run.
"""

from __future__ import annotations

import importlib
import shutil
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from governance import __version__
from governance.corpora.snapshot import new_snapshot_id, publish, write_snapshot
from governance.erasure.record import (
    SHOWN_URI,
    ErasureRecord,
    Replacement,
    certificate,
    certificate_json,
    write_erasure,
)
from governance.erasure.scan import (
    SnapshotData,
    match_documents,
    match_sources,
    match_subject,
    snapshots_on_disk,
)
from governance.erasure.scrub import scrub_partial_snapshots, scrub_quarantine, scrub_staging
from governance.erasure.subject import Subject, row_mask
from governance.errors import ConfigError
from governance.lineage.queries import SourceRef, resolve_sources
from governance.lineage.store import LineageStore, compact
from governance.workspace import Workspace

MIN_SUBJECT_CHARS = 3


@dataclass(frozen=True, slots=True)
class ErasureRequest:
    """Exactly one of ``doc``, ``source`` (SOURCE:URI, a source name or a URI), ``subject``."""

    doc: str | None = None
    source: str | None = None
    subject: Subject | None = field(default=None, repr=False)
    reason: str | None = None

    @property
    def kind(self) -> str:
        given = [k for k in ("doc", "source", "subject") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ConfigError("an erasure needs exactly one of --doc, --source or --subject")
        return given[0]


@dataclass(slots=True)
class ErasureResult:
    erasure_id: str
    certificate_path: Path
    certificate: dict[str, Any]
    published: dict[str, str]
    scrubbed: dict[str, int]


def erase(workspace: str | Path, request: ErasureRequest) -> ErasureResult:
    kind = request.kind
    ws = Workspace.open(workspace)
    if not ws.lineage.exists():
        raise ConfigError(f"no lineage database at {ws.lineage}", hint="check --workspace")
    erasure_id = uuid.uuid4().hex
    cert_path = ws.root / "erasures" / f"{erasure_id}.json"
    with ws.lock():
        rec, mask, cert_text, cert = _record(ws, request, kind, erasure_id, cert_path)
        if request.subject is not None:  # its paths were rewritten: no old bytes may stay
            compact(ws.lineage)
    for r in rec.replaced:
        publish(ws.corpus(r.corpus), r.new_snapshot)
    for corpus, snapshot_id, _ in rec.purged:
        shutil.rmtree(ws.corpus(corpus) / snapshot_id, ignore_errors=True)
    scrubbed = {"quarantine_rows": scrub_quarantine(ws, mask),
                "staging_folders": scrub_staging(ws),
                "partial_snapshots": scrub_partial_snapshots(ws)}  # fmt: skip
    cert_path.parent.mkdir(parents=True, exist_ok=True)
    cert_path.write_text(cert_text, encoding="utf-8")
    published = {r.corpus: r.new_snapshot for r in rec.replaced}
    return ErasureResult(erasure_id, cert_path, cert, published, scrubbed)


def _record(
    ws: Workspace, request: ErasureRequest, kind: str, erasure_id: str, cert_path: Path
) -> tuple[ErasureRecord, Mask, str, dict[str, Any]]:
    """Match, write the replacement snapshots and record the erasure in lineage."""
    with LineageStore(ws.lineage) as store:
        store.abandon_stale_runs()
        snaps = snapshots_on_disk(ws)
        rec = ErasureRecord(erasure_id, kind, _target(request), request.reason, str(cert_path))
        mask = _match(store, snaps, request, rec)
        _replace(store, ws, snaps, rec)
        rec.purged = [(s.corpus, s.snapshot_id, s.matched) for s in snaps if s.matched]
        rec.removed = _removed(snaps)
        rec.documents = _documents(store, rec.removed, rec.documents)
        if request.subject is not None:
            rec.vault_entries = delete_vault_entries(ws, request.subject)
        write_erasure(store, rec, request.subject)
        _datacards(store, ws, rec.replaced)
        cert_text = certificate_json(store, erasure_id)
        cert = certificate(store, erasure_id)
    return rec, mask, cert_text, cert


def _target(request: ErasureRequest) -> str:
    if request.subject is not None:
        return f"subject:{request.subject.digest[:16]}"
    return str(request.doc or request.source)


Mask = Callable[[pa.Table, str], "pa.Array | pa.ChunkedArray"]


def _match(
    store: LineageStore, snaps: list[SnapshotData], request: ErasureRequest, rec: ErasureRecord
) -> Mask:
    """Mark the rows to remove in every snapshot; returns the same test for other files."""
    if request.subject is not None:
        subject = request.subject
        needles = match_subject(snaps, subject)
        rec.subject_digest, rec.key_id = subject.digest, subject.key_id
        rec.tokens = sorted(subject.tokens.values())
        docs = _ids({d for s in snaps for d in s.removed()["doc_id"].to_pylist()})
        return lambda table, kind: pc.or_(row_mask(table, needles),
                                          pc.is_in(table["doc_id"], value_set=docs))  # fmt: skip
    if request.doc is not None:
        rows = store.query("SELECT doc_id, source, source_uri FROM documents WHERE doc_id = ?",
                           [request.doc])[1]  # fmt: skip
        if not rows:
            raise ConfigError(f"no document '{request.doc}' in lineage",
                              hint="find it with: govern lineage trace OUTPUT_ID")  # fmt: skip
        rec.documents = [(str(r[0]), r[1], r[2]) for r in rows]
        match_documents(snaps, [request.doc])
    else:
        refs = resolve_sources(store, str(request.source))
        rec.target = _shown_target(store, refs, str(request.source))
        rows = store.query("SELECT doc_id, source, source_uri FROM documents WHERE "
                           "list_contains(?, [source, source_uri]) ORDER BY doc_id",
                           [[[r.source, r.uri] for r in refs]])[1]  # fmt: skip
        rec.documents = [(str(r[0]), r[1], r[2]) for r in rows]
        match_sources(snaps, refs, [d[0] for d in rec.documents])
    docs = _ids({d[0] for d in rec.documents})
    return lambda table, kind: pc.is_in(table["doc_id"], value_set=docs)


_SHOWN_ONE = f"SELECT {SHOWN_URI.format(t='r')} FROM (SELECT ? AS source, ? AS source_uri) r"  # noqa: S608


def _shown_target(store: LineageStore, refs: Sequence[SourceRef], spec: str) -> str:
    """What an erasure by ``--source`` records as its target: a source's name as given,
    a file as its path is shown outside lineage (a path typed by a person is data too)."""
    if any(r.source == spec for r in refs):
        return spec
    shown = [str(store.query(_SHOWN_ONE, [r.source, r.uri])[1][0][0]) for r in refs]
    return ", ".join(f"{r.source}:{s}" for r, s in zip(refs, shown, strict=True))


def _ids(values: set[str]) -> pa.Array:
    return pa.array(sorted(values), pa.string())


def _replace(
    store: LineageStore, ws: Workspace, snaps: Sequence[SnapshotData], rec: ErasureRecord
) -> None:
    """Write a snapshot without the matched rows for each published snapshot that had some."""
    published = {str(r[0]): str(r[1]) for r in store.query(
        "SELECT corpus, snapshot_id FROM snapshots WHERE status = 'published'")[1]}  # fmt: skip
    for s in snaps:
        if not s.matched or published.get(s.corpus) != s.snapshot_id:
            continue
        meta = {"corpus": s.corpus, "erasure_id": rec.erasure_id, "derived_from": s.snapshot_id,
                "code_version": __version__}  # fmt: skip
        written = write_snapshot(ws.corpus(s.corpus), new_snapshot_id(rec.erasure_id),
                                 s.kept(), s.kind, meta)  # fmt: skip
        rec.replaced.append(Replacement(s.corpus, s.kind, s.snapshot_id, written.snapshot_id,
                                        str(written.path), written.row_count,
                                        written.manifest_sha256, s.matched))  # fmt: skip


def _removed(snaps: Sequence[SnapshotData]) -> pa.Table:
    tables = [s.removed().append_column("corpus", pa.array([s.corpus] * s.matched, pa.string()))
              for s in snaps if s.matched]  # fmt: skip
    if not tables:
        empty = pa.array([], pa.string())
        return pa.table({"output_id": empty, "doc_id": empty, "corpus": empty})
    rows = {(r["corpus"], r["output_id"]): r["doc_id"] for t in tables for r in t.to_pylist()}
    return pa.table({"output_id": [k[1] for k in rows], "doc_id": list(rows.values()),
                     "corpus": [k[0] for k in rows]})  # fmt: skip


def _documents(
    store: LineageStore, removed: pa.Table, known: list[tuple[str, str | None, str | None]]
) -> list[tuple[str, str | None, str | None]]:
    """The documents named by the request plus those whose rows were removed."""
    ids = sorted({d[0] for d in known} | set(removed["doc_id"].to_pylist()))
    rows = {str(r[0]): (str(r[0]), r[1], r[2]) for r in store.query(
        "SELECT doc_id, source, source_uri FROM documents WHERE list_contains(?, doc_id)",
        [ids])[1]}  # fmt: skip
    return [rows.get(d, (d, None, None)) for d in ids]


def _datacards(store: LineageStore, ws: Workspace, replaced: Sequence[Replacement]) -> None:
    from governance.corpora.datacard import write_datacard

    for r in replaced:
        write_datacard(store, Path(r.path), r.new_snapshot)


VAULT_MODULE = "governance.privacy.transform.vault"


def delete_vault_entries(ws: Workspace, subject: Subject) -> int | None:
    """Delete the subject's originals from the re-identification vault, by keyed digest.

    The vault belongs to the privacy area; None means this installation has no vault
    (or no ``delete_by_digest``), so there was nothing to delete.
    """
    try:
        vault = importlib.import_module(VAULT_MODULE)
    except ModuleNotFoundError:
        return None
    delete = getattr(vault, "delete_by_digest", None)
    if delete is None:
        return None
    return int(delete(ws.root / "vault.duckdb", sorted(subject.digests.values())))
