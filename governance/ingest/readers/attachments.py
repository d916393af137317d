"""E-mail attachments of supported formats, read as child documents of their message.

Every MIME leaf part that is neither the chosen body nor an alternative rendering of
it is an attachment, numbered from 1 in message order. Its format comes from its file
name's extension, else its content type; ``message/rfc822`` (a forwarded e-mail) is
read as ``eml``. Unsupported and empty attachments are counted in the message's
metadata, never dropped silently; a supported one that cannot be read is counted as
``failed`` and its reason recorded on the message's documents (``nested.Members``),
naming the attachment number; the message and its other attachments are read.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from email.message import EmailMessage, Message, MIMEPart

from governance.ingest.readers.nested import Members, format_of, read_child, readable
from governance.policy.model import Source
from governance.records import Document, SourceFile

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTENT_TYPES = {
    "text/plain": "txt",
    "text/markdown": "md",
    "text/html": "html",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/pdf": "pdf",
    DOCX_TYPE: "docx",
    "application/zip": "zip",
    "application/x-zip-compressed": "zip",
    "message/rfc822": "eml",
    "application/mbox": "mbox",
    "application/x-ndjson": "jsonl",
    "image/png": "image",
    "image/jpeg": "image",
    "image/tiff": "image",
    "application/vnd.apache.parquet": "parquet",
}


@dataclass(slots=True)
class Attachments:
    """The child documents of a message and what happened to each attachment."""

    documents: list[Document] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    members: Members = field(default_factory=Members)

    def metadata(self) -> dict[str, str]:
        return {f"attachments_{k}": str(v) for k, v in sorted(self.counts.items())}


def attachment_parts(message: EmailMessage, body: Message | None) -> list[MIMEPart]:
    """Leaf parts other than the body and its alternative renderings, in order."""
    found: list[MIMEPart] = []
    _collect(message, body, found)
    return found


def _collect(part: MIMEPart, body: Message | None, found: list[MIMEPart]) -> None:
    if part is body:
        return
    if part.get_content_maintype() != "multipart":
        found.append(part)
        return
    children = list(part.iter_parts())
    if part.get_content_subtype() == "alternative" and any(_holds(c, body) for c in children):
        return
    for child in children:
        _collect(child, body, found)


def _holds(part: MIMEPart, target: Message | None) -> bool:
    if part is target:
        return True
    if part.get_content_maintype() != "multipart":
        return False
    return any(_holds(child, target) for child in part.iter_parts())


def attachment_format(part: MIMEPart, source: Source | None = None) -> str | None:
    """The reader format: the file name's extension first, then the content type."""
    name = part.get_filename() or ""
    return format_of(name, source) or readable(CONTENT_TYPES.get(part.get_content_type()), source)


def attachment_bytes(part: MIMEPart) -> bytes:
    """The decoded payload; a forwarded message as its own bytes."""
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        if isinstance(inner, list) and inner and isinstance(inner[0], Message):
            return inner[0].as_bytes()
        return b""
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def read_attachments(
    file: SourceFile, source: Source, parts: list[MIMEPart], location: str
) -> Attachments:
    """Read the supported attachments as children located at ``location#attachment=<n>``."""
    out = Attachments()
    for n, part in enumerate(parts, start=1):
        fmt = attachment_format(part, source)
        data = attachment_bytes(part) if fmt else b""
        if fmt is None:
            out.counts["unsupported"] += 1
        elif not data.strip():
            out.counts["empty"] += 1
        else:

            def attachment(n: int = n, fmt: str = fmt, data: bytes = data) -> list[Document]:
                return read_child(
                    file, source, location=f"{location}#attachment={n}",
                    label=f"attachment {n} ({fmt})", fmt=fmt, data=data,
                )  # fmt: skip

            docs = out.members.read(attachment)
            out.documents.extend(docs)
            out.counts["read" if docs else "failed"] += 1
    return out
