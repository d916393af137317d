"""Personal data through side channels (issue 19): file and folder names, archive entry
names, names that are not UTF-8, files swapped after discovery. Each test runs the real
stages (DuckDB lineage, Parquet corpora, Great Expectations) in one process."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

from governance.context import RunConfig, new_context
from governance.run.stages import PLAN, InProcess, Stage, drive
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

    class SwapAfterPlan(InProcess):
        def one(self, stage: Stage, **kwargs: Any) -> Any:
            done = super().one(stage, **kwargs)
            if stage is PLAN:
                (corpus / "docs" / "a.md").unlink()
                (corpus / "docs" / "a.md").symlink_to(outside)
                (corpus / "docs" / "b.md").write_text(
                    "# Holidays\n\nThe office opened on public holidays.\n"
                )
            return done

    with Workspace.open(str(ws)).lock():
        drive(new_context(config), SwapAfterPlan())
    rows = lineage_sql(ws, "SELECT source_uri, state, error_class, reason FROM files "
                           "WHERE source_uri IN ('a.md', 'b.md') ORDER BY 1")  # fmt: skip
    assert rows == [
        ("a.md", "quarantined", "ChangedFile", "replaced by a symbolic link after discovery"),
        ("b.md", "quarantined", "ChangedFile", "content changed after discovery (another "
         "content hash)"),
    ]  # fmt: skip
    published = _published_text(ws)
    assert "root:x:0:0" not in published and "office opened" not in published


PLANTED = ["Zebulon", "Quackenbush", "zq.private@example.org", "48273619T", "Okafor"]


def _named_corpus(corpus: Path, policy_file: Path) -> None:
    """Personal data in folder names, file names and an archive entry's name."""
    import yaml

    from tests.unit.ingest.ingest_files import make_zip

    data = yaml.safe_load(policy_file.read_text())
    next(s for s in data["sources"] if s["name"] == "docs")["include"] = ["**/*"]
    policy_file.write_text(yaml.safe_dump(data, sort_keys=False))
    docs = corpus / "docs"
    (docs / "Zebulon Quackenbush").mkdir()
    (docs / "Zebulon Quackenbush" / "salary_review.md").write_text(
        "# Salary review\n\nThe review meeting is on Monday in room 4.\n")  # fmt: skip
    (docs / "zq.private@example.org.md").write_text("# Notes\n\nBring the signed form.\n")
    (docs / "DNI 48273619T.md").write_text("# Copy\n\nThe copy is filed in cabinet B.\n")
    (docs / "cv.zip").write_bytes(make_zip([("Nadia_Okafor_cv.pdf", b"not a PDF at all")]))


def test_personal_data_in_paths_reaches_no_output_but_lineage(
    corpus: Path, policy_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """Paths are published pseudonymized, sealed in the vault like text (so a RAG path's
    token opens with ``govern reidentify``), and kept as they are in lineage only."""
    from governance.cli import main
    from tests.leaks import leaks, written_files

    _named_corpus(corpus, policy_file)
    policy_file.write_text(policy_file.read_text().replace(
        "    suite: rag_chunks", "    suite: rag_chunks\n    vault: {env: GOVERN_VAULT_KEY}"))  # fmt: skip
    monkeypatch.setenv("GOVERN_VAULT_KEY", "vault-key-" + "v" * 40)
    ws = tmp_path / "ws"
    _, summary = run_pipeline(policy_file, ws, corpus)
    assert summary.status == "completed"
    outside = [p for p in written_files([ws]) if p.name != "lineage.duckdb"]
    assert any(p.suffix == ".parquet" for p in outside) and any(
        p.suffix == ".html" for p in outside
    )
    assert any(p.name == "files.jsonl" for p in outside)
    assert leaks(outside, PLANTED) == []
    rows = current_rows(ws, "rag")
    shown = {r["source_uri"] for r in rows if r["source"] == "docs"}
    assert any(u.startswith("<PERSON_") and u.endswith("/salary_review.md") for u in shown), shown
    assert any(u.startswith("<EMAIL_ADDRESS_") for u in shown), shown
    # lineage keeps the real path for tracing, next to the one shown everywhere else
    [(reason, shown_zip)] = lineage_sql(
        ws, "SELECT reason, shown_uri FROM files WHERE source_uri = 'cv.zip'")  # fmt: skip
    assert reason.startswith("entry 1 (pdf): ") and shown_zip == "cv.zip"
    [(real,)] = lineage_sql(ws, "SELECT source_uri FROM files WHERE shown_uri LIKE '%/salary%'")
    assert real == "Zebulon Quackenbush/salary_review.md"
    [rag_path] = [u for u in shown if u.endswith("/salary_review.md")]
    monkeypatch.setattr("sys.stdin", io.StringIO(rag_path))
    assert main(["reidentify", "--policy", str(policy_file), "--workspace", str(ws)]) == 0
    assert capsys.readouterr().out.strip() == real


def test_rows_of_a_file_with_a_personal_path_are_replaced_not_duplicated(
    corpus: Path, policy_file: Path, tmp_path: Path
) -> None:
    """Carry-forward matches rows on their file id, since the published path is not the
    source path any more."""
    _named_corpus(corpus, policy_file)
    ws = tmp_path / "ws"
    run_pipeline(policy_file, ws, corpus)
    before = {r["chunk_id"] for r in current_rows(ws, "rag")}
    (corpus / "docs" / "Zebulon Quackenbush" / "salary_review.md").write_text(
        "# Salary review\n\nThe review meeting moved to Tuesday.\n")  # fmt: skip
    (corpus / "docs" / "DNI 48273619T.md").unlink()
    _, summary = run_pipeline(policy_file, ws, corpus)
    assert summary.counts["processed"] == 1 and summary.counts["deleted"] == 1
    rows = [r for r in current_rows(ws, "rag") if r["source"] == "docs"]
    texts = [r["text"] for r in rows]
    assert sum("review meeting" in t for t in texts) == 1 and any("moved to" in t for t in texts)
    assert not any("cabinet B" in t for t in texts)
    assert len({r["chunk_id"] for r in current_rows(ws, "rag")} - before) == 1


def test_erasing_a_subject_reaches_the_paths_and_free_text_is_redacted(
    corpus: Path, policy_file: Path, tmp_path: Path
) -> None:
    """After ``govern erase --subject``, no byte under the workspace (lineage included)
    holds the subject's name, which was only in a folder name; a reason typed with personal
    data is stored redacted; an erasure by ``--source`` records the path as shown."""
    from governance.cli import main
    from tests.leaks import leaks, written_files

    _named_corpus(corpus, policy_file)
    ws = tmp_path / "ws"
    run_pipeline(policy_file, ws, corpus)
    assert any(r["source_uri"].endswith("/salary_review.md") for r in current_rows(ws, "rag"))
    reason = "DSR-9: Zebulon Quackenbush wrote from zebulon.q@example.org, tel +1 415-262-1234"
    assert main(["erase", "--subject", "Zebulon Quackenbush", "--policy", str(policy_file),
                 "--workspace", str(ws), "--reason", reason]) == 0  # fmt: skip
    assert not any(r["source_uri"].endswith("/salary_review.md") for r in current_rows(ws, "rag"))
    planted = ["Zebulon", "Quackenbush", "zebulon.q@example.org", "415-262-1234"]
    assert leaks(written_files([ws]), planted) == []
    [(stored,)] = lineage_sql(ws, "SELECT reason FROM erasures")
    assert stored.startswith("DSR-9: <ERASED_") and "[EMAIL_ADDRESS]" in stored, stored

    assert main(["erase", "--source", "docs:DNI 48273619T.md", "--reason", "DSR-10",
                 "--workspace", str(ws), "--policy", str(policy_file)]) == 0  # fmt: skip
    certificates = [p for p in written_files([ws]) if p.parent.name == "erasures"]
    assert len(certificates) == 2 and leaks(certificates, ["48273619T"]) == []
    targets = [t for (t,) in lineage_sql(ws, "SELECT target FROM erasures ORDER BY requested_at")]
    assert targets[1].startswith("docs:DNI <ES_NIF_") and "48273619T" not in targets[1]


def test_an_exception_carrying_a_value_never_reaches_prefect(
    corpus: Path, policy_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    prefect_api: None,
) -> None:  # fmt: skip
    """A stage that fails with a value in its exception's text: Prefect's logs, the flow
    run's state and lineage get the class and code line only."""
    import governance.run.batch
    from flows.govern import govern
    from governance.errors import InternalError

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("Zebulon Quackenbush, DNI 48273619T")

    monkeypatch.setattr(governance.run.batch, "write_batch_rows", crash)
    ws = tmp_path / "ws"
    with pytest.raises(InternalError, match=r"batch 0: unexpected RuntimeError at "):
        govern(policy_path=str(policy_file), workspace=str(ws), source_root=str(corpus),
               runner="thread")  # fmt: skip
    from prefect import get_client
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=30)  # logs reach the API in batches
    with get_client(sync_client=True) as client:
        logs = [log.message for log in client.read_logs()]
        states = [str(r.state.message if r.state else "") for r in client.read_flow_runs()]
    assert any("unexpected RuntimeError" in m for m in logs)
    text = "\n".join([*logs, *states])
    assert "Quackenbush" not in text and "48273619T" not in text
    assert lineage_sql(ws, "SELECT status, error FROM runs") == [("failed", "InternalError")]
