"""kill -9 at every named point of a run (``governance/faults.py``), then a re-run.

Each case is a pipeline in its own process group (``python -m tests.pipeline``: the
flow's steps without Prefect, so 22 points x 2 runs stay affordable; the same kills
through ``govern run`` and Prefect's workers are in tests/e2e/test_crash_safety.py).
``GOVERN_CRASH_AT`` names the point where the whole group gets SIGKILL. Afterwards:

- the run really died there (exit by SIGKILL: a point never reached fails the test);
- no partial snapshot is CURRENT (every CURRENT names a folder whose manifest matches
  its files) and no hidden half-written folder is named anywhere;
- no run is recorded as completed unless the kill came after its lineage commit;
- a re-run completes, publishes exactly the rows of an uninterrupted run, and leaves
  the killed run marked failed (or completed, when its commit had happened).

``pytest --all`` (CI) kills at every point; a run that names this file alone kills at
the first point of each stage, a few minutes instead of about ten.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from governance.faults import CRASH_ENV, POINTS
from tests.conftest import DEFAULT_POLICY, TEST_KEY
from tests.crashes import COMMITTED, assert_current_is_whole, published, sources
from tests.integration.conftest import lineage_sql

REPO = Path(__file__).resolve().parents[2]


def pipeline(
    src: Path, workspace: Path, crash_at: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != CRASH_ENV}
    env |= {"GOVERN_PSEUDONYM_KEY": TEST_KEY} | ({CRASH_ENV: crash_at} if crash_at else {})
    command = [sys.executable, "-m", "tests.pipeline", str(DEFAULT_POLICY), str(workspace),
               str(src), "40"]  # fmt: skip
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=300, check=False, start_new_session=True)  # fmt: skip


def killed_run_status(point: str) -> str | None:
    """What lineage holds for a run killed at ``point``: nothing before it is recorded,
    ``running`` until its commit, ``completed`` after."""
    if POINTS.index(point) < POINTS.index("plan:recorded"):
        return None
    return "completed" if POINTS.index(point) >= COMMITTED else "running"


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    root = tmp_path_factory.mktemp("crash-matrix")
    src = sources(root / "src")
    proc = pipeline(src, root / "ws")
    assert proc.returncode == 0, proc.stderr[-2000:]
    return src, published(root / "ws")


def test_the_matrix_covers_at_least_twenty_points_in_every_stage() -> None:
    assert len(POINTS) >= 20 and len(set(POINTS)) == len(POINTS)
    stages = {p.split(":")[0] for p in POINTS}
    assert {"plan", "batch", "screen", "validate", "assemble", "lineage", "publish"} <= stages
    code = "\n".join(p.read_text() for p in (REPO / "governance").rglob("*.py"))
    for point in POINTS:  # each point is placed exactly once in the code
        assert code.count(f'faults.point("{point}")') == 1, point


ORPHANS = (
    "SELECT (SELECT count(*) FROM findings WHERE run_id IN "
    "(SELECT run_id FROM runs WHERE status <> 'completed')), "
    "(SELECT count(*) FROM documents WHERE first_seen_run IN "
    "(SELECT run_id FROM runs WHERE status <> 'completed')), "
    "(SELECT count(*) FROM outputs WHERE snapshot_id NOT IN (SELECT snapshot_id FROM snapshots))"
)


def first_point_of_each_stage() -> list[str]:
    firsts: dict[str, str] = {}
    for point in POINTS:
        firsts.setdefault(point.split(":")[0], point)
    return list(firsts.values())


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "point" in metafunc.fixturenames:
        full = metafunc.config.getoption("all_suites")
        metafunc.parametrize("point", POINTS if full else first_point_of_each_stage())


def test_kill_at_point_then_rerun(
    point: str, reference: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    src, expected = reference
    workspace = tmp_path / "ws"
    killed = pipeline(src, workspace, crash_at=point)
    assert killed.returncode == -signal.SIGKILL, f"never reached {point}: {killed.stderr[-800:]}"
    assert_current_is_whole(workspace)
    killed_as = killed_run_status(point)
    statuses = [s for (s,) in lineage_sql(workspace, "SELECT status FROM runs")]
    assert statuses == ([killed_as] if killed_as else [])

    again = pipeline(src, workspace)
    assert again.returncode == 0, again.stderr[-2000:]
    assert_current_is_whole(workspace)
    assert published(workspace) == expected
    runs = [s for (s,) in lineage_sql(workspace, "SELECT status FROM runs ORDER BY started_at")]
    after = {"running": "failed", "completed": "completed"}  # a dead running run is failed
    assert runs == [*([after[killed_as]] if killed_as else []), "completed"]
    # nothing the killed run wrote ahead of its final transaction is left
    orphans = lineage_sql(workspace, ORPHANS)
    assert orphans == [(0, 0, 0)], f"rows of a run that never completed: {orphans}"
    assert (
        not list((workspace / "staging").glob("*/*")) if (workspace / "staging").exists() else True
    )
