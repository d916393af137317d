"""POSTAL_CODE in context: a bare five-digit number is too often an order or a count, so a
code is only taken where an address puts it — after a US state abbreviation
(``Austin, TX 78723``), after a postcode label (``ZIP 94107``, ``C.P. 28013``), or as a
Spanish code before a town name (``28013 Madrid``, provinces 01-52). British postcodes
have their own distinctive shape. Next to a known town or country, either side (``Bjert
6091``, ``Tunisia 56004``, ``10115 Berlin``), a code of any common national shape is
a postcode, and the town a LOCATION (``PlacePostcodeRecognizer``)."""

from __future__ import annotations

import re

import regex
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from governance.privacy.detect.recognizers.base import found
from governance.privacy.detect.recognizers.gazetteer import places_and_towns, us_states

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


# A two-letter region may sit between the town and its code (``Aalborg NO 9100``,
# ``Springfield, IL 62704``). Postcode shapes: 4 or 5 digits (not a year 1900-2099 when
# 4), ``340 12`` (SE, GR, CZ, SK), ``53-320`` (PL), ``1000-001`` (PT), ``1012 AB`` (NL),
# ``B0J 2H0`` (CA).
CODE = (
    r"(?:\d{5}|(?!19\d\d|20\d\d)\d{4}|\d{3}[ ]\d{2}|\d{2}-\d{3}|\d{4}-\d{3}|\d{4}[ ]?[A-Z]{2}"
    r"|[A-Z]\d[A-Z][ ]?\d[A-Z]\d)"
)
TOWN_WORD = r"\p{Lu}[\p{L}'’.-]*"
PLACE = rf"{TOWN_WORD}(?:[ \t]+(?:(?:de|del|la|le|an|am|sur|upon)[ \t]+)?{TOWN_WORD}){{0,2}}"
# What may follow: the end of the line or clause, or a preposition (``Bjert 6091 in its``);
# not a noun, which makes the number a count (``France 3500 units``).
ENDS = r"(?=[ \t]*(?:$|[,.;:)|]|(?i:in|on|at|and|or|for|to|with|en|y|e|a|para|con)\b))"
PLACE_CODE = regex.compile(
    rf"(?m:(?<![\w.-])({PLACE}),?[ \t]+(?:[A-Z]{{2}},?[ \t]+)?({CODE})(?![\w%,.-]?\d){ENDS}"
    rf"|(?<![\w.,-])({CODE})[ \t]+({PLACE})(?![\w-]){ENDS})"
)


REGION = regex.compile(r"[A-Z]{2}")


class PlacePostcodeRecognizer(EntityRecognizer):  # type: ignore[misc]
    """A code next to a town or country the gazetteer knows: ``entity`` POSTAL_CODE gives
    the code, LOCATION the place."""

    def __init__(self, supported_language: str, entity: str = "POSTAL_CODE") -> None:
        super().__init__(
            supported_entities=[entity],
            name=f"PlacePostcodeRecognizer:{entity}",
            supported_language=supported_language,
        )
        self.entity = entity

    def load(self) -> None:
        places_and_towns()

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        places, out = places_and_towns(), []
        for m in PLACE_CODE.finditer(text):
            place, code = (1, 2) if m.group(1) else (4, 3)
            words = m.group(place).split()
            if len(words) > 1 and REGION.fullmatch(words[-1]):  # ``Aalborg NO 9100``
                words = words[:-1]
            # the place may start later in the run (``support Allianz in Acquapendente``)
            for i in range(len(words)):
                name = " ".join(words[i:]).rstrip(".")
                if name.casefold() in places:
                    group = code if self.entity == "POSTAL_CODE" else place
                    start = m.start(group) + (m.group(group).index(name) if group == place else 0)
                    end = start + len(name) if group == place else m.end(group)
                    out.append(found(self, self.entity, start, end, 0.6))
                    break
        return out
