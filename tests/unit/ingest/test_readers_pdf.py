"""PDF reader: real PDFs written with pypdf, and broken ones made from them."""

from __future__ import annotations

import pytest

from governance.errors import InputError
from governance.ingest.base import document_id
from governance.ingest.errors import CorruptFile, EncryptedFile, NeedsOcr
from governance.policy.model import Source
from tests.unit.ingest.ingest_files import SECRET, make_pdf, read, source_file, spans

SOURCE = Source(name="corp", root="corp")


def test_text_layer_per_page_and_pages_without_text_flagged_as_needing_ocr() -> None:
    data = make_pdf(["Contract for Ana Lopez\nSigned in Madrid", None, "Annex B"])
    [doc] = read("pdf", data, SOURCE)
    assert doc.text == "Contract for Ana Lopez\nSigned in Madrid\n\nAnnex B"
    assert spans(doc) == {"page:1": "Contract for Ana Lopez\nSigned in Madrid", "page:3": "Annex B"}
    assert doc.metadata == {"pages": "3", "needs_ocr": "2"}
    assert doc.id == document_id(source_file("pdf", data)) and doc.format == "pdf"


def test_a_pdf_with_no_text_layer_at_all_needs_ocr() -> None:
    with pytest.raises(NeedsOcr, match="no text layer on any of its 2 pages"):
        read("pdf", make_pdf([None, None]), SOURCE)


def test_javascript_is_noted_and_never_run() -> None:
    [doc] = read("pdf", make_pdf(["Quarterly numbers"], javascript=True), SOURCE)
    assert doc.text == "Quarterly numbers"
    assert doc.metadata["javascript"] == "present, not executed"


def test_owner_password_only_is_read_but_a_user_password_is_quarantined() -> None:
    [doc] = read("pdf", make_pdf(["Open to read"], owner_password="owner"), SOURCE)
    assert doc.text == "Open to read" and doc.metadata["encrypted"] == "empty user password"
    with pytest.raises(EncryptedFile, match="encrypted PDF: it needs a password"):
        read("pdf", make_pdf([SECRET], user_password="pw"), SOURCE)


GOOD = make_pdf([f"Payslip of {SECRET}", "page two"])
BROKEN = [
    (b"", InputError, "empty file"),
    (GOOD[: len(GOOD) // 2], CorruptFile, "truncated PDF: no %%EOF marker"),
    (f"{SECRET} is a text file named .pdf\n".encode(), CorruptFile, "not a PDF: no %PDF- header"),
    (GOOD[:200] + b"\x00garbage" * 40 + GOOD[-30:], CorruptFile, "corrupt PDF"),
    (b"%PDF-1.7\n" + SECRET.encode() + b"\n%%EOF\n", CorruptFile, "corrupt PDF"),
]


@pytest.mark.parametrize(
    ("data", "error", "reason"),
    BROKEN,
    ids=["empty", "truncated", "mislabelled", "garbled-body", "no-objects"],
)
def test_broken_pdfs_name_the_problem_not_the_content(
    data: bytes, error: type[InputError], reason: str
) -> None:
    with pytest.raises(InputError) as err:
        read("pdf", data, SOURCE)
    assert type(err.value) is error
    assert reason in err.value.message
    assert "Secreta" not in str(err.value)


def test_trailing_bytes_after_the_end_marker_do_not_make_a_pdf_truncated() -> None:
    """A valid PDF with 20 KB after its ``%%EOF`` (seen in a real sample collection)."""
    data = make_pdf(["Signed by Ana Lopez"]) + b"\n" + b"\0" * 20_000
    [doc] = read("pdf", data, SOURCE)
    assert doc.text == "Signed by Ana Lopez"


def test_words_split_at_line_ends_are_joined() -> None:
    [doc] = read("pdf", make_pdf(["Lorem ipsum pellen-\ntesque habitant\nWell-Known"]), SOURCE)
    assert doc.text == "Lorem ipsum pellentesque\nhabitant\nWell-Known"


def test_ligatures_and_presentation_forms_become_letters() -> None:
    from governance.ingest.readers.pdf import clean_text

    assert clean_text("Wir bieten ein oﬀenes ﬁnanzielles Angebot  \n") == (
        "Wir bieten ein offenes finanzielles Angebot"
    )
    assert clean_text("ＡＢＣ ﬂow") == "ABC flow"


def test_filled_in_form_fields_are_read_with_their_names() -> None:
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(["Application form"]))))
    field = DictionaryObject({
        NameObject("/FT"): NameObject("/Tx"), NameObject("/T"): TextStringObject("applicant"),
        NameObject("/TU"): TextStringObject("Full name"),
        NameObject("/V"): TextStringObject("Zebulon Quackenbush"),
    })  # fmt: skip
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject([writer._add_object(field)])}
    )
    out = io.BytesIO()
    writer.write(out)
    [doc] = read("pdf", out.getvalue(), SOURCE)
    assert spans(doc)["form"] == "Full name: Zebulon Quackenbush"
    assert doc.metadata["form_fields"] == "1"
