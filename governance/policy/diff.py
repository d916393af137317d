"""What changed between two versions of a policy, in treatment terms first.

Three parts: how the treatment of entity types changed per source and target, every
other field that changed (dotted paths, old -> new), and which sources the next run
processes again (their treatment hash changed; a key rotation changes them all).
"""

from __future__ import annotations

from typing import Any

from governance.policy.explain import Treatment, treatments
from governance.policy.identity import treatment_hash
from governance.policy.load import policy_hash
from governance.policy.model import Policy

Key = tuple[str, str, str]
MISSING = object()


def treatment_changes(old: Policy, new: Policy) -> list[str]:
    before = {(t.source, t.target, t.entity): t for t in treatments(old)}
    after = {(t.source, t.target, t.entity): t for t in treatments(new)}
    out = []
    for key in sorted(before.keys() | after.keys()):
        a, b = before.get(key), after.get(key)
        if a and b and a.operator == b.operator and a.found_by == b.found_by:
            continue
        out.append(_change_line(key, a, b))
    return out


def _change_line(key: Key, a: Treatment | None, b: Treatment | None) -> str:
    where = f"source {key[0]}, target {key[1]}: {key[2]}"
    if a is None and b is not None:
        return f"+ {where} now {b.operator} (found by {b.found_by})"
    if b is None and a is not None:
        return f"- {where} no longer treated (was {a.operator})"
    assert a is not None and b is not None
    parts = []
    if a.operator != b.operator:
        warn = "  <-- now in clear" if b.operator == "keep" else ""
        parts.append(f"{a.operator} -> {b.operator}{warn}")
    if a.found_by != b.found_by:
        parts.append(f"found by {a.found_by or 'nothing'} -> {b.found_by or 'nothing'}")
    return f"~ {where}: {'; '.join(parts)}"


def field_changes(old: Policy, new: Policy) -> list[str]:
    a, b = _flatten(old.model_dump(mode="json")), _flatten(new.model_dump(mode="json"))
    out = []
    for path in sorted(a.keys() | b.keys()):
        x, y = a.get(path, MISSING), b.get(path, MISSING)
        if x == y:
            continue
        if x is MISSING:
            out.append(f"+ {path}: {_show(y)}")
        elif y is MISSING:
            out.append(f"- {path}: {_show(x)}")
        else:
            out.append(f"~ {path}: {_show(x)} -> {_show(y)}")
    return out


def _flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(data, dict) and data:
        out: dict[str, Any] = {}
        for k, v in data.items():
            out.update(_flatten(v, f"{prefix}.{k}" if prefix else str(k)))
        return out
    if isinstance(data, list) and data and all(isinstance(x, dict) and "name" in x for x in data):
        out = {}
        for item in data:
            out.update(_flatten(item, f"{prefix}[{item['name']}]"))
        return out
    return {prefix: data}


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return repr(value) if isinstance(value, str) else str(value)


def reprocessed(old: Policy, new: Policy) -> tuple[list[str], list[str]]:
    """(sources the next run processes again, sources left as they are), same key."""
    old_names = {s.name for s in old.sources}
    again: list[str] = []
    same: list[str] = []
    for src in new.sources:
        changed = src.name not in old_names or treatment_hash(old, src.name, "") != treatment_hash(
            new, src.name, ""
        )
        (again if changed else same).append(src.name)
    return again, same


def diff_text(old: Policy, new: Policy, old_name: str, new_name: str) -> str:
    lines = [f"policy {old_name} ({policy_hash(old)}) -> {new_name} ({policy_hash(new)})"]
    if policy_hash(old) == policy_hash(new):
        return "\n".join([*lines, "no change: the effective policies are identical"])
    lines += ["", "treatment:"]
    lines += [f"  {line}" for line in treatment_changes(old, new)] or ["  (no change)"]
    lines += ["", "fields:"]
    lines += [f"  {line}" for line in field_changes(old, new)]
    again, same = reprocessed(old, new)
    lines += ["", f"next run re-processes: {', '.join(again) or 'nothing'}"]
    if same:
        lines.append(f"left as they are: {', '.join(same)}")
    lines.append("(a different key re-processes every source)")
    return "\n".join(lines)
