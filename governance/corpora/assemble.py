"""Assemble a new snapshot by streaming: memory is bounded by a batch, not the corpus.

After deduplication (``corpora/dedup/staged.py``) and validation, ``assemble_snapshot``
writes the previous snapshot's rows whose source file is unchanged, then the staged
batches, through ``SnapshotWriter``, one record batch at a time. What stays in memory
for the whole corpus is 8 bytes a row for the id uniqueness check (the lineage links
stream to a Parquet file in staging), never the text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from governance.corpora.dedup.fingerprints import INDEX_FILE
from governance.corpora.dedup.staged import dedup_config
from governance.corpora.schemas import ID_COLUMN
from governance.corpora.snapshot import (
    SnapshotWriter,
    Written,
    carried,
    current_snapshot,
    read_batches,
)
from governance.errors import TerminalError
from governance.policy.model import Target


@dataclass(slots=True)
class Assembled:
    """The written snapshot and its lineage links (output id -> document, run, span): a
    table, or with ``links_file`` a Parquet file (then ``links`` is ``None``)."""

    written: Written
    links: pa.Table | None
    links_file: Path | None = None


LINKS_SCHEMA = pa.schema([
    ("snapshot_id", pa.string()), ("output_id", pa.string()), ("corpus", pa.string()),
    ("doc_id", pa.string()), ("run_id", pa.string()), ("source_start", pa.int64()),
    ("source_end", pa.int64()),
])  # fmt: skip


def assemble_snapshot(
    corpus_dir: Path,
    snapshot_id: str,
    target: Target,
    staged: Sequence[Path],
    *,
    replaced: set[str],
    meta: dict[str, str],
    index: Path | None = None,
    links_file: Path | None = None,
) -> Assembled:
    """Write the new snapshot folder (not yet CURRENT) from carried and staged rows, with
    the dedup ``index`` of this run, or else the previous snapshot's (still valid for the
    rows carried: it is looked up by row id). With ``links_file`` the lineage links are
    written there instead of being returned as a table."""
    kind, corpus = target.kind, corpus_dir.name
    previous = current_snapshot(corpus_dir)
    if index is None or not index.is_file():
        index = corpus_dir / previous / INDEX_FILE if previous else None
    if dedup_config(target) is None:
        index = None
    with SnapshotWriter(corpus_dir, snapshot_id, kind, meta) as writer, _Links(links_file) as links:
        if index is not None and index.is_file():
            writer.attach(index)
        for batch in chain(carried(corpus_dir, kind, replaced), _staged(staged, kind)):
            writer.write(batch)
            links.add(links_of(batch, corpus, snapshot_id, kind))
        links.check_unique(corpus, kind)
        written = writer.commit()
    return Assembled(written, links.table(), links_file)


class _Links:
    """The links of a snapshot being written: kept as a table, or streamed to a Parquet
    file so that only 8 bytes a row stay in memory (a hash of each output id, for the
    uniqueness check)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._tables: list[pa.Table] = [LINKS_SCHEMA.empty_table()]
        self._hashes: list[np.ndarray] = []
        self._writer: pq.ParquetWriter | None = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._writer = pq.ParquetWriter(path, LINKS_SCHEMA, compression="zstd")

    def __enter__(self) -> _Links:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._writer is not None:
            self._writer.close()

    def add(self, table: pa.Table) -> None:
        ids = table["output_id"].to_pylist()
        self._hashes.append(np.fromiter((hash(i) for i in ids), np.int64, len(ids)))
        table = table.cast(LINKS_SCHEMA)
        if self._writer is not None:
            self._writer.write_table(table)
        else:
            self._tables.append(table)

    def check_unique(self, corpus: str, kind: str) -> None:
        hashes = np.concatenate(self._hashes) if self._hashes else np.empty(0, np.int64)
        if len(np.unique(hashes)) == len(hashes):
            return
        if self._writer is not None:  # a hash collision or a real duplicate: look closely
            self._writer.close()
            self._writer = None
            ids = pq.read_table(self.path, columns=["output_id"])["output_id"]
        else:
            ids = pa.concat_tables(self._tables)["output_id"]
        if pc.count_distinct(ids).as_py() != len(ids):
            raise TerminalError(
                f"duplicate {ID_COLUMN[kind]} values in corpus {corpus}",
                hint="two rows share an id: report this as a bug with the run id",
            )

    def table(self) -> pa.Table | None:
        return pa.concat_tables(self._tables) if self.path is None else None


def _staged(paths: Sequence[Path], kind: str) -> Iterator[pa.Table]:
    for path in paths:
        yield from read_batches(path, kind)


def links_of(table: pa.Table, corpus: str, snapshot_id: str, kind: str) -> pa.Table:
    """Lineage rows for a table of corpus rows: output id -> document, run, span."""
    n = table.num_rows
    has_span = "source_start" in table.column_names
    return pa.table({
        "snapshot_id": pa.array([snapshot_id] * n, pa.string()),
        "output_id": table[ID_COLUMN[kind]],
        "corpus": pa.array([corpus] * n, pa.string()),
        "doc_id": table["doc_id"],
        "run_id": table["run_id"],
        "source_start": table["source_start"] if has_span else pa.nulls(n, pa.int64()),
        "source_end": table["source_end"] if has_span else pa.nulls(n, pa.int64()),
    })  # fmt: skip
