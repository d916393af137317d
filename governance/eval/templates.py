"""Labeled samples from English and Spanish templates, with exact gold spans.

Each template is filled with fictional values (values.py); rendering records the offsets
of every personal value it wrote, so the gold list holds exactly what was planted.
Order numbers, amounts, dates, versions and ticket ids are filler, never labelled: a
detector that flags them loses precision.
"""

from __future__ import annotations

import string
from collections.abc import Callable

from governance.eval.dataset import GoldSpan, Sample
from governance.eval.templates_en import TEMPLATES_EN
from governance.eval.templates_es import TEMPLATES_ES
from governance.eval.values import Values

DEFAULT_SEED = 5
TEMPLATES = {"en": TEMPLATES_EN, "es": TEMPLATES_ES}
_FORMATTER = string.Formatter()
Slot = tuple[str | None, str]


def template_samples(per_language: int = 300, seed: int = DEFAULT_SEED) -> list[Sample]:
    """``per_language`` samples for each language, cycling through its templates."""
    out: list[Sample] = []
    for lang, templates in TEMPLATES.items():
        values = Values(lang, seed)
        for i in range(per_language):
            template = templates[i % len(templates)]
            sample = render(template, _slots(values))
            sample.language, sample.origin = lang, f"template:{lang}:{i % len(templates)}"
            out.append(sample)
    return out


def render(template: str, slots: dict[str, Slot]) -> Sample:
    parts: list[str] = []
    spans: list[GoldSpan] = []
    size = 0
    for literal, name, _, _ in _FORMATTER.parse(template):
        parts.append(literal)
        size += len(literal)
        if name is None:
            continue
        entity, value = slots[name]
        if entity:
            spans.append(GoldSpan(entity, size, size + len(value)))
        parts.append(value)
        size += len(value)
    return Sample("".join(parts), spans)


def _slots(v: Values) -> dict[str, Slot]:
    first, last, first2, last2 = v.first(), v.last(), v.first(), v.last()
    filler: dict[str, Callable[[], str]] = {
        "order": lambda: v.digits(6),
        "amount": lambda: f"{v.rng.randint(5, 900)}.{v.digits(2)} EUR",
        "date": lambda: f"{v.rng.randint(1, 28)}/{v.rng.randint(1, 12)}/2026",
        "ver": lambda: f"{v.rng.randint(1, 9)}.{v.rng.randint(0, 20)}.{v.rng.randint(0, 9)}",
        "ticket": lambda: f"T-{v.digits(5)}",
    }
    slots: dict[str, Slot] = {k: (None, make()) for k, make in filler.items()}
    slots.update(
        {
            "name": ("PERSON", f"{first} {last}"),
            "first": ("PERSON", first),
            "last": ("PERSON", last),
            "name2": ("PERSON", f"{first2} {last2}"),
            "first2": ("PERSON", first2),
            "email": ("EMAIL_ADDRESS", v.email(first, last)),
            "email2": ("EMAIL_ADDRESS", v.email(first2, last2)),
            "phone": ("PHONE_NUMBER", v.phone()),
            "card": ("CREDIT_CARD", v.card()),
            "iban": ("IBAN_CODE", v.iban()),
            "ccc": ("ES_CCC", v.ccc()),
            "ssn": ("US_SSN", v.ssn()),
            "dni": ("ES_NIF", v.dni()),
            "nie": ("ES_NIE", v.nie()),
            "ip": ("IP_ADDRESS", v.ip()),
            "street": ("STREET_ADDRESS", v.street()),
            "zip": ("POSTAL_CODE", v.postcode()),
            "city": ("LOCATION", v.city()),
            "age": ("AGE", v.age()),
        }
    )
    return slots
