"""Word documents (``.docx``): paragraphs and tables in body order (python-docx).

One Document per file. Paragraphs are lines; a table is one line per row with its
cells joined by `` | `` (a merged cell once), and a ``table:<n>`` section spans it.
Headers, footers, comments and text boxes are not read. A DOCX is a ZIP container:
its declared uncompressed size is checked against ``max_archive_bytes`` before it is
opened, and python-docx parses its XML without resolving entities. Password-protected
(and legacy ``.doc``) files are OLE compound documents and are quarantined as such.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator

import docx
from docx.document import Document as WordDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml.etree import LxmlError

from governance.errors import InputError
from governance.ingest.base import check_not_empty, register
from governance.ingest.errors import CorruptFile, EncryptedFile
from governance.ingest.readers.nested import budget_for
from governance.ingest.readers.text import make_document
from governance.policy.model import Source
from governance.records import Document, Section, SourceFile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CELL_SEPARATOR = " | "
_PARSE_ERRORS = (
    zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, LxmlError, zlib.error,
    EOFError, NotImplementedError, AttributeError, TypeError, IndexError,
)  # fmt: skip


def open_docx(file: SourceFile, data: bytes, source: Source) -> WordDocument:
    check_not_empty(data)
    if data.startswith(OLE_MAGIC):
        raise EncryptedFile(
            "password-protected or legacy binary Word file (OLE container), not a DOCX",
            hint="remove the password, or save it as .docx",
        )
    if not data.startswith(b"PK"):
        raise CorruptFile("not a DOCX: not a ZIP container (is the file mislabelled?)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            declared = sum(info.file_size for info in package.infolist())
        with budget_for(file, source) as budget:
            budget.check_declared(declared, "the DOCX package")
        return docx.Document(io.BytesIO(data))
    except _PARSE_ERRORS as exc:
        raise CorruptFile(
            f"corrupt DOCX: python-docx cannot open it ({type(exc).__name__})"
        ) from exc


def table_lines(table: Table) -> list[str]:
    """One line per row; a merged cell (the same cell repeated) appears once."""
    lines: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        previous: object = None
        for cell in row.cells:
            if cell._tc is not previous:
                cells.append(" ".join(cell.text.split()))
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


@register("docx")
def read_docx(file: SourceFile, data: bytes, source: Source) -> Iterator[Document]:
    """One Document: paragraphs and tables, one line each (a table: one line per row)."""
    document = open_docx(file, data, source)
    text = ""
    sections: list[Section] = []
    counts = {"p": 0, "table": 0}
    try:
        for kind, block in blocks(document):
            text += "\n" if text else ""
            counts[kind] += 1
            if kind == "table":
                sections.append(
                    Section(f"table:{counts['table']}", len(text), len(text) + len(block))
                )
            text += block
    except _PARSE_ERRORS as exc:
        raise CorruptFile(f"corrupt DOCX: its body cannot be read ({type(exc).__name__})") from exc
    if not text:
        raise InputError("empty document: no paragraph or table text")
    metadata = {"paragraphs": str(counts["p"]), "tables": str(counts["table"])}
    yield make_document(file, source, text, sections=sections, metadata=metadata)
