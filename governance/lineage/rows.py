"""Per-document lineage rows, written by the worker that made them.

A run's documents and finding counts grow with its size; held as Python objects in the
flow's process until the lineage transaction, they would make its memory grow with
every batch. Each worker writes them beside its staged batch instead
(``staging/<run_id>/lineage/batch-NNNNN.{documents,findings}.parquet``: ids, hashes,
types and counts, never a value), and the transaction inserts them straight from those
files (``LineageStore.finish_run``), so the flow holds only their paths.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from governance.records import FindingCount

DOCUMENTS = pa.schema([("doc_id", pa.string()), ("source", pa.string()),
                       ("source_uri", pa.string()), ("format", pa.string()),
                       ("language", pa.string()), ("content_hash", pa.string()),
                       ("read_flags", pa.string())])  # fmt: skip
FINDINGS = pa.schema([("doc_id", pa.string()), ("target", pa.string()),
                      ("entity_type", pa.string()), ("operator", pa.string()),
                      ("detector", pa.string()), ("count", pa.int32())])  # fmt: skip


# Reader metadata that lineage keeps (``documents.read_flags``): how a document was read,
# never a value of it. ``location`` (entry and attachment names), sheet names and the like
# stay out: a file name is personal data as often as a file's text.
READ_FLAGS = (
    "pages", "needs_ocr", "ocr_pages", "ocr_confidence", "ocr_low_confidence", "partial",
    "members_failed", "members_failed_reasons", "attachments_failed", "attachments_unsupported",
    "archive_skipped", "encrypted", "javascript",
)  # fmt: skip


def read_flags(metadata: Mapping[str, str]) -> str | None:
    """The kept reader flags of a document as JSON text, None when it has none."""
    flags = {key: metadata[key] for key in READ_FLAGS if metadata.get(key)}
    if set(flags) <= {"pages"}:  # a page count alone is nothing to look at
        return None
    return json.dumps(flags, sort_keys=True)


def write_batch_rows(
    folder: Path,
    batch_no: int,
    documents: Sequence[tuple[str, str, str, str, str | None, str, str | None]],
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
