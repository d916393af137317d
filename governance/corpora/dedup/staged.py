"""The dedup pass over a run's staged batches (the ``screen`` stage), one batch at a time.

The previous snapshot's rows that stay are remembered first (from its published
index, else by fingerprinting their text), then each staged batch loses the rows that
duplicate an earlier row (exact or near; fine-tuning targets by default) and is
rewritten in place. Every removed row is a ``Drop`` with its reason. What stays in
memory for the whole corpus is the deduplicator's digests and signatures, never text.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from governance.corpora.dedup import fingerprints
from governance.corpora.dedup.fingerprints import INDEX_FILE, Arrays, sidecar
from governance.corpora.dedup.minhash import Deduplicator, stack
from governance.corpora.schemas import ID_COLUMN, SCHEMAS
from governance.corpora.shape import row_text
from governance.corpora.snapshot import carried, current_snapshot, replaced_rows, write_table
from governance.policy.model import Dedup, Target
from governance.records import Drop


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
    when they exist (``fingerprints.py``), and are computed here otherwise. With
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
        for table in carried(corpus_dir, kind, replaced):
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


def _texts(table: pa.Table) -> list[str]:
    columns = [c for c in ("text", "messages") if c in table.column_names]
    return [row_text(body) for body in table.select(columns).to_pylist()]
