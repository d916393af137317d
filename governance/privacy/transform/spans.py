"""Resolve overlapping findings into disjoint spans before any text is rewritten.

Overlaps are merged into their union, so no fragment of a detected value survives
between two partial detections; the merged span takes the type of the strongest one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from governance.records import Finding


def replace_spans(
    text: str, findings: Iterable[Finding], replacement: Callable[[str, Finding], str]
) -> str:
    """``text`` with each resolved finding replaced by ``replacement(value, finding)``."""
    parts: list[str] = []
    cursor = 0
    for f in resolve(findings):
        parts += [text[cursor : f.start], replacement(text[f.start : f.end], f)]
        cursor = f.end
    return "".join([*parts, text[cursor:]])


def resolve(findings: Iterable[Finding]) -> list[Finding]:
    ordered = sorted(findings, key=lambda f: (f.start, -f.end))
    merged: list[Finding] = []
    for f in ordered:
        if f.end <= f.start:
            continue
        if merged and f.start < merged[-1].end:
            merged[-1] = _union(merged[-1], f)
        else:
            merged.append(f)
    return merged


GENERIC = frozenset({"LOCATION", "ORGANIZATION", "NRP", "DATE_TIME"})


def _union(a: Finding, b: Finding) -> Finding:
    """The union span; a specific type (STREET_ADDRESS) beats a generic NER one (LOCATION),
    and a specific span that holds the other beats it whatever their scores: a street
    named after someone (``69 Gordon Terrace``) stays an address, so its surrogate is an
    address, not a name with the street's numbers left in it."""
    strongest = max(
        (a, b),
        key=lambda f: (
            f.entity_type not in GENERIC,
            _holds(f, b if f is a else a),
            f.score,
            f.end - f.start,
        ),
    )
    return Finding(
        entity_type=strongest.entity_type,
        start=min(a.start, b.start),
        end=max(a.end, b.end),
        score=max(a.score, b.score),
        recognizer=strongest.recognizer,
    )


def _holds(outer: Finding, inner: Finding) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end
