"""Explicit pyarrow schemas of the published corpora (never inferred from data)."""

from __future__ import annotations

import pyarrow as pa

GOVERNANCE_FIELDS: list[pa.Field] = [
    pa.field("source", pa.string(), nullable=False),
    pa.field("source_uri", pa.string(), nullable=False),  # personal parts pseudonymized
    pa.field("file_id", pa.string()),  # records.file_id; null in rows written before it
    pa.field("classification", pa.string(), nullable=False),
    pa.field("allowed_groups", pa.list_(pa.string()), nullable=False),
    pa.field("legal_basis", pa.string(), nullable=False),
    pa.field("retention_until", pa.date32(), nullable=False),
    pa.field("policy_hash", pa.string(), nullable=False),
    pa.field("run_id", pa.string(), nullable=False),
    pa.field("key_id", pa.string(), nullable=False),
]

RAG_SCHEMA = pa.schema(
    [
        pa.field("chunk_id", pa.string(), nullable=False),
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("text", pa.string(), nullable=False),
        pa.field("title", pa.string()),
        pa.field("headings", pa.list_(pa.string())),
        pa.field("language", pa.string()),
        pa.field("source_start", pa.int64(), nullable=False),
        pa.field("source_end", pa.int64(), nullable=False),
        pa.field("pii_replaced", pa.int32(), nullable=False),
        *GOVERNANCE_FIELDS,
    ]
)

MESSAGE_TYPE = pa.struct(
    [
        pa.field("role", pa.string(), nullable=False),
        pa.field("content", pa.string(), nullable=False),
    ]
)

FINETUNE_SCHEMA = pa.schema(
    [
        pa.field("record_id", pa.string(), nullable=False),
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("text", pa.string()),
        pa.field("messages", pa.list_(MESSAGE_TYPE)),
        pa.field("language", pa.string()),
        pa.field("pii_replaced", pa.int32(), nullable=False),
        *GOVERNANCE_FIELDS,
    ]
)

SCHEMAS: dict[str, pa.Schema] = {"rag": RAG_SCHEMA, "finetune": FINETUNE_SCHEMA}
ID_COLUMN: dict[str, str] = {"rag": "chunk_id", "finetune": "record_id"}
