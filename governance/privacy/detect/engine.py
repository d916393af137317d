"""Runs one language's recognizers over raw text, with a cheap context boost.

Presidio's ``AnalyzerEngine.analyze`` rebuilds token and lemma lists for every text and
scans the tokens around each candidate for context words; here the NER results come
precomputed from ``nlp.pipe`` and context is looked up in the characters around a
candidate. A candidate under the score its recognizer gave with context words nearby
gains ``CONTEXT_BOOST`` (as Presidio's enhancer does, floor ``CONTEXT_FLOOR``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import regex
from presidio_analyzer import EntityRecognizer, PatternRecognizer, RecognizerResult

CONTEXT_BOOST = 0.35
REGEX_TIMEOUT = 5.0
CONTEXT_FLOOR = 0.4
BEFORE, AFTER = 60, 25


@dataclass(frozen=True, slots=True)
class _Plan:
    """One recognizer, prepared once: how it runs and which context words lift it."""

    recognizer: EntityRecognizer
    patterns: tuple[tuple[Any, float], ...] | None  # compiled, score; None: its own analyze
    context: re.Pattern[str] | None
    entity: str
    meta: dict[str, Any]
    overlapped: bool = False  # a recognizer may ask for candidates that overlap


class LanguageEngine:
    def __init__(self, recognizers: Sequence[EntityRecognizer], entities: Sequence[str]) -> None:
        self.recognizers = list(recognizers)
        self.entities = list(entities)
        for recognizer in self.recognizers:
            recognizer.load()
        self._plans = [_plan(r) for r in self.recognizers]

    def analyze(self, text: str) -> list[RecognizerResult]:
        out: list[RecognizerResult] = []
        for plan in self._plans:
            if plan.patterns is not None:
                results = _match(plan, text)
            else:
                results = plan.recognizer.analyze(text, self.entities, None) or []  # type: ignore[arg-type]
            if plan.context is not None:
                for result in results:
                    if result.score < 1.0:
                        _boost(text, result, plan.context)
            out.extend(results)
        return out


def _plan(recognizer: EntityRecognizer) -> _Plan:
    patterns: tuple[tuple[Any, float], ...] | None = None
    if isinstance(recognizer, PatternRecognizer) and _plain_patterns(recognizer):
        flags = recognizer.global_regex_flags
        declared: list[Any] = list(getattr(recognizer, "patterns", None) or [])
        patterns = tuple((regex.compile(p.regex, flags=flags), float(p.score)) for p in declared)
    meta: dict[str, Any] = {
        RecognizerResult.RECOGNIZER_NAME_KEY: str(getattr(recognizer, "name", "")),
        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: str(getattr(recognizer, "id", "")),
    }
    entity = recognizer.supported_entities[0]
    overlapped = bool(getattr(recognizer, "OVERLAPPED", False))
    return _Plan(recognizer, patterns, _context_regex(recognizer), entity, meta, overlapped)


def _context_regex(recognizer: EntityRecognizer) -> re.Pattern[str] | None:
    words = [w for w in (getattr(recognizer, "context", None) or []) if w.strip()]
    if not words:
        return None
    ordered = sorted({w.casefold() for w in words}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)", re.I)


def _boost(text: str, result: RecognizerResult, context: re.Pattern[str]) -> None:
    window = (
        text[max(0, result.start - BEFORE) : result.start]
        + " "
        + text[result.end : result.end + AFTER]
    )
    if context.search(window):
        result.score = min(1.0, max(result.score + CONTEXT_BOOST, CONTEXT_FLOOR))


def _plain_patterns(recognizer: EntityRecognizer) -> bool:
    """A pattern recognizer using Presidio's own matching loop (not a custom ``analyze``)."""
    return (
        isinstance(recognizer, PatternRecognizer)
        and type(recognizer).analyze is PatternRecognizer.analyze
    )


def _match(plan: _Plan, text: str) -> list[RecognizerResult]:
    """Presidio's pattern semantics (validation lifts a score to 1.0 or drops the match,
    invalidation drops it) without its per-pattern clock reads and explanations."""
    out: list[RecognizerResult] = []
    recognizer = plan.recognizer
    assert plan.patterns is not None and isinstance(recognizer, PatternRecognizer)
    for compiled, base in plan.patterns:
        try:
            matches = list(
                compiled.finditer(text, overlapped=plan.overlapped, timeout=REGEX_TIMEOUT)
            )
        except TimeoutError:
            continue  # Presidio's behaviour too: a pattern that runs away finds nothing
        for m in matches:
            start, end = m.span()
            if end <= start:
                continue
            score = _score(recognizer, text[start:end], base)
            if score > 0:
                out.append(
                    RecognizerResult(plan.entity, start, end, score, recognition_metadata=plan.meta)
                )
    return out


def _score(recognizer: PatternRecognizer, value: str, score: float) -> float:
    valid = recognizer.validate_result(value)
    if valid is not None:
        score = 1.0 if valid else 0.0
    if score and recognizer.invalidate_result(value):
        return 0.0
    return float(score)
