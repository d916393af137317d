"""The record types that flow between stages.

A ``Document`` carries raw text and lives only inside one unit of work (extract,
detect, transform). Everything that leaves the unit is either pseudonymized
(``Chunk``, ``FinetuneRecord``) or value-free (``FileOutcome``, ``FindingCount``,
``OutputLink``). A ``Finding`` holds offsets and a type, never the matched text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


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


@dataclass(slots=True, frozen=True)
class RowLabels:
    """What every corpus row carries besides its content: where it came from (the path
    as its target publishes it), its governance labels, and the run that wrote it."""

    source: str
    source_uri: str
    file_id: str
    classification: str
    allowed_groups: list[str]
    legal_basis: str
    retention_until: date
    policy_hash: str
    run_id: str
    key_id: str

    def columns(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _LABEL_COLUMNS}


_LABEL_COLUMNS = tuple(RowLabels.__dataclass_fields__)


@dataclass(slots=True)
class Chunk:
    """A RAG row: pseudonymized text with a stable id, its headings and its span in the
    source (offsets into the raw text, which lineage maps back)."""

    chunk_id: str
    doc_id: str
    text: str
    title: str | None
    headings: list[str] | None
    language: str | None
    source_start: int
    source_end: int
    pii_replaced: int
    labels: RowLabels

    @property
    def row_id(self) -> str:
        return self.chunk_id

    def body(self) -> str:
        """The text a filter or the deduplicator judges."""
        return self.text

    def shown(self) -> list[str]:
        """Every text field a reader of the corpus sees."""
        return [t for t in (self.text, self.title) if t]

    def columns(self) -> dict[str, Any]:
        """The row as its corpus's Arrow schema names it (``corpora/schemas.py``)."""
        row = {name: getattr(self, name) for name in _CHUNK_COLUMNS}
        row.update(self.labels.columns())
        return row


@dataclass(slots=True)
class FinetuneRecord:
    """A fine-tuning row: plain text for continued pre-training (``kind`` "text"), or
    chat messages (``kind`` "chat", ``text`` None)."""

    record_id: str
    doc_id: str
    kind: str
    text: str | None
    messages: list[dict[str, str]] | None
    language: str | None
    pii_replaced: int
    labels: RowLabels

    @property
    def row_id(self) -> str:
        return self.record_id

    def body(self) -> str:
        """The text a filter or the deduplicator judges: the text, or the chat's turns."""
        return body_text(self.text, self.messages)

    def shown(self) -> list[str]:
        """Every text field a reader of the corpus sees."""
        turns = [str(m.get("content")) for m in self.messages or [] if m.get("content")]
        return [self.text, *turns] if self.text else turns

    def columns(self) -> dict[str, Any]:
        """The row as its corpus's Arrow schema names it (``corpora/schemas.py``)."""
        row = {name: getattr(self, name) for name in _RECORD_COLUMNS}
        row.update(self.labels.columns())
        return row


def body_text(text: str | None, messages: Sequence[Mapping[str, Any]] | None) -> str:
    """What a filter or the deduplicator judges of a fine-tuning row: its text, or its
    chat's turns (a typed row's ``body()``, or a row read back from Arrow)."""
    if text is not None:
        return str(text)
    return "\n\n".join(str(m["content"]) for m in messages or [])


_CHUNK_COLUMNS = tuple(c for c in Chunk.__dataclass_fields__ if c != "labels")
_RECORD_COLUMNS = tuple(c for c in FinetuneRecord.__dataclass_fields__ if c != "labels")
Row = Chunk | FinetuneRecord
"""A corpus row as shaping emits it; it becomes Arrow only where it is written."""


@dataclass(slots=True, frozen=True)
class Drop:
    """A record removed while shaping, with its reason (never silent)."""

    doc_id: str
    corpus: str
    reason: str
