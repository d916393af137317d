"""Sentence-aware chunking with a token budget and overlap.

The default tokenizer counts whitespace-separated words: it needs no download and
over-counts rather than under-counts for most subword tokenizers' budgets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n\s*\n|\n(?=\s*[-*#>|])|\n")

Tokenizer = Callable[[str], int]


def word_count(text: str) -> int:
    return len(text.split())


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


def sentences(text: str) -> list[Span]:
    out: list[Span] = []
    start = 0
    for m in SENTENCE_END.finditer(text):
        if text[start : m.start()].strip():
            out.append(Span(start, m.start()))
        start = m.end()
    if text[start:].strip():
        out.append(Span(start, len(text.rstrip())))
    return out


def _split_long(text: str, span: Span, max_tokens: int) -> Iterator[Span]:
    words = list(re.finditer(r"\S+", text[span.start : span.end]))
    for i in range(0, len(words), max_tokens):
        group = words[i : i + max_tokens]
        yield Span(span.start + group[0].start(), span.start + group[-1].end())


def chunk_spans(
    text: str, max_tokens: int, overlap_tokens: int, count: Tokenizer = word_count
) -> list[Span]:
    """Spans of ``text`` that respect sentence boundaries and the token budget."""
    units: list[tuple[Span, int]] = []
    for s in sentences(text):
        n = count(text[s.start : s.end])
        parts = _split_long(text, s, max_tokens) if n > max_tokens else [s]
        units.extend((p, count(text[p.start : p.end])) for p in parts)
    chunks: list[Span] = []
    i = 0
    while i < len(units):
        j, total = i, 0
        while j < len(units) and (j == i or total + units[j][1] <= max_tokens):
            total += units[j][1]
            j += 1
        chunks.append(Span(units[i][0].start, units[j - 1][0].end))
        if j >= len(units):
            break
        back, carried = j, 0
        while back - 1 > i and carried + units[back - 1][1] <= overlap_tokens:
            back -= 1
            carried += units[back][1]
        i = back
    return chunks
