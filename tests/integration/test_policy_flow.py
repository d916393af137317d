"""Policies on the real flow (Prefect, DuckDB, Great Expectations, Parquet): the worked
examples run on the demo corpus, and a policy-only change re-processes what it affects."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from governance.policy import load_policy
from tests.conftest import REPO
from tests.integration.conftest import current_rows as _rows
from tests.integration.conftest import lineage_sql as _sql

pytestmark = pytest.mark.usefixtures("prefect_api")


def _run(policy: Path, corpus: Path, workspace: Path) -> dict[str, Any]:
    from flows.govern import govern

    return govern(policy_path=str(policy), workspace=str(workspace), source_root=str(corpus),
                  runner="thread")  # fmt: skip


@pytest.fixture(scope="module")
def demo_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from governance.demo import generate_demo_corpus

    root = tmp_path_factory.mktemp("demo") / "demo-corpus"
    generate_demo_corpus(root)
    return root


def _in_scope_gold(corpus: Path, workspace: Path, policy_roots: dict[str, str]) -> list[str]:
    """Planted values of the files this policy read (never printed: compared only)."""
    read = {f"{policy_roots[s]}/{u}" for s, u in _sql(workspace, "SELECT source, source_uri "
                                                     "FROM files WHERE state = 'processed'")}  # fmt: skip
    gold = json.loads((corpus / "gold.json").read_text())["values"]
    return [v["value"] for v in gold if v["file"] in read]


def _all_text(row: dict[str, Any]) -> str:
    return (row.get("text") or "") + json.dumps(row.get("messages") or [], ensure_ascii=False)


EXPECT = {
    "hr": {"detector": "employee id", "absent": "salary:"},
    "support-finetune": {"detector": "order number", "operator": "drop"},
    "spanish": {"language": "es"},
}


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_worked_example_runs_on_the_demo_corpus(
    name: str, demo_corpus: Path, tmp_path: Path
) -> None:
    path = REPO / "policies" / f"{name}.yaml"
    policy = load_policy(path)
    ws = tmp_path / "ws"
    summary = _run(path, demo_corpus, ws)
    assert summary["status"] == "completed" and set(summary["published"]) == set(policy.targets)
    [(run_hash,)] = _sql(ws, "SELECT policy_hash FROM runs")
    gold = _in_scope_gold(demo_corpus, ws, {s.name: s.root for s in policy.sources})
    assert len(gold) > 20
    expect = EXPECT[name]
    for target in policy.targets:
        rows = _rows(ws, target)
        assert rows
        blob = "\n".join(_all_text(r) for r in rows)
        assert not [v for v in gold if v in blob], f"planted values left in clear in {target}"
        for row in rows:
            assert row["policy_hash"] == run_hash
            assert row["classification"] == policy.labels.classification
            assert row["allowed_groups"] == list(policy.labels.allowed_groups)
            assert row["language"] == expect.get("language", row["language"])
        assert expect.get("absent", "\x00") not in blob
    detectors = {d for (d,) in _sql(ws, "SELECT DISTINCT detector FROM findings")}
    assert expect.get("detector", "column_role") in detectors | {"column_role"}
    operators = {o for (o,) in _sql(ws, "SELECT DISTINCT operator FROM findings")}
    assert expect.get("operator", "redact") in operators


def test_a_policy_only_change_reprocesses_what_it_affects(
    policy_file: Path, corpus: Path, tmp_path: Path
) -> None:
    ws = tmp_path / "ws"
    first = _run(policy_file, corpus, ws)
    assert first["counts"] == {"processed": 5}
    before = {r["source"]: r["policy_hash"] for r in _rows(ws, "rag")}
    # Only the HR source's section changes: its notes column is no longer read.
    policy_file.write_text(
        policy_file.read_text().replace("notes: {role: free_text}", "notes: {role: drop}")
    )
    second = _run(policy_file, corpus, ws)
    assert second["counts"] == {"processed": 1, "unchanged": 4}
    hashes = _sql(ws, "SELECT run_id, policy_hash FROM runs ORDER BY started_at")
    assert [h for _, h in hashes] == [before["hr"], hashes[1][1]] and hashes[0][1] != hashes[1][1]
    after = {r["source"]: r["policy_hash"] for r in _rows(ws, "rag")}
    assert after["hr"] == hashes[1][1]
    assert {s: after[s] for s in ("tickets", "mail", "docs")} == {
        s: hashes[0][1] for s in ("tickets", "mail", "docs")
    }
    assert "notes:" not in "\n".join(r["text"] for r in _rows(ws, "rag") if r["source"] == "hr")
    changed = _sql(ws, "SELECT a.source FROM run_sources a JOIN run_sources b USING (source) "
                   f"WHERE a.run_id = '{hashes[0][0]}' AND b.run_id = '{hashes[1][0]}' "
                   "AND a.treatment_hash <> b.treatment_hash")  # fmt: skip
    assert changed == [("hr",)]
    origin = _sql(ws, "SELECT DISTINCT c.source, c.policy_hash FROM chunk_origin c "
                  "JOIN current_snapshots s USING (snapshot_id) ORDER BY 1")  # fmt: skip
    assert dict(origin) == after
    per_file = _sql(ws, "SELECT source_uri, state, policy_hash FROM file_treatments "
                    f"WHERE run_id = '{hashes[1][0]}' ORDER BY 1")  # fmt: skip
    assert ("staff.csv", "processed", hashes[1][1]) in per_file
    assert ("a.md", "unchanged", hashes[1][1]) in per_file
