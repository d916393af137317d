"""Parquet tables: one Document per row, column roles from the policy (as for CSV).

Rows become ``column: value`` lines with a ``col:<column>`` section each
(``table.row_document``); a ``drop`` column is never read into the text. Struct columns
are flattened one level (``a.b``); dates, times and decimals are written in ISO/plain
form; lists as in JSON Lines. Binary columns are not text: they are left out and named
in ``metadata["binary_columns"]``. Record batches are read one at a time; a file that
is not Parquet, is encrypted or corrupt, or has no rows is quarantined.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from governance.errors import InputError
from governance.ingest.base import check_not_empty, register
from governance.ingest.errors import CorruptFile, EncryptedFile
from governance.ingest.parts import part_slice
from governance.ingest.readers.table import Row, flatten, row_document
from governance.policy.model import Source
from governance.records import Document, SourceFile

MAGIC = b"PAR1"
ENCRYPTED_MAGIC = b"PARE"
READ_ROWS = 1024


def plain(value: object) -> object:
    """A Parquet value as a JSON-like value: temporal and decimal types as text."""
    if isinstance(value, dt.date | dt.time | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | dt.timedelta):
        return str(value)
    if isinstance(value, bytes):
        return None  # binary inside a struct or list is not text
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def open_parquet(data: bytes) -> pq.ParquetFile:
    check_not_empty(data)
    if data[-4:] == ENCRYPTED_MAGIC:
        raise EncryptedFile("encrypted Parquet file (encrypted footer)")
    if not (data.startswith(MAGIC) and data.endswith(MAGIC)):
        raise CorruptFile(
            "not a Parquet file: no PAR1 magic bytes at its start and end "
            "(truncated, or mislabelled?)"
        )
    try:
        return pq.ParquetFile(pa.BufferReader(data))
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise CorruptFile(
            f"corrupt Parquet file: its footer cannot be read ({type(exc).__name__})"
        ) from exc


def binary_columns(schema: pa.Schema) -> list[str]:
    return [f.name for f in schema if pa.types.is_binary(f.type) or pa.types.is_large_binary(f.type)
            or pa.types.is_fixed_size_binary(f.type)]  # fmt: skip


@register("parquet")
def read_parquet(file: SourceFile, data: bytes, source: Source) -> Iterator[Document]:
    """One Document per row, in file order (rows counted from 1)."""
    table = open_parquet(data)
    binary = binary_columns(table.schema_arrow)
    rows: list[Row] = []
    try:
        for batch in table.iter_batches(batch_size=READ_ROWS):
            for record in batch.drop_columns(binary).to_pylist():
                rows.append(flatten({k: plain(v) for k, v in record.items()}))
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise CorruptFile(
            f"corrupt Parquet file: row {len(rows) + 1} cannot be read ({type(exc).__name__})"
        ) from exc
    if not rows:
        raise InputError("empty table: the Parquet file has no rows")
    for n in part_slice(range(1, len(rows) + 1), file):
        doc = row_document(file, source, n, rows[n - 1])
        if binary:
            doc.metadata["binary_columns"] = ",".join(binary)
        yield doc
