"""PDF: the text layer, page by page (pypdf); pages without text are flagged for OCR.

One Document per file: the pages' text separated by blank lines, a ``page:<n>`` section
per page that has text. Pages with no text layer (scans) are listed in
``metadata["ocr_pages"]``; a PDF with no text on any page is quarantined as
``NeedsOcr``, so lineage counts what must go through OCR. Encrypted PDFs that do not
open with the empty password, corrupt, truncated and mislabelled files are
quarantined. pypdf interprets no JavaScript or actions: they are only noted in
``metadata["javascript"]``.
"""

from __future__ import annotations

import io
import logging
import zlib
from collections.abc import Iterator

from pypdf import PasswordType, PdfReader
from pypdf.errors import PyPdfError

from governance.ingest.base import check_not_empty, register
from governance.ingest.errors import CorruptFile, EncryptedFile, NeedsOcr
from governance.ingest.readers.text import make_document
from governance.policy.model import Source
from governance.records import Document, Section, SourceFile

# pypdf logs recoverable oddities of a file; they are not the run's business.
logging.getLogger("pypdf").setLevel(logging.ERROR)

_HEADER_WINDOW = 1024
_PARSE_ERRORS = (
    PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, AssertionError,
    RecursionError, zlib.error, OSError, UnicodeError,
)  # fmt: skip
_JS_KEYS = ("/JavaScript", "/JS")


def open_pdf(data: bytes) -> PdfReader:
    """A reader over the bytes, decrypted with the empty password if encrypted."""
    check_not_empty(data)
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        raise CorruptFile("not a PDF: no %PDF- header (is the file mislabelled?)")
    if b"%%EOF" not in data[-_HEADER_WINDOW:]:
        raise CorruptFile("truncated PDF: no %%EOF marker at its end")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise EncryptedFile(
                "encrypted PDF: it needs a password",
                hint="remove the password protection, or exclude the file",
            )
        return reader
    except _PARSE_ERRORS as exc:
        raise CorruptFile(f"corrupt PDF: pypdf cannot parse it ({type(exc).__name__})") from exc


def page_texts(reader: PdfReader) -> list[str]:
    """The text layer of every page (``""`` for a page without one)."""
    texts: list[str] = []
    try:
        for page in reader.pages:
            raw = page.extract_text() or ""
            texts.append("\n".join(line.rstrip() for line in raw.strip().splitlines()))
    except _PARSE_ERRORS as exc:
        raise CorruptFile(
            f"corrupt PDF: page {len(texts) + 1} cannot be read ({type(exc).__name__})"
        ) from exc
    return texts


def has_javascript(reader: PdfReader) -> bool:
    """Whether the document catalog carries JavaScript or an open action (never run)."""
    try:
        root = reader.root_object
        names = root.get("/Names")
        names = names.get_object() if names is not None else {}
        in_names = isinstance(names, dict) and any(k in names for k in _JS_KEYS)
        return in_names or any(k in root for k in ("/OpenAction", "/AA"))
    except _PARSE_ERRORS:
        return False


def join_pages(texts: list[str]) -> tuple[str, list[Section]]:
    """Pages with text, separated by a blank line, with a ``page:<n>`` section each."""
    text = ""
    sections: list[Section] = []
    for n, page in enumerate(texts, start=1):
        if not page:
            continue
        if text:
            text += "\n\n"
        sections.append(Section(f"page:{n}", len(text), len(text) + len(page)))
        text += page
    return text, sections


@register("pdf")
def read_pdf(file: SourceFile, data: bytes, source: Source) -> Iterator[Document]:
    """One Document with the text of every page that has a text layer."""
    reader = open_pdf(data)
    texts = page_texts(reader)
    if not texts:
        raise CorruptFile("PDF without pages")
    ocr = [str(n) for n, page in enumerate(texts, start=1) if not page]
    if len(ocr) == len(texts):
        raise NeedsOcr(
            f"no text layer on any of its {len(texts)} pages (scanned images need OCR)",
            hint="run OCR on the file (e.g. ocrmypdf) and put the result in the source",
        )
    text, sections = join_pages(texts)
    metadata = {"pages": str(len(texts)), "ocr_pages": ",".join(ocr)}
    if reader.is_encrypted:
        metadata["encrypted"] = "empty user password"
    if has_javascript(reader):
        metadata["javascript"] = "present, not executed"
    yield make_document(file, source, text, sections=sections, metadata=metadata)
