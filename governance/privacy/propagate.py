"""Entity propagation: once a value is found in a document, treat its other occurrences.

Variants follow the obvious ways a value is repeated: a full name's surname or first
name alone (and so the possessive), the local part of an email address. Variants in the
allow list, short words and common words are never propagated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from governance.records import Finding

PROPAGATION = "propagation"
MIN_PART = 3
NAME_PART = re.compile(r"[A-ZÁÉÍÓÚÜÑ][\w'-]+")
NOT_NAMES = frozenset(
    "the and for from with dear hola buenos saludos gracias team equipo mr mrs ms dr sr sra "
    "de del la las los von van".split()
)
FULL_VALUE_TYPES = frozenset(
    {"PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "CREDIT_CARD", "US_SSN", "ES_NIF",
     "ES_NIE", "IP_ADDRESS", "STREET_ADDRESS", "LOCATION"}
)  # fmt: skip


def variants(entity: str, value: str) -> set[str]:
    out = {value} if entity in FULL_VALUE_TYPES else set()
    if entity == "PERSON":
        out.update(p for p in NAME_PART.findall(value) if _name_like(p))
    elif entity == "EMAIL_ADDRESS" and "@" in value:
        local = value.split("@", 1)[0]
        if len(local) >= 4 and not local.isdigit():
            out.add(local)
    return out


def _name_like(part: str) -> bool:
    return len(part) >= MIN_PART and part.casefold() not in NOT_NAMES


def propagate(
    text: str, findings: list[Finding], *, allowed: Callable[[str], bool] = lambda v: False
) -> list[Finding]:
    """The findings plus every other occurrence of each found value's variants."""
    by_variant: dict[str, Finding] = {}
    for f in sorted(findings, key=lambda f: f.score):
        for v in variants(f.entity_type, text[f.start : f.end]):
            if not allowed(v):
                by_variant[v] = f
    if not by_variant:
        return findings
    extra = list(_occurrences(text, by_variant))
    return findings + extra


def _occurrences(text: str, by_variant: dict[str, Finding]) -> Iterable[Finding]:
    ordered = sorted(by_variant, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w@.])(?:" + "|".join(map(re.escape, ordered)) + r")(?![\w@])")
    for m in pattern.finditer(text):
        source = by_variant[m.group(0)]
        yield Finding(
            entity_type=source.entity_type,
            start=m.start(),
            end=m.end(),
            score=source.score,
            recognizer=PROPAGATION,
        )
