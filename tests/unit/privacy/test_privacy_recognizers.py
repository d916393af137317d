"""Our recognizers on tables of text and expected spans (real spaCy models, built once)."""

from __future__ import annotations

import pytest

from governance.policy import Policy
from governance.privacy.detect.analyzer import Detector
from governance.privacy.detect.checksums import ccc_ok, cif_ok, dni_ok, iban_ok
from governance.records import Document


def _found(detector: Detector, text: str, language: str) -> set[tuple[str, str]]:
    doc = Document("d", text, "docs", "x.txt", "txt", "h", language)
    detector.detect([doc])
    return {(f.entity_type, text[f.start : f.end]) for f in doc.findings}


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("es", "DNI 12.345.678-Z en el expediente.", ("ES_NIF", "12.345.678-Z")),
        ("es", "NIF de la empresa: B12345674.", ("ES_NIF", "B12345674")),
        ("es", "Su NIE es X-1234567-L.", ("ES_NIE", "X-1234567-L")),
        (
            "es",
            "Cuenta 2100 0418 45 0200051332 para la nómina.",
            ("ES_CCC", "2100 0418 45 0200051332"),
        ),
        (
            "es",
            "IBAN ES91-2100-0418-4502-0005-1332 gracias",
            ("IBAN_CODE", "ES91-2100-0418-4502-0005-1332"),
        ),
        ("es", "Llámame al 612 34 56 78 por la tarde.", ("PHONE_NUMBER", "612 34 56 78")),
        ("es", "Teléfono: (+34) 912 345 678.", ("PHONE_NUMBER", "912 345 678")),
        ("es", "móvil 0034 612 345 678", ("PHONE_NUMBER", "0034 612 345 678")),
        ("en", "Ring +44 20 7946 0958 tomorrow.", ("PHONE_NUMBER", "+44 20 7946 0958")),
        ("en", "Call (415) 867-5309 today.", ("PHONE_NUMBER", "(415) 867-5309")),
        (
            "en",
            "Write to support@acme.example for help.",
            ("EMAIL_ADDRESS", "support@acme.example"),
        ),
        ("en", "Ops alias ops@build.internal.", ("EMAIL_ADDRESS", "ops@build.internal")),
        ("en", "She lives in Austin, TX 78723 now.", ("POSTAL_CODE", "78723")),
        ("en", "ZIP code: 94107", ("POSTAL_CODE", "94107")),
        ("es", "Envío a Calle Mayor 5, 28013 Madrid.", ("POSTAL_CODE", "28013")),
        ("en", "The patient, 47 years old, was discharged.", ("AGE", "47 years old")),
        ("en", "a 34-year-old engineer", ("AGE", "34-year-old")),
        ("es", "Paciente de 52 años de edad.", ("AGE", "52 años de edad")),
        ("en", "Dr. Quiroz will call back.", ("PERSON", "Quiroz")),
        ("es", "La Dra. Otero Montalvo atenderá.", ("PERSON", "Otero Montalvo")),
        ("en", "[09:41] Chloe: can you reset my password?", ("PERSON", "Chloe")),
        ("es", "Avisad a Alicia si hay retraso.", ("PERSON", "Alicia")),
        ("en", "City: Tulsa\nZIP: 74103", ("LOCATION", "Tulsa")),
        ("en", "Refund to card 2720 9912 3456 7894 done.", ("CREDIT_CARD", "2720 9912 3456 7894")),
        ("en", "at 9099 Riverside Drive, Cork 82497.", ("LOCATION", "Cork")),
    ],
)
def test_recognizes(
    detector: Detector, language: str, text: str, expected: tuple[str, str]
) -> None:
    assert expected in _found(detector, text, language)


@pytest.mark.parametrize(
    ("language", "text", "entity"),
    [
        ("es", "DNI 12345678A (letra errónea).", "ES_NIF"),
        ("es", "NIE X1234567A no es válido.", "ES_NIE"),
        ("es", "Cuenta 2100 0418 46 0200051332 mal escrita.", "ES_CCC"),
        ("en", "Order 724136 shipped on 2019-05-07 with 14 items.", "PHONE_NUMBER"),
        ("en", "Release 2.13.4 fixes 12 bugs; build 20240105.", "PHONE_NUMBER"),
        ("en", "We shipped 48213 units last year.", "POSTAL_CODE"),
        ("en", "The company is 20 years old.", "PERSON"),
        ("en", "Invoice 4111 1111 1111 1112 is pending.", "CREDIT_CARD"),
        ("en", "See logo@2x.png in the repo.", "EMAIL_ADDRESS"),
        ("es", "Hola, Buenos días:\n\nAtentamente,\nAtención al Cliente", "LOCATION"),
        ("en", "Part-time until further notice.", "PERSON"),
        ("en", "We will review the figures in March.", "LOCATION"),
    ],
)
def test_rejects(detector: Detector, language: str, text: str, entity: str) -> None:
    assert entity not in {e for e, _ in _found(detector, text, language)}


def test_pseudonym_tokens_are_never_detected_again(detector: Detector) -> None:
    text = "Token <PERSON_bec56b62f3ab> and <EMAIL_ADDRESS_0a1b2c3d4e5f> stay."
    assert _found(detector, text, "en") == set()


@pytest.mark.parametrize(
    ("check", "good", "bad"),
    [
        (dni_ok, "12345678Z", "12345678A"),
        (dni_ok, "X1234567L", "X1234567A"),
        (cif_ok, "B12345674", "B12345675"),
        (ccc_ok, "21000418450200051332", "21000418460200051332"),
        (iban_ok, "ES9121000418450200051332", "ES9221000418450200051332"),
    ],
)
def test_checksums(check: object, good: str, bad: str) -> None:
    assert check(good) and not check(bad)  # type: ignore[operator]


def test_national_ids_run_only_when_the_policy_enables_them(
    detector: Detector, default_policy: Policy
) -> None:
    text = "NINO AB123456C on file."
    detection = default_policy.detection.model_copy(update={"entities": ("PERSON", "UK_NINO")})
    enabled = Detector(default_policy.model_copy(update={"detection": detection}))
    assert ("UK_NINO", "AB123456C") in _found(enabled, text, "en")
    assert "UK_NINO" not in {e for e, _ in _found(detector, text, "en")}


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # a town the gazetteer knows after a preposition of place, however it is cased
        ("en", "The plant moved its offices to Fauske last spring.", ("LOCATION", "Fauske")),
        ("en", "Our supplier in KATRINEHOLM shipped late.", ("LOCATION", "KATRINEHOLM")),
        ("es", "Trabaja en Villafranca del Cid desde 2019.", ("LOCATION", "Villafranca del Cid")),
        # the line above a country line is its town, known or not
        ("en", "Ingrid Berg\nStorgata 12\nNordre Hvaler\nNorway", ("LOCATION", "Nordre Hvaler")),
        ("en", "Ana Ruiz\n\nSanta Cruz de Bezana\nEspaña 39100", ("LOCATION", "Santa Cruz de Bezana")),
        # a two-letter region between a known town and its code
        ("en", "Send the forms to Springfield, IL 62704.", ("POSTAL_CODE", "62704")),
        ("en", "Office: Aalborg NO 9000", ("LOCATION", "Aalborg")),
    ],
)  # fmt: skip
def test_towns(detector: Detector, language: str, text: str, expected: tuple[str, str]) -> None:
    assert expected in _found(detector, text, language)


def test_a_sign_off_above_a_country_is_not_a_town(detector: Detector) -> None:
    assert ("LOCATION", "Best regards") not in _found(detector, "Best regards\nSpain", "en")


def test_name_gazetteers_hold_names_of_other_scripts_in_latin_letters() -> None:
    from governance.privacy.detect.recognizers.gazetteer import (
        first_names,
        last_names,
        town_names,
        transliterate,
    )

    assert transliterate("Всеволод") == "vsevolod" and "vsevolod" in first_names()
    assert transliterate("Щербаков") == "shcherbakov"
    assert {"hiroshi", "haruka"} & first_names()  # Faker's romanized Japanese names
    assert "sokolov" in last_names()
    assert {"laax", "fauske", "villafranca del cid"} <= town_names()
    assert not {"march", "nice", "the", "ability"} & town_names()  # common words are out


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        ("en", "Odalys, could you forward the contract to legal?", "Odalys"),
        ("en", "Thanks for the update. Teodor Vank, please call me back.", "Teodor Vank"),
        ("es", "Gracias. Íñigo, ¿puedes revisar la factura?", "Íñigo"),
        ("en", "Sorry, can you send it again?", None),
        ("en", "Marketing, please review the draft.", None),
    ],
)
def test_someone_addressed_by_name(
    detector: Detector, language: str, text: str, name: str | None
) -> None:
    people = {v for e, v in _found(detector, text, language) if e == "PERSON"}
    assert people == ({name} if name else set())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a continental street line opens an address block: its flat, town and code follow
        ("Jean Roux\nAcme SARL\n770 26 rue des Tanneurs\nApt. 735\nDOLE\nFrance 39100",
         {("STREET_ADDRESS", "770 26 rue des Tanneurs"), ("STREET_ADDRESS", "Apt. 735"),
          ("LOCATION", "DOLE"), ("POSTAL_CODE", "39100"), ("PERSON", "Jean Roux")}),
        # a building number before a street written name first
        ("Deliver to Brandt GmbH, 4411 Hauptstraße 12, Kiel.",
         {("STREET_ADDRESS", "4411 Hauptstraße 12")}),
    ],
)  # fmt: skip
def test_continental_addresses(
    detector: Detector, text: str, expected: set[tuple[str, str]]
) -> None:
    """Each expected value lies inside a finding of its type (the street and its flat
    may come as one finding)."""
    found = _found(detector, text, "en")
    for entity, value in expected:
        assert any(e == entity and value in v for e, v in found), (entity, value, found)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Prepared by: Olenka Travis\nDate: 12 May 2024", "Olenka Travis"),
        ("Our grandmother was called Quirina Vost, they said.", "Quirina Vost"),
        ('Tavish: "Where were you?"\nRhona: "Out."', "Tavish"),
        ('Warning: "do not open"', None),
        ("We bought it from a company called Zentrix.", None),
    ],
)
def test_names_by_role_relation_and_speech(detector: Detector, text: str, name: str | None) -> None:
    people = {v for e, v in _found(detector, text, "en") if e == "PERSON"}
    assert (name in people) if name else not people


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        ("es", "La entrenadora Ainhoa Urkiza cambió el equipo.", "Ainhoa Urkiza"),
        ("en", "Our Project Manager Training starts on Monday.", None),
    ],
)
def test_a_name_after_its_role(
    detector: Detector, language: str, text: str, name: str | None
) -> None:
    people = {v for e, v in _found(detector, text, language) if e == "PERSON"}
    assert (name in people) if name else not people
