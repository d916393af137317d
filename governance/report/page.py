"""The run report as one self-contained HTML page: inline CSS and SVG, no script."""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from governance.report.charts import stacked_bars
from governance.report.data import ReportData, SnapshotDiff, Validation

STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;
max-width:1000px;color:#1d2733;padding:0 1rem}
h1{font-size:1.45rem;margin-bottom:.2rem}h2{font-size:1.1rem;margin-top:2.2rem;
border-bottom:1px solid #dde3ea;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin:.6rem 0}td,th{padding:.3rem .6rem;
border-bottom:1px solid #eef1f4;text-align:left;vertical-align:top}th{color:#52606d;font-weight:600}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.badge{display:inline-block;padding:.1rem .55rem;border-radius:.8rem;font-size:.85rem;color:#fff}
.badge{white-space:nowrap}.ok{background:#2f855a}.bad{background:#c53030}.warn{background:#b7791f}
.tiles{display:flex;flex-wrap:wrap;gap:.6rem;margin:1rem 0}.tile{border:1px solid #dde3ea;
border-radius:.5rem;padding:.5rem .8rem;min-width:8.5rem}.tile b{display:block;font-size:1.3rem}
.tile span{color:#52606d;font-size:.8rem}.muted{color:#52606d}
svg.chart{display:block;margin:.5rem 0;max-width:100%;height:auto}
svg .label,svg .legend,svg .total{font:12px system-ui,sans-serif;fill:#1d2733}
svg .total{fill:#52606d}p.empty{color:#52606d;font-style:italic}
"""

STATES = ("processed", "unchanged", "quarantined", "skipped", "deleted")


def render(data: ReportData, links: Mapping[str, str]) -> str:
    """The whole page; ``links`` maps 'index' and '<corpus>/<batch>' to Data Docs paths."""
    body = "".join([
        _header(data), _files(data), _findings(data), _validations(data, links),
        _canaries(data), _diffs(data), _drops(data), _docs(links),
    ])  # fmt: skip
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>govern run {_e(data.run_id)}</title><style>{STYLE}</style></head>"
        f"<body>{body}</body></html>"
    )


def _header(data: ReportData) -> str:
    run, status = data.run, data.status
    css = {"completed": "ok", "gate_failed": "bad", "failed": "bad"}.get(status, "warn")
    if not run:
        return f"<h1>Run {_e(data.run_id)}</h1><p>This run is not in lineage.</p>"
    tiles = [
        ("files discovered", run.get("discovered")), ("processed", run.get("processed")),
        ("quarantined", run.get("quarantined")), ("documents", run.get("documents")),
        ("values found", values_found(data)),
        ("validations failed", sum(not v.success for v in data.validations)),
        ("canary recall", _recall_text(data.canaries)),
    ]  # fmt: skip
    tile_html = "".join(f"<div class=tile><b>{_e(_fmt(v))}</b><span>{_e(k)}</span></div>"
                        for k, v in tiles)  # fmt: skip
    return (
        f'<h1>Run {_e(data.run_id)} <span class="badge {css}">{_e(status)}</span></h1>'
        f'<p class="muted">Policy <b>{_e(run.get("policy_name"))}</b> '
        f"({_e(run.get('policy_hash'))}), key {_e(run.get('key_id'))}, runner "
        f"{_e(run.get('runner'))}; started {_e(run.get('started_at'))}, finished "
        f'{_e(run.get("finished_at"))}.</p><div class="tiles">{tile_html}</div>'
        + (f'<p class="bad badge">error: {_e(run.get("error"))}</p>' if run.get("error") else "")
    )


def values_found(data: ReportData) -> int:
    """Values found in the run's documents: each is counted once per target in lineage
    (every target treats it), so the headline takes the largest target's count."""
    per_target: dict[str, int] = defaultdict(int)
    for target, _, _, count in data.findings:
        per_target[str(target)] += int(count)
    return max(per_target.values(), default=0)


def _files(data: ReportData) -> str:
    per: dict[str, dict[str, float]] = defaultdict(dict)
    for source, state, files, _ in data.files:
        per[str(source)][str(state)] = float(files)
    chart = stacked_bars("Files per source and state", sorted(per.items()), STATES)
    problems = _table(["source", "file", "state", "error", "reason"], data.problems)
    return (
        f"<h2>Files per source and state</h2>{chart}"
        f"{_table(['source', 'state', 'files', 'documents'], data.files)}"
        f"<h2>Quarantined and skipped files</h2>{problems}"
    )


def _findings(data: ReportData) -> str:
    targets: dict[str, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    for target, entity, operator, count in data.findings:
        per = targets[str(target)][str(entity)]
        per[str(operator)] = per.get(str(operator), 0.0) + float(count)
    charts = "".join(
        f"<h3>Target {_e(t)}</h3>"
        + stacked_bars(f"Findings in target {t} per entity type and operator",
                       sorted(per.items(), key=lambda kv: -sum(kv[1].values())), _segments(per))
        for t, per in sorted(targets.items())
    ) or '<p class="empty">no findings</p>'  # fmt: skip
    return f"<h2>Findings per entity type and operator</h2>{charts}"


def _segments(per: Mapping[str, Mapping[str, float]]) -> list[str]:
    """Segment names in order of first appearance, largest bars first."""
    return list(dict.fromkeys(name for values in per.values() for name in values))


def _validations(data: ReportData, links: Mapping[str, str]) -> str:
    per: dict[str, dict[str, float]] = defaultdict(lambda: {"passed": 0.0, "failed": 0.0})
    for v in data.validations:
        per[v.corpus]["failed" if not v.success else "passed"] += 1
    chart = stacked_bars("Validated batches per corpus", sorted(per.items()), ("passed", "failed"))
    rows = [_validation_row(v, links) for v in data.validations]
    head = "<tr><th>corpus</th><th>suite</th><th>batch</th><th>rows</th><th>result</th>" \
           "<th>what failed</th><th>Data Docs</th></tr>"  # fmt: skip
    table = f"<table>{head}{''.join(rows)}</table>" if rows else '<p class="empty">none</p>'
    return f"<h2>Validation</h2>{chart}{table}"


def _validation_row(v: Validation, links: Mapping[str, str]) -> str:
    verdict = '<span class="badge ok">passed</span>' if v.success else \
        f'<span class="badge bad">failed {v.failed} of {v.evaluated}</span>'  # fmt: skip
    failures = "<br>".join(_e(f) for f in v.failures) or f"{v.evaluated} expectations met"
    link = links.get(f"{v.corpus}/{v.batch}")
    docs = f'<a href="{_e(link)}">page</a>' if link else "—"
    return (f"<tr><td>{_e(v.corpus)}</td><td>{_e(v.suite)}</td><td>{_e(v.batch)}</td>"
            f'<td class="n">{_e(_fmt(v.rows))}</td><td>{verdict}</td><td>{failures}</td>'
            f"<td>{docs}</td></tr>")  # fmt: skip


def _canaries(data: ReportData) -> str:
    if not data.canaries:
        return "<h2>Canary recall</h2><p class=empty>no canaries planted in this run</p>"
    bars = [(f"{t} · {e}", {"caught": float(p - s), "survived": float(s)})
            for t, e, p, s in data.canaries]  # fmt: skip
    chart = stacked_bars("Canaries caught and survived per target and entity type", bars,
                         ("caught", "survived"))  # fmt: skip
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for target, _, planted, survived in data.canaries:
        per[str(target)][0] += int(planted)
        per[str(target)][1] += int(survived)
    rows = [
        (t, p, s, f"{100 * (p - s) / p:.1f}%" if p else "—") for t, (p, s) in sorted(per.items())
    ]
    return (
        "<h2>Canary recall</h2><p class=muted>Synthetic values planted in copies of sampled "
        "documents before detection (never published). Survived: still present after the "
        f"target's transformation.</p>{_table(['target', 'planted', 'survived', 'recall'], rows)}"
        f"{chart}"
    )


def _diffs(data: ReportData) -> str:
    bars = [(d.corpus, {"added": float(d.added), "removed": float(d.removed)}) for d in data.diffs
            if d.snapshot_id]  # fmt: skip
    chart = stacked_bars("Rows added and removed per corpus", bars, ("added", "removed"))
    rows = [_diff_row(d) for d in data.diffs]
    columns = ["corpus", "status", "snapshot", "rows", "previous", "previous rows", "added",
               "removed"]  # fmt: skip
    return f"<h2>Changes since the previous snapshot</h2>{chart}{_table(columns, rows)}"


def _diff_row(d: SnapshotDiff) -> tuple[Any, ...]:
    return (d.corpus, d.status, d.snapshot_id or "—", d.rows, d.previous_id or "—",
            d.previous_rows, d.added, d.removed)  # fmt: skip


def _drops(data: ReportData) -> str:
    if not data.drops:
        return ""
    return f"<h2>Rows dropped while shaping</h2>{_table(['corpus', 'reason', 'rows'], data.drops)}"


def _docs(links: Mapping[str, str]) -> str:
    index = links.get("index")
    if not index:
        note = links.get("error", "not built")
        return f"<h2>Great Expectations Data Docs</h2><p class=empty>{_e(note)}</p>"
    return (f'<h2>Great Expectations Data Docs</h2><p><a href="{_e(index)}">Data Docs index'
            "</a> (built from the value-free results recorded in lineage).</p>")  # fmt: skip


def _recall_text(canaries: Sequence[tuple[Any, ...]]) -> str:
    planted = sum(int(r[2]) for r in canaries)
    survived = sum(int(r[3]) for r in canaries)
    return f"{100 * (planted - survived) / planted:.1f}%" if planted else "—"


def _table(columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> str:
    head = "".join(f"<th>{_e(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(_cell(v) for v in r) + "</tr>" for r in rows)
    return (
        f"<table><tr>{head}</tr>{body or f'<tr><td colspan={len(columns)}>none</td></tr>'}</table>"
    )


def _cell(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'<td class="n">{_fmt(value)}</td>'
    return f"<td>{_e(_fmt(value))}</td>"


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{int(value):,}"
    return str(value)


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)
