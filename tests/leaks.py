"""The leak scan: does any planted value appear in any file a run wrote?

Every file is read as raw bytes, and compressed or binary stores are decoded too:
Parquet pages (zstd), Arrow/Feather files, DuckDB tables, so a value inside a compressed
page or a database block is seen. Prefect's SQLite database is scanned raw.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import duckdb
import pyarrow.feather as feather
import pyarrow.parquet as pq


def decoded_texts(path: Path) -> list[str]:
    """The text of a compressed or binary store (none for other files)."""
    if path.suffix == ".parquet":
        return [json.dumps(pq.read_table(path).to_pylist(), default=str, ensure_ascii=False)]
    if path.suffix == ".arrow":
        return [json.dumps(feather.read_table(path).to_pylist(), default=str)]
    if path.suffix == ".duckdb":
        con = duckdb.connect(str(path), read_only=True)
        try:
            tables = [r[0] for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
            ).fetchall()]  # fmt: skip
            return [json.dumps(con.execute(f'SELECT * FROM "{t}"').fetchall(), default=str,
                               ensure_ascii=False) for t in tables]  # fmt: skip
        finally:
            con.close()
    return []


def written_files(roots: Iterable[Path]) -> list[Path]:
    return [p for root in roots for p in sorted(root.rglob("*")) if p.is_file()]


def leaks(files: Iterable[Path], values: Iterable[str]) -> list[tuple[str, str]]:
    """(value, file name) for every planted value found in a file."""
    wanted = sorted(set(values))
    hits: list[tuple[str, str]] = []
    for path in files:
        texts = [path.read_bytes().decode("utf-8", "replace"), *decoded_texts(path)]
        hits += [(v, path.name) for v in wanted if any(v in t for t in texts)]
    return hits
