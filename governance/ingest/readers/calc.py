"""Legacy Excel (``.xls``) and OpenDocument (``.ods``) spreadsheets, read with calamine.

The same documents as an XLSX (governance/ingest/readers/xlsx.py): one per data row of
every sheet, under the sheet's first row with a value as its header, ``column: value``
lines, the policy's column roles, located at ``sheet=<k>#row=<n>``; sheet names are not
kept. python-calamine (a Rust reader) parses both formats without running macros and
gives cached formula values. An ODS is a ZIP package: its declared uncompressed size is
checked against ``max_archive_bytes`` before it is opened. A password-protected file
cannot be read and is quarantined as encrypted.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from governance.ingest.base import check_not_empty, register
from governance.ingest.errors import CorruptFile, EncryptedFile
from governance.ingest.readers.office import OLE_MAGIC, check_package
from governance.ingest.readers.table import Row
from governance.ingest.readers.xlsx import sheet_documents, sheet_rows
from governance.policy.model import Source
from governance.records import Document, SourceFile

KINDS = {"xls": "XLS", "ods": "ODS"}


def _check(file: SourceFile, data: bytes, source: Source, fmt: str) -> None:
    check_not_empty(data)
    if fmt == "ods":
        check_package(file, data, source, kind="ODS", program="Calc", article="an")
    elif not data.startswith(OLE_MAGIC):
        raise CorruptFile("not an XLS: not an OLE container (is the file mislabelled?)")


def calc_rows(file: SourceFile, data: bytes, source: Source) -> list[tuple[int, int, Row]]:
    """(sheet, row, cells) of every data row of every sheet, in workbook order."""
    from python_calamine import (
        CalamineError,
        CalamineWorkbook,
        PasswordError,
        XmlError,
        ZipError,
    )

    kind = KINDS[file.format]
    try:
        _check(file, data, source, file.format)
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        try:
            sheets = [book.get_sheet_by_index(i) for i in range(len(book.sheet_names))]
            return [(k, n, row) for k, sheet in enumerate(sheets, start=1)
                    for n, row in sheet_rows(sheet.to_python(skip_empty_area=False))]  # fmt: skip
        finally:
            book.close()
    except PasswordError as exc:
        raise EncryptedFile(f"password-protected {kind}", hint="remove the password") from exc
    except (CalamineError, XmlError, ZipError, zipfile.BadZipFile, ValueError, TypeError,
            OSError) as exc:  # fmt: skip
        raise CorruptFile(
            f"corrupt {kind}: calamine cannot read it ({type(exc).__name__})"
        ) from exc


@register("xls", "ods")
def read_calc(file: SourceFile, data: bytes, source: Source) -> Iterator[Document]:
    """One Document per data row of every sheet."""
    yield from sheet_documents(file, source, calc_rows(file, data, source))
