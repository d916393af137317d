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
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
from pyarrow import feather

from governance.corpora.dedup import Deduplicator, Fingerprint
from governance.corpora.schemas import ID_COLUMN
from governance.corpora.shape import row_text
from governance.policy.model import Dedup

INDEX_FILE = "dedup-index.arrow"
SCHEMA = pa.schema([("id", pa.string()), ("digest", pa.binary(16)), ("minhash", pa.binary())])


def sidecar(batch: Path) -> Path:
    """The fingerprint file of a staged batch."""
    return batch.with_name(f"{batch.stem}.fp.arrow")


def settings(config: Dedup) -> str:
    """The dedup settings that change a fingerprint, as a stable string."""
    return json.dumps({"near": config.near, "num_perm": config.num_perm,
                       "shingle_words": config.shingle_words}, sort_keys=True)  # fmt: skip


def compute(
    dedup: Deduplicator, ids: Iterable[str], texts: Iterable[str]
) -> dict[str, Fingerprint]:
    return {row_id: dedup.fingerprint(text) for row_id, text in zip(ids, texts, strict=True)}


def write_sidecar(batch: Path, kind: str, rows: Sequence[dict[str, Any]], config: Dedup) -> None:
    """Fingerprint a staged batch's rows (in the worker that staged them)."""
    dedup = Deduplicator(config)
    ids = [str(row[ID_COLUMN[kind]]) for row in rows]
    write(sidecar(batch), compute(dedup, ids, (row_text(row) for row in rows)), config)


def write(path: Path, fingerprints: dict[str, Fingerprint], config: Dedup) -> None:
    """Write fingerprints (atomically: a partial file is never read as complete)."""
    table = pa.table(
        {
            "id": pa.array(list(fingerprints), pa.string()),
            "digest": pa.array([f.digest for f in fingerprints.values()], pa.binary(16)),
            "minhash": pa.array([f.minhash for f in fingerprints.values()], pa.binary()),
        },
        schema=SCHEMA.with_metadata({"dedup": settings(config)}),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    feather.write_feather(table, tmp, compression="zstd")
    tmp.replace(path)


def read(path: Path, config: Dedup) -> dict[str, Fingerprint] | None:
    """The fingerprints in ``path``, or ``None`` when it is missing or made with other
    settings."""
    if not path.is_file():
        return None
    table = feather.read_table(path)
    meta = table.schema.metadata or {}
    if meta.get(b"dedup", b"").decode() != settings(config):
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
