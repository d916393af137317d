"""Slides (``.pptx``): every slide's text, tables and speaker notes (python-pptx).

One Document per presentation. Each slide is a ``slide:<k>`` section (slides numbered
from 1 in presentation order): the text of its shapes in reading order (group shapes
opened, a table one line per row with cells joined by `` | ``), then its speaker notes
under ``notes:<k>``. Slide titles and notes name people as often as body text does.
Like a DOCX, the package's declared size is checked against ``max_archive_bytes`` before
it is opened, and a password-protected (OLE) file is quarantined as encrypted.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any

from governance.errors import InputError
from governance.ingest.base import register
from governance.ingest.errors import CorruptFile
from governance.ingest.readers.office import check_package
from governance.ingest.readers.text import make_document
from governance.policy.model import Source
from governance.records import Document, Section, SourceFile

CELL_SEPARATOR = " | "


def shape_lines(shape: Any) -> list[str]:
    """The text of one shape: a group's members, a table's rows, a text frame's lines."""
    if getattr(shape, "shape_type", None) is not None and hasattr(shape, "shapes"):
        return [line for member in shape.shapes for line in shape_lines(member)]
    if getattr(shape, "has_table", False):
        rows = []
        for row in shape.table.rows:
            cells = [" ".join(c.text.split()) for c in row.cells]
            if any(cells):
                rows.append(CELL_SEPARATOR.join(cells))
        return rows
    if getattr(shape, "has_text_frame", False):
        return [p for p in (" ".join(par.text.split()) for par in shape.text_frame.paragraphs) if p]
    return []


def slide_blocks(data: bytes) -> list[tuple[str, str]]:
    """(section, text) of every slide and its notes, in order."""
    from pptx import Presentation

    deck = Presentation(io.BytesIO(data))
    blocks = []
    for k, slide in enumerate(deck.slides, start=1):
        lines = [line for shape in slide.shapes for line in shape_lines(shape)]
        if lines:
            blocks.append((f"slide:{k}", "\n".join(lines)))
        if slide.has_notes_slide:
            notes = slide.notes_slide.notes_text_frame
            text = "\n".join(line for line in (notes.text.splitlines() if notes else []) if line)
            if text.strip():
                blocks.append((f"notes:{k}", text))
    return blocks


@register("pptx")
def read_pptx(file: SourceFile, data: bytes, source: Source) -> Iterator[Document]:
    """One Document: each slide's text and notes, a section each."""
    from lxml.etree import LxmlError
    from pptx.exc import PackageNotFoundError

    try:  # the package's own refusals are InputErrors and pass through
        check_package(file, data, source, kind="PPTX", program="PowerPoint")
        blocks = slide_blocks(data)
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, LxmlError,
            zlib.error, AttributeError, TypeError) as exc:  # fmt: skip
        raise CorruptFile(
            f"corrupt PPTX: python-pptx cannot read it ({type(exc).__name__})"
        ) from exc
    if not blocks:
        raise InputError("empty presentation: no slide has text")
    text, sections = "", []
    for name, block in blocks:
        text += "\n\n" if text else ""
        sections.append(Section(name, len(text), len(text) + len(block)))
        text += block
    slides = sum(1 for name, _ in blocks if name.startswith("slide:"))
    metadata = {"slides": str(slides), "notes": str(len(blocks) - slides)}
    yield make_document(file, source, text, sections=sections, metadata=metadata)
