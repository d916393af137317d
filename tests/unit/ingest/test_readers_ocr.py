"""OCR: real scanned images (pytesseract's test images) and PDFs of them, through Tesseract."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader, PdfWriter

from governance.ingest.discover import discover
from governance.ingest.errors import CorruptFile, NeedsOcr, NoText
from governance.ingest.ocr import installed_languages, unavailable
from governance.policy.load import load_policy
from governance.policy.model import Ocr, Source
from tests.conftest import DEFAULT_POLICY
from tests.unit.ingest.ingest_files import make_pdf, read, spans

SCANS = Path(__file__).resolve().parents[2] / "data" / "pytesseract"
PHOTOTEST = (SCANS / "test.tiff").read_bytes()
EUROPEAN = (SCANS / "test-european.jpg").read_bytes()
OCR = Source(name="scans", root="scans", ocr=Ocr(enabled=True, languages=("eng", "spa")))
NO_OCR = Source(name="scans", root="scans")


def pdf_of_images(*images: bytes) -> bytes:
    """An image-only PDF, as a scanner writes one: one page per image, no text layer."""
    frames = [Image.open(io.BytesIO(data)).convert("RGB") for data in images]
    out = io.BytesIO()
    frames[0].save(out, format="PDF", save_all=True, append_images=frames[1:], resolution=200)
    return out.getvalue()


def written(lines: list[str], size: tuple[int, int] = (1400, 400)) -> bytes:
    """A PNG of printed lines (Pillow's own font), for values a test must see removed."""
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=40)
    for k, line in enumerate(lines):
        draw.text((40, 40 + 70 * k), line, font=font, fill=0)
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(300, 300))
    return out.getvalue()


def test_a_scanned_image_is_read_by_ocr_with_its_confidence() -> None:
    [doc] = read("image", PHOTOTEST, OCR)
    assert "The quick brown dog jumped over the" in doc.text
    assert "ocr code and see if it works on all types" in doc.text
    assert spans(doc) == {"page:1": doc.text}
    assert doc.metadata["ocr_pages"] == "1" and doc.metadata["ocr_low_confidence"] == ""
    page, confidence = doc.metadata["ocr_confidence"].split(":")
    assert page == "1" and 80 < float(confidence) <= 100


def test_pages_below_the_sources_confidence_bar_are_flagged() -> None:
    strict = Source(
        name="s", root="s", ocr=Ocr(enabled=True, languages=("eng",), min_confidence=99.5)
    )
    [doc] = read("image", EUROPEAN, strict)
    assert doc.metadata["ocr_low_confidence"] == "1"
    assert "aspammer@website.com" in doc.text and "schnelle" in doc.text


def test_every_page_of_a_multipage_tiff_is_a_section() -> None:
    frames = [Image.open(io.BytesIO(d)).convert("L") for d in (PHOTOTEST, EUROPEAN)]
    out = io.BytesIO()
    frames[0].save(out, format="TIFF", save_all=True, append_images=frames[1:])
    [doc] = read("image", out.getvalue(), OCR)
    pages = spans(doc)
    assert list(pages) == ["page:1", "page:2"]
    assert "quick brown dog" in pages["page:1"] and "lazy" in pages["page:2"]
    assert doc.metadata["pages"] == "2" and doc.metadata["ocr_pages"] == "1,2"


def test_a_scanned_pdf_is_read_by_ocr_where_the_source_switches_it_on() -> None:
    data = pdf_of_images(PHOTOTEST, EUROPEAN)
    assert all(not (p.extract_text() or "").strip() for p in PdfReader(io.BytesIO(data)).pages)
    with pytest.raises(NeedsOcr, match="no text layer on any of its 2 pages"):
        read("pdf", data, NO_OCR)
    [doc] = read("pdf", data, OCR)
    assert "quick brown dog" in spans(doc)["page:1"]
    assert "aspammer@website.com" in spans(doc)["page:2"]
    assert doc.metadata["ocr_pages"] == "1,2" and "needs_ocr" not in doc.metadata


def test_only_the_pages_without_a_text_layer_go_through_ocr() -> None:
    writer = PdfWriter()
    for data in (make_pdf(["Minutes of the board"]), pdf_of_images(PHOTOTEST)):
        writer.append(PdfReader(io.BytesIO(data)))
    out = io.BytesIO()
    writer.write(out)
    [doc] = read("pdf", out.getvalue(), OCR)
    assert spans(doc)["page:1"] == "Minutes of the board"
    assert "quick brown dog" in spans(doc)["page:2"]
    assert doc.metadata["ocr_pages"] == "2"
    [plain] = read("pdf", out.getvalue(), NO_OCR)
    assert plain.text == "Minutes of the board" and plain.metadata["needs_ocr"] == "2"


def test_an_image_without_text_and_a_corrupt_image_are_quarantined_with_their_reason() -> None:
    blank = io.BytesIO()
    Image.new("L", (800, 600), 255).save(blank, format="PNG")
    with pytest.raises(NoText, match="OCR read no text on any of its 1 pages"):
        read("image", blank.getvalue(), OCR)
    with pytest.raises(CorruptFile, match="corrupt or unsupported image"):
        read("image", PHOTOTEST[:200], OCR)
    with pytest.raises(NeedsOcr, match="OCR is off"):
        read("image", PHOTOTEST, NO_OCR)


def test_ocr_text_is_what_tesseract_reads_of_printed_personal_values() -> None:
    data = written(["Patient: Laia Martinez Rico", "E-mail: laia.martinez@example.org"])
    [doc] = read("image", data, OCR)
    assert "Laia Martinez Rico" in doc.text and "laia.martinez@example.org" in doc.text


def test_images_are_skipped_by_rule_unless_the_source_reads_by_ocr(tmp_path: Path) -> None:
    (tmp_path / "scans").mkdir()
    (tmp_path / "scans" / "form.png").write_bytes(written(["Form 7"]))
    (tmp_path / "scans" / "note.txt").write_text("a note\n")
    text = DEFAULT_POLICY.read_text()
    for enabled in (False, True):
        policy = load_policy(_with_ocr_source(text, tmp_path / "scans", enabled, tmp_path))
        found = discover(policy)
        formats = {f.uri: f.format for f in found.files if f.source == "scans"}
        rules = {o.uri: o.rule for o in found.skipped if o.source == "scans"}
        if enabled:
            assert formats == {"form.png": "image", "note.txt": "txt"} and rules == {}
        else:
            assert formats == {"note.txt": "txt"}
            assert rules == {
                "form.png": "image: OCR is off for this source (sources[].ocr.enabled)"
            }


def test_images_inside_an_archive_are_read_only_where_ocr_is_on() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("scan.tif", PHOTOTEST)
        archive.writestr("readme.txt", "Scans of the quarterly forms.\n")
    texts = [doc.text for doc in read("zip", out.getvalue(), OCR)]
    assert any("quick brown dog" in t for t in texts) and len(texts) == 2
    [only] = read("zip", out.getvalue(), NO_OCR)
    assert (
        only.text.startswith("Scans of the quarterly")
        and only.metadata["archive_skipped"] == "1 unsupported"
    )


def test_ocr_languages_default_to_the_policys_and_missing_language_data_is_one_clear_line(
    tmp_path: Path,
) -> None:
    text = DEFAULT_POLICY.read_text()
    policy = load_policy(_with_ocr_source(text, tmp_path, True, tmp_path))
    [scans] = [s for s in policy.sources if s.name == "scans"]
    assert scans.ocr.languages == tuple({"en": "eng", "es": "spa"}[c] for c in policy.languages)
    assert set(scans.ocr.languages) <= set(installed_languages())
    assert unavailable(("eng", "spa")) is None
    problem = unavailable(("eng", "zzz"))
    assert problem is not None and "language data for zzz is not installed" in problem


def _with_ocr_source(policy_text: str, root: Path, enabled: bool, folder: Path) -> Path:
    """The default policy plus a source ``scans`` at ``root``, written into ``folder``."""
    block = (
        f"  - name: scans\n    root: {root}\n    include: ['*']\n"
        f"    ocr: {{enabled: {str(enabled).lower()}}}\n"
    )
    path = folder / f"policy-{enabled}.yaml"
    path.write_text(policy_text.replace("sources:\n", "sources:\n" + block, 1))
    return path
