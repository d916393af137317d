"""DOCX reader: real documents written with python-docx, and broken ones made from them."""

from __future__ import annotations

import pytest

from governance.errors import InputError
from governance.ingest.errors import ArchiveLimit, CorruptFile, EncryptedFile
from governance.ingest.readers.office import OLE_MAGIC
from governance.policy.model import Source
from tests.unit.ingest.ingest_files import SECRET, make_docx, make_zip, read, spans

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


def test_headers_footers_and_comments_are_read_under_their_own_sections() -> None:
    """A letterhead, a footer and a reviewer's comment are often the only places a name
    appears (issue 20: in 5 of 30 real files the header was the only personal text)."""
    import io

    import docx

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Letterhead: Zebulon Quackenbush, HR"
    section.footer.paragraphs[0].text = "Call 555-0100 for Nadia Okafor"
    paragraph = document.add_paragraph("The review is on Monday.")
    document.add_comment(paragraph.runs, text="Ask Bea Arthur first", author="Reviewer")
    out = io.BytesIO()
    document.save(out)
    [doc] = read("docx", out.getvalue(), SOURCE)
    assert spans(doc) == {
        "header": "Letterhead: Zebulon Quackenbush, HR",
        "footer": "Call 555-0100 for Nadia Okafor",
        "comments": "Ask Bea Arthur first",
    }
    assert doc.text.index("Letterhead") < doc.text.index("The review") < doc.text.index("Call")
    assert doc.metadata["parts"] == "header,footer,comments"


def test_text_boxes_and_footnotes_are_read_once() -> None:
    """A text box is stored twice (mc:Choice and its VML mc:Fallback): read once."""
    from governance.ingest.readers.docx import _paragraph_texts, safe_xml

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    box = "<w:txbxContent><w:p><w:r><w:t>Boxed Ada Byron</w:t></w:r></w:p></w:txbxContent>"
    xml = (f'<w:body xmlns:w="{w}" xmlns:mc="{mc}"><mc:AlternateContent><mc:Choice>{box}'
           f"</mc:Choice><mc:Fallback>{box}</mc:Fallback></mc:AlternateContent>"
           "<w:footnote><w:p><w:r><w:t>Source: </w:t></w:r><w:r><w:t>Ada Byron</w:t></w:r>"
           "</w:p></w:footnote></w:body>")  # fmt: skip
    assert _paragraph_texts(safe_xml(xml.encode())) == ["Boxed Ada Byron", "Source: Ada Byron"]
    entity = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    assert "root:" not in str(etree_text(safe_xml(entity)))


def etree_text(element: object) -> str:
    from lxml import etree

    return etree.tostring(element).decode()
