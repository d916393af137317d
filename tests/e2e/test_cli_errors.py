"""Bad input at the command line: exit 2 with one line that names what to fix (air-gapped)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import DEFAULT_POLICY, TEST_KEY
from tests.e2e.conftest import GOVERN, airgapped, govern_env


def _govern(
    tmp_path: Path, *args: str, key: str | None = TEST_KEY
) -> subprocess.CompletedProcess[str]:
    env = govern_env(tmp_path / "prefect-home")
    if key:
        env["GOVERN_PSEUDONYM_KEY"] = key
    return subprocess.run(airgapped([str(GOVERN), *args]), cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=300, check=False)  # fmt: skip


def test_missing_policy_file(tmp_path: Path) -> None:
    proc = _govern(tmp_path, "run", "--policy", "nope.yaml")
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "govern: error: policy file not found: nope.yaml (pass --policy FILE)"
    ]


def test_missing_source_folder(tmp_path: Path) -> None:
    proc = _govern(tmp_path, "run", "--policy", str(DEFAULT_POLICY), "--source-root", "absent")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "source 'hr': folder" in lines[0] and "does not exist" in lines[0]


def test_missing_key_and_demo_key_are_refused(tmp_path: Path) -> None:
    from governance.privacy.transform.keys import DEMO_KEY

    for sub in ("hr", "tickets", "mail", "docs"):
        (tmp_path / "src" / sub).mkdir(parents=True)
    args = ("run", "--policy", str(DEFAULT_POLICY), "--source-root", "src")
    missing = _govern(tmp_path, *args, key=None)
    assert missing.returncode == 2 and "GOVERN_PSEUDONYM_KEY" in missing.stderr
    demo = _govern(tmp_path, *args, key=DEMO_KEY)
    assert demo.returncode == 2 and "demo key" in demo.stderr and DEMO_KEY not in demo.stderr


def test_policy_validate_reports_location(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(DEFAULT_POLICY.read_text().replace("kind: rag", "kind: vector", 1))
    proc = _govern(tmp_path, "policy", "validate", str(bad))
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"{bad}:") and "targets.rag.kind" in proc.stderr
    ok = _govern(tmp_path, "policy", "validate", str(DEFAULT_POLICY))
    assert ok.returncode == 0 and ok.stdout.startswith("ok:")
