"""Deduplication fingerprints stored next to the rows they describe.

Computing a row's MinHash is the costly part of deduplication. Workers compute the
fingerprints of the rows they stage and write them beside the batch
(``batch-00001.fp.arrow``); the serial dedup pass then only compares. The kept rows'
fingerprints are published with the snapshot (``dedup-index.arrow``, listed in the
manifest), so the next run does not hash the rows it carries forward again.

A fingerprint file holds row ids, 16-byte digests of normalized text and MinHash
values: no text. Its schema metadata names the dedup settings it was made with; a file
made with other settings is ignored and the fingerprints are computed again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa
from pyarrow import feather

from governance.corpora.dedup.minhash import Deduplicator, Fingerprint
from governance.policy.model import Dedup

INDEX_FILE = "dedup-index.arrow"
FORMAT = 2  # MinHash values stored as uint32
SCHEMA = pa.schema([("id", pa.string()), ("digest", pa.binary(16)), ("minhash", pa.binary())])

Arrays = tuple[list[str], np.ndarray, np.ndarray]


def sidecar(batch: Path) -> Path:
    """The fingerprint file of a staged batch."""
    return batch.with_name(f"{batch.stem}.fp.arrow")


def settings(config: Dedup) -> str:
    """The dedup settings that change a fingerprint, as a stable string."""
    return json.dumps({"near": config.near, "num_perm": config.num_perm, "format": FORMAT,
                       "shingle_words": config.shingle_words}, sort_keys=True)  # fmt: skip


def compute(
    dedup: Deduplicator, ids: Iterable[str], texts: Iterable[str]
) -> dict[str, Fingerprint]:
    return {row_id: dedup.fingerprint(text) for row_id, text in zip(ids, texts, strict=True)}


def write_sidecar(batch: Path, ids: Sequence[str], texts: Iterable[str], config: Dedup) -> None:
    """Fingerprint a staged batch's rows (in the worker that staged them), given their
    ids and the texts dedup judges (``Row.body()``), in row order."""
    write(sidecar(batch), compute(Deduplicator(config), ids, texts), config)


def write(path: Path, fingerprints: dict[str, Fingerprint], config: Dedup) -> None:
    """Write fingerprints (atomically: a partial file is never read as complete)."""
    fps = fingerprints.values()
    batch = pa.record_batch(
        [pa.array(list(fingerprints), pa.string()),
         pa.array([f.digest for f in fps], pa.binary(16)),
         pa.array([f.minhash for f in fps], pa.binary())],
        schema=SCHEMA,
    )  # fmt: skip
    _write_batches(path, [batch], config)


def write_index(path: Path, dedup: Deduplicator) -> None:
    """Write every row ``dedup`` remembers, in order, one record batch per chunk."""
    _write_batches(path, (_index_batch(*chunk) for chunk in dedup.export()), dedup.config)


def _index_batch(ids: list[str], digests: np.ndarray, values: np.ndarray) -> pa.RecordBatch:
    n, width = len(ids), values.shape[1] * 4
    offsets = pa.py_buffer((np.arange(n + 1, dtype=np.int32) * width).tobytes())
    return pa.record_batch(
        [pa.array(ids, pa.string()),
         pa.Array.from_buffers(pa.binary(16), n, [None, pa.py_buffer(digests.tobytes())]),
         pa.Array.from_buffers(pa.binary(), n, [None, offsets, pa.py_buffer(values.tobytes())])],
        schema=SCHEMA,
    )  # fmt: skip


def _write_batches(path: Path, batches: Iterable[pa.RecordBatch], config: Dedup) -> None:
    schema = SCHEMA.with_metadata({"dedup": settings(config)})
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    options = pa.ipc.IpcWriteOptions(compression="zstd")
    with pa.OSFile(str(tmp), "wb") as sink, pa.ipc.new_file(sink, schema, options=options) as w:
        for batch in batches:
            w.write_batch(batch.replace_schema_metadata(schema.metadata))
    tmp.replace(path)


def read(path: Path, config: Dedup) -> dict[str, Fingerprint] | None:
    """The fingerprints in ``path``, or ``None`` when it is missing or made with other
    settings."""
    table = read_table(path, config)
    if table is None:
        return None
    return {
        row_id: Fingerprint(digest, minhash)
        for row_id, digest, minhash in zip(
            table["id"].to_pylist(),
            table["digest"].to_pylist(),
            table["minhash"].to_pylist(),
            strict=True,
        )
    }


def read_table(path: Path, config: Dedup, columns: list[str] | None = None) -> pa.Table | None:
    """``path`` as a table, or ``None`` when it is missing or made with other settings."""
    if not path.is_file():
        return None
    table = feather.read_table(path, columns=columns)
    meta = table.schema.metadata or {}
    if meta.get(b"dedup", b"").decode() != settings(config):
        return None
    return table


def batches(path: Path) -> Iterator[pa.RecordBatch]:
    """The record batches of a fingerprint file, one at a time."""
    with pa.OSFile(str(path), "rb") as source:
        reader = pa.ipc.open_file(source)
        for i in range(reader.num_record_batches):
            yield reader.get_batch(i)


def arrays(batch: pa.RecordBatch | pa.Table, width: int) -> Arrays:
    """Ids, ``(n, 16)`` digests and ``(n, width)`` uint32 MinHash values of fingerprints."""
    if isinstance(batch, pa.Table):
        batch = batch.combine_chunks().to_batches()[0] if batch.num_rows else None
        if batch is None:
            return [], np.empty((0, 16), np.uint8), np.empty((0, width), np.uint32)
    n = batch.num_rows
    digest, minhash = batch.column("digest"), batch.column("minhash")
    d = np.frombuffer(digest.buffers()[1], np.uint8)[digest.offset * 16 :][: n * 16]
    offsets = np.frombuffer(minhash.buffers()[1], np.int32)[minhash.offset :][: n + 1]
    if n and not (np.diff(offsets) == width * 4).all():
        raise ValueError("MinHash values of an unexpected width")
    data = minhash.buffers()[2]
    raw = np.frombuffer(data, np.uint8) if data is not None else np.empty(0, np.uint8)
    first = int(offsets[0]) if n else 0
    v = raw[first : first + n * width * 4].view(np.uint32)
    return batch.column("id").to_pylist(), d.reshape(n, 16), v.reshape(n, width)
