"""The analyzer: Presidio with spaCy configured explicitly per language, built once per
worker from the policy.

spaCy runs only the components NER needs, and texts go through ``nlp.pipe`` in
batches; Presidio's recognizers then run on the precomputed artifacts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import spacy
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    DateRecognizer,
    EmailRecognizer,
    EsNieRecognizer,
    EsNifRecognizer,
    IbanRecognizer,
    IpRecognizer,
    PhoneRecognizer,
    SpacyRecognizer,
    UrlRecognizer,
    UsSsnRecognizer,
)

from governance.errors import ConfigError
from governance.policy.model import Policy
from governance.privacy.propagate import propagate
from governance.privacy.recognizers import GazetteerPersonRecognizer, StreetAddressRecognizer
from governance.privacy.recognizers.gazetteer import first_names, last_names
from governance.records import Document, Finding

NER_ENTITIES = ("PERSON", "LOCATION", "ORGANIZATION", "NRP")
LABELS = {
    "PER": "PERSON", "PERSON": "PERSON", "LOC": "LOCATION", "GPE": "LOCATION",
    "FAC": "LOCATION", "ORG": "ORGANIZATION", "NORP": "NRP",
}  # fmt: skip
IGNORED_LABELS = [
    "DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "PRODUCT",
    "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE", "MISC",
]  # fmt: skip
# Labels the readers write (e-mail headers, table columns) that small NER models tag.
STRUCTURAL_WORDS = frozenset(
    "from to cc bcc subject asunto de para body reply notes full_name email phone iban".split()
)
PHONE_REGIONS = {"en": ("US", "GB", "CA", "IE"), "es": ("ES", "MX", "AR", "CO", "CL")}
NLP_BATCH = 64

Factory = Callable[[str], EntityRecognizer]
RECOGNIZERS: dict[str, Factory] = {
    "EMAIL_ADDRESS": lambda lang: EmailRecognizer(supported_language=lang),
    "PHONE_NUMBER": lambda lang: PhoneRecognizer(
        supported_language=lang, supported_regions=PHONE_REGIONS.get(lang, ("US",))
    ),
    "CREDIT_CARD": lambda lang: CreditCardRecognizer(supported_language=lang),
    "IBAN_CODE": lambda lang: IbanRecognizer(supported_language=lang),
    "IP_ADDRESS": lambda lang: IpRecognizer(supported_language=lang),
    "URL": lambda lang: UrlRecognizer(supported_language=lang),
    "DATE_TIME": lambda lang: DateRecognizer(supported_language=lang),
    "US_SSN": lambda lang: UsSsnRecognizer(supported_language=lang),
    "ES_NIF": lambda lang: EsNifRecognizer(supported_language=lang),
    "ES_NIE": lambda lang: EsNieRecognizer(supported_language=lang),
    "STREET_ADDRESS": lambda lang: StreetAddressRecognizer(supported_language=lang),
}
EXTRA_PERSON: Factory = GazetteerPersonRecognizer
KNOWN_ENTITIES = frozenset(RECOGNIZERS) | frozenset(NER_ENTITIES)


class NerOnlySpacyEngine(SpacyNlpEngine):  # type: ignore[misc]
    """spaCy with only the NER component loaded; never downloads a model."""

    def load(self) -> None:
        loaded: dict[str, Any] = {}
        for model in self.models:
            name = model["model_name"]
            try:
                nlp = spacy.load(name, exclude=_non_ner_components(name))
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


def _non_ner_components(name: str) -> list[str]:
    meta = spacy.util.get_package_path(name)
    config = spacy.util.load_config(next(meta.glob("*/config.cfg")))
    return [c for c in config["nlp"]["pipeline"] if c != "ner"]


def _plausible(result: Any, value: str) -> bool:
    """Small NER models tag lone capitalized words ("Hola", "Vivo") as people and header
    labels ("From") as places: a one-word PERSON from NER must be a known first name or
    surname, and structural labels are never entities."""
    name = result.recognition_metadata.get("recognizer_name")
    word = value.strip().casefold()
    if name != "SpacyRecognizer":
        return True
    if word in STRUCTURAL_WORDS:
        return False
    if result.entity_type != "PERSON" or " " in word:
        return True
    return word in first_names() or word in last_names()


class Detector:
    """Finds personal data in documents, per the policy's detection section."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.detection = policy.detection
        self.languages = list(policy.languages)
        self.engine = self._build_engine()
        self._allow = set(self.detection.allow)
        self._allow_re = [re.compile(p) for p in self.detection.allow_patterns]
        self._identifier_columns = {
            src.name: {c: col.entity for c, col in src.columns.items() if col.entity}
            for src in policy.sources
        }

    def _build_engine(self) -> AnalyzerEngine:
        nlp = NerOnlySpacyEngine(
            models=[
                {"lang_code": lang, "model_name": spec.model}
                for lang, spec in self.policy.languages.items()
            ],
            ner_model_configuration=NerModelConfiguration(
                model_to_presidio_entity_mapping=LABELS,
                labels_to_ignore=IGNORED_LABELS,
                default_score=0.85,
            ),
        )
        nlp.load()
        registry = RecognizerRegistry(supported_languages=self.languages)
        for lang in self.languages:
            for recognizer in self._recognizers(lang):
                registry.add_recognizer(recognizer)
        return AnalyzerEngine(nlp_engine=nlp, registry=registry, supported_languages=self.languages)

    def _recognizers(self, lang: str) -> list[EntityRecognizer]:
        enabled = set(self.detection.entities)
        out = [RECOGNIZERS[e](lang) for e in sorted(enabled) if e in RECOGNIZERS]
        ner = sorted(enabled & set(NER_ENTITIES))
        if ner:
            out.append(SpacyRecognizer(supported_language=lang, supported_entities=ner))
        if "PERSON" in enabled:
            out.append(EXTRA_PERSON(lang))
        return out

    def detect(self, documents: Sequence[Document]) -> None:
        """Set ``findings`` on each document; texts are batched through spaCy per language."""
        by_lang: dict[str, list[Document]] = {}
        for doc in documents:
            by_lang.setdefault(doc.language or self.policy.default_language, []).append(doc)
        for lang, docs in by_lang.items():
            artifacts = self.engine.nlp_engine.process_batch(
                [d.text for d in docs], language=lang, batch_size=NLP_BATCH
            )
            for doc, (_, nlp_artifacts) in zip(docs, artifacts, strict=True):
                doc.findings = self._analyze(doc, lang, nlp_artifacts)

    def _analyze(self, doc: Document, lang: str, artifacts: NlpArtifacts) -> list[Finding]:
        results = self.engine.analyze(
            text=doc.text,
            language=lang,
            entities=list(self.detection.entities),
            nlp_artifacts=artifacts,
            score_threshold=min(self._thresholds()),
        )
        found = [
            Finding(
                entity_type=r.entity_type,
                start=r.start,
                end=r.end,
                score=round(float(r.score), 4),
                recognizer=str(r.recognition_metadata.get("recognizer_name", "unknown")),
            )
            for r in results
            if r.score >= self.detection.threshold(r.entity_type)
            and not self._allowed(doc.text[r.start : r.end])
            and _plausible(r, doc.text[r.start : r.end])
        ]
        found.extend(self._column_findings(doc))
        return propagate(doc.text, found, allowed=self._allowed)

    def _column_findings(self, doc: Document) -> list[Finding]:
        """Direct-identifier columns are personal data by declaration, whatever NER says."""
        columns = self._identifier_columns.get(doc.source, {})
        return [
            Finding(columns[s.name[4:]], s.start, s.end, 1.0, "column_role")
            for s in doc.sections
            if s.name.startswith("col:") and s.name[4:] in columns and s.end > s.start
        ]

    def _thresholds(self) -> list[float]:
        return [self.detection.default_threshold, *self.detection.thresholds.values()]

    def _allowed(self, value: str) -> bool:
        return value in self._allow or any(p.fullmatch(value) for p in self._allow_re)
