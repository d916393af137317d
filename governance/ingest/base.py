"""The reader family: one small reader per format, registered by format name.

A reader turns the bytes of one source file into Documents. It raises
``InputError`` (with a reason that names no personal value) when the file cannot be
read; the caller quarantines the file and the run goes on.
"""

from __future__ import annotations

import errno
import hashlib
from collections.abc import Callable, Iterator
from typing import Protocol

from governance.errors import InputError
from governance.hashing import NotRegularFile, open_source
from governance.ingest.errors import ChangedFile
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
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xls",
    ".ods": "ods",
    ".pptx": "pptx",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
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


def read_discovered(file: SourceFile) -> bytes:
    """The bytes of ``file`` exactly as discovery saw them: opened without following a link,
    only a regular file, of the discovered size and content hash. Anything else raises
    ``ChangedFile`` (the file is quarantined for this run, never read in its new form)."""
    try:
        with open_source(file.path) as fh:
            data = fh.read(file.size_bytes + 1)
    except FileNotFoundError:
        raise ChangedFile("removed after discovery") from None
    except NotRegularFile:
        raise ChangedFile("no longer a regular file (a pipe, socket or device)") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ChangedFile("replaced by a symbolic link after discovery") from None
        raise InputError(f"cannot be opened ({type(exc).__name__})") from None
    if len(data) != file.size_bytes:
        raise ChangedFile(f"size changed after discovery ({file.size_bytes} bytes then)")
    if hashlib.sha256(data).hexdigest() != file.content_hash:
        raise ChangedFile("content changed after discovery (another content hash)")
    return data
