"""Operators: what a target does with each detected value.

``pseudonym`` gives a keyed token (HMAC-SHA256 in a pseudonymization domain): the
same value gives the same token across documents and runs; another key gives
unlinkable tokens. ``surrogate`` gives a realistic fake value seeded from the same
digest, in reserved ranges (example.com mail, 555-01xx phones, checksum-invalid
IBANs and cards) so the residual-PII gate can tell it from a real one.

Each operator declares its parameters (a ``Params`` model, empty for most); a policy
gives them next to the operator's name (``AGE: {operator: generalize, age_band: 5}``)
and they are validated when the policy loads (``policy/checks.py``).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Literal

from faker import Faker
from pydantic import BaseModel, ConfigDict, Field

from governance.privacy.transform.keys import Key

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


class Params(BaseModel):
    """An operator's parameters; this base takes none."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class RedactParams(Params):
    label: str = Field(
        default="[{entity}]", min_length=1, max_length=64,
        description="What a value becomes; '{entity}' is replaced by its entity type.",
    )  # fmt: skip


class MaskParams(Params):
    char: str = Field(default="*", min_length=1, max_length=1, description="The mask.")
    keep_last: int | None = Field(
        default=None, ge=0, le=8,
        description="Letters and digits left visible at the end (default: the last 4 of "
        "values with 8 or more digits, none of shorter ones).",
    )  # fmt: skip


class GeneralizeParams(Params):
    age_band: int = Field(default=10, ge=2, le=50, description="Width of an age band.")
    age_top: int | None = Field(
        default=None, ge=1, le=150,
        description="Ages at or above it become '<age_top>+' (HIPAA Safe Harbor: 90).",
    )  # fmt: skip
    date: Literal["year", "decade"] = Field(
        default="year", description="What a date keeps: its year, or its decade ('1990s')."
    )


OperatorFn = Callable[[str, str, str, Pseudonymizer, Any], str]


@dataclass(frozen=True, slots=True)
class Operator:
    """One member of the family: what it does with a value, and the parameters it takes."""

    name: str
    apply: OperatorFn
    params: type[Params] = Params

    def bind(self, raw: Mapping[str, Any] | None = None) -> Params:
        """Validated parameters (raises pydantic's ValidationError on bad ones)."""
        return self.params.model_validate(dict(raw or {}))

    def __call__(
        self, value: str, entity: str, language: str, ps: Pseudonymizer,
        params: Params | None = None,
    ) -> str:  # fmt: skip
        return self.apply(value, entity, language, ps, params or _defaults(self.params))


@cache
def _defaults(kind: type[Params]) -> Params:
    return kind()


def _pseudonym(value: str, entity: str, language: str, ps: Pseudonymizer, p: Params) -> str:
    return ps.token(value, entity)


def _redact(value: str, entity: str, language: str, ps: Pseudonymizer, p: RedactParams) -> str:
    return p.label.replace("{entity}", entity)


def _mask(value: str, entity: str, language: str, ps: Pseudonymizer, p: MaskParams) -> str:
    keep = p.keep_last
    if keep is None:
        keep = 4 if sum(c.isdigit() for c in value) >= 8 else 0
    alnum = [i for i, c in enumerate(value) if c.isalnum()]
    hidden = set(alnum[: max(len(alnum) - keep, 0)])
    return "".join(p.char if i in hidden else c for i, c in enumerate(value))


def _keep(value: str, entity: str, language: str, ps: Pseudonymizer, p: Params) -> str:
    return value


def _generalize(
    value: str, entity: str, language: str, ps: Pseudonymizer, p: GeneralizeParams
) -> str:
    if entity in ("DATE_TIME", "DATE_OF_BIRTH"):
        year = re.search(r"\b(19|20)\d{2}\b", value)
        if not year:
            return f"[{entity}]"
        return year.group(0) if p.date == "year" else f"{int(year.group(0)) // 10 * 10}s"
    if entity == "AGE":
        age = re.search(r"\d{1,3}", value)
        if age:
            years = int(age.group(0))
            if p.age_top is not None and years >= p.age_top:
                return f"{p.age_top}+"
            low = years // p.age_band * p.age_band
            return f"{low}-{low + p.age_band - 1}"
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


def _surrogate(value: str, entity: str, language: str, ps: Pseudonymizer, p: Params) -> str:
    """A realistic fake; drawn again (up to ``REDRAWS`` times) while it equals a value of
    the document being transformed (``Madrid`` for ``Toledo`` in a text that also names
    Madrid), or a place names a word of one (``_collides``): such a surrogate is
    indistinguishable from a leak, to a reader and to the residual-PII gate. Names and
    e-mails are drawn part by part (``_name_part``)."""
    if entity == "PERSON":
        return surrogate_name(value, language, ps)
    if entity == "EMAIL_ADDRESS":
        return surrogate_email(value, language, ps)
    taken = _AVOID.get()
    replacement = _fake(value, entity, language, ps)
    for attempt in range(1, REDRAWS + 1):
        if not _collides(replacement, entity, taken):
            break
        replacement = _fake(f"{value}\x00redraw{attempt}", entity, language, ps)
    return replacement


WORDED = frozenset({"LOCATION", "STREET_ADDRESS"})  # surrogates named with words of places


def _collides(replacement: str, entity: str, taken: Taken) -> bool:
    """Whether ``replacement`` is a value of the document, or, for a place or a street,
    holds a word of one (``Asturias`` for ``Toledo`` in a text about ``Oviedo, Asturias``;
    ``Calle de Juan Bravo`` in a text about Juan)."""
    folded = replacement.casefold()
    if folded in taken.values:
        return True
    words = _NAME_TOKEN.findall(folded) if entity in WORDED else ()
    return any(len(word) > 3 and word in taken.parts for word in words)


def _fake(value: str, entity: str, language: str, ps: Pseudonymizer) -> str:
    seed = _seed(ps, value, entity)
    fake = _faker(language)
    fake.seed_instance(seed)
    make = _SURROGATES.get(entity)
    return make(fake, language, seed).strip() if make else ps.token(value, entity)


def _seed(ps: Pseudonymizer, value: str, entity: str) -> int:
    return int.from_bytes(ps.digest(value, entity)[:8], "big")


# --- names: part by part, so every mention of a person gets the matching part of one
# surrogate ("Denise Bryan" -> "Melanie Patterson", "Hi Denise" -> "Hi Melanie",
# "denise.bryan@corp.com" -> "melanie.patterson@example.org", "D. Bryan" -> "K. Patterson").

TITLES = frozenset(
    "mr mrs ms miss dr prof sir madam sr sra srta dra don doña dña señor señora".split()
)
_NAME_TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|['’])*", re.UNICODE)


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    """Given names of the locales surrogates are drawn from (to tell a lone first name
    from a lone surname)."""
    names: set[str] = set()
    for locale in LOCALES.values():
        for provider in Faker(locale).providers:
            for attr in ("first_names", "first_names_male", "first_names_female"):
                names |= {str(n).casefold() for n in getattr(provider, attr, ())}
    return frozenset(names)


@dataclass(frozen=True, slots=True)
class Taken:
    """The values of the document being transformed, and their name parts (casefolded):
    no surrogate is one of the values, no surrogate name part one of the parts (``Hill``
    for ``Stewart`` in a text about Hill)."""

    values: frozenset[str] = frozenset()
    parts: frozenset[str] = frozenset()


_AVOID: ContextVar[Taken] = ContextVar("avoid", default=Taken())  # noqa: B039 (frozen)
REDRAWS = 8


@contextmanager
def avoiding(values: Iterator[str] | list[str]) -> Iterator[None]:
    """While transforming one document: its ``values`` (and their name parts) are never
    drawn as surrogates."""
    values = [v.casefold() for v in values]
    parts = frozenset(m.group(0) for v in values for m in _NAME_TOKEN.finditer(v))
    reset = _AVOID.set(Taken(frozenset(values), parts))
    try:
        yield
    finally:
        _AVOID.reset(reset)


def _name_part(token: str, role: str, language: str, ps: Pseudonymizer) -> str:
    """The surrogate of one part of a name: ``first`` or ``last``, or an initial."""
    if len(token) == 1:
        letter = chr(ord("A") + _seed(ps, token, "PERSON_INITIAL") % 26)
        return letter if token.isupper() else letter.lower()
    fake, avoid = _faker(language), _AVOID.get().parts
    for attempt in range(8):  # never the value itself, nor a name of the same document
        fake.seed_instance(_seed(ps, f"{token}\x1f{attempt}" if attempt else token, role))
        fake_part = str(fake.first_name() if role == "PERSON_FIRST" else fake.last_name())
        fake_part = fake_part.split(maxsplit=1)[0]
        folded = fake_part.casefold()
        if folded != token.casefold() and folded not in avoid:
            break
    if token.isupper():
        return fake_part.upper()
    return fake_part.lower() if token.islower() else fake_part


def _roles(tokens: list[str], *, titled: bool = False) -> list[str]:
    """First or last name for each part: the last of several is a surname, a part known as
    a given name is a first name, the first of several is too, any other is a surname; a
    lone part after a title (``Mr Bryan``) is a surname."""
    known = _first_names()
    roles = []
    for i, token in enumerate(tokens):
        last = i == len(tokens) - 1 and (i > 0 or titled)
        given = token.casefold() in known
        first = not last and (given or (i == 0 and len(tokens) > 1))
        roles.append("PERSON_FIRST" if first else "PERSON_LAST")
    return roles


def surrogate_name(value: str, language: str, ps: Pseudonymizer) -> str:
    found = list(_NAME_TOKEN.finditer(value))
    parts = [m for m in found if m.group(0).casefold() not in TITLES]
    if not parts:
        return ps.token(value, "PERSON")
    roles = _roles([m.group(0) for m in parts], titled=len(parts) < len(found))
    out, at = [], 0
    for match, role in zip(parts, roles, strict=True):
        out += [
            _digits(value[at : match.start()], ps),
            _name_part(match.group(0), role, language, ps),
        ]
        at = match.end()
    return ("".join(out) + _digits(value[at:], ps)).strip()


def _digits(between: str, ps: Pseudonymizer) -> str:
    """What lies between name parts, its digits replaced by keyed digits of the same
    length: a span merged into a name can hold a number (``935 69 Gordon``)."""
    return re.sub(r"\d+", lambda m: _keyed_digits(m.group(0), ps, "PERSON_DIGITS"), between)


def _keyed_digits(digits: str, ps: Pseudonymizer, role: str) -> str:
    """Keyed digits of the same length."""
    return (str(_seed(ps, digits, role)) * 4)[: len(digits)]


def surrogate_email(value: str, language: str, ps: Pseudonymizer) -> str:
    local, _, domain = value.rpartition("@")
    pieces = re.findall(r"[^\W\d_]+|\d+|[^\w]+|_+", local or value)
    words = [p for p in pieces if p.isalpha()]
    roles = dict(zip(words, _roles(words), strict=False))
    out = []
    for piece in pieces:
        if piece.isalpha():
            out.append(_name_part(piece, roles[piece], language, ps).lower())
        elif piece.isdigit():
            out.append(_keyed_digits(piece, ps, "EMAIL_DIGITS"))
        else:
            out.append(piece)
    user = re.sub(r"[^a-z0-9._+\-]", "", "".join(out).lower()) or "user"
    reserved = ("example.com", "example.org", "example.net")
    return f"{user}@{reserved[_seed(ps, domain.casefold(), 'EMAIL_DOMAIN') % 3]}"


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


def _fake_date(fake: Faker, language: str, seed: int) -> str:
    return str(fake.date(pattern="%d/%m/%Y" if language == "es" else "%B %d, %Y"))


_IDS = ("US_SSN", "ES_NIF", "ES_NIE", "ES_CCC", "ID_NUMBER", "US_ITIN", "US_PASSPORT",
        "US_DRIVER_LICENSE", "UK_NINO", "UK_NHS", "UK_PASSPORT", "IT_FISCAL_CODE",
        "IT_IDENTITY_CARD", "DE_ID_CARD", "DE_TAX_ID", "ES_PASSPORT", "AU_TFN", "CA_SIN",
        "FI_PERSONAL_IDENTITY_CODE", "IN_AADHAAR", "IN_PAN", "PL_PESEL", "SE_PERSONNUMMER",
        "SG_NRIC_FIN", "TR_NATIONAL_ID")  # fmt: skip

_SURROGATES: dict[str, Callable[[Faker, str, int], str]] = {
    **dict.fromkeys(_IDS, _fake_id),
    "PHONE_NUMBER": _fake_phone,
    "IBAN_CODE": _fake_iban,
    "CREDIT_CARD": _fake_card,
    "LOCATION": lambda fake, language, seed: str(fake.city()),
    "STREET_ADDRESS": lambda fake, language, seed: str(fake.street_address()),
    "IP_ADDRESS": lambda fake, language, seed: f"192.0.2.{seed % 254 + 1}",
    "POSTAL_CODE": lambda fake, language, seed: str(fake.postcode()),
    "ORGANIZATION": lambda fake, language, seed: str(fake.company()),
    "DATE_TIME": _fake_date,
    "AGE": lambda fake, language, seed: str(18 + seed % 70),
    "URL": lambda fake, language, seed: f"https://example.com/{seed % 16**8:08x}",
}

OPERATORS: dict[str, Operator] = {
    op.name: op
    for op in (
        Operator("pseudonym", _pseudonym),
        Operator("surrogate", _surrogate),
        Operator("redact", _redact, RedactParams),
        Operator("mask", _mask, MaskParams),
        Operator("generalize", _generalize, GeneralizeParams),
        Operator("keep", _keep),
    )
}
