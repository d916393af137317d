"""Internal documents as Markdown and HTML, plus one deliberately unreadable "scan"."""

from __future__ import annotations

import html
import itertools
import random
from datetime import date, timedelta
from pathlib import Path

from governance.demo.context import Context
from governance.demo.places import CITIES
from governance.demo.templates import DocTemplate, Planted, Slot, person_slots, render

DOCS_PER_SCALE = 5
SCAN_FILE = "docs/scan_0001.md"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
_FIRST_DAY = date(2026, 1, 12)
_MONTHS_ES: tuple[str, ...] = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
)
_MONTHS_ES += ("septiembre", "octubre", "noviembre", "diciembre")

_STYLE = """<style>
  body { font-family: "Helvetica Neue", Arial, sans-serif; margin: 2rem auto; max-width: 48rem; }
  h1 { color: #1f3a5f; border-bottom: 2px solid #d0d7de; }
  ul { padding-left: 1.2rem; }
  .intranet-banner::before { content: "Acme Intranet - internal use only"; }
</style>"""
_SCRIPT = """<script>
  window.intranet = { section: "docs", build: "3.2.1", theme: "light" };
  document.addEventListener("DOMContentLoaded", function () {
    document.body.classList.add("intranet-banner");
  });
</script>"""


def write_docs(ctx: Context) -> list[str]:
    """Write ``DOCS_PER_SCALE * scale`` Markdown and as many HTML documents."""
    rng = ctx.rng("docs")
    (ctx.root / "docs").mkdir(parents=True, exist_ok=True)
    written = []
    count = len(ctx.pack.docs)
    for number in range(1, DOCS_PER_SCALE * ctx.scale + 1):
        for suffix, offset in (("md", 0), ("html", 2)):
            template = ctx.pack.docs[(number - 1 + offset) % count]
            relpath = f"docs/{template.kind}_{ctx.lang}_{number:04d}.{suffix}"
            text, planted = _document(ctx, rng, template, html_format=suffix == "html")
            (ctx.root / relpath).write_text(text, encoding="utf-8", newline="\n")
            ctx.record(relpath, None, planted)
            written.append(relpath)
    return written


def write_scan(root: Path, seed: int) -> str:
    """A binary file with a ``.md`` name and no planted values: it must be quarantined."""
    rng = random.Random(f"{seed}:scan")
    noise = bytes(rng.choice((0, 0, 0xFF, rng.randint(0, 255))) for _ in range(2048))
    (root / SCAN_FILE).write_bytes(_PNG_SIGNATURE + noise)
    return SCAN_FILE


def _document(
    ctx: Context, rng: random.Random, template: DocTemplate, *, html_format: bool
) -> tuple[str, list[Planted]]:
    slots = _slots(ctx, rng)
    title, planted = render(template.title, slots)
    sections = []
    for heading, blocks in template.sections:
        rendered = []
        for block in blocks:
            text, found = render(block, slots)
            rendered.append(text)
            planted.extend(found)
        sections.append((heading, rendered))
    writer = _as_html if html_format else _as_markdown
    return writer(ctx.lang, title, sections), planted


def _slots(ctx: Context, rng: random.Random) -> dict[str, Slot]:
    day = _FIRST_DAY + timedelta(days=rng.randint(0, 300))
    slots: dict[str, Slot] = {
        "office": ("STREET_ADDRESS", ctx.people.street()),
        "office_city": (None, rng.choice(CITIES[ctx.lang])[0]),
        "ip": ("IP_ADDRESS", ctx.people.ip()),
        "date": (None, _format_day(ctx.lang, day)),
    }
    for index in range(1, 6):
        slots.update(person_slots(f"p{index}", ctx.people.person(employee=True)))
    return slots


def _format_day(lang: str, day: date) -> str:
    if lang == "es":
        return f"{day.day} de {_MONTHS_ES[day.month - 1]} de {day.year}"
    return f"{day:%B} {day.day}, {day.year}"


def _as_markdown(lang: str, title: str, sections: list[tuple[str, list[str]]]) -> str:
    lines = [f"# {title}", ""]
    for heading, blocks in sections:
        lines += [f"## {heading}", ""]
        for block in blocks:
            is_item = block.startswith("- ")
            if not is_item and lines[-1]:
                lines.append("")
            lines += [block] if is_item else [block, ""]
        if lines[-1]:
            lines.append("")
    return "\n".join(lines)


def _as_html(lang: str, title: str, sections: list[tuple[str, list[str]]]) -> str:
    esc = _escape
    head = f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
    parts = [head + f"<title>{esc(title)}</title>\n{_STYLE}\n{_SCRIPT}\n</head>\n<body>"]
    parts.append(f"<h1>{esc(title)}</h1>")
    for heading, blocks in sections:
        parts.append(f"<h2>{esc(heading)}</h2>")
        for is_list, group in itertools.groupby(blocks, key=lambda b: b.startswith("- ")):
            if is_list:
                items = "\n".join(f"  <li>{esc(b[2:])}</li>" for b in group)
                parts.append(f"<ul>\n{items}\n</ul>")
            else:
                parts += [f"<p>{esc(b)}</p>" for b in group]
    return "\n".join(parts) + "\n</body>\n</html>\n"


def _escape(text: str) -> str:
    return html.escape(text, quote=False)
