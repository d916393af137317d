"""Exact and near-duplicate removal: what is dropped, what is kept, and the reasons."""

from __future__ import annotations

import pytest

from governance.corpora.dedup import Deduplicator, normalize, shingles
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
