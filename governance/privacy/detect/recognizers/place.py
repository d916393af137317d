"""LOCATION after a label (``City: Cork``, ``Ciudad: Pamplona``, ``Localidad: Vigo``):
forms and shipping labels name the town on its own line, where NER sees one lone word."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer

CAP = r"[A-ZÁÉÍÓÚÑ][a-záéíóúñü'’-]+"
LABEL = r"(?i:city|town|ciudad|localidad|población|poblacion|municipio)"
PATTERN = rf"(?<={LABEL}[ \t]*:[ \t]*){CAP}(?:[ \t]+(?:de[ \t]+)?{CAP}){{0,2}}"
# A town after a verb of moving or living (``flew to RYSSBY``, ``vive en Tudela``),
# written capitalized or in capitals.
PLACE = r"\p{Lu}[\w'’-]+"  # any script: ``KNIVSTA``, ``ΛΕΥΚΩΣΙΑ`` (Presidio's regex module)
MOVED = (
    r"(?<=\b(?i:flew|moved|travell?ed|relocated|lives|lived|living|based|born|trip|arrived|"
    r"visiting|visited|staying|stayed|returned|headed|I'm|I\sam|we're|we\sare|here|"
    r"grew\sup|raised|originally|settled|"
    r"vive|vivía|residente|nacid[oa]|natural|trasladó|trasladada?|viajó)"
    r"\s(?i:to|in|at|from|en|a|de|desde)\s)"
    rf"{PLACE}(?:[ \t]+(?:de[ \t]+(?:la[ \t]+)?)?{PLACE}){{0,2}}"
)

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
