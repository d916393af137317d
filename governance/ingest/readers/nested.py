"""Files inside files: ZIP entries and e-mail attachments, read in memory as child documents.

A child is read by the reader of its own format, as if it were a file located at
``<parent location>#entry=<name>`` or ``#attachment=<n>``; its ids derive from that
location, so they are stable and distinct from the parent's. Its ``source_uri`` stays
the discovered file's (the unit of incremental runs, deletion and erasure), and
``metadata["location"]`` keeps where inside it the document came from.

Everything read out of one discovered file shares one ``Budget``: nesting depth, total
bytes and entry count are bounded by the source's ``max_archive_*`` limits, so a ZIP
bomb (nested, overlapping or lying about its sizes) is quarantined, never expanded.
Nothing is ever written to disk.

Members succeed or fail one by one (``Members``): an empty DOCX inside an e-mail, or one
bad message of a mailbox, is recorded on its container's documents
(``metadata["members_failed"]`` and its reasons, which name members by number and
format, never by name) while the other members are read. A container none of whose
members could be read is quarantined with the first member's reason; a limit
(``ArchiveLimit``: a ZIP bomb) always quarantines the whole file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from governance.errors import InputError
from governance.ingest.base import EXTENSIONS, READERS
from governance.ingest.errors import ArchiveLimit
from governance.policy.model import Source
from governance.records import Document, SourceFile

LIMITS_HINT = "raise the source's max_archive_* limits if the file is trusted, else remove it"


@dataclass(slots=True)
class Budget:
    """What one discovered file may expand to, and how much of it is used."""

    root_uri: str
    max_depth: int
    max_bytes: int
    max_entries: int
    depth: int = 0
    bytes_read: int = 0
    entries: int = 0

    def remaining(self) -> int:
        return self.max_bytes - self.bytes_read

    def check_declared(self, declared: int, what: str) -> None:
        """Refuse before reading when a container declares more than the budget has left."""
        if declared > self.remaining():
            raise ArchiveLimit(
                f"{what} declares {declared} uncompressed bytes; max_archive_bytes leaves "
                f"{self.remaining()} of {self.max_bytes} (a ZIP bomb?)",
                hint=LIMITS_HINT,
            )

    def take(self, size: int) -> None:
        self.entries += 1
        self.bytes_read += size
        if self.entries > self.max_entries:
            raise ArchiveLimit(
                f"more than max_archive_entries={self.max_entries} entries and attachments",
                hint=LIMITS_HINT,
            )
        if self.bytes_read > self.max_bytes:
            raise ArchiveLimit(
                f"expands to more than max_archive_bytes={self.max_bytes} bytes (a ZIP bomb?)",
                hint=LIMITS_HINT,
            )


_BUDGET: ContextVar[Budget | None] = ContextVar("governance_ingest_budget", default=None)


@contextmanager
def budget_for(file: SourceFile, source: Source) -> Iterator[Budget]:
    """The budget of the discovered file being read (a new one at the top level)."""
    current = _BUDGET.get()
    if current is not None:
        yield current
        return
    budget = Budget(
        file.uri, source.max_archive_depth, source.max_archive_bytes, source.max_archive_entries
    )
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


def format_of(name: str, source: Source | None = None) -> str | None:
    """The reader format of an entry or attachment file name, from its extension; images
    only where the source reads by OCR (elsewhere they are not read, as at the top level)."""
    dot = name.rfind(".")
    return readable(EXTENSIONS.get(name[dot:].lower()) if dot > name.rfind("/") else None, source)


def readable(fmt: str | None, source: Source | None) -> str | None:
    """``fmt``, unless it is an image and the source does not read by OCR."""
    if fmt == "image" and not (source is not None and source.ocr.enabled):
        return None
    return fmt


def read_child(
    parent: SourceFile, source: Source, *, location: str, label: str, fmt: str, data: bytes
) -> list[Document]:
    """Documents of one child; its errors are re-raised naming ``label`` (``entry 2 (pdf)``)."""
    budget = _BUDGET.get()
    if budget is None:  # pragma: no cover - a container reader forgot budget_for
        raise RuntimeError("read_child outside budget_for")
    budget.take(len(data))
    if budget.depth + 1 > budget.max_depth:
        raise ArchiveLimit(
            f"{label} is nested {budget.depth + 1} levels deep; max_archive_depth is "
            f"{budget.max_depth}",
            hint=LIMITS_HINT,
        )
    if len(data) > source.max_file_bytes:
        raise ArchiveLimit(
            f"{label} is {len(data)} bytes; the source's max_file_bytes is {source.max_file_bytes}"
        )
    child = SourceFile(parent.source, parent.path, location, len(data), parent.content_hash, fmt)
    budget.depth += 1
    try:
        docs = list(READERS[fmt](child, data, source))
    except InputError as exc:
        raise type(exc)(f"{label}: {exc.message}", hint=exc.hint) from exc
    finally:
        budget.depth -= 1
    for doc in docs:
        doc.metadata.setdefault("location", doc.source_uri)
        doc.source_uri = budget.root_uri
    return docs


@dataclass(slots=True)
class Members:
    """What happened to the members of one container: failures kept, not raised."""

    errors: list[InputError] = field(default_factory=list)

    def read(self, member: Callable[[], list[Document]]) -> list[Document]:
        """``member()``'s documents, or none when it fails (its error recorded)."""
        try:
            return member()
        except ArchiveLimit:
            raise
        except InputError as exc:
            self.errors.append(exc)
            return []

    def finish(self, docs: list[Document]) -> list[Document]:
        """``docs`` with the failures recorded on each; the first failure raised when
        no member could be read."""
        if self.errors and not docs:
            raise self.errors[0]
        if self.errors:
            reasons = "; ".join(f"{type(e).__name__}: {e.message}" for e in self.errors)
            for doc in docs:
                doc.metadata["members_failed"] = str(len(self.errors))
                doc.metadata["members_failed_reasons"] = reasons
        return docs
