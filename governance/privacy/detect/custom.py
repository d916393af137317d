"""Recognizers the policy declares: custom pattern recognizers (Presidio's recognizer YAML
format, inline or from files) and deny lists, built as Presidio recognizers per language.

A deny list names exact values that are always an entity type (a project code name, a
nickname NER misses); it becomes a Presidio deny-list recognizer with score 1.0.
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer

from governance.policy.model import Policy
from governance.policy.recognizers import CustomRecognizer

DENY_SCORE = 1.0


def custom_recognizers(policy: Policy, language: str) -> list[EntityRecognizer]:
    """The policy's own recognizers that run for one language."""
    languages = list(policy.languages)
    out: list[EntityRecognizer] = [
        _pattern_recognizer(rec, language)
        for rec in policy.detection.recognizers
        if rec.enabled and language in rec.languages(languages)
    ]
    out += [
        PatternRecognizer(
            supported_entity=entity,
            name=f"deny_list_{entity}",
            supported_language=language,
            deny_list=list(values),
            deny_list_score=DENY_SCORE,
        )
        for entity, values in sorted(policy.detection.deny.items())
        if values
    ]
    return out


def _pattern_recognizer(rec: CustomRecognizer, language: str) -> PatternRecognizer:
    return PatternRecognizer(
        supported_entity=rec.supported_entity,
        name=rec.name,
        supported_language=language,
        patterns=[Pattern(p.name, p.regex, p.score) for p in rec.patterns] or None,  # type: ignore[arg-type]
        deny_list=list(rec.deny_list) or None,  # type: ignore[arg-type]
        context=list(rec.context_for(language)) or None,  # type: ignore[arg-type]
        deny_list_score=rec.deny_list_score,
    )
