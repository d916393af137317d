"""Build a vector index from a published RAG snapshot and record it in lineage.

The snapshot is read one record batch at a time, embedded, and streamed into a new
LanceDB table with an explicit schema that keeps the governance labels next to each
vector (for the caller's-group filter at query time). The read is recorded in
lineage as a consumer of the snapshot (kind ``vector_index``), so an erasure can name
this index as one that must be rebuilt.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from governance.corpora.snapshot import conform, current_snapshot
from governance.errors import ConfigError
from governance.index.embed import Embedder, embedder
from governance.index.layout import TABLE, index_dir, swap_current
from governance.lineage.store import LineageStore
from governance.workspace import Workspace

BATCH_ROWS = 256
CARRIED = ["chunk_id", "doc_id", "text", "title", "headings", "language", "source", "source_uri",
           "classification", "allowed_groups", "legal_basis", "retention_until",
           "policy_hash", "run_id"]  # fmt: skip


@dataclass(frozen=True, slots=True)
class IndexInfo:
    name: str
    build_id: str
    corpus: str
    snapshot_id: str
    rows: int
    model: str
    dim: int
    consumer_id: str
    built_at: str
    path: str


def index_schema(dim: int) -> pa.Schema:
    from governance.corpora.schemas import RAG_SCHEMA

    fields = [RAG_SCHEMA.field(c) for c in CARRIED]
    return pa.schema([*fields, pa.field("snapshot_id", pa.string(), nullable=False),
                      pa.field("vector", pa.list_(pa.float32(), dim), nullable=False)])  # fmt: skip


def build_index(
    workspace: str | Path, name: str = "rag", corpus: str = "rag", snapshot: str | None = None
) -> IndexInfo:
    """Embed a RAG snapshot (CURRENT by default) into ``indexes/<name>/`` and record it."""
    ws = Workspace.open(workspace)
    folder = index_dir(ws.root, name)
    with ws.lock():
        snapshot_id, manifest = _snapshot(ws, corpus, snapshot)
        with LineageStore(ws.lineage) as store:
            _check_lineage(store, snapshot_id)
            model = embedder()
            build_id = f"{snapshot_id}-{uuid.uuid4().hex[:8]}"
            tmp = folder / f".{build_id}.tmp"
            rows = _write(tmp, ws.corpus(corpus) / snapshot_id, snapshot_id, model, manifest)
            consumer_id = store.record_consumer(snapshot_id, f"index:{name}", "vector_index")
        info = IndexInfo(name, build_id, corpus, snapshot_id, rows, model.name, model.dim,
                         consumer_id, datetime.now(UTC).isoformat(timespec="seconds"),
                         str(folder / build_id))  # fmt: skip
        (tmp / "index.json").write_text(json.dumps(asdict(info), indent=2), encoding="utf-8")
        os.replace(tmp, folder / build_id)
        swap_current(folder, build_id)
    return info


def _snapshot(ws: Workspace, corpus: str, snapshot: str | None) -> tuple[str, dict[str, Any]]:
    snapshot_id = snapshot or current_snapshot(ws.corpus(corpus))
    if snapshot_id is None:
        raise ConfigError(
            f"corpus '{corpus}' has no published snapshot",
            hint="run `govern run` first, or pass --corpus",
        )
    manifest_path = ws.corpus(corpus) / snapshot_id / "manifest.json"
    if not manifest_path.is_file():
        raise ConfigError(
            f"snapshot {snapshot_id} of corpus '{corpus}' is not on disk",
            hint="it may have been pruned; omit --snapshot to use CURRENT",
        )
    manifest = dict(json.loads(manifest_path.read_text(encoding="utf-8")))
    if manifest.get("kind") != "rag":
        raise ConfigError(
            f"corpus '{corpus}' is a {manifest.get('kind')} corpus",
            hint="a vector index is built from a rag corpus",
        )
    return snapshot_id, manifest


def _check_lineage(store: LineageStore, snapshot_id: str) -> None:
    _, rows = store.query("SELECT status FROM snapshots WHERE snapshot_id = ?", [snapshot_id])
    if not rows:
        raise ConfigError(
            f"snapshot {snapshot_id} is not in lineage",
            hint="index only snapshots that a run published",
        )


def _write(
    db_dir: Path, snap_dir: Path, snapshot_id: str, model: Embedder, manifest: dict[str, Any]
) -> int:
    import lancedb
    from lancedb.index import LabelList

    shutil.rmtree(db_dir, ignore_errors=True)
    schema = index_schema(model.dim)
    parts = [snap_dir / f["name"] for f in manifest["files"]]
    table = lancedb.connect(str(db_dir)).create_table(
        TABLE, data=_batches(parts, snapshot_id, model, schema), schema=schema
    )
    rows = int(table.count_rows())
    if rows != int(manifest["row_count"]):
        shutil.rmtree(db_dir, ignore_errors=True)
        raise ConfigError(
            f"indexed {rows} rows but snapshot {snapshot_id} has {manifest['row_count']}",
            hint="the snapshot folder changed",
        )
    if rows:
        table.create_index("allowed_groups", config=LabelList(), replace=True)
    return rows


def _batches(
    parts: list[Path], snapshot_id: str, model: Embedder, schema: pa.Schema
) -> Iterator[pa.RecordBatch]:
    carried = pa.schema([schema.field(c) for c in CARRIED])
    for part in parts:
        file = pq.ParquetFile(part)
        present = [c for c in CARRIED if c in file.schema_arrow.names]
        for raw in file.iter_batches(batch_size=BATCH_ROWS, columns=present):
            if raw.num_rows == 0:
                continue
            batch = conform(pa.Table.from_batches([raw]), carried)
            vectors = model.encode(embedding_texts(batch))
            flat = pa.array(vectors.reshape(-1), pa.float32())
            columns = [*batch.columns, pa.array([snapshot_id] * batch.num_rows, pa.string()),
                       pa.FixedSizeListArray.from_arrays(flat, model.dim)]  # fmt: skip
            yield from pa.Table.from_arrays(columns, schema=schema).to_batches()


def embedding_texts(batch: pa.Table) -> list[str]:
    """What is embedded: the chunk, preceded by its heading path (or else its document's
    title) when the chunk does not already start with it."""
    out = []
    rows = zip(batch["title"].to_pylist(), batch["headings"].to_pylist(),
               batch["text"].to_pylist(), strict=True)  # fmt: skip
    for title, headings, text in rows:
        context = " > ".join(headings) if headings else title
        out.append(f"{context}\n\n{text}" if context and not text.startswith(context) else text)
    return out
