"""Configurable token counting for the chunk budget; nothing is downloaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from governance.corpora.chunking import chunk_spans
from governance.corpora.tokens import minilm_tokenizer_file, tokenizer_for, word_count
from governance.errors import ConfigError
from governance.policy.model import Chunking

TEXT = " ".join(
    f"Paragraph {i} explains reimbursement of travel expenses, per-diem allowances and "
    "approvals by line managers." for i in range(40)
)  # fmt: skip


def test_default_counts_words() -> None:
    assert Chunking().tokenizer == "words" and tokenizer_for("words") is word_count


def test_minilm_counts_wordpiece_tokens_without_special_tokens() -> None:
    count = tokenizer_for("minilm")
    assert count("hello world") == 2
    assert count("reimbursement per-diem") > word_count("reimbursement per-diem")


@pytest.mark.parametrize("name", ["words", "minilm", f"hf:{minilm_tokenizer_file()}"])
def test_every_chunk_fits_the_budget_of_its_tokenizer(name: str) -> None:
    count = tokenizer_for(name)
    spans = chunk_spans(TEXT, 64, 8, count)
    assert all(count(TEXT[s.start : s.end]) <= 64 for s in spans)
    assert spans[0].start == 0 and spans[-1].end == len(TEXT)


def test_subword_budget_makes_more_chunks_than_words() -> None:
    by_words = chunk_spans(TEXT, 64, 0, tokenizer_for("words"))
    by_wordpiece = chunk_spans(TEXT, 64, 0, tokenizer_for("minilm"))
    assert len(by_wordpiece) > len(by_words)


def test_a_long_sentence_is_split_within_a_subword_budget() -> None:
    count = tokenizer_for("minilm")
    sentence = " ".join(["reimbursement"] * 100)  # several WordPiece tokens per word
    spans = chunk_spans(sentence, 32, 0, count)
    assert len(spans) > 100 // 32 + 1
    assert all(count(sentence[s.start : s.end]) <= 32 for s in spans)


def test_a_missing_tokenizer_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"no tokenizer file at .*nope\.json"):
        tokenizer_for(f"hf:{tmp_path / 'nope.json'}")


def test_the_policy_rejects_an_unknown_tokenizer_name() -> None:
    with pytest.raises(ValueError, match="tokenizer"):
        Chunking(tokenizer="tiktoken")
