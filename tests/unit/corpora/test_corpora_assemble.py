"""Streaming snapshot assembly: carried rows, staged batches, dedup, parts and manifest."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from governance.corpora import snapshot
from governance.corpora.assemble import assemble_snapshot
from governance.corpora.dedup.staged import dedup_config, dedup_staged
from governance.corpora.snapshot import SnapshotWriter, publish, write_rows
from governance.errors import TerminalError
from governance.policy.model import Dedup, Target

RAG = Target(kind="rag", operators={"default": "pseudonym"})
FINETUNE = Target(kind="finetune", operators={"default": "surrogate"})
LABELS: dict[str, Any] = {
    "source": "docs", "classification": "internal", "allowed_groups": ["all-staff"],
    "legal_basis": "consent", "retention_until": date(2030, 1, 1), "policy_hash": "p",
    "run_id": "r", "key_id": "k",
}  # fmt: skip


def rag_row(i: int, uri: str = "a.md") -> dict[str, Any]:
    return {"chunk_id": f"c{i:04d}", "doc_id": f"d-{uri}", "text": f"chunk number {i}",
            "title": None, "language": "en", "source_start": i, "source_end": i + 1,
            "pii_replaced": 0, "source_uri": uri, **LABELS}  # fmt: skip


def ft_row(i: int, text: str, uri: str = "t.jsonl") -> dict[str, Any]:
    return {"record_id": f"r{i:04d}", "doc_id": f"d{i}", "kind": "chat", "text": None,
            "messages": [{"role": "user", "content": "Where is my order?"},
                         {"role": "assistant", "content": text}],
            "language": "en", "pii_replaced": 0, "source_uri": uri, **LABELS}  # fmt: skip


def stage(tmp: Path, name: str, rows: list[dict[str, Any]], kind: str = "rag") -> Path:
    path = tmp / "staging" / f"{name}.parquet"
    write_rows(rows, kind, path)
    return path


def ids(folder: Path, column: str = "chunk_id") -> list[str]:
    return sorted(pq.read_table(sorted(folder.glob("part-*.parquet")))[column].to_pylist())


def test_new_snapshot_is_carried_rows_of_unchanged_files_plus_staged(tmp_path: Path) -> None:
    corpus = tmp_path / "corpora" / "rag"
    first = [stage(tmp_path, "b0", [rag_row(1, "a.md"), rag_row(2, "b.md"), rag_row(3, "c.md")])]
    built = assemble_snapshot(corpus, "s1", RAG, first, replaced=set(), meta={"run_id": "r1"})
    publish(corpus, "s1")
    assert built.written.row_count == 3
    second = [stage(tmp_path, "b1", [rag_row(20, "b.md")]), stage(tmp_path, "b2", [])]
    built = assemble_snapshot(corpus, "s2", RAG, second, replaced={"b.md", "c.md"},
                              meta={"run_id": "r2"})  # fmt: skip
    assert ids(built.written.path) == ["c0001", "c0020"]
    assert built.links is not None and built.links_file is None
    assert built.links.column("output_id").to_pylist() == ["c0001", "c0020"]
    assert set(built.links.column("snapshot_id").to_pylist()) == {"s2"}
    manifest = json.loads((built.written.path / "manifest.json").read_text())
    assert manifest["row_count"] == 2 and manifest["metadata"] == {"run_id": "r2"}


def test_parts_and_row_groups_roll_over_at_their_limits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(snapshot, "ROW_GROUP_ROWS", 4)
    monkeypatch.setattr(snapshot, "PART_ROWS", 10)
    batches = [stage(tmp_path, f"b{i}", [rag_row(i * 10 + j) for j in range(7)]) for i in range(3)]
    built = assemble_snapshot(tmp_path / "rag", "s1", RAG, batches, replaced=set(), meta={})
    manifest = json.loads((built.written.path / "manifest.json").read_text())
    assert [f["rows"] for f in manifest["files"]] == [10, 10, 1]
    assert manifest["row_count"] == 21 == len(ids(built.written.path))
    for f in manifest["files"]:
        meta = pq.ParquetFile(built.written.path / f["name"]).metadata
        assert meta.num_rows == f["rows"] and meta.num_row_groups == f["row_groups"]
        assert all(meta.row_group(g).num_rows <= 4 for g in range(meta.num_row_groups))


REPLY = (
    "We checked the shipment with the carrier and it left our warehouse on Monday; it "
    "should reach you within three working days, or we send a replacement"
)


def test_staged_duplicates_are_dropped_with_reasons_across_batches(tmp_path: Path) -> None:
    corpus = tmp_path / "finetune"
    batches = [stage(tmp_path, "b0", [ft_row(1, REPLY), ft_row(2, "Thanks, it is fixed now.")],
                     "finetune"),
               stage(tmp_path, "b1", [ft_row(3, REPLY.upper()), ft_row(4, REPLY + " today")],
                     "finetune"),
               stage(tmp_path, "b2", [ft_row(5, REPLY)], "finetune")]  # fmt: skip
    kept, drops = dedup_staged(corpus, FINETUNE, batches, replaced=set())
    assert [(d.doc_id, d.reason.split(":")[0]) for d in drops] == [
        ("d3", "exact duplicate"), ("d4", "near duplicate"), ("d5", "exact duplicate")]  # fmt: skip
    assert kept == batches[:1] and not batches[1].exists() and not batches[2].exists()
    built = assemble_snapshot(corpus, "s1", FINETUNE, kept, replaced=set(), meta={})
    assert ids(built.written.path, "record_id") == ["r0001", "r0002"]
    assert built.links.num_rows == built.written.row_count == 2


def test_published_rows_are_kept_and_new_copies_of_them_dropped(tmp_path: Path) -> None:
    corpus = tmp_path / "finetune"
    first = [stage(tmp_path, "b0", [ft_row(1, REPLY, "old.jsonl")], "finetune")]
    assemble_snapshot(corpus, "s1", FINETUNE, first, replaced=set(), meta={})
    publish(corpus, "s1")
    again = [stage(tmp_path, "b1", [ft_row(2, REPLY, "new.jsonl"), ft_row(3, "Other answer.")],
                   "finetune")]  # fmt: skip
    kept, drops = dedup_staged(corpus, FINETUNE, again, replaced={"new.jsonl"})
    assert [(d.doc_id, d.reason) for d in drops] == [
        ("d2", "exact duplicate: same normalized text as r0001")
    ]
    replaced_old = [stage(tmp_path, "b2", [ft_row(2, REPLY, "new.jsonl")], "finetune")]
    _, none = dedup_staged(corpus, FINETUNE, replaced_old, replaced={"old.jsonl"})
    assert none == []  # the published copy's file changed, so it no longer counts
    assert kept == again


def test_rag_is_not_deduplicated_by_default(tmp_path: Path) -> None:
    rows = [rag_row(1), {**rag_row(2), "text": "chunk number 1"}]
    batches = [stage(tmp_path, "b0", rows)]
    assert dedup_staged(tmp_path / "rag", RAG, batches, replaced=set()) == (batches, [])


def test_dedup_defaults_by_kind_and_policy_override() -> None:
    assert dedup_config(FINETUNE) == Dedup() and dedup_config(RAG) is None
    assert dedup_config(RAG.model_copy(update={"dedup": Dedup(near=False)})) == Dedup(near=False)


def test_duplicate_ids_fail_and_leave_no_snapshot_folder(tmp_path: Path) -> None:
    corpus = tmp_path / "rag"
    batches = [stage(tmp_path, "b0", [rag_row(1)]), stage(tmp_path, "b1", [rag_row(1)])]
    with pytest.raises(TerminalError, match="duplicate chunk_id values in corpus rag"):
        assemble_snapshot(corpus, "s1", RAG, batches, replaced=set(), meta={})
    assert list(corpus.iterdir()) == []


def test_links_streamed_to_a_file_equal_the_links_kept_in_memory(tmp_path: Path) -> None:
    batches = [stage(tmp_path, "b0", [rag_row(1), rag_row(2)]), stage(tmp_path, "b1", [])]
    kept = assemble_snapshot(tmp_path / "a" / "rag", "s1", RAG, batches, replaced=set(), meta={})
    links = tmp_path / "lineage" / "outputs-rag.parquet"
    streamed = assemble_snapshot(tmp_path / "b" / "rag", "s1", RAG, batches, replaced=set(),
                                 meta={}, links_file=links)  # fmt: skip
    assert streamed.links is None and streamed.links_file == links
    assert kept.links is not None and pq.read_table(links).equals(kept.links)


def test_duplicate_ids_fail_when_links_are_streamed_too(tmp_path: Path) -> None:
    corpus = tmp_path / "rag"
    batches = [stage(tmp_path, "b0", [rag_row(1)]), stage(tmp_path, "b1", [rag_row(1)])]
    with pytest.raises(TerminalError, match="duplicate chunk_id values in corpus rag"):
        assemble_snapshot(corpus, "s1", RAG, batches, replaced=set(), meta={},
                          links_file=tmp_path / "links.parquet")  # fmt: skip
    assert list(corpus.iterdir()) == []


def test_an_empty_snapshot_still_has_a_schema_and_a_manifest(tmp_path: Path) -> None:
    with SnapshotWriter(tmp_path / "rag", "s0", "rag", {"run_id": "r"}) as writer:
        written = writer.commit()
    assert written.row_count == 0
    part = pq.ParquetFile(written.path / "part-00000.parquet")
    assert part.metadata.num_rows == 0 and "allowed_groups" in part.schema_arrow.names


def test_publish_keeps_the_policy_number_of_snapshots(tmp_path: Path) -> None:
    corpus = tmp_path / "rag"
    path = stage(tmp_path, "b0", [rag_row(1)])
    for i in range(4):
        assemble_snapshot(corpus, f"s{i}", RAG, [path], replaced={"a.md"}, meta={})
        publish(corpus, f"s{i}", keep=2)
    assert sorted(p.name for p in corpus.iterdir() if p.is_dir()) == ["s2", "s3"]
    assert (corpus / "CURRENT").read_text().strip() == "s3"
