"""The quality gate on one staged batch, where the batch was made.

Workers validate each batch they stage (``governance.run.batch``), so validation runs in
parallel with the other batches rather than after all of them; a corpus with
deduplication is validated batch by batch after it (``governance/run/screen.py``). A batch
that fails is moved to the run's quarantine with its value-free reasons and takes no
further part in the run.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from governance.corpora.snapshot import read_parts
from governance.lineage.store import ValidationRow
from governance.policy.model import Policy
from governance.policy.registry import EXPECTATIONS_DIR
from governance.quality.gate import failure_summary, gate_options
from governance.workspace import Workspace


def validate_staged(
    ws: Workspace, run_id: str, policy: Policy, corpus: str, *, path: Path
) -> ValidationRow | None:
    """Validate one staged batch of ``corpus``; a failing batch is quarantined (under
    ``quality.on_failure: warn`` it stays staged, to be published, and only its reason is
    written). ``None`` when the target has no suite."""
    target = policy.targets[corpus]
    if target.suite is None:
        return None
    from governance.quality.runner import validate_table  # Great Expectations: loaded on use

    outcome = validate_table(
        read_parts([path], target.kind),
        target.suite,
        expectations_dir=EXPECTATIONS_DIR,
        **gate_options(run_id, policy, path),
    )
    result = outcome.to_dict()
    if not outcome.success:
        quarantine_batch(ws, run_id, corpus, path, result,
                         keep=policy.quality.on_failure == "warn")  # fmt: skip
    return ValidationRow(
        corpus, target.suite, outcome.success, outcome.evaluated, outcome.failed, result
    )


def quarantine_batch(
    ws: Workspace,
    run_id: str,
    corpus: str,
    path: Path,
    result: dict[str, object],
    *,
    keep: bool = False,
) -> None:
    """Move a failing staged batch (pseudonymized rows) to quarantine with its reasons;
    ``keep``: leave the batch staged (it is published) and write the reasons only."""
    dest = ws.quarantine(run_id) / corpus
    dest.mkdir(parents=True, exist_ok=True)
    if not keep:
        shutil.move(str(path), dest / path.name)
    results = result.get("results", [])
    failed = [r for r in results if isinstance(r, dict) and not r["success"]]  # type: ignore[attr-defined]
    reason = {"batch": path.name, "corpus": corpus, "reason": failure_summary(result),
              "published": keep,
              "failed_expectations": failed, "validation": result}  # fmt: skip
    (dest / f"{path.stem}.reason.json").write_text(json.dumps(reason, indent=2), encoding="utf-8")
