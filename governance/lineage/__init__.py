"""Lineage in DuckDB: runs, files, documents, findings (counts), snapshots, outputs,
consumers and erasures; canned questions in ``queries``; OpenLineage in ``openlineage``."""

from governance.lineage.queries import record_consumption
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
    "record_consumption",
]
