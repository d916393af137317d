"""Rewrite a document's text for one target: each resolved finding through its operator.

The result keeps an edit list so any span of the output maps back to the span of the
source it came from (lineage records source spans, never source text).
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field

from governance.policy.model import Target
from governance.privacy.transform.operators import OPERATORS, Params, Pseudonymizer, avoiding
from governance.privacy.transform.spans import resolve
from governance.records import Finding


@dataclass(slots=True)
class Transformed:
    text: str
    edits: list[tuple[int, int, int, int]] = field(default_factory=list)
    counts: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    dropped_by: str | None = None

    @property
    def replaced(self) -> int:
        return len(self.edits)

    def to_source(self, pos: int) -> int:
        """The source offset of an output offset (inside a replacement: its start)."""
        i = bisect.bisect_right([e[2] for e in self.edits], pos) - 1
        if i < 0:
            return pos
        src_start, src_end, _, out_end = self.edits[i]
        if pos < out_end:
            return src_start
        return src_end + (pos - out_end)

    def to_output(self, pos: int) -> int:
        """The output offset of a source offset (inside a replaced value: its start)."""
        i = bisect.bisect_right([e[0] for e in self.edits], pos) - 1
        if i < 0:
            return pos
        _, src_end, out_start, out_end = self.edits[i]
        if pos < src_end:
            return out_start
        return out_end + (pos - src_end)


def transform(
    text: str, findings: list[Finding], target: Target, language: str, ps: Pseudonymizer
) -> Transformed:
    """Apply the target's operator to every finding; ``drop`` marks the whole document."""
    spans = resolve(findings)
    result = Transformed(text="")
    parts: list[str] = []
    cursor = out = 0
    bound: dict[str, tuple[str, Params]] = {}
    with avoiding([text[f.start : f.end] for f in spans]):
        for f in spans:
            if f.entity_type not in bound:
                bound[f.entity_type] = _bind(target, f.entity_type)
            operator, params = bound[f.entity_type]
            result.counts[(f.entity_type, operator, f.recognizer)] += 1
            if operator == "drop":
                result.dropped_by = result.dropped_by or f.entity_type
                operator, params = "redact", OPERATORS["redact"].bind()
            value = text[f.start : f.end]
            replacement = OPERATORS[operator](value, f.entity_type, language, ps, params)
            parts.append(text[cursor : f.start])
            out += f.start - cursor
            parts.append(replacement)
            if replacement != value:
                result.edits.append((f.start, f.end, out, out + len(replacement)))
            out += len(replacement)
            cursor = f.end
    parts.append(text[cursor:])
    result.text = "".join(parts)
    return result


def _bind(target: Target, entity: str) -> tuple[str, Params]:
    """The operator of ``entity`` in ``target`` and its parameters (validated when the
    policy loaded; ``drop`` has none)."""
    name = target.operator(entity)
    if name not in OPERATORS:
        return name, Params()
    return name, OPERATORS[name].bind(target.operator_params(entity))
