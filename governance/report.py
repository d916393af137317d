"""The page a person reads after a run, built from lineage only (so it holds no values).

Self-contained HTML: inline CSS, no scripts or fonts fetched from anywhere.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from governance.lineage.store import LineageStore

STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:980px;color:#1d2733}
h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:2rem;border-bottom:1px solid #dde}
table{border-collapse:collapse;width:100%}td,th{padding:.3rem .6rem;border-bottom:1px solid #eef;
text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
.ok{color:#17753a}.bad{color:#b3261e}.bar{background:#4f7cac;height:.8rem;display:inline-block}
"""


def _table(columns: list[str], rows: list[tuple[Any, ...]]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = (
        "".join("<tr>" + "".join(_cell(v) for v in r) + "</tr>" for r in rows)
        or f"<tr><td colspan={len(columns)}>none</td></tr>"
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _cell(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'<td class="n">{value}</td>'
    return f"<td>{html.escape('' if value is None else str(value))}</td>"


def _bars(rows: list[tuple[Any, ...]]) -> str:
    top = max((int(r[-1]) for r in rows), default=1) or 1
    out = []
    for *labels, n in rows:
        width = int(300 * int(n) / top)
        label = html.escape(" / ".join(str(x) for x in labels))
        out.append(f'<tr><td>{label}</td><td><span class="bar" style="width:{width}px">'
                   f'</span> {n}</td></tr>')  # fmt: skip
    return "<table>" + "".join(out) + "</table>"


def render(store: LineageStore, run_id: str) -> str:
    _, run = store.query("SELECT * FROM runs WHERE run_id = ?", [run_id])
    cols, _ = store.query("SELECT * FROM runs LIMIT 0")
    info = dict(zip(cols, run[0], strict=True)) if run else {}
    status = str(info.get("status", "unknown"))
    files = store.query(
        "SELECT source, state, count(*) AS files, sum(documents) AS documents FROM files "
        "WHERE run_id = ? GROUP BY ALL ORDER BY ALL",
        [run_id],
    )
    quarantined = store.query(
        "SELECT source, source_uri, error_class, reason FROM files "
        "WHERE run_id = ? AND state IN ('quarantined', 'skipped') ORDER BY ALL",
        [run_id],
    )
    _, findings = store.query(
        "SELECT target, entity_type, operator, sum(count) FROM findings WHERE run_id = ? "
        "GROUP BY ALL ORDER BY 4 DESC",
        [run_id],
    )
    validations = store.query(
        "SELECT corpus, suite, success, evaluated, failed FROM validations WHERE run_id = ?",
        [run_id],
    )
    snapshots = store.query(
        "SELECT corpus, snapshot_id, row_count, status FROM snapshots WHERE run_id = ?",
        [run_id],
    )
    policy = html.escape(f"{info.get('policy_name')} ({info.get('policy_hash')})")
    key, started = html.escape(str(info.get("key_id"))), html.escape(str(info.get("started_at")))
    css = "ok" if status == "completed" else "bad"
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>govern run {html.escape(run_id)}</title><style>{STYLE}</style></head><body>
<h1>Run {html.escape(run_id)} <span class="{css}">{html.escape(status)}</span></h1>
<p>Policy <b>{policy}</b>, key {key}, started {started}.</p>
<h2>Files by source and state</h2>{_table(*files)}
<h2>Quarantined and skipped files</h2>{_table(*quarantined)}
<h2>Findings by target, entity type and operator</h2>{_bars(findings)}
<h2>Validation</h2>{_table(*validations)}
<h2>Snapshots</h2>{_table(*snapshots)}
</body></html>"""


def write_report(lineage: Path, run_id: str, dest: Path) -> Path:
    with LineageStore(lineage, read_only=True) as store:
        page = render(store, run_id)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(page, encoding="utf-8")
    return dest
