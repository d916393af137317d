"""After `govern erase` and a re-index (the reindex flow), erased rows are gone from the
index: from its table and from the files on disk."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import lancedb
import pytest

from governance.cli import main
from tests.integration.conftest import write_corpus

pytestmark = pytest.mark.usefixtures("prefect_api")


def _index_rows(ws: Path) -> list[dict[str, str]]:
    folder = ws / "indexes" / "rag"
    build = folder / (folder / "CURRENT").read_text().strip()
    table = lancedb.connect(str(build)).open_table("chunks")
    return table.to_arrow().select(["chunk_id", "doc_id", "text"]).to_pylist()


def _bytes_on_disk(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_erased_rows_leave_the_index_after_a_reindex(
    policy_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from flows.govern import govern
    from flows.index import reindex

    ws = tmp_path / "ws"
    corpus = write_corpus(tmp_path / "sources")
    govern(policy_path=str(policy_file), workspace=str(ws), source_root=str(corpus),
           runner="thread")  # fmt: skip
    first = reindex(workspace=str(ws))
    con = duckdb.connect(str(ws / "lineage.duckdb"), read_only=True)
    doc_id = con.execute("SELECT doc_id FROM documents WHERE source_uri = 'a.md'").fetchone()[0]
    con.close()
    before = _index_rows(ws)
    erased = [r for r in before if r["doc_id"] == doc_id]
    assert erased and first["rows"] == len(before)
    marker = erased[0]["text"].encode()
    assert marker in _bytes_on_disk(ws / "indexes")  # the check below can fail

    assert main(["erase", "--workspace", str(ws), "--doc", doc_id, "--reason", "DSR-1",
                 "--json"]) == 0  # fmt: skip
    certificate = json.loads(capsys.readouterr().out)
    assert certificate["published"]["rag"] != first["snapshot_id"]
    told = [(c["job"], c["kind"]) for c in certificate["consumers_to_rebuild"]]
    assert ("index:rag", "vector_index") in told  # lineage names this index for a rebuild

    second = reindex(workspace=str(ws))
    after = _index_rows(ws)
    assert second["snapshot_id"] == certificate["published"]["rag"]
    assert len(after) == len(before) - len(erased) == second["rows"]
    assert doc_id not in {r["doc_id"] for r in after}
    assert marker not in _bytes_on_disk(ws / "indexes")
    assert [p.name for p in (ws / "indexes" / "rag").iterdir() if p.is_dir()] == [
        second["build_id"]
    ]
    con = duckdb.connect(str(ws / "lineage.duckdb"), read_only=True)
    consumers = con.execute("SELECT snapshot_id FROM consumers ORDER BY consumed_at").fetchall()
    con.close()
    assert consumers == [(first["snapshot_id"],), (second["snapshot_id"],)]
