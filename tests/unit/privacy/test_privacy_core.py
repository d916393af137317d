"""Operators, keys, span resolution and transform offsets (no spaCy needed)."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import pytest

from governance.errors import ConfigError
from governance.policy.model import KeyRef, Target
from governance.privacy.transform.keys import DEMO_KEY, Key, key_id, resolve_key
from governance.privacy.transform.operators import OPERATORS, TOKEN_RE, Pseudonymizer, normalize
from governance.privacy.transform.rewrite import transform
from governance.privacy.transform.spans import resolve
from governance.records import Finding
from tests.conftest import TEST_KEY


def _ps(key: str = TEST_KEY, domain: str = "test-domain") -> Pseudonymizer:
    return Pseudonymizer(Key(key.encode(), key_id(key.encode())), domain)


def test_pseudonym_is_hmac_sha256_of_domain_and_normalized_value() -> None:
    expected = hmac.new(TEST_KEY.encode(), b"test-domain\x1fjane cooper", hashlib.sha256)
    assert _ps().token("Jane  Cooper", "PERSON") == f"<PERSON_{expected.hexdigest()[:12]}>"
    # Golden value: changing the scheme would silently unlink every existing pseudonym.
    assert _ps().token("Jane Cooper", "PERSON") == "<PERSON_bec56b62f3ab>"


@pytest.mark.parametrize(
    ("a", "b", "entity"),
    [
        ("Jane  Cooper", "jane cooper", "PERSON"),
        ("+1 (415) 555-2671", "+1 415 555 2671", "PHONE_NUMBER"),
        ("ES91 2100 0418 4502 0005 1332", "es9121000418450200051332", "IBAN_CODE"),
        ("Cooper's", "Cooper", "PERSON"),
    ],
)
def test_same_value_in_another_spelling_gives_the_same_token(a: str, b: str, entity: str) -> None:
    assert normalize(a, entity) == normalize(b, entity)
    assert _ps().token(a, entity) == _ps().token(b, entity)


def test_other_key_or_domain_gives_unlinkable_tokens() -> None:
    base = _ps().token("Jane Cooper", "PERSON")
    assert _ps(key="another-key-" + "x" * 30).token("Jane Cooper", "PERSON") != base
    assert _ps(domain="other").token("Jane Cooper", "PERSON") != base


def test_surrogates_are_consistent_and_in_reserved_ranges() -> None:
    ps = _ps()
    email = OPERATORS["surrogate"]("jane@corp.com", "EMAIL_ADDRESS", "en", ps)
    assert email == OPERATORS["surrogate"]("JANE@corp.com", "EMAIL_ADDRESS", "en", ps)
    assert email.split("@")[1] in {"example.com", "example.org", "example.net"}
    assert "5550" in "".join(
        c for c in OPERATORS["surrogate"]("415 555 2671", "PHONE_NUMBER", "en", ps) if c.isdigit()
    )
    name = OPERATORS["surrogate"]("Jane Cooper", "PERSON", "en", ps)
    assert len(name.split()) == 2 and name != "Jane Cooper"


def test_every_mention_of_a_person_gets_the_matching_part_of_one_surrogate() -> None:
    ps = _ps()

    def fake(value: str, entity: str = "PERSON") -> str:
        return str(OPERATORS["surrogate"](value, entity, "en", ps))

    first, last = fake("Denise Bryan").split()
    assert (first, last) != ("Denise", "Bryan")
    assert fake("Denise") == first  # "Hi Denise" in the same chat
    assert fake("Mr Bryan") == f"Mr {last}" and fake("Dr. Denise Bryan") == f"Dr. {first} {last}"
    assert fake("DENISE BRYAN") == f"{first} {last}".upper()
    assert fake("D. Bryan").endswith(f". {last}")
    assert fake("denise.bryan@corp.com", "EMAIL_ADDRESS").split("@")[0] == (
        f"{first}.{last}".lower()
    )
    assert fake("Jane Cooper") != fake("Denise Bryan")


def test_every_detectable_type_but_nrp_has_a_surrogate_and_explain_says_token(
    tmp_path: Path,
) -> None:
    from governance.policy import load_policy
    from governance.policy.explain import explain_text
    from governance.privacy.detect.entity_types import SURROGATE_TYPES
    from tests.conftest import DEFAULT_POLICY

    ps = _ps()
    for entity in SURROGATE_TYPES:
        out = OPERATORS["surrogate"]("Value 12345", entity, "en", ps)
        assert not out.startswith(f"<{entity}_"), entity
    assert OPERATORS["surrogate"]("Basque", "NRP", "en", ps).startswith("<NRP_")
    assert "surrogate (token)" not in explain_text(load_policy(DEFAULT_POLICY))
    text = DEFAULT_POLICY.read_text()
    assert "entities: [PERSON," in text
    with_nrp = tmp_path / "nrp.yaml"
    with_nrp.write_text(text.replace("entities: [PERSON,", "entities: [NRP, PERSON,"))
    rows = [line for line in explain_text(load_policy(with_nrp)).splitlines()
            if line.strip().startswith("NRP ")]  # fmt: skip
    assert rows and all("surrogate (token)" in row for row in rows)


@pytest.mark.parametrize(
    ("operator", "value", "entity", "expected"),
    [
        ("redact", "Jane", "PERSON", "[PERSON]"),
        ("mask", "4111 1111 1111 1111", "CREDIT_CARD", "**** **** **** 1111"),
        ("generalize", "12 March 1984", "DATE_TIME", "1984"),
        ("generalize", "37 years", "AGE", "30-39"),
        ("keep", "Madrid", "LOCATION", "Madrid"),
    ],
)
def test_simple_operators(operator: str, value: str, entity: str, expected: str) -> None:
    assert OPERATORS[operator](value, entity, "en", _ps()) == expected


def test_key_resolution_refuses_missing_short_and_demo_keys(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ref = KeyRef(env="SOME_KEY")
    monkeypatch.delenv("SOME_KEY", raising=False)
    with pytest.raises(ConfigError, match="SOME_KEY.*is not set"):
        resolve_key(ref)
    monkeypatch.setenv("SOME_KEY", "short")
    with pytest.raises(ConfigError, match="has 5 characters"):
        resolve_key(ref)
    monkeypatch.setenv("SOME_KEY", DEMO_KEY)
    with pytest.raises(ConfigError, match="demo key") as err:
        resolve_key(ref)
    assert DEMO_KEY not in str(err.value)
    assert resolve_key(ref, allow_demo=True).is_demo


def test_key_never_shows_in_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_KEY", TEST_KEY)
    key = resolve_key(KeyRef(env="SOME_KEY"))
    assert TEST_KEY not in repr(key) and key.key_id.startswith("k")


def test_overlapping_findings_merge_into_their_union_with_the_specific_type() -> None:
    spans = resolve(
        [
            Finding("LOCATION", 10, 25, 0.85, "SpacyRecognizer"),
            Finding("STREET_ADDRESS", 10, 31, 0.7, "StreetAddressRecognizer"),
            Finding("PERSON", 0, 4, 0.8, "x"),
            Finding("PERSON", 0, 4, 0.8, "propagation"),
        ]
    )
    assert [(s.entity_type, s.start, s.end) for s in spans] == [
        ("PERSON", 0, 4),
        ("STREET_ADDRESS", 10, 31),
    ]


def test_a_span_holding_another_keeps_its_type_whatever_the_scores() -> None:
    """``935 69 Gordon Terrace``: NER's PERSON (0.85) inside the address (0.7) must not
    turn the address into a name, whose surrogate keeps the house numbers."""
    text = "935 69 Gordon Terrace"
    found = [Finding("PERSON", 7, 21, 0.85, "SpacyRecognizer"),
             Finding("STREET_ADDRESS", 0, 21, 0.7, "AddressBlockRecognizer")]  # fmt: skip
    [span] = resolve(found)
    assert (span.entity_type, span.start, span.end) == ("STREET_ADDRESS", 0, 21)
    target = Target(kind="finetune", operators={"default": "surrogate"})
    out = transform(text, found, target, "en", _ps())
    assert "935" not in out.text and "Gordon" not in out.text
    # overlapping without holding: the stronger still wins
    [span] = resolve(
        [Finding("PERSON", 0, 10, 0.85, "a"), Finding("STREET_ADDRESS", 5, 21, 0.7, "b")]
    )
    assert span.entity_type == "PERSON"


def test_transform_replaces_every_span_and_maps_offsets_back() -> None:
    text = "Call Jane Cooper at 415-555-2671 today."
    findings = [Finding("PERSON", 5, 16, 0.9, "x"), Finding("PHONE_NUMBER", 20, 32, 0.9, "y")]
    target = Target(kind="rag", operators={"default": "pseudonym"})
    out = transform(text, findings, target, "en", _ps())
    assert "Jane" not in out.text and "555" not in out.text
    assert len(TOKEN_RE.findall(out.text)) == 2
    assert out.to_source(out.text.index("today")) == text.index("today")
    assert out.to_output(text.index("today")) == out.text.index("today")
    assert out.to_source(out.text.index("<PHONE")) == 20
    assert out.counts[("PERSON", "pseudonym", "x")] == 1


def test_drop_operator_marks_the_document() -> None:
    target = Target(kind="finetune", operators={"default": "surrogate", "US_SSN": "drop"})
    out = transform("SSN 536-90-4399", [Finding("US_SSN", 4, 15, 1.0, "x")], target, "en", _ps())
    assert out.dropped_by == "US_SSN" and "536" not in out.text


def test_a_surrogate_is_never_a_value_of_the_same_document() -> None:
    """Spanish towns come from a list of 52: ``Albacete``'s surrogate is another town,
    which may be named in the same text; there it is drawn again."""
    ps, target = _ps(), Target(kind="finetune", operators={"default": "surrogate"})
    first = OPERATORS["surrogate"]("Albacete", "LOCATION", "es", ps)
    text = f"Nació en Albacete y vive en {first}."
    spans = [Finding("LOCATION", text.index("Albacete"), text.index("Albacete") + 8, 0.9, "x"),
             Finding("LOCATION", text.index(first), text.index(first) + len(first), 0.9, "x")]  # fmt: skip
    out = transform(text, spans, target, "es", ps)
    assert first not in out.text and "Albacete" not in out.text
    again = transform(text, spans, target, "es", ps)
    assert again.text == out.text  # drawn again the same way every time
    alone = transform("Nació en Albacete.", spans[:1], target, "es", ps)
    assert first in alone.text  # elsewhere, the value keeps its usual surrogate


def test_a_place_surrogate_is_never_a_word_of_a_value_of_the_same_document() -> None:
    """``Toledo``'s surrogate is some town T; in a text that names ``Oviedo, T`` (one value
    holding T), it is drawn again: ``T`` in the output would read as that value's leak."""
    ps, target = _ps(), Target(kind="finetune", operators={"default": "surrogate"})
    first = OPERATORS["surrogate"]("Toledo", "LOCATION", "es", ps)
    text = f"Vive en Toledo. Localidad: Oviedo, {first}."
    held = f"Oviedo, {first}"
    spans = [Finding("LOCATION", 8, 14, 0.9, "x"),
             Finding("LOCATION", text.index(held), text.index(held) + len(held), 0.9, "x")]  # fmt: skip
    out = transform(text, spans, target, "es", ps).text
    assert first not in out and "Toledo" not in out, out
    assert first in transform("Vive en Toledo.", spans[:1], target, "es", ps).text


def test_a_surrogate_name_part_is_never_a_name_of_the_same_document() -> None:
    """Under the test key, some first name's surrogate is another common first name;
    in a text that also names that person, the part is drawn again."""
    from faker import Faker

    ps, target = _ps(), Target(kind="finetune", operators={"default": "surrogate"})
    names = sorted({Faker("en_US").first_name() for _ in range(2000)})
    a, b = next((n, s) for n in names if (s := OPERATORS["surrogate"](n, "PERSON", "en", ps))
                in names and s != n)  # fmt: skip
    text = f"Ask {a} Smith and {b} Jones."
    spans = [Finding("PERSON", text.index(v), text.index(v) + len(v), 0.9, "x")
             for v in (f"{a} Smith", f"{b} Jones")]  # fmt: skip
    out = transform(text, spans, target, "en", ps).text
    assert a not in out.split() and b not in out.split(), out
    alone = f"Ask {a} Smith."
    assert b in transform(alone, spans[:1], target, "en", ps).text  # elsewhere, as usual
