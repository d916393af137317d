"""A large table split into parts publishes exactly what the whole file would, and its
lineage shows one file with all its documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.crashes import RUN_FIELDS
from tests.integration.conftest import current_rows, lineage_sql, write_corpus
from tests.pipeline import run_pipeline

NAMES = ["Ana Torres", "Liam Walsh", "Mei Chen", "Omar Haddad", "Sara Berg", "Tom Price"]


def big_tables(root: Path) -> Path:
    write_corpus(root)
    with open(root / "tickets" / "t.jsonl", "a", encoding="utf-8") as fh:
        for i in range(40):
            name = NAMES[i % len(NAMES)]
            body = f"Hello, I am {name} and my order {1000 + i} never arrived."
            fh.write(json.dumps({"ticket_id": f"T-{i + 2}", "subject": "Order",
                                 "body": body, "reply": f"Sorry {name}, we resend it."}) + "\n")  # fmt: skip
    with open(root / "hr" / "staff.csv", "a", encoding="utf-8") as fh:
        for i in range(30):
            name = NAMES[i % len(NAMES)]
            user = name.lower().replace(" ", ".")
            fh.write(f"E-{i + 2},{name},,,,{user}{i}@example.org,Ops,40000,2021-03-04,\n")
    return root


def published(workspace: Path, corpus: str) -> list[dict[str, Any]]:
    rows = [
        {k: v for k, v in r.items() if k not in RUN_FIELDS} for r in current_rows(workspace, corpus)
    ]
    key = "chunk_id" if corpus == "rag" else "record_id"
    return sorted(rows, key=lambda r: str(r[key]))


def test_split_tables_publish_the_same_rows_as_whole_files(
    tmp_path: Path, policy_file: Path
) -> None:
    sources = big_tables(tmp_path / "sources")
    sizes = {p.name: p.stat().st_size for p in sources.rglob("*.*")}
    assert sizes["t.jsonl"] > 3 * 1000 and sizes["staff.csv"] > 2 * 1000
    whole_batches, whole = run_pipeline(policy_file, tmp_path / "whole", sources)
    split_batches, split = run_pipeline(policy_file, tmp_path / "split", sources, batch_bytes=1000)
    assert whole.status == split.status == "completed"
    assert whole.counts == split.counts == {"processed": 5}
    assert split_batches > whole_batches + 4  # the two tables became several units
    for corpus in ("rag", "finetune"):
        assert published(tmp_path / "whole", corpus) == published(tmp_path / "split", corpus)
        assert whole.rows[corpus] == split.rows[corpus] > 70
    query = "SELECT source_uri, state, documents FROM files ORDER BY source_uri"
    assert lineage_sql(tmp_path / "whole", query) == lineage_sql(tmp_path / "split", query)
    assert ("t.jsonl", "processed", 41) in lineage_sql(tmp_path / "split", query)
