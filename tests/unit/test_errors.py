"""What an unexpected exception leaves behind: its class and code line, never its text."""

from __future__ import annotations

import pytest

from governance.cli import main
from governance.errors import ConfigError, InternalError, withheld


def _raise_with_a_value() -> None:
    "caf\udce9_Quackenbush.txt".encode()  # the UnicodeEncodeError names the file


def test_an_unexpected_exception_is_reported_by_class_and_line_not_text() -> None:
    with pytest.raises(UnicodeEncodeError) as err:
        _raise_with_a_value()
    error = withheld(err.value, "publish")
    assert isinstance(error, InternalError) and error.exit_code == 2
    line = error.one_line()
    assert line.startswith("publish: unexpected UnicodeEncodeError")
    assert "Quackenbush" not in line and "caf" not in line


def test_our_own_errors_pass_unchanged() -> None:
    mine = ConfigError("source 'docs': folder /x does not exist")
    assert withheld(mine, "plan") is mine


def test_the_cli_prints_one_line_without_the_exception_text(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import governance.cli.policy as policy_cli

    def boom(args: object) -> int:
        raise ValueError("Zebulon Quackenbush, DNI 48273619T")

    monkeypatch.setattr(policy_cli, "cmd_schema", boom)
    assert main(["policy", "schema"]) == 2
    err = capsys.readouterr().err
    assert (
        err.startswith("govern: error: policy: unexpected ValueError at ") and err.count("\n") == 1
    )
    assert "tests/unit/test_errors.py" not in err  # only the project's own code lines
    assert "Quackenbush" not in err and "48273619T" not in err
