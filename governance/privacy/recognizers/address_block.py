"""Addresses laid out the international way, which street-suffix patterns miss: a house
number and a street name with its number (``91215 Harjukuja 54``, ``772 ul. Narewska
94``), then optional lines for the flat (``Apt. 478``, ``Suite 377``), the town
(``HYVINKÄÄ``, ``Črni Vrh nad Idrijo``), a region code and the country with its postcode
(``Finland 41600``). The street line is STREET_ADDRESS (with its flat), the town line
LOCATION, the postcodes POSTAL_CODE. Inline, ``41377 Schachterlweg 62 Apt. 501``."""

from __future__ import annotations

import re
from collections.abc import Iterable

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from governance.privacy.recognizers.base import found

LETTER = r"[^\W\d_]"
WORD = rf"{LETTER}[\w.'’-]*"
CAP_WORD = r"(?:[A-ZÀ-ÞĀ-Ž]|ul\.|al\.)[\w.'’-]*"
SECONDARY = r"(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|Piso|Box|P\.?O\.? Box)\s*#?\d{1,5}[A-Z]?"
PREFIX = r"(?m:^[ \t>?*•-]*)"  # quoting and list marks at the start of a line
STREET_LINE = re.compile(
    rf"{PREFIX}(\d{{1,6}}[ \t]+(?:{WORD}[ \t]+){{1,4}}\d{{1,5}}[A-Za-z]?"
    rf"(?:,?[ \t]+{SECONDARY})?)[ \t]*$",
    re.MULTILINE,
)
INLINE = re.compile(
    rf"(?<![\w/.-])(\d{{1,6}}[ \t]+{CAP_WORD}(?:[ \t]+{CAP_WORD}){{0,3}}[ \t]+\d{{1,5}}[A-Za-z]?"
    rf",?[ \t]+{SECONDARY})"
)
SECONDARY_LINE = re.compile(rf"{PREFIX}({SECONDARY})[ \t]*$", re.MULTILINE)
TOWN_LINE = re.compile(rf"{PREFIX}({WORD}(?:[ \t]+{WORD}){{0,4}})[ \t]*$", re.MULTILINE)
CODE_LINE = re.compile(
    rf"{PREFIX}(?:{WORD}(?:[ \t]+{WORD}){{0,3}}[ \t]+)?([A-Z0-9]{{0,3}}\d{{3,6}}(?:-\d{{3,4}})?)"
    rf"[ \t]*$",
    re.MULTILINE,
)
STREET_SCORE, TOWN_SCORE, CODE_SCORE, INLINE_SCORE = 0.7, 0.65, 0.7, 0.6


class AddressBlockRecognizer(EntityRecognizer):  # type: ignore[misc]
    def __init__(self, supported_language: str, entities: Iterable[str] = ()) -> None:
        self.enabled = frozenset(entities) | {"STREET_ADDRESS"}
        super().__init__(
            supported_entities=["STREET_ADDRESS"],
            name="AddressBlockRecognizer",
            supported_language=supported_language,
        )

    def load(self) -> None:
        return None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        out: list[RecognizerResult] = []
        for m in STREET_LINE.finditer(text):
            out.append(found(self, "STREET_ADDRESS", m.start(1), m.end(1), STREET_SCORE))
            out += self._following(text, m.end())
        for m in INLINE.finditer(text):
            out.append(found(self, "STREET_ADDRESS", m.start(1), m.end(1), INLINE_SCORE))
        return [r for r in out if r.entity_type in self.enabled]

    def _following(self, text: str, at: int) -> list[RecognizerResult]:
        """The flat, town and country-with-postcode lines after a street line."""
        out: list[RecognizerResult] = []
        lines = 0
        while lines < 4 and at < len(text) and text[at] == "\n":
            start = at + 1
            end = text.find("\n", start)
            end = len(text) if end < 0 else end
            line = text[start:end]
            if not line.strip():
                break
            out += self._line(text, start, end)
            at, lines = end, lines + 1
        return out

    def _line(self, text: str, start: int, end: int) -> list[RecognizerResult]:
        for pattern, entity, score in (
            (SECONDARY_LINE, "STREET_ADDRESS", STREET_SCORE),
            (CODE_LINE, "POSTAL_CODE", CODE_SCORE),
            (TOWN_LINE, "LOCATION", TOWN_SCORE),
        ):
            m = pattern.match(text, start, end)
            if m:
                return [found(self, entity, m.start(1), m.end(1), score)]
        return []
