"""From a field path to ``file:line:column``: the YAML node tree of a policy file.

Also the YAML-level checks that come before the schema: syntax, a mapping at the top,
and duplicate keys (YAML parsers silently keep the last one; a reviewer reads the first).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from governance.errors import PolicyError

Loc = tuple[str | int, ...]
RECOGNIZERS: Loc = ("detection", "recognizers")


@dataclass(slots=True)
class Locator:
    file: Path
    root: yaml.Node
    model: Any
    # detection.recognizers[i] that came from a recognizer file: (its locator, index there)
    adopted: dict[int, tuple[Locator, int]] = field(default_factory=dict)

    def adopt(self, index: int, other: Locator, index_there: int) -> None:
        self.adopted[index] = (other, index_there)

    def _redirect(self, loc: Loc) -> tuple[Locator, Loc]:
        if loc[:2] == RECOGNIZERS and len(loc) > 2 and loc[2] in self.adopted:
            other, j = self.adopted[loc[2]]  # type: ignore[index]
            return other, ("recognizers", j, *loc[3:])
        return self, loc

    def node(self, loc: Loc, *, at_key: bool = False) -> yaml.Node:
        owner, loc = self._redirect(loc)
        return find(owner.root, loc, at_key=at_key)

    def error(
        self, loc: Loc, message: str, hint: str | None = None, *, at_key: bool = False
    ) -> PolicyError:
        owner, local = self._redirect(loc)
        mark = find(owner.root, local, at_key=at_key).start_mark
        where = f"{owner.file}:{mark.line + 1}:{mark.column + 1}"
        path = ".".join(str(p) for p in local) or "(top level)"
        return PolicyError(message, location=where, field=path, hint=hint)

    def allowed_keys(self, loc: Loc) -> list[str]:
        owner, local = self._redirect(loc)
        model: Any = owner.model
        for part in local:
            if isinstance(part, int):
                continue
            fields = getattr(model, "model_fields", None)
            if fields is None or str(part) not in fields:
                return []
            model = _inner_model(fields[str(part)].annotation)
        return list(model.model_fields) if hasattr(model, "model_fields") else []


def _inner_model(annotation: Any) -> Any:
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if hasattr(found, "model_fields"):
            return found
    return annotation


def find(node: yaml.Node, loc: Loc, *, at_key: bool = False) -> yaml.Node:
    """The YAML node at a field path (the nearest existing ancestor)."""
    for i, part in enumerate(loc):
        pair = _child(node, part)
        if pair is None:
            return node
        key, value = pair
        node = key if at_key and i == len(loc) - 1 else value
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


def yaml_problems(
    file: Path, model: Any = None
) -> tuple[Locator | None, dict[str, Any], list[PolicyError]]:
    """Parse one YAML file: its locator and data, or the problems that stop the schema pass."""
    from governance.policy.model import Policy

    text = file.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark, ctx = exc.problem_mark, exc.context_mark
        where = f"{file}:{mark.line + 1}:{mark.column + 1}" if mark else str(file)
        hint = f"{exc.context} at line {ctx.line + 1}, column {ctx.column + 1}" if ctx else None
        return None, {}, [PolicyError(f"not valid YAML: {exc.problem}", location=where,
                                      hint=hint)]  # fmt: skip
    if not isinstance(data, dict) or node is None:
        found = "an empty file" if data is None else f"a {type(data).__name__}"
        return None, {}, [PolicyError(f"the file must be a YAML mapping, found {found}",
                                      location=f"{file}:1:1")]  # fmt: skip
    problems = [
        PolicyError(msg, location=f"{file}:{mark.line + 1}:{mark.column + 1}",
                    field=".".join(str(p) for p in loc), hint="keep one of them")
        for loc, msg, mark in _duplicates(node, ())
    ]  # fmt: skip
    return Locator(file, node, model or Policy), data, problems


def _duplicates(node: yaml.Node, loc: Loc) -> list[tuple[Loc, str, yaml.Mark]]:
    out: list[tuple[Loc, str, yaml.Mark]] = []
    if isinstance(node, yaml.MappingNode):
        first: dict[str, int] = {}
        for key, value in node.value:
            name = str(key.value)
            if name in first:
                message = f"duplicate key '{name}' (first at line {first[name]})"
                out.append(((*loc, name), message, key.start_mark))
            else:
                first[name] = key.start_mark.line + 1
            out += _duplicates(value, (*loc, name))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            out += _duplicates(item, (*loc, i))
    return out
