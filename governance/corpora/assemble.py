"""Assemble a new snapshot by streaming: memory is bounded by a batch, not the corpus.

Two passes over the run's staged batches, both one record batch at a time:

1. ``dedup_staged`` (before validation): the previous snapshot's rows that stay are
   remembered, then each staged batch loses the rows that duplicate an earlier row
   (exact or near; fine-tuning targets by default) and is rewritten in place. Every
   removed row is a ``Drop`` with its reason.
2. ``assemble_snapshot`` (after validation): the previous snapshot's rows whose source
   file is unchanged, then the staged batches, go through ``SnapshotWriter``.

What stays in memory for the whole corpus is narrow: 8 bytes a row for the id
uniqueness check (the lineage links stream to a Parquet file in staging) and the
deduplicator's digests and signatures, never the text.
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

from governance.corpora import fingerprints
from governance.corpora.dedup import Deduplicator, stack
from governance.corpora.fingerprints import INDEX_FILE, Arrays, sidecar
from governance.corpora.schemas import ID_COLUMN, SCHEMAS
from governance.corpora.shape import row_text
from governance.corpora.snapshot import (
    SnapshotWriter,
    Written,
    conform,
    current_snapshot,
    replaced_rows,
    write_table,
)
from governance.errors import TerminalError
from governance.policy.model import Dedup, Target
from governance.records import Drop

READ_BATCH_ROWS = 8_192


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


def dedup_config(target: Target) -> Dedup | None:
    """The policy's dedup settings; by default on for fine-tuning, off for RAG."""
    if target.dedup is not None:
        return target.dedup
    return Dedup() if target.kind == "finetune" else None


def dedup_staged(
    corpus_dir: Path,
    target: Target,
    staged: Sequence[Path],
    *,
    replaced: set[str],
    index_dir: Path | None = None,
) -> tuple[list[Path], list[Drop]]:
    """Remove duplicates from the staged batches (rewritten in place; a batch left empty
    is deleted). Returns the batches that still hold rows, and the drops with reasons.

    Fingerprints come from the workers' sidecar files and the previous snapshot's index
    when they exist (``corpora/fingerprints.py``), and are computed here otherwise. With
    ``index_dir``, the fingerprints of every row kept are written there for the snapshot,
    and the index keeps its ids, digests and MinHash values in temporary files there.
    """
    config = dedup_config(target)
    if config is None or not staged:
        return list(staged), []
    kind, corpus = target.kind, corpus_dir.name
    if index_dir is not None:
        index_dir.mkdir(parents=True, exist_ok=True)
    drops: list[Drop] = []
    remaining: list[Path] = []
    with Deduplicator(config, spill=index_dir) as dedup:
        _remember_carried(corpus_dir, kind, replaced, dedup)
        for path in staged:
            table = pq.read_table(path, schema=SCHEMAS[kind])
            ids, digests, values = _fingerprints(table, kind, dedup, sidecar(path))
            reasons = dedup.check_many(ids, digests, values)
            docs = table["doc_id"].to_pylist()
            drops.extend(Drop(doc, corpus, r) for doc, r in zip(docs, reasons, strict=True) if r)
            if not any(r is None for r in reasons):
                path.unlink()
                continue
            if any(reasons):
                keep = pa.array([r is None for r in reasons], pa.bool_())
                write_table(table.filter(keep), path, metadata={})
            remaining.append(path)
        if index_dir is not None:
            fingerprints.write_index(index_dir / INDEX_FILE, dedup)
    return remaining, drops


def _remember_carried(corpus_dir: Path, kind: str, replaced: set[str], dedup: Deduplicator) -> None:
    """Remember the previous snapshot's rows that stay, from its published dedup index
    when that index lists exactly the snapshot's rows (then no text is read), else by
    fingerprinting their text."""
    snap = current_snapshot(corpus_dir)
    if snap is None:
        return
    index = corpus_dir / snap / INDEX_FILE
    parts = sorted((corpus_dir / snap).glob("part-*.parquet"))
    keys = [pq.read_table(p, columns=[c for c in (ID_COLUMN[kind], "source_uri", "file_id")
                                      if c in pq.read_schema(p).names]) for p in parts]  # fmt: skip
    rows = pa.concat_tables(keys, promote_options="default") if keys else None
    listed = fingerprints.read_table(index, dedup.config, columns=["id"])
    if rows is None or listed is None or not listed["id"].equals(rows[ID_COLUMN[kind]]):
        for table in _carried(corpus_dir, kind, replaced):
            dedup.remember(*_computed(table, kind, dedup))
        return
    stays = pc.invert(replaced_rows(rows, replaced))
    del rows, keys, listed
    start = 0
    for batch in fingerprints.batches(index):
        mask = stays.slice(start, batch.num_rows)
        start += batch.num_rows
        dedup.remember(*fingerprints.arrays(batch.filter(mask), dedup.width))


def _fingerprints(table: pa.Table, kind: str, dedup: Deduplicator, path: Path) -> Arrays:
    """The fingerprints of ``table``'s rows, in row order: from the worker's sidecar file
    when it lists exactly these rows, else computed."""
    known = fingerprints.read_table(path, dedup.config)
    if known is not None and known["id"].to_pylist() == table[ID_COLUMN[kind]].to_pylist():
        return fingerprints.arrays(known, dedup.width)
    return _computed(table, kind, dedup)


def _computed(table: pa.Table, kind: str, dedup: Deduplicator) -> Arrays:
    """The fingerprints of ``table``'s rows, computed from their text."""
    ids = table[ID_COLUMN[kind]].to_pylist()
    fps = fingerprints.compute(dedup, ids, _texts(table))
    return (ids, *stack(list(fps.values()), dedup.width))


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
        for batch in chain(_carried(corpus_dir, kind, replaced), _staged(staged, kind)):
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


def _batches(path: Path, kind: str) -> Iterator[pa.Table]:
    schema = SCHEMAS[kind]
    for batch in pq.ParquetFile(path).iter_batches(batch_size=READ_BATCH_ROWS):
        yield conform(pa.Table.from_batches([batch]), schema)


def _carried(corpus_dir: Path, kind: str, replaced: set[str]) -> Iterator[pa.Table]:
    """The previous snapshot's rows whose source file was not replaced or deleted."""
    snap = current_snapshot(corpus_dir)
    if snap is None:
        return
    for part in sorted((corpus_dir / snap).glob("part-*.parquet")):
        for table in _batches(part, kind):
            yield table.filter(pc.invert(replaced_rows(table, replaced)))


def _staged(paths: Sequence[Path], kind: str) -> Iterator[pa.Table]:
    for path in paths:
        yield from _batches(path, kind)


def _texts(table: pa.Table) -> list[str]:
    columns = [c for c in ("text", "messages") if c in table.column_names]
    return [row_text(body) for body in table.select(columns).to_pylist()]


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
