"""Personal data through side channels (issue 19): file and folder names, archive entry
names, names that are not UTF-8, files swapped after discovery. Each test runs the real
stages (DuckDB lineage, Parquet corpora, Great Expectations) in one process."""

from __future__ import annotations

import json
import os
from pathlib import Path

from governance.context import RunConfig, new_context
from governance.finalize import finalize
from governance.planning import plan_run, work_batches
from governance.screen import screen, validate_batch
from governance.unit import process_batch
from governance.workspace import Workspace
from tests.integration.conftest import current_rows, lineage_sql
from tests.pipeline import run_pipeline


def _published_text(ws: Path) -> str:
    return json.dumps([current_rows(ws, c) for c in ("rag", "finetune")], default=str)


def test_a_file_name_that_is_not_utf8_does_not_stop_the_run(
    corpus: Path, policy_file: Path, tmp_path: Path
) -> None:
    raw = os.path.join(os.fsencode(corpus / "docs"), b"caf\xe9_menu.md")
    with open(raw, "wb") as fh:
        fh.write(b"# Menu\n\nThe cafe serves soup on Fridays.\n")
    _, summary = run_pipeline(policy_file, tmp_path / "ws", corpus)
    assert summary.status == "completed"
    [(uri, state)] = lineage_sql(
        tmp_path / "ws", "SELECT source_uri, state FROM files WHERE source_uri LIKE 'caf%'"
    )
    assert (uri, state) == ("caf\\xe9_menu.md", "processed")
    assert "soup on Fridays" in _published_text(tmp_path / "ws")


def test_a_file_swapped_after_discovery_is_quarantined_never_followed(
    corpus: Path, policy_file: Path, tmp_path: Path
) -> None:
    """A link to a file outside the root, swapped in between discovery and the read, is
    refused (O_NOFOLLOW); a file edited in that window is quarantined, not read as new."""
    outside = tmp_path / "outside.txt"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n")
    ws = tmp_path / "ws"
    config = RunConfig(str(policy_file), str(ws), str(corpus))
    with Workspace.open(str(ws)).lock():
        ctx = new_context(config)
        plan = plan_run(ctx)
        (corpus / "docs" / "a.md").unlink()
        (corpus / "docs" / "a.md").symlink_to(outside)
        (corpus / "docs" / "b.md").write_text(
            "# Holidays\n\nThe office opened on public holidays.\n"
        )
        work = work_batches(ctx, plan)
        results = [process_batch(ctx, i, files) for i, files in enumerate(work)]
        screened = screen(ctx, plan, results)
        checks = [validate_batch(ctx, c, p) for c, p in screened.to_validate]
        finalize(ctx, plan, results, screened, checks)
    rows = lineage_sql(ws, "SELECT source_uri, state, error_class, reason FROM files "
                           "WHERE source_uri IN ('a.md', 'b.md') ORDER BY 1")  # fmt: skip
    assert rows == [
        ("a.md", "quarantined", "ChangedFile", "replaced by a symbolic link after discovery"),
        ("b.md", "quarantined", "ChangedFile", "content changed after discovery (another "
         "content hash)"),
    ]  # fmt: skip
    published = _published_text(ws)
    assert "root:x:0:0" not in published and "office opened" not in published
