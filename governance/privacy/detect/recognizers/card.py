"""CREDIT_CARD beyond Presidio's prefix list: any 12-19 digit number in card groupings
with a valid Luhn digit: with a card network's prefix it is a card; otherwise it is taken
when card words are near (``card``, ``tarjeta``, ``visa``). Presidio's pattern can be
swallowed by a longer candidate (a phone's last group plus the card), this one cannot."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer

# Visa, Mastercard (51-55, 2221-2720), Amex, Discover: a Luhn-valid number with a network
# prefix is a card whatever the words around it.
NETWORK = re.compile(r"4|5[1-5]|2(?:2[2-9]\d|[3-6]\d\d|7[01]\d|720)|3[47]|6(?:011|5)")
PATTERN = r"(?<![\w\-.])\d{4}([ \-]?)\d{4}\1\d{4}(?:\1\d{1,7})?(?![\w\-]|[.,]\d)"


def luhn_ok(text: str) -> bool:
    digits = [int(c) for c in text if c.isdigit()]
    if not 12 <= len(digits) <= 19:  # Maestro: 12 to 19
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        total += (d * 2 - 9 if d > 4 else d * 2) if i % 2 else d
    return total % 10 == 0


class LuhnCardRecognizer(PatternRecognizer):  # type: ignore[misc]
    OVERLAPPED = True  # a card right after another number must not hide inside its candidate

    def __init__(self, supported_language: str) -> None:
        super().__init__(
            supported_entity="CREDIT_CARD",
            name="LuhnCardRecognizer",
            supported_language=supported_language,
            patterns=[Pattern("luhn_card", PATTERN, 0.3)],
            context=[
                "card",
                "credit",
                "debit",
                "visa",
                "mastercard",
                "amex",
                "charged",
                "cc",
                "billed",
                "billing",
                "tarjeta",
                "crédito",
                "débito",
                "cargo",
                "cobró",
                "titular",
            ],
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        if not luhn_ok(pattern_text):
            return False
        digits = "".join(c for c in pattern_text if c.isdigit())
        return True if len(digits) in (15, 16) and NETWORK.match(digits) else None
