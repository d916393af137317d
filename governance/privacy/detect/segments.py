"""Split documents into the pieces the analyzer reads: one language each, bounded size.

A document is read in its own language. When its source leaves the language to the
pipeline (``language: auto``) and its fields disagree (a Spanish ticket body with an
English reply), each long enough field is read in its own language. Very long texts
are cut at line breaks so spaCy's length limit and memory stay bounded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from governance.privacy.detect.language import detect_language
from governance.records import Document

MAX_SEGMENT = 100_000
MIN_FIELD_CHARS = 60


@dataclass(frozen=True, slots=True)
class Segment:
    doc: int
    start: int
    end: int
    language: str


def segments(
    index: int, doc: Document, languages: Iterable[str], default: str, per_field: bool
) -> list[Segment]:
    language = doc.language or default
    pieces = _fields(doc, list(languages), language) if per_field else []
    if not pieces:
        pieces = [(0, len(doc.text), language)]
    return [
        Segment(index, s, e, lang)
        for start, end, lang in pieces
        for s, e in _bounded(doc.text, start, end)
    ]


def _fields(doc: Document, languages: list[str], language: str) -> list[tuple[int, int, str]]:
    if len(languages) < 2 or len(doc.sections) < 2:
        return []
    found = [
        (s.start, s.end, detect_language(doc.text[s.start : s.end], languages, language))
        if s.end - s.start >= MIN_FIELD_CHARS
        else (s.start, s.end, language)
        for s in sorted(doc.sections, key=lambda s: s.start)
        if s.end > s.start
    ]
    if all(lang == language for _, _, lang in found) or _overlapping(found):
        return []
    out: list[tuple[int, int, str]] = []
    cursor = 0
    for start, end, lang in found:
        if start > cursor:
            out.append((cursor, start, language))
        out.append((start, end, lang))
        cursor = end
    if cursor < len(doc.text):
        out.append((cursor, len(doc.text), language))
    return out


def _overlapping(found: list[tuple[int, int, str]]) -> bool:
    return any(b[0] < a[1] for a, b in pairwise(found))


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    while end - start > MAX_SEGMENT:
        cut = text.rfind("\n", start + MAX_SEGMENT // 2, start + MAX_SEGMENT)
        if cut < 0:
            cut = text.rfind(" ", start + MAX_SEGMENT // 2, start + MAX_SEGMENT)
        cut = cut + 1 if cut >= 0 else start + MAX_SEGMENT
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out
