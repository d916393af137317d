"""spaCy for NER only: the pinned model per language, loaded with every other component
excluded, texts batched through ``nlp.pipe``; entities mapped to Presidio types."""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import spacy
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine

from governance.errors import ConfigError
from governance.privacy.detect.models import project_model

LABELS = {
    "PER": "PERSON",
    "PERSON": "PERSON",
    "LOC": "LOCATION",
    "GPE": "LOCATION",
    "FAC": "LOCATION",
    "ORG": "ORGANIZATION",
    "NORP": "NRP",
}
NER_SCORE = 0.85
NLP_BATCH = 64
NLP_BATCH_CHARS = 100_000


class NerOnlySpacyEngine(SpacyNlpEngine):  # type: ignore[misc]
    """spaCy with only the NER component loaded; never downloads a model."""

    def load(self) -> None:
        loaded: dict[str, Any] = {}
        for model in self.models:
            name = model["model_name"]
            try:
                with warnings.catch_warnings():  # the pinned es model predates spaCy 3.8: known
                    warnings.filterwarnings("ignore", message=r".*\[W095\]")
                    nlp = spacy.load(model_location(name), exclude=_non_ner_components(name))
            except OSError as exc:
                raise ConfigError(
                    f"spaCy model '{name}' for language '{model['lang_code']}' is not installed",
                    hint="install the lock file: pip install -r requirements.lock",
                ) from exc
            loaded[model["lang_code"]] = nlp
        self.nlp = loaded  # type: ignore[assignment]

    def _doc_to_nlp_artifact(self, doc: Any, language: str) -> NlpArtifacts:
        artifacts = super()._doc_to_nlp_artifact(doc, language)
        artifacts.lemmas = [token.lower_ for token in doc]  # no lemmatizer: context on words
        return artifacts

    def entities(
        self, texts: Sequence[str], language: str, wanted: frozenset[str]
    ) -> Iterator[list[RecognizerResult]]:
        """NER results per text, in order, for the Presidio types in ``wanted``."""
        if not wanted:
            yield from ([] for _ in texts)
            return
        models: dict[str, Any] = self.nlp or {}
        for group in text_batches(texts):
            for doc in models[language].pipe(group, batch_size=len(group)):
                yield [
                    _result(LABELS[ent.label_], ent.start_char, ent.end_char)
                    for ent in doc.ents
                    if LABELS.get(ent.label_) in wanted
                ]


def text_batches(texts: Sequence[str]) -> Iterator[list[str]]:
    """Consecutive texts in groups of at most ``NLP_BATCH`` texts and ``NLP_BATCH_CHARS``
    characters (a longer text alone): spaCy's memory for one batch grows with all its
    tokens, so a document of one 4 MB line must not reach it in one piece."""
    group: list[str] = []
    size = 0
    for text in texts:
        if group and (len(group) >= NLP_BATCH or size + len(text) > NLP_BATCH_CHARS):
            yield group
            group, size = [], 0
        group.append(text)
        size += len(text)
    if group:
        yield group


def _result(entity: str, start: int, end: int) -> RecognizerResult:
    meta = {
        RecognizerResult.RECOGNIZER_NAME_KEY: "SpacyRecognizer",
        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: "spacy",
    }
    return RecognizerResult(entity, start, end, NER_SCORE, recognition_metadata=meta)


def model_location(name: str) -> str | Path:
    """A project model's directory, or the name of an installed spaCy package."""
    return project_model(name) or name


def _non_ner_components(name: str) -> list[str]:
    location = model_location(name)
    if isinstance(location, Path):
        config_file = location / "config.cfg"
    else:
        config_file = next(spacy.util.get_package_path(name).glob("*/config.cfg"))
    config = spacy.util.load_config(config_file)
    return [c for c in config["nlp"]["pipeline"] if c != "ner"]
