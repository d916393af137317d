"""The ``batch`` stage: one unit of work through its steps, extract -> detect ->
transform -> shape (``BATCH_STEPS``), each counted in ``BatchResult.steps``.

Extract and detect run in groups of whole files (memory stays bounded and progress
moves inside a batch); transform and shape run document by document, once per target.

Raw text exists only inside ``process_batch``. What leaves it is pseudonymized rows
(written to the run's staging folder) and value-free lineage rows and counts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from governance import faults
from governance.context import RunContext, key_of, policy_of
from governance.corpora.dedup.fingerprints import write_sidecar
from governance.corpora.dedup.staged import dedup_config
from governance.corpora.shape import Stamp, shape_rows
from governance.corpora.snapshot import write_rows
from governance.erasure.hold import held_for
from governance.errors import InputError
from governance.ingest.base import READERS, read_discovered
from governance.ingest.progress import BatchMeter
from governance.lineage.rows import read_flags, write_batch_rows
from governance.lineage.store import ValidationRow
from governance.policy.model import Policy, Source
from governance.privacy.detect.language import detect_language
from governance.privacy.detect.lean import import_presidio
from governance.privacy.paths import NEUTRAL, PathRef, path_documents, path_findings, shown_paths
from governance.privacy.transform.keys import SecretLookup
from governance.privacy.transform.operators import Pseudonymizer
from governance.privacy.transform.rewrite import transform
from governance.privacy.transform.vault import VaultEntry, seal_batch
from governance.quality.canaries import CanaryCount
from governance.quality.canaries import plant as plant_canaries
from governance.quality.staged import validate_staged
from governance.records import (
    Document,
    Drop,
    FileOutcome,
    FileState,
    FindingCount,
    Row,
    SourceFile,
)
from governance.workspace import Workspace

if TYPE_CHECKING:
    from governance.privacy.detect.analyzer import Detector


@dataclass(slots=True)
class BatchResult:
    """Value-free: counts, ids, hashes and the paths of staged (pseudonymized) rows."""

    batch_no: int
    files: list[FileOutcome] = field(default_factory=list)
    document_count: int = 0
    # documents and finding counts, as Parquet files in staging (lineage/rows.py)
    lineage_rows: dict[str, str] = field(default_factory=dict)
    drops: list[Drop] = field(default_factory=list)
    staged: dict[str, str] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    canaries: list[CanaryCount] = field(default_factory=list)
    vault: list[VaultEntry] = field(default_factory=list)  # ciphertext (transform/vault.py)
    validations: list[ValidationRow] = field(default_factory=list)  # value-free outcomes
    blocked: list[str] = field(default_factory=list)  # targets whose batch failed validation
    steps: dict[str, Counter[str]] = field(default_factory=dict)  # per step, value-free counts

    def count(self, step: str, **counts: int) -> None:
        self.steps.setdefault(step, Counter()).update(counts)


BATCH_STEPS = ("extract", "detect", "transform", "shape")
"""The steps of a batch, in order: read files into documents; find personal data;
pseudonymize it per target; cut each target's rows (chunks or fine-tuning records)."""


_DETECTORS: dict[str, Detector] = {}
DETECT_GROUP_CHARS = 100_000
"""Documents are scanned in groups of whole files of about this much text: enough for
spaCy's batching to keep its speed, little enough for progress to move inside a batch."""


def detector_for(policy_hash: str, policy: Policy) -> Detector:
    """The analyzer, built once per worker process and policy. Presidio and spaCy are
    imported here, not with this module: the flow's own process, which only hands out
    batches when workers run them, never loads them."""
    from governance.privacy.detect.analyzer import Detector

    if policy_hash not in _DETECTORS:
        _DETECTORS.clear()
        _DETECTORS[policy_hash] = Detector(policy)
    return _DETECTORS[policy_hash]


def process_batch(
    ctx: RunContext,
    batch_no: int,
    files: list[SourceFile],
    secret_lookup: SecretLookup | None = None,
) -> BatchResult:
    import governance.ingest.readers  # noqa: F401  (fills the reader registry)

    import_presidio()  # before any module of this batch imports it
    policy = policy_of(ctx.config)
    result = BatchResult(batch_no)
    ws = Workspace.open(ctx.config.workspace)
    detector = detector_for(ctx.policy_hash, policy)
    documents = _extract_and_detect(policy, files, result, detector, ws.meters(ctx.run_id))
    faults.point("batch:extracted")
    probes = plant_canaries(ctx.run_id, documents, policy)  # copies, never published
    detector.detect(probes.documents)
    faults.point("batch:detected")
    ps = Pseudonymizer(key_of(ctx.config, secret_lookup), policy.pseudonymization.domain)
    found = path_findings(detector, _path_refs(policy, files, documents))
    paths = shown_paths(policy, ps, found)
    result.files = [replace(f, shown_uri=paths[(f.source, f.uri)][NEUTRAL]) for f in result.files]
    rows, findings = _transform_and_shape(ctx, policy, documents, ps, result, paths=paths)
    result.vault = seal_batch(policy, [*documents, *path_documents(found)], ps, secret_lookup)
    result.canaries = probes.check(policy, ps)
    for target, target_rows in rows.items():
        if target_rows:
            path = ws.staging(ctx.run_id) / target / f"batch-{batch_no:05d}.parquet"
            result.rows[target] = write_rows(target_rows, policy.targets[target].kind, path)
            faults.point("batch:staged")
            dedup = dedup_config(policy.targets[target])
            if dedup is None:
                _gate(ctx, ws, target, path, result)
            else:  # validated after deduplication (governance/run/screen.py)
                write_sidecar(
                    path, [r.row_id for r in target_rows], (r.body() for r in target_rows), dedup
                )
                result.staged[target] = str(path)
    doc_rows = [(d.id, d.source, d.source_uri, d.format, d.language, d.content_hash,
                 read_flags(d.metadata)) for d in documents]  # fmt: skip
    folder = ws.staging(ctx.run_id) / "lineage"
    result.lineage_rows = write_batch_rows(folder, batch_no, doc_rows, findings)
    result.document_count = len(documents)
    faults.point("batch:done")
    return result


def _extract_and_detect(
    policy: Policy, files: list[SourceFile], result: BatchResult, detector: Detector, meters: Path
) -> list[Document]:
    """Read the files and scan their documents, in groups of whole files of about
    ``DETECT_GROUP_CHARS`` of text (a document's findings do not depend on its group),
    telling the batch's meter how many files are done after each group."""
    sources = {s.name: s for s in policy.sources}
    meter = BatchMeter(meters, result.batch_no)
    documents: list[Document] = []
    group: list[Document] = []
    files_done, bytes_done = 0.0, 0
    for i, file in enumerate(files):
        for doc in _extract(file, sources[file.source], result):
            doc.language = doc.language or detect_language(
                doc.text, policy.languages, policy.default_language
            )
            group.append(doc)
        files_done, bytes_done = files_done + 1 / file.parts, bytes_done + file.work_bytes
        if i == len(files) - 1 or sum(len(d.text) for d in group) >= DETECT_GROUP_CHARS:
            detector.detect(group)
            result.count("detect", documents=len(group),
                         findings=sum(len(d.findings) for d in group))  # fmt: skip
            documents.extend(group)
            group = []
            meter.files_done(files_done, bytes_done)
    return documents


def _gate(ctx: RunContext, ws: Workspace, target: str, path: Path, result: BatchResult) -> None:
    """Validate the staged batch here, in the worker; a failing one is quarantined."""
    row = validate_staged(ws, ctx.run_id, policy_of(ctx.config), target, path=path)
    if row is not None:
        result.validations.append(row)
    if row is not None and not row.success:
        result.blocked.append(target)
    if path.exists():  # passed, or failed under ``on_failure: warn`` (still staged)
        result.staged[target] = str(path)


def _extract(file: SourceFile, source: Source, result: BatchResult) -> list[Document]:
    """Read one file; an unreadable one is quarantined with its reason, never raised."""
    try:
        if file.size_bytes > source.max_file_bytes:
            raise InputError(
                f"file is {file.size_bytes} bytes; the source's max_file_bytes is "
                f"{source.max_file_bytes}"
            )
        data = read_discovered(file)
        docs = list(READERS[file.format](file, data, source))
        if not docs and file.parts == 1:  # a part may hold no records; its file does
            raise InputError("no documents: the file holds no readable records")
    except InputError as exc:
        result.files.append(_quarantined(file, exc.one_line(), exc))
        result.count("extract", quarantined=1)
        return []
    except Exception as exc:  # a reader bug must not stop the run or leak content
        reason = f"unexpected {type(exc).__name__} in the {file.format} reader"
        result.files.append(_quarantined(file, reason, exc))
        result.count("extract", quarantined=1)
        return []
    result.count("extract", files=1, documents=len(docs))
    state = FileState.PROCESSED
    result.files.append(
        FileOutcome(file.source, file.uri, file.content_hash, state, len(docs), parts=file.parts)
    )
    return docs


def _quarantined(file: SourceFile, reason: str, exc: BaseException) -> FileOutcome:
    return FileOutcome(
        file.source, file.uri, file.content_hash, FileState.QUARANTINED,
        reason=reason, error_class=type(exc).__name__, parts=file.parts,
    )  # fmt: skip


def _path_refs(policy: Policy, files: list[SourceFile], documents: list[Document]) -> list[PathRef]:
    """Each file's path, to be read in the language of the file's text (else its source's,
    else the policy's default)."""
    languages = {(d.source, d.source_uri): d.language for d in reversed(documents)}
    sources = {s.name: s for s in policy.sources}
    refs = []
    for f in files:
        fixed = sources[f.source].language
        default = fixed if fixed in policy.languages else policy.default_language
        refs.append(PathRef(f.source, f.uri, languages.get((f.source, f.uri)) or default))
    return refs


def _transform_and_shape(
    ctx: RunContext,
    policy: Policy,
    documents: list[Document],
    ps: Pseudonymizer,
    result: BatchResult,
    *,
    paths: dict[tuple[str, str], dict[str, str]],
) -> tuple[dict[str, list[Row]], list[FindingCount]]:
    """Each target's rows, and the finding counts per document and target."""
    sources = {s.name: s for s in policy.sources}
    findings: list[FindingCount] = []
    stamp = Stamp(policy.labels, ctx.run_id, ctx.policy_hash, ctx.key_id, ctx.run_date)
    held = held_for(Workspace.open(ctx.config.workspace).staging(ctx.run_id))  # erasures
    rows: dict[str, list[Row]] = {name: [] for name in policy.targets}
    for doc in documents:
        hits = held.hits(doc, ps) if held else []
        for name, target in policy.targets.items():
            out = transform(doc.text, doc.findings, target, doc.language or "en", ps)
            result.count("transform", documents=1, replaced=sum(out.counts.values()))
            findings.extend(_counts(doc.id, name, out.counts))
            produced, drops = shape_rows(
                doc, out, target, stamp, corpus=name, source=sources[doc.source],
                uri=paths[(doc.source, doc.source_uri)][name],
            )  # fmt: skip
            if held:
                produced, erased = held.hold(doc, produced, target, hits, ps, corpus=name)
                drops.extend(erased)
            result.drops.extend(drops)
            result.count("shape", rows=len(produced), dropped=len(drops))
            rows[name].extend(produced)
    return rows, findings


def _counts(doc_id: str, target: str, counts: Counter[tuple[str, str, str]]) -> list[FindingCount]:
    return [
        FindingCount(doc_id, target, entity, operator, detector, n)
        for (entity, operator, detector), n in sorted(counts.items())
    ]
