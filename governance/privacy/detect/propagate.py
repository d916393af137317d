"""Entity propagation: once a value is found in a document, treat its other occurrences.

Variants follow the obvious ways a value is repeated: a full name's surname or first
name alone (and so the possessive), each in capitals as headlines write them, the local
part of an email address, and the name parts of that local part (``theresa.smith@...``
makes ``Theresa`` and ``Smith`` people of the document when they are known names).
Variants in the allow list, short words and common words are never propagated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache

from governance.privacy.detect.recognizers.gazetteer import first_names, last_names
from governance.records import Finding

PROPAGATION = "propagation"
MIN_PART = 3
NAME_PART = re.compile(r"[A-ZÁÉÍÓÚÜÑ][\w'-]+")
LOCAL_PART = re.compile(r"[a-záéíóúüñ]+")
NOT_NAMES = frozenset(
    "the and for from with dear hola buenos saludos gracias team equipo mr mrs ms dr sr sra "
    "de del la las los von van info admin support soporte sales ventas contact hello mail "
    "office".split()
)
FULL_VALUE_TYPES = frozenset(
    {
        "PERSON",
        "EMAIL_ADDRESS",
        "PHONE_NUMBER",
        "IBAN_CODE",
        "CREDIT_CARD",
        "US_SSN",
        "ES_NIF",
        "ES_NIE",
        "ES_CCC",
        "IP_ADDRESS",
        "STREET_ADDRESS",
        "LOCATION",
        "POSTAL_CODE",
        "ID_NUMBER",
        "DATE_TIME",
        "AGE",
    }
)


def variants(entity: str, value: str) -> dict[str, str]:
    """Variant text -> the entity type its occurrences get."""
    out = {value: entity} if entity in FULL_VALUE_TYPES else {}
    if entity == "PERSON":
        out.update((p, "PERSON") for p in NAME_PART.findall(value) if _name_like(p))
        out.update({v.upper(): "PERSON" for v in list(out)})  # headlines: ``WASIM AKRAM``
    elif entity == "EMAIL_ADDRESS" and "@" in value:
        local = value.split("@", 1)[0]
        if len(local) >= 4 and not local.isdigit():
            out[local] = entity
        out.update((p, "PERSON") for p in _local_names(local))
    return out


def _local_names(local: str) -> list[str]:
    parts = LOCAL_PART.findall(local.casefold())
    if len(parts) < 2 and not (parts and parts[0] in first_names()):
        return []
    known = _known_names()
    return [p.capitalize() for p in parts if _name_like(p) and p in known]


@cache
def _known_names() -> frozenset[str]:
    return first_names() | last_names()


def _name_like(part: str) -> bool:
    return len(part) >= MIN_PART and part.casefold() not in NOT_NAMES


def propagate(
    text: str, findings: list[Finding], *, allowed: Callable[[str], bool] = lambda v: False
) -> list[Finding]:
    """The findings plus every other occurrence of each found value's variants."""
    by_variant: dict[str, tuple[str, Finding]] = {}
    for f in sorted(findings, key=lambda f: f.score):
        for v, entity in variants(f.entity_type, text[f.start : f.end]).items():
            if not allowed(v):
                by_variant[v] = (entity, f)
    if not by_variant:
        return findings
    extra = list(_occurrences(text, by_variant))
    return findings + extra


def _occurrences(text: str, by_variant: dict[str, tuple[str, Finding]]) -> Iterable[Finding]:
    """Whole-word occurrences (not inside a longer word, an address or a domain); plain
    ``str.find`` per variant: compiling a regex per document costs more than the search."""
    claimed: list[tuple[int, int]] = []
    for variant in sorted(by_variant, key=len, reverse=True):
        entity, source = by_variant[variant]
        start = text.find(variant)
        while start >= 0:
            end = start + len(variant)
            if _bounded(text, start, end) and not any(s < end and start < e for s, e in claimed):
                claimed.append((start, end))
                yield Finding(entity, start, end, source.score, PROPAGATION)
            start = text.find(variant, start + 1)


def _bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in "_@.") and not (after.isalnum() or after in "_@")
