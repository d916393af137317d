"""Data Docs that open offline and fetch nothing.

Great Expectations' pages load Bootstrap, jQuery, bootstrap-table, Vega and Font Awesome
from five CDNs and its logo from S3 (with a timestamp in the address). Offline, as this
project runs, the pages are unstyled and the index lists no validation at all (its table
is filled in by bootstrap-table from a script); online, opening a report tells those
hosts when. After each build the site is rewritten: every remote script and stylesheet
is removed, the logo points at the copy GE ships in ``static/images``, a small local
stylesheet (``static/styles/offline.css``) is linked, and the index's validation table is
written out as plain HTML rows, each linking to its page.
"""

from __future__ import annotations

import ast
import html
import os
import re
from pathlib import Path
from typing import Any

_REMOTE_SCRIPT = re.compile(r"<script\b[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>", re.I)
_REMOTE_LINK = re.compile(r"<link\b[^>]*\bhref=\"https?://[^\"]*\"[^>]*>", re.I)
_REMOTE_LOGO = re.compile(r"src=\"https?://[^\"]*/logo-long\.png[^\"]*\"", re.I)
# Inline scripts that drive jQuery/bootstrap-table/Vega: without those libraries they fail.
_INLINE_SCRIPT = re.compile(r"<script\b[^>]*>(?:(?!</script>).)*?</script>", re.I | re.S)
_TABLE_DATA = re.compile(r"\bdata: (\[.*?\]),\s*toolbar:", re.S)
_EMPTY_TABLE = re.compile(r"(<table\s[^>]*ge-index-page-validation-results-table[^>]*>)\s*</table>")
STYLESHEET = "static/styles/offline.css"
CSS = """\
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 1rem;
       color: #1f2328; }
a { color: #0b5cad; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; }
th, td { border: 1px solid #d0d7de; padding: .35rem .5rem; text-align: left;
         vertical-align: top; }
th { background: #f6f8fa; }
.text-success, .passed { color: #1a7f37; }
.text-danger, .failed { color: #cf222e; }
.cooltip .top, .tooltip, .d-none, [id$="-toolbar"] { display: none; }
.nav, .nav-tabs { list-style: none; padding: 0; display: flex; gap: 1rem; }
.fa-check-circle::before { content: "\\2714"; }
.fa-times::before, .fa-times-circle::before { content: "\\2716"; }
.fa-question-circle::before { content: "?"; }
img { max-width: 260px; }
"""


def make_offline(site: Path) -> None:
    """Rewrite every page of the Data Docs ``site`` so that it needs no network."""
    styles = site / STYLESHEET
    styles.parent.mkdir(parents=True, exist_ok=True)
    styles.write_text(CSS)
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        page.write_text(offline_page(text, page, site), encoding="utf-8")


def offline_page(text: str, page: Path, site: Path) -> str:
    root = os.path.relpath(site, page.parent)
    rows = _index_rows(text, page.parent, site) if page.name == "index.html" else None
    text = _REMOTE_SCRIPT.sub("", text)
    text = _REMOTE_LINK.sub("", text)
    text = _REMOTE_LOGO.sub(f'src="{root}/static/images/logo-long.png"', text)
    text = _INLINE_SCRIPT.sub("", text)
    if rows is not None:
        text = _EMPTY_TABLE.sub(lambda m: m.group(1) + rows + "</table>", text, count=1)
    link = f'<link rel="stylesheet" href="{root}/{STYLESHEET}">'
    return text.replace("</head>", f"{link}\n</head>", 1) if link not in text else text


COLUMNS = (("Status", "_validation_success_text"), ("Run time", "run_time"),
           ("Run", "run_name"), ("Asset", "asset_name"), ("Batch", "_batch_identifier_sort"),
           ("Suite", "_expectation_suite_name_sort"))  # fmt: skip


def _index_rows(text: str, folder: Path, site: Path) -> str | None:
    """The index's validation table as HTML rows, from the data its script would load."""
    found = _TABLE_DATA.search(text)
    if not found:
        return None
    try:
        data: list[dict[str, Any]] = ast.literal_eval(found.group(1))
    except (ValueError, SyntaxError):
        return None
    data.sort(key=lambda row: float(row.get("_run_time_sort") or 0), reverse=True)
    head = "".join(f"<th>{title}</th>" for title, _ in COLUMNS)
    body = []
    for row in data:
        cells = []
        for _, key in COLUMNS:
            value = html.escape(str(row.get(key, "")))
            if key == "_validation_success_text":
                value = (
                    f'<span class="{"passed" if value == "Success" else "failed"}">{value}</span>'
                )
            if (
                key == "_batch_identifier_sort"
                and (site / str(row.get("_table_row_link_path"))).exists()
            ):
                href = html.escape(os.path.relpath(site / row["_table_row_link_path"], folder))
                value = f'<a href="{href}">{value}</a>'
            cells.append(f"<td>{value}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody>"
