"""Canaries: an in-pipeline recall estimate from synthetic personal values.

Inside the unit of work, before detection, a few documents of the batch are copied and
a short paragraph with synthetic values (``canary_values``) is appended to each copy.
The copies go through the same detector and each target's transformation as the real
documents; then every planted value is looked for in each target's output. A value
still there "survived": the policy and detector would have let a real one through.

Copies are never shaped, staged or published, and their findings are not recorded.
What leaves the unit is ``CanaryCount`` rows (target, entity type, planted, survived);
lineage keeps them per run in the ``canaries`` table (migration 0004).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import duckdb

from governance.policy.model import Policy
from governance.privacy.transform.operators import Pseudonymizer
from governance.privacy.transform.rewrite import transform
from governance.quality.canary_values import GENERATORS, canary_value
from governance.records import Document, stable_id

CANARY_ENTITIES = tuple(GENERATORS)
TEMPLATES: dict[str, dict[str, str]] = {
    "en": {
        "PERSON": "Please ask {} about it.",
        "EMAIL_ADDRESS": "Write to {} for details.",
        "PHONE_NUMBER": "Call me on {} tomorrow.",
        "CREDIT_CARD": "Charge the card {} for the order.",
        "IBAN_CODE": "Pay into the account {} this month.",
        "US_SSN": "Her social security number is {}.",
        "ES_NIF": "His Spanish DNI is {}.",
        "ES_NIE": "Her NIE is {}.",
        "IP_ADDRESS": "The login came from {} last night.",
    },
    "es": {
        "PERSON": "Pregunta a {} por el asunto.",
        "EMAIL_ADDRESS": "Escribe a {} para más detalles.",
        "PHONE_NUMBER": "Llámame al {} mañana.",
        "CREDIT_CARD": "Carga la tarjeta {} para el pedido.",
        "IBAN_CODE": "Ingresa en la cuenta {} este mes.",
        "US_SSN": "Su número de seguro social es {}.",
        "ES_NIF": "Mi DNI es {}.",
        "ES_NIE": "Su NIE es {}.",
        "IP_ADDRESS": "El acceso vino de {} anoche.",
    },
}
MIN_FRAGMENT = 3


@dataclass(frozen=True, slots=True)
class CanaryCount:
    """Value-free: how many canaries of one type a target was given and let through."""

    target: str
    entity_type: str
    planted: int
    survived: int


@dataclass(frozen=True, slots=True)
class Planted:
    entity_type: str
    value: str
    fragments: tuple[str, ...]


@dataclass(slots=True)
class Probes:
    """The canary copies of one batch (in memory only) and what was planted in each."""

    documents: list[Document] = field(default_factory=list)
    planted: list[tuple[Planted, ...]] = field(default_factory=list)

    def check(self, policy: Policy, ps: Pseudonymizer) -> list[CanaryCount]:
        """Transform every copy per target; count the planted values still present."""
        planted: Counter[tuple[str, str]] = Counter()
        survived: Counter[tuple[str, str]] = Counter()
        for doc, values in zip(self.documents, self.planted, strict=True):
            for name, target in policy.targets.items():
                out = transform(doc.text, doc.findings, target, doc.language or "en", ps)
                text = "" if out.dropped_by else out.text
                for p in values:
                    planted[(name, p.entity_type)] += 1
                    survived[(name, p.entity_type)] += any(f in text for f in p.fragments)
        return [CanaryCount(t, e, n, survived[(t, e)]) for (t, e), n in sorted(planted.items())]


def canary_entities(policy: Policy) -> tuple[str, ...]:
    """The types planted: the policy's list, or every supported type it detects."""
    chosen = policy.quality.canaries.entities
    if chosen:
        return tuple(chosen)
    return tuple(e for e in CANARY_ENTITIES if e in policy.detection.entities)


def run_canaries(run_id: str, policy: Policy) -> list[str]:
    """Every value a run may have planted (for the residual-PII gate); empty when off."""
    settings = policy.quality.canaries
    if not settings.enabled:
        return []
    entities = canary_entities(policy)
    return [
        canary_value(run_id, entity, slot)
        for slot in range(settings.documents_per_batch)
        for entity in entities
    ]


def plant(run_id: str, documents: Sequence[Document], policy: Policy) -> Probes:
    """Copies of a deterministic sample of ``documents`` with canaries appended."""
    settings = policy.quality.canaries
    entities = canary_entities(policy)
    probes = Probes()
    if not settings.enabled or not entities:
        return probes
    sample = sorted(documents, key=lambda d: stable_id(run_id, d.id))
    for slot, doc in enumerate(sample[: settings.documents_per_batch]):
        values = tuple(_planted(run_id, entity, slot, doc.text) for entity in entities)
        probes.documents.append(_copy(doc, values))
        probes.planted.append(values)
    return probes


def _planted(run_id: str, entity: str, slot: int, original: str) -> Planted:
    value = canary_value(run_id, entity, slot)
    return Planted(entity, value, _fragments(entity, value, original))


def _fragments(entity: str, value: str, original: str) -> tuple[str, ...]:
    """What counts as survival: the value, or for a name any part of it (not already in
    the original text, where it would be no evidence)."""
    if entity != "PERSON":
        return (value,)
    parts = [p for p in value.split() if len(p) >= MIN_FRAGMENT and p not in original]
    return (value, *parts)


def _copy(doc: Document, values: Iterable[Planted]) -> Document:
    templates = TEMPLATES.get(doc.language or "en", TEMPLATES["en"])
    paragraph = " ".join(templates[p.entity_type].format(p.value) for p in values)
    text = f"{doc.text.rstrip()}\n\n{paragraph}\n"
    return dataclasses.replace(
        doc, id=f"{doc.id}:canary", text=text, findings=[], metadata=dict(doc.metadata)
    )


def merge(counts: Iterable[CanaryCount]) -> list[CanaryCount]:
    """Sum batch counts per (target, entity type)."""
    planted: Counter[tuple[str, str]] = Counter()
    survived: Counter[tuple[str, str]] = Counter()
    for c in counts:
        planted[(c.target, c.entity_type)] += c.planted
        survived[(c.target, c.entity_type)] += c.survived
    return [CanaryCount(t, e, n, survived[(t, e)]) for (t, e), n in sorted(planted.items())]


def canary_writer(
    run_id: str, counts: Iterable[CanaryCount]
) -> Callable[[duckdb.DuckDBPyConnection], None]:
    """A writer of a run's canary counts (table ``canaries``, migration 0004) for the run's
    own lineage transaction (``LineageStore.finish_run(..., also=[...])``)."""
    rows = [(run_id, c.target, c.entity_type, c.planted, c.survived) for c in merge(counts)]

    def write(con: duckdb.DuckDBPyConnection) -> None:
        if rows:
            con.executemany("INSERT INTO canaries VALUES (?, ?, ?, ?, ?)", rows)

    return write
