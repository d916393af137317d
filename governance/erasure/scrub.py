"""Erased rows outside published snapshots: quarantined batches and leftover staging.

A batch that failed validation is kept in quarantine (pseudonymized rows, for review);
the rows an erasure removes go from there too. Staging holds batches of runs that
never finished; an erasure runs under the workspace lock, so none is in progress and
all of it goes.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from governance.corpora.schemas import ID_COLUMN
from governance.corpora.snapshot import write_table
from governance.workspace import Workspace

Mask = Callable[[pa.Table, str], "pa.Array | pa.ChunkedArray"]


def kind_of(schema: pa.Schema) -> str | None:
    return next((k for k, column in ID_COLUMN.items() if column in schema.names), None)


def scrub_quarantine(ws: Workspace, mask: Mask) -> int:
    """Rewrite quarantined batches without the matched rows; returns rows removed."""
    removed = 0
    for path in sorted((ws.root / "quarantine").glob("*/*/*.parquet")):
        removed += _scrub_file(path, mask)
    return removed


def _scrub_file(path: Path, mask: Mask) -> int:
    table = pq.read_table(path)
    kind = kind_of(table.schema)
    if kind is None or table.num_rows == 0:
        return 0
    hits = mask(table, kind)
    count = int(pc.sum(hits).as_py() or 0)
    if count == table.num_rows:
        path.unlink()
    elif count:
        write_table(table.filter(pc.invert(hits)), path, metadata={})
    return count


def scrub_staging(ws: Workspace) -> int:
    """Delete every leftover staging folder; returns how many."""
    folders = [p for p in (ws.root / "staging").iterdir() if p.is_dir()]
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    return len(folders)


def scrub_partial_snapshots(ws: Workspace) -> int:
    """Delete half-written snapshot folders (``.<id>.tmp``) a killed run left behind."""
    folders = [p for p in (ws.root / "corpora").glob("*/.*.tmp") if p.is_dir()]
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    return len(folders)
