"""ZIP reader: entries read in memory and recursively; unsafe names ignored; bombs stopped."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from governance.errors import InputError
from governance.ingest.errors import ArchiveLimit, CorruptFile, EncryptedFile
from governance.policy.model import Source
from governance.records import stable_id
from tests.unit.ingest.ingest_files import (
    SECRET,
    make_docx,
    make_email,
    make_pdf,
    make_zip,
    patch_zip_headers,
    read,
)

SOURCE = Source(name="corp", root="corp")


def test_entries_of_every_format_recursively_and_unsafe_names_ignored(tmp_path: Path) -> None:
    inner = make_zip([("deep/note.md", b"# Deep\n\nNested note.")])
    data = make_zip([
        ("docs/a.txt", b"Plain text entry."),
        ("docs/b.pdf", make_pdf(["PDF entry"])),
        ("docs/c.docx", make_docx(["DOCX entry"])),
        ("mail/d.eml", make_email("Mail entry").as_bytes()),
        ("inner.zip", inner),
        ("../escape.txt", SECRET.encode()),
        ("/etc/passwd.txt", SECRET.encode()),
        ("C:\\windows\\x.txt", SECRET.encode()),
        ("__MACOSX/docs/._a.txt", b"\x00\x05\x16\x07"),
        ("photo.png", b"\x89PNG"),
        ("empty.txt", b""),
        ("folder/", b""),
    ])  # fmt: skip
    before = sorted(os.listdir(tmp_path))
    docs = read("zip", data, SOURCE, uri="exports/pack.zip")
    assert sorted(os.listdir(tmp_path)) == before  # nothing extracted to disk
    assert [(d.format, d.metadata["location"]) for d in docs] == [
        ("txt", "exports/pack.zip#entry=docs/a.txt"),
        ("pdf", "exports/pack.zip#entry=docs/b.pdf"),
        ("docx", "exports/pack.zip#entry=docs/c.docx"),
        ("eml", "exports/pack.zip#entry=mail/d.eml"),
        ("md", "exports/pack.zip#entry=inner.zip#entry=deep/note.md"),
    ]
    assert [d.text.split("\n")[0] for d in docs[:3]] == [
        "Plain text entry.", "PDF entry", "DOCX entry",
    ]  # fmt: skip
    assert all(SECRET not in d.text for d in docs)
    assert {d.source_uri for d in docs} == {"exports/pack.zip"}
    assert docs[0].id == stable_id("corp", "exports/pack.zip#entry=docs/a.txt", "")
    assert docs[0].metadata["archive_skipped"] == (
        "1 empty, 1 resource_fork, 3 unsafe_name, 1 unsupported"
    )


def bomb(size: int) -> bytes:
    return make_zip([("zeros.txt", b"a" * size)])


def test_an_archive_declaring_more_than_the_limit_is_a_bomb() -> None:
    small = Source(name="corp", root="corp", max_archive_bytes=100_000)
    with pytest.raises(ArchiveLimit, match="the archive declares 1000000 uncompressed bytes"):
        read("zip", bomb(1_000_000), small)


def test_an_entry_that_lies_about_its_size_is_stopped() -> None:
    liar = patch_zip_headers(bomb(1_000_000), file_size=10)
    with pytest.raises(InputError) as err:
        read("zip", liar, SOURCE)
    assert type(err.value) in (ArchiveLimit, CorruptFile)
    assert "entry 1 (txt)" in err.value.message and "zeros" not in err.value.message


def test_nested_archives_stop_at_the_depth_limit() -> None:
    data = make_zip([("l3.txt", b"deepest")])
    for level in (2, 1):
        data = make_zip([(f"l{level}.zip", data)])
    assert read("zip", data, SOURCE)[0].text == "deepest"  # depth 3 is allowed by default
    with pytest.raises(ArchiveLimit, match="nested 3 levels deep; max_archive_depth is 2"):
        read("zip", data, Source(name="corp", root="corp", max_archive_depth=2))


def test_too_many_entries() -> None:
    data = make_zip([(f"{i}.txt", b"x") for i in range(6)])
    with pytest.raises(ArchiveLimit, match="6 entries; max_archive_entries is 5"):
        read("zip", data, Source(name="corp", root="corp", max_archive_entries=5))


GOOD = make_zip([("a.txt", f"Text of {SECRET}".encode() * 20)])
BROKEN = [
    (b"", InputError, "empty file"),
    (GOOD[:-30], CorruptFile, "corrupt ZIP archive"),
    (f"{SECRET} in a text file named .zip".encode(), CorruptFile, "corrupt ZIP archive"),
    (patch_zip_headers(GOOD, flag_bits=0x1), EncryptedFile, "entry 1 (txt) is encrypted"),
    (GOOD.replace(b"a.txt", b"a.txt", 1)[:40] + b"\x00" * 20 + GOOD[60:], CorruptFile,
     "entry 1 (txt) is corrupt"),
    (make_zip([("a.txt", b"\x00\x01\x02" * 50)]), InputError, "entry 1 (txt): binary content"),
    (make_zip([("only.png", b"x"), ("../x.txt", b"y")]), InputError,
     "no readable entries in the archive (1 unsafe_name, 1 unsupported)"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("data", "error", "reason"),
    BROKEN,
    ids=["empty", "truncated", "mislabelled", "encrypted", "corrupt-entry", "binary-entry",
         "nothing-readable"],
)  # fmt: skip
def test_broken_archives_name_the_problem_not_the_content(
    data: bytes, error: type[InputError], reason: str
) -> None:
    with pytest.raises(InputError) as err:
        read("zip", data, SOURCE)
    assert type(err.value) is error
    assert reason in err.value.message
    assert "Secreta" not in str(err.value)


def test_stored_entries_are_read_too() -> None:
    data = make_zip([("a.txt", b"stored entry")], method=zipfile.ZIP_STORED)
    assert read("zip", data, SOURCE)[0].text == "stored entry"


def test_messages_name_an_entry_by_its_number_never_by_its_name() -> None:
    """A file name is personal data as often as a file's text (issue 19)."""
    name = "Zebulon_Quackenbush_48273619T.pdf"
    data = make_zip([("notes.txt", b"Fine text here."), (name, b"not a PDF at all")])
    [doc] = read("zip", data, SOURCE)
    reasons = doc.metadata["members_failed_reasons"]
    assert reasons.startswith("CorruptFile: entry 2 (pdf): ") and doc.text == "Fine text here."
    assert "Quackenbush" not in reasons and "48273619T" not in reasons
    with pytest.raises(InputError) as err:  # nothing readable: the archive is quarantined
        read("zip", make_zip([(name, b"not a PDF at all")]), SOURCE)
    assert err.value.one_line().startswith("entry 1 (pdf): ")
    assert "Quackenbush" not in err.value.one_line() and "48273619T" not in str(err.value)


def test_one_bad_entry_leaves_the_others_read_and_is_recorded() -> None:
    """An empty DOCX in an archive used to quarantine the whole archive (issue 20)."""
    from tests.unit.ingest.ingest_files import make_docx

    data = make_zip([("a.txt", b"First entry"), ("b.docx", make_docx([])), ("c.txt", b"Third")])
    docs = read("zip", data, SOURCE)
    assert [d.text for d in docs] == ["First entry", "Third"]
    assert {d.metadata["members_failed"] for d in docs} == {"1"}
    assert docs[0].metadata["members_failed_reasons"] == (
        "InputError: entry 2 (docx): empty document: no paragraph or table text"
    )
