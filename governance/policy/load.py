"""Load a policy file and validate it before any data is read.

Three passes, each reporting every problem it finds: the YAML itself (syntax, duplicate
keys), the schema (pydantic, unknown keys are errors), then the checks that need the
live registries or several fields (``checks.py``). Errors point at ``file:line:column``
and the field path, say what was found versus what is allowed, and suggest the nearest
valid name where one exists.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from governance.errors import PolicyError
from governance.policy.checks import check_key, run_checks
from governance.policy.locate import Locator, yaml_problems
from governance.policy.model import Policy
from governance.policy.recognizers import RecognizerFile
from governance.policy.registry import did_you_mean


def load_policy(path: str | Path, *, resolve_keys: bool = False) -> Policy:
    """Read, parse and validate a policy file; raise ``PolicyError``: the first problem,
    with every other one found in the same pass in its ``more``.

    Keys are resolved where they are used (``privacy.keys``), so by default loading does
    not read them; ``govern policy validate`` does (``resolve_keys=True``).
    """
    policy, problems = _load(Path(path), resolve_keys)
    if problems or policy is None:
        first = problems[0]
        first.more = problems[1:]
        raise first
    return policy


def validate_policy_file(path: str | Path, *, resolve_keys: bool = True) -> list[PolicyError]:
    """Every problem of one policy file, each located at file:line:column."""
    return _load(Path(path), resolve_keys)[1]


def policy_hash(policy: Policy) -> str:
    """Canonical hash of the effective policy (defaults filled in, keys sorted)."""
    return canonical_hash(policy.model_dump(mode="json"))


def canonical_hash(data: Any) -> str:
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def _load(file: Path, resolve_keys: bool) -> tuple[Policy | None, list[PolicyError]]:
    if not file.is_file():
        return None, [PolicyError(f"policy file not found: {file}", hint="pass --policy FILE")]
    locator, data, problems = yaml_problems(file)
    if problems or locator is None:
        return None, problems
    problems = _merge_recognizer_files(locator, data)
    if problems:
        return None, problems
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        return None, [_schema_error(locator, err) for err in _relevant(exc.errors())]
    issues = run_checks(policy) + (list(check_key(policy)) if resolve_keys else [])
    problems = [locator.error(i.loc, i.message, i.hint, at_key=i.at_key) for i in issues]
    return (None if problems else policy), problems


def _merge_recognizer_files(locator: Locator, data: dict[str, Any]) -> list[PolicyError]:
    """Append the recognizers of each named Presidio YAML file to detection.recognizers."""
    detection = data.get("detection")
    files = detection.get("recognizer_files") if isinstance(detection, dict) else None
    if not isinstance(files, list) or not isinstance(detection, dict):
        return []
    inline = detection.get("recognizers") or []
    if not isinstance(inline, list):
        return []
    merged, problems = list(inline), []
    for i, name in enumerate(files):
        loc = ("detection", "recognizer_files", i)
        path = locator.file.parent / str(name)
        if not path.is_file():
            message = f"recognizer file '{name}' does not exist (looked for {path})"
            problems.append(locator.error(loc, message, "paths are relative to the policy file"))
            continue
        sub, raw, errors = yaml_problems(path, RecognizerFile)
        if errors or sub is None:
            problems += errors
            continue
        try:
            spec = RecognizerFile.model_validate(raw)
        except ValidationError as exc:
            problems += [_schema_error(sub, err) for err in _relevant(exc.errors())]
            continue
        for j, rec in enumerate(raw["recognizers"]):
            locator.adopt(len(merged), sub, j)
            merged.append(_with_file_languages(rec, spec))
    detection["recognizers"] = merged
    return problems


def _with_file_languages(rec: dict[str, Any], spec: RecognizerFile) -> dict[str, Any]:
    if spec.supported_languages and not (
        rec.get("supported_language") or rec.get("supported_languages")
    ):
        return {**rec, "supported_languages": list(spec.supported_languages)}
    return rec


def _relevant(errors: list[Any]) -> list[Any]:
    """Drop echoes: a too-short list whose items failed, a required field that an unknown
    key nearby misspells; unknown keys first (their hint is the most useful)."""
    extra = [e for e in errors if e["type"] == "extra_forbidden"]
    misspelt = {(tuple(e["loc"][:-1]), str(e["loc"][-1])) for e in extra}
    out = []
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] == "too_short" and any(
            tuple(o["loc"])[: len(loc)] == loc and o is not err for o in errors
        ):
            continue
        if err["type"] == "missing" and any(
            parent == loc[:-1] and did_you_mean(key, [str(loc[-1])]) for parent, key in misspelt
        ):
            continue
        out.append(err)
    return sorted(out, key=lambda e: e["type"] != "extra_forbidden")


def _schema_error(locator: Locator, err: Any) -> PolicyError:
    loc = tuple(p for p in err["loc"] if not str(p).startswith("function-"))
    kind = err["type"]
    node = locator.node(loc, at_key=kind == "extra_forbidden")
    return locator.error(loc, *_describe(err, node, loc, locator), at_key=kind == "extra_forbidden")


def _at_key_reference(loc: tuple[str | int, ...]) -> bool:
    """Whether ``loc`` is a key reference or inside one (``pseudonymization.key.env``,
    ``targets.rag.vault``)."""
    return any(
        p in ("key", "vault") and i > 0 and loc[i - 1] != "operators" for i, p in enumerate(loc)
    )


def _describe(
    err: Any, node: yaml.Node, loc: tuple[str | int, ...], locator: Locator
) -> tuple[str, str | None]:
    kind = err["type"]
    if kind == "extra_forbidden":
        allowed = locator.allowed_keys(tuple(loc[:-1]))
        hint: str | None = did_you_mean(str(loc[-1]), allowed) or f"allowed: {', '.join(allowed)}"
        if str(loc[-1]) in ("value", "secret", "key", "material") and "env" in allowed:
            hint = "a policy never holds key material; name where it lives: env, file or " \
                   "prefect_secret"  # fmt: skip
        return f"unknown key '{loc[-1]}'", hint
    if kind == "missing":
        return f"required field '{loc[-1]}' is missing", None
    msg = str(err["msg"]).removeprefix("Value error, ")
    found = node.value if isinstance(node, yaml.ScalarNode) else None
    if _at_key_reference(loc):
        found = None  # a value under a key reference may be the key itself: never echoed
    if found is None:
        return msg, None
    hint = None
    if kind in ("literal_error", "enum"):
        hint = did_you_mean(str(found), re.findall(r"'([^']*)'", str(err["ctx"]["expected"])))
    return f"found {found!r}: {msg}", hint
