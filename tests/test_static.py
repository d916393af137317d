"""Rules of the code base that ruff and mypy cannot state (those run in .ci/lint, a CI step
of their own)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_governance_never_imports_prefect() -> None:
    offenders = [
        str(p.relative_to(REPO)) for p in (REPO / "governance").rglob("*.py")
        if "cli" not in p.parts and ("import prefect" in p.read_text() or "from prefect" in p.read_text())
    ]  # fmt: skip
    assert offenders == []


def test_lock_file_pins_names_and_versions_only() -> None:
    for lock in ("requirements.lock", "requirements-nodeps.lock"):
        lines = [
            ln for ln in (REPO / lock).read_text().splitlines() if ln and not ln.startswith("#")
        ]
        assert lines and all(
            ln.count("==") == 1 and " " not in ln and "/" not in ln for ln in lines
        )


def test_no_module_shadows_the_standard_library() -> None:
    """Prefect may put a flow script's folder (flows/) on sys.path: flows/secrets.py once
    shadowed the standard library's secrets and broke numpy in process-pool workers."""
    names = {p.stem for p in (REPO / "flows").glob("*.py")}
    assert not names & set(sys.stdlib_module_names) - {"__init__"}


def test_every_end_to_end_process_runs_air_gapped() -> None:
    """Each command an end-to-end test starts goes through ``airgapped`` (unshare -n)."""
    seen = 0
    for path in sorted((REPO / "tests" / "e2e").glob("*.py")):
        for first in re.findall(r"subprocess\.(?:run|Popen)\(\s*([^,]+),", path.read_text()):
            assert first.startswith("airgapped("), f"{path.name}: {first} is not air-gapped"
            seen += 1
    assert seen >= 8
