"""`govern anonymize`, `govern eval` and `govern reidentify` through the real command."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from governance.cli import main
from tests.conftest import DEFAULT_POLICY, TEST_KEY

VAULT_KEY = "vault-key-" + "v" * 40


def _run(
    argv: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


LINES = [
    {"text": "Contact Jane Cooper at jane.cooper@gmail.com.", "id": 1},
    {"text": "Mi DNI es 12345678Z y mi teléfono +34 612 345 678.", "language": "es", "id": 2},
    {"text": "Nothing personal here.", "id": 3},
]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_anonymize_is_an_ordered_streaming_filter(
    workers: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in LINES)
    code, out, _ = _run(["anonymize", "--workers", workers], stdin, monkeypatch, capsys)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["id"] for r in rows] == [1, 2, 3]
    assert "Jane" not in rows[0]["text"] and "<PERSON_" in rows[0]["text"]
    assert "12345678Z" not in rows[1]["text"] and rows[1]["language"] == "es"
    assert rows[2]["text"] == LINES[2]["text"] and rows[2]["findings"] == []
    source = LINES[0]["text"]
    spans = {source[f["start"] : f["end"]] for f in rows[0]["findings"]}
    assert {"Jane Cooper", "jane.cooper@gmail.com"} <= spans


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ('{"text": "ok"}\nnot json\n', "stdin line 2 is not JSON"),
        ('{"body": "Jane Cooper"}\n', "stdin line 1 has no string field 'text'"),
        ('{"text": "x", "language": "fr"}\n', "language 'fr' is not in the policy"),
    ],
)
def test_anonymize_bad_input_is_a_one_line_error_without_content(
    stdin: str, message: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(["anonymize", "--workers", "1"], stdin, monkeypatch, capsys)
    assert code == 2 and message in err and "Jane" not in err and len(err.splitlines()) == 1


def test_eval_reports_per_type_scores_and_gates_on_leak(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "Write to Jane Cooper at jane.cooper@gmail.com or call (415) 867-5309."
    spans = [
        ("PERSON", "Jane Cooper"),
        ("EMAIL_ADDRESS", "jane.cooper@gmail.com"),
        ("PHONE_NUMBER", "(415) 867-5309"),
    ]
    data = [
        {
            "full_text": text,
            "spans": [
                {
                    "entity_type": e,
                    "entity_value": v,
                    "start_position": text.index(v),
                    "end_position": text.index(v) + len(v),
                }
                for e, v in spans
            ],
        },
        {"full_text": "The quarterly report is due Friday.", "spans": []},
    ]
    path = tmp_path / "d.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = _run(
        ["eval", "--dataset", str(path), "--json", "--workers", "1"], "", monkeypatch, capsys
    )
    report = json.loads(out)
    overall = next(t for t in report["types"] if t["entity_type"] == "ALL")
    assert code == 0 and overall["recall"] == 1.0 and overall["leak"] == 0.0
    assert report["chars"] == len(text) + 35 and report["chars_per_second"] > 0
    data[1]["spans"] = [{"entity_type": "ORG", "start_position": 4, "end_position": 13}]
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = _run(
        ["eval", "--dataset", str(path), "--workers", "1", "--max-leak", "0.1"],
        "",
        monkeypatch,
        capsys,
    )
    assert code == 1 and "above --max-leak" in err and "ORG" in out


def test_reidentify_needs_the_vault_key_and_restores_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from governance.policy import load_policy
    from governance.privacy.transform.keys import Key, key_id
    from governance.privacy.transform.operators import Pseudonymizer
    from governance.privacy.transform.vault import VaultCipher, seal, write_entries
    from governance.records import Finding

    text = DEFAULT_POLICY.read_text(encoding="utf-8").replace(
        "    suite: rag_chunks", "    suite: rag_chunks\n    vault: {env: GOVERN_VAULT_KEY}"
    )
    policy_path = tmp_path / "policy.yaml"
    policy_path.write_text(text, encoding="utf-8")
    policy = load_policy(policy_path)
    ps = Pseudonymizer(Key(TEST_KEY.encode(), key_id(TEST_KEY.encode())), "acme-iberia")
    cipher = VaultCipher(Key(VAULT_KEY.encode(), key_id(VAULT_KEY.encode())))
    entries = seal(
        "Jane Cooper", [Finding("PERSON", 0, 11, 1.0, "x")], policy.targets["rag"], ps, cipher
    )
    (tmp_path / "ws").mkdir()
    write_entries(tmp_path / "ws" / "vault.duckdb", entries)
    token = ps.token("Jane Cooper", "PERSON")
    argv = ["reidentify", "--policy", str(policy_path), "--workspace", str(tmp_path / "ws")]
    monkeypatch.delenv("GOVERN_VAULT_KEY", raising=False)
    code, out, err = _run(argv, f"Ask {token} today", monkeypatch, capsys)
    assert code == 2 and "GOVERN_VAULT_KEY" in err and out == ""
    monkeypatch.setenv("GOVERN_VAULT_KEY", VAULT_KEY)
    code, out, err = _run(argv, f"Ask {token} and <PERSON_000000000000> today", monkeypatch, capsys)
    assert code == 0 and out == "Ask Jane Cooper and <PERSON_000000000000> today"
    assert "1 of 2 tokens" in err
