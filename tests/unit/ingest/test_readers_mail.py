"""Mailboxes and e-mail attachments read as child documents."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from governance.errors import InputError
from governance.ingest.errors import ArchiveLimit, CorruptFile
from governance.policy.model import Source
from governance.records import stable_id
from tests.unit.ingest.ingest_files import (
    SECRET,
    make_email,
    make_pdf,
    make_zip,
    read,
    source_file,
    spans,
)

SOURCE = Source(name="corp", root="corp")


def mbox(*messages: bytes) -> bytes:
    return b"".join(b"From MAILER-DAEMON Mon Jan  1 10:00:00 2024\n" + m + b"\n" for m in messages)


def test_mbox_one_document_per_message_id_from_its_index() -> None:
    one = b"From: a@acme.example\nSubject: First\n\nHello Ana.\n>From the desk of Luis.\n"
    two = b"From: b@acme.example\nSubject: Second\n\nBye.\n"
    docs = read("mbox", mbox(one, two), SOURCE, uri="mail/box.mbox")
    assert [d.metadata["message"] for d in docs] == ["1", "2"]
    assert [spans(d)["subject"] for d in docs] == ["First", "Second"]
    assert spans(docs[0])["body"] == "Hello Ana.\nFrom the desk of Luis."  # mboxrd unquoted
    assert [d.id for d in docs] == [
        stable_id("corp", "mail/box.mbox", f"message={n}") for n in (1, 2)
    ]
    assert {d.source_uri for d in docs} == {"mail/box.mbox"}


@pytest.mark.parametrize(
    ("data", "error", "reason"),
    [
        (b"", InputError, "empty file"),
        (b"Subject: a single message\n\nHi\n", CorruptFile, "not an mbox mailbox"),
        (
            mbox(f"{SECRET} wrote no headers\n".encode()),
            InputError,
            "message 1: not an e-mail",
        ),
        (b"From x\n" + SECRET.encode() + b"\x00\x01" * 50, InputError, "binary content"),
    ],
    ids=["empty", "no-separator", "headerless-message", "binary"],
)
def test_broken_mbox(data: bytes, error: type[InputError], reason: str) -> None:
    with pytest.raises(error) as err:
        read("mbox", data, SOURCE)
    assert reason in err.value.message and "Secreta" not in str(err.value)


def with_forward() -> EmailMessage:
    inner = make_email("Forwarded body from Luis.", subject="Original")
    msg = make_email("See attached.")
    msg.add_attachment(inner)
    return msg


def test_supported_attachments_become_child_documents() -> None:
    msg = make_email(
        "Please find the files attached.",
        [
            ("notes.txt", "text/plain", b"Call Ana Lopez on Monday."),
            ("scan.pdf", "application/octet-stream", make_pdf(["Invoice 42 for Ana Lopez"])),
            ("staff.csv", "text/csv", b"name,team\nAna Lopez,Sales\nLuis Gil,Ops\n"),
            ("photo.png", "image/png", b"\x89PNG\r\n\x1a\n"),
            ("blank.txt", "text/plain", b"  \n"),
        ],
    )
    msg.add_attachment(with_forward())
    docs = read("eml", msg.as_bytes(), SOURCE, uri="mail/x.eml")
    parent, *children = docs
    assert spans(parent)["body"] == "Please find the files attached."
    assert parent.metadata == {
        "attachments": "6", "body": "plain", "attachments_read": "4",
        "attachments_unsupported": "1", "attachments_empty": "1",
    }  # fmt: skip
    assert [(c.format, c.metadata["location"]) for c in children] == [
        ("txt", "mail/x.eml#attachment=1"),
        ("pdf", "mail/x.eml#attachment=2"),
        ("csv", "mail/x.eml#attachment=3"),
        ("csv", "mail/x.eml#attachment=3"),
        ("eml", "mail/x.eml#attachment=6"),
        ("eml", "mail/x.eml#attachment=6#attachment=1"),
    ]
    assert children[0].text == "Call Ana Lopez on Monday.\n"  # the txt reader keeps the text
    assert children[1].text == "Invoice 42 for Ana Lopez"
    assert children[2].text == "name: Ana Lopez\nteam: Sales"
    assert spans(children[5])["body"] == "Forwarded body from Luis."
    assert {d.source_uri for d in docs} == {"mail/x.eml"}  # the discovered file
    assert children[0].id == stable_id("corp", "mail/x.eml#attachment=1", "")
    assert children[2].id == stable_id("corp", "mail/x.eml#attachment=3", "row=1")
    assert len({d.id for d in docs}) == len(docs)


def test_mbox_message_attachments_are_located_inside_their_message() -> None:
    msg = make_email("Hi", [("a.txt", "text/plain", b"Attached text.")])
    docs = read("mbox", mbox(b"From: x@acme.example\n\nfirst\n", msg.as_bytes()), SOURCE, "b.mbox")
    assert [d.metadata.get("location") for d in docs] == [
        None,
        None,
        "b.mbox#message=2#attachment=1",
    ]


def test_an_unreadable_attachment_is_recorded_and_the_email_still_read() -> None:
    broken = make_pdf([SECRET])[:300]
    msg = make_email("Body", [("payslip.pdf", "application/pdf", broken)])
    [doc] = read("eml", msg.as_bytes(), SOURCE)
    assert doc.text.endswith("Body") and doc.metadata["attachments_failed"] == "1"
    assert doc.metadata["members_failed_reasons"] == (
        "CorruptFile: attachment 1 (pdf): truncated PDF: no %%EOF marker at its end"
    )
    assert SECRET not in doc.metadata["members_failed_reasons"]


def test_one_bad_message_leaves_the_others_of_the_mailbox_read() -> None:
    """One message that is not an e-mail used to lose the mailbox's other messages."""
    data = mbox(b"From: a@acme.example\n\nfirst\n", f"{SECRET} wrote no headers\n".encode(),
                b"From: b@acme.example\n\nthird\n")  # fmt: skip
    docs = read("mbox", data, SOURCE)
    assert [d.metadata["message"] for d in docs] == ["1", "3"]
    assert docs[0].metadata["members_failed_reasons"].startswith("InputError: message 2: ")
    assert SECRET not in docs[0].metadata["members_failed_reasons"]


def test_attachments_count_against_the_archive_depth() -> None:
    inner = make_zip([("a.txt", b"Deep text")])
    msg = make_email("Body", [("pack.zip", "application/zip", make_zip([("in.zip", inner)]))])
    data = msg.as_bytes()
    shallow = Source(name="corp", root="corp", max_archive_depth=2)
    with pytest.raises(ArchiveLimit, match=r"entry 1 \(txt\) is nested 3 levels deep"):
        read("eml", data, shallow)
    deep = read("eml", data, SOURCE)
    assert deep[-1].metadata["location"] == (
        "folder/file.eml#attachment=1#entry=in.zip#entry=a.txt"
    )
    assert source_file("eml", data).uri == "folder/file.eml"


BROKEN_MULTIPART = b"""From: a@acme.example
To: b@acme.example
Subject: broken
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="BOUNDARY"

--WRONG
Content-Type: text/plain

Hello Jane, the contract is attached.
--WRONG--
"""


def test_a_broken_multipart_body_is_recovered_and_flagged_partial() -> None:
    """Seen in CPython's test messages: a boundary that never occurs used to publish the
    headers only, without a word."""
    [doc] = read("eml", BROKEN_MULTIPART, SOURCE)
    assert doc.text.endswith("\n\nHello Jane, the contract is attached.")
    assert doc.metadata["partial"].startswith("multipart structure broken (")
    assert "body recovered from the raw payload" in doc.metadata["partial"]
    unreadable = BROKEN_MULTIPART.replace(b"Hello Jane, the contract is attached.\n", b"")
    [doc] = read("eml", unreadable, SOURCE)
    assert doc.metadata["partial"].endswith("; no readable body") and "body" not in spans(doc)


def test_a_message_with_attachments_only_is_not_partial() -> None:
    msg = make_email("", [("notes.txt", "text/plain", b"Attached notes")])
    docs = read("eml", msg.as_bytes(), SOURCE)
    assert all("partial" not in d.metadata for d in docs)
