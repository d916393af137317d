"""Plain text: the shared decoding helper every text format uses, and the ``txt`` reader.

Decoding is strict: UTF-8 first (a BOM is dropped), then a detected legacy encoding,
and a file that is binary, undecodable or blank raises ``InputError`` with a reason
that names the problem, never the content.
"""

from __future__ import annotations

import codecs
import re
import string
from collections.abc import Iterable, Iterator, Mapping

import charset_normalizer

from governance.errors import InputError
from governance.ingest.base import document_id, register
from governance.policy.model import Source
from governance.records import Document, Section, SourceFile

# C0 controls that never occur in text (tab, newline, vertical tab, form feed and
# carriage return do), plus DEL.
_CONTROL = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_SNIFF_BYTES = 8000
_MAX_CONTROL_RATIO = 0.05
# Detectors guess poorly on short texts (cp1250 for "São", big5 for "Pérez"), so the
# legacy encoding of English and Spanish data, Windows-1252 (what files labelled
# latin-1 really are), is tried first and kept when it reads as Latin-script text.
_PREFERRED_LEGACY = "cp1252"
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_LETTERS = string.ascii_letters.encode("ascii")
_MAX_NON_ASCII_LETTERS = 0.35
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def check_not_binary(data: bytes) -> None:
    """Raise when the bytes look like a binary file: NUL bytes or many control bytes.

    Like git, a NUL byte in the first 8000 bytes marks a file as binary; a text file
    also has almost no other control bytes.
    """
    controls = len(data) - len(data.translate(None, _CONTROL))
    ratio = controls / len(data) if data else 0.0
    has_nul = b"\x00" in data[:_SNIFF_BYTES]
    if has_nul or ratio > _MAX_CONTROL_RATIO:
        nul = "NUL bytes in the first 8000 bytes, " if has_nul else ""
        raise InputError(
            f"binary content: {nul}{ratio:.1%} NUL/control bytes",
            hint="only text formats are read; exclude this file or convert it to text",
        )


def decode_with_encoding(data: bytes) -> tuple[str, str]:
    """Decode a text file; returns the text (newlines normalized to ``\\n``) and encoding."""
    if not data:
        raise InputError("empty file")
    text, encoding = _decode_bom(data) or _decode_plain(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("empty file: only whitespace")
    return text, encoding


def decode(data: bytes) -> str:
    """Decode a text file to ``str``; see ``decode_with_encoding``."""
    return decode_with_encoding(data)[0]


def _decode_bom(data: bytes) -> tuple[str, str] | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.removesuffix("-sig")
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"invalid {encoding} after its byte order mark at byte {exc.start}"
                ) from exc
    return None


def _decode_plain(data: bytes) -> tuple[str, str]:
    check_not_binary(data)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        fallback = _detect(data)
        if fallback is None:
            raise InputError(
                f"invalid UTF-8 at byte {exc.start} and no fallback encoding decodes it",
                hint="re-encode the file as UTF-8",
            ) from exc
        return fallback


def _detect(data: bytes) -> tuple[str, str] | None:
    """A legacy encoding: Windows-1252 when it reads as Latin text, else detection."""
    western = _plausible_cp1252(data)
    if western is not None:
        return western, _PREFERRED_LEGACY
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    for match in matches:
        if match.chaos <= best.chaos and _PREFERRED_LEGACY in match.could_be_from_charset:
            return data.decode(_PREFERRED_LEGACY), _PREFERRED_LEGACY
    return str(best), best.encoding


def _plausible_cp1252(data: bytes) -> str | None:
    """The Windows-1252 text when few of its letters are non-ASCII, as in Latin prose.

    Cyrillic, Greek, Hebrew, Arabic or CJK bytes read as Windows-1252 come out as
    words made only of accented letters and symbols (``Ïðèâåò``).
    """
    try:
        text = data.decode(_PREFERRED_LEGACY)
    except UnicodeDecodeError:
        return None
    high = sum(ch.isalpha() for ch in _NON_ASCII.findall(text))
    ascii_letters = len(data) - len(data.translate(None, _ASCII_LETTERS))
    return text if high <= _MAX_NON_ASCII_LETTERS * (high + ascii_letters) else None


def source_language(source: Source) -> str | None:
    """The source's declared language, or None when a later stage must detect it."""
    return None if source.language == "auto" else source.language


def make_document(
    file: SourceFile,
    source: Source,
    text: str,
    *,
    part: str = "",
    sections: Iterable[Section] = (),
    metadata: Mapping[str, str] | None = None,
    language: str | None = None,
) -> Document:
    """A Document located in ``file`` (``part`` names where inside it, e.g. ``row=3``)."""
    return Document(
        id=document_id(file, part),
        text=text,
        source=file.source,
        source_uri=file.uri,
        format=file.format,
        content_hash=file.content_hash,
        language=language or source_language(source),
        sections=tuple(sections),
        metadata=dict(metadata or {}),
    )


@register("txt")
def read_text(file: SourceFile, data: bytes, source: Source) -> Iterator[Document]:
    """One Document with the whole decoded text."""
    text, encoding = decode_with_encoding(data)
    yield make_document(file, source, text, metadata={"encoding": encoding})
