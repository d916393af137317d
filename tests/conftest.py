"""Shared fixtures: a fixed test key, expensive engines once per session, and a fresh
workspace and Prefect home for every test.

Suites by folder: tests/unit and the files at the top of tests/ are ``unit``,
tests/integration ``integration``, tests/e2e ``e2e`` (the marker is set here, so a new
file needs none). A bare ``pytest`` runs the unit suite only (a couple of minutes);
``pytest --all`` runs everything, as CI and the README's test command do. Naming paths
or a ``-m`` expression also collects the other folders.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from _pytest.config import Config

import governance  # noqa: F401  (offline and no-telemetry settings before anything else)

TEST_KEY = "test-key-0123456789abcdef0123456789abcdef"
REPO = Path(__file__).resolve().parent.parent
DEFAULT_POLICY = REPO / "policies" / "default.yaml"
TESTS = REPO / "tests"
SLOW_SUITES = ("integration", "e2e")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--all", action="store_true", dest="all_suites",
        help="run the integration and end-to-end suites too (what CI runs)",
    )  # fmt: skip


def everything(config: Config) -> bool:
    """Whether this session runs every suite: ``--all``, a ``-m`` expression, or paths
    named on the command line (their tests run whatever folder they are in)."""
    return bool(
        config.getoption("all_suites")
        or config.option.markexpr
        or config.args_source != Config.ArgsSource.TESTPATHS
    )


def suite_of(path: Path) -> str:
    parts = path.resolve().relative_to(TESTS).parts
    return parts[0] if len(parts) > 1 and parts[0] in SLOW_SUITES else "unit"


def pytest_ignore_collect(collection_path: Path, config: Config) -> bool | None:
    inside = collection_path.is_relative_to(TESTS) and collection_path != TESTS
    if inside and suite_of(collection_path / "x") != "unit" and not everything(config):
        return True
    return None


def pytest_collection_modifyitems(config: Config, items: list[pytest.Item]) -> None:
    for item in items:
        item.add_marker(suite_of(item.path))


def pytest_report_header(config: Config) -> str:
    if everything(config):
        return "suites: as selected (unit, integration, e2e)"
    return "suites: unit only; pytest --all runs integration and e2e too"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVERN_PSEUDONYM_KEY", TEST_KEY)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session")
def default_policy():  # type: ignore[no-untyped-def]
    from governance.policy import load_policy

    return load_policy(DEFAULT_POLICY)


@pytest.fixture(scope="session")
def detector(default_policy):  # type: ignore[no-untyped-def]
    from governance.privacy.detect.analyzer import Detector

    return Detector(default_policy)


@pytest.fixture(scope="session")
def pseudonymizer():  # type: ignore[no-untyped-def]
    from governance.privacy.transform.keys import Key, key_id
    from governance.privacy.transform.operators import Pseudonymizer

    material = TEST_KEY.encode()
    return Pseudonymizer(Key(material, key_id(material)), "test-domain")


os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
