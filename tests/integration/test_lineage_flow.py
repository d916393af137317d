"""Lineage on real runs (Prefect, DuckDB, Parquet, GE): consumers, trace, impact, erasure,
OpenLineage events."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from governance.cli import main
from tests.integration.conftest import current_rows as _current_rows
from tests.integration.conftest import lineage_sql as _sql
from tests.openlineage_spec import validate_event

pytestmark = pytest.mark.usefixtures("prefect_api")

# The query in the README and docs/lineage.md, verbatim.
FINETUNE_JOBS_OF_FILE = """
SELECT DISTINCT c.job, c.snapshot_id, c.consumed_at
FROM consumers c
JOIN outputs o USING (snapshot_id)
JOIN documents d USING (doc_id)
WHERE c.kind = 'finetune' AND d.source = ? AND d.source_uri = ?
ORDER BY c.consumed_at
"""


# Two tickets added to her file after the erasure: T-2 names her again, T-3 does not.
TICKETS_ADDED = (
    '{"ticket_id": "T-2", "subject": "Invoice", "body": "Maria Lopez again: where is my '
    'invoice?", "reply": "We sent it to you today, Maria Lopez."}\n'
    '{"ticket_id": "T-3", "subject": "Printer", "body": "The printer on floor two jams '
    'every morning.", "reply": "A technician will replace the roller on Monday."}\n'
)


def _run(policy: Path, corpus: Path, ws: Path) -> dict[str, Any]:
    from flows.govern import govern

    return govern(policy_path=str(policy), workspace=str(ws), source_root=str(corpus),
                  runner="thread")  # fmt: skip


def _row_text(row: dict[str, Any]) -> str:
    return json.dumps([row.get("text"), row.get("title"), row.get("messages")])


def test_readme_query_names_the_finetune_jobs_that_read_rows_of_a_file(
    policy_file: Path, corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from governance.lineage.queries import record_consumption

    ws = tmp_path / "ws"
    first = _run(policy_file, corpus, ws)
    record_consumption(ws, first["published"]["finetune"], "support-bot-v1", "finetune")
    record_consumption(ws, first["published"]["rag"], "kb-index", "vector_index")
    (corpus / "docs" / "c.md").write_text("# Parking\n\nParking spaces are assigned monthly.\n")
    second = _run(policy_file, corpus, ws)
    record_consumption(ws, second["published"]["finetune"], "support-bot-v2", "finetune")

    jobs = [r[0] for r in _sql(ws, FINETUNE_JOBS_OF_FILE, ["mail", "m.eml"])]
    assert jobs == ["support-bot-v1", "support-bot-v2"]
    assert [r[0] for r in _sql(ws, FINETUNE_JOBS_OF_FILE, ["docs", "c.md"])] == ["support-bot-v2"]
    assert _sql(ws, FINETUNE_JOBS_OF_FILE, ["docs", "missing.md"]) == []

    assert main(["lineage", "impact", "docs:c.md", "--workspace", str(ws), "--json"]) == 0
    impact = json.loads(capsys.readouterr().out)
    assert [c["job"] for c in impact["consumers"]] == ["support-bot-v2"]
    assert {s["corpus"] for s in impact["snapshots"]} == {"rag", "finetune"}

    chunk = next(r for r in _current_rows(ws, "rag") if r["source_uri"] == "m.eml")
    assert main(["lineage", "trace", chunk["chunk_id"], "--workspace", str(ws), "--json"]) == 0
    trace = json.loads(capsys.readouterr().out)
    assert (trace["source"], trace["source_uri"], trace["run_id"]) == ("mail", "m.eml",
                                                                       first["run_id"])  # fmt: skip
    assert trace["policy_name"] == "default" and trace["findings"]
    assert len(trace["snapshots"]) == 2  # carried forward into the second run's snapshot

    events = [json.loads(x) for x in (ws / "openlineage" / "events.jsonl").read_text().splitlines()]
    assert [e["eventType"] for e in events] == ["START", "COMPLETE", "START", "COMPLETE"]
    for event in events:
        validate_event(event)
    versions = {o["facets"]["version"]["datasetVersion"] for o in events[1]["outputs"]}
    assert versions == set(first["published"].values())


def test_erasure_removes_every_derived_row_and_lineage_explains_it(
    policy_file: Path, corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from governance.lineage.queries import record_consumption

    ws = tmp_path / "ws"
    first = _run(policy_file, corpus, ws)
    record_consumption(ws, first["published"]["finetune"], "support-bot-v1", "finetune")
    mail_doc = _sql(ws, "SELECT doc_id FROM documents WHERE source_uri = 'm.eml'")[0][0]

    assert (
        main(["erase", "--source", "mail:m.eml", "--reason", "DSR-1", "--workspace", str(ws)]) == 0
    )
    out = capsys.readouterr().out
    assert "RETRAIN: finetune job support-bot-v1" in out
    for corpus_name in ("rag", "finetune"):
        rows = _current_rows(ws, corpus_name)
        assert rows and not [
            r for r in rows if r["doc_id"] == mail_doc or r["source_uri"] == "m.eml"
        ]
    assert not list((ws / "corpora").glob(f"*/{first['published']['rag']}"))  # purged from disk
    assert _sql(ws, "SELECT state FROM documents WHERE doc_id = ?", [mail_doc]) == [("erased",)]

    assert main(["erase", "--subject", "Maria Lopez", "--policy", str(policy_file),
                 "--workspace", str(ws), "--json"]) == 0  # fmt: skip
    cert = json.loads(capsys.readouterr().out)
    assert cert["rows_removed"] == {"finetune": 1, "rag": 1}
    for corpus_name in ("rag", "finetune"):
        rows = _current_rows(ws, corpus_name)
        assert not [r for r in rows if r["source_uri"] == "t.jsonl"]  # her only document
        assert not [r for r in rows if "maria" in _row_text(r).lower()]

    # The next run reads the erased file again only if it changed; it is skipped either way.
    (corpus / "mail" / "m.eml").write_text((corpus / "mail" / "m.eml").read_text() + "\nPS.\n")
    # Her ticket file changes: it is read again, and she stays out of what it yields.
    tickets = corpus / "tickets" / "t.jsonl"
    tickets.write_text(tickets.read_text() + TICKETS_ADDED)
    again = _run(policy_file, corpus, ws)
    assert again["counts"] == {"unchanged": 3, "processed": 1, "skipped": 1}
    subject_erasure = _sql(ws, "SELECT erasure_id FROM erasures WHERE kind = 'subject'")[0][0]
    for corpus_name in ("rag", "finetune"):
        rows = _current_rows(ws, corpus_name)
        assert not [r for r in rows if r["source_uri"] == "m.eml"]
        assert not [r for r in rows if "maria" in _row_text(r).lower()]
        kept = [r for r in rows if r["source_uri"] == "t.jsonl"]
        assert kept and all("printer" in _row_text(r).lower() for r in kept)  # T-3 only
    held = _sql(ws, "SELECT corpus, reason, count(*) FROM drops WHERE run_id = ? GROUP BY ALL "
                    "ORDER BY ALL", [again["run_id"]])  # fmt: skip
    assert held == [(c, f"erased subject: {subject_erasure}", 2) for c in ("finetune", "rag")]

    # Lineage explains both erasures; nothing personal is stored.
    log = _sql(ws, "SELECT kind, target, rows_removed, consumers_notified FROM erasure_log "
                   "ORDER BY requested_at")  # fmt: skip
    assert [(r[0], r[2], r[3]) for r in log] == [("source", 2, 1), ("subject", 2, 1)]
    removed = _sql(ws, "SELECT corpus, output_id FROM erasure_outputs ORDER BY ALL")
    assert len(removed) == 4
    rag_removed = next(r[1] for r in removed if r[0] == "rag")
    assert main(["lineage", "trace", rag_removed, "--workspace", str(ws), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["erasure_id"] is not None
    stored = json.dumps(_sql(ws, "SELECT * FROM erasures") + _sql(ws, "SELECT * FROM erasure_tokens"),
                        default=str)  # fmt: skip
    certificates = "".join(p.read_text() for p in (ws / "erasures").glob("*.json"))
    for text in (stored, certificates, (ws / "openlineage" / "events.jsonl").read_text()):
        assert "maria" not in text.lower() and "jane" not in text.lower()
