"""Erased documents and subjects stay out of files that are read again (in the workers).

The plan writes ``HELD_FILE`` to the run's staging folder (``governance/erasure/plan.py``):
the document ids erased with ``govern erase --doc`` and the keyed tokens of subjects
erased with ``--subject`` under the run's key, each with its erasure id. A worker then
drops, with the erasure named in the reason:

- every row of an erased document (``erased document: <erasure id>``);
- for a document where a detected value has an erased subject's token (the same token
  ``govern erase`` searched for, so the same normalization): the RAG chunks whose
  source span overlaps such a value or whose text or title shows what the target wrote
  for it (a token, a surrogate, the kept value), and every fine-tuning record of the
  document, as ``govern erase`` does (``erased subject: <erasure id>``);
- every row of a document where a subject erased under another key was found (its
  tokens cannot match under this key, so the document is held whole).

Only detected values are recognized: a value is never kept, so a value the detector
missed (which ``govern erase`` also finds in clear) cannot be found in later runs, and
after a key rotation only the documents an erasure found are held.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from governance.privacy.transform.spans import resolve
from governance.records import Chunk, Document, Drop, Row

if TYPE_CHECKING:  # the flow's process reads HELD_FILE's name without loading Faker
    from governance.policy.model import Target
    from governance.privacy.transform.operators import Pseudonymizer

HELD_FILE = "erased-held.json"
VALUE_OPERATORS = ("pseudonym", "surrogate", "keep")  # what they write depends on the value


@dataclass(frozen=True, slots=True)
class Hit:
    """A detected value of an erased subject: its span in the source text."""

    start: int
    end: int
    entity: str
    erasure_id: str


@dataclass(frozen=True, slots=True)
class Held:
    """Erased document ids and subject tokens, each mapped to its erasure id."""

    documents: Mapping[str, str] = field(default_factory=dict)
    tokens: Mapping[str, str] = field(default_factory=dict)
    # documents where a subject erased under another key was found: held whole
    subject_documents: Mapping[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.documents or self.tokens or self.subject_documents)

    def hits(self, doc: Document, ps: Pseudonymizer) -> list[Hit]:
        """The document's detected values that are an erased subject's."""
        if not self.tokens:
            return []
        found = []
        for f in resolve(doc.findings):
            erasure = self.tokens.get(ps.token(doc.text[f.start : f.end], f.entity_type))
            if erasure is not None:
                found.append(Hit(f.start, f.end, f.entity_type, erasure))
        return found

    def hold(
        self,
        doc: Document,
        rows: list[Row],
        target: Target,
        hits: Sequence[Hit],
        ps: Pseudonymizer,
        *,
        corpus: str,
    ) -> tuple[list[Row], list[Drop]]:
        """``rows`` of ``doc`` for one target without what an erasure removed, and a
        ``Drop`` for each row removed."""
        erasure = self.documents.get(doc.id)
        if erasure is not None:
            return [], [Drop(doc.id, corpus, f"erased document: {erasure}") for _ in rows]
        erasure = self.subject_documents.get(doc.id)
        if erasure is not None:
            return [], [Drop(doc.id, corpus, f"erased subject: {erasure}") for _ in rows]
        if not hits:
            return rows, []
        needles = _needles(doc, target, hits, ps)
        kept: list[Row] = []
        drops: list[Drop] = []
        for row in rows:
            hit = target.kind == "finetune" or _shows(row, hits, needles)
            if hit:
                drops.append(Drop(doc.id, corpus, f"erased subject: {hits[0].erasure_id}"))
            else:
                kept.append(row)
        return kept, drops


def _needles(doc: Document, target: Target, hits: Sequence[Hit], ps: Pseudonymizer) -> set[str]:
    """What the target wrote for the subject's values, where that depends on the value."""
    from governance.privacy.transform.operators import OPERATORS

    out = set()
    for h in hits:
        operator = target.operator(h.entity)
        if operator in VALUE_OPERATORS:
            value = doc.text[h.start : h.end]
            out.add(OPERATORS[operator](value, h.entity, doc.language or "en", ps))
    return {n for n in out if n}


def _shows(row: Row, hits: Sequence[Hit], needles: set[str]) -> bool:
    if isinstance(row, Chunk):
        start, end = row.source_start, row.source_end
        if any(h.start < end and h.end > start for h in hits):
            return True
    return any(n in s for s in row.shown() for n in needles)


def held_for(staging: Path) -> Held:
    """What the plan wrote for this run (nothing to hold when it wrote no file)."""
    path = staging / HELD_FILE
    return _read(str(path), path.stat().st_mtime_ns) if path.is_file() else Held()


@lru_cache(maxsize=2)
def _read(path: str, mtime_ns: int) -> Held:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return Held(
        data.get("documents", {}), data.get("tokens", {}), data.get("subject_documents", {})
    )
