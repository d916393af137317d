"""XLSX reader: real workbooks written with openpyxl, and broken ones."""

from __future__ import annotations

import io
from datetime import date

import pytest

from governance.errors import InputError
from governance.ingest.errors import CorruptFile, EncryptedFile
from governance.ingest.readers.office import OLE_MAGIC
from governance.policy.model import Column, ColumnRole, Source
from tests.unit.ingest.ingest_files import SECRET, read, spans

SOURCE = Source(name="corp", root="corp")


def make_xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_every_sheet_row_is_a_document_like_a_csv_row() -> None:
    data = make_xlsx({
        "Jane Roe payroll": [[], ["name", "salary", "hired"], ["Jane Roe", 52000.0,
                             date(2021, 3, 1)], [None, None, None], ["Ann Lee", 48000.5, None]],
        "Second": [["ticket", "body"], [7, "Call me on 555-0100"]],
    })  # fmt: skip
    docs = read("xlsx", data, SOURCE)
    assert [d.text for d in docs] == [
        "name: Jane Roe\nsalary: 52000\nhired: 2021-03-01",
        "name: Ann Lee\nsalary: 48000.5",
        "ticket: 7\nbody: Call me on 555-0100",
    ]
    assert [(d.metadata["sheet"], d.metadata["row"]) for d in docs] == [
        ("1", "3"), ("1", "5"), ("2", "2"),
    ]  # fmt: skip
    assert spans(docs[0])["col:name"] == "Jane Roe"
    assert len({d.id for d in docs}) == 3
    assert not any("payroll" in str(d.metadata) for d in docs)  # a sheet name is data


def test_column_roles_apply_as_for_csv() -> None:
    source = Source(name="corp", root="corp", columns={"salary": Column(role=ColumnRole.DROP)})
    [doc, _] = read("xlsx", make_xlsx({"S": [["name", "salary"], ["Jane Roe", 1], ["A", 2]]}),
                    source)  # fmt: skip
    assert doc.text == "name: Jane Roe"


@pytest.mark.parametrize(
    ("data", "error", "reason"),
    [
        (make_xlsx({"S": [[None, None]], "T": []}), InputError, "empty workbook"),
        (OLE_MAGIC + SECRET.encode() * 20, EncryptedFile, "password-protected or legacy"),
        (f"{SECRET} named .xlsx".encode(), CorruptFile, "not an XLSX"),
        (make_xlsx({"S": [["a"], [SECRET]]})[:400], CorruptFile, "corrupt XLSX"),
    ],
    ids=["no-rows", "encrypted", "mislabelled", "truncated"],
)
def test_broken_workbooks_name_the_problem_not_the_content(
    data: bytes, error: type[InputError], reason: str
) -> None:
    with pytest.raises(InputError) as err:
        read("xlsx", data, SOURCE)
    assert type(err.value) is error and reason in err.value.message
    assert SECRET not in str(err.value)


def test_a_sheet_with_a_single_row_is_that_rows_document() -> None:
    data = make_xlsx({"Only": [[], ["Jane Roe", "555-0100", None, "Lisbon"]]})
    [doc] = read("xlsx", data, SOURCE)
    assert doc.text == "column 1: Jane Roe\ncolumn 2: 555-0100\ncolumn 4: Lisbon"
