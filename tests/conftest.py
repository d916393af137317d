"""Shared fixtures: a fixed test key, expensive engines once per session, and a fresh
workspace and Prefect home for every test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import governance  # noqa: F401  (offline and no-telemetry settings before anything else)

TEST_KEY = "test-key-0123456789abcdef0123456789abcdef"
REPO = Path(__file__).resolve().parent.parent
DEFAULT_POLICY = REPO / "policies" / "default.yaml"


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
    from governance.privacy.analyzer import Detector

    return Detector(default_policy)


@pytest.fixture(scope="session")
def pseudonymizer():  # type: ignore[no-untyped-def]
    from governance.privacy.keys import Key, key_id
    from governance.privacy.operators import Pseudonymizer

    material = TEST_KEY.encode()
    return Pseudonymizer(Key(material, key_id(material)), "test-domain")


os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
