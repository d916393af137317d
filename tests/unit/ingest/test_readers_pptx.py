"""PPTX reader: presentations written with python-pptx (titles, text boxes, tables,
groups, speaker notes), and broken ones."""

from __future__ import annotations

import io

import pytest

from governance.errors import InputError
from governance.ingest.base import EXTENSIONS
from governance.ingest.errors import CorruptFile, EncryptedFile
from governance.ingest.readers.office import OLE_MAGIC
from governance.policy.model import Source
from tests.unit.ingest.ingest_files import SECRET, read, spans

SOURCE = Source(name="corp", root="corp")


def make_pptx(*, with_text: bool = True) -> bytes:
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])  # title and content
    if with_text:
        slide.shapes.title.text = "Q3 review"
        slide.placeholders[1].text = "Owner: Jane Roe\nBudget approved"
        rows = slide.shapes.add_table(2, 2, Inches(1), Inches(4), Inches(4), Inches(1)).table
        for (r, c), text in {(0, 0): "name", (0, 1): "phone", (1, 0): "Ann Lee",
                             (1, 1): "555-0100"}.items():  # fmt: skip
            rows.cell(r, c).text = text
        slide.notes_slide.notes_text_frame.text = "Call Ann Lee before Friday"
        second = deck.slides.add_slide(deck.slide_layouts[5])  # title only
        second.shapes.title.text = "Next steps"
        group = second.shapes.add_group_shape()
        box = group.shapes.add_textbox(Inches(1), Inches(2), Inches(3), Inches(1))
        box.text_frame.text = "Ask Pedro Ruiz"
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def test_every_slide_and_its_notes_are_read_in_order_with_sections() -> None:
    assert EXTENSIONS[".pptx"] == "pptx"
    [doc] = read("pptx", make_pptx(), SOURCE)
    parts = spans(doc)
    assert parts["slide:1"].splitlines() == [
        "Q3 review", "Owner: Jane Roe", "Budget approved", "name | phone", "Ann Lee | 555-0100",
    ]  # fmt: skip
    assert parts["notes:1"] == "Call Ann Lee before Friday"
    assert parts["slide:2"] == "Next steps\nAsk Pedro Ruiz"  # a group shape is opened
    assert doc.metadata["slides"] == "2" and doc.metadata["notes"] == "1"


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (OLE_MAGIC + SECRET.encode() * 20, EncryptedFile, "password-protected"),
        (b"PK\x03\x04" + SECRET.encode() * 20, CorruptFile, "corrupt PPTX"),
        (b"%PDF-1.4 " + SECRET.encode(), CorruptFile, "not a PPTX"),
    ],
)
def test_broken_presentations_are_one_line_errors_without_values(
    data: bytes, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message) as info:
        read("pptx", data, SOURCE)
    assert SECRET not in str(info.value)


def test_a_presentation_without_text_is_empty() -> None:
    with pytest.raises(InputError, match="empty presentation"):
        read("pptx", make_pptx(with_text=False), SOURCE)
