"""Erased documents and subjects held out of re-read files, in the worker (no run)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from governance.corpora.shape import Stamp, shape_rows
from governance.erasure.hold import Held
from governance.policy.model import Policy
from governance.privacy.transform.operators import Pseudonymizer
from governance.privacy.transform.rewrite import transform
from governance.records import Chunk, Document, Finding, Row

TEXT = "Notes.\n\nJane Cooper called about the invoice.\n\n" + "Filler sentence here. " * 200
NAME = (8, 19)  # "Jane Cooper" in TEXT


def _doc(doc_id: str = "d1") -> Document:
    finding = Finding("PERSON", *NAME, 0.9, "spacy")
    return Document(doc_id, TEXT, "docs", "a.md", "md", "h", "en", findings=[finding])


def _rows(policy: Policy, ps: Pseudonymizer, corpus: str, doc: Document) -> list[Row]:
    target = policy.targets[corpus]
    out = transform(doc.text, doc.findings, target, "en", ps)
    stamp = Stamp(policy.labels, "r2", "p", ps.key.key_id, date(2026, 1, 1))
    rows, _ = shape_rows(
        doc,
        out,
        target,
        stamp,
        corpus=corpus,
        source=next(s for s in policy.sources if s.name == "docs"),
    )
    return rows


def test_a_subject_s_chunks_and_every_fine_tuning_record_of_the_document_go(
    default_policy: Policy, pseudonymizer: Pseudonymizer
) -> None:
    doc = _doc()
    held = Held(tokens={pseudonymizer.token("jane  cooper", "PERSON"): "e-1"})  # normalized
    hits = held.hits(doc, pseudonymizer)
    assert [(h.start, h.end, h.erasure_id) for h in hits] == [(*NAME, "e-1")]
    chunks = _rows(default_policy, pseudonymizer, "rag", doc)
    assert len(chunks) > 1  # one chunk names her, the later ones do not
    kept, drops = held.hold(doc, chunks, default_policy.targets["rag"], hits, pseudonymizer,
                            corpus="rag")  # fmt: skip
    assert kept and len(kept) + len(drops) == len(chunks)
    assert all(isinstance(r, Chunk) and r.source_start >= NAME[1] for r in kept)
    assert {d.reason for d in drops} == {"erased subject: e-1"}
    records = _rows(default_policy, pseudonymizer, "finetune", doc)
    kept, drops = held.hold(doc, records, default_policy.targets["finetune"], hits,
                            pseudonymizer, corpus="finetune")  # fmt: skip
    assert kept == [] and len(drops) == len(records) == 1


def test_a_title_showing_the_subject_s_token_drops_the_chunk(
    default_policy: Policy, pseudonymizer: Pseudonymizer
) -> None:
    doc = _doc()
    token = pseudonymizer.token("Jane Cooper", "PERSON")
    held = Held(tokens={token: "e-1"})
    hits = held.hits(doc, pseudonymizer)
    chunk = _rows(default_policy, pseudonymizer, "rag", doc)[-1]
    assert isinstance(chunk, Chunk) and chunk.source_start >= NAME[1]
    far = replace(chunk, text="filler", title=f"About {token}")
    other = replace(chunk, text="filler", title="Notes")
    kept, drops = held.hold(doc, [far, other], default_policy.targets["rag"], hits,
                            pseudonymizer, corpus="rag")  # fmt: skip
    assert kept == [other] and len(drops) == 1


def test_an_erased_document_yields_nothing_and_others_are_untouched(
    default_policy: Policy, pseudonymizer: Pseudonymizer
) -> None:
    held = Held(documents={"d1": "e-2"}, tokens={"<PERSON_000000000000>": "e-3"})
    target = default_policy.targets["rag"]
    erased, other = _doc("d1"), _doc("d9")
    rows = _rows(default_policy, pseudonymizer, "rag", erased)
    kept, drops = held.hold(erased, rows, target, [], pseudonymizer, corpus="rag")
    assert kept == [] and [d.reason for d in drops] == ["erased document: e-2"] * len(rows)
    assert held.hits(other, pseudonymizer) == []  # her token is not this key's
    rows = _rows(default_policy, pseudonymizer, "rag", other)
    assert held.hold(other, rows, target, [], pseudonymizer, corpus="rag") == (rows, [])
    rotated = Held(subject_documents={"d9": "e-4"})  # found by an erasure under an old key
    kept, drops = rotated.hold(other, rows, target, [], pseudonymizer, corpus="rag")
    assert kept == [] and [d.reason for d in drops] == ["erased subject: e-4"] * len(rows)
