"""The analyzer on small texts, English and Spanish (real spaCy models, built once)."""

from __future__ import annotations

import pytest

from governance.privacy.detect.analyzer import Detector
from governance.privacy.detect.propagate import propagate, variants
from governance.records import Document, Finding


def _detect(detector: Detector, text: str, language: str) -> set[tuple[str, str]]:
    doc = Document("d", text, "docs", "x.txt", "txt", "h", language)
    detector.detect([doc])
    return {(f.entity_type, text[f.start : f.end]) for f in doc.findings}


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "en",
            "Contact Jane Cooper at jane.cooper@gmail.com.",
            {("PERSON", "Jane Cooper"), ("EMAIL_ADDRESS", "jane.cooper@gmail.com")},
        ),
        ("en", "My SSN is 536-90-4399.", {("US_SSN", "536-90-4399")}),
        ("en", "Card 4111 1111 1111 1111 was charged.", {("CREDIT_CARD", "4111 1111 1111 1111")}),
        (
            "en",
            "She lives at 742 Evergreen Terrace.",
            {("STREET_ADDRESS", "742 Evergreen Terrace")},
        ),
        ("en", "Call me on +1 415-555-2671 please.", {("PHONE_NUMBER", "+1 415-555-2671")}),
        (
            "es",
            "Mi DNI es 12345678Z y vivo en Calle de Alcalá 45.",
            {("ES_NIF", "12345678Z"), ("STREET_ADDRESS", "Calle de Alcalá 45")},
        ),
        (
            "es",
            "Escribe a Ana García López, teléfono +34 612 345 678.",
            {("PERSON", "Ana García López"), ("PHONE_NUMBER", "+34 612 345 678")},
        ),
        (
            "es",
            "IBAN ES91 2100 0418 4502 0005 1332 para la nómina.",
            {("IBAN_CODE", "ES91 2100 0418 4502 0005 1332")},
        ),
    ],
)
def test_detects_expected_values(
    detector: Detector, language: str, text: str, expected: set[tuple[str, str]]
) -> None:
    assert expected <= _detect(detector, text, language)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "Hola, gracias por su mensaje."),
        ("en", "The quarterly report is due on the usual date."),
        ("en", "Acme Iberia opened an office in Madrid."),
    ],
)
def test_no_person_in_ordinary_sentences(detector: Detector, language: str, text: str) -> None:
    assert not {e for e, _ in _detect(detector, text, language) if e == "PERSON"}


def test_direct_identifier_columns_are_findings_whatever_ner_says(detector: Detector) -> None:
    from governance.records import Section

    text = "full_name: Zq Xv\nnotes: met Zq Xv twice"
    doc = Document(
        "r1", text, "hr", "e.csv", "csv", "h", "en", sections=(Section("col:full_name", 11, 16),)
    )
    detector.detect([doc])
    spans = {(f.start, f.end) for f in doc.findings}
    assert (11, 16) in spans
    assert (text.rindex("Zq Xv"), text.rindex("Zq Xv") + 5) in spans  # propagated


def test_propagation_covers_surname_alone_and_email_local_part() -> None:
    text = "Jane Cooper wrote. Later Cooper's manager and Jane replied to jane.cooper."
    found = propagate(text, [Finding("PERSON", 0, 11, 0.85, "ner")])
    values = [text[f.start : f.end] for f in found]
    assert sorted(values) == ["Cooper", "Jane", "Jane Cooper", "Jane Cooper"]
    assert "jane.cooper" in variants("EMAIL_ADDRESS", "jane.cooper@x.com")


def test_identifier_columns_are_keyed_so_joins_still_work(detector: Detector) -> None:
    """The same person in two tables' identifier columns gets one token: joins survive."""
    from governance.policy.model import Target
    from governance.privacy.transform.keys import Key, key_id
    from governance.privacy.transform.operators import Pseudonymizer
    from governance.privacy.transform.rewrite import transform
    from governance.records import Section

    ps = Pseudonymizer(Key(b"k" * 40, key_id(b"k" * 40)), "test")
    target = Target(kind="rag", operators={"default": "pseudonym"})
    tokens = []
    for text, value in [
        ("email: Jane.Cooper@Corp.com", "Jane.Cooper@Corp.com"),
        ("phone: +1 415 555 2671\nemail: jane.cooper@corp.com ", "jane.cooper@corp.com"),
    ]:
        start = text.index(value)
        doc = Document(
            "r",
            text,
            "hr",
            "e.csv",
            "csv",
            "h",
            "en",
            sections=(Section("col:email", start, start + len(value)),),
        )
        detector.detect([doc])
        out = transform(text, doc.findings, target, "en", ps).text
        tokens.append(out[out.index("<EMAIL_ADDRESS_") :].split(">")[0])
    assert tokens[0] == tokens[1]


def test_language_is_chosen_per_field_when_fields_disagree(detector: Detector) -> None:
    from governance.privacy.detect.segments import segments
    from governance.records import Section

    body = "Hola, me habéis cobrado dos veces el pedido y quiero que me devolváis el importe."
    reply = "Hi, thanks for reaching out. We have refunded the duplicate charge to your card."
    text = f"body: {body}\nreply: {reply}"
    sections = (Section("body", 6, 6 + len(body)), Section("reply", text.index(reply), len(text)))
    doc = Document("t", text, "tickets", "t.jsonl", "jsonl", "h", "es", sections=sections)
    pieces = segments(0, doc, ["en", "es"], "en", per_field=True)
    langs = {text[p.start : p.end]: p.language for p in pieces}
    assert langs[body] == "es" and langs[reply] == "en"
    assert [(p.start, p.end) for p in segments(0, doc, ["en", "es"], "en", per_field=False)] == [
        (0, len(text))
    ]
    assert sum(p.end - p.start for p in pieces) == len(text)


def test_spacy_batches_are_bounded_in_characters_not_only_in_texts() -> None:
    from governance.privacy.detect.nlp import NLP_BATCH, NLP_BATCH_CHARS, text_batches

    texts = ["x" * 30_000] * 7 + ["short"] * 150 + ["y" * 250_000]
    groups = list(text_batches(texts))
    assert [t for g in groups for t in g] == texts  # every text once, in order
    assert all(len(g) <= NLP_BATCH for g in groups)
    assert all(sum(map(len, g)) <= NLP_BATCH_CHARS or len(g) == 1 for g in groups)
    assert groups[-1] == ["y" * 250_000]  # a longer text goes alone


def test_a_long_single_line_is_detected_in_bounded_segments(detector: Detector) -> None:
    line = "".join(f"Shipment {i} left depot {i % 97}; ask dispatcher{i}@example.org. "
                   for i in range(6000))  # fmt: skip
    doc = Document("d", line, "docs", "l.txt", "txt", "h", language="en")
    detector.detect([doc])
    emails = {(f.start, f.end) for f in doc.findings if f.entity_type == "EMAIL_ADDRESS"}
    assert len(line) > 300_000 and "\n" not in line
    assert len(emails) == 6000  # none lost or cut at a segment boundary


GROUPED = [
    ("en", "Contact Jane Cooper at jane.cooper@gmail.com or +1 415-555-2671."),
    ("es", "Nombre: Laia.\nApellidos: Martinez Rico.\nNHC: 6765\nVive en Calle de Alcalá 45."),
    ("en", "Attendees:\n- Priya Raman\n- Chidi Okonkwo\n- Marie Dubois\n"),
    ("en", "The office closes on public holidays."),
    ("es", "Mi DNI es 12345678Z. Mi hija Lucía vive en Valencia."),
]


def test_a_documents_findings_do_not_depend_on_the_documents_scanned_with_it(
    detector: Detector,
) -> None:
    """Batches scan their files in groups (governance/run/batch.py); the grouping must not
    change what is found."""

    def docs() -> list[Document]:
        return [Document(f"d{i}", text, "docs", f"{i}.txt", "txt", "h", lang)
                for i, (lang, text) in enumerate(GROUPED)]  # fmt: skip

    together = docs()
    detector.detect(together)
    alone = docs()
    for doc in alone:
        detector.detect([doc])
    assert all(doc.findings for doc in together[:3])
    assert [d.findings for d in together] == [d.findings for d in alone]
