"""The page a person reads after a run, built from lineage only (so it holds no values).

``write_report`` renders ``reports/<run_id>.html``: a self-contained page (inline CSS and
SVG charts, no script, font or image fetched from anywhere) with files per source and
state, findings per entity type and operator, validation outcomes, canary recall, the
change against the previous snapshot of each corpus, and links to the Great
Expectations Data Docs it (re)builds in ``gx/data_docs/local_site/``.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from governance.lineage.store import LineageStore
from governance.report.data import ReportData, load
from governance.report.page import render

__all__ = ["ReportData", "render_report", "write_report"]

log = logging.getLogger(__name__)


def write_report(lineage: Path, run_id: str, dest: Path, *, data_docs: bool = True) -> Path:
    """Write the report of ``run_id`` to ``dest`` (and refresh the Data Docs)."""
    page = render_report(lineage, run_id, dest, data_docs=data_docs)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(".html.tmp")
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, dest)
    return dest


def render_report(lineage: Path, run_id: str, dest: Path, *, data_docs: bool = True) -> str:
    with LineageStore(lineage, read_only=True) as store:
        data = load(store, run_id)
        recorded = _recorded(store, run_id) if data_docs and data.run else []
    links = _data_docs(lineage.parent, run_id, recorded, dest) if recorded else {}
    return render(data, links)


def _recorded(store: LineageStore, run_id: str) -> list[object]:
    from governance.quality.docs import recorded

    _, rows = store.query(
        "SELECT v.run_id, r.started_at, v.corpus, v.suite, v.result FROM validations v "
        "JOIN runs r USING (run_id) WHERE v.run_id = ?",
        [run_id],
    )
    return list(recorded(rows))


def _data_docs(root: Path, run_id: str, validations: list[object], dest: Path) -> dict[str, str]:
    """Build the Data Docs pages of this run; links relative to the report's folder."""
    from governance.quality.docs import RecordedValidation, build_data_docs, page_for

    items = [v for v in validations if isinstance(v, RecordedValidation)]
    try:
        index = build_data_docs(root, items)
    except Exception as exc:  # the report must still be written; GE errors quote no data
        log.warning("Data Docs could not be built: %s", type(exc).__name__)
        return {"error": f"Data Docs could not be built ({type(exc).__name__})"}
    links = {"index": _rel(index, dest)}
    for v in items:
        page = page_for(root, v)
        if page is not None:
            links[f"{v.corpus}/{v.result.get('batch') or 'batch'}"] = _rel(page, dest)
    return links


def _rel(path: Path, dest: Path) -> str:
    return Path(os.path.relpath(path, dest.parent)).as_posix()
