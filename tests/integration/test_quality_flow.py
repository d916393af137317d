"""The quality gate, canaries, report and Data Docs through the real flow (Prefect, spaCy,
Great Expectations, DuckDB, Parquet)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from governance.policy import load_policy
from governance.quality.canaries import run_canaries
from tests.integration.conftest import lineage_sql as _sql

pytestmark = pytest.mark.usefixtures("prefect_api")

CORPUS_EMAILS = ("jane.cooper@gmail.com", "maria.lopez@yahoo.com", "thomas.reed@outlook.com")
NO_EMAIL_DETECTION = ("entities: [PERSON, EMAIL_ADDRESS,", "entities: [PERSON,")


def _run(policy: Path, corpus: Path, workspace: Path) -> dict[str, Any]:
    from flows.govern import govern

    return govern(policy_path=str(policy), workspace=str(workspace), source_root=str(corpus),
                  runner="thread")  # fmt: skip


def _all_text(folder: Path, pattern: str) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in sorted(folder.rglob(pattern)))  # fmt: skip


def _parquet_text(folder: Path) -> str:
    return "\n".join(json.dumps(pq.read_table(p).to_pylist(), default=str)
                     for p in sorted(folder.rglob("*.parquet")))  # fmt: skip


def _artifacts(key: str) -> str:
    """The newest version of a Prefect artifact, read back from the API."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.client.schemas.sorting import ArtifactSort

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])),
            sort=ArtifactSort.CREATED_DESC, limit=1,
        )  # fmt: skip
    assert found, f"no artifact {key}"
    data = found[0].data
    return data if isinstance(data, str) else json.dumps(data)


def test_canaries_are_counted_in_lineage_and_never_published(
    policy_file: Path, corpus: Path, tmp_path: Path
) -> None:
    ws = tmp_path / "ws"
    summary = _run(policy_file, corpus, ws)
    assert summary["status"] == "completed"
    run_id = summary["run_id"]
    rows = _sql(ws, "SELECT target, entity_type, planted, survived FROM canaries "
                "WHERE run_id = ?", [run_id])  # fmt: skip
    counts = {(t, e): (p, s) for t, e, p, s in rows}
    assert {t for t, _ in counts} == {"rag", "finetune"}
    assert counts[("rag", "EMAIL_ADDRESS")] == (4, 0)  # 5 documents, 4 sampled
    assert counts[("finetune", "IBAN_CODE")] == (4, 0)
    recall = dict(_sql(ws, "SELECT target, recall FROM canary_recall WHERE run_id = ?", [run_id]))
    assert set(recall) == {"rag", "finetune"} and all(0.8 <= r <= 1.0 for r in recall.values())

    published = _parquet_text(ws / "corpora")
    values = run_canaries(run_id, load_policy(policy_file))
    assert values and not [v for v in values if v in published]
    assert _sql(ws, "SELECT count(*) FROM findings WHERE doc_id LIKE '%:canary'") == [(0,)]
    assert _sql(ws, "SELECT count(*) FROM documents WHERE doc_id LIKE '%:canary'") == [(0,)]
    report = (ws / "reports" / f"{run_id}.html").read_text()
    assert "Canary recall" in report and not [v for v in values if v in report]


def test_a_failing_batch_is_quarantined_with_a_readable_reason_and_value_free_docs(
    policy_file: Path, corpus: Path, tmp_path: Path
) -> None:
    ws = tmp_path / "ws"
    good = _run(policy_file, corpus, ws)
    current = {c: (ws / "corpora" / c / "CURRENT").read_text() for c in ("rag", "finetune")}
    policy_file.write_text(policy_file.read_text().replace(*NO_EMAIL_DETECTION))
    failed = _run(policy_file, corpus, ws)

    assert failed["status"] == "gate_failed" and set(failed["blocked"]) == {"rag", "finetune"}
    assert {c: (ws / "corpora" / c / "CURRENT").read_text() for c in current} == current
    assert _sql(ws, "SELECT count(*) FROM snapshots WHERE run_id = ?", [failed["run_id"]]) == [(0,)]
    reasons = sorted((ws / "quarantine" / failed["run_id"]).rglob("*.reason.json"))
    assert [p.parent.name for p in reasons] == ["finetune", "rag"]
    rag_reason = json.loads(reasons[1].read_text())["reason"]
    assert re.fullmatch(
        r"failed validation of suite rag_chunks: expect_column_values_to_contain_no_residual_pii"
        r" on column text: \d+ of \d+ rows unexpected", rag_reason
    ), rag_reason  # fmt: skip

    docs = ws / "gx" / "data_docs" / "local_site"
    assert (docs / "index.html").is_file()
    pages = sorted(docs.rglob(f"validations/*/{failed['run_id']}/**/*.html"))
    assert len(pages) == 2
    written = _all_text(docs, "*.html") + _all_text(ws / "quarantine", "*.json")
    written += _all_text(ws / "reports", "*.html")
    assert not [e for e in CORPUS_EMAILS if e in written]
    assert "values must hold no residual personal data" in _all_text(docs, "*.html")
    # the emails are in the quarantined rows: the scan above could have seen them
    assert any(e in _parquet_text(ws / "quarantine") for e in CORPUS_EMAILS)

    report = (ws / "reports" / f"{failed['run_id']}.html").read_text()
    assert "gate_failed" in report and "blocked by the quality gate" in report
    assert report.count('<svg class="chart"') >= 4
    for link in re.findall(r'href="([^"]+)"', report):
        assert (ws / "reports" / link).resolve().is_file(), link
    assert good["run_id"] != failed["run_id"]


def test_on_failure_warn_publishes_the_failing_corpus_and_records_the_failure(
    policy_file: Path, corpus: Path, tmp_path: Path
) -> None:
    ws = tmp_path / "ws"
    _run(policy_file, corpus, ws)
    current = {c: (ws / "corpora" / c / "CURRENT").read_text() for c in ("rag", "finetune")}
    text = policy_file.read_text().replace(*NO_EMAIL_DETECTION)
    assert "on_failure: block" in text
    policy_file.write_text(text.replace("on_failure: block", "on_failure: warn"))
    (corpus / "docs" / "new-note.md").write_text("Write to jane.cooper@gmail.com today.\n")
    warned = _run(policy_file, corpus, ws)

    assert warned["status"] == "completed" and warned["blocked"] == {}
    assert set(warned["warned"]) == {"rag", "finetune"}
    assert set(warned["published"]) == {"rag", "finetune"}
    assert all((ws / "corpora" / c / "CURRENT").read_text() != current[c] for c in current)
    failed = _sql(ws, "SELECT DISTINCT corpus FROM validations WHERE run_id = ? AND NOT success "
                  "ORDER BY corpus", [warned["run_id"]])  # fmt: skip
    assert failed == [("finetune",), ("rag",)]
    quarantine = ws / "quarantine" / warned["run_id"]
    reasons = [json.loads(p.read_text()) for p in sorted(quarantine.rglob("*.reason.json"))]
    assert [r["corpus"] for r in reasons] == ["finetune", "rag"]
    assert all(r["published"] is True for r in reasons)
    assert not list(quarantine.rglob("*.parquet"))  # the batches went to the snapshot


def test_a_failed_gate_holds_back_only_its_batches_and_the_next_run_stays_incremental(
    policy_file: Path, corpus: Path, tmp_path: Path
) -> None:
    from flows.govern import govern

    ws = tmp_path / "ws"
    policy_file.write_text(policy_file.read_text().replace(*NO_EMAIL_DETECTION))
    for i in range(3):  # files with nothing personal: their batches pass
        (corpus / "docs" / f"plain-{i}.md").write_text(f"# Note {i}\n\nThe office opens at 9.\n")

    def run() -> dict[str, Any]:
        return govern(policy_path=str(policy_file), workspace=str(ws), source_root=str(corpus),
                      runner="thread", batch_files=1)  # fmt: skip

    first = run()
    assert first["status"] == "gate_failed"
    states = dict(_sql(ws, "SELECT source_uri, state FROM files WHERE run_id = ?",
                       [first["run_id"]]))  # fmt: skip
    assert {u for u, s in states.items() if s == "processed"} >= {f"plain-{i}.md" for i in range(3)}
    held = _sql(ws, "SELECT source_uri, error_class, reason FROM files WHERE run_id = ? "
                "AND state = 'quarantined' ORDER BY 1", [first["run_id"]])  # fmt: skip
    assert {u for u, _, _ in held} >= {"a.md", "t.jsonl"}  # emails left: their batches held
    assert all(e == "GateFailed" and "failed validation of suite" in r for _, e, r in held)
    rag = _parquet_text(ws / "corpora" / "rag")
    assert "The office opens at 9." in rag  # the batches that passed are published
    assert not [e for e in CORPUS_EMAILS if e in rag]

    summary_md, table = _artifacts("govern-run-summary"), _artifacts("govern-quarantined-files")
    assert f"`{first['run_id']}`: **gate_failed**" in summary_md
    assert "| rag | published: batches held back by the gate |" in summary_md
    assert "| rag | rag_chunks |" in summary_md and "Report: [" in summary_md
    rows = json.loads(table)
    assert {r["error_class"] for r in rows} == {"GateFailed"} and len(rows) == len(held)
    assert not [e for e in CORPUS_EMAILS if e in summary_md + table]

    (corpus / "docs" / "plain-0.md").unlink()
    second = run()
    assert second["status"] == "gate_failed"
    states = dict(_sql(ws, "SELECT source_uri, state FROM files WHERE run_id = ?",
                       [second["run_id"]]))  # fmt: skip
    assert states["plain-0.md"] == "deleted"
    assert states["plain-1.md"] == states["plain-2.md"] == "unchanged"
    assert {u for u, s in states.items() if s == "quarantined"} == {u for u, _, _ in held}
    current = ws / "corpora" / "rag" / (ws / "corpora" / "rag" / "CURRENT").read_text().strip()
    rag = _parquet_text(current)
    assert "Note 1" in rag and "Note 0" not in rag  # the deletion reached the corpus
