"""One real demo run for the end-to-end tests: the installed ``govern`` command, a real
Prefect ephemeral API, in a network namespace with no network (loopback only)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.conftest import DEFAULT_POLICY

GOVERN = Path(sys.executable).with_name("govern")


@dataclass(frozen=True)
class DemoRun:
    root: Path
    workspace: Path
    corpus: Path
    prefect_home: Path
    log: Path
    returncode: int
    output: str

    def gold_values(self) -> list[dict[str, str]]:
        values: list[dict[str, str]] = json.loads((self.corpus / "gold.json").read_text())["values"]
        return values


def govern_env(prefect_home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "GOVERN_"))}
    env["PREFECT_HOME"] = str(prefect_home)
    return env


def airgapped(command: list[str]) -> list[str]:
    """Run with no network at all: a new network namespace with only loopback up."""
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        pytest.fail("unshare and ip (util-linux, iproute2) are needed for the air-gapped tests")
    quoted = " ".join(f"'{c}'" for c in command)
    return ["unshare", "-n", "sh", "-c", f"ip link set lo up && exec {quoted}"]


def inbox_policy(
    folder: Path, columns: dict[str, object] | None = None, *, ocr: bool = False
) -> Path:
    """The default policy reading one source, ``inbox``, of any format (with ``columns``
    roles when given, scans by OCR when ``ocr``), written to ``folder/inbox-policy.yaml``."""
    data = yaml.safe_load(DEFAULT_POLICY.read_text())
    data["sources"] = [{"name": "inbox", "root": "inbox", "include": ["**/*"],
                        **({"columns": columns} if columns else {}),
                        **({"ocr": {"enabled": True}} if ocr else {})}]  # fmt: skip
    data["targets"]["finetune"]["operators"].pop("NATIONAL_ID")  # only the hr source had it
    path = folder / "inbox-policy.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def govern_inbox(tmp: Path, policy: Path) -> tuple[subprocess.CompletedProcess[str], Path]:
    """The installed ``govern run`` of ``policy`` on ``tmp/src`` into ``tmp/ws``, air-gapped
    with the test key and its own Prefect home; its output is also kept in ``tmp/run.log``
    (the leak scans read it)."""
    from tests.conftest import TEST_KEY

    env = govern_env(tmp / "prefect-home") | {"GOVERN_PSEUDONYM_KEY": TEST_KEY}
    command = [str(GOVERN), "run", "--policy", str(policy), "--source-root", str(tmp / "src"),
               "--workspace", str(tmp / "ws"), "--runner", "thread"]  # fmt: skip
    proc = subprocess.run(airgapped(command), cwd=tmp, env=env, capture_output=True, text=True,
                          timeout=600, check=False)  # fmt: skip
    log = tmp / "run.log"
    log.write_text(proc.stdout + proc.stderr)
    return proc, log


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    root = tmp_path_factory.mktemp("demo")
    workspace, corpus, home = root / "govern-data", root / "demo-corpus", root / "prefect-home"
    log = root / "govern-demo.log"
    command = [str(GOVERN), "demo", "--workspace", str(workspace), "--corpus", str(corpus)]
    proc = subprocess.run(
        airgapped(command), cwd=root, env=govern_env(home), capture_output=True, text=True,
        timeout=900, check=False,
    )  # fmt: skip
    output = proc.stdout + proc.stderr
    log.write_text(output, encoding="utf-8")
    return DemoRun(root, workspace, corpus, home, log, proc.returncode, output)
