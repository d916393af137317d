"""DOCX reader: real documents written with python-docx, and broken ones made from them."""

from __future__ import annotations

import pytest

from governance.errors import InputError
from governance.ingest.errors import ArchiveLimit, CorruptFile, EncryptedFile
from governance.ingest.readers.docx import OLE_MAGIC
from governance.policy.model import Source
from tests.unit.ingest_files import SECRET, make_docx, make_zip, read, spans

SOURCE = Source(name="corp", root="corp")


def test_paragraphs_and_tables_in_body_order() -> None:
    data = make_docx(
        ["Onboarding", "Your buddy is Thomas Reed.", "  "],
        table=[["Name", "Phone"], ["Thomas Reed", "+1 202-555-0173"]],
    )
    [doc] = read("docx", data, SOURCE)
    assert doc.text == (
        "Onboarding\nYour buddy is Thomas Reed.\n"
        "Name | Phone\nThomas Reed | +1 202-555-0173\nThe end."
    )
    assert spans(doc) == {"table:1": "Name | Phone\nThomas Reed | +1 202-555-0173"}
    assert doc.metadata == {"paragraphs": "3", "tables": "1"}


def test_a_merged_cell_is_read_once() -> None:
    data = make_docx([], table=[["Team", "x"], ["Sales", "Madrid"]], merge=True)
    [doc] = read("docx", data, SOURCE)
    assert doc.text.splitlines()[:2] == ["Team", "Sales | Madrid"]


GOOD = make_docx([f"Payslip of {SECRET}"])
BROKEN = [
    (b"", InputError, "empty file"),
    (make_docx([]), InputError, "empty document: no paragraph or table text"),
    (GOOD[: len(GOOD) // 2], CorruptFile, "corrupt DOCX"),
    (OLE_MAGIC + SECRET.encode() * 20, EncryptedFile, "password-protected or legacy"),
    (f"{SECRET} in a text file named .docx".encode(), CorruptFile, "not a DOCX"),
    (make_zip([("notes.txt", SECRET.encode())]), CorruptFile, "corrupt DOCX"),
]


@pytest.mark.parametrize(
    ("data", "error", "reason"),
    BROKEN,
    ids=["empty", "no-text", "truncated", "encrypted", "mislabelled", "zip-not-docx"],
)
def test_broken_docx_names_the_problem_not_the_content(
    data: bytes, error: type[InputError], reason: str
) -> None:
    with pytest.raises(InputError) as err:
        read("docx", data, SOURCE)
    assert type(err.value) is error
    assert reason in err.value.message
    assert "Secreta" not in str(err.value)


def test_a_docx_that_declares_more_than_the_archive_limit_is_not_opened() -> None:
    small = Source(name="corp", root="corp", max_archive_bytes=10_000)
    with pytest.raises(ArchiveLimit, match="the DOCX package declares .* uncompressed bytes"):
        read("docx", make_docx(["Hello"]), small)
