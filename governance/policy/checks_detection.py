"""Checks of languages and detection: spaCy models, entity names, thresholds, patterns,
deny lists and custom recognizers."""

from __future__ import annotations

import re
from collections.abc import Iterator

from governance.policy.checks import Issue, Loc, entity_issue
from governance.policy.model import Policy
from governance.policy.registry import (
    COLUMN_ONLY_ENTITIES,
    detectable_entities,
    did_you_mean,
    effective_entities,
    installed_spacy_models,
    known_entities,
    spacy_model_language,
)


def check_languages(policy: Policy) -> Iterator[Issue]:
    for code, spec in policy.languages.items():
        loc = ("languages", code, "model")
        lang = spacy_model_language(spec.model)
        if lang is None:
            models = installed_spacy_models()
            yield Issue(
                loc, f"spaCy model '{spec.model}' is not installed; installed: "
                f"{', '.join(models) or 'none'}",
                did_you_mean(spec.model, models) or "install it from the lock file",
            )  # fmt: skip
        elif lang != code:
            yield Issue(
                loc, f"spaCy model '{spec.model}' is for language '{lang}', not '{code}'",
                f"name a '{code}' model, or list it under languages.{lang}",
            )  # fmt: skip


def check_ocr(policy: Policy) -> Iterator[Issue]:
    """A source that reads by OCR needs Tesseract's data for its languages on this machine."""
    from governance.ingest import ocr

    for i, src in enumerate(policy.sources):
        if not src.ocr.enabled:
            continue
        problem = ocr.unavailable(src.ocr.languages)
        if problem:
            yield Issue(
                ("sources", i, "ocr"), f"source '{src.name}' reads by OCR but {problem}",
                ocr.INSTALL_HINT, at_key=True,
            )  # fmt: skip


def check_detection(policy: Policy) -> Iterator[Issue]:
    det = policy.detection
    custom = det.custom_entities()
    detectable = detectable_entities() | custom
    seen: set[str] = set()
    for i, entity in enumerate(det.entities):
        loc = ("detection", "entities", i)
        if entity in seen:
            yield Issue(loc, f"entity type {entity} is listed twice")
        seen.add(entity)
        if entity in COLUMN_ONLY_ENTITIES and entity not in detectable:
            yield Issue(
                loc, f"no recognizer finds {entity}: it exists only as a table column",
                f"declare the column as {{role: direct_identifier, entity: {entity}}} instead",
            )  # fmt: skip
            continue
        issue = entity_issue(loc, entity, detectable, "in detection.entities")
        if issue:
            yield issue
    enabled = effective_entities(policy)
    for entity in det.thresholds:
        if entity not in enabled:
            yield _not_enabled(("detection", "thresholds", entity), entity, "threshold")
    for i, pattern in enumerate(det.allow_patterns):
        error = _regex_error(pattern)
        if error:
            yield Issue(("detection", "allow_patterns", i), f"invalid regular expression: {error}")
    for entity in det.deny:
        where: Loc = ("detection", "deny", entity)
        issue = entity_issue(where, entity, known_entities(custom), "in a deny list")
        if issue:
            yield Issue(issue.loc, issue.message, issue.hint, at_key=True)
        elif entity not in det.entities:
            yield _not_enabled(where, entity, "deny list")


def _not_enabled(loc: tuple[str | int, ...], entity: str, what: str) -> Issue:
    return Issue(
        loc, f"{what} for {entity} has no effect: {entity} is not in detection.entities",
        f"add {entity} to detection.entities or remove the {what}", at_key=True,
    )  # fmt: skip


def _regex_error(pattern: str) -> str | None:
    try:
        re.compile(pattern)
    except re.error as exc:
        return str(exc)
    return None


def check_recognizers(policy: Policy) -> Iterator[Issue]:
    names: set[str] = set()
    builtin = detectable_entities()
    for i, rec in enumerate(policy.detection.recognizers):
        loc = ("detection", "recognizers", i)
        if rec.name in names:
            yield Issue((*loc, "name"), f"recognizer name '{rec.name}' is used twice")
        names.add(rec.name)
        if rec.supported_entity not in policy.detection.entities:
            yield Issue(
                (*loc, "supported_entity"),
                f"recognizer '{rec.name}' finds {rec.supported_entity}, which is not in "
                "detection.entities",
                f"add {rec.supported_entity} to detection.entities"
                + ("" if rec.supported_entity in builtin else " and an operator to each target"),
            )  # fmt: skip
        if not rec.patterns and not rec.deny_list:
            yield Issue(loc, f"recognizer '{rec.name}' has neither patterns nor deny_list",
                        "a custom recognizer needs at least one of them")  # fmt: skip
        for j, pattern in enumerate(rec.patterns):
            error = _regex_error(pattern.regex)
            if error:
                yield Issue((*loc, "patterns", j, "regex"), f"invalid regular expression: {error}")
        for lang in rec.languages(list(policy.languages)):
            if lang not in policy.languages:
                yield Issue(
                    (*loc, _language_field(rec)),
                    f"recognizer '{rec.name}' is for language '{lang}', which is not in "
                    f"languages ({', '.join(policy.languages)})",
                    f"add languages.{lang} or drop it from the recognizer",
                )  # fmt: skip


def _language_field(rec: object) -> str:
    return (
        "supported_language"
        if getattr(rec, "supported_language", None)
        else ("supported_languages")
    )
