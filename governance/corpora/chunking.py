"""Sentence-aware chunking with a token budget and overlap.

The default tokenizer counts whitespace-separated words: it needs no download. Any
counter from ``governance.corpora.tokens`` (the policy's ``chunking.tokenizer``) can
be passed instead; a sentence longer than the budget is split between words so that
every part stays within it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from governance.corpora.tokens import Tokenizer, word_count

__all__ = ["Span", "Tokenizer", "chunk_spans", "sentences", "word_count"]

SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n\s*\n|\n(?=\s*[-*#>|])|\n")


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


def _split_long(text: str, span: Span, max_tokens: int, count: Tokenizer) -> Iterator[Span]:
    """Greedy word groups whose summed token counts fit the budget (a lone word may not)."""
    start = end = -1
    total = 0
    for word in re.finditer(r"\S+", text[span.start : span.end]):
        n = count(word.group())
        if start >= 0 and total + n > max_tokens:
            yield Span(span.start + start, span.start + end)
            start = -1
        if start < 0:
            start, total = word.start(), 0
        end, total = word.end(), total + n
    if start >= 0:
        yield Span(span.start + start, span.start + end)


def chunk_spans(
    text: str, max_tokens: int, overlap_tokens: int, count: Tokenizer = word_count
) -> list[Span]:
    """Spans of ``text`` that respect sentence boundaries and the token budget."""
    units: list[tuple[Span, int]] = []
    for s in sentences(text):
        n = count(text[s.start : s.end])
        parts = _split_long(text, s, max_tokens, count) if n > max_tokens else [s]
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
