"""Versioned Parquet snapshots, published atomically.

A snapshot folder is written completely (parts, manifest, data card) before the
corpus's CURRENT file is swapped to name it, so readers see the old snapshot or the
new one, never half of one.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from governance import faults
from governance.corpora.schemas import ID_COLUMN, SCHEMAS
from governance.errors import TerminalError
from governance.hashing import sha256_file
from governance.records import Row

READ_BATCH_ROWS = 8_192
ROW_GROUP_ROWS = 50_000
ROW_GROUP_BYTES = 64 << 20
PART_ROWS = 500_000


def write_rows(rows: Sequence[Row | dict[str, Any]], kind: str, path: Path) -> int:
    """Write rows with the corpus kind's explicit schema (staging or a snapshot part):
    where typed rows become Arrow. A dict is a row as read back from Arrow."""
    table = pa.Table.from_pylist(
        [row if isinstance(row, dict) else row.columns() for row in rows], schema=SCHEMAS[kind]
    )
    write_table(table, path, metadata={})
    return int(table.num_rows)


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` in ``schema``'s column order and types; a nullable column that an older
    file lacks is added as nulls (so snapshots written before it was added still load)."""
    missing = [f for f in schema if f.name not in table.column_names]
    for f in missing:
        if not f.nullable:
            raise TerminalError(f"column {f.name} is missing", hint="the file is not a corpus part")
        table = table.append_column(f, pa.nulls(table.num_rows, f.type))
    return table.select(schema.names).cast(schema)


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


def replaced_rows(table: pa.Table, replaced: set[str]) -> pa.Array | pa.ChunkedArray:
    """True for the rows of a replaced (re-read or deleted) source file. ``replaced`` holds
    the files' ids and their paths: rows match on ``file_id`` (their ``source_uri`` is the
    published, pseudonymized path), rows written before file ids on ``source_uri``."""
    gone = pa.array(sorted(replaced), pa.string())
    by_uri = pc.is_in(table["source_uri"], value_set=gone)
    if "file_id" not in table.column_names:
        return by_uri
    ids = table["file_id"]
    return pc.if_else(pc.is_null(ids), by_uri, pc.is_in(ids, value_set=gone))


def read_batches(path: Path, kind: str) -> Iterator[pa.Table]:
    """A Parquet file of corpus rows, a record batch at a time, conformed to the schema."""
    schema = SCHEMAS[kind]
    for batch in pq.ParquetFile(path).iter_batches(batch_size=READ_BATCH_ROWS):
        yield conform(pa.Table.from_batches([batch]), schema)


def carried(corpus_dir: Path, kind: str, replaced: set[str]) -> Iterator[pa.Table]:
    """The previous snapshot's rows whose source file was not replaced or deleted."""
    snap = current_snapshot(corpus_dir)
    if snap is None:
        return
    for part in sorted((corpus_dir / snap).glob("part-*.parquet")):
        for table in read_batches(part, kind):
            yield table.filter(pc.invert(replaced_rows(table, replaced)))


def drop_files(paths: Sequence[Path], replaced: set[str]) -> None:
    """Remove from staged batches the rows of the given files (ids or paths): the parts of
    a split file whose other part was held back by the quality gate."""
    if not replaced:
        return
    for path in paths:
        table = pq.read_table(path)
        gone = replaced_rows(table, replaced)
        if pc.any(gone).as_py():
            write_table(table.filter(pc.invert(gone)), path, metadata={})


def carry_forward(previous: pa.Table | None, replaced: set[str]) -> pa.Table | None:
    """Rows of the previous snapshot whose source file is unchanged in this run."""
    if previous is None or previous.num_rows == 0:
        return previous
    return previous.filter(pc.invert(replaced_rows(previous, replaced)))


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
    """Write one in-memory table as a snapshot folder (not yet CURRENT), sorted by id."""
    with SnapshotWriter(corpus_dir, snapshot_id, kind, meta) as writer:
        writer.write(table.sort_by(ID_COLUMN[kind]))
        return writer.commit()


class SnapshotWriter:
    """Streams tables into a snapshot folder with bounded memory.

    Rows are buffered up to one row group (``ROW_GROUP_ROWS`` rows or
    ``ROW_GROUP_BYTES``), written with ``pq.ParquetWriter`` into ``part-NNNNN.parquet``
    files of at most ``PART_ROWS`` rows, all inside a hidden temporary folder.
    ``commit`` writes the manifest and renames the folder into place; leaving the
    ``with`` block without committing removes the temporary folder.
    """

    def __init__(self, corpus_dir: Path, snapshot_id: str, kind: str, meta: dict[str, str]):
        self.corpus_dir, self.snapshot_id, self.kind, self.meta = (
            corpus_dir,
            snapshot_id,
            kind,
            meta,
        )
        self.schema = SCHEMAS[kind].with_metadata({k.encode(): v.encode() for k, v in meta.items()})
        self.tmp = corpus_dir / f".{snapshot_id}.tmp"
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.tmp.mkdir(parents=True)
        self.files: list[dict[str, Any]] = []
        self.attached: list[dict[str, Any]] = []
        self._buffer: list[pa.Table] = []
        self._buffered = 0
        self._writer: pq.ParquetWriter | None = None
        self._path = self.tmp
        self._part_rows = 0
        self._committed = False

    def __enter__(self) -> SnapshotWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._writer is not None:
            self._writer.close()
        if not self._committed:
            shutil.rmtree(self.tmp, ignore_errors=True)

    @property
    def row_count(self) -> int:
        return sum(int(f["rows"]) for f in self.files) + self._part_rows + self._buffered

    def write(self, table: pa.Table) -> None:
        if table.num_rows == 0:
            return
        self._buffer.append(conform(table, self.schema))
        self._buffered += table.num_rows
        if (
            self._buffered >= ROW_GROUP_ROWS
            or sum(t.nbytes for t in self._buffer) >= ROW_GROUP_BYTES
        ):
            self._flush()

    def _flush(self) -> None:
        pending = pa.concat_tables(self._buffer) if self._buffer else self.schema.empty_table()
        self._buffer, self._buffered = [], 0
        offset = 0
        while offset < pending.num_rows:
            if self._writer is None:
                self._open_part()
            take = min(PART_ROWS - self._part_rows, pending.num_rows - offset)
            assert self._writer is not None
            self._writer.write_table(pending.slice(offset, take), row_group_size=ROW_GROUP_ROWS)
            self._part_rows += take
            offset += take
            if self._part_rows >= PART_ROWS:
                self._close_part()

    def _open_part(self) -> None:
        self._path = self.tmp / f"part-{len(self.files):05d}.parquet"
        self._writer = pq.ParquetWriter(self._path, self.schema, compression="zstd")
        self._part_rows = 0

    def _close_part(self) -> None:
        assert self._writer is not None
        self._writer.close()
        path = self._path
        row_groups = pq.ParquetFile(path).metadata.num_row_groups
        self.files.append({"name": path.name, "rows": self._part_rows, "row_groups": row_groups,
                           "sha256": sha256_file(path), "bytes": path.stat().st_size})  # fmt: skip
        faults.point("assemble:part-written")
        self._writer, self._part_rows = None, 0

    def attach(self, path: Path) -> None:
        """Copy a file that describes the rows (not rows: e.g. the dedup index) into the
        snapshot; the manifest lists it under ``attached`` with its hash."""
        dest = self.tmp / path.name
        shutil.copyfile(path, dest)
        self.attached.append({"name": dest.name, "sha256": sha256_file(dest),
                              "bytes": dest.stat().st_size})  # fmt: skip

    def commit(self) -> Written:
        """Finish the parts, write manifest.json, and move the folder into place."""
        self._flush()
        if self._writer is None and not self.files:
            self._open_part()  # an empty snapshot still has one (empty) part with the schema
        if self._writer is not None:
            self._close_part()
        rows = sum(int(f["rows"]) for f in self.files)
        manifest = {
            "snapshot_id": self.snapshot_id, "corpus": self.corpus_dir.name, "kind": self.kind,
            "row_count": rows, "files": self.files, "attached": self.attached,
            "metadata": self.meta, "compression": "zstd", "row_group_rows": ROW_GROUP_ROWS,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "schema": [f"{f.name}: {f.type}" for f in self.schema],
        }  # fmt: skip
        (self.tmp / "manifest.json").write_text(
            json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8"
        )
        folder = self.corpus_dir / self.snapshot_id
        os.replace(self.tmp, folder)
        self._committed = True
        faults.point("assemble:committed")
        return Written(self.snapshot_id, folder, rows, sha256_file(folder / "manifest.json"))


def publish(corpus_dir: Path, snapshot_id: str, *, keep: int = 5) -> None:
    """Swap CURRENT to the snapshot atomically, then prune old snapshots beyond ``keep``."""
    pointer = corpus_dir / "CURRENT"
    tmp = corpus_dir / ".CURRENT.tmp"
    tmp.write_text(snapshot_id + "\n", encoding="utf-8")
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    faults.point("publish:pointer-written")
    os.replace(tmp, pointer)
    faults.point("publish:swapped")
    snapshots = sorted(p for p in corpus_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
    for old in snapshots[:-keep]:
        if old.name != snapshot_id:
            shutil.rmtree(old, ignore_errors=True)
