"""PERSON by gazetteer: a run of capitalized words that starts with a known first name
(or a title) and ends with a known surname. Complements spaCy's small NER models,
which miss many names in short or non-English texts."""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from governance.privacy.recognizers.gazetteer import first_names, last_names

UPPER = "A-ZÁÉÍÓÚÜÑÀÈÌÒÙÇÄÖ"
LOWER = "a-záéíóúüñàèìòùçäößøå"
WORD = rf"[{UPPER}][{LOWER}]+(?:[-'][{UPPER}][{LOWER}]+)?"
PARTICLE = r"(?:de|del|de la|de los|y|van|von|da|di|le|la)"
RUN = re.compile(rf"\b{WORD}(?:\s+(?:{PARTICLE}\s+)?{WORD}){{1,3}}\b")
TITLE = re.compile(
    rf"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sr|Sra|Srta|Dña|Dª|D)\.?\s+({WORD}(?:\s+{WORD}){{0,2}})"
    rf"|\b(?:Don|Doña|señor|señora)\s+({WORD}(?:\s+{WORD}){{0,2}})"
)
TITLE_SCORE = 0.75
FULL_SCORE = 0.8


class GazetteerPersonRecognizer(EntityRecognizer):  # type: ignore[misc]
    def __init__(self, supported_language: str) -> None:
        super().__init__(
            supported_entities=["PERSON"],
            name="GazetteerPersonRecognizer",
            supported_language=supported_language,
        )

    def load(self) -> None:
        first_names()
        last_names()

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        return [*self._runs(text), *self._titled(text)]

    def _runs(self, text: str) -> list[RecognizerResult]:
        firsts, lasts = first_names(), last_names()
        out: list[RecognizerResult] = []
        for m in RUN.finditer(text):
            words = re.findall(WORD, m.group(0))
            start = next((i for i, w in enumerate(words) if w.casefold() in firsts), None)
            end = next(
                (i for i in range(len(words) - 1, 0, -1) if words[i].casefold() in lasts), None
            )
            if start is None or end is None or end <= start:
                continue
            s = m.start() + m.group(0).index(words[start])
            e = m.start() + m.group(0).rindex(words[end]) + len(words[end])
            out.append(self._result(s, e, FULL_SCORE))
        return out

    def _titled(self, text: str) -> list[RecognizerResult]:
        out: list[RecognizerResult] = []
        for m in TITLE.finditer(text):
            group = 1 if m.group(1) else 2
            out.append(self._result(m.start(group), m.end(group), TITLE_SCORE))
        return out

    def _result(self, start: int, end: int, score: float) -> RecognizerResult:
        meta = {
            RecognizerResult.RECOGNIZER_NAME_KEY: "GazetteerPersonRecognizer",
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: str(self.id),
        }
        return RecognizerResult("PERSON", start, end, score, recognition_metadata=meta)
