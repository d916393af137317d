"""The analyzer: built once per worker from the policy, run on batches of documents.

spaCy runs only the NER component of the model each language names, over all texts of
a language at once through ``nlp.pipe``; Presidio's recognizers and ours (catalog.py)
run on the raw text with a cheap context boost (engine.py). NER spans pass precision
filters (plausible.py), allow lists drop known non-personal values, pseudonym tokens
already in the text are left alone, table columns declared direct identifiers are
findings by declaration, and entity propagation treats every other occurrence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NerModelConfiguration

from governance.policy.model import Policy
from governance.privacy.detect.catalog import (
    known_entities,
    recognizers_for,
    structural_recognizers,
)
from governance.privacy.detect.context_rules import address_towns
from governance.privacy.detect.custom import custom_recognizers
from governance.privacy.detect.engine import LanguageEngine
from governance.privacy.detect.entity_types import NER_ENTITIES, expand
from governance.privacy.detect.lists import list_members, table_members
from governance.privacy.detect.ner_view import NerView, ner_view
from governance.privacy.detect.nlp import LABELS, NerOnlySpacyEngine
from governance.privacy.detect.plausible import NER, plausible_ner
from governance.privacy.detect.propagate import propagate
from governance.privacy.detect.recognizers.person import lower_case, name_cased, rare_cased
from governance.privacy.detect.segments import Segment, segments
from governance.privacy.transform.operators import TOKEN_RE
from governance.records import Document, Finding

__all__ = ["KNOWN_ENTITIES", "LABELS", "Detector", "NerOnlySpacyEngine"]

KNOWN_ENTITIES = known_entities()
MASKED = frozenset(
    {
        "EMAIL_ADDRESS",
        "PHONE_NUMBER",
        "CREDIT_CARD",
        "IBAN_CODE",
        "ES_CCC",
        "US_SSN",
        "ES_NIF",
        "ES_NIE",
        "IP_ADDRESS",
        "URL",
        "POSTAL_CODE",
        "ID_NUMBER",
    }
)
IGNORED_LABELS = [
    "DATE",
    "TIME",
    "CARDINAL",
    "ORDINAL",
    "QUANTITY",
    "MONEY",
    "PERCENT",
    "PRODUCT",
    "EVENT",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
    "MISC",
]


class Detector:
    """Finds personal data in documents, per the policy's detection section."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.detection = policy.detection
        self.languages = list(policy.languages)
        self.entities = expand(self.detection.entities)
        self._ner = frozenset(self.entities) & frozenset(NER_ENTITIES)
        self.nlp = self._load_nlp()
        self.engines = {
            lang: LanguageEngine(self._recognizers(lang), self.entities) for lang in self.languages
        }
        self._allow = set(self.detection.allow)
        self._allow_re = [re.compile(p) for p in self.detection.allow_patterns]
        self._floor = min([self.detection.default_threshold, *self.detection.thresholds.values()])
        self._identifier_columns = {
            src.name: {c: col.entity for c, col in src.columns.items() if col.entity}
            for src in policy.sources
        }
        self._auto_sources = {s.name for s in policy.sources if s.language == "auto"}

    def _load_nlp(self) -> NerOnlySpacyEngine:
        nlp = NerOnlySpacyEngine(
            models=[
                {"lang_code": lang, "model_name": spec.model}
                for lang, spec in self.policy.languages.items()
            ],
            ner_model_configuration=NerModelConfiguration(
                model_to_presidio_entity_mapping=LABELS, labels_to_ignore=IGNORED_LABELS
            ),
        )
        nlp.load()
        return nlp

    def _recognizers(self, lang: str) -> list[EntityRecognizer]:
        out = [r for entity in self.entities for r in recognizers_for(entity, lang)]
        out.extend(structural_recognizers(self.entities, lang))
        out.extend(custom_recognizers(self.policy, lang))  # the policy's own and deny lists
        return out

    def detect(self, documents: Sequence[Document]) -> None:
        """Set ``findings`` on each document; texts are batched through spaCy per language."""
        pieces = [
            seg
            for i, doc in enumerate(documents)
            for seg in segments(
                i,
                doc,
                self.languages,
                self.policy.default_language,
                doc.source in self._auto_sources,
            )
        ]
        found: list[list[Finding]] = [[] for _ in documents]
        by_lang: dict[str, list[Segment]] = {}
        for seg in pieces:
            lang = seg.language if seg.language in self.engines else self.policy.default_language
            by_lang.setdefault(lang, []).append(seg)
        for lang, segs in by_lang.items():
            texts = [documents[s.doc].text[s.start : s.end] for s in segs]
            matched = [self.engines[lang].analyze(text) for text in texts]
            # text written without capitals: NER reads it with its known names capitalized,
            # and in English its runs of rare words (the frequent words are English ones)
            recase = rare_cased if lang == "en" else name_cased
            cased = [recase(t) if lower_case(t) else t for t in texts]
            views = [self._view(t, results) for t, results in zip(cased, matched, strict=True)]
            ner = self.nlp.entities([v.text for v in views], lang, self._ner)
            for seg, text, as_read, view, results, ner_results in zip(
                segs, texts, cased, views, matched, ner, strict=True
            ):
                mapped = _joined([_mapped(r, view) for r in ner_results], text)
                found[seg.doc].extend(self._findings(text, [*mapped, *results], seg.start, as_read))
        for doc, findings in zip(documents, found, strict=True):
            findings.extend(self._column_findings(doc))
            if "PERSON" in self.entities:
                findings.extend(
                    f
                    for f in [*list_members(doc.text, findings), *table_members(doc.text, findings)]
                    if not self._allowed(doc.text[f.start : f.end])
                )
            doc.findings = propagate(doc.text, findings, allowed=self._allowed)

    def _view(self, text: str, results: list[RecognizerResult]) -> NerView:
        """What NER reads (ner_view.py): shape-found values and pseudonym tokens masked."""
        spans = [
            (r.start, r.end)
            for r in results
            if r.entity_type in MASKED and r.score >= self.detection.threshold(r.entity_type)
        ]
        if "<" in text:
            spans += [m.span() for m in TOKEN_RE.finditer(text)]
        return ner_view(text, spans)

    def _findings(
        self, text: str, results: list[RecognizerResult], offset: int, as_read: str
    ) -> list[Finding]:
        """Findings of one segment; ``as_read`` is the text as NER read it (same length)."""
        tokens = [m.span() for m in TOKEN_RE.finditer(text)] if "<" in text else []
        found = [
            Finding(
                entity_type=r.entity_type,
                start=r.start + offset,
                end=r.end + offset,
                score=round(float(r.score), 4),
                recognizer=str(r.recognition_metadata.get("recognizer_name", "unknown")),
            )
            for r in results
            if r.score >= self._floor and self._keep(r, text, tokens, as_read)
        ]
        if "LOCATION" in self.entities:
            local = [replace(f, start=f.start - offset, end=f.end - offset) for f in found]
            towns = address_towns(text, local)
            found += [
                replace(t, start=t.start + offset, end=t.end + offset)
                for t in towns
                if not self._allowed(text[t.start : t.end])
            ]
        return found

    def _keep(
        self, r: RecognizerResult, text: str, tokens: list[tuple[int, int]], as_read: str
    ) -> bool:
        if r.score < self.detection.threshold(r.entity_type) or r.end <= r.start:
            return False
        value = text[r.start : r.end]
        if self._allowed(value) or any(r.start < e and s < r.end for s, e in tokens):
            return False
        name = r.recognition_metadata.get("recognizer_name")
        return name != NER or plausible_ner(
            r.entity_type,
            as_read[r.start : r.end],
            as_read[max(0, r.start - 40) : r.start],
            as_read[r.end : r.end + 20],
            recased=as_read is not text,
        )

    def _column_findings(self, doc: Document) -> list[Finding]:
        """Direct-identifier columns are personal data by declaration, whatever NER says."""
        columns = self._identifier_columns.get(doc.source, {})
        return [
            Finding(columns[s.name[4:]], s.start, s.end, 1.0, "column_role")
            for s in doc.sections
            if s.name.startswith("col:") and s.name[4:] in columns and s.end > s.start
        ]

    def _allowed(self, value: str) -> bool:
        return value in self._allow or any(p.fullmatch(value) for p in self._allow_re)


def _joined(results: list[RecognizerResult], text: str) -> list[RecognizerResult]:
    """Two NER people side by side, one space or one ``.``/``_``/``-`` between them, are one
    name (the model may split ``Zebulon Quackenbush`` at the start of a text); not in
    capitals (``WASIM AKRAM JOINS CLUB``)."""
    out: list[RecognizerResult] = []
    for r in sorted(results, key=lambda r: r.start):
        last = out[-1] if out else None
        if (
            last is not None
            and r.entity_type == last.entity_type == "PERSON"
            and r.start - last.end == 1
            and text[last.end] in " ._-"
            and not text[last.start : r.end].isupper()  # a headline's words are many things
        ):
            last.end = r.end
            continue
        out.append(r)
    return out


def _mapped(r: RecognizerResult, view: NerView) -> RecognizerResult:
    r.start, r.end = view.to_source(r.start), view.to_source(r.end - 1) + 1
    return r
