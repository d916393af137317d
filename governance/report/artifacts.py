"""What a run shows in Prefect's UI as artifacts: a markdown summary and a table of the
files it quarantined. Built from the run's summary, lineage and quarantine list, so they
hold counts, verdicts, ids, pseudonymized paths and reasons: never a value.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from governance.lineage.store import LineageStore
from governance.workspace import Workspace

QUARANTINE_COLUMNS = ("source", "shown_uri", "error_class", "reason")


@dataclass(frozen=True, slots=True)
class RunArtifacts:
    markdown: str
    quarantined: list[dict[str, str]]


def run_artifacts(ws: Workspace, summary: dict[str, Any]) -> RunArtifacts:
    """The summary page and the quarantine table of the run ``summary`` describes (the
    dict the govern flow returns)."""
    run_id = summary["run_id"]
    with LineageStore(ws.lineage, read_only=True) as store:
        _, gates = store.query(
            "SELECT corpus, suite, count(*), count(*) FILTER (WHERE success), sum(failed) "
            "FROM validations WHERE run_id = ? GROUP BY corpus, suite ORDER BY corpus",
            [run_id],
        )
    lines = [
        f"# govern run `{run_id}`: **{summary['status']}**",
        "",
        "| files | count |",
        "|---|---|",
        *(f"| {state} | {n} |" for state, n in sorted(summary["counts"].items())),
        "",
        "## Corpora",
        "",
        "| corpus | outcome | rows | snapshot |",
        "|---|---|---|---|",
        *_corpus_lines(ws, summary),
        "",
        "## Quality gate",
        "",
    ]
    if gates:
        lines += ["| corpus | suite | batches | passed | failed expectations |"]
        lines += ["|---|---|---|---|---|"]
        lines += [f"| {c} | {s} | {n} | {ok} | {failed or 0} |" for c, s, n, ok, failed in gates]
    else:
        lines.append("No batch was validated (nothing new to read).")
    if summary.get("report"):
        lines += ["", f"Report: [{Path(summary['report']).name}]({_file_url(summary['report'])})"]
    return RunArtifacts("\n".join(lines) + "\n", _quarantined(ws, run_id))


def _corpus_lines(ws: Workspace, summary: dict[str, Any]) -> list[str]:
    names = sorted({*summary["published"], *summary["blocked"], *summary.get("warned", {})})
    lines = []
    for name in names:
        outcome = "published" if name in summary["published"] else "not published"
        if name in summary["blocked"]:
            outcome += ": batches held back by the gate"
        if name in summary.get("warned", {}):
            outcome += ": failed its gate (warn)"
        snapshot = summary["published"].get(name)
        where = f"[{snapshot}]({_file_url(ws.corpus(name) / snapshot)})" if snapshot else "-"
        lines.append(f"| {name} | {outcome} | {summary['rows'].get(name, '-')} | {where} |")
    return lines or ["| - | nothing changed: no new snapshot | - | - |"]


def _quarantined(ws: Workspace, run_id: str) -> list[dict[str, str]]:
    listing = ws.quarantine(run_id) / "files.jsonl"
    if not listing.is_file():
        return []
    rows = [json.loads(line) for line in listing.read_text(encoding="utf-8").splitlines()]
    return [{k: str(row.get(k) or "") for k in QUARANTINE_COLUMNS} for row in rows]


def _file_url(path: str | Path) -> str:
    return Path(path).resolve().as_uri()
