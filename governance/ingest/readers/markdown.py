"""Markdown: the text as written, with one section per heading-delimited block.

No title is taken from the content: a heading may name a person, and titles are
derived later from pseudonymized text. Sections are ``h:0`` for any text before the
first heading, then ``h:1``, ``h:2``, ... for each ATX heading (``#`` to ``######``)
up to the next heading; headings inside fenced code blocks do not count.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from governance.ingest.base import register
from governance.ingest.readers.text import decode_with_encoding, make_document
from governance.policy.model import Source
from governance.records import Document, Section, SourceFile

_ATX_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


def heading_offsets(text: str) -> list[int]:
    """Start offsets of the lines that are ATX headings outside fenced code."""
    offsets: list[int] = []
    fence = ""
    pos = 0
    for line in text.split("\n"):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1).startswith(fence) and not line[opened.end() :].strip():
                fence = ""
        elif opened:
            fence = opened.group(1)
        elif _ATX_HEADING.match(line):
            offsets.append(pos)
        pos += len(line) + 1
    return offsets


def heading_sections(text: str) -> list[Section]:
    """One section per heading block (``h:1``...), plus ``h:0`` for a preamble."""
    starts = heading_offsets(text)
    bounds = list(zip([0, *starts], [*starts, len(text)], strict=True))
    sections: list[Section] = []
    for index, (start, end) in enumerate(bounds):
        block = text[start:end].rstrip()
        if block.strip():
            sections.append(Section(f"h:{index}", start, start + len(block)))
    return sections


@register("md")
def read_markdown(file: SourceFile, data: bytes, source: Source) -> Iterator[Document]:
    """One Document: the markdown as is, sectioned by headings."""
    text, encoding = decode_with_encoding(data)
    yield make_document(
        file, source, text, sections=heading_sections(text), metadata={"encoding": encoding}
    )
