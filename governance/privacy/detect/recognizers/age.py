"""AGE: a number of years said of a person (``34 years old``, ``aged 34``, ``a 34-year-old``,
``age: 34``, ``34 años``, ``edad: 34``, ``cumple 34``). The span covers the phrase so the
``generalize`` operator can turn it into a band (``30-39``)."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer

N = r"(?:1[01]\d|\d{1,2})"
WORDS = (
    r"(?:un|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|"
    r"quince|dieciséis|diecisiete|dieciocho|diecinueve|veinte|treinta|cuarenta|cincuenta|"
    r"sesenta|setenta|ochenta|noventa)"
)
UNIT = r"(?:años|meses|semanas|días)"
NOT_DURATION = r"(?!\s+de\s+(?:evolución|duración|tratamiento|seguimiento|antigüedad|evolucion))"
PATTERNS = [
    Pattern("years_old", rf"\b{N}[ \-]years?[ \-]old\b", 0.75),
    Pattern("aged", rf"(?i:\baged?)[:\s]\s?{N}\b(?![.,/\-]\d)", 0.65),
    Pattern("edad", rf"(?i:\bedad)[:\s]\s?(?:de\s)?{N}(?:\saños)?\b", 0.7),
    Pattern("anos_de_edad", rf"\b{N}\saños\sde\sedad\b", 0.8),
    Pattern("tiene_anos", rf"(?i:\b(?:tiene|tengo|cumple|cumplió|cumplirá))\s{N}\saños\b", 0.6),
    Pattern("de_anos", rf"(?i:\b(?:un|una|niño|niña|hombre|mujer|paciente))\sde\s{N}\saños\b", 0.6),
    Pattern(
        "de_n_unit",
        rf"(?<=(?i:\b(?:de|los|las|con|tenía|tiene|contaba\s+con|edad\s+de))\s)"
        rf"(?:{N}|{WORDS})(?:\s+y\s+medio)?\s{UNIT}\b{NOT_DURATION}",
        0.6,
    ),
    Pattern(
        "turns", rf"(?i:\b(?:turn|turns|turned|turning|cumpliré|cumplirá))\s{N}\b(?![.,:]\d)", 0.6
    ),
    Pattern("age_of", rf"(?i:\b(?:age\s+of|aged\s+about))\s{N}\b", 0.65),
    Pattern("yo", rf"\b{N}\s?(?:yo|y/o|yrs?\.?\s+old)\b", 0.7),
]


class AgeRecognizer(PatternRecognizer):  # type: ignore[misc]
    def __init__(self, supported_language: str) -> None:
        super().__init__(
            supported_entity="AGE",
            name="AgeRecognizer",
            supported_language=supported_language,
            patterns=PATTERNS,
            context=["age", "edad", "born", "nacido", "nacida"],
            global_regex_flags=re.MULTILINE | re.UNICODE,
        )
