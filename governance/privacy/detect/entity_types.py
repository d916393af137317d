"""Entity type names: the ones the analyzer can find and the ones a type implies.

Names only, without importing Presidio: loading and checking a policy needs them, and
the flow's own process, which never detects, must not pay seconds of Presidio, spaCy
and torch imports for them. ``tests/unit/privacy/test_privacy_entity_types.py`` keeps
``DETECTABLE_ENTITIES`` equal to what the recognizer catalog (``catalog.py``) builds.
"""

from __future__ import annotations

NER_ENTITIES = ("PERSON", "LOCATION", "ORGANIZATION", "NRP")

# A type the policy enables brings a close relative: the Spanish domestic account
# number inside an IBAN, the postal code of a street address.
IMPLIED: dict[str, tuple[str, ...]] = {
    "IBAN_CODE": ("ES_CCC",),
    "STREET_ADDRESS": ("POSTAL_CODE",),
}

# Every type with a recognizer or an NER mapping (national identifiers beyond the Spanish
# and US ones run only when a policy names them).
DETECTABLE_ENTITIES = frozenset({
    "AGE", "AU_TFN", "CA_SIN", "CREDIT_CARD", "DATE_TIME", "DE_ID_CARD", "DE_TAX_ID",
    "EMAIL_ADDRESS", "ES_CCC", "ES_NIE", "ES_NIF", "ES_PASSPORT", "FI_PERSONAL_IDENTITY_CODE",
    "IBAN_CODE", "ID_NUMBER", "IN_AADHAAR", "IN_PAN", "IP_ADDRESS", "IT_FISCAL_CODE",
    "IT_IDENTITY_CARD",
    "LOCATION", "NRP", "ORGANIZATION", "PERSON", "PHONE_NUMBER", "PL_PESEL", "POSTAL_CODE",
    "SE_PERSONNUMMER", "SG_NRIC_FIN", "STREET_ADDRESS", "TR_NATIONAL_ID", "UK_NHS", "UK_NINO",
    "UK_PASSPORT", "URL", "US_DRIVER_LICENSE", "US_ITIN", "US_PASSPORT", "US_SSN",
})  # fmt: skip


# The types the surrogate operator has a realistic fake for; any other (NRP, a custom
# recognizer's type) gets a keyed token under ``surrogate``, as ``policy explain`` says.
SURROGATE_TYPES = DETECTABLE_ENTITIES - {"NRP"}


def expand(entities: tuple[str, ...] | list[str]) -> list[str]:
    """The policy's entity types plus the ones they imply, in a stable order."""
    out = list(dict.fromkeys(entities))
    for entity in list(out):
        out += [e for e in IMPLIED.get(entity, ()) if e not in out]
    return out
