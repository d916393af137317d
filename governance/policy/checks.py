"""Checks that need more than one field or a live registry: names, references, contradictions.

Each check yields ``Issue``s located by a field path; the loader turns the path into
``file:line:column``. They run after the schema validated, before any data is read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from governance.policy.model import TABLE_FORMATS, KeyRef, OperatorSpec, Policy
from governance.policy.registry import (
    did_you_mean,
    effective_entities,
    known_entities,
    one_of,
    operator_names,
    suite_names,
)

Loc = tuple[str | int, ...]
NAME = re.compile(r"^[a-z][a-z0-9_-]*$")
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True, slots=True)
class Issue:
    loc: Loc
    message: str
    hint: str | None = None
    at_key: bool = False  # point at the mapping key rather than its value


Check = Callable[[Policy], Iterator[Issue]]


def run_checks(policy: Policy) -> list[Issue]:
    from governance.policy.checks_detection import (
        check_detection,
        check_languages,
        check_ocr,
        check_recognizers,
    )

    checks: list[Check] = [
        check_names, check_cross, check_languages, check_sources, check_detection,
        check_recognizers, check_targets, check_forbid_list, check_ocr,
    ]  # fmt: skip
    return [issue for check in checks for issue in check(policy)]


def entity_issue(loc: Loc, entity: str, allowed: frozenset[str], what: str) -> Issue | None:
    if entity in allowed:
        return None
    hint = did_you_mean(entity, allowed) or f"known: {one_of(allowed)}"
    return Issue(loc, f"unknown entity type '{entity}'" + (f" {what}" if what else ""), hint)


def check_names(policy: Policy) -> Iterator[Issue]:
    for name in policy.targets:
        if not NAME.match(name):
            yield Issue(
                ("targets", name), f"target name '{name}' is not lower-case letters, digits, "
                "- or _",
                "it names the corpus folder, e.g. rag or support-finetune", at_key=True,
            )  # fmt: skip
    for code in policy.languages:
        if not LANGUAGE_CODE.match(code):
            yield Issue(
                ("languages", code), f"'{code}' is not a two or three letter language code",
                "e.g. en, es", at_key=True,
            )  # fmt: skip


def check_cross(policy: Policy) -> Iterator[Issue]:
    """Names that must refer to each other: languages, unique source names."""
    languages = list(policy.languages)
    if policy.default_language not in policy.languages:
        yield Issue(
            ("default_language",), f"default_language '{policy.default_language}' is not in "
            f"languages ({', '.join(languages)})", f"set default_language to {languages[0]}",
        )  # fmt: skip
    seen: set[str] = set()
    for i, src in enumerate(policy.sources):
        if src.name in seen:
            yield Issue(("sources", i, "name"), f"source name '{src.name}' is used twice",
                        "source names identify files in lineage; make them unique")  # fmt: skip
        seen.add(src.name)
        if src.language not in ("auto", *languages):
            yield Issue(
                ("sources", i, "language"), f"source '{src.name}' language '{src.language}' is "
                f"not 'auto' nor one of languages ({', '.join(languages)})",
                did_you_mean(src.language, languages) or f"add languages.{src.language}",
            )  # fmt: skip


def check_sources(policy: Policy) -> Iterator[Issue]:
    allowed = known_entities(policy.detection.custom_entities())
    for i, src in enumerate(policy.sources):
        for field in ("include", "exclude"):
            for j, pattern in enumerate(getattr(src, field)):
                if pattern.startswith("/") or ".." in pattern.split("/"):
                    yield Issue(
                        ("sources", i, field, j),
                        f"glob '{pattern}' leaves the source root",
                        "globs are relative to the source's root; move the folder into 'root'",
                    )
        table = src.format == "auto" or src.format in TABLE_FORMATS
        if not table and (src.columns or src.chat):
            what = "columns" if src.columns else "chat"
            yield Issue(
                ("sources", i, what),
                f"'{what}' is for tables, but source '{src.name}' has format {src.format}",
                f"use format {', '.join(TABLE_FORMATS)} or remove '{what}'", at_key=True,
            )  # fmt: skip
        for column, spec in src.columns.items():
            if spec.entity:
                loc = ("sources", i, "columns", column, "entity")
                issue = entity_issue(loc, spec.entity, allowed, f"for column '{column}'")
                if issue:
                    yield issue


def check_targets(policy: Policy) -> Iterator[Issue]:
    enabled = effective_entities(policy)
    allowed = known_entities(policy.detection.custom_entities())
    operators = operator_names()
    suites = suite_names()
    for name, target in policy.targets.items():
        base: Loc = ("targets", name)
        for entity, spec in target.operators.items():
            loc = (*base, "operators", entity)
            op = spec if isinstance(spec, str) else spec.operator
            if op not in operators:
                where = loc if isinstance(spec, str) else (*loc, "operator")
                yield Issue(where, f"unknown operator '{op}' for {entity}; allowed: "
                            f"{', '.join(operators)}", did_you_mean(op, operators))  # fmt: skip
            elif not isinstance(spec, str):
                yield from operator_params_issues(loc, op, spec.params)
            if entity == "default":
                continue
            issue = entity_issue(loc, entity, allowed, f"in target '{name}'")
            if issue:
                yield Issue(issue.loc, issue.message, issue.hint, at_key=True)
            elif entity not in enabled:
                yield Issue(
                    loc, f"operator for {entity} has no effect: it is not in detection.entities "
                    "nor a direct_identifier column", f"add {entity} to detection.entities or "
                    "remove this line", at_key=True,
                )  # fmt: skip
        yield from _missing_operators(base, target.operators, enabled)
        if target.kind == "finetune":
            yield from _kept_in_clear(policy, base, name)
        if target.suite is not None and target.suite not in suites:
            yield Issue(
                (*base, "suite"), f"no expectation suite '{target.suite}' in expectations/; "
                f"available: {', '.join(suites)}", did_you_mean(target.suite, suites),
            )  # fmt: skip


def operator_params_issues(loc: Loc, name: str, params: dict[str, Any]) -> Iterator[Issue]:
    """The parameters a policy gives operator ``name``, against the operator's ``Params``
    (``drop`` is applied by the transform itself and takes none)."""
    from pydantic import ValidationError

    from governance.privacy.transform.operators import OPERATORS, Params

    kind = OPERATORS[name].params if name in OPERATORS else Params
    allowed = sorted(kind.model_fields)
    try:
        kind.model_validate(params)
    except ValidationError as exc:
        for err in exc.errors():
            key = str(err["loc"][0])
            if err["type"] == "extra_forbidden":
                takes = f"allowed: {', '.join(allowed)}" if allowed else "it takes none"
                yield Issue((*loc, key), f"unknown parameter '{key}' for operator '{name}'",
                            did_you_mean(key, allowed) or takes, at_key=True)  # fmt: skip
            else:
                yield Issue((*loc, key), f"found {params.get(key)!r}: {err['msg']}")


def _missing_operators(
    base: Loc, operators: dict[str, str | OperatorSpec], enabled: list[str]
) -> Iterator[Issue]:
    if "default" in operators:
        return
    missing = [e for e in enabled if e not in operators]
    if missing:
        yield Issue(
            (*base, "operators"),
            f"no operator for enabled entity type {', '.join(missing)} and no 'default'",
            f"add '{missing[0]}: redact' (or any operator) or 'default: redact'",
        )


def _kept_in_clear(policy: Policy, base: Loc, name: str) -> Iterator[Issue]:
    """One issue per operators entry (an entity's own, or 'default') that keeps in clear."""
    target = policy.targets[name]
    by_entry: dict[str, list[str]] = {}
    for entity in effective_entities(policy):
        if entity in policy.forbid_clear_in_finetune and target.operator(entity) == "keep":
            by_entry.setdefault(target.operator_source(entity), []).append(entity)
    for entry, entities in by_entry.items():
        via = "" if entry != "default" else " (through 'default: keep')"
        yield Issue(
            (*base, "operators", entry),
            f"finetune target '{name}' keeps {', '.join(entities)} in clear{via}, which "
            "forbid_clear_in_finetune forbids: what enters model weights cannot be erased",
            f"use surrogate, pseudonym, redact or mask for {', '.join(entities)}",
        )


def check_forbid_list(policy: Policy) -> Iterator[Issue]:
    allowed = known_entities(policy.detection.custom_entities())
    for i, entity in enumerate(policy.forbid_clear_in_finetune):
        issue = entity_issue(("forbid_clear_in_finetune", i), entity, allowed, "")
        if issue:
            yield issue


def check_key(policy: Policy) -> Iterator[Issue]:
    """Every key reference must resolve: the pseudonymization key and any target's vault key.
    A Prefect Secret block can only be read inside Prefect, so it is not checked here."""
    yield from _key_issue(("pseudonymization", "key"), policy.pseudonymization.key)
    for name, target in policy.targets.items():
        ref = getattr(target, "vault", None)
        if isinstance(ref, KeyRef):
            yield from _key_issue(("targets", name, "vault"), ref)


def _key_issue(loc: Loc, ref: KeyRef) -> Iterator[Issue]:
    from governance.errors import ConfigError
    from governance.privacy.transform.keys import resolve_key

    if ref.prefect_secret:
        return
    try:
        resolve_key(ref, allow_demo=True)
    except ConfigError as exc:
        yield Issue((*loc, "env" if ref.env else "file"), exc.message, exc.hint)
