"""What the crash-safety tests share: a corpus of two batches, the published rows, and
the check that CURRENT never names a partial snapshot."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from governance.faults import POINTS
from tests.integration.conftest import write_corpus

CORPORA = ("rag", "finetune")
COMMITTED = POINTS.index("lineage:committed")  # kills from here on follow the commit


def sources(root: Path) -> Path:
    """The tiny corpus plus enough pages for two batches (so a process pool runs them)."""
    write_corpus(root)
    for i in range(70):
        (root / "docs" / f"page{i:03d}.md").write_text(
            f"# Page {i}\n\nWritten by Grace Hopper for team {i}. Call +1 415-555-{1000 + i}.\n"
        )
    return root


RUN_FIELDS = ("run_id", "retention_until")


def published(workspace: Path) -> dict[str, list[dict[str, Any]]]:
    """Every corpus's CURRENT rows without the run's id and date, in id order.

    ``retention_until`` is the run's date plus the policy's retention: two runs either
    side of midnight (UTC) differ there and nowhere else.
    """
    out = {}
    for corpus in CORPORA:
        folder = workspace / "corpora" / corpus
        snap = folder / (folder / "CURRENT").read_text().strip()
        rows = pq.read_table(sorted(snap.glob("part-*.parquet"))).to_pylist()
        key = "chunk_id" if corpus == "rag" else "record_id"
        out[corpus] = sorted(({k: v for k, v in r.items() if k not in RUN_FIELDS} for r in rows),
                             key=lambda r: str(r[key]))  # fmt: skip
    return out


def assert_current_is_whole(workspace: Path) -> None:
    for corpus in CORPORA:
        folder = workspace / "corpora" / corpus
        if not (folder / "CURRENT").exists():
            continue
        snap = folder / (folder / "CURRENT").read_text().strip()
        manifest = json.loads((snap / "manifest.json").read_text())
        for entry in manifest["files"]:
            data = (snap / entry["name"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == entry["sha256"].removeprefix("sha256:")
            assert pq.ParquetFile(snap / entry["name"]).metadata.num_rows == entry["rows"]
        assert sum(e["rows"] for e in manifest["files"]) == manifest["row_count"]
