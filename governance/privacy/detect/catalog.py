"""Which recognizers run for which entity type. The names they find are listed, without
importing Presidio, in ``entity_types.DETECTABLE_ENTITIES`` (a test keeps the two equal).

An entity type the policy enables brings its recognizers; a few bring a close relative
too (``IBAN_CODE`` the Spanish domestic account number ``ES_CCC``, ``STREET_ADDRESS`` the
``POSTAL_CODE`` of the address). National identifiers beyond the Spanish and US ones run
only when the policy names them (``UK_NINO``, ``IT_FISCAL_CODE``, ...).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from presidio_analyzer import EntityRecognizer
from presidio_analyzer import predefined_recognizers as pr

from governance.privacy.detect.entity_types import NER_ENTITIES
from governance.privacy.detect.recognizers import (
    AddressBlockRecognizer,
    AgeRecognizer,
    AnyTldEmailRecognizer,
    CountryLineTownRecognizer,
    GazetteerPersonRecognizer,
    KnownTownRecognizer,
    LabelledFieldRecognizer,
    LabelledPlaceRecognizer,
    LuhnCardRecognizer,
    MonthDateRecognizer,
    PlaceholderNinoRecognizer,
    PlacePostcodeRecognizer,
    PostalCodeRecognizer,
    SpanishCccRecognizer,
    SpanishIbanRecognizer,
    SpanishNieRecognizer,
    SpanishNifRecognizer,
    StreetAddressRecognizer,
    phone_recognizers,
)
from governance.privacy.detect.recognizers.fields import LABELS as FIELD_LABELS

Factory = Callable[[str], list[EntityRecognizer]]

RECOGNIZERS: dict[str, Factory] = {
    "EMAIL_ADDRESS": lambda lang: [AnyTldEmailRecognizer(lang)],
    "PHONE_NUMBER": lambda lang: [*phone_recognizers(lang)],
    "CREDIT_CARD": lambda lang: [
        pr.CreditCardRecognizer(supported_language=lang),
        LuhnCardRecognizer(lang),
    ],
    "IBAN_CODE": lambda lang: [
        pr.IbanRecognizer(supported_language=lang),
        SpanishIbanRecognizer(lang),
    ],
    "ES_CCC": lambda lang: [SpanishCccRecognizer(lang)],
    "IP_ADDRESS": lambda lang: [pr.IpRecognizer(supported_language=lang)],
    "URL": lambda lang: [pr.UrlRecognizer(supported_language=lang)],
    "DATE_TIME": lambda lang: [
        pr.DateRecognizer(supported_language=lang),
        MonthDateRecognizer(lang),
    ],
    "US_SSN": lambda lang: [pr.UsSsnRecognizer(supported_language=lang)],
    "UK_NINO": lambda lang: [
        pr.UkNinoRecognizer(supported_language=lang),
        PlaceholderNinoRecognizer(lang),
    ],
    "ES_NIF": lambda lang: [SpanishNifRecognizer(lang)],
    "ES_NIE": lambda lang: [SpanishNieRecognizer(lang)],
    "STREET_ADDRESS": lambda lang: [StreetAddressRecognizer(lang)],
    "POSTAL_CODE": lambda lang: [PostalCodeRecognizer(lang), PlacePostcodeRecognizer(lang)],
    "AGE": lambda lang: [AgeRecognizer(lang)],
    "PERSON": lambda lang: [GazetteerPersonRecognizer(lang)],
    "LOCATION": lambda lang: [
        LabelledPlaceRecognizer(lang),
        PlacePostcodeRecognizer(lang, "LOCATION"),
        KnownTownRecognizer(lang),
        CountryLineTownRecognizer(lang),
    ],
}
# National identifiers a policy may enable by name; Presidio's recognizers, validated.
NATIONAL_ID_CLASSES: tuple[type[EntityRecognizer], ...] = (
    pr.UkNinoRecognizer,
    pr.NhsRecognizer,
    pr.ItFiscalCodeRecognizer,
    pr.ItIdentityCardRecognizer,
    pr.PlPeselRecognizer,
    pr.FiPersonalIdentityCodeRecognizer,
    pr.SePersonnummerRecognizer,
    pr.EsPassportRecognizer,
    pr.UsPassportRecognizer,
    pr.UsItinRecognizer,
    pr.UsLicenseRecognizer,
    pr.UkPassportRecognizer,
    pr.AuTfnRecognizer,
    pr.CaSinRecognizer,
    pr.InPanRecognizer,
    pr.InAadhaarRecognizer,
    pr.SgFinRecognizer,
    pr.TrNationalIdRecognizer,
    pr.DeIdCardRecognizer,
    pr.DeTaxIdRecognizer,
)


@cache
def national_ids() -> dict[str, type[EntityRecognizer]]:
    made: dict[str, type[EntityRecognizer]] = {}
    for cls in NATIONAL_ID_CLASSES:
        made[cls().supported_entities[0]] = cls  # type: ignore[call-arg]
    return made


# Types a value's label can give (recognizers/fields.py); ``ID_NUMBER`` has no other finder.
FIELD_ENTITIES = frozenset(FIELD_LABELS)


def known_entities() -> frozenset[str]:
    return (
        frozenset(RECOGNIZERS)
        | frozenset(NER_ENTITIES)
        | frozenset(national_ids())
        | FIELD_ENTITIES
    )


def structural_recognizers(entities: list[str], language: str) -> list[EntityRecognizer]:
    """Recognizers that read a layout and give several types: one labelled-field
    recognizer for every enabled type a label can name, and the address-block one."""
    enabled = [e for e in entities if e in FIELD_ENTITIES]
    out: list[EntityRecognizer] = [LabelledFieldRecognizer(language, enabled)] if enabled else []
    if "STREET_ADDRESS" in entities:
        out.append(AddressBlockRecognizer(language, entities))
    return out


def recognizers_for(entity: str, language: str) -> list[EntityRecognizer]:
    if entity in RECOGNIZERS:
        return RECOGNIZERS[entity](language)
    cls = national_ids().get(entity)
    return [cls(supported_language=language)] if cls else []  # type: ignore[call-arg]
