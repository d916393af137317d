"""Residual-PII detectors: tables of text and the kinds they must (not) yield."""

from __future__ import annotations

import dataclasses

import pytest

from governance.quality.detectors import ResidualHit, scan


def kinds(text: str, canaries: tuple[str, ...] = ()) -> list[str]:
    return [hit.kind for hit in scan(text, canaries)]


POSITIVES = [
    # values glued to a word by a dot (issue 22)
    ("ref.48273619T on file", ["ES_NIF"]),
    ("tel.+34612345678 please", ["PHONE_NUMBER"]),
    # emails
    ("Write to john.doe@acme.io today.", ["EMAIL_ADDRESS"]),
    ("MARIA.GARCIA@Empresa.COM", ["EMAIL_ADDRESS"]),
    ("josé@empresa.es", ["EMAIL_ADDRESS"]),
    ("a@example.co", ["EMAIL_ADDRESS"]),
    ("x@example.com.evil.io", ["EMAIL_ADDRESS"]),
    # phones
    ("Call +1 415-555-2671 now", ["PHONE_NUMBER"]),
    ("Call (415) 555-2671.", ["PHONE_NUMBER"]),
    ("Call 415.555.2671", ["PHONE_NUMBER"]),
    ("Ring +44 20 7946 0958", ["PHONE_NUMBER"]),
    ("Llama al 612 345 678", ["PHONE_NUMBER"]),
    ("Llama al +34 612 34 56 78", ["PHONE_NUMBER"]),
    ("Fijo 91 123 45 67", ["PHONE_NUMBER"]),
    ("Móvil +34612345678", ["PHONE_NUMBER"]),
    # payment cards (Luhn-valid, known networks)
    ("Card 4111 1111 1111 1111 ok", ["CREDIT_CARD"]),
    ("Card 4111-1111-1111-1111", ["CREDIT_CARD"]),
    ("Card 5500000000000004", ["CREDIT_CARD"]),
    ("Amex 3782 822463 10005", ["CREDIT_CARD"]),
    ("Discover 6011111111111117", ["CREDIT_CARD"]),
    # IBANs (mod-97 valid)
    ("IBAN ES91 2100 0418 4502 0005 1332.", ["IBAN_CODE"]),
    ("IBAN ES9121000418450200051332", ["IBAN_CODE"]),
    ("IBAN GB82 WEST 1234 5698 7654 32", ["IBAN_CODE"]),
    ("IBAN DE89370400440532013000", ["IBAN_CODE"]),
    ("IBAN FR14 2004 1010 0505 0001 3M02 606", ["IBAN_CODE"]),
    # US SSN
    ("SSN 123-45-6789", ["US_SSN"]),
    ("SSN: 078-05-1121,", ["US_SSN"]),
    # Spanish DNI and NIE
    ("DNI 12345678Z", ["ES_NIF"]),
    ("DNI 12.345.678-Z", ["ES_NIF"]),
    ("DNI 00000000T", ["ES_NIF"]),
    ("NIE X1234567L", ["ES_NIE"]),
    ("NIE Y-1234567-X", ["ES_NIE"]),
    ("NIE Z1234567R", ["ES_NIE"]),
    # IPv4
    ("from 192.168.1.10 at", ["IP_ADDRESS"]),
    ("dns 8.8.8.8.", ["IP_ADDRESS"]),
    ("host 10.0.0.1", ["IP_ADDRESS"]),
    # several at once, sorted by position
    ("bob@acme.io, SSN 123-45-6789, IP 8.8.4.4", ["EMAIL_ADDRESS", "US_SSN", "IP_ADDRESS"]),
]

NEGATIVES = [
    # pseudonym tokens and redactions
    "Contact <EMAIL_ADDRESS_0a1b2c> or <PERSON_7f3a9c>.",
    "<PHONE_NUMBER_412345678901> <CREDIT_CARD_411111111111> <IBAN_CODE_123456789012>",
    "Contact [REDACTED] or [EMAIL_ADDRESS].",
    # surrogate emails (RFC 2606)
    "Mail maria.0042@example.com",
    "Mail x@mail.example.org and Y@EXAMPLE.NET",
    # surrogate phones: 555-01xx and +34 600 000
    "Call (555) 013-4567",
    "Call +1 555-0134",
    "Call 555-012-3456",
    "Llama al +34 600 000 123",
    # phones that are not NANP-valid or not a clear shape
    "Call (012) 345-6789",
    "ref 123-456-789",
    "id 612345678",
    # cards: Luhn-invalid, unknown prefix, too short, epoch milliseconds
    "Card 4111 1111 1111 1112",
    "Card 4000000000000011",
    "Number 1234 5678 9012 3452",
    "Card 4111 1111 1111",
    "timestamp 1700000000000",
    # IBANs: bad check digits, surrogate check digits 00, too short
    "IBAN ES92 2100 0418 4502 0005 1332",
    "IBAN ES00 1234567890123456",
    "IBAN GB00 0000123456789012",
    "IBAN ES91 2100 0418",
    # SSN: area 000, 666, 9xx; group 00; serial 0000; other shapes
    "SSN 000-12-3456 666-12-3456 912-34-5678 123-00-4567 123-45-0000",
    "code 123456789 and 12-345-6789",
    # DNI/NIE: wrong check letter, lowercase letter
    "DNI 12345678A",
    "NIE X1234567A",
    "dni 12345678z",
    "surrogate id XX-12345678",
    # IPv4: loopback, unspecified, documentation, out of range, versions, zero-padded
    "local 127.0.0.1 any 0.0.0.0 doc 192.0.2.7 198.51.100.4 203.0.113.9",
    "bad 256.1.1.1 and 1.2.3.4.5",
    "version 1.2.3.4, v1.2.3.4, release 2.0.0.1",
    "padded 01.02.03.04",
    # ordinary business text
    "Dated 2024-01-15 at 10:30, order 12345, total 1.234.567,89 EUR, ref 2024/001.",
    "user at acme dot com",
    "j***@*****.*** and **** **** **** 1111",
    "",
]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_residual_pii_is_found(text: str, expected: list[str]) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize("text", NEGATIVES)
def test_tokens_surrogates_and_invalid_values_do_not_match(text: str) -> None:
    assert scan(text) == []


def test_hit_is_a_span_without_the_value() -> None:
    text = "Mail john@acme.io now"
    assert scan(text) == [ResidualHit("EMAIL_ADDRESS", 5, 17)]
    assert [f.name for f in dataclasses.fields(ResidualHit)] == ["kind", "start", "end"]


@pytest.mark.parametrize(
    ("text", "canaries", "expected"),
    [
        ("planted ZZ-CANARY-7 here and ZZ-CANARY-7", ("ZZ-CANARY-7",), ["CANARY", "CANARY"]),
        ("planted ZZ-CANARY-7 here", ("other", ""), []),
        ("no canary here", ("ZZ-CANARY-7",), []),
        ("canary <PERSON_7f3a9c> beside a token", ("<PERSON_7f3a9c>",), ["CANARY"]),
    ],
)
def test_canaries_match_verbatim(text: str, canaries: tuple[str, ...], expected: list[str]) -> None:
    assert kinds(text, canaries) == expected


def test_token_masks_only_itself() -> None:
    text = "<EMAIL_ADDRESS_0a1b2c> and bob@acme.io"
    assert scan(text) == [ResidualHit("EMAIL_ADDRESS", 27, 38)]


SURROGATE_ENTITIES = [
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "IBAN_CODE",
    "CREDIT_CARD",
    "US_SSN",
    "ES_NIF",
    "ES_NIE",
    "IP_ADDRESS",
]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("entity", SURROGATE_ENTITIES)
def test_surrogates_from_the_operator_never_match(entity: str, language: str) -> None:
    """The contract with governance.privacy.transform.operators: surrogates are in reserved ranges."""
    from governance.privacy.transform.keys import Key, key_id
    from governance.privacy.transform.operators import OPERATORS, Pseudonymizer

    material = b"test-key-for-surrogate-contract-0123456789"
    ps = Pseudonymizer(Key(material, key_id(material)), "test")
    surrogate = OPERATORS["surrogate"]
    for i in range(200):
        fake = surrogate(f"value-{i}", entity, language, ps)
        assert scan(f"Contact: {fake}.") == [], (entity, language, i)


RESIDUAL_CANARY_KINDS = {
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "CREDIT_CARD": "CREDIT_CARD",
    "IBAN_CODE": "IBAN_CODE",
    "US_SSN": "US_SSN",
    "ES_NIF": "ES_NIF",
    "ES_NIE": "ES_NIE",
    "IP_ADDRESS": "IP_ADDRESS",
}


@pytest.mark.parametrize(("entity", "kind"), sorted(RESIDUAL_CANARY_KINDS.items()))
def test_canary_values_look_real_to_the_independent_detector(entity: str, kind: str) -> None:
    """Canaries must be valid values outside the surrogate ranges, or they would prove
    nothing: the residual detector (checksums, reserved ranges) sees each as real."""
    from governance.quality.canary_values import canary_value

    for slot in range(60):
        value = canary_value(f"run-{slot % 7}", entity, slot)
        assert kinds(f"Contact: {value} today.") == [kind], (entity, slot, value)


def test_canary_values_are_deterministic_per_run_type_and_slot() -> None:
    from governance.quality.canary_values import GENERATORS, canary_value

    for entity in GENERATORS:
        assert canary_value("r1", entity, 0) == canary_value("r1", entity, 0)
        values = {canary_value(run, entity, slot) for run in ("r1", "r2") for slot in range(4)}
        assert len(values) >= 6, entity  # runs and slots give different values


def test_canary_names_are_two_capitalised_words() -> None:
    from governance.quality.canary_values import canary_value

    for slot in range(20):
        first, last = canary_value("r", "PERSON", slot).split(" ")
        assert first.istitle() and last.istitle()
