"""How a file was read, kept in lineage: a broken e-mail is never silently partial, and a
container's failed members are recorded under it (``documents.read_flags``)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import DEFAULT_POLICY
from tests.integration.conftest import lineage_sql, write_corpus
from tests.pipeline import run_pipeline
from tests.unit.ingest.ingest_files import SECRET, make_email, make_pdf, make_zip
from tests.unit.ingest.test_readers_mail import BROKEN_MULTIPART


def test_partial_e_mails_and_failed_members_are_flagged_in_lineage(tmp_path: Path) -> None:
    sources = write_corpus(tmp_path / "sources")
    (sources / "mail" / "broken.eml").write_bytes(BROKEN_MULTIPART)
    payslip = make_pdf([SECRET])[:300]  # truncated: the attachment fails, the e-mail is read
    (sources / "mail" / "payslip.eml").write_bytes(
        make_email("See attached.", [("Ana_Secreta.pdf", "application/pdf", payslip)]).as_bytes()
    )
    (tmp_path / "extra").mkdir()
    (tmp_path / "extra" / "bundle.zip").write_bytes(make_zip([
        ("notes/Ana_Secreta.md", b"# Minutes\n\nThe board met on Monday.\n"),
        ("empty.docx", b"PK\x03\x04 not a package"),
    ]))  # fmt: skip
    policy = tmp_path / "policy.yaml"
    block = f"  - name: extra\n    root: {tmp_path / 'extra'}\n    include: ['*.zip']\n"
    policy.write_text(DEFAULT_POLICY.read_text().replace("sources:\n", "sources:\n" + block, 1))

    _, summary = run_pipeline(policy, tmp_path / "ws", sources)

    assert summary.status == "completed"
    rows = lineage_sql(tmp_path / "ws", "SELECT source_uri, read_flags FROM documents "
                       "WHERE read_flags IS NOT NULL ORDER BY 1")  # fmt: skip
    flags = {uri: json.loads(text) for uri, text in rows}
    assert set(flags) == {"broken.eml", "bundle.zip", "payslip.eml"}
    assert flags["broken.eml"]["partial"].endswith("body recovered from the raw payload")
    assert flags["payslip.eml"]["attachments_failed"] == "1"
    assert flags["payslip.eml"]["members_failed_reasons"].startswith("CorruptFile: attachment 1")
    assert flags["bundle.zip"]["members_failed"] == "1"
    assert flags["bundle.zip"]["members_failed_reasons"].startswith("CorruptFile: entry 2 (docx)")
    assert not any("Ana_Secreta" in text or SECRET in text for _, text in rows)
