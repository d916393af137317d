"""Dedup fingerprints made by workers and published with snapshots, so the serial dedup
pass and incremental runs do not hash rows again."""

from __future__ import annotations

import json
from pathlib import Path

from governance.corpora.assemble import assemble_snapshot
from governance.corpora.dedup import fingerprints
from governance.corpora.dedup.fingerprints import INDEX_FILE, sidecar, write_sidecar
from governance.corpora.dedup.minhash import Deduplicator
from governance.corpora.dedup.staged import dedup_staged
from governance.corpora.shape import row_text
from governance.corpora.snapshot import publish
from governance.policy.model import Dedup
from tests.unit.corpora.test_corpora_assemble import FINETUNE, REPLY, ft_row, stage


def staged_with_sidecars(tmp: Path, batches: dict[str, list[dict[str, object]]]) -> list[Path]:
    paths = []
    for name, rows in batches.items():
        path = stage(tmp, name, rows, "finetune")
        write_sidecar(
            path, [str(r["record_id"]) for r in rows], [row_text(r) for r in rows], Dedup()
        )
        paths.append(path)
    return paths


def test_sidecars_give_the_same_drops_as_hashing_in_the_dedup_pass(tmp_path: Path) -> None:
    rows = {"b0": [ft_row(1, REPLY), ft_row(2, "Thanks, it is fixed now.")],
            "b1": [ft_row(3, REPLY.upper()), ft_row(4, REPLY + " today")]}  # fmt: skip
    plain = [stage(tmp_path / "plain", n, r, "finetune") for n, r in rows.items()]
    _, expected = dedup_staged(tmp_path / "a" / "finetune", FINETUNE, plain, replaced=set())
    with_fp = staged_with_sidecars(tmp_path / "fp", rows)
    index_dir = tmp_path / "fp" / "staging"
    kept, drops = dedup_staged(tmp_path / "b" / "finetune", FINETUNE, with_fp, replaced=set(),
                               index_dir=index_dir)  # fmt: skip
    assert drops == expected and len(drops) == 2 and kept == with_fp[:1]
    index = fingerprints.read(index_dir / INDEX_FILE, Dedup())
    assert index is not None and sorted(index) == ["r0001", "r0002"]


def test_the_dedup_pass_trusts_the_workers_fingerprints(tmp_path: Path) -> None:
    """A sidecar saying two different texts are the same makes the second a duplicate:
    proof that the pass reads fingerprints instead of hashing text again."""
    rows = [ft_row(1, "First answer."), ft_row(2, "A completely different answer.")]
    path = staged_with_sidecars(tmp_path, {"b0": rows})[0]
    same = Deduplicator(Dedup()).fingerprint("First answer.")
    fingerprints.write(sidecar(path), {"r0001": same, "r0002": same}, Dedup())
    _, drops = dedup_staged(tmp_path / "finetune", FINETUNE, [path], replaced=set())
    assert [d.reason for d in drops] == ["exact duplicate: same normalized text as r0001"]


def test_fingerprints_made_with_other_settings_are_ignored(tmp_path: Path) -> None:
    rows = [ft_row(1, REPLY)]
    path = staged_with_sidecars(tmp_path, {"b0": rows})[0]
    assert fingerprints.read(sidecar(path), Dedup()) is not None
    assert fingerprints.read(sidecar(path), Dedup(num_perm=64)) is None
    assert fingerprints.read(tmp_path / "missing.arrow", Dedup()) is None


def test_fingerprint_files_hold_no_text(tmp_path: Path) -> None:
    rows = [ft_row(1, REPLY), ft_row(2, "Jane Cooper asked for the invoice again.")]
    path = staged_with_sidecars(tmp_path, {"b0": rows})[0]
    raw = sidecar(path).read_bytes()
    for word in (b"Jane", b"Cooper", b"invoice", b"replacement", b"Where is my order"):
        assert word not in raw


def test_the_snapshot_carries_its_dedup_index_to_the_next_run(tmp_path: Path) -> None:
    corpus = tmp_path / "corpora" / "finetune"
    first = staged_with_sidecars(tmp_path / "r1", {"b0": [ft_row(1, REPLY, "old.jsonl")]})
    kept, _ = dedup_staged(corpus, FINETUNE, first, replaced=set(), index_dir=tmp_path / "r1")
    built = assemble_snapshot(corpus, "s1", FINETUNE, kept, replaced=set(), meta={},
                              index=tmp_path / "r1" / INDEX_FILE)  # fmt: skip
    publish(corpus, "s1")
    manifest = json.loads((built.written.path / "manifest.json").read_text())
    assert [a["name"] for a in manifest["attached"]] == [INDEX_FILE]
    assert (corpus / "s1" / INDEX_FILE).is_file()
    # A run with only a deletion stages nothing: the new snapshot keeps the index.
    second = assemble_snapshot(corpus, "s2", FINETUNE, [], replaced=set(), meta={})
    assert (second.written.path / INDEX_FILE).is_file()
    # The next run finds the published copy through the index, not by hashing it again.
    publish(corpus, "s2")
    row = ft_row(2, "Some other text entirely.", "new.jsonl")
    fake = {"r0001": Deduplicator(Dedup()).fingerprint(row_text(row))}
    fingerprints.write(corpus / "s2" / INDEX_FILE, fake, Dedup())
    new = staged_with_sidecars(tmp_path / "r3", {"b0": [row]})
    _, drops = dedup_staged(corpus, FINETUNE, new, replaced={"new.jsonl"})
    assert [d.reason for d in drops] == ["exact duplicate: same normalized text as r0001"]
