"""Real files nobody here wrote (tests/data/samples: py-pdf/sample-files, python-docx's and
python-pptx's test documents), read fully: the readers' text holds what an independent
extractor finds (``tests/formats_reference.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from governance.ingest.base import EXTENSIONS
from governance.policy.model import Source
from tests.formats_reference import coverage, package_text, pdf_text
from tests.unit.ingest.ingest_files import read

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
FILES = sorted(p.name for p in SAMPLES.iterdir() if p.suffix in (".pdf", ".docx", ".pptx"))
SOURCE = Source(name="samples", root="samples")


@pytest.mark.parametrize("name", FILES)
def test_a_real_file_is_read_fully(name: str) -> None:
    path = SAMPLES / name
    fmt = EXTENSIONS[path.suffix]
    text = "\n".join(d.text for d in read(fmt, path.read_bytes(), SOURCE))
    reference = pdf_text(path) if fmt == "pdf" else package_text(path, fmt)
    assert reference and len(reference.split()) >= 5
    assert coverage(reference, text) >= (0.98 if fmt == "pdf" else 1.0)


def test_headers_footers_and_comments_of_real_documents_are_text() -> None:
    """In 5 of 30 real DOCX files the header was the only personal text; it used to be lost."""
    texts = {name: "\n".join(d.text for d in read("docx", (SAMPLES / name).read_bytes(), SOURCE))
             for name in ("hdr-header-footer.docx", "comments-rich-para.docx",
                          "sct-first-page-hdrftr.docx")}  # fmt: skip
    for name, text in texts.items():
        assert coverage(package_text(SAMPLES / name, "docx"), text) == 1.0, name


def test_form_field_values_of_a_real_pdf_form_are_text() -> None:
    [doc] = read("pdf", (SAMPLES / "libreoffice-form.pdf").read_bytes(), SOURCE)
    assert doc.metadata.get("form_fields") and any(s.name == "form" for s in doc.sections)
