"""Shape transformed documents into corpus rows: RAG chunks and fine-tuning records.

Rows carry their governance labels and the ids that lineage uses. Every document that
yields no row for a target is reported as a ``Drop`` with its reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from governance.corpora.chunking import chunk_spans
from governance.policy.model import Labels, Source, Target
from governance.privacy.transform import Transformed
from governance.records import Document, Drop, stable_id

TITLE_MAX = 200


@dataclass(frozen=True, slots=True)
class Stamp:
    """What every output row of a run carries: labels, run id, policy hash, key id."""

    labels: Labels
    run_id: str
    policy_hash: str
    key_id: str
    run_date: date

    def columns(self, doc: Document) -> dict[str, Any]:
        return {
            "source": doc.source,
            "source_uri": doc.source_uri,
            "classification": self.labels.classification,
            "allowed_groups": list(self.labels.allowed_groups),
            "legal_basis": self.labels.legal_basis,
            "retention_until": self.run_date + timedelta(days=self.labels.retention_days),
            "policy_hash": self.policy_hash,
            "run_id": self.run_id,
            "key_id": self.key_id,
        }


def title_of(doc: Document, out: Transformed) -> str | None:
    subject = next((s for s in doc.sections if s.name in ("subject", "col:subject")), None)
    if subject is not None:
        return out.text[out.to_output(subject.start) : out.to_output(subject.end)][:TITLE_MAX]
    if doc.format in ("csv", "tsv", "jsonl"):
        return None
    first = next((line for line in out.text.splitlines() if line.strip()), "")
    return re.sub(r"^#+\s*", "", first).strip()[:TITLE_MAX] or None


def rag_rows(doc: Document, out: Transformed, target: Target, stamp: Stamp) -> list[dict[str, Any]]:
    spans = chunk_spans(out.text, target.chunking.max_tokens, target.chunking.overlap_tokens)
    title = title_of(doc, out)
    rows = []
    for span in spans:
        src_start, src_end = out.to_source(span.start), out.to_source(span.end)
        text = out.text[span.start : span.end]
        if len(text) < target.min_chars:
            continue
        rows.append({
            "chunk_id": stable_id(doc.id, str(src_start), str(src_end)),
            "doc_id": doc.id,
            "text": text,
            "title": title,
            "language": doc.language,
            "source_start": src_start,
            "source_end": src_end,
            "pii_replaced": sum(1 for e in out.edits if span.start <= e[2] < span.end),
            **stamp.columns(doc),
        })  # fmt: skip
    return rows


def finetune_rows(
    doc: Document, out: Transformed, target: Target, source: Source, stamp: Stamp
) -> list[dict[str, Any]]:
    messages = _chat(doc, out, source)
    base = {
        "doc_id": doc.id,
        "language": doc.language,
        "pii_replaced": out.replaced,
        **stamp.columns(doc),
    }
    if messages:
        return [{"record_id": stable_id(doc.id, "chat"), "kind": "chat", "text": None,
                 "messages": messages, **base}]  # fmt: skip
    if len(out.text.strip()) < target.min_chars:
        return []
    return [{"record_id": stable_id(doc.id, "text"), "kind": "text", "text": out.text,
             "messages": None, **base}]  # fmt: skip


def _field(doc: Document, out: Transformed, name: str) -> str:
    section = next((s for s in doc.sections if s.name in (name, f"col:{name}")), None)
    if section is None:
        return ""
    return out.text[out.to_output(section.start) : out.to_output(section.end)].strip()


def _chat(doc: Document, out: Transformed, source: Source) -> list[dict[str, str]] | None:
    if source.chat is None:
        return None
    user = "\n\n".join(t for t in (_field(doc, out, f) for f in source.chat.user) if t)
    assistant = _field(doc, out, source.chat.assistant)
    if not user or not assistant:
        return None
    messages = [{"role": "user", "content": user}, {"role": "assistant", "content": assistant}]
    if source.chat.system:
        messages.insert(0, {"role": "system", "content": source.chat.system})
    return messages


def drop_reason(doc: Document, out: Transformed, corpus: str, produced: int) -> Drop | None:
    if out.dropped_by:
        return Drop(doc.id, corpus, f"drop operator: contains {out.dropped_by}")
    if produced == 0:
        return Drop(doc.id, corpus, "too short after transformation")
    return None
