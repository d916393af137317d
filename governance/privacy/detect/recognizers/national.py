"""National identifiers that Presidio's recognizers refuse but files hold."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

# HMRC never issues the prefix ``ZZ``: Presidio's NINO pattern refuses it. But test
# fixtures, Faker and hand-filled forms write National Insurance numbers with it, and with
# any final letter (``ZZ 776632 T``): a number of that shape reads as a NINO to anyone.
PLACEHOLDER_NINO = r"\bZZ ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-Z]\b"


class PlaceholderNinoRecognizer(PatternRecognizer):  # type: ignore[misc]
    def __init__(self, supported_language: str) -> None:
        super().__init__(
            supported_entity="UK_NINO",
            name="PlaceholderNinoRecognizer",
            supported_language=supported_language,
            patterns=[Pattern("nino_zz", PLACEHOLDER_NINO, 0.6)],
            context=["national insurance", "nino", "ni number"],
        )
