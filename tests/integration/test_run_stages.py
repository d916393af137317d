"""The run's declaration (governance/run/stages.py), driven in process on a real corpus:
the stages run in their declared order and each step of a batch is counted."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from governance.context import RunConfig, new_context
from governance.run.batch import BATCH_STEPS
from governance.run.stages import STAGES, drive
from governance.workspace import Workspace
from tests.integration.conftest import current_rows, write_corpus
from tests.pipeline import Recording


def test_stages_run_in_declared_order_and_every_batch_step_is_counted(
    policy_file: Path, tmp_path: Path
) -> None:
    sources = write_corpus(tmp_path / "sources")
    (sources / "tickets" / "broken.jsonl").write_text("{not json\n")
    ws = tmp_path / "ws"
    recording = Recording()
    with Workspace.open(str(ws)).lock():
        summary = drive(new_context(RunConfig(str(policy_file), str(ws), str(sources))), recording)
    assert recording.order == [s.name for s in STAGES]
    assert summary.status == "completed"
    steps: dict[str, Counter[str]] = {name: Counter() for name in BATCH_STEPS}
    for result in recording.results:
        assert set(result.steps) <= set(BATCH_STEPS)
        for name, counts in result.steps.items():
            steps[name].update(counts)
    documents = steps["extract"]["documents"]
    assert steps["extract"]["files"] == summary.counts["processed"]
    assert steps["extract"]["quarantined"] == summary.counts["quarantined"] == 1
    assert steps["detect"]["documents"] == documents > 0
    assert steps["detect"]["findings"] > 0
    targets = len(summary.rows)
    assert steps["transform"]["documents"] == documents * targets
    assert steps["transform"]["replaced"] > 0
    staged = sum(n for r in recording.results for n in r.rows.values())
    assert steps["shape"]["rows"] == staged
    published = sum(len(current_rows(ws, name)) for name in summary.rows)
    assert published == sum(summary.rows.values()) <= staged
