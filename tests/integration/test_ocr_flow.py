"""Scans through the whole run: OCR'd text is pseudonymised like any text, and lineage
records each scanned page with its confidence, never a value."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import DEFAULT_POLICY
from tests.integration.conftest import current_rows, lineage_sql, write_corpus
from tests.leaks import leaks, written_files
from tests.pipeline import run_pipeline
from tests.unit.ingest.test_readers_ocr import EUROPEAN, PHOTOTEST, pdf_of_images, written

FORM = ["Patient: Laia Martinez Rico", "E-mail: laia.martinez@example.org",
        "Phone: +34 612 345 678"]  # fmt: skip
PLANTED = ["Laia Martinez", "Martinez Rico", "laia.martinez@example.org", "612 345 678",
           "aspammer@website.com"]  # fmt: skip


def test_scanned_forms_are_read_by_ocr_pseudonymised_and_recorded(tmp_path: Path) -> None:
    scans = write_corpus(tmp_path / "sources") / "scans"
    scans.mkdir()
    form = written(FORM, size=(1500, 300))
    (scans / "intake.png").write_bytes(form)
    (scans / "archive.pdf").write_bytes(pdf_of_images(form, EUROPEAN))
    (scans / "phototest.tiff").write_bytes(PHOTOTEST)
    (scans / "photo.jpg").write_bytes(EUROPEAN)
    policy = tmp_path / "policy.yaml"
    block = "  - name: scans\n    root: scans\n    include: ['*']\n    ocr: {enabled: true}\n"
    policy.write_text(DEFAULT_POLICY.read_text().replace("sources:\n", "sources:\n" + block, 1))
    workspace = tmp_path / "ws"

    _, summary = run_pipeline(policy, workspace, tmp_path / "sources")

    assert summary.status == "completed"
    states = lineage_sql(workspace, "SELECT source_uri, state, error_class FROM files "
                         "WHERE source = 'scans' ORDER BY 1")  # fmt: skip
    assert states == [(uri, "processed", None) for uri in
                      ("archive.pdf", "intake.png", "photo.jpg", "phototest.tiff")]  # fmt: skip
    texts = [str(r["text"]) for r in current_rows(workspace, "rag") if r["source"] == "scans"]
    assert any("quick brown dog" in t for t in texts)  # OCR text reached the corpus
    assert any("<PERSON_" in t for t in texts) and any("<EMAIL_ADDRESS_" in t for t in texts)
    assert leaks(written_files([workspace]), PLANTED) == []

    flags = dict(lineage_sql(workspace, "SELECT source_uri, read_flags FROM documents "
                             "WHERE source = 'scans'"))  # fmt: skip
    archive = json.loads(flags["archive.pdf"])
    assert archive["ocr_pages"] == "1,2" and archive["pages"] == "2"
    confidences = [float(c.split(":")[1]) for c in archive["ocr_confidence"].split(",")]
    assert len(confidences) == 2 and all(60 < c <= 100 for c in confidences)
    assert set(json.loads(flags["intake.png"])) == {"ocr_confidence", "ocr_pages", "pages"}
