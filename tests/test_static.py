"""Rules that no tool enforces do not hold: lint, format and types are part of the suite."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        ["mypy"],
        ["hadolint", "docker/Dockerfile"],
    ],
    ids=["ruff-check", "ruff-format", "mypy", "hadolint"],
)
def test_static_checks_pass(command: list[str]) -> None:
    proc = subprocess.run(
        [str(BIN / command[0]), *command[1:]], cwd=REPO, capture_output=True, text=True,
        timeout=600, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


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
