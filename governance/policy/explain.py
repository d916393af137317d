"""What a policy will do, in a reviewer's terms: per source and target, the effective
treatment of every entity type, without reading code."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from governance.policy.identity import treatment_hash
from governance.policy.load import policy_hash
from governance.policy.model import ColumnRole, Policy, Source, Target
from governance.policy.registry import detectable_entities, effective_entities, implied_by
from governance.privacy.detect.entity_types import SURROGATE_TYPES

OPERATOR_MEANING = {
    "pseudonym": "keyed token, same value -> same token (linkable within the domain)",
    "surrogate": "realistic fake value, consistent per value",
    "redact": "replaced by [ENTITY]",
    "mask": "characters replaced by * (last 4 digits kept for long numbers)",
    "generalize": "dates -> year, ages -> decade; anything else redacted",
    "keep": "LEFT IN CLEAR",
    "drop": "the whole document is left out of the corpus",
}
NER = frozenset({"PERSON", "LOCATION", "ORGANIZATION", "NRP"})


@dataclass(frozen=True, slots=True)
class Treatment:
    source: str
    target: str
    entity: str
    operator: str
    decided_by: str  # the entity's own entry, or 'default'
    found_by: str
    threshold: float | None


def treatments(policy: Policy) -> list[Treatment]:
    out = []
    for src in policy.sources:
        for entity in effective_entities(policy, src):
            found, threshold = _found_by(policy, src, entity)
            for name, target in policy.targets.items():
                out.append(Treatment(src.name, name, entity, operator_label(target, entity),
                                     target.operator_source(entity), found, threshold))  # fmt: skip
    return out


def operator_label(target: Target, entity: str) -> str:
    """``generalize`` or, with parameters, ``generalize(age_band=5, age_top=90)``."""
    params = target.operator_params(entity)
    given = ", ".join(f"{k}={v}" for k, v in params.items())
    return f"{target.operator(entity)}({given})" if given else target.operator(entity)


def _found_by(policy: Policy, src: Source, entity: str) -> tuple[str, float | None]:
    det = policy.detection
    ways = []
    columns = [c for c, spec in src.columns.items() if spec.entity == entity]
    if columns:
        ways.append(f"column {', '.join(columns)}")
    if entity in det.entities:
        if entity in NER:
            ways.append("spaCy NER")
        if entity == "PERSON":
            ways.append("name gazetteer")
        if entity in detectable_entities() - NER:
            ways.append("built-in recognizer")
        ways += [f"recognizer '{r.name}'" for r in det.recognizers if r.supported_entity == entity]
        if entity in det.deny:
            ways.append(f"deny list ({len(det.deny[entity])} values)")
    elif entity in implied_by():
        ways.append(f"built-in recognizer, with {implied_by()[entity]}")
    threshold = None if columns and entity not in det.entities else det.threshold(entity)
    return " + ".join(ways), threshold


def explain_data(policy: Policy) -> dict[str, Any]:
    return {
        "policy": policy.name,
        "policy_hash": policy_hash(policy),
        "treatments": [asdict(t) for t in treatments(policy)],
        "sources": {s.name: _source_facts(policy, s) for s in policy.sources},
    }


def _source_facts(policy: Policy, src: Source) -> dict[str, Any]:
    return {
        "treatment_hash_without_key": treatment_hash(policy, src.name, ""),
        "language": src.language,
        "columns": {c: str(spec.role) for c, spec in src.columns.items()},
    }


def explain_text(policy: Policy) -> str:
    lines = _header(policy)
    rows = treatments(policy)
    for src in policy.sources:
        lines += ["", *_source_lines(policy, src)]
        lines += _table(policy, [r for r in rows if r.source == src.name])
    lines += ["", "operators:"]
    used = sorted({r.operator for r in rows})
    lines += [f"  {op:<10} {OPERATOR_MEANING.get(op, '')}" for op in used]
    return "\n".join(lines)


def _header(policy: Policy) -> list[str]:
    det, lab, ps = policy.detection, policy.labels, policy.pseudonymization
    langs = ", ".join(f"{code} ({spec.model})" for code, spec in policy.languages.items())
    gate = {"block": "a failing suite blocks publication (exit 1)",
            "warn": "a failing suite is reported; the corpus is still published"}  # fmt: skip
    lines = [
        f"policy {policy.name} (hash {policy_hash(policy)})",
        f"languages: {langs}; default {policy.default_language}",
        f"pseudonymization: domain '{ps.domain}', key in {ps.key.describe()}",
        f"labels on every row: {lab.classification}; groups {', '.join(lab.allowed_groups)}; "
        f"legal basis {lab.legal_basis}; retention {lab.retention_days} days",
        f"quality: {gate[policy.quality.on_failure]}",
        f"never in clear for finetune: {', '.join(policy.forbid_clear_in_finetune) or 'none'}",
    ]
    if det.allow or det.allow_patterns:
        lines.append(f"never PII (allow): {', '.join([*det.allow, *det.allow_patterns])}")
    for name, target in policy.targets.items():
        extra = (
            f"chunks of {target.chunking.max_tokens} tokens"
            if target.kind == "rag"
            else ("text or chat records")
        )
        lines.append(f"target {name}: {target.kind}, {extra}, suite {target.suite or 'none'}")
    return lines


def _source_lines(policy: Policy, src: Source) -> list[str]:
    language = src.language if src.language != "auto" else f"auto ({'|'.join(policy.languages)})"
    lines = [f"source {src.name}: {src.root}/{{{','.join(src.include)}}}, format {src.format}, "
             f"language {language}"]  # fmt: skip
    roles = {
        ColumnRole.DIRECT_IDENTIFIER: "replaced whole",
        ColumnRole.QUASI_IDENTIFIER: "scanned like text",
        ColumnRole.FREE_TEXT: "scanned like text",
        ColumnRole.DROP: "never read",
    }
    for column, spec in src.columns.items():
        what = f" as {spec.entity}" if spec.entity else ""
        lines.append(f"  column {column}: {spec.role}{what}, {roles[spec.role]}")
    if src.chat:
        lines.append(f"  chat: user <- {', '.join(src.chat.user)}; assistant <- "
                     f"{src.chat.assistant}")  # fmt: skip
    return lines


def _shown(row: Treatment) -> str:
    """The operator as the table shows it: ``surrogate (token)`` where no fake exists."""
    token = row.operator == "surrogate" and row.entity not in SURROGATE_TYPES
    return row.operator + (" (token)" if token else "") + (
        " (default)" if row.decided_by == "default" else "")  # fmt: skip


def _table(policy: Policy, rows: list[Treatment]) -> list[str]:
    targets = list(policy.targets)
    entities = list(dict.fromkeys(r.entity for r in rows))
    by = {(r.entity, r.target): r for r in rows}
    header = ["entity", "threshold", *targets, "found by"]
    cells = []
    for e in entities:
        first = by[(e, targets[0])]
        ops = [_shown(by[(e, t)]) for t in targets]
        threshold = "-" if first.threshold is None else f"{first.threshold:.2f}"
        cells.append([e, threshold, *ops, first.found_by])
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(header)]
    fmt = "  " + "  ".join(f"{{:<{w}}}" for w in widths)
    return [fmt.format(*header).rstrip(), *(fmt.format(*c).rstrip() for c in cells)]
