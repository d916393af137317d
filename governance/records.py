"""The record types that flow between stages.

A ``Document`` carries raw text and lives only inside one unit of work (extract,
detect, transform). Everything that leaves the unit is either pseudonymized
(``Chunk``, ``FinetuneRecord``) or value-free (``FileOutcome``, ``FindingCount``,
``OutputLink``). A ``Finding`` holds offsets and a type, never the matched text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum


def stable_id(*parts: str, size: int = 16) -> str:
    """A deterministic id from a source location (never from a position in a run)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:size]


def file_id(source: str, uri: str) -> str:
    """The id of a source file in corpus rows (carry-forward matches on it) and in what
    names a file outside lineage; lineage maps it back to the file's path."""
    return stable_id(source, uri)


def hidden_path(source: str, uri: str) -> str:
    """How a file whose path no detector has read is named outside lineage: its id and its
    extension (``[file 3f9a2c1d0b7e4a51].pdf``); lineage maps the id to the path."""
    name = uri.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    ext = name[dot:] if dot > 0 and len(name) - dot <= 8 else ""
    return f"[file {file_id(source, uri)}]{ext}"


class FileState(StrEnum):
    """Every discovered file ends a run in exactly one of these states."""

    PROCESSED = "processed"
    UNCHANGED = "unchanged"
    QUARANTINED = "quarantined"
    SKIPPED = "skipped"
    DELETED = "deleted"


@dataclass(slots=True, frozen=True)
class Finding:
    """A detected span of personal data: offsets into the document text, no value."""

    entity_type: str
    start: int
    end: int
    score: float
    recognizer: str


@dataclass(slots=True, frozen=True)
class Section:
    """A named field inside a document's text, such as a ticket's ``body``."""

    name: str
    start: int
    end: int


@dataclass(slots=True)
class Document:
    """One readable unit of a source: a file, a table row, a message of a mailbox."""

    id: str
    text: str
    source: str
    source_uri: str
    format: str
    content_hash: str
    language: str | None = None
    sections: tuple[Section, ...] = ()
    metadata: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


@dataclass(slots=True, frozen=True)
class SourceFile:
    """A discovered file: where it is, which policy source found it, its content hash."""

    source: str
    path: str
    uri: str
    size_bytes: int
    content_hash: str
    format: str
    # A large table is read as ``parts`` units of work; this one holds the ``part``-th
    # share of its records (``governance.ingest.parts``). Every part parses the whole file.
    part: int = 0
    parts: int = 1

    @property
    def work_bytes(self) -> int:
        """The bytes this unit of work stands for (its share of a split file)."""
        return -(-self.size_bytes // self.parts)


@dataclass(slots=True, frozen=True)
class FileStat:
    """What one ``stat`` of a source file said. While all four values stay the same, the
    content hash recorded with them is re-used instead of reading the file again."""

    size_bytes: int
    mtime_ns: int
    ctime_ns: int
    inode: int


GATE_FAILED = "GateFailed"  # the error class of a file held back by the quality gate


@dataclass(slots=True, frozen=True)
class FileOutcome:
    """The end state of one discovered file in one run, with the reason when not processed."""

    source: str
    uri: str
    content_hash: str
    state: FileState
    documents: int = 0
    reason: str | None = None
    error_class: str | None = None
    rule: str | None = None
    parts: int = 1  # >1: the outcome of one part of a split file, merged before lineage
    # the path with its personal parts as keyed tokens (governance.privacy.paths), set by
    # the worker that read it; None when no detector saw the path (skipped, deleted files)
    shown_uri: str | None = None


@dataclass(slots=True, frozen=True)
class Quarantined:
    """A file the last run that saw it quarantined: its content and treatment hashes, the
    code version that could not read it, and why (a reason names no content)."""

    content_hash: str
    treatment_hash: str
    code_version: str
    reason: str
    error_class: str | None


@dataclass(slots=True, frozen=True)
class FindingCount:
    """How many spans of one entity type a document had, and how a target treated them."""

    doc_id: str
    target: str
    entity_type: str
    operator: str
    detector: str
    count: int


@dataclass(slots=True)
class Chunk:
    """A RAG row: pseudonymized text with a stable id and its span in the source."""

    chunk_id: str
    doc_id: str
    text: str
    source_start: int
    source_end: int
    title: str | None = None
    language: str | None = None


@dataclass(slots=True)
class FinetuneRecord:
    """A fine-tuning row: plain text for continued pre-training, or chat messages."""

    record_id: str
    doc_id: str
    kind: str
    text: str | None = None
    messages: list[dict[str, str]] | None = None
    language: str | None = None


@dataclass(slots=True, frozen=True)
class Drop:
    """A record removed while shaping, with its reason (never silent)."""

    doc_id: str
    corpus: str
    reason: str
