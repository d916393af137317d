"""Trace, impact, consumers and the CLI over a hand-built workspace (real DuckDB)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from governance.cli import main
from governance.errors import ConfigError
from governance.lineage.queries import consume, impact, resolve_sources, trace
from governance.lineage.store import LineageStore
from governance.workspace import Workspace
from tests.unit.erasure.test_erasure import _build, ft, rag


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    ws = Workspace.open(tmp_path / "ws")
    _build(ws, {"rag": [rag("c1", "d1", "a.md", "alpha"), rag("c2", "d2", "sub/b.md", "beta")],
                "finetune": [ft("f1", "d1", "a.md", "alpha")]})  # fmt: skip
    return ws


def test_sources_resolve_by_source_uri_name_or_bare_uri(ws: Workspace) -> None:
    with LineageStore(ws.lineage, read_only=True) as store:
        assert [str(r) for r in resolve_sources(store, "docs:sub/b.md")] == ["docs:sub/b.md"]
        assert [str(r) for r in resolve_sources(store, "docs")] == ["docs:a.md", "docs:sub/b.md"]
        assert [str(r) for r in resolve_sources(store, "a.md")] == ["docs:a.md"]
        with pytest.raises(ConfigError, match="no source 'mail:a.md' in lineage"):
            resolve_sources(store, "mail:a.md")


def test_trace_and_impact_follow_the_links(ws: Workspace) -> None:
    with LineageStore(ws.lineage, read_only=True) as store:
        t = trace(store, "c1")
        assert (t["doc_id"], t["source_uri"], t["run_id"], t["run_status"]) == (
            "d1", "a.md", "r1", "completed")  # fmt: skip
        assert [s["status"] for s in t["snapshots"]] == ["published"]
        with pytest.raises(ConfigError, match="no output 'zz' in lineage"):
            trace(store, "zz")
        i = impact(store, "a.md")
    assert [o["output_id"] for o in i["outputs"]] == ["f1", "c1"]
    assert [c["job"] for c in i["consumers"]] == ["ft-job"]


def test_consumers_are_checked(ws: Workspace) -> None:
    with LineageStore(ws.lineage) as store:
        with pytest.raises(ConfigError, match="consumer kind 'model'"):
            consume(store, "s-rag", "job", "model")
        with pytest.raises(ConfigError, match="snapshot nope is not in lineage"):
            consume(store, "nope", "job", "finetune")


def test_cli_consume_and_sql_json(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lineage", "consume", "--snapshot", "s-rag", "--job", "kb", "--kind",
                 "vector_index", "--workspace", str(ws.root), "--json"]) == 0  # fmt: skip
    consumer = json.loads(capsys.readouterr().out)["consumer_id"]
    query = "SELECT job, kind FROM consumers WHERE consumer_id = '" + consumer + "'"
    assert main(["lineage", "sql", query, "--workspace", str(ws.root), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"job": "kb", "kind": "vector_index"}]
    assert main(["lineage", "consume", "--snapshot", "s-rag", "--job", "Zebulon.Quackenbush-bot",
                 "--workspace", str(ws.root)]) == 0  # fmt: skip
    assert "Quackenbush" not in capsys.readouterr().out
    query = "SELECT job FROM consumers WHERE kind = 'other'"
    assert main(["lineage", "sql", query, "--workspace", str(ws.root), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"job": "[PERSON]-bot"}]
    assert main(["lineage", "trace", "nope", "--workspace", str(ws.root)]) == 2
    assert "no output 'nope' in lineage" in capsys.readouterr().err


def test_cli_erase_reads_the_subject_from_stdin(
    ws: Workspace, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Jo\n"))
    assert main(["erase", "--subject", "-", "--workspace", str(ws.root)]) == 2
    assert "--subject needs at least 3 characters" in capsys.readouterr().err
    assert main(["erase", "--doc", "d2", "--workspace", str(ws.root)]) == 0
    out = capsys.readouterr().out
    assert "removed 1 row(s) derived from 1 document(s)" in out
    assert "consumers that read an affected snapshot: none" in out
