"""Independent text extractors, to check the readers' text against (tests and bench).

None of them shares code with the reader it checks: PDF text comes from pdfium (Google's
engine, through pypdfium2) or poppler's ``pdftotext`` where the reader uses pypdf; DOCX,
PPTX and ODS text comes from the ``<w:t>`` / ``<a:t>`` / ``<text:p>`` runs of the package's
XML, read with the standard library, where the readers use python-docx, python-pptx and
calamine. ``chars`` compares texts as multisets of characters, so order, layout and the
readers' additions (``column: value`` labels, page separators) do not count.
"""

from __future__ import annotations

import html
import re
import subprocess
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

# Package parts that hold a document's text, and the runs that hold it.
_PARTS = {
    "docx": re.compile(r"word/(document|header\d*|footer\d*|comments|footnotes|endnotes)\.xml"),
    "pptx": re.compile(r"ppt/(slides/slide|notesSlides/notesSlide)\d+\.xml"),
    "ods": re.compile(r"content\.xml"),
}
_RUNS = {
    "docx": re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>"),
    "pptx": re.compile(r"<a:t>([^<]*)</a:t>"),
    "ods": re.compile(r"<text:[ps](?:\s[^>]*)?>([^<]*)<"),
}
# Fields a viewer fills in (slide numbers, dates): layout, not the author's text.
_FIELD = re.compile(r"<a:fld\b.*?</a:fld>", re.S)
# Footnote and endnote separators are Word's own parts, not text.
_SEPARATOR = re.compile(r'<w:(footnote|endnote) [^>]*w:type="[a-zA-Z]+"[^>]*>.*?</w:\1>', re.S)


def chars(text: str) -> Counter[str]:
    """Non-space characters after NFKC; format controls (bidi marks) are not text."""
    text = unicodedata.normalize("NFKC", text)
    return Counter(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


def coverage(reference: str, ours: str) -> float:
    """The share of the reference's characters that ``ours`` holds (1.0 when it has none)."""
    want = chars(reference)
    total = sum(want.values())
    return sum((want & chars(ours)).values()) / total if total else 1.0


def package_text(path: Path, fmt: str) -> str:
    """The text runs of an office package's content parts, in part order."""
    with zipfile.ZipFile(path) as package:
        names = sorted(n for n in package.namelist() if _PARTS[fmt].fullmatch(n))
        xml = "".join(package.read(n).decode("utf-8", "replace") for n in names)
    xml = _SEPARATOR.sub("", _FIELD.sub("", xml))
    return "\n".join(html.unescape(run) for run in _RUNS[fmt].findall(xml))


def pdf_text(path: Path, tool: str = "pdfium") -> str | None:
    """A PDF's text layer by pdfium or by poppler's pdftotext (None if it cannot read it)."""
    if tool == "pdftotext":
        out = subprocess.run(["pdftotext", "-q", str(path), "-"], capture_output=True,
                             timeout=120, check=False)  # fmt: skip
        return out.stdout.decode("utf-8", "replace") if out.returncode == 0 else None
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(path.read_bytes())
    except pdfium.PdfiumError:
        return None
    try:
        return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()
