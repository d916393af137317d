"""DATE_TIME written with a month's name, which Presidio's numeric date patterns miss:
``12 de marzo de 2016``, ``febrero de 2011``, ``mayo del 2010``, ``Noviembre 2008``,
``el año 2005``, ``March 12, 2016``, ``12 March 2016``, ``March 2016``, and days of the
week (``on Tuesday morning``, ``el lunes``). The span covers the
whole date so that ``generalize`` keeps only its year."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer

MONTHS = (
    r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|"
    r"noviembre|diciembre|january|february|march|april|may|june|july|august|september|"
    r"october|november|december|(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?)"
)
CAPITAL_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)"
)
WEEKDAYS = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunes|martes|"
    r"mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo)"
)
# The words before a weekday that make it an appointment (lookbehinds: not in the span).
AFTER_WORDS = (
    "(?:"
    + "|".join(
        rf"(?<=\b{w} )"
        for w in ("meet", "meeting", "next", "until", "till", "hasta", "próximo", "este")
    )
    + ")"
)
DAY = r"(?:[12]\d|3[01]|0?[1-9])"
YEAR = r"(?:1[89]\d{2}|20\d{2})"
PATTERNS = [
    Pattern("es_day_month_year", rf"(?i)\b{DAY}\s+de\s+{MONTHS}\s+del?\s+{YEAR}\b", 0.85),
    Pattern("es_month_year", rf"(?i)\b{MONTHS}\s+(?:de(?:l)?\s+)?{YEAR}\b", 0.75),
    Pattern("es_day_month", rf"(?i)\b{DAY}\s+de\s+{MONTHS}\b", 0.6),
    Pattern("es_year", rf"(?i)\b(?:el\s+)?año\s+{YEAR}\b", 0.6),
    Pattern("en_month_day_year", rf"(?i)\b{MONTHS}\s+{DAY}(?:st|nd|rd|th)?,?\s+{YEAR}\b", 0.85),
    Pattern(
        "en_day_month_year",
        rf"(?i)\b{DAY}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS},?\s+{YEAR}\b",
        0.85,
    ),
    Pattern("en_month_day", rf"\b{CAPITAL_MONTHS}\s+{DAY}(?:st|nd|rd|th)?\b(?![:\d])", 0.6),
    # A day of the week that dates an appointment or a trip (``flew to Oslo on Tuesday
    # morning``, ``we'll meet Monday at``, ``next Friday``), not the news' ``said on Monday``.
    Pattern(
        "weekday",
        rf"(?i)(?:{AFTER_WORDS}{WEEKDAYS}\b|"
        rf"\b{WEEKDAYS}\s+(?:morning|afternoon|evening|night|at\s+\d|por\s+la|a\s+las)\b)",
        0.6,
    ),
]


class MonthDateRecognizer(PatternRecognizer):  # type: ignore[misc]
    def __init__(self, supported_language: str) -> None:
        super().__init__(
            supported_entity="DATE_TIME",
            name="MonthDateRecognizer",
            supported_language=supported_language,
            patterns=PATTERNS,
            global_regex_flags=re.MULTILINE | re.UNICODE,
        )
