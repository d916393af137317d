"""Load a policy file and validate it before any data is read.

Errors point at ``file:line:column`` and the field path, say what was found versus
what is allowed, and suggest the nearest valid name where one exists.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from governance.errors import PolicyError
from governance.policy.model import Policy

Loc = tuple[str | int, ...]


def load_policy(path: str | Path) -> Policy:
    """Read, parse and validate a policy file; raise ``PolicyError`` on the first problem."""
    problems = validate_policy_file(path)
    if problems:
        raise problems[0]
    return _parse(Path(path))[0]


def validate_policy_file(path: str | Path) -> list[PolicyError]:
    """Every problem of one policy file, each located at file:line:column."""
    file = Path(path)
    if not file.is_file():
        return [PolicyError(f"policy file not found: {file}", hint="pass --policy FILE")]
    try:
        _parse(file)
    except _Invalid as invalid:
        return invalid.problems
    return []


def policy_hash(policy: Policy) -> str:
    """Canonical hash of the effective policy (defaults filled in, keys sorted)."""
    canonical = json.dumps(policy.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


class _Invalid(Exception):
    def __init__(self, problems: list[PolicyError]) -> None:
        self.problems = problems


def _parse(file: Path) -> tuple[Policy, yaml.Node]:
    text = file.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{file}:{mark.line + 1}:{mark.column + 1}" if mark else str(file)
        raise _Invalid([PolicyError(f"not valid YAML: {exc.problem}", location=where)]) from exc
    if not isinstance(data, dict) or node is None:
        raise _Invalid([PolicyError("a policy is a YAML mapping", location=f"{file}:1:1")])
    try:
        return Policy.model_validate(data), node
    except ValidationError as exc:
        raise _Invalid([_to_policy_error(file, node, err) for err in exc.errors()]) from exc


def _to_policy_error(file: Path, root: yaml.Node, err: Any) -> PolicyError:
    loc: Loc = tuple(p for p in err["loc"] if not str(p).startswith("function-"))
    node = _find(root, loc, want_key=err["type"] == "extra_forbidden")
    mark = node.start_mark
    where = f"{file}:{mark.line + 1}:{mark.column + 1}"
    field = ".".join(str(p) for p in loc) or "(top level)"
    message, hint = _describe(err, node, loc)
    return PolicyError(message, location=where, field=field, hint=hint)


def _describe(err: Any, node: yaml.Node, loc: Loc) -> tuple[str, str | None]:
    kind = err["type"]
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"allowed: {', '.join(allowed)}"
        return f"unknown key '{loc[-1]}'", hint
    if kind == "missing":
        return "required field is missing", None
    found = node.value if isinstance(node, yaml.ScalarNode) else node.tag.rsplit(":", 1)[-1]
    msg = str(err["msg"]).removeprefix("Value error, ")
    return f"{msg} (found {found!r})", None


def _allowed_keys(loc: Loc) -> list[str]:
    model: Any = Policy
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part)) if hasattr(model, "model_fields") else None
        if field is None:
            return []
        model = _inner_model(field.annotation)
    return list(model.model_fields) if hasattr(model, "model_fields") else []


def _inner_model(annotation: Any) -> Any:
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if hasattr(found, "model_fields"):
            return found
    return annotation


def _find(node: yaml.Node, loc: Loc, *, want_key: bool = False) -> yaml.Node:
    """The YAML node at a pydantic error location (the nearest existing ancestor)."""
    for i, part in enumerate(loc):
        pair = _child(node, part)
        if pair is None:
            return node
        key, value = pair
        node = key if want_key and i == len(loc) - 1 else value
    return node


def _child(node: yaml.Node, part: str | int) -> tuple[yaml.Node, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == str(part):
                return key, value
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        child: yaml.Node = node.value[part]
        return child, child
    return None
