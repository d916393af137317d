"""Properties of detection and pseudonymization, on generated texts (hypothesis)."""

from __future__ import annotations

import re
from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from governance.policy.model import Target
from governance.privacy.detect.analyzer import Detector
from governance.privacy.transform.keys import Key, key_id
from governance.privacy.transform.operators import Pseudonymizer
from governance.privacy.transform.rewrite import transform
from governance.privacy.transform.spans import resolve
from governance.records import Document

FILLER = st.sampled_from(
    "please the report and call about order was sent today para el pedido con gracias "
    "hola equipo revisar la factura mañana".split()
)
VALUES = st.sampled_from(
    [
        "jane.cooper@gmail.com",
        "support@acme.example",
        "+34 612 345 678",
        "(415) 867-5309",
        "4111 1111 1111 1111",
        "ES91 2100 0418 4502 0005 1332",
        "12345678Z",
        "X1234567L",
        "536-90-4399",
        "203.0.113.45",
        "Jane Cooper",
        "Ana García López",
        "742 Evergreen Terrace",
    ]
)
TEXTS = st.lists(st.one_of(FILLER, VALUES), min_size=1, max_size=14).map(" ".join)
ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)
RAG = Target(kind="rag", operators={"default": "pseudonym"})
SLOW = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _ps(material: str = "k" * 40, domain: str = "d") -> Pseudonymizer:
    return Pseudonymizer(Key(material.encode(), key_id(material.encode())), domain)


def _anonymize(detector: Detector, text: str) -> str:
    doc = Document("d", text, "docs", "x.txt", "txt", "h", "en")
    detector.detect([doc])
    return transform(text, doc.findings, RAG, "en", _ps()).text


@SLOW
@given(text=st.one_of(TEXTS, ANY_TEXT), language=st.sampled_from(["en", "es"]))
def test_offsets_are_valid(detector: Detector, text: str, language: str) -> None:
    doc = Document("d", text, "docs", "x.txt", "txt", "h", language)
    detector.detect([doc])
    for f in doc.findings:
        assert 0 <= f.start < f.end <= len(text)
    spans = resolve(doc.findings)
    assert all(a.end <= b.start for a, b in pairwise(spans))


@settings(max_examples=200)
@given(
    value=st.text(min_size=1, max_size=40),
    entity=st.sampled_from(["PERSON", "EMAIL_ADDRESS"]),
    key=st.text(min_size=32, max_size=48),
    domain=st.text(min_size=1, max_size=10),
)
def test_pseudonyms_are_deterministic_per_key_and_domain(
    value: str, entity: str, key: str, domain: str
) -> None:
    token = _ps(key, domain).token(value, entity)
    assert token == _ps(key, domain).token(value, entity)
    assert re.fullmatch(rf"<{entity}_[0-9a-f]{{12}}>", token)
    assert token != _ps(key + "x", domain).token(value, entity)
    assert token != _ps(key, domain + "x").token(value, entity)


@SLOW
@given(text=TEXTS)
def test_no_detected_span_survives_in_the_output(detector: Detector, text: str) -> None:
    doc = Document("d", text, "docs", "x.txt", "txt", "h", "en")
    detector.detect([doc])
    out = transform(text, doc.findings, RAG, "en", _ps()).text
    blanked = list(text)
    spans = resolve(doc.findings)
    for f in spans:
        blanked[f.start : f.end] = " " * (f.end - f.start)
    rest = "".join(blanked)
    for f in spans:
        value = text[f.start : f.end]
        if not re.search(rf"(?<!\w){re.escape(value)}(?!\w)", rest):
            assert not re.search(rf"(?<!\w){re.escape(value)}(?!\w)", out), value


@SLOW
@given(text=TEXTS)
def test_anonymizing_an_anonymized_text_changes_nothing(detector: Detector, text: str) -> None:
    once = _anonymize(detector, text)
    assert _anonymize(detector, once) == once
