"""The publish stage's bookkeeping (governance/run/publish.py, screen.py), without a run:
every file's end state, what the quality gate holds back, and which rows leave."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from governance.context import RunConfig, RunContext
from governance.ingest.discover import Plan
from governance.lineage.store import ValidationRow
from governance.records import GATE_FAILED, FileOutcome, FileState, SourceFile, file_id
from governance.run.batch import BatchResult
from governance.run.publish import _gate_outcome, held_back, outcomes
from governance.run.screen import Screened, replaced_uris
from tests.conftest import DEFAULT_POLICY


def _file(uri: str, source: str = "docs") -> SourceFile:
    return SourceFile(source, f"/src/{uri}", uri, 10, f"h-{uri}", "md")


def _done(uri: str, state: FileState = FileState.PROCESSED) -> FileOutcome:
    return FileOutcome("docs", uri, f"h-{uri}", state, documents=1, shown_uri=f"shown/{uri}")


def _plan() -> Plan:
    skipped = FileOutcome("docs", "skip.md", "h", FileState.SKIPPED, rule="erased")
    held = FileOutcome("docs", "bad.md", "h", FileState.QUARANTINED, reason="unreadable")
    return Plan(
        to_process=[_file("a.md"), _file("b.md")],
        unchanged=[_file("same.md")],
        deleted=[("docs", "gone.md")],
        skipped=[skipped],
        quarantined=[held],
        shown={("docs", "same.md"): "shown/same.md"},
    )


def _ctx(tmp_path: Path, on_failure: str = "block") -> RunContext:
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        DEFAULT_POLICY.read_text().replace("on_failure: block", f"on_failure: {on_failure}")
    )
    return RunContext(RunConfig(str(policy), str(tmp_path / "ws")), "r1", "p", "k", date.today())


def _results() -> list[BatchResult]:
    first = BatchResult(0, files=[_done("a.md")], staged={"rag": "s/0.parquet"})
    second = BatchResult(1, files=[_done("b.md")], staged={"finetune": "s/1.parquet"})
    second.blocked = ["rag"]  # its rag batch failed in the worker
    return [first, second]


def test_every_discovered_file_ends_in_one_known_state() -> None:
    states = {(f.uri, f.state) for f in outcomes(_plan(), _results())}
    assert states == {
        ("a.md", FileState.PROCESSED), ("b.md", FileState.PROCESSED),
        ("same.md", FileState.UNCHANGED), ("gone.md", FileState.DELETED),
        ("skip.md", FileState.SKIPPED), ("bad.md", FileState.QUARANTINED),
    }  # fmt: skip
    shown = {f.uri: f.shown_uri for f in outcomes(_plan(), _results())}
    assert shown["same.md"] == "shown/same.md" and shown["a.md"] == "shown/a.md"
    assert shown["gone.md"] is None  # no detector saw it this run: lineage names it by id


def test_rows_of_reread_and_deleted_files_are_replaced_by_id_and_by_path() -> None:
    replaced = replaced_uris(_plan())
    for uri in ("a.md", "b.md", "gone.md"):
        assert {file_id("docs", uri), uri} <= replaced
    assert file_id("docs", "same.md") not in replaced and "same.md" not in replaced


def test_the_gate_holds_back_failed_batches_and_quarantines_their_files(tmp_path: Path) -> None:
    results = _results()
    screened = Screened(to_validate=[("finetune", "s/1.parquet")])
    failed = ValidationRow("finetune", "finetune_records", False, 3, 1, {})
    held = held_back(_ctx(tmp_path), results, screened, [failed])
    assert held.corpora == {"rag": 1, "finetune": 1}  # both of batch 1's, none of batch 0's
    assert set(held.files) == {("docs", "b.md")}
    assert held.file_keys == {file_id("docs", "b.md"), "b.md"} and not held.warned
    ended = [_gate_outcome(f, held) for f in outcomes(_plan(), results)]
    gated = {f.uri: f for f in ended if f.error_class == GATE_FAILED}
    assert list(gated) == ["b.md"] and gated["b.md"].state is FileState.QUARANTINED
    assert "failed validation of suite" in (gated["b.md"].reason or "")


@pytest.mark.parametrize("passed", [True, False])
def test_under_warn_failures_are_noted_and_nothing_is_held(tmp_path: Path, passed: bool) -> None:
    screened = Screened(to_validate=[("finetune", "s/1.parquet")])
    check = ValidationRow("finetune", "finetune_records", passed, 3, 0 if passed else 1, {})
    held = held_back(_ctx(tmp_path, "warn"), _results(), screened, [check])
    assert not held.corpora and not held.files
    assert held.warned == ({"rag"} if passed else {"rag", "finetune"})
