"""Policy loading: valid files load, broken ones fail with file:line:column and a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from governance.errors import PolicyError
from governance.policy import load_policy, policy_hash
from governance.policy.load import validate_policy_file
from tests.conftest import DEFAULT_POLICY


def test_default_policy_loads_and_hash_is_stable() -> None:
    a, b = load_policy(DEFAULT_POLICY), load_policy(DEFAULT_POLICY)
    assert policy_hash(a) == policy_hash(b) and len(policy_hash(a)) == 16


def _broken(tmp_path: Path, old: str, new: str) -> str:
    text = DEFAULT_POLICY.read_text()
    assert old in text
    path = tmp_path / "broken.yaml"
    path.write_text(text.replace(old, new, 1))
    problems = validate_policy_file(path)
    assert problems, "expected the policy to be rejected"
    return problems[0].one_line()


def test_unknown_key_points_at_its_line_with_a_suggestion(tmp_path: Path) -> None:
    message = _broken(tmp_path, "  default_threshold: 0.5", "  default_treshold: 0.5")
    line = next(
        i
        for i, t in enumerate(DEFAULT_POLICY.read_text().splitlines(), 1)
        if "default_threshold" in t
    )
    assert message.startswith(
        f"{tmp_path / 'broken.yaml'}:{line}:3: detection.default_treshold: unknown key"
    )
    assert "did you mean default_threshold?" in message


def test_unknown_operator_names_the_allowed_ones(tmp_path: Path) -> None:
    message = _broken(tmp_path, "operators: {default: pseudonym}", "operators: {default: hash}")
    assert (
        "targets.rag.operators" in message
        and "operator 'hash'" in message
        and "pseudonym" in message
    )


def test_bad_yaml_has_a_location(tmp_path: Path) -> None:
    message = _broken(tmp_path, "version: 1", "version: [1")
    assert ":1:" in message or "not valid YAML" in message


def test_missing_file_is_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="policy file not found"):
        load_policy(tmp_path / "nope.yaml")
