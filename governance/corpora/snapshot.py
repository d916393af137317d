"""Versioned Parquet snapshots, published atomically.

A snapshot folder is written completely (parts, manifest, data card) before the
corpus's CURRENT file is swapped to name it, so readers see the old snapshot or the
new one, never half of one.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from governance.corpora.schemas import ID_COLUMN, SCHEMAS

ROW_GROUP_ROWS = 50_000
PART_ROWS = 500_000


def write_rows(rows: Sequence[dict[str, Any]], kind: str, path: Path) -> int:
    """Write rows with the corpus kind's explicit schema (staging or a snapshot part)."""
    table = pa.Table.from_pylist(list(rows), schema=SCHEMAS[kind])
    write_table(table, path, metadata={})
    return int(table.num_rows)


def write_table(table: pa.Table, path: Path, metadata: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    schema = table.schema.with_metadata({**(table.schema.metadata or {}), **{
        k.encode(): v.encode() for k, v in metadata.items()}})  # fmt: skip
    tmp = path.with_suffix(".tmp")
    pq.write_table(table.cast(schema), tmp, compression="zstd", row_group_size=ROW_GROUP_ROWS)
    os.replace(tmp, path)


def read_parts(paths: Iterable[Path], kind: str) -> pa.Table:
    tables = [pq.read_table(p, schema=SCHEMAS[kind]) for p in paths]
    return pa.concat_tables(tables) if tables else SCHEMAS[kind].empty_table()


def current_snapshot(corpus_dir: Path) -> str | None:
    pointer = corpus_dir / "CURRENT"
    return pointer.read_text(encoding="utf-8").strip() if pointer.is_file() else None


def current_table(corpus_dir: Path, kind: str) -> pa.Table | None:
    snap = current_snapshot(corpus_dir)
    if snap is None:
        return None
    return read_parts(sorted((corpus_dir / snap).glob("part-*.parquet")), kind)


def carry_forward(previous: pa.Table | None, replaced_uris: set[str]) -> pa.Table | None:
    """Rows of the previous snapshot whose source file is unchanged in this run."""
    if previous is None or previous.num_rows == 0:
        return previous
    keep = pc.invert(pc.is_in(previous["source_uri"], value_set=pa.array(sorted(replaced_uris))))
    return previous.filter(keep)


def new_snapshot_id(run_id: str) -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ") + "-" + run_id[:8]


@dataclass(frozen=True, slots=True)
class Written:
    snapshot_id: str
    path: Path
    row_count: int
    manifest_sha256: str


def write_snapshot(
    corpus_dir: Path, snapshot_id: str, table: pa.Table, kind: str, meta: dict[str, str]
) -> Written:
    """Write parts and manifest into a fresh folder (not yet CURRENT)."""
    folder = corpus_dir / snapshot_id
    tmp = corpus_dir / f".{snapshot_id}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    table = table.sort_by(ID_COLUMN[kind])
    files = []
    for i, offset in enumerate(range(0, max(table.num_rows, 1), PART_ROWS)):
        part = tmp / f"part-{i:05d}.parquet"
        write_table(table.slice(offset, PART_ROWS), part, metadata=meta)
        files.append({"name": part.name, "rows": min(PART_ROWS, table.num_rows - offset),
                      "sha256": _sha256(part), "bytes": part.stat().st_size})  # fmt: skip
    manifest = {
        "snapshot_id": snapshot_id, "corpus": corpus_dir.name, "kind": kind,
        "row_count": table.num_rows, "files": files, "metadata": meta,
        "schema": [f"{f.name}: {f.type}" for f in table.schema],
    }  # fmt: skip
    manifest_path = tmp / "manifest.json"
    manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(tmp, folder)
    return Written(snapshot_id, folder, table.num_rows, _sha256(folder / "manifest.json"))


def publish(corpus_dir: Path, snapshot_id: str, *, keep: int = 5) -> None:
    """Swap CURRENT to the snapshot atomically, then prune old snapshots beyond ``keep``."""
    pointer = corpus_dir / "CURRENT"
    tmp = corpus_dir / ".CURRENT.tmp"
    tmp.write_text(snapshot_id + "\n", encoding="utf-8")
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, pointer)
    snapshots = sorted(p for p in corpus_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
    for old in snapshots[:-keep]:
        if old.name != snapshot_id:
            shutil.rmtree(old, ignore_errors=True)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
