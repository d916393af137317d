"""The reader family: one small reader per format, registered by format name.

A reader turns the bytes of one source file into Documents. It raises
``InputError`` (with a reason that names no personal value) when the file cannot be
read; the caller quarantines the file and the run goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Protocol

from governance.errors import InputError
from governance.policy.model import Source
from governance.records import Document, SourceFile, stable_id


class Reader(Protocol):
    def __call__(self, file: SourceFile, data: bytes, source: Source) -> Iterator[Document]: ...


READERS: dict[str, Reader] = {}

EXTENSIONS: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".eml": "eml",
    ".csv": "csv",
    ".tsv": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".mbox": "mbox",
    ".parquet": "parquet",
    ".pdf": "pdf",
    ".docx": "docx",
    ".zip": "zip",
}


def register(*formats: str) -> Callable[[Reader], Reader]:
    """Class-free registry decorator: ``@register("md")`` on a reader function."""

    def deco(reader: Reader) -> Reader:
        for name in formats:
            READERS[name] = reader
        return reader

    return deco


def document_id(file: SourceFile, part: str = "") -> str:
    """Deterministic id from the source location: source name, relative path, part."""
    return stable_id(file.source, file.uri, part)


def check_not_empty(data: bytes) -> None:
    """Binary formats: an empty (or all-whitespace) file is quarantined as such."""
    if not data.strip():
        raise InputError("empty file")
