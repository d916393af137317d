"""Builders of real files of every binary format the readers take, good and broken.

PDFs are written with pypdf (a Helvetica text layer per page), DOCX with python-docx,
Parquet with pyarrow, ZIP archives with the stdlib; the broken variants are made from
the good bytes (truncated, mislabelled, encrypted, lying headers).
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Sequence
from email.message import EmailMessage

import docx
import pyarrow as pa
import pyarrow.parquet as pq
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from governance.policy.model import Source
from governance.records import Document, SourceFile

SECRET = "Ana Secreta"  # planted in broken files; no error message may carry it


def source_file(fmt: str, data: bytes, uri: str | None = None) -> SourceFile:
    uri = uri or f"folder/file.{fmt}"
    return SourceFile("corp", f"/data/{uri}", uri, len(data), "sha256:abc", fmt)


def read(fmt: str, data: bytes, source: Source, uri: str | None = None) -> list[Document]:
    from governance.ingest.readers import READERS

    return list(READERS[fmt](source_file(fmt, data, uri), data, source))


def spans(doc: Document) -> dict[str, str]:
    return {s.name: doc.text[s.start : s.end] for s in doc.sections}


# --- PDF ------------------------------------------------------------------------------


def _font(writer: PdfWriter) -> DictionaryObject:
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
    })  # fmt: skip
    return DictionaryObject({NameObject("/F1"): writer._add_object(font)})


def _pdf_string(line: str) -> bytes:
    """A PDF literal string's body: backslash and parentheses escaped."""
    raw = line.encode("latin-1")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def make_pdf(
    pages: Sequence[str | None],
    *,
    javascript: bool = False,
    user_password: str | None = None,
    owner_password: str | None = None,
) -> bytes:
    """A PDF with one page per item: its lines as a text layer, or no text (None)."""
    writer = PdfWriter()
    fonts = _font(writer)
    for text in pages:
        page = writer.add_blank_page(612, 792)
        if text is None:
            continue
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
        shown = b" ".join(b"(%s) Tj 0 -14 Td" % _pdf_string(line) for line in text.split("\n"))
        stream = DecodedStreamObject()
        stream.set_data(b"BT /F1 12 Tf 72 720 Td " + shown + b" ET")
        page[NameObject("/Contents")] = writer._add_object(stream)
    if javascript:
        writer.add_open_action(JavaScript("app.alert('pwned');"))
    if user_password is not None or owner_password is not None:
        writer.encrypt(user_password=user_password or "", owner_password=owner_password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- DOCX -----------------------------------------------------------------------------


def make_docx(
    paragraphs: Sequence[str], table: Sequence[Sequence[str]] = (), merge: bool = False
) -> bytes:
    """Paragraphs, then a table (first row merged across when ``merge``), then 'The end.'."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
        if merge:
            grid.cell(0, 0).merge(grid.cell(0, len(table[0]) - 1))
            grid.cell(0, 0).text = table[0][0]
        document.add_paragraph("The end.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- Parquet --------------------------------------------------------------------------


def make_parquet(table: pa.Table) -> bytes:
    out = io.BytesIO()
    pq.write_table(table, out)
    return out.getvalue()


# --- ZIP ------------------------------------------------------------------------------


def make_zip(entries: Sequence[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=method) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name)  # keeps names such as ../x or /abs exactly
            info.compress_type = method
            archive.writestr(info, data)
    return out.getvalue()


def patch_zip_headers(data: bytes, *, flag_bits: int = 0, file_size: int | None = None) -> bytes:
    """Set general-purpose flags and/or the declared uncompressed size in every header."""
    buf = bytearray(data)
    for sig, flag_at, size_at in ((b"PK\x03\x04", 6, 22), (b"PK\x01\x02", 8, 24)):
        pos = buf.find(sig)
        while pos >= 0:
            if flag_bits:
                old = struct.unpack_from("<H", buf, pos + flag_at)[0]
                struct.pack_into("<H", buf, pos + flag_at, old | flag_bits)
            if file_size is not None:
                struct.pack_into("<I", buf, pos + size_at, file_size)
            pos = buf.find(sig, pos + 4)
    return bytes(buf)


# --- e-mail ---------------------------------------------------------------------------


def make_email(
    body: str, attachments: Sequence[tuple[str, str, bytes]] = (), subject: str = "Report"
) -> EmailMessage:
    """A message with a plain body and (filename, content type, bytes) attachments."""
    msg = EmailMessage()
    msg["From"] = "Ana Pérez <ana.perez@acme.example>"
    msg["To"] = "luis@acme.example"
    msg["Subject"] = subject
    msg.set_content(body)
    for filename, ctype, data in attachments:
        maintype, subtype = ctype.split("/")
        if maintype == "text":
            msg.add_attachment(data.decode(), subtype=subtype, filename=filename)
        else:
            msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return msg
