"""Acceptance of the quality gate and the run report, through the installed ``govern``
command with no network: a deliberately broken run exits 1, publishes nothing new and
quarantines its batch with a readable reason; its report renders in headless Chromium
(also with no network) and shows its charts. The screenshots are kept in test-artifacts/.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import DEFAULT_POLICY, REPO, TEST_KEY
from tests.e2e.conftest import GOVERN, airgapped, govern_env
from tests.integration.conftest import write_corpus

ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
    "--no-proxy-server",
)  # fmt: skip
CORPUS_EMAILS = ("jane.cooper@gmail.com", "maria.lopez@yahoo.com", "thomas.reed@outlook.com")
# Detection without EMAIL_ADDRESS: addresses in free text stay in clear in both corpora.
BREAK = ("entities: [PERSON, EMAIL_ADDRESS,", "entities: [PERSON,")


@dataclass(frozen=True)
class Runs:
    root: Path
    workspace: Path
    env: dict[str, str]
    good: subprocess.CompletedProcess[str]
    bad: subprocess.CompletedProcess[str]
    before: dict[str, tuple[str, list[str]]]

    def run_id(self, proc: subprocess.CompletedProcess[str]) -> str:
        match = re.search(r"^run ([0-9a-f]{32}):", proc.stdout, re.MULTILINE)
        assert match, proc.stdout + proc.stderr
        return match.group(1)


def _corpora(ws: Path) -> dict[str, tuple[str, list[str]]]:
    """Per corpus: CURRENT and the snapshot folders on disk."""
    out = {}
    for folder in sorted((ws / "corpora").iterdir()):
        current = (folder / "CURRENT").read_text().strip()
        out[folder.name] = (current, sorted(p.name for p in folder.iterdir() if p.is_dir()))
    return out


def _govern(args: list[str], root: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(airgapped([str(GOVERN), *args]), cwd=root, env=env,
                          capture_output=True, text=True, timeout=1200, check=False)  # fmt: skip


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    root = tmp_path_factory.mktemp("gate")
    corpus, ws, policy = write_corpus(root / "sources"), root / "govern-data", root / "policy.yaml"
    policy.write_text(DEFAULT_POLICY.read_text())
    env = govern_env(root / "prefect-home")
    env |= {
        "GOVERN_PSEUDONYM_KEY": TEST_KEY,
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "600",
    }
    args = ["run", "--policy", str(policy), "--workspace", str(ws), "--source-root", str(corpus)]
    good = _govern(args, root, env)
    assert good.returncode == 0, good.stdout + good.stderr
    before = _corpora(ws)
    assert BREAK[0] in policy.read_text()
    policy.write_text(policy.read_text().replace(*BREAK))
    bad = _govern(args, root, env)
    return Runs(root, ws, env, good, bad, before)


def test_a_broken_run_exits_1_publishes_nothing_new_and_quarantines_its_batch(runs: Runs) -> None:
    assert runs.bad.returncode == 1, runs.bad.stdout + runs.bad.stderr
    assert "gate_failed" in runs.bad.stdout and "NOT published" in runs.bad.stdout
    assert _corpora(runs.workspace) == runs.before  # same CURRENT, no new snapshot folder
    quarantine = runs.workspace / "quarantine" / runs.run_id(runs.bad)
    reasons = {p.parent.name: json.loads(p.read_text()) for p in quarantine.rglob("*.reason.json")}
    assert set(reasons) == {"rag", "finetune"}
    rag = reasons["rag"]
    assert rag["reason"].startswith("failed validation of suite rag_chunks: "
                                    "expect_column_values_to_contain_no_residual_pii on column text")  # fmt: skip
    assert (quarantine / "rag" / rag["batch"]).is_file()
    text = "".join(p.read_text() for p in quarantine.rglob("*.json"))
    assert not [e for e in CORPUS_EMAILS if e in text]


def _chromium(args: list[str], page: Path, profile: Path) -> subprocess.CompletedProcess[bytes]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"headless Chromium is needed at {CHROMIUM} to check the run report: "
            "apt-get install -y chromium chromium-driver"
        )
    command = [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()]
    return subprocess.run(airgapped(command), capture_output=True, timeout=300, check=False)


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _screenshot(page: Path, dest: Path, profile: Path) -> Path:
    proc = _chromium(["--window-size=1100,3000", f"--screenshot={dest}"], page, profile)
    assert dest.is_file(), proc.stderr.decode(errors="replace")[-2000:]
    return dest


@pytest.mark.parametrize("which", ["bad", "good"])
def test_the_report_renders_in_headless_chromium_with_no_network_and_shows_its_charts(
    runs: Runs, which: str, tmp_path: Path
) -> None:
    run_id = runs.run_id(runs.bad if which == "bad" else runs.good)
    made = _govern(["report", run_id, "--workspace", str(runs.workspace)], runs.root, runs.env)
    assert made.returncode == 0, made.stderr
    page = runs.workspace / "reports" / f"{run_id}.html"
    html = page.read_text()
    assert not re.search(r"<script|<link|<img|@import|url\(|src=", html), "not self-contained"
    assert "http" not in html.split("<body>")[1], "the page must not point at the network"
    assert not [e for e in CORPUS_EMAILS if e in html]

    dom = _chromium(["--dump-dom"], page, tmp_path / "profile-dom").stdout.decode()
    assert dom.count('<svg class="chart"') >= 4, dom[:500]
    assert dom.count('class="seg"') >= 10
    for heading in ("Files per source and state", "Findings per entity type and operator",
                    "Validation", "Canary recall", "Changes since the previous snapshot",
                    "Great Expectations Data Docs"):  # fmt: skip
        assert f"<h2>{heading}</h2>" in dom, heading
    if which == "bad":
        assert "blocked by the quality gate" in dom and "failed 1 of" in dom

    ARTIFACTS.mkdir(exist_ok=True)
    shot = _screenshot(page, ARTIFACTS / f"report-{which}-run.png", tmp_path / "profile-shot")
    blank = tmp_path / "blank.html"
    blank.write_text("<!doctype html><title>blank</title>")
    empty = _screenshot(blank, tmp_path / "blank.png", tmp_path / "profile-blank")
    assert _png_size(shot) == (1100, 3000)
    # Charts, tables and text compress far worse than an empty page of the same size.
    assert shot.stat().st_size > 10 * empty.stat().st_size, (shot.stat(), empty.stat())


def test_chromium_is_kept_out_of_the_network_by_the_harness() -> None:
    """The air-gap the report test relies on: inside it there is no route anywhere."""
    if shutil.which("ip") is None:
        pytest.fail("iproute2 is needed for the air-gapped tests")
    proc = subprocess.run(airgapped(["ip", "route", "show"]), capture_output=True, text=True,
                          timeout=60, check=False)  # fmt: skip
    assert proc.returncode == 0 and proc.stdout.strip() == "", proc.stdout
