"""POSTAL_CODE in context: a bare five-digit number is too often an order or a count, so a
code is only taken where an address puts it — after a US state abbreviation
(``Austin, TX 78723``), after a postcode label (``ZIP 94107``, ``C.P. 28013``), or as a
Spanish code before a town name (``28013 Madrid``, provinces 01-52). British postcodes
have their own distinctive shape."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer

from governance.privacy.recognizers.gazetteer import us_states

TOWN = r"(?=,?\s+[A-ZÁÉÍÓÚÑ][a-záéíóúñü])"
LABEL = r"(?i:zip(?:\s*code)?|post(?:al)?\s*code|postcode|c\.\s?p\.|cp|c[oó]digo\s+postal)"
CONTEXT = [
    "address",
    "street",
    "zip",
    "postcode",
    "dirección",
    "direccion",
    "calle",
    "avenida",
    "domicilio",
    "c.p.",
    "código",
    "postal",
    "ciudad",
    "city",
]


def patterns() -> list[Pattern]:
    states = "|".join(sorted(us_states()))
    return [
        Pattern("us_state_zip", rf"(?<=\b(?:{states}),?\s)\d{{5}}(?:-\d{{4}})?\b", 0.7),
        Pattern("labelled", rf"(?<={LABEL}[:\s]{{1,3}})\d{{5}}(?:-\d{{4}})?\b", 0.7),
        Pattern("es_before_town", rf"(?<![\w.,\-])(?:0[1-9]|[1-4]\d|5[0-2])\d{{3}}{TOWN}", 0.4),
        # the code of an address line, after its number, floor or s/n: ``14 - 46021 Valencia``
        Pattern(
            "es_address_line",
            rf"(?<=(?:\d|º|ª|[sS]/[nN]|\b[A-Z]\.?)[,.]?[ \t]{{1,2}}(?:-[ \t])?)"
            rf"(?:0[1-9]|[1-4]\d|5[0-2])\d{{3}}{TOWN}",
            0.6,
        ),
        Pattern(
            "uk_postcode",
            r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s?\d[A-Z]{2}\b(?=[\s,.;)]|$)",
            0.4,
        ),
    ]


class PostalCodeRecognizer(PatternRecognizer):  # type: ignore[misc]
    def __init__(self, supported_language: str) -> None:
        super().__init__(
            supported_entity="POSTAL_CODE",
            name="PostalCodeRecognizer",
            supported_language=supported_language,
            patterns=patterns(),
            context=CONTEXT,
            global_regex_flags=re.MULTILINE,
        )
