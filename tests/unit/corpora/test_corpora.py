"""Chunking, snapshots and atomic publish."""

from __future__ import annotations

import json
from datetime import date
from itertools import pairwise
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from governance.corpora.chunking import chunk_spans, sentences, word_count
from governance.corpora.snapshot import (
    carry_forward,
    current_snapshot,
    current_table,
    drop_files,
    publish,
    write_rows,
    write_snapshot,
)


def _row(i: int, uri: str = "a.md") -> dict[str, object]:
    return {
        "chunk_id": f"c{i:03d}", "doc_id": "d1", "text": f"chunk {i}", "title": None,
        "language": "en", "source_start": i, "source_end": i + 1, "pii_replaced": 0,
        "source": "docs", "source_uri": uri, "classification": "internal",
        "allowed_groups": ["all-staff"], "legal_basis": "consent",
        "retention_until": date(2030, 1, 1), "policy_hash": "p", "run_id": "r", "key_id": "k",
    }  # fmt: skip


def test_sentences_have_valid_offsets() -> None:
    text = "First one. Second one!\n\nThird paragraph here"
    spans = sentences(text)
    assert [text[s.start : s.end] for s in spans] == [
        "First one.",
        "Second one!",
        "Third paragraph here",
    ]


@pytest.mark.parametrize(("max_tokens", "overlap"), [(16, 0), (16, 4), (40, 8), (200, 32)])
def test_chunks_respect_budget_cover_text_and_overlap(max_tokens: int, overlap: int) -> None:
    text = " ".join(f"Sentence number {i} has exactly seven words." for i in range(50))
    spans = chunk_spans(text, max_tokens, overlap)
    assert all(word_count(text[s.start : s.end]) <= max_tokens for s in spans)
    assert spans[0].start == 0 and spans[-1].end == len(text)
    assert all(b.start <= a.end + 1 for a, b in pairwise(spans))
    assert all(b.start > a.start for a, b in pairwise(spans))


def test_a_sentence_longer_than_the_budget_is_split_by_words() -> None:
    text = " ".join(["word"] * 100)
    spans = chunk_spans(text, 30, 0)
    assert len(spans) == 4 and all(word_count(text[s.start : s.end]) <= 30 for s in spans)


def test_snapshot_is_invisible_until_published_and_schema_is_explicit(tmp_path: Path) -> None:
    staged = tmp_path / "staging.parquet"
    assert write_rows([_row(i) for i in range(3)], "rag", staged) == 3
    corpus = tmp_path / "corpora" / "rag"
    table = pq.read_table(staged)
    written = write_snapshot(corpus, "s1", table, "rag", {"run_id": "r", "policy_hash": "p"})
    assert current_snapshot(corpus) is None
    publish(corpus, "s1")
    assert current_snapshot(corpus) == "s1"
    manifest = json.loads((written.path / "manifest.json").read_text())
    assert manifest["row_count"] == 3 and manifest["files"][0]["rows"] == 3
    part = pq.ParquetFile(written.path / "part-00000.parquet")
    assert part.schema_arrow.metadata[b"policy_hash"] == b"p"
    assert part.metadata.row_group(0).column(0).compression == "ZSTD"
    assert part.schema_arrow.field("allowed_groups").type.value_type == pa.string()


def test_carry_forward_drops_rows_of_replaced_files(tmp_path: Path) -> None:
    corpus = tmp_path / "rag"
    staged = tmp_path / "s.parquet"
    write_rows([_row(1, "a.md"), _row(2, "b.md"), _row(3, "b.md")], "rag", staged)
    write_snapshot(corpus, "s1", pq.read_table(staged), "rag", {})
    publish(corpus, "s1")
    kept = carry_forward(current_table(corpus, "rag"), {"b.md"})
    assert kept is not None and kept["chunk_id"].to_pylist() == ["c001"]


def test_drop_files_removes_the_rows_of_held_back_files_from_a_staged_batch(
    tmp_path: Path,
) -> None:
    held, other = tmp_path / "held.parquet", tmp_path / "other.parquet"
    write_rows([_row(1, "a.md"), _row(2, "b.md")], "rag", held)
    write_rows([_row(3, "a.md")], "rag", other)
    before = other.stat().st_mtime_ns
    drop_files([held, other], {"b.md"})
    assert pq.read_table(held)["chunk_id"].to_pylist() == ["c001"]
    assert other.stat().st_mtime_ns == before  # nothing to drop: not rewritten


def test_publish_keeps_only_the_last_snapshots(tmp_path: Path) -> None:
    corpus = tmp_path / "rag"
    staged = tmp_path / "s.parquet"
    write_rows([_row(1)], "rag", staged)
    for i in range(7):
        write_snapshot(corpus, f"s{i}", pq.read_table(staged), "rag", {})
        publish(corpus, f"s{i}", keep=3)
    assert sorted(p.name for p in corpus.iterdir() if p.is_dir()) == ["s4", "s5", "s6"]
