"""Erasure on a small hand-built workspace: real DuckDB and Parquet, no pipeline run."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from governance.corpora.schemas import SCHEMAS
from governance.corpora.snapshot import publish, write_rows, write_snapshot
from governance.erasure.erase import ErasureRequest, erase
from governance.errors import ConfigError
from governance.lineage.store import DocumentRow, LineageStore, RunRecord, RunStart, SnapshotRow
from governance.workspace import Workspace

KEY_ID = "k-test"


def _stamp(doc: str, uri: str, key_id: str = KEY_ID) -> dict[str, Any]:
    return {"doc_id": doc, "source": "docs", "source_uri": uri, "classification": "internal",
            "allowed_groups": ["all"], "legal_basis": "consent", "retention_until": date(2030, 1, 1),
            "policy_hash": "p", "run_id": "r1", "key_id": key_id}  # fmt: skip


def rag(cid: str, doc: str, uri: str, text: str, key_id: str = KEY_ID) -> dict[str, Any]:
    return {"chunk_id": cid, "text": text, "title": None, "language": "en", "source_start": 0,
            "source_end": len(text), "pii_replaced": 0, **_stamp(doc, uri, key_id)}  # fmt: skip


def ft(rid: str, doc: str, uri: str, content: str) -> dict[str, Any]:
    return {"record_id": rid, "kind": "chat", "text": None, "language": "en", "pii_replaced": 0,
            "messages": [{"role": "user", "content": content}], **_stamp(doc, uri)}  # fmt: skip


def _build(ws: Workspace, rows: dict[str, list[dict[str, Any]]]) -> dict[str, str]:
    """A completed run r1 that published one snapshot per corpus."""
    kinds = {"rag": "rag", "finetune": "finetune"}
    record = RunRecord(run_id="r1", status="completed")
    links = []
    published = {}
    for corpus, corpus_rows in rows.items():
        table = pa.Table.from_pylist(corpus_rows, schema=SCHEMAS[kinds[corpus]])
        written = write_snapshot(ws.corpus(corpus), f"s-{corpus}", table, kinds[corpus], {})
        record.snapshots.append(SnapshotRow(written.snapshot_id, corpus, kinds[corpus],
                                            written.row_count, str(written.path), "x", "published"))  # fmt: skip
        id_col = "chunk_id" if corpus == "rag" else "record_id"
        links += [{"snapshot_id": written.snapshot_id, "output_id": r[id_col], "corpus": corpus,
                   "doc_id": r["doc_id"], "run_id": "r1", "source_start": None,
                   "source_end": None} for r in corpus_rows]  # fmt: skip
        published[corpus] = written.snapshot_id
    docs = {(r["doc_id"], r["source_uri"]) for rs in rows.values() for r in rs}
    record.documents = [DocumentRow(d, "docs", u, "md", "en", "h") for d, u in sorted(docs)]
    record.outputs = pa.Table.from_pylist(links, schema=pa.schema([
        ("snapshot_id", pa.string()), ("output_id", pa.string()), ("corpus", pa.string()),
        ("doc_id", pa.string()), ("run_id", pa.string()), ("source_start", pa.int64()),
        ("source_end", pa.int64())]))  # fmt: skip
    with LineageStore(ws.lineage) as store:
        store.start_run(RunStart("r1", "default", "p", "policy.yaml", "{}", KEY_ID, "0", "thread"))
        store.finish_run(record)
        store.record_consumer(published["finetune"], "ft-job", "finetune")
    for corpus, snapshot in published.items():
        publish(ws.corpus(corpus), snapshot)
    return published


def _current(ws: Workspace, corpus: str) -> list[dict[str, Any]]:
    snap = (ws.corpus(corpus) / "CURRENT").read_text().strip()
    return pq.read_table(sorted((ws.corpus(corpus) / snap).glob("part-*.parquet"))).to_pylist()


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace.open(tmp_path / "ws")


@pytest.fixture
def subject(pseudonymizer: Any, default_policy: Any) -> Any:
    from dataclasses import replace

    from governance.erasure.subject import subject_of

    ps = replace(pseudonymizer, key=replace(pseudonymizer.key, key_id=KEY_ID))
    return subject_of("Jane Cooper", default_policy, ps)


def test_doc_erasure_publishes_snapshots_without_the_document(ws: Workspace) -> None:
    old = _build(ws, {"rag": [rag("c1", "d1", "a.md", "alpha"), rag("c2", "d2", "b.md", "beta")],
                      "finetune": [ft("f1", "d1", "a.md", "alpha"), ft("f2", "d2", "b.md", "b")]})  # fmt: skip
    result = erase(ws.root, ErasureRequest(doc="d1", reason="ticket-1"))
    assert [r["doc_id"] for r in _current(ws, "rag")] == ["d2"]
    assert [r["doc_id"] for r in _current(ws, "finetune")] == ["d2"]
    assert not (ws.corpus("rag") / old["rag"]).exists()
    cert = json.loads(result.certificate_path.read_text())
    assert cert["output_ids"] == {"finetune": ["f1"], "rag": ["c1"]}
    assert [c["job"] for c in cert["consumers_to_rebuild"]] == ["ft-job"]
    with LineageStore(ws.lineage, read_only=True) as store:
        assert store.query("SELECT state FROM documents WHERE doc_id = 'd1'")[1] == [("erased",)]
        statuses = dict(store.query("SELECT snapshot_id, status FROM snapshots")[1])
        assert statuses[old["rag"]] == "purged" and statuses[result.published["rag"]] == "published"
        links = store.query("SELECT output_id FROM outputs WHERE snapshot_id = ?",
                            [result.published["rag"]])[1]  # fmt: skip
        assert links == [("c2",)]


def test_an_unknown_document_is_a_usage_error(ws: Workspace) -> None:
    _build(
        ws, {"rag": [rag("c1", "d1", "a.md", "alpha")], "finetune": [ft("f1", "d1", "a.md", "a")]}
    )
    with pytest.raises(ConfigError, match="no document 'nope' in lineage"):
        erase(ws.root, ErasureRequest(doc="nope"))


def test_subject_rows_go_by_token_surrogate_value_and_document(ws: Workspace, subject: Any) -> None:
    token = subject.tokens["PERSON"]
    fake = subject.surrogates["PERSON"][0]
    _build(ws, {
        "rag": [rag("c1", "d1", "a.md", f"Call {token} today"), rag("c2", "d1", "a.md", "Nothing here"),
                rag("c3", "d2", "b.md", "missed: jane COOPER in clear"), rag("c4", "d3", "c.md", "x")],
        "finetune": [ft("f1", "d1", "a.md", "[US_SSN] only"), ft("f2", "d4", "d.md", f"Hi {fake}"),
                     ft("f3", "d3", "c.md", "x")],
    })  # fmt: skip
    result = erase(ws.root, ErasureRequest(subject=subject))
    assert sorted(r["chunk_id"] for r in _current(ws, "rag")) == ["c2", "c4"]
    assert [r["record_id"] for r in _current(ws, "finetune")] == ["f3"]
    assert result.certificate["rows_removed"] == {"finetune": 2, "rag": 2}
    stored = json.dumps(result.certificate, default=str) + (
        ws.root / "lineage.duckdb"
    ).read_bytes().decode("latin-1")
    assert "jane" not in stored.lower() and fake not in stored
    assert token in stored  # the keyed token is how lineage explains what was searched


def test_subject_search_refuses_rows_made_with_another_key(ws: Workspace, subject: Any) -> None:
    _build(ws, {"rag": [rag("c1", "d1", "a.md", "x", key_id="k-other")],
                "finetune": [ft("f1", "d1", "a.md", "x")]})  # fmt: skip
    with pytest.raises(ConfigError, match="pseudonymized with key k-other"):
        erase(ws.root, ErasureRequest(subject=subject))


def test_quarantine_staging_and_orphan_snapshots_are_scrubbed(ws: Workspace) -> None:
    _build(ws, {"rag": [rag("c1", "d1", "a.md", "a"), rag("c2", "d2", "b.md", "b")],
                "finetune": [ft("f1", "d1", "a.md", "a")]})  # fmt: skip
    bad = ws.quarantine("r0") / "rag" / "batch-00000.parquet"
    write_rows([rag("c1", "d1", "a.md", "a"), rag("c9", "d9", "z.md", "z")], "rag", bad)
    write_rows([rag("c1", "d1", "a.md", "a")], "rag", ws.staging("r-killed") / "rag" / "b.parquet")
    orphan = write_snapshot(ws.corpus("rag"), "orphan", pa.Table.from_pylist(
        [rag("c1", "d1", "a.md", "a")], schema=SCHEMAS["rag"]), "rag", {})  # fmt: skip
    result = erase(ws.root, ErasureRequest(source="docs:a.md"))
    assert [r["chunk_id"] for r in pq.read_table(bad).to_pylist()] == ["c9"]
    assert not ws.staging("r-killed").exists() and not orphan.path.exists()
    assert result.scrubbed["quarantine_rows"] == 1 and result.scrubbed["staging_folders"] == 1


def test_an_erased_source_file_is_skipped_by_later_runs(ws: Workspace) -> None:
    from governance.erasure.plan import erased_files, skip_erased
    from governance.ingest.discover import Plan
    from governance.records import FileState, SourceFile

    _build(ws, {"rag": [rag("c1", "d1", "a.md", "a")], "finetune": [ft("f1", "d1", "a.md", "a")]})
    result = erase(ws.root, ErasureRequest(source="a.md"))
    with LineageStore(ws.lineage, read_only=True) as store:
        erased = erased_files(store)
    files = [SourceFile("docs", f"/x/{u}", u, 1, "h", "md") for u in ("a.md", "b.md")]
    plan = skip_erased(Plan(files[:1], files[1:], [], []), erased)
    assert [f.uri for f in plan.to_process] == [] and [f.uri for f in plan.unchanged] == ["b.md"]
    (skipped,) = plan.skipped
    assert skipped.state is FileState.SKIPPED and skipped.rule == f"erased: {result.erasure_id}"


def test_erased_documents_and_subject_tokens_are_held_for_later_runs(
    ws: Workspace, subject: Any, caplog: pytest.LogCaptureFixture
) -> None:
    from governance.erasure.hold import HELD_FILE, held_for
    from governance.erasure.plan import write_held

    token = subject.tokens["PERSON"]
    _build(ws, {"rag": [rag("c1", "d1", "a.md", f"Call {token}"), rag("c2", "d2", "b.md", "b")],
                "finetune": [ft("f1", "d2", "b.md", "b")]})  # fmt: skip
    by_doc = erase(ws.root, ErasureRequest(doc="d2"))
    by_subject = erase(ws.root, ErasureRequest(subject=subject))
    staging = ws.staging("r2")
    with LineageStore(ws.lineage, read_only=True) as store:
        assert write_held(store, staging, KEY_ID) == 0
        assert write_held(store, ws.staging("r3"), "k-rotated") == 1
    held = held_for(staging)
    assert held.documents == {"d2": by_doc.erasure_id}
    assert held.tokens[token] == by_subject.erasure_id
    assert set(held.tokens) == set(subject.tokens.values())
    assert "jane" not in (staging / HELD_FILE).read_text().lower()  # tokens and ids only
    rotated = held_for(ws.staging("r3"))  # another key: her tokens cannot match
    assert rotated.tokens == {} and rotated.documents == held.documents
    assert rotated.subject_documents == {"d1": by_subject.erasure_id}  # where she was found
    assert "1 subject erasure(s) were made under another key" in caplog.text
    assert not held_for(ws.staging("r-none"))
