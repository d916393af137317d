"""One reader per format; importing this package registers them all in ``READERS``."""

from __future__ import annotations

from governance.ingest.base import READERS, register
from governance.ingest.readers.calc import read_calc
from governance.ingest.readers.docx import read_docx
from governance.ingest.readers.email import read_email
from governance.ingest.readers.html import html_to_text, read_html
from governance.ingest.readers.image import read_image
from governance.ingest.readers.markdown import read_markdown
from governance.ingest.readers.mbox import read_mbox
from governance.ingest.readers.parquet import read_parquet
from governance.ingest.readers.pdf import read_pdf
from governance.ingest.readers.pptx import read_pptx
from governance.ingest.readers.table import read_csv, read_jsonl
from governance.ingest.readers.text import decode, make_document, read_text
from governance.ingest.readers.xlsx import read_xlsx
from governance.ingest.readers.zip import read_zip

__all__ = [
    "READERS",
    "decode",
    "html_to_text",
    "make_document",
    "read_calc",
    "read_csv",
    "read_docx",
    "read_email",
    "read_html",
    "read_image",
    "read_jsonl",
    "read_markdown",
    "read_mbox",
    "read_parquet",
    "read_pdf",
    "read_pptx",
    "read_text",
    "read_xlsx",
    "read_zip",
    "register",
]
