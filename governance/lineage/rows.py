"""Per-document lineage rows, written by the worker that made them.

A run's documents and finding counts grow with its size; held as Python objects in the
flow's process until the lineage transaction, they would make its memory grow with
every batch. Each worker writes them beside its staged batch instead
(``staging/<run_id>/lineage/batch-NNNNN.{documents,findings}.parquet``: ids, hashes,
types and counts, never a value), and the transaction inserts them straight from those
files (``LineageStore.finish_run``), so the flow holds only their paths.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from governance.records import FindingCount

DOCUMENTS = pa.schema([("doc_id", pa.string()), ("source", pa.string()),
                       ("source_uri", pa.string()), ("format", pa.string()),
                       ("language", pa.string()), ("content_hash", pa.string())])  # fmt: skip
FINDINGS = pa.schema([("doc_id", pa.string()), ("target", pa.string()),
                      ("entity_type", pa.string()), ("operator", pa.string()),
                      ("detector", pa.string()), ("count", pa.int32())])  # fmt: skip


def write_batch_rows(
    folder: Path,
    batch_no: int,
    documents: Sequence[tuple[str, str, str, str, str | None, str]],
    findings: Sequence[FindingCount],
) -> dict[str, str]:
    """Write a batch's document rows and finding counts; returns their paths by kind."""
    folder.mkdir(parents=True, exist_ok=True)
    docs = pa.Table.from_arrays(
        [pa.array(column, pa.string()) for column in zip(*documents, strict=True)]
        if documents else [pa.array([], pa.string())] * len(DOCUMENTS),
        schema=DOCUMENTS,
    )  # fmt: skip
    found = pa.table({
        "doc_id": [f.doc_id for f in findings], "target": [f.target for f in findings],
        "entity_type": [f.entity_type for f in findings],
        "operator": [f.operator for f in findings], "detector": [f.detector for f in findings],
        "count": pa.array([f.count for f in findings], pa.int32()),
    }, schema=FINDINGS)  # fmt: skip
    paths = {"documents": folder / f"batch-{batch_no:05d}.documents.parquet",
             "findings": folder / f"batch-{batch_no:05d}.findings.parquet"}  # fmt: skip
    pq.write_table(docs, paths["documents"])
    pq.write_table(found, paths["findings"])
    return {kind: str(path) for kind, path in paths.items()}
