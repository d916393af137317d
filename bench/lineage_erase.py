"""Erasure cost on a synthetic workspace: N RAG chunks and N fine-tuning records in one
published snapshot each, one document holding the subject.

    .venv/bin/python bench/lineage_erase.py [ROWS]

Prints the seconds for `erase --doc` and `erase --subject` (scan of every snapshot on
disk, new snapshots, one lineage transaction, certificate).
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa

from governance.corpora.schemas import SCHEMAS
from governance.corpora.snapshot import publish, write_snapshot
from governance.erasure.erase import ErasureRequest, erase
from governance.erasure.subject import subject_of
from governance.lineage.store import DocumentRow, LineageStore, RunRecord, RunStart, SnapshotRow
from governance.policy import load_policy
from governance.privacy.transform.keys import Key, key_id
from governance.privacy.transform.operators import Pseudonymizer
from governance.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent


def _rows(n: int, kind: str, token: str) -> list[dict[str, Any]]:
    stamp = {"source": "docs", "classification": "internal", "allowed_groups": ["all"],
             "legal_basis": "consent", "retention_until": date(2030, 1, 1), "policy_hash": "p",
             "run_id": "r1"}  # fmt: skip
    rows = []
    for i in range(n):
        text = f"Row {i} mentions {token if i == 7 else '<PERSON_000000000000>'} and more words."
        common = {"doc_id": f"d{i // 4}", "source_uri": f"f{i // 4}.md", "language": "en",
                  "pii_replaced": 1, **stamp}  # fmt: skip
        if kind == "rag":
            rows.append({"chunk_id": f"c{i}", "text": text, "title": None, "source_start": 0,
                         "source_end": 10, **common})  # fmt: skip
        else:
            rows.append({"record_id": f"r{i}", "kind": "text", "text": text, "messages": None,
                         **common})  # fmt: skip
    return rows


def build(ws: Workspace, n: int, ps: Pseudonymizer, token: str) -> None:
    record = RunRecord(run_id="r1", status="completed")
    links = []
    for corpus in ("rag", "finetune"):
        rows = [dict(r, key_id=ps.key.key_id) for r in _rows(n, corpus, token)]
        table = pa.Table.from_pylist(rows, schema=SCHEMAS[corpus])
        w = write_snapshot(ws.corpus(corpus), f"s-{corpus}", table, corpus, {})
        record.snapshots.append(SnapshotRow(w.snapshot_id, corpus, corpus, w.row_count,
                                            str(w.path), "x", "published"))  # fmt: skip
        id_col = "chunk_id" if corpus == "rag" else "record_id"
        nulls = pa.nulls(n, pa.int64())
        links.append(pa.table({
            "snapshot_id": [w.snapshot_id] * n, "output_id": table[id_col],
            "corpus": [corpus] * n, "doc_id": table["doc_id"], "run_id": ["r1"] * n,
            "source_start": nulls, "source_end": nulls}))  # fmt: skip
    record.outputs = pa.concat_tables(links)
    record.documents = [DocumentRow(f"d{i}", "docs", f"f{i}.md", "md", "en", "h")
                        for i in range(n // 4 + 1)]  # fmt: skip
    with LineageStore(ws.lineage) as store:
        store.start_run(RunStart("r1", "default", "p", "x", "{}", ps.key.key_id, "0", "bench"))
        store.finish_run(record)
    for corpus in ("rag", "finetune"):
        publish(ws.corpus(corpus), f"s-{corpus}")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    policy = load_policy(REPO / "policies" / "default.yaml")
    material = b"bench-key-0123456789abcdef0123456789"
    ps = Pseudonymizer(Key(material, key_id(material)), policy.pseudonymization.domain)
    subject = subject_of("Jane Cooper", policy, ps)
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace.open(Path(tmp) / "ws")
        build(ws, n, ps, subject.tokens["PERSON"])
        start = time.perf_counter()
        erase(ws.root, ErasureRequest(doc="d100"))
        doc_s = time.perf_counter() - start
        start = time.perf_counter()
        result = erase(ws.root, ErasureRequest(subject=subject))
        subject_s = time.perf_counter() - start
    print(f"rows per corpus: {n}")
    print(f"erase --doc:     {doc_s:.2f} s")
    print(f"erase --subject: {subject_s:.2f} s ({result.certificate['rows_removed']} removed)")


if __name__ == "__main__":
    main()
