"""Detection quality against gold spans, and leakage in the anonymized output.

- recall (per gold type): gold spans whose every character (whitespace aside) is covered
  by detected spans, whatever their type: a partly covered value partly survives.
- precision (per detected type): detected spans of that type that overlap a gold span of
  the same type; ``type-agnostic`` precision counts an overlap with a gold span of any type.
- F2 weighs recall four times as much as precision: a missed value leaks, an extra one
  only costs some text.
- leak (per gold type): distinct gold values of a sample still verbatim in that sample's
  anonymized output (word boundaries respected), over all distinct gold values.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

from governance.eval.dataset import GoldSpan, Sample

ALL = "ALL"


@dataclass(slots=True)
class Tally:
    gold: int = 0
    covered: int = 0
    predicted: int = 0
    correct: int = 0
    values: int = 0
    leaked: int = 0


@dataclass(frozen=True, slots=True)
class Scored:
    """What one sample produced: detected spans (resolved) and the anonymized text."""

    spans: tuple[tuple[str, int, int], ...]
    output: str


@dataclass(slots=True)
class TypeScore:
    entity_type: str
    gold: int
    predicted: int
    recall: float | None
    precision: float | None
    f2: float | None
    leak: float | None
    leaked: int


@dataclass(slots=True)
class Report:
    samples: int
    chars: int
    seconds: float
    types: list[TypeScore] = field(default_factory=list)

    @property
    def chars_per_second(self) -> float:
        return self.chars / self.seconds if self.seconds > 0 else 0.0

    def overall(self) -> TypeScore:
        return next(t for t in self.types if t.entity_type == ALL)

    def to_dict(self) -> dict[str, object]:
        return {
            "samples": self.samples,
            "chars": self.chars,
            "seconds": round(self.seconds, 3),
            "chars_per_second": round(self.chars_per_second, 1),
            "types": [asdict(t) for t in self.types],
        }


def score(samples: Sequence[Sample], results: Sequence[Scored], seconds: float) -> Report:
    tallies: dict[str, Tally] = {}
    for sample, result in zip(samples, results, strict=True):
        _tally_sample(sample, result, tallies)
    report = Report(len(samples), sum(len(s.text) for s in samples), seconds)
    report.types = [_type_score(name, t) for name, t in sorted(tallies.items()) if name != ALL]
    report.types.append(_type_score(ALL, tallies.get(ALL, Tally())))
    return report


def _tally_sample(sample: Sample, result: Scored, tallies: dict[str, Tally]) -> None:
    total = tallies.setdefault(ALL, Tally())
    covered = _coverage(result.spans, len(sample.text))
    for g in sample.spans:
        hit = all(covered[i] or sample.text[i].isspace() for i in range(g.start, g.end))
        for t in (tallies.setdefault(g.entity_type, Tally()), total):
            t.gold += 1
            t.covered += hit
    for entity, start, end in result.spans:
        same = any(g.entity_type == entity and _overlap(g, start, end) for g in sample.spans)
        any_type = any(_overlap(g, start, end) for g in sample.spans)
        tally = tallies.setdefault(entity, Tally())
        tally.predicted += 1
        tally.correct += same
        total.predicted += 1
        total.correct += any_type
    for entity, value in {(g.entity_type, sample.value(g)) for g in sample.spans}:
        leaked = verbatim(value, result.output)
        for t in (tallies[entity], total):
            t.values += 1
            t.leaked += leaked


def _coverage(spans: Iterable[tuple[str, int, int]], size: int) -> list[bool]:
    covered = [False] * size
    for _, start, end in spans:
        covered[start:end] = [True] * (end - start)
    return covered


def _overlap(g: GoldSpan, start: int, end: int) -> bool:
    return g.start < end and start < g.end


def verbatim(value: str, text: str) -> bool:
    """``value`` occurs in ``text`` as a whole word run (``Ana`` is not in ``Anabel``)."""
    pattern = r"(?<!\w)" + re.escape(value) + r"(?!\w)"
    return re.search(pattern, text) is not None


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def f_beta(precision: float | None, recall: float | None, beta: float = 2.0) -> float | None:
    if precision is None or recall is None:
        return None
    if precision == 0 and recall == 0:
        return 0.0
    b2 = beta * beta
    return round((1 + b2) * precision * recall / (b2 * precision + recall), 4)


def _type_score(name: str, t: Tally) -> TypeScore:
    recall, precision = _ratio(t.covered, t.gold), _ratio(t.correct, t.predicted)
    return TypeScore(
        name,
        t.gold,
        t.predicted,
        recall,
        precision,
        f_beta(precision, recall),
        _ratio(t.leaked, t.values),
        t.leaked,
    )


def counts_by_type(samples: Sequence[Sample]) -> Counter[str]:
    return Counter(g.entity_type for s in samples for g in s.spans)
