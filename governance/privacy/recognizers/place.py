"""LOCATION after a label (``City: Cork``, ``Ciudad: Pamplona``, ``Localidad: Vigo``):
forms and shipping labels name the town on its own line, where NER sees one lone word."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

CAP = r"[A-ZÁÉÍÓÚÑ][a-záéíóúñü'’-]+"
LABEL = r"(?i:city|town|ciudad|localidad|población|poblacion|municipio)"
PATTERN = rf"(?<={LABEL}[ \t]*:[ \t]*){CAP}(?:[ \t]+(?:de[ \t]+)?{CAP}){{0,2}}"


class LabelledPlaceRecognizer(PatternRecognizer):  # type: ignore[misc]
    def __init__(self, supported_language: str) -> None:
        super().__init__(
            supported_entity="LOCATION",
            name="LabelledPlaceRecognizer",
            supported_language=supported_language,
            patterns=[Pattern("labelled_town", PATTERN, 0.7)],
        )
