"""`govern demo` end to end: air-gapped, nothing personal on disk, lineage answers."""

from __future__ import annotations

import duckdb
import pyarrow.parquet as pq

from tests.e2e.conftest import DemoRun
from tests.leaks import leaks, written_files


def test_demo_succeeds_with_no_network(demo_run: DemoRun) -> None:
    assert demo_run.returncode == 0, demo_run.output[-3000:]
    assert "corpus rag: snapshot" in demo_run.output
    assert "corpus finetune: snapshot" in demo_run.output
    for corpus in ("rag", "finetune"):
        current = (demo_run.workspace / "corpora" / corpus / "CURRENT").read_text().strip()
        assert (demo_run.workspace / "corpora" / corpus / current / "manifest.json").is_file()


def test_no_planted_personal_value_in_any_file_the_run_wrote(demo_run: DemoRun) -> None:
    assert demo_run.returncode == 0, demo_run.output[-3000:]
    values = sorted({v["value"] for v in demo_run.gold_values()})
    assert len(values) > 500
    files = [*written_files([demo_run.workspace, demo_run.prefect_home]), demo_run.log]
    assert any(p.name.endswith(".db") for p in files), "Prefect's database must be scanned"
    assert leaks(files, values) == []


def test_scanner_sees_values_where_they_are(demo_run: DemoRun) -> None:
    """The scan above could fail: the same scan over the sources finds every value."""
    values = {v["value"] for v in demo_run.gold_values() if v["file"].endswith((".csv", ".jsonl"))}
    sources = "".join(
        p.read_text() for p in demo_run.corpus.rglob("*") if p.suffix in (".csv", ".jsonl")
    )
    assert values and all(v in sources for v in values)


def test_every_rag_chunk_traces_to_source_file_run_and_policy(demo_run: DemoRun) -> None:
    con = duckdb.connect(str(demo_run.workspace / "lineage.duckdb"), read_only=True)
    try:
        current = (demo_run.workspace / "corpora" / "rag" / "CURRENT").read_text().strip()
        chunks = pq.read_table(
            demo_run.workspace / "corpora" / "rag" / current / "part-00000.parquet"
        )["chunk_id"]
        traced = con.execute(
            "SELECT count(DISTINCT output_id) FROM chunk_origin WHERE corpus = 'rag' "
            "AND snapshot_id = ? AND source_uri IS NOT NULL AND run_id IS NOT NULL "
            "AND policy_hash IS NOT NULL",
            [current],
        ).fetchone()
        assert traced is not None and traced[0] == len(chunks) > 100
        one = con.execute(
            "SELECT source, source_uri, policy_name FROM chunk_origin WHERE output_id = ?",
            [chunks[0].as_py()],
        ).fetchall()
        assert len(one) == 1 and one[0][2] == "default"
        assert (demo_run.corpus / one[0][0] / one[0][1]).is_file()
    finally:
        con.close()


def test_unreadable_file_is_quarantined_with_its_reason_and_counts_add_up(
    demo_run: DemoRun,
) -> None:
    con = duckdb.connect(str(demo_run.workspace / "lineage.duckdb"), read_only=True)
    try:
        rows = con.execute(
            "SELECT source_uri, reason, error_class FROM files WHERE state = 'quarantined'"
        ).fetchall()
        assert [r[0] for r in rows] == ["scan_0001.md"]
        assert "binary content" in rows[0][1] and rows[0][2] == "InputError"
        run = con.execute(
            "SELECT discovered, processed, quarantined, skipped, status FROM runs"
        ).fetchone()
    finally:
        con.close()
    discovered = sum(1 for p in demo_run.corpus.rglob("*") if p.is_file() and p.name != "gold.json")
    assert run is not None and run[0] == discovered == run[1] + run[2] + run[3]
    assert run[4] == "completed"
    reasons = (next((demo_run.workspace / "quarantine").iterdir()) / "files.jsonl").read_text()
    assert "scan_0001.md" in reasons and "binary content" in reasons


def test_report_is_written(demo_run: DemoRun) -> None:
    reports = list((demo_run.workspace / "reports").glob("*.html"))
    assert len(reports) == 1
    page = reports[0].read_text()
    assert "completed" in page and "PERSON" in page and "http" not in page.split("<body>")[1]
