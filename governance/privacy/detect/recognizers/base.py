"""What our hand-written recognizers share: a result stamped with its recognizer."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerResult


def found(
    recognizer: EntityRecognizer, entity: str, start: int, end: int, score: float
) -> RecognizerResult:
    """A result of ``recognizer`` with the metadata Presidio's own recognizers set."""
    meta = {
        RecognizerResult.RECOGNIZER_NAME_KEY: str(getattr(recognizer, "name", "")),
        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: str(getattr(recognizer, "id", "")),
    }
    return RecognizerResult(entity, start, end, score, recognition_metadata=meta)
