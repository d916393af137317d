"""Length and quality filters: each drop has a reason with numbers, never text."""

from __future__ import annotations

import pytest

from governance.corpora.filters import RowFilter, reason_category
from governance.policy.model import Filters

GOOD = "The office closes on public holidays and reopens the next working day."


@pytest.mark.parametrize(
    ("text", "filters", "expected"),
    [
        (GOOD, Filters(), None),
        ("Too short", Filters(), "too short: 9 chars < min_chars 20"),
        (GOOD, Filters(max_chars=30), f"too long: {len(GOOD)} chars > max_chars 30"),
        (GOOD, Filters(min_words=20), "too few words: 12 < min_words 20"),
        ("#### ==== **** ---- //// |||| ok", Filters(), "mostly symbols: 0.92 of characters"),
        ("same line\n" * 5 + "other line", Filters(), "repetitive: 0.67 of lines repeated"),
        ("same line\nsame line\nsame line", Filters(), None),  # fewer than 4 lines: not judged
    ],
)
def test_filter_reasons(text: str, filters: Filters, expected: str | None) -> None:
    reason = RowFilter(20, filters).reason(text)
    if expected is None:
        assert reason is None
    else:
        assert reason is not None and reason.startswith(expected)
        assert text.strip()[:12] not in reason


def test_pseudonym_tokens_do_not_make_text_look_like_symbols() -> None:
    text = "Please call <PERSON_bec56b62f3ab> at <PHONE_NUMBER_0a1b2c3d4e5f> tomorrow morning."
    assert RowFilter(20, Filters()).reason(text) is None


def test_reason_category_is_the_part_before_the_colon() -> None:
    assert reason_category("near duplicate: Jaccard 0.91 >= 0.85 with x") == "near duplicate"
