"""Images (png, jpg, tiff): scanned pages read by OCR, where the source switches it on.

One Document per file: each page (a multi-page TIFF has several, a photo one) is a
``page:<n>`` section of the text Tesseract read, cleaned as PDF text is (NFKC, words split
at line ends joined). ``metadata`` records the pages read by OCR, each page's mean word
confidence and the pages below the source's ``ocr.min_confidence``; lineage keeps them.
Where OCR is off, discovery skips image files by rule and never opens them; an image
on which OCR reads no text at all is quarantined as ``NoText`` (a photo, or a scan too
poor to read: someone should look at it).
"""

from __future__ import annotations

from collections.abc import Iterator

from governance.ingest.base import check_not_empty, register
from governance.ingest.errors import NeedsOcr, NoText
from governance.ingest.ocr import OcrPage, image_frames, ocr_metadata, recognise
from governance.ingest.readers.pdf import clean_text, join_pages
from governance.ingest.readers.text import make_document
from governance.policy.model import Source
from governance.records import Document, SourceFile


@register("image")
def read_image(file: SourceFile, data: bytes, source: Source) -> Iterator[Document]:
    """One Document with the OCR text of every page of the image."""
    check_not_empty(data)
    if not source.ocr.enabled:
        raise NeedsOcr(
            "an image: OCR is off for this source",
            hint=f"set ocr: {{enabled: true}} on source '{source.name}' to read images",
        )
    pages: dict[int, OcrPage] = {}
    for n, (frame, dpi) in enumerate(image_frames(data), start=1):
        pages[n] = recognise(frame, source.ocr.languages, dpi)
    texts = [clean_text(page.text) for page in pages.values()]
    if not any(texts):
        raise NoText(f"OCR read no text on any of its {len(texts)} pages (a photo, or a poor scan)")
    text, sections = join_pages(texts)
    metadata = {"pages": str(len(texts)), **ocr_metadata(pages, source.ocr.min_confidence)}
    yield make_document(file, source, text, sections=sections, metadata=metadata)
