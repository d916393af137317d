"""Exact and near-duplicate removal: what is dropped, what is kept, and the reasons."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from governance.corpora.dedup import minhash as dedup_module
from governance.corpora.dedup.minhash import Deduplicator, normalize, shingles, stack
from governance.errors import TerminalError
from governance.policy.model import Dedup

BASE = (
    "The quarterly report shows that sales in the northern region grew by twelve percent "
    "while costs stayed flat, so the board approved the new warehouse in the spring and "
    "asked the team to hire two more drivers before the summer peak season begins"
)


def test_normalize_folds_case_punctuation_and_whitespace() -> None:
    assert normalize("Hello,   WORLD!\n\nHow are you?") == "hello world how are you"


def test_short_texts_are_one_shingle() -> None:
    assert shingles("two words", 5) == [b"two words"]
    assert len(shingles(normalize(BASE), 5)) == len(BASE.split()) - 4


@pytest.mark.parametrize(
    ("second", "category"),
    [
        (BASE, "exact duplicate"),
        (BASE.upper().replace(",", " ;"), "exact duplicate"),
        (BASE + " again", "near duplicate"),
        (BASE.replace("summer", "winter"), None),  # one word inside: Jaccard ~0.83 < 0.85
        ("A different message about refunds and invoices for a customer order.", None),
    ],
)
def test_second_row_is_judged_against_the_first(second: str, category: str | None) -> None:
    dedup = Deduplicator(Dedup())
    assert dedup.check("r1", BASE) is None
    reason = dedup.check("r2", second)
    assert (reason.split(":")[0] if reason else None) == category
    if reason:
        assert reason.endswith("r1") and BASE[:20] not in reason


def test_near_duplicate_reason_names_similarity_and_threshold() -> None:
    dedup = Deduplicator(Dedup(threshold=0.8))
    dedup.check("keep", BASE)
    reason = dedup.check("drop", BASE + " again")
    assert reason is not None and reason.startswith("near duplicate: Jaccard 0.9")
    assert ">= 0.8 with keep" in reason


def test_switches_turn_each_kind_off() -> None:
    exact_only = Deduplicator(Dedup(near=False))
    exact_only.check("a", BASE)
    assert exact_only.check("b", BASE + " again") is None
    assert exact_only.check("c", BASE) is not None
    near_only = Deduplicator(Dedup(exact=False))
    near_only.check("a", BASE)
    assert (near_only.check("b", BASE) or "").startswith("near duplicate: Jaccard 1.00")


def test_dropped_rows_are_not_remembered_and_ids_must_be_unique() -> None:
    dedup = Deduplicator(Dedup())
    dedup.check("a", BASE)
    dedup.check("b", BASE)
    assert (dedup.check("c", BASE) or "").endswith("same normalized text as a")
    with pytest.raises(TerminalError, match="row id a seen twice"):
        dedup.check("a", "anything else entirely, not a duplicate at all")


def _reference(config: Dedup, rows: list[tuple[str, str]]) -> list[str | None]:
    """The decisions of datasketch's own MinHash LSH, row by row (the former index)."""
    from datasketch import LeanMinHash, MinHashLSH

    lsh = MinHashLSH(threshold=config.threshold, num_perm=config.num_perm)
    probe = Deduplicator(config)
    digests: dict[bytes, str] = {}
    signatures: dict[str, LeanMinHash] = {}
    out: list[str | None] = []
    for row_id, text in rows:
        fp = probe.fingerprint(text)
        if fp.digest in digests:
            out.append(f"exact duplicate: same normalized text as {digests[fp.digest]}")
            continue
        values = np.frombuffer(fp.minhash, np.uint32).astype(np.uint64)
        sig = LeanMinHash(seed=1, hashvalues=values, scheme=probe._scheme)
        scored = sorted((-float(sig.jaccard(signatures[c])), c) for c in lsh.query(sig))
        if scored and -scored[0][0] >= config.threshold:
            sim, best = -scored[0][0], scored[0][1]
            out.append(f"near duplicate: Jaccard {sim:.2f} >= {config.threshold} with {best}")
            continue
        lsh.insert(row_id, sig)
        signatures[row_id] = sig
        digests[fp.digest] = row_id
        out.append(None)
    return out


def _variants(n: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    words = [*BASE.split(), "refund", "invoice", "order", "driver", "north", "spring"]
    rows: list[tuple[str, str]] = []
    for i in range(n):
        if rows and rng.random() < 0.5:
            text = rows[rng.randrange(len(rows))][1].split()
            for _ in range(rng.randrange(0, 4)):
                text[rng.randrange(len(text))] = rng.choice(words)
            body = " ".join(text)
        else:
            body = " ".join(rng.choice(words) for _ in range(rng.randrange(3, 60)))
        rows.append((f"r{i:04d}", body))
    return rows


@pytest.mark.parametrize("threshold", [0.5, 0.85])
def test_decisions_match_datasketch_lsh(threshold: float) -> None:
    config = Dedup(threshold=threshold)
    rows = _variants(400, seed=int(threshold * 100))
    dedup = Deduplicator(config)
    ours = [dedup.check(row_id, text) for row_id, text in rows]
    assert ours == _reference(config, rows)
    kinds = {(r or "kept").split(":")[0] for r in ours}
    assert kinds == {"kept", "exact duplicate", "near duplicate"}


@pytest.mark.parametrize("chunk", [7, 400])
def test_batched_checks_decide_as_datasketch_across_chunks(
    chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``check_many`` judges a batch in chunks and merges the recent keys between them:
    with chunks of 7 rows (and a merge at every chunk) a row still sees every earlier
    row, in its own chunk and in earlier ones."""
    monkeypatch.setattr(dedup_module, "_CHECK_ROWS", chunk)
    monkeypatch.setattr(dedup_module, "_RECENT_KEYS", 8)
    config = Dedup()
    rows = _variants(400, seed=23)
    dedup = Deduplicator(config)
    fps = [dedup.fingerprint(text) for _, text in rows]
    ours = dedup.check_many([r for r, _ in rows], *stack(fps, dedup.width))
    assert ours == _reference(config, rows)
    assert sum(r is None for r in ours) == len(dedup)


def test_bulk_remember_equals_keeping_row_by_row() -> None:
    rows = _variants(300, seed=7)
    one, bulk = Deduplicator(Dedup()), Deduplicator(Dedup())
    fps = [one.fingerprint(text) for _, text in rows]
    for (row_id, _), fp in zip(rows[:200], fps, strict=False):
        one.check_fingerprint(row_id, fp, keep=True)
    digests = np.frombuffer(b"".join(f.digest for f in fps[:200]), np.uint8).reshape(-1, 16)
    values = np.frombuffer(b"".join(f.minhash for f in fps[:200]), np.uint32).reshape(-1, 128)
    bulk.remember([r for r, _ in rows[:200]], digests, values)
    later = [(r, fp) for (r, _), fp in zip(rows[200:], fps[200:], strict=True)]
    assert [one.check_fingerprint(r, fp) for r, fp in later] == [
        bulk.check_fingerprint(r, fp) for r, fp in later
    ]
    with pytest.raises(TerminalError, match="row id r0003 seen twice"):
        bulk.remember(["r0003"], digests[:1], values[:1])


def test_spilled_index_decides_as_datasketch_and_leaves_no_file(tmp_path: Path) -> None:
    config = Dedup()
    rows = _variants(400, seed=11)
    with Deduplicator(config, spill=tmp_path) as dedup:
        ours = [dedup.check(row_id, text) for row_id, text in rows]
        assert list(tmp_path.iterdir()) == []  # unnamed files: nothing to leave behind
    assert ours == _reference(config, rows)


def test_spilled_rows_export_in_order_across_chunks(tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    n = 40_000  # more than two export chunks
    ids = [f"row-{i}-{'x' * (i % 7)}" for i in range(n)]  # ids of varied length
    digests = rng.integers(0, 256, (n, 16), dtype=np.uint8)
    values = rng.integers(0, 2**32, (n, 128), dtype=np.uint32)
    with Deduplicator(Dedup(), spill=tmp_path) as dedup:
        dedup.remember(ids[:25_000], digests[:25_000], values[:25_000])
        dedup.remember(ids[25_000:], digests[25_000:], values[25_000:])
        chunks = list(dedup.export())
        copy = values[1234:1235].copy()
        copy[0, :16] ^= 1  # one band differs; the other seven match: a near duplicate
        reason = dedup.check_many(["new"], digests[:1] ^ 1, copy)[0]
    assert [len(c[0]) for c in chunks] == [16_384, 16_384, 7_232]
    assert [i for c in chunks for i in c[0]] == ids
    assert np.array_equal(np.concatenate([c[1] for c in chunks]), digests)
    assert np.array_equal(np.concatenate([c[2] for c in chunks]), values)
    assert reason == "near duplicate: Jaccard 0.88 >= 0.85 with row-1234-xx"
