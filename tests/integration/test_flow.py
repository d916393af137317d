"""The govern flow on real Prefect, DuckDB, Great Expectations and Parquet."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from tests.integration.conftest import current_rows as _rows
from tests.integration.conftest import lineage_sql as _sql

pytestmark = pytest.mark.usefixtures("prefect_api")


def _run(policy: Path, corpus: Path, workspace: Path, runner: str = "thread") -> dict[str, Any]:
    from flows.govern import govern

    return govern(
        policy_path=str(policy), workspace=str(workspace), source_root=str(corpus), runner=runner
    )


def _current(workspace: Path, corpus: str) -> str:
    return (workspace / "corpora" / corpus / "CURRENT").read_text().strip()


def test_incremental_runs_process_only_what_changed(
    policy_file: Path, corpus: Path, tmp_path: Path
) -> None:
    ws = tmp_path / "ws"
    first = _run(policy_file, corpus, ws)
    assert first["status"] == "completed" and first["counts"] == {"processed": 5}
    rag_1 = _current(ws, "rag")

    second = _run(policy_file, corpus, ws)
    assert second["counts"] == {"unchanged": 5} and second["published"] == {}
    assert _current(ws, "rag") == rag_1

    (corpus / "docs" / "a.md").write_text("# Onboarding\n\nYour buddy is now Grace Hall.\n")
    (corpus / "docs" / "b.md").unlink()
    (corpus / "docs" / "c.md").write_text("# Parking\n\nParking spaces are assigned monthly.\n")
    third = _run(policy_file, corpus, ws)
    assert third["counts"] == {"processed": 2, "unchanged": 3, "deleted": 1}
    uris = {r["source_uri"] for r in _rows(ws, "rag")}
    assert {"a.md", "c.md", "staff.csv", "t.jsonl", "m.eml"} == uris
    assert not any("Grace Hall" in r["text"] for r in _rows(ws, "rag"))
    assert _sql(ws, "SELECT state FROM documents WHERE source_uri = 'b.md'") == [("deleted",)]
    assert _sql(ws, "SELECT count(*) FROM runs WHERE status = 'completed'") == [(3,)]


def test_a_quarantined_file_is_held_unread_until_it_changes(
    policy_file: Path, corpus: Path, tmp_path: Path
) -> None:
    ws = tmp_path / "ws"
    (corpus / "docs" / "broken.md").write_bytes(b"# Notes\0\0\0 from the meeting\0" * 50)
    first = _run(policy_file, corpus, ws)
    assert first["counts"] == {"processed": 5, "quarantined": 1}
    rag_1 = _current(ws, "rag")
    verdict = "SELECT reason, error_class FROM files WHERE source_uri = 'broken.md' AND run_id = ?"
    reason = _sql(ws, verdict, [first["run_id"]])
    assert reason and "binary content" in reason[0][0]

    # nothing changed: the verdict holds without reading the file, and nothing is published
    second = _run(policy_file, corpus, ws)
    assert second["counts"] == {"unchanged": 5, "quarantined": 1}
    assert second["published"] == {} and _current(ws, "rag") == rag_1
    assert _sql(ws, verdict, [second["run_id"]]) == reason

    (corpus / "docs" / "broken.md").write_text("# Notes\n\nThe meeting moved to Thursday.\n")
    third = _run(policy_file, corpus, ws)
    assert third["counts"] == {"processed": 1, "unchanged": 5}
    assert "broken.md" in {r["source_uri"] for r in _rows(ws, "rag")}


def test_policy_change_reprocesses_and_lineage_keeps_both_hashes(
    policy_file: Path, corpus: Path, tmp_path: Path
) -> None:
    ws = tmp_path / "ws"
    _run(policy_file, corpus, ws)
    policy_file.write_text(policy_file.read_text().replace("max_tokens: 256", "max_tokens: 128"))
    again = _run(policy_file, corpus, ws)
    assert again["counts"] == {"processed": 5}
    hashes = _sql(ws, "SELECT DISTINCT policy_hash FROM runs")
    assert len(hashes) == 2
    rows = _rows(ws, "rag")
    assert {r["policy_hash"] for r in rows} == {
        _sql(ws, "SELECT policy_hash FROM runs ORDER BY started_at DESC LIMIT 1")[0][0]
    }


def test_every_output_row_carries_labels_run_and_policy(
    policy_file: Path, corpus: Path, tmp_path: Path
) -> None:
    ws = tmp_path / "ws"
    summary = _run(policy_file, corpus, ws)
    for corpus_name in ("rag", "finetune"):
        for row in _rows(ws, corpus_name):
            assert row["run_id"] == summary["run_id"]
            assert row["classification"] == "confidential"
            assert row["allowed_groups"] == ["hr", "support", "all-staff"]
            assert len(row["policy_hash"]) == 16 and row["key_id"].startswith("k")
    chats = [r for r in _rows(ws, "finetune") if r["kind"] == "chat"]
    assert len(chats) == 1
    assert [m["role"] for m in chats[0]["messages"]] == ["user", "assistant"]
    assert "Maria" not in str(chats[0]["messages"])


def test_a_batch_that_fails_validation_is_quarantined_and_nothing_is_published(
    policy_file: Path, corpus: Path, tmp_path: Path
) -> None:
    ws = tmp_path / "ws"
    _run(policy_file, corpus, ws)
    before = _current(ws, "rag")
    # A policy that keeps e-mail addresses in clear for RAG: the residual-PII gate must stop it.
    policy_file.write_text(
        policy_file.read_text().replace(
            "operators: {default: pseudonym}",
            "operators: {default: pseudonym, EMAIL_ADDRESS: keep}",
        )
    )
    failed = _run(policy_file, corpus, ws)
    assert failed["status"] == "gate_failed" and "rag" in failed["blocked"]
    assert _current(ws, "rag") == before
    quarantined = list((ws / "quarantine" / failed["run_id"] / "rag").glob("*.reason.json"))
    assert len(quarantined) == 1
    reason = quarantined[0].read_text()
    assert "expect_column_values_to_contain_no_residual_pii" in reason
    assert "@gmail.com" not in reason and "@yahoo.com" not in reason
    validations = _sql(
        ws,
        f"SELECT success FROM validations WHERE run_id = '{failed['run_id']}' AND corpus = 'rag'",
    )
    assert validations == [(False,)]
    assert _sql(ws, f"SELECT status FROM runs WHERE run_id = '{failed['run_id']}'") == [
        ("gate_failed",)
    ]


def test_progress_moves_file_by_file_inside_a_batch(
    policy_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One batch of twelve files: its meter counts them as groups are scanned, and the
    flow shows those counts while the batch runs (a group per file here)."""
    import governance.run.batch
    from governance.ingest import progress
    from governance.ingest.progress import BatchMeter, NoProgress, reporting

    corpus = tmp_path / "sources"
    for sub in ("hr", "tickets", "mail", "docs"):
        (corpus / sub).mkdir(parents=True)
    for i in range(12):
        (corpus / "docs" / f"n{i:02d}.md").write_text(f"# Note {i}\n\nAsk Grace Hall.\n" * (i + 1))
    written: list[tuple[float, int]] = []
    meter = BatchMeter.files_done

    def slow_meter(self: BatchMeter, files: float, done_bytes: int) -> None:
        meter(self, files, done_bytes)
        written.append((files, done_bytes))
        time.sleep(0.1)  # long enough for the flow to look

    class Shown(NoProgress):
        def __init__(self) -> None:
            self.running_seen: list[float] = []

        def running(self, files: float, done_bytes: int, show: bool = True) -> None:
            if show:
                self.running_seen.append(files)

    monkeypatch.setattr(governance.run.batch, "DETECT_GROUP_CHARS", 1)
    monkeypatch.setattr(progress, "POLL_SECONDS", 0.02)
    monkeypatch.setattr(BatchMeter, "files_done", slow_meter)
    with reporting(Shown()) as shown:
        summary = _run(policy_file, corpus, tmp_path / "ws")

    assert summary["counts"] == {"processed": 12}
    sizes = sorted((corpus / "docs").iterdir())
    assert written == [(i + 1, sum(p.stat().st_size for p in sizes[: i + 1])) for i in range(12)]
    assert any(0 < files < 12 for files in shown.running_seen)
    assert not (tmp_path / "ws" / "staging").exists() or not any(
        (tmp_path / "ws" / "staging").iterdir()
    )
