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
from governance.corpora.filters import RowFilter
from governance.corpora.tokens import tokenizer_for
from governance.policy.model import Labels, Source, Target
from governance.privacy.transform.rewrite import Transformed
from governance.records import (
    Chunk,
    Document,
    Drop,
    FinetuneRecord,
    Row,
    RowLabels,
    body_text,
    file_id,
    stable_id,
)

TITLE_MAX = 200


@dataclass(frozen=True, slots=True)
class Stamp:
    """What every output row of a run carries: labels, run id, policy hash, key id."""

    labels: Labels
    run_id: str
    policy_hash: str
    key_id: str
    run_date: date

    def labels_for(self, doc: Document, uri: str | None = None) -> RowLabels:
        """``uri``: the path as the target publishes it (governance.privacy.paths)."""
        return RowLabels(
            source=doc.source,
            source_uri=doc.source_uri if uri is None else uri,
            file_id=file_id(doc.source, doc.source_uri),
            classification=self.labels.classification,
            allowed_groups=list(self.labels.allowed_groups),
            legal_basis=self.labels.legal_basis,
            retention_until=self.run_date + timedelta(days=self.labels.retention_days),
            policy_hash=self.policy_hash,
            run_id=self.run_id,
            key_id=self.key_id,
        )


def title_of(doc: Document, out: Transformed) -> str | None:
    subject = next((s for s in doc.sections if s.name in ("subject", "col:subject")), None)
    if subject is not None:
        return out.text[out.to_output(subject.start) : out.to_output(subject.end)][:TITLE_MAX]
    if doc.format in ("csv", "tsv", "jsonl"):
        return None
    first = next((line for line in out.text.splitlines() if line.strip()), "")
    return re.sub(r"^#+\s*", "", first).strip()[:TITLE_MAX] or None


def shape_rows(
    doc: Document, out: Transformed, target: Target, stamp: Stamp, *, corpus: str, source: Source,
    uri: str | None = None,
) -> tuple[list[Row], list[Drop]]:  # fmt: skip
    """A document's rows for one target, and a ``Drop`` with its reason for each row
    (or the whole document) that does not make it; ``uri`` is the source path as the
    target publishes it."""
    if out.dropped_by:
        return [], [Drop(doc.id, corpus, f"drop operator: contains {out.dropped_by}")]
    produced: list[Row] = [
        *(rag_rows(doc, out, target, stamp, uri) if target.kind == "rag"
          else finetune_rows(doc, out, target, source, stamp, uri=uri))
    ]  # fmt: skip
    if not produced:
        return [], [Drop(doc.id, corpus, "empty: no text after transformation")]
    check = RowFilter(target.min_chars, target.filters)
    kept: list[Row] = []
    drops: list[Drop] = []
    for row in produced:
        reason = check.reason(row.body())
        if reason:
            drops.append(Drop(doc.id, corpus, reason))
        else:
            kept.append(row)
    return kept, drops


def row_text(row: dict[str, Any]) -> str:
    """``Row.body()`` of a row read back from Arrow: its text, or a chat's turns."""
    return body_text(row.get("text"), row.get("messages"))


Heading = tuple[int, int, str]
"""A heading in the transformed text: (output offset, level, text)."""


def headings_of(doc: Document, out: Transformed) -> list[Heading]:
    """The document's headings (markdown ``h:N`` sections), pseudonymized, in order."""
    found: list[Heading] = []
    for section in doc.sections:
        if not section.name.startswith("h:") or section.name == "h:0":
            continue
        start = out.to_output(section.start)
        line = out.text[start : out.to_output(section.end)].split("\n", 1)[0].strip()
        marks = len(line) - len(line.lstrip("#"))
        if marks:
            found.append((start, marks, line[marks:].strip()[:TITLE_MAX]))
    return found


def heading_path(outline: list[Heading], offset: int) -> list[str] | None:
    """The headings in force at ``offset``: the last one of each level above it."""
    path: list[tuple[int, str]] = []
    for start, level, text in outline:
        if start > offset:
            break
        path = [(lv, t) for lv, t in path if lv < level] + [(level, text)]
    return [t for _, t in path if t] or None


def rag_rows(
    doc: Document, out: Transformed, target: Target, stamp: Stamp, uri: str | None = None
) -> list[Chunk]:
    chunking = target.chunking
    count = tokenizer_for(chunking.tokenizer)
    spans = chunk_spans(out.text, chunking.max_tokens, chunking.overlap_tokens, count)
    title = title_of(doc, out)
    outline = headings_of(doc, out)
    labels = stamp.labels_for(doc, uri)
    rows = []
    for span in spans:
        src_start, src_end = out.to_source(span.start), out.to_source(span.end)
        rows.append(Chunk(
            chunk_id=stable_id(doc.id, str(src_start), str(src_end)),
            doc_id=doc.id,
            text=out.text[span.start : span.end],
            title=title,
            headings=heading_path(outline, span.start),
            language=doc.language,
            source_start=src_start,
            source_end=src_end,
            pii_replaced=sum(1 for e in out.edits if span.start <= e[2] < span.end),
            labels=labels,
        ))  # fmt: skip
    return rows


def finetune_rows(
    doc: Document, out: Transformed, target: Target, source: Source, stamp: Stamp, *,
    uri: str | None = None,
) -> list[FinetuneRecord]:  # fmt: skip
    messages = _chat(doc, out, source)
    labels = stamp.labels_for(doc, uri)
    if messages:
        return [FinetuneRecord(stable_id(doc.id, "chat"), doc.id, "chat", None, messages,
                               doc.language, out.replaced, labels)]  # fmt: skip
    if not out.text.strip():
        return []
    return [FinetuneRecord(stable_id(doc.id, "text"), doc.id, "text", out.text, None,
                           doc.language, out.replaced, labels)]  # fmt: skip


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
