"""Lineage in DuckDB: runs, files, documents, findings (counts), snapshots, outputs."""

from governance.lineage.store import (
    DocumentRow,
    LineageStore,
    RunRecord,
    RunStart,
    SnapshotRow,
    ValidationRow,
)

__all__ = [
    "DocumentRow",
    "LineageStore",
    "RunRecord",
    "RunStart",
    "SnapshotRow",
    "ValidationRow",
]
