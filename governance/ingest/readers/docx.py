"""Word documents (``.docx``): paragraphs and tables in body order (python-docx).

One Document per file. Paragraphs are lines; a table is one line per row with its
cells joined by `` | `` (a merged cell once), and a ``table:<n>`` section spans it.
Text outside the body is read too, each part under its own section: page headers
(``header``, before the body, each distinct one once), then text boxes (``textbox``),
footers (``footer``), footnotes, endnotes and comments; a letterhead or a reviewer's
comment is often the only place a name appears. A DOCX is a ZIP container:
its declared uncompressed size is checked against ``max_archive_bytes`` before it is
opened, and python-docx parses its XML without resolving entities. Password-protected
(and legacy ``.doc``) files are OLE compound documents and are quarantined as such.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any

import docx
from docx.document import Document as WordDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree
from lxml.etree import LxmlError

from governance.errors import InputError
from governance.ingest.base import register
from governance.ingest.errors import CorruptFile
from governance.ingest.readers.office import check_package
from governance.ingest.readers.text import make_document
from governance.policy.model import Source
from governance.records import Document, Section, SourceFile

CELL_SEPARATOR = " | "
_PARSE_ERRORS = (
    zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, LxmlError, zlib.error,
    EOFError, NotImplementedError, AttributeError, TypeError, IndexError,
)  # fmt: skip


def open_docx(file: SourceFile, data: bytes, source: Source) -> WordDocument:
    try:  # the package's own refusals are InputErrors and pass through
        check_package(file, data, source, kind="DOCX", program="Word")
        return docx.Document(io.BytesIO(data))
    except _PARSE_ERRORS as exc:
        raise CorruptFile(
            f"corrupt DOCX: python-docx cannot open it ({type(exc).__name__})"
        ) from exc


def cell_text(cell: Any) -> str:
    """A cell's paragraphs and the rows of any table nested in it (forms nest tables; a
    cell's ``text`` holds its own paragraphs only), on one line."""
    parts = [
        " ; ".join(table_lines(item)) if isinstance(item, Table) else item.text
        for item in cell.iter_inner_content()
    ]
    return " ".join(" ".join(parts).split())


def table_lines(table: Table) -> list[str]:
    """One line per row; a merged cell (the same cell repeated) appears once."""
    lines: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        previous: object = None
        for cell in row.cells:
            if cell._tc is not previous:
                cells.append(cell_text(cell))
            previous = cell._tc
        if any(cells):
            lines.append(CELL_SEPARATOR.join(cells))
    return lines


def blocks(document: WordDocument) -> Iterator[tuple[str, str]]:
    """``("p", text)`` and ``("table", text)`` blocks in body order, empty ones left out."""
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = item.text.strip()
            if text:
                yield "p", text
        elif isinstance(item, Table):
            rows = table_lines(item)
            if rows:
                yield "table", "\n".join(rows)


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Parts outside the body, by the section their text gets.
NOTE_PARTS = {"footnotes": "/word/footnotes.xml", "endnotes": "/word/endnotes.xml",
              "comments": "/word/comments.xml"}  # fmt: skip


def _paragraph_texts(element: Any) -> list[str]:
    """The text of each ``w:p`` under ``element``, not inside another's text box copy."""
    out: list[str] = []
    for p in element.iter(f"{W}p"):
        if any(a.tag == MC_FALLBACK for a in p.iterancestors()):
            continue  # the VML copy of a text box that mc:Choice holds too
        text = "".join(t.text or "" for t in p.iter(f"{W}t")).strip()
        if text:
            out.append(text)
    return out


def _story_lines(story: Any) -> list[str]:
    """A header's or footer's paragraphs and table rows."""
    lines: list[str] = []
    for item in story.iter_inner_content():
        if isinstance(item, Paragraph) and item.text.strip():
            lines.append(item.text.strip())
        elif isinstance(item, Table):
            lines += table_lines(item)
    return lines


def outer_parts(document: WordDocument) -> dict[str, list[str]]:
    """Text outside the body: ``header``, ``textbox``, ``footer``, ``footnotes``,
    ``endnotes``, ``comments`` -> their lines (a header repeated by sections once)."""
    out: dict[str, list[str]] = {}
    for name in ("header", "footer"):
        seen: set[str] = set()
        for section in document.sections:
            for story in (getattr(section, name), getattr(section, f"first_page_{name}"),
                          getattr(section, f"even_page_{name}")):  # fmt: skip
                if story.is_linked_to_previous:
                    continue
                lines = _story_lines(story)
                key = "\n".join(lines)
                if lines and key not in seen:
                    seen.add(key)
                    out.setdefault(name, []).extend(lines)
    boxes = [t for box in document.element.body.iter(f"{W}txbxContent")
             for t in _paragraph_texts(box)]  # fmt: skip
    if boxes:
        out["textbox"] = list(dict.fromkeys(boxes))
    parts = {str(p.partname): p for p in document.part.package.iter_parts()}
    for name, partname in NOTE_PARTS.items():
        part = parts.get(partname)
        if part is not None:
            lines = _paragraph_texts(safe_xml(part.blob))
            if lines:
                out[name] = lines
    return out


def safe_xml(blob: bytes) -> Any:
    """A part's XML, parsed without entities, DTDs or network access."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)  # fmt: skip
    return etree.fromstring(blob, parser)


@register("docx")
def read_docx(file: SourceFile, data: bytes, source: Source) -> Iterator[Document]:
    """One Document: headers, then paragraphs and tables (one line each; a table one line
    per row), then text boxes, footers, footnotes, endnotes and comments."""
    document = open_docx(file, data, source)
    text = ""
    sections: list[Section] = []
    counts = {"p": 0, "table": 0}

    def add(block: str, section: str | None) -> None:
        nonlocal text
        text += "\n" if text else ""
        if section:
            sections.append(Section(section, len(text), len(text) + len(block)))
        text += block

    try:
        outer = outer_parts(document)
        if "header" in outer:
            add("\n".join(outer.pop("header")), "header")
        for kind, block in blocks(document):
            counts[kind] += 1
            add(block, f"table:{counts['table']}" if kind == "table" else None)
        for name in ("textbox", "footer", "footnotes", "endnotes", "comments"):
            if name in outer:
                add("\n".join(outer[name]), name)
    except _PARSE_ERRORS as exc:
        raise CorruptFile(f"corrupt DOCX: its body cannot be read ({type(exc).__name__})") from exc
    if not text:
        raise InputError("empty document: no paragraph or table text")
    metadata = {"paragraphs": str(counts["p"]), "tables": str(counts["table"])}
    parts = [s.name for s in sections if not s.name.startswith("table:")]
    if parts:
        metadata["parts"] = ",".join(parts)
    yield make_document(file, source, text, sections=sections, metadata=metadata)
