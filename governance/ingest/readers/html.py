"""HTML: the visible text, with the ``<title>`` as its first line.

A small linear-time scanner instead of ``html.parser.HTMLParser``: on the Python this
project runs (3.11) the stdlib parser is quadratic on malformed input such as
``<a b='`` repeated (gh-135462) and raises ``AssertionError`` on ``<![`` runs, and a
reader must survive any file. Every construct is found with one forward search; one
that is not closed runs to the end of the file, as in a browser, so no byte is
scanned twice. Entities are decoded with the stdlib ``html.unescape``.

Script, style, template and noscript contents are skipped; block elements break
lines; whitespace is collapsed per line (kept inside ``<pre>``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from governance.errors import InputError
from governance.ingest.base import register
from governance.ingest.readers.text import decode_with_encoding, make_document
from governance.policy.model import Source
from governance.records import Document, SourceFile

_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*)")
# The rest of a tag after its name: quoted attribute values may hold ">". Possessive,
# so a tag that never closes fails in one pass instead of backtracking.
_TAG_REST = re.compile(r"""(?:=\s*"[^"]*"|=\s*'[^']*'|[^>])*+>""")
_SKIPPED = frozenset({"script", "style", "template", "noscript"})
_RAW_TEXT = frozenset({*_SKIPPED, "title", "textarea", "xmp"})


def _tags(names: str) -> frozenset[str]:
    return frozenset(names.split())


_PARAGRAPH = _tags(
    "address article aside blockquote details dl fieldset figure footer form h1 h2 h3 "
    "h4 h5 h6 header hr main nav ol p pre section table ul"
)
_LINE = _tags(
    "body caption dd div dt figcaption html legend li option summary tbody tfoot thead tr"
)
_CELL = frozenset({"td", "th"})
_SPACES = re.compile(r"\s+")


@dataclass(slots=True)
class _Text:
    """Visible text as it is scanned.

    Block tags leave a pending break (1 newline for a line, 2 for a paragraph); breaks
    that meet merge into the strongest, and are written before the next visible text.
    """

    pieces: list[str] = field(default_factory=list)
    title: str = ""
    pre_depth: int = 0
    pending: int = 0

    def data(self, raw: str) -> None:
        text = html.unescape(raw)
        if not self.pre_depth:
            text = _SPACES.sub(" ", text)
        if self.pending and text.strip():
            self.pieces.append("\n" * self.pending)
            self.pending = 0
        if not self.pending:
            self.pieces.append(text)

    def tag(self, name: str, closing: bool) -> None:
        if name == "pre":
            self.pre_depth = max(0, self.pre_depth + (-1 if closing else 1))
        if name == "br":
            self.pieces.append("\n")
        elif name in _PARAGRAPH:
            self.pending = 2
        elif name in _LINE:
            self.pending = max(self.pending, 1)
        elif name in _CELL:
            self.pieces.append(" ")


def html_to_text(markup: str) -> str:
    """Visible text of an HTML document; the title, if any, is the first line."""
    out = _Text()
    pos = 0
    while pos < len(markup):
        lt = markup.find("<", pos)
        if lt < 0:
            out.data(markup[pos:])
            break
        out.data(markup[pos:lt])
        pos = _construct(markup, lt, out)
    body = _normalize("".join(out.pieces))
    title = " ".join(out.title.split())
    return f"{title}\n\n{body}".strip() if title else body


def _construct(markup: str, lt: int, out: _Text) -> int:
    """Handle the construct opening at ``lt``; returns where scanning continues."""
    if markup.startswith("<!--", lt):
        return _past(markup, "-->", lt + 4)
    if markup.startswith(("<!", "<?"), lt):
        return _past(markup, ">", lt + 2)
    tag = _TAG.match(markup, lt)
    if tag is None:
        out.data("<")
        return lt + 1
    rest = _TAG_REST.match(markup, tag.end())
    if rest is None:
        return len(markup)
    name, closing = tag.group(2).lower(), bool(tag.group(1))
    out.tag(name, closing)
    if closing or name not in _RAW_TEXT or rest.group().endswith("/>"):
        return rest.end()
    return _raw_text(markup, rest.end(), name, out)


def _raw_text(markup: str, start: int, name: str, out: _Text) -> int:
    """Contents of script/style/title/...: up to the matching end tag, not parsed."""
    end_tag = re.compile(rf"</{name}(?=[\s/>])", re.IGNORECASE).search(markup, start)
    end = end_tag.start() if end_tag else len(markup)
    if name == "title" and not out.title:
        out.title = html.unescape(markup[start:end])
    elif name not in _SKIPPED:
        out.data(markup[start:end])
    return end


def _past(markup: str, terminator: str, start: int) -> int:
    """Just past the next ``terminator``, or the end when it never comes."""
    found = markup.find(terminator, start)
    return len(markup) if found < 0 else found + len(terminator)


def _normalize(text: str) -> str:
    """Collapse whitespace per line; at most one blank line between blocks."""
    lines: list[str] = []
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines).strip()


@register("html")
def read_html(file: SourceFile, data: bytes, source: Source) -> Iterator[Document]:
    """One Document with the page's visible text."""
    markup, encoding = decode_with_encoding(data)
    text = html_to_text(markup)
    if not text:
        raise InputError("empty file: no visible text in the HTML")
    yield make_document(file, source, text, metadata={"encoding": encoding})
