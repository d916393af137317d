"""Operators: what a target does with each detected value.

``pseudonym`` gives a keyed token (HMAC-SHA256 in a pseudonymization domain): the
same value gives the same token across documents and runs; another key gives
unlinkable tokens. ``surrogate`` gives a realistic fake value seeded from the same
digest, in reserved ranges (example.com mail, 555-01xx phones, checksum-invalid
IBANs and cards) so the residual-PII gate can tell it from a real one.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

from faker import Faker

from governance.privacy.keys import Key

TOKEN_HEX = 12
TOKEN_RE = re.compile(r"<[A-Z][A-Z0-9_]*_[0-9a-f]{12}>")
LOCALES = {"en": "en_US", "es": "es_ES"}
_COMPACT = {"PHONE_NUMBER", "IBAN_CODE", "CREDIT_CARD", "US_SSN", "ES_NIF", "ES_NIE"}


def normalize(value: str, entity: str) -> str:
    """The form of a value that is hashed: spacing, case and punctuation do not matter."""
    if entity in _COMPACT:
        return re.sub(r"[^0-9A-Za-z]", "", value).upper()
    text = " ".join(value.split()).casefold()
    return re.sub(r"['’]s$", "", text)


@dataclass(frozen=True, slots=True)
class Pseudonymizer:
    key: Key
    domain: str

    def digest(self, value: str, entity: str) -> bytes:
        message = f"{self.domain}\x1f{normalize(value, entity)}".encode()
        return hmac.new(self.key.material, message, hashlib.sha256).digest()

    def token(self, value: str, entity: str) -> str:
        return f"<{entity}_{self.digest(value, entity).hex()[:TOKEN_HEX]}>"


OperatorFn = Callable[[str, str, str, Pseudonymizer], str]


def _pseudonym(value: str, entity: str, language: str, ps: Pseudonymizer) -> str:
    return ps.token(value, entity)


def _redact(value: str, entity: str, language: str, ps: Pseudonymizer) -> str:
    return f"[{entity}]"


def _mask(value: str, entity: str, language: str, ps: Pseudonymizer) -> str:
    keep = 4 if sum(c.isdigit() for c in value) >= 8 else 0
    alnum = [i for i, c in enumerate(value) if c.isalnum()]
    hidden = set(alnum[: len(alnum) - keep])
    return "".join("*" if i in hidden else c for i, c in enumerate(value))


def _keep(value: str, entity: str, language: str, ps: Pseudonymizer) -> str:
    return value


def _generalize(value: str, entity: str, language: str, ps: Pseudonymizer) -> str:
    if entity in ("DATE_TIME", "DATE_OF_BIRTH"):
        year = re.search(r"\b(19|20)\d{2}\b", value)
        return year.group(0) if year else f"[{entity}]"
    if entity == "AGE":
        age = re.search(r"\d{1,3}", value)
        if age:
            low = int(age.group(0)) // 10 * 10
            return f"{low}-{low + 9}"
    return f"[{entity}]"


_fakers = threading.local()


def _faker(language: str) -> Faker:
    cache: dict[str, Faker] | None = getattr(_fakers, "cache", None)
    if cache is None:
        cache = _fakers.cache = {}
    locale = LOCALES.get(language, "en_US")
    if locale not in cache:
        cache[locale] = Faker(locale)
    return cache[locale]


def _surrogate(value: str, entity: str, language: str, ps: Pseudonymizer) -> str:
    seed = int.from_bytes(ps.digest(value, entity)[:8], "big")
    fake = _faker(language)
    fake.seed_instance(seed)
    make = _SURROGATES.get(entity)
    return make(fake, language, seed).strip() if make else ps.token(value, entity)


def _fake_name(fake: Faker, language: str, seed: int) -> str:
    return f"{fake.first_name()} {fake.last_name()}"


def _fake_email(fake: Faker, language: str, seed: int) -> str:
    user = re.sub(r"[^a-z]", "", fake.first_name().lower()) or "user"
    domain = ("example.com", "example.org", "example.net")[seed % 3]
    return f"{user}.{seed % 10_000:04d}@{domain}"


def _fake_phone(fake: Faker, language: str, seed: int) -> str:
    if language == "es":
        return f"+34 600 000 {seed % 1000:03d}"
    return f"(555) 01{seed % 10}-{seed // 10 % 10_000:04d}"


def _fake_iban(fake: Faker, language: str, seed: int) -> str:
    country = "ES" if language == "es" else "GB"
    return f"{country}00 {seed % 10**16:016d}"  # check digits 00 are never valid


def _fake_card(fake: Faker, language: str, seed: int) -> str:
    body = f"4{seed % 10**14:014d}"
    total = sum(_luhn_digit(int(d), i) for i, d in enumerate(reversed(body + "0")))
    bad = (10 - total % 10 + 1) % 10  # one off the valid check digit
    return body + str(bad)


def _luhn_digit(d: int, position: int) -> int:
    if position % 2 == 1:
        d *= 2
        return d - 9 if d > 9 else d
    return d


def _fake_id(fake: Faker, language: str, seed: int) -> str:
    return f"XX-{seed % 10**8:08d}"


_SURROGATES: dict[str, Callable[[Faker, str, int], str]] = {
    "PERSON": _fake_name,
    "EMAIL_ADDRESS": _fake_email,
    "PHONE_NUMBER": _fake_phone,
    "IBAN_CODE": _fake_iban,
    "CREDIT_CARD": _fake_card,
    "US_SSN": _fake_id,
    "ES_NIF": _fake_id,
    "ES_NIE": _fake_id,
    "LOCATION": lambda fake, language, seed: str(fake.city()),
    "STREET_ADDRESS": lambda fake, language, seed: str(fake.street_address()),
    "IP_ADDRESS": lambda fake, language, seed: f"192.0.2.{seed % 254 + 1}",
}

OPERATORS: dict[str, OperatorFn] = {
    "pseudonym": _pseudonym,
    "surrogate": _surrogate,
    "redact": _redact,
    "mask": _mask,
    "generalize": _generalize,
    "keep": _keep,
}
