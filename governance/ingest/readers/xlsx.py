"""Spreadsheets (``.xlsx``, ``.xlsm``): one Document per data row of every worksheet.

openpyxl reads the workbook in read-only (streaming) mode, cached formula values rather
than formulas, without running macros. In each worksheet the first row with a value is
the header; every later row with a value becomes a document as a CSV row does (a sheet
whose only row is its header is that row's document, its columns numbered: a lone row of
values is data too)
(``column: value`` lines, ``col:<column>`` sections, the policy's column roles), located
at ``sheet=<k>#row=<n>`` (sheets numbered from 1 in workbook order, rows as the sheet
numbers them). A sheet's name is not kept: it names people as often as a file does.
Dates are ISO 8601 (a midnight date-time as its date), whole floats integers. Like a
DOCX, the package's declared size is checked against ``max_archive_bytes`` before it is
opened; an encrypted workbook (an OLE container) is quarantined as such.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time
from typing import Any

from governance.errors import InputError
from governance.ingest.base import register
from governance.ingest.errors import CorruptFile
from governance.ingest.parts import part_slice
from governance.ingest.readers.office import check_package
from governance.ingest.readers.table import Row, row_document
from governance.policy.model import Source
from governance.records import Document, SourceFile

_PARSE_ERRORS = (
    zipfile.BadZipFile, KeyError, ValueError, TypeError, AttributeError, IndexError, zlib.error,
    EOFError, OSError,
)  # fmt: skip


def cell_text(value: Any) -> str:
    """A cell's value as text: ISO dates, whole floats as integers, booleans in words."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date().isoformat()  # Excel keeps every date as a date-time
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def sheet_rows(values_by_row: Iterable[Sequence[Any]]) -> list[tuple[int, Row]]:
    """(row number, (column, value) pairs) of a worksheet's data rows, under its header;
    ``values_by_row`` holds every row from the sheet's first, empty ones included."""
    header: list[str] | None = None
    first: tuple[int, list[str]] = (0, [])
    rows: list[tuple[int, Row]] = []
    for n, values in enumerate(values_by_row, start=1):
        cells = [cell_text(v) for v in values]
        if not any(cells):
            continue
        if header is None:
            header = [c or f"column {i}" for i, c in enumerate(cells, start=1)]
            first = (n, cells)
            continue
        width = max(len(header), len(cells))
        names = header + [f"column {i}" for i in range(len(header) + 1, width + 1)]
        rows.append((n, list(zip(names, cells + [""] * (width - len(cells)), strict=True))))
    if header is not None and not rows:  # one row only: values, not column names
        n, cells = first
        rows.append((n, [(f"column {i}", c) for i, c in enumerate(cells, start=1) if c]))
    return rows


def workbook_rows(file: SourceFile, data: bytes, source: Source) -> list[tuple[int, int, Row]]:
    """(sheet, row, cells) of every data row of every worksheet, in workbook order."""
    from openpyxl import load_workbook

    try:  # the package's own refusals are InputErrors and pass through
        check_package(file, data, source, kind="XLSX", program="Excel", article="an")
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_vba=False)
        try:
            return [(k, n, row) for k, sheet in enumerate(book.worksheets, start=1)
                    for n, row in sheet_rows(sheet.iter_rows(values_only=True))]  # fmt: skip
        finally:
            book.close()
    except _PARSE_ERRORS as exc:
        raise CorruptFile(f"corrupt XLSX: openpyxl cannot read it ({type(exc).__name__})") from exc


@register("xlsx")
def read_xlsx(file: SourceFile, data: bytes, source: Source) -> Iterator[Document]:
    """One Document per data row of every worksheet."""
    yield from sheet_documents(file, source, workbook_rows(file, data, source))


def sheet_documents(
    file: SourceFile, source: Source, rows: list[tuple[int, int, Row]]
) -> Iterator[Document]:
    """The documents of a workbook's (sheet, row, cells), this unit of work's share."""
    if not rows:
        raise InputError("empty workbook: no sheet holds a value")
    for sheet, n, row in part_slice(rows, file):
        yield row_document(file, source, n, row, sheet=sheet)
