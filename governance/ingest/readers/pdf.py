"""PDF: the text layer, page by page (pypdf); pages without text are flagged for OCR.

One Document per file: the pages' text separated by blank lines, a ``page:<n>`` section
per page that has text, ligatures and presentation forms normalised (NFKC) and words
split at line ends joined; filled-in form fields follow as ``name: value`` lines in a
``form`` section. Pages with no text layer (scans) are rendered (pypdfium2, at the
source's ``ocr.dpi``) and read by OCR where the source switches it on: they are listed in
``metadata["ocr_pages"]`` with their confidence (``governance.ingest.readers.image``).
Where OCR is off they are listed in ``metadata["needs_ocr"]``, and a PDF with no text on
any page is quarantined as ``NeedsOcr``, so lineage counts what must go through OCR.
Encrypted PDFs that do not
open with the empty password, corrupt, truncated and mislabelled files are
quarantined. pypdf interprets no JavaScript or actions: they are only noted in
``metadata["javascript"]``.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import zlib
from collections.abc import Iterator

from pypdf import PasswordType, PdfReader
from pypdf.errors import PyPdfError

from governance.ingest.base import check_not_empty, register
from governance.ingest.errors import CorruptFile, EncryptedFile, NeedsOcr, NoText
from governance.ingest.ocr import MAX_PIXELS, OcrPage, ocr_metadata, recognise
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
    if b"%%EOF" not in data:  # trailing bytes after the marker are common, and harmless
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
            texts.append(clean_text(raw))
    except _PARSE_ERRORS as exc:
        raise CorruptFile(
            f"corrupt PDF: page {len(texts) + 1} cannot be read ({type(exc).__name__})"
        ) from exc
    return texts


# A word split at a line end (``pellen-\ntesque``): lower-case on both sides.
_SPLIT_WORD = re.compile(r"([^\W\d_])-\n([^\W\d_A-ZÀ-Þ]+)[ \t]?")


def clean_text(raw: str) -> str:
    """A page's text as a person reads it: ligatures and presentation forms as letters
    (Unicode NFKC: ``ﬀ`` -> ``ff``), words split at line ends joined, lines right-trimmed."""
    text = unicodedata.normalize("NFKC", raw)
    text = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return _SPLIT_WORD.sub(lambda m: m.group(1) + m.group(2) + "\n", text)


def form_lines(reader: PdfReader) -> list[str]:
    """Filled-in form fields (AcroForm) as ``name: value`` lines, the name as context."""
    try:
        fields = reader.get_fields() or {}
    except _PARSE_ERRORS:
        return []
    lines: list[str] = []
    for name, field in fields.items():
        value = field.get("/V") if isinstance(field, dict) else None
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        text = " ".join(str(value).split()) if value is not None else ""
        if text and text not in ("/Off", "/No"):
            label = " ".join(str(field.get("/TU") or name).split())
            lines.append(f"{label}: {text.lstrip('/')}")
    return lines


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


def ocr_pages(data: bytes, numbers: list[int], source: Source) -> dict[int, OcrPage]:
    """The OCR text of pages ``numbers`` (from 1), rendered in memory at ``ocr.dpi``."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data, password="")
    except pdfium.PdfiumError as exc:
        raise CorruptFile(f"corrupt PDF: its pages cannot be rendered for OCR ({exc})") from None
    read: dict[int, OcrPage] = {}
    try:
        for n in numbers:
            page = document[n - 1]
            width, height = page.get_size()  # points: 1/72 inch
            scale = min(source.ocr.dpi / 72, (MAX_PIXELS / max(width * height, 1.0)) ** 0.5)
            image = page.render(scale=scale, grayscale=True).to_pil()
            read[n] = recognise(image, source.ocr.languages, dpi=round(72 * scale))
    except pdfium.PdfiumError as exc:
        raise CorruptFile(f"corrupt PDF: page {n} cannot be rendered for OCR ({exc})") from None
    finally:
        document.close()
    return read


@register("pdf")
def read_pdf(file: SourceFile, data: bytes, source: Source) -> Iterator[Document]:
    """One Document with the text of every page that has a text layer."""
    reader = open_pdf(data)
    texts = page_texts(reader)
    if not texts:
        raise CorruptFile("PDF without pages")
    scanned = [n for n, page in enumerate(texts, start=1) if not page]
    read: dict[int, OcrPage] = {}
    if scanned and source.ocr.enabled:
        read = ocr_pages(data, scanned, source)
        for n, page in read.items():
            texts[n - 1] = clean_text(page.text)
    if not any(texts):
        if source.ocr.enabled:
            raise NoText(f"no text layer and OCR read no text on any of its {len(texts)} pages")
        raise NeedsOcr(
            f"no text layer on any of its {len(texts)} pages (scanned images need OCR)",
            hint=f"set ocr: {{enabled: true}} on source '{source.name}', or exclude the file",
        )
    text, sections = join_pages(texts)
    form = form_lines(reader)
    if form:
        block = "\n".join(unicodedata.normalize("NFKC", line) for line in form)
        text += "\n\n" if text else ""
        sections.append(Section("form", len(text), len(text) + len(block)))
        text += block
    metadata = {"pages": str(len(texts))}
    if read:
        metadata |= ocr_metadata(read, source.ocr.min_confidence)
    elif scanned:
        metadata["needs_ocr"] = ",".join(str(n) for n in scanned)
    if form:
        metadata["form_fields"] = str(len(form))
    if reader.is_encrypted:
        metadata["encrypted"] = "empty user password"
    if has_javascript(reader):
        metadata["javascript"] = "present, not executed"
    yield make_document(file, source, text, sections=sections, metadata=metadata)
