"""XLS and ODS readers: real Excel 97 workbooks from xlrd's tests, an OpenDocument
spreadsheet written here as LibreOffice writes one, and broken files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from governance.errors import InputError
from governance.ingest.base import EXTENSIONS
from governance.ingest.errors import CorruptFile, EncryptedFile
from governance.policy.model import Column, ColumnRole, Source
from tests.unit.ingest.ingest_files import SECRET, read, spans

SOURCE = Source(name="corp", root="corp")
XLRD = Path(__file__).resolve().parents[2] / "data" / "xlrd"

CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">
<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>
</office:document-content>"""
MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
 manifest:version="1.3">
<manifest:file-entry manifest:full-path="/"
 manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""


def _cell(value: object) -> str:
    if isinstance(value, int | float):
        return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>")  # fmt: skip
    if value is None:
        return "<table:table-cell/>"
    return (
        f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'
    )


def make_ods(sheets: dict[str, list[list[object]]]) -> bytes:
    """A minimal OpenDocument spreadsheet: mimetype first and stored, content, manifest."""
    tables = "".join(
        f'<table:table table:name="{name}">'
        + "".join(
            "<table:table-row>" + "".join(_cell(v) for v in row) + "</table:table-row>"
            for row in rows
        )
        + "</table:table>"
        for name, rows in sheets.items()
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)  # fmt: skip
        package.writestr("content.xml", CONTENT.format(tables=tables))
        package.writestr("META-INF/manifest.xml", MANIFEST)
    return out.getvalue()


def test_xls_and_ods_are_read_by_extension() -> None:
    assert EXTENSIONS[".xls"] == "xls" and EXTENSIONS[".ods"] == "ods"


def test_a_real_excel_97_workbook_gives_a_document_per_row_of_every_sheet() -> None:
    docs = read("xls", (XLRD / "profiles.xls").read_bytes(), SOURCE)
    first = docs[0]
    assert first.text.splitlines()[:3] == ["PROFIL: P8.2", "a: 100", "b: 101"]
    assert (first.metadata["sheet"], first.metadata["row"]) == ("1", "2")
    # xlrd (an independent reader) counts 5 sheets of 15 rows, each under a header
    assert {d.metadata["sheet"] for d in docs} == {"1", "2", "3", "4", "5"}
    assert len(docs) == 70 and len({d.id for d in docs}) == 70
    assert spans(first)["col:PROFIL"] == "P8.2"


def test_dates_and_non_ascii_text_of_an_excel_97_workbook() -> None:
    docs = read("xls", (XLRD / "Formate.xls").read_bytes(), SOURCE)
    # the sheet's first row (Huber, 1907-07-03) is its header; dates as ISO 8601
    assert docs[0].text == "Huber: Äcker\n1907-07-03: 2005-02-23"
    assert not any("Blätt" in str(d.metadata) for d in docs)  # sheet names are not kept


def test_an_ods_sheet_is_read_like_a_csv_with_its_column_roles() -> None:
    data = make_ods({
        f"{SECRET} payroll": [[None], ["name", "salary", "notes"], ["Jane Roe", 52000, "ok"],
                              [None, None, None], ["Ann Lee", 48000.5, "late"]],
        "Tickets": [["ticket", "body"], [7, "Call me on 555-0100"]],
    })  # fmt: skip
    source = Source(name="corp", root="corp", columns={"notes": Column(role=ColumnRole.DROP)})
    docs = read("ods", data, source)
    assert [d.text for d in docs] == [
        "name: Jane Roe\nsalary: 52000",
        "name: Ann Lee\nsalary: 48000.5",
        "ticket: 7\nbody: Call me on 555-0100",
    ]
    assert [(d.metadata["sheet"], d.metadata["row"]) for d in docs] == [
        ("1", "3"), ("1", "5"), ("2", "2"),
    ]  # fmt: skip
    assert SECRET not in str([d.metadata for d in docs])


@pytest.mark.parametrize(
    ("fmt", "data", "error", "message"),
    [
        ("xls", b"PK\x03\x04 not an excel file", CorruptFile, "not an XLS"),
        ("xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + SECRET.encode() * 40, CorruptFile,
         "corrupt XLS"),
        ("ods", b"plain text " + SECRET.encode(), CorruptFile, "not a ZIP container"),
        ("ods", b"", InputError, "empty file"),
    ],
)  # fmt: skip
def test_broken_spreadsheets_are_one_line_errors_without_values(
    fmt: str, data: bytes, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message) as info:
        read(fmt, data, SOURCE)
    assert SECRET not in str(info.value)


def test_a_workbook_without_any_value_is_empty() -> None:
    with pytest.raises(InputError, match="empty workbook"):
        read("ods", make_ods({"S": [[None, None]], "T": []}), SOURCE)


CALAMINE = Path(__file__).resolve().parents[2] / "data" / "calamine"


@pytest.mark.parametrize("name", ["base.xlsx", "base.xls", "base.ods"])
def test_a_sheet_whose_only_row_is_values_is_read_not_dropped_as_a_header(name: str) -> None:
    """python-calamine's real sample workbooks: Sheet1 holds one row of typed values, which
    used to be taken for a header without data and dropped."""
    fmt = name.rsplit(".", 1)[1]
    docs = read(fmt, (CALAMINE / name).read_bytes(), SOURCE)
    first = docs[0].text.splitlines()
    assert first[:6] == ["column 1: String", "column 2: 1", "column 3: 1.1", "column 4: true",
                         "column 5: false", "column 6: 2010-10-10"]  # fmt: skip
    assert docs[0].metadata["sheet"] == "1"


@pytest.mark.parametrize("name", ["password.xls", "password.ods"])
def test_password_protected_xls_and_ods_are_quarantined_as_encrypted(name: str) -> None:
    with pytest.raises(
        EncryptedFile, match=r"password-protected (XLS|ODS) \(remove the password\)"
    ):
        read(name.rsplit(".", 1)[1], (CALAMINE / name).read_bytes(), SOURCE)
