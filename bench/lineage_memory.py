"""Memory of a run's lineage transaction, by documents in the run.

    .venv/bin/python bench/lineage_memory.py [--docs 25000 100000]

For each ``--docs`` count, a child process writes the per-batch Parquet rows a run of
that many documents leaves in staging (synthetic: one document row, three finding
counts and two corpus links per document, batches of 500 documents, ids random) and
then calls ``LineageStore.finish_run`` on a fresh lineage file, as the flow does after
its batches. The figure is the child's peak resident memory during ``finish_run`` above
its memory just before (``VmHWM`` reset through ``/proc/self/clear_refs``). Output: one
JSON line per count.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
BATCH = 500


def _status_mb(field: str) -> int:
    text = Path("/proc/self/status").read_text()
    return int(text.split(f"{field}:")[1].split()[0]) // 1024


def _write_rows(root: Path, docs: int) -> tuple[list[str], list[str], list[str]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from governance.corpora.assemble import LINKS_SCHEMA
    from governance.lineage.rows import DOCUMENTS, FINDINGS

    doc_files, finding_files = [], []
    writers = {c: pq.ParquetWriter(root / f"outputs-{c}.parquet", LINKS_SCHEMA)
               for c in ("rag", "finetune")}  # fmt: skip
    types = ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER"]
    for b in range(docs // BATCH):
        ids = [uuid.uuid4().hex for _ in range(BATCH)]
        d = pa.table({"doc_id": ids, "source": ["tickets"] * BATCH,
                      "source_uri": [f"t{b:05d}.jsonl"] * BATCH, "format": ["jsonl"] * BATCH,
                      "language": ["en"] * BATCH,
                      "content_hash": [uuid.uuid4().hex * 2 for _ in ids]},
                     schema=DOCUMENTS)  # fmt: skip
        f = pa.table({"doc_id": ids * 3, "target": ["rag"] * 3 * BATCH,
                      "entity_type": [t for t in types for _ in ids],
                      "operator": ["pseudonym"] * 3 * BATCH, "detector": ["ner"] * 3 * BATCH,
                      "count": pa.array([1] * 3 * BATCH, pa.int32())}, schema=FINDINGS)  # fmt: skip
        doc_files.append(str(root / f"batch-{b:05d}.documents.parquet"))
        finding_files.append(str(root / f"batch-{b:05d}.findings.parquet"))
        pq.write_table(d, doc_files[-1])
        pq.write_table(f, finding_files[-1])
        for corpus, writer in writers.items():
            writer.write_table(pa.table({
                "snapshot_id": [f"s-{corpus}"] * BATCH,
                "output_id": [uuid.uuid4().hex for _ in ids],
                "corpus": [corpus] * BATCH, "doc_id": ids, "run_id": ["r1"] * BATCH,
                "source_start": pa.array([0] * BATCH, pa.int64()),
                "source_end": pa.array([100] * BATCH, pa.int64()),
            }, schema=LINKS_SCHEMA))  # fmt: skip
    for writer in writers.values():
        writer.close()
    return doc_files, finding_files, [str(root / f"outputs-{c}.parquet") for c in writers]


def child(docs: int) -> None:
    from governance.lineage.store import LineageStore, RunRecord, RunStart
    from governance.records import FileOutcome, FileState

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        doc_files, finding_files, output_files = _write_rows(root, docs)
        files = [FileOutcome("tickets", f"t{b:05d}.jsonl", "h", FileState.PROCESSED, BATCH)
                 for b in range(docs // BATCH)]  # fmt: skip
        record = RunRecord("r1", "completed", files=files, document_files=doc_files,
                           finding_files=finding_files, output_files=output_files)  # fmt: skip
        with LineageStore(root / "lineage.duckdb") as store:
            store.start_run(RunStart("r1", "bench", "h", "p.yaml", "{}", "k", "0", "process"))
            Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM)
            before = _status_mb("VmRSS")
            store.finish_run(record)
            peak = _status_mb("VmHWM")
    print(json.dumps({"bench": "lineage-transaction", "documents": docs, "rss_before_mb": before,
                      "peak_mb": peak, "growth_mb": peak - before}))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[25_000, 100_000])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    for docs in args.docs:
        subprocess.run([sys.executable, __file__, "--child", str(docs)], check=True)


if __name__ == "__main__":
    main()
