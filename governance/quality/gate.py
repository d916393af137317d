"""What the quality gate needs from a run, and how it explains a failure to a person.

``gate_options`` gives ``validate_table`` the run's canaries (regenerated from the run
id: no value travels between processes), the policy's declared languages for the
suites' ``{"$PARAMETER": "languages"}`` and the batch name. ``failure_summary`` turns a
value-free validation result into one readable line for quarantine reasons.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from governance.policy.model import Policy
from governance.quality.canaries import run_canaries


def gate_options(run_id: str, policy: Policy, batch: Path) -> dict[str, Any]:
    """Keyword arguments for ``validate_table`` on one staged batch of a run."""
    return {
        "canaries": run_canaries(run_id, policy),
        "parameters": {"languages": sorted(policy.languages)},
        "batch": batch.stem,
    }


def failure_summary(result: Mapping[str, Any]) -> str:
    """One line: which expectations failed, on which column, on how many rows."""
    failed = [r for r in result.get("results", []) if isinstance(r, dict) and not r["success"]]
    if not failed:
        return "failed validation"
    parts = [_describe(r, result.get("rows")) for r in failed]
    return f"failed validation of suite {result.get('suite')}: " + "; ".join(parts)


def _describe(r: Mapping[str, Any], rows: object) -> str:
    where = f" on column {r['column']}" if r.get("column") else ""
    count = r.get("unexpected_count")
    if isinstance(count, int):
        of = f" of {rows}" if isinstance(rows, int) else ""
        return f"{r['expectation']}{where}: {count}{of} rows unexpected"
    observed = r.get("observed")
    seen = f" (observed {observed:g})" if isinstance(observed, int | float) else ""
    return f"{r['expectation']}{where}{seen}"
