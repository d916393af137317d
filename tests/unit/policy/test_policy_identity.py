"""Policy identity, explain, diff and schema: what a reviewer and the incremental diff see."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from governance.cli import main
from governance.ingest.discover import Discovered, diff
from governance.policy import load_policy, policy_hash
from governance.policy.diff import diff_text, reprocessed, treatment_changes
from governance.policy.explain import explain_text, treatments
from governance.policy.identity import treatment_hashes
from governance.policy.load import validate_policy_file
from governance.policy.model import Policy
from governance.records import SourceFile
from tests.conftest import DEFAULT_POLICY, REPO

EXAMPLES = sorted((REPO / "policies").glob("*.yaml"))


def _variant(tmp_path: Path, old: str, new: str, name: str = "variant.yaml") -> Policy:
    text = DEFAULT_POLICY.read_text()
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1))
    return load_policy(path)


def test_the_worked_examples_are_all_there_and_validate_with_keys_resolved() -> None:
    names = {p.stem for p in EXAMPLES}
    assert {"default", "hr", "support-finetune", "spanish"} <= names
    for path in EXAMPLES:
        assert validate_policy_file(path) == [], path


def test_only_the_changed_source_gets_a_new_treatment_hash(tmp_path: Path) -> None:
    base = load_policy(DEFAULT_POLICY)
    hr_only = _variant(tmp_path, "notes: {role: free_text}", "notes: {role: drop}")
    before, after = treatment_hashes(base, "k1"), treatment_hashes(hr_only, "k1")
    assert [s for s in before if before[s] != after[s]] == ["hr"]
    assert policy_hash(base) != policy_hash(hr_only)


def test_wording_and_globs_change_the_policy_hash_but_no_treatment(tmp_path: Path) -> None:
    base = load_policy(DEFAULT_POLICY)
    reworded = _variant(tmp_path, "description: Acme", "description: Reviewed 2026. Acme")
    assert policy_hash(base) != policy_hash(reworded)
    assert treatment_hashes(base, "k1") == treatment_hashes(reworded, "k1")
    globbed = _variant(tmp_path, 'include: ["*.eml"]', 'include: ["*.eml", "*.mbox"]', "g.yaml")
    assert treatment_hashes(base, "k1") == treatment_hashes(globbed, "k1")


def test_a_target_change_or_a_new_key_changes_every_source(tmp_path: Path) -> None:
    base = load_policy(DEFAULT_POLICY)
    ops = _variant(tmp_path, "operators: {default: pseudonym}", "operators: {default: redact}")
    a, b = treatment_hashes(base, "k1"), treatment_hashes(ops, "k1")
    assert all(a[s] != b[s] for s in a)
    rotated = treatment_hashes(base, "k2")
    assert all(a[s] != rotated[s] for s in a)


def test_the_diff_reprocesses_by_treatment_hash_per_source() -> None:
    def file(source: str) -> SourceFile:
        return SourceFile(source, f"/x/{source}", source, 1, f"h-{source}", "txt")

    found = Discovered(files=[file("hr"), file("docs")])
    known = {("hr", "hr"): ("h-hr", "t-hr-old"), ("docs", "docs"): ("h-docs", "t-docs")}
    plan = diff(found, known, {"hr": "t-hr-new", "docs": "t-docs"})
    assert [f.source for f in plan.to_process] == ["hr"]
    assert [f.source for f in plan.unchanged] == ["docs"]


def test_explain_shows_each_source_target_and_entity() -> None:
    policy = load_policy(REPO / "policies" / "hr.yaml")
    text = explain_text(policy)
    assert "source hr: hr/{*.csv}" in text
    assert "column salary: drop, never read" in text
    lines = {line.split()[0]: line for line in text.splitlines() if line.startswith("  ")}
    assert "mask" in lines["IBAN_CODE"] and "column iban" in lines["IBAN_CODE"]
    assert "pseudonym (default)" in lines["PERSON"]
    assert "recognizer 'employee id'" in lines["EMPLOYEE_ID"]
    assert "redact" in lines["NATIONAL_ID"] and lines["NATIONAL_ID"].split()[1] == "-"
    found = {(t.target, t.entity): t.operator for t in treatments(policy)}
    assert found[("hr-assistant", "US_SSN")] == "redact"


def test_diff_names_changes_in_treatment_terms(tmp_path: Path) -> None:
    base = load_policy(DEFAULT_POLICY)
    new = _variant(tmp_path, "ES_NIF: redact", "ES_NIF: mask, PERSON: redact")
    changes = treatment_changes(base, new)
    assert "~ source hr, target finetune: PERSON: surrogate -> redact" in changes
    assert "~ source mail, target finetune: ES_NIF: redact -> mask" in changes
    assert not any("target rag" in c for c in changes)
    text = diff_text(base, new, "a.yaml", "b.yaml")
    assert "~ targets.finetune.operators.ES_NIF: 'redact' -> 'mask'" in text
    assert "+ targets.finetune.operators.PERSON: 'redact'" in text
    assert "next run re-processes: hr, tickets, mail, docs" in text
    assert reprocessed(base, base) == ([], ["hr", "tickets", "mail", "docs"])


def test_cli_explain_diff_and_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "explain", str(REPO / "policies" / "spanish.yaml"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    rows = {(t["source"], t["target"], t["entity"]): t for t in data["treatments"]}
    assert rows[("tickets", "finetune", "ES_NSS")]["operator"] == "redact"
    assert "recognizer 'Spanish phone'" in rows[("mail", "rag", "PHONE_NUMBER")]["found_by"]
    assert main(["policy", "diff", str(DEFAULT_POLICY), str(DEFAULT_POLICY)]) == 0
    assert "no change: the effective policies are identical" in capsys.readouterr().out
    other = REPO / "policies" / "spanish.yaml"
    assert main(["policy", "diff", str(DEFAULT_POLICY), str(other)]) == 1
    assert "next run re-processes:" in capsys.readouterr().out
    assert main(["policy", "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["additionalProperties"] is False
    assert {"sources", "detection", "targets", "forbid_clear_in_finetune"} <= set(
        schema["properties"]
    )
    assert "CustomRecognizer" in schema["$defs"]


def test_cli_validate_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(DEFAULT_POLICY.read_text().replace("EMAIL_ADDRESS,", "EMAIL_ADRESS,", 1))
    assert main(["policy", "validate", str(DEFAULT_POLICY), str(bad)]) == 2
    out = capsys.readouterr()
    assert out.out.startswith("ok: ") and "did you mean EMAIL_ADDRESS?" in out.err
    assert out.err.startswith(f"{bad}:")


def test_a_closed_pipe_ends_quietly() -> None:
    """``govern lineage sql ... | head``: output to a reader that has gone is no traceback."""
    import subprocess
    import sys

    script = (
        "import os, sys; r, w = os.pipe(); os.close(r); os.dup2(w, 1); "
        "from governance.cli import main; sys.exit(main(['policy', 'schema']))"
    )
    done = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True,
                          text=True, cwd=REPO, timeout=120)  # fmt: skip
    assert done.returncode == 141 and "Traceback" not in done.stderr, done.stderr
