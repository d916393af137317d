"""E-mail (``.eml``): the address and subject headers, then the body text.

The text is ``From: ...``, ``To: ...``, ``Cc: ...``, ``Subject: ...`` lines (those
present), a blank line and the body; sections ``from``, ``to``, ``cc``, ``subject`` and
``body`` span the values. text/plain is preferred over text/html (converted to
visible text). Attachments of supported formats follow as child documents
(``attachments.py``); ``metadata["attachments"]`` counts all of them and
``attachments_read`` / ``_unsupported`` / ``_empty`` / ``_failed`` what became of each.
A multipart message whose structure is broken gets its body recovered where any text
part reads, and ``metadata["partial"]`` says so (or that no body could be read): it is
never published as headers only without a word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from email import policy
from email.errors import MessageError
from email.message import EmailMessage, Message
from email.parser import BytesParser

from governance.errors import InputError
from governance.ingest.base import register
from governance.ingest.readers.attachments import attachment_parts, read_attachments
from governance.ingest.readers.html import html_to_text
from governance.ingest.readers.nested import budget_for
from governance.ingest.readers.text import check_not_binary, decode, make_document
from governance.policy.model import Source
from governance.records import Document, Section, SourceFile

HEADERS = ("From", "To", "Cc", "Subject")
# At least one of these marks the input as an e-mail rather than any text.
_EMAIL_MARKERS = ("from", "to", "cc", "subject", "date", "message-id", "received")
_HEADER_ERRORS = (MessageError, ValueError, IndexError, TypeError, AttributeError, LookupError)


def parse_message(data: bytes) -> EmailMessage:
    """Parse RFC 5322 bytes; raise InputError when they are not an e-mail."""
    if not data.strip():
        raise InputError("empty file")
    check_not_binary(data)
    message = BytesParser(policy=policy.default).parsebytes(data)
    names = {name.lower() for name in message}
    if not names.intersection(_EMAIL_MARKERS):
        raise InputError(
            "not an e-mail: no From, To, Cc, Subject, Date, Message-ID or Received header",
            hint="an .eml file starts with header lines such as 'From: ...'",
        )
    if not isinstance(message, EmailMessage):
        raise InputError("not an e-mail: the parser returned no message")
    return message


def header_value(message: EmailMessage, name: str) -> str:
    """A header's decoded value (all occurrences, comma-joined), whitespace collapsed."""
    try:
        values = [str(v) for v in message.get_all(name, [])]
    except _HEADER_ERRORS:
        values = [raw for key, raw in message.raw_items() if key.lower() == name.lower()]
    return " ".join(", ".join(values).split())


def body_text(part: Message | None) -> tuple[str, str]:
    """The body part as text and its kind (``plain``, ``html`` or ``none``)."""
    if part is None:
        return "", "none"
    text = part_text(part)
    kind = part.get_content_subtype()
    if kind == "html":
        text = html_to_text(text)
    return text.replace("\r\n", "\n").replace("\r", "\n").strip(), kind


def part_text(part: Message) -> str:
    """Decoded text of one MIME part: its declared charset, else detection."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        return ""
    declared = _decode_declared(payload, part.get_content_charset())
    if declared is not None:
        return declared
    try:
        return decode(payload)
    except InputError as exc:
        raise InputError(f"e-mail body: {exc.message}", hint=exc.hint) from exc


def _decode_declared(payload: bytes, charset: str | None) -> str | None:
    """The payload in its declared charset; None when there is none or it is wrong."""
    if not charset:
        return None
    try:
        return payload.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return None


_BOUNDARY_LINE = re.compile(r"^--[^\s]{1,200}\s*$")
_PART_HEADER = re.compile(r"^(?i:content-[\w-]+|mime-version):.*$")


def recovered_body(message: EmailMessage) -> tuple[str, str, str]:
    """(body, kind, why the message is partial) for a multipart message whose body the
    parser could not find: its first text part without a file name, else its raw payload
    without boundary and part-header lines; else no body, flagged ``partial``."""
    defects = sorted({type(d).__name__ for p in message.walk() for d in p.defects})
    if not defects:  # a well-formed message with attachments only
        return "", "none", ""
    why = f"multipart structure broken ({', '.join(defects)})"
    for part in message.walk():
        if part.get_content_maintype() == "text" and not part.get_filename():
            body, kind = body_text(part)
            if body:
                return body, kind, f"{why}; body recovered from a text part"
    payload = message.get_payload()
    if isinstance(payload, str):
        lines = [line for line in payload.replace("\r\n", "\n").split("\n")
                 if not _BOUNDARY_LINE.match(line) and not _PART_HEADER.match(line)]  # fmt: skip
        body = "\n".join(lines).strip()
        if body and "\x00" not in body:
            return body, "plain", f"{why}; body recovered from the raw payload"
    return "", "none", f"{why}; no readable body"


def compose(fields: list[tuple[str, str]], body: str) -> tuple[str, list[Section]]:
    """Header lines, a blank line and the body, with a section spanning each value."""
    text = ""
    sections: list[Section] = []
    for label, value in fields:
        if not value:
            continue
        start = len(text) + len(label) + 2
        text += f"{label}: {value}\n"
        sections.append(Section(label.lower(), start, start + len(value)))
    if body:
        text += "\n"
        sections.append(Section("body", len(text), len(text) + len(body)))
        text += body
    return text.rstrip("\n"), sections


def message_documents(
    file: SourceFile, source: Source, message: EmailMessage, *, part: str = ""
) -> list[Document]:
    """The message's Document (headers, then body) followed by its attachments' documents.

    ``part`` locates the message inside the file (``message=3`` in a mailbox).
    """
    fields = [(name, header_value(message, name)) for name in HEADERS]
    body_part = message.get_body(preferencelist=("plain", "html"))
    body, kind = body_text(body_part)
    partial = ""
    if not body and message.get_content_maintype() == "multipart":  # broken: recover
        body, kind, partial = recovered_body(message)
    text, sections = compose(fields, body)
    parts = attachment_parts(message, body_part)
    location = f"{file.uri}#{part}" if part else file.uri
    with budget_for(file, source):
        attached = read_attachments(file, source, parts, location)
    if not text and not attached.documents and not attached.members.errors:
        raise InputError("empty e-mail: no From, To, Cc or Subject value and no body text")
    metadata = {"attachments": str(len(parts)), "body": kind, **attached.metadata()}
    if partial:
        metadata["partial"] = partial
    if part:
        metadata["message"] = part.partition("=")[2]
    own = [make_document(file, source, text, part=part, sections=sections, metadata=metadata)]
    return attached.members.finish((own if text else []) + attached.documents)


@register("eml")
def read_email(file: SourceFile, data: bytes, source: Source) -> Iterator[Document]:
    """One Document for the message, then one per document of each supported attachment."""
    yield from message_documents(file, source, parse_message(data))
