"""LOCATION after a label (``City: Cork``, ``Ciudad: Pamplona``, ``Localidad: Vigo``):
forms and shipping labels name the town on its own line, where NER sees one lone word."""

from __future__ import annotations

import re

import regex
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from governance.privacy.detect.recognizers.base import found
from governance.privacy.detect.recognizers.gazetteer import (
    common_vocabulary,
    country_names,
    town_names,
)
from governance.privacy.detect.recognizers.postal import TOWN_WORD

CAP = r"[A-ZÁÉÍÓÚÑ][a-záéíóúñü'’-]+"
LABEL = r"(?i:city|town|ciudad|localidad|población|poblacion|municipio)"
PATTERN = rf"(?<={LABEL}[ \t]*:[ \t]*){CAP}(?:[ \t]+(?:de[ \t]+)?{CAP}){{0,2}}"
# A town after a verb of moving or living (``flew to RYSSBY``, ``vive en Tudela``),
# written capitalized or in capitals.
PLACE = r"\p{Lu}[\w'’-]+"  # any script: ``KNIVSTA``, ``ΛΕΥΚΩΣΙΑ`` (Presidio's regex module)
MOVED_CUE = (
    r"(?<=\b(?i:flew|moved|travell?ed|relocated|lives|lived|living|based|born|trip|arrived|"
    r"visiting|visited|staying|stayed|returned|headed|I'm|I\sam|we're|we\sare|here|"
    r"grew\sup|raised|originally|settled|"
    r"vive|vivía|residente|nacid[oa]|natural|trasladó|trasladada?|viajó)"
    r"\s(?i:to|in|at|from|en|a|de|desde)\s)"
)
MOVED = rf"{MOVED_CUE}{PLACE}(?:[ \t]+(?:de[ \t]+(?:la[ \t]+)?)?{PLACE}){{0,2}}"

# A town named as one: ``the University of VIERHÖF``, ``home city Messina``, ``la ciudad de
# Tudela``.
NAMED = (
    r"(?<=\b(?i:university\sof|city\sof|town\sof|village\sof|home\scity|hometown|"
    r"ciudad\sde|pueblo\sde|municipio\sde|localidad\sde|universidad\sde)\s)"
    rf"{PLACE}(?:[ \t]+(?:de[ \t]+(?:la[ \t]+)?)?{PLACE}){{0,2}}"
)


class LabelledPlaceRecognizer(PatternRecognizer):  # type: ignore[misc]
    def __init__(self, supported_language: str) -> None:
        super().__init__(
            supported_entity="LOCATION",
            name="LabelledPlaceRecognizer",
            supported_language=supported_language,
            patterns=[
                Pattern("labelled_town", PATTERN, 0.7),
                Pattern("moved_to", MOVED, 0.65),
                Pattern("named_town", NAMED, 0.65),
            ],
            global_regex_flags=re.MULTILINE,  # capitals mark a name: not Presidio's IGNORECASE
        )


# A known town after a preposition of place (``support Slashdb in ARENDAL``, ``returned to
# Kiel``, ``vive en Villafranca del Cid``): a run of capitalized words (or capitals) whose
# longest head the town gazetteer knows. The gazetteer has no common words, and the run
# must start with a capital, so ``in March`` or ``in general`` are not places. In text
# written without capitals, where towns that are words abound (``to split the bill``),
# only after a verb of moving or living (``returned to kiel``), every word capitalized.
LINK = r"(?:de|del|de la|la|le|les|am|an|der|do|da|dos|das|u|sur|upon|on|en)"
TOWN_NAME = rf"{TOWN_WORD}(?:[ \t]+(?:{LINK}[ \t]+)?{TOWN_WORD}){{0,3}}"
TOWN_RUN = regex.compile(
    r"(?<=\b(?i:in|at|to|from|near|outside|around|en|desde|hacia|cerca\s+de|a)\s)"
    rf"({TOWN_NAME})"
)
TOWN_SCORE = 0.65
CAPITALIZED = regex.compile(r"\b\p{Ll}[\p{L}'’-]*")
MOVED_RUN = regex.compile(rf"{MOVED_CUE}({TOWN_NAME})")


class KnownTownRecognizer(EntityRecognizer):  # type: ignore[misc]
    def __init__(self, supported_language: str) -> None:
        super().__init__(
            supported_entities=["LOCATION"],
            name="KnownTownRecognizer",
            supported_language=supported_language,
        )

    def load(self) -> None:
        town_names()

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        from governance.privacy.detect.recognizers.person import lower_case

        towns, out, runs = town_names(), [], TOWN_RUN
        if lower_case(text):  # ``we returned to kiel``, read as ``We Returned To Kiel``
            text, runs = CAPITALIZED.sub(lambda w: w.group(0).capitalize(), text), MOVED_RUN
        for m in runs.finditer(text):
            words = m.group(1).split()
            for n in range(len(words), 0, -1):  # the longest known head of the run
                name = " ".join(words[:n]).rstrip(".,")
                if name.casefold() in towns:
                    out.append(
                        found(self, "LOCATION", m.start(1), m.start(1) + len(name), TOWN_SCORE)
                    )
                    break
        return out


# The town line of an address written the international way, above its country line
# (``Chiclana de la Frontera`` over ``Spain``, ``ALFRICK`` over ``United Kingdom 89800``):
# whatever the town is called, the line above a country in an address block names it.
LINE = regex.compile(r"(?m)^[ \t>?*•-]*([^\n]*?)[ \t]*$")
TOWN_LINE = regex.compile(TOWN_NAME)
LINK_WORD = regex.compile(rf"{LINK}|los|las|el|il|lo|les|san|santa|saint|st\.?")
COUNTRY_CODE = regex.compile(r"[ \t]*(?:\d{3,5}(?:[ -]\d{2,4})?|[A-Z0-9]{2,4}[ ][A-Z0-9]{3})?$")


class CountryLineTownRecognizer(EntityRecognizer):  # type: ignore[misc]
    def __init__(self, supported_language: str) -> None:
        super().__init__(
            supported_entities=["LOCATION"],
            name="CountryLineTownRecognizer",
            supported_language=supported_language,
        )

    def load(self) -> None:
        country_names()

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        countries, common, out = country_names(), common_vocabulary(), []
        lines = [(m.start(1), m.end(1)) for m in LINE.finditer(text)]
        for k in range(1, len(lines)):
            start, end = lines[k]
            body = text[start:end]
            code = COUNTRY_CODE.search(body)
            country = body[: code.start()] if code else body
            if country.casefold() not in countries:
                continue
            above = text[lines[k - 1][0] : lines[k - 1][1]]
            town = TOWN_LINE.fullmatch(above)
            words = [w for w in above.split() if not LINK_WORD.fullmatch(w.casefold())]
            if town and not any(w.casefold() in common for w in words):
                out.append(found(self, "LOCATION", lines[k - 1][0], lines[k - 1][1], TOWN_SCORE))
        return out
