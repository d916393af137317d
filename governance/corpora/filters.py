"""Length and quality filters on shaped rows (RAG chunks, fine-tuning records).

Each filter answers with a reason or ``None``; the first reason wins. Reasons carry
numbers and thresholds only, never text, and start with a stable category before the
colon so lineage can count them (``too short: 12 chars < min_chars 20``).
"""

from __future__ import annotations

from dataclasses import dataclass

from governance.policy.model import Filters


@dataclass(frozen=True, slots=True)
class RowFilter:
    """The policy's filters for one target, applied to a row's text."""

    min_chars: int
    filters: Filters

    def reason(self, text: str) -> str | None:
        for check in (self._short, self._long, self._few_words, self._symbols, self._repeats):
            found = check(text)
            if found:
                return found
        return None

    def _short(self, text: str) -> str | None:
        n = len(text.strip())
        return f"too short: {n} chars < min_chars {self.min_chars}" if n < self.min_chars else None

    def _long(self, text: str) -> str | None:
        limit = self.filters.max_chars
        n = len(text)
        return f"too long: {n} chars > max_chars {limit}" if limit and n > limit else None

    def _few_words(self, text: str) -> str | None:
        n, limit = len(text.split()), self.filters.min_words
        return f"too few words: {n} < min_words {limit}" if n < limit else None

    def _symbols(self, text: str) -> str | None:
        visible = [c for c in text if not c.isspace()]
        if not visible:
            return None
        ratio = sum(1 for c in visible if not c.isalnum()) / len(visible)
        limit = self.filters.max_symbol_ratio
        if ratio > limit:
            return f"mostly symbols: {ratio:.2f} of characters > max_symbol_ratio {limit}"
        return None

    def _repeats(self, text: str) -> str | None:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if len(lines) < 4:
            return None
        ratio = 1 - len(set(lines)) / len(lines)
        limit = self.filters.max_duplicate_line_ratio
        if ratio > limit:
            return f"repetitive: {ratio:.2f} of lines repeated > max_duplicate_line_ratio {limit}"
        return None


def reason_category(reason: str) -> str:
    """The stable part of a drop reason (before the first colon)."""
    return reason.split(":", 1)[0]
