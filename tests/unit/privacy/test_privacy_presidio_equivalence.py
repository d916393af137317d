"""The project's detection loop against Presidio's own ``AnalyzerEngine``.

``privacy/detect/engine.py`` re-implements Presidio's analyze loop for speed (pattern
matching, validation, a context boost on characters instead of lemmas). On a fixed set
of texts, with the very recognizer objects the detector runs, it must give what
Presidio gives, so that a Presidio upgrade that changes results fails here:

- without context enhancement on either side: the same findings, spans and scores;
- with Presidio's lemma context enhancer: every span Presidio finds, ours finds too;
  where Presidio's enhancer lifts a score that ours does not (it also counts context
  words inside the match and words that merely contain a context word, "aged" for
  "age"), ours still clears the policy's threshold, so the finding is the same.

Presidio's enhancer reads ``nlp_artifacts.keywords``, which spaCy fills from lemmas; the
NER-only models the project loads have no lemmatizer, so the Presidio side here gets
lower-cased words as keywords (else its enhancer would never fire).
"""

from __future__ import annotations

from typing import Any

import pytest

from governance.eval.templates import template_samples

EXTRA = {
    "en": [
        "Call me on +1 415-555-2671 or mail jane.doe@gmail.com.",
        "SSN: 536-90-4399, card 4111 1111 1111 1111, IBAN GB82WEST12345698765432.",
        "ref.48273619T and tel.+34612345678",
        "Employee number: 88123, passport no. X1234567, driver licence D123-4567-8901",
        "IP 192.168.10.4 visited https://example.org/x",
        "Patient ID: 99812; DOB 12/03/1981; phone (0161) 496 0206 ext. 12",
        "My social security number: 536 90 4399, zip code 94107",
        "She lives at 221B Baker Street, London NW1 6XE, aged 34.",
    ],
    "es": [
        "Nombre: Laia. Apellidos: Martinez Rico. NHC: 6765. NASS: 46 86916595",
        "Mi DNI es 48273619T y el NIE X1234567L, IBAN ES9121000418450200051332.",
        "Teléfono: 612 345 678, correo maria@correo.es, CP 46001 Valencia",
        "Calle Mayor 12, 3º B, 28013 Madrid; tarjeta 4111111111111111",
        "Cuenta 2100 0418 45 0200051332, domiciliación del recibo",
        "Vive en Avenida del Puerto 45, 46021 Valencia (Valencia), edad: 71",
    ],
}
Key = tuple[str, int, int]


def _texts(lang: str) -> list[str]:
    return [s.text for s in template_samples(40) if s.language == lang] + EXTRA[lang]


def _engines(detector: Any, lang: str) -> tuple[Any, Any]:
    """Presidio's AnalyzerEngine over the detector's recognizers and spaCy models:
    without context enhancement, and with its lemma enhancer."""
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer

    from governance.privacy.detect.nlp import NerOnlySpacyEngine

    class NoContext(ContextAwareEnhancer):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(0, 0, 0, 0)

        def enhance_using_context(self, text, raw_results, *args, **kwargs):  # type: ignore[no-untyped-def]
            return raw_results

    class WithKeywords(NerOnlySpacyEngine):
        def _doc_to_nlp_artifact(self, doc: Any, language: str) -> Any:
            artifacts = super()._doc_to_nlp_artifact(doc, language)
            artifacts.keywords = [
                t.lower_ for t in doc if not (t.is_stop or t.is_punct or t.is_space)
            ]
            return artifacts

    keywords = WithKeywords(models=detector.nlp.models,
                            ner_model_configuration=detector.nlp.ner_model_configuration)  # fmt: skip
    keywords.nlp = detector.nlp.nlp  # the loaded models, shared

    def engine(nlp: Any, **extra: Any) -> Any:
        registry = RecognizerRegistry(
            recognizers=detector.engines[lang].recognizers, supported_languages=[lang]
        )
        return AnalyzerEngine(registry=registry, nlp_engine=nlp, supported_languages=[lang],
                              **extra)  # fmt: skip

    return engine(detector.nlp, context_aware_enhancer=NoContext()), engine(keywords)


def _ours(detector: Any, lang: str, text: str) -> dict[Key, float]:
    from presidio_analyzer import EntityRecognizer

    found = EntityRecognizer.remove_duplicates(detector.engines[lang].analyze(text))
    return {(r.entity_type, r.start, r.end): r.score for r in found}


def _theirs(analyzer: Any, lang: str, text: str) -> dict[Key, float]:
    found = analyzer.analyze(text, language=lang, score_threshold=0)
    return {(r.entity_type, r.start, r.end): r.score for r in found}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_detection_equals_presidio_analyzer_engine(
    detector: Any, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from governance.privacy.detect import engine

    plain, lemma = _engines(detector, lang)
    thresholds = detector.detection.thresholds
    fired: set[str] = set()
    lifted = 0
    for text in _texts(lang):
        with monkeypatch.context() as off:  # our loop without its context boost
            off.setattr(engine, "_boost", lambda *args: None)
            ours = _ours(detector, lang, text)
        theirs = _theirs(plain, lang, text)
        assert ours.keys() == theirs.keys(), text
        assert all(ours[k] == pytest.approx(theirs[k]) for k in ours), text
        boosted = _ours(detector, lang, text)
        for key, score in _theirs(lemma, lang, text).items():
            assert key in boosted, (text, key)
            lifted += score > theirs.get(key, 0.0)
            if boosted[key] < score:  # Presidio lifted where ours did not: same finding
                floor = thresholds.get(key[0], detector.detection.default_threshold)
                assert boosted[key] >= floor, (text, key, boosted[key], score)
        for r in detector.engines[lang].analyze(text):
            fired.add(r.recognition_metadata["recognizer_name"])
    assert len(fired) >= 15, sorted(fired)  # the set exercises most recognizers
    assert lifted >= 10  # and Presidio's enhancer really ran


@pytest.mark.parametrize("lang", ["en", "es"])
def test_ner_equals_presidio_spacy_recognizer(detector: Any, lang: str) -> None:
    """NER through ``nlp.pipe`` (``NerOnlySpacyEngine.entities``) gives what Presidio's
    SpacyRecognizer gives on the same model: types, spans and scores."""
    from presidio_analyzer.predefined_recognizers import SpacyRecognizer

    wanted = frozenset({"PERSON", "LOCATION", "ORGANIZATION", "NRP"})
    texts = _texts(lang)
    recognizer = SpacyRecognizer(supported_language=lang, supported_entities=sorted(wanted))
    found = 0
    for text, ours in zip(texts, detector.nlp.entities(texts, lang, wanted), strict=True):
        artifacts = detector.nlp.process_text(text, lang)
        theirs = recognizer.analyze(text, sorted(wanted), artifacts)
        assert {(r.entity_type, r.start, r.end, r.score) for r in ours} == {
            (r.entity_type, r.start, r.end, r.score) for r in theirs
        }, text
        found += len(ours)
    assert found >= 50
