"""Canaries with the real detector (Presidio + spaCy) and the real transformation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from governance.errors import PolicyError
from governance.policy import Policy, load_policy
from governance.quality.canaries import CanaryCount, canary_entities, plant, run_canaries
from governance.records import Document
from tests.conftest import DEFAULT_POLICY

TEXTS = [
    ("# Holidays\n\nThe office closes on public holidays.", "en"),
    ("# Vacaciones\n\nLa oficina cierra los festivos nacionales.", "es"),
    ("Hello team, the quarterly numbers are in. Please review them.", "en"),
    ("Hola equipo, los números del trimestre ya están listos.", "es"),
    ("The parking rota changes every month; check the board.", "en"),
    ("El comedor abre a las doce y cierra a las cuatro.", "es"),
]


def documents() -> list[Document]:
    return [
        Document(id=f"doc-{i}", text=text, source="docs", source_uri=f"d{i}.md", format="md",
                 content_hash=f"h{i}", language=lang)
        for i, (text, lang) in enumerate(TEXTS)
    ]  # fmt: skip


def policy_with(tmp_path: Path, replacements: dict[str, str]) -> Policy:
    text = DEFAULT_POLICY.read_text()
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "policy.yaml"
    path.write_text(text)
    return load_policy(path)


def by_key(counts: list[CanaryCount]) -> dict[tuple[str, str], tuple[int, int]]:
    return {(c.target, c.entity_type): (c.planted, c.survived) for c in counts}


def test_copies_of_a_sample_are_planted_and_the_originals_are_untouched(
    default_policy: Policy,
) -> None:
    docs = documents()
    before = [(d.id, d.text) for d in docs]
    probes = plant("run-a", docs, default_policy)
    assert [(d.id, d.text) for d in docs] == before
    assert len(probes.documents) == default_policy.quality.canaries.documents_per_batch == 4
    assert all(d.id.endswith(":canary") for d in probes.documents)
    originals = {d.id: d for d in docs}
    for copy, planted in zip(probes.documents, probes.planted, strict=True):
        original = originals[copy.id.removesuffix(":canary")]
        assert copy.text.startswith(original.text.rstrip())
        assert {p.entity_type for p in planted} == set(canary_entities(default_policy))
        assert all(p.value in copy.text for p in planted)
    again = plant("run-a", documents(), default_policy)
    assert [d.id for d in again.documents] == [d.id for d in probes.documents]


def test_structured_canaries_never_survive_the_default_policy(
    default_policy: Policy, detector: Any, pseudonymizer: Any
) -> None:
    probes = plant("run-b", documents(), default_policy)
    detector.detect(probes.documents)
    counts = by_key(probes.check(default_policy, pseudonymizer))
    assert {t for t, _ in counts} == set(default_policy.targets)
    for (target, entity), (planted, survived) in counts.items():
        assert planted == 4, (target, entity)
        if entity != "PERSON":  # names are where recall is honestly below 100%
            assert survived == 0, (target, entity)


def test_a_target_that_keeps_emails_lets_every_email_canary_survive(
    tmp_path: Path, detector: Any, pseudonymizer: Any
) -> None:
    policy = policy_with(
        tmp_path, {"operators: {default: pseudonym}": "operators: {default: pseudonym, "
                   "EMAIL_ADDRESS: keep}"}
    )  # fmt: skip
    probes = plant("run-c", documents(), policy)
    detector.detect(probes.documents)
    counts = by_key(probes.check(policy, pseudonymizer))
    assert counts[("rag", "EMAIL_ADDRESS")] == (4, 4)
    assert counts[("finetune", "EMAIL_ADDRESS")] == (4, 0)


def test_the_gate_regenerates_exactly_the_planted_values(default_policy: Policy) -> None:
    probes = plant("run-d", documents(), default_policy)
    planted = {p.value for values in probes.planted for p in values}
    assert planted == set(run_canaries("run-d", default_policy))
    assert planted.isdisjoint(run_canaries("run-e", default_policy))


def test_disabled_canaries_plant_nothing(tmp_path: Path) -> None:
    policy = policy_with(
        tmp_path, {"quality:\n  on_failure: block": "quality:\n  on_failure: block\n"
                   "  canaries: {enabled: false}"}
    )  # fmt: skip
    assert plant("run-f", documents(), policy).documents == []
    assert run_canaries("run-f", policy) == []


def test_chosen_entities_limit_what_is_planted(tmp_path: Path) -> None:
    policy = policy_with(
        tmp_path, {"quality:\n  on_failure: block": "quality:\n  on_failure: block\n"
                   "  canaries: {entities: [EMAIL_ADDRESS], documents_per_batch: 2}"}
    )  # fmt: skip
    probes = plant("run-g", documents(), policy)
    assert [[p.entity_type for p in values] for values in probes.planted] == [["EMAIL_ADDRESS"]] * 2


def test_an_unknown_canary_entity_is_a_policy_error(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="canaries"):
        policy_with(
            tmp_path, {"quality:\n  on_failure: block": "quality:\n  on_failure: block\n"
                       "  canaries: {entities: [SHOE_SIZE]}"}
        )  # fmt: skip
