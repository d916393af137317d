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
import zlib
from collections.abc import Iterator

from governance.ingest.base import check_not_empty, register
from governance.ingest.errors import CorruptFile, EncryptedFile
from governance.ingest.readers.office import OLE_MAGIC, check_package
from governance.ingest.readers.table import Row
from governance.ingest.readers.xlsx import sheet_documents, sheet_rows
from governance.policy.model import Source
from governance.records import Document, SourceFile

KINDS = {"xls": "XLS", "ods": "ODS"}


# BIFF8's BOF record (type 0x0809, 16 bytes, version 0x0600); a FILEPASS record (0x002F)
# right after it means the workbook stream is encrypted.
_BIFF8_BOF = b"\x09\x08\x10\x00\x00\x06"
_FILEPASS = b"\x2f\x00"


def _check(file: SourceFile, data: bytes, source: Source, fmt: str) -> None:
    check_not_empty(data)
    if fmt == "ods":
        check_package(file, data, source, kind="ODS", program="Calc", article="an")
        if _ods_encrypted(data):
            raise EncryptedFile("password-protected ODS", hint="remove the password")
    elif not data.startswith(OLE_MAGIC):
        raise CorruptFile("not an XLS: not an OLE container (is the file mislabelled?)")
    else:
        bof = data.find(_BIFF8_BOF)
        if bof >= 0 and data[bof + 20 : bof + 22] == _FILEPASS:
            raise EncryptedFile("password-protected XLS", hint="remove the password")


def _ods_encrypted(data: bytes) -> bool:
    """Whether the package's manifest declares encrypted members (a password-protected
    OpenDocument file keeps its manifest in clear)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            manifest = package.read("META-INF/manifest.xml")
    except (KeyError, zipfile.BadZipFile, OSError, zlib.error):
        return False
    return b"encryption-data" in manifest


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
