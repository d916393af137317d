"""Locale value factories: fictional people with realistic, checksum-valid identifiers.

Faker (seeded per locale with ``seed_instance``) fills name and street pools once;
every later draw comes from one ``random.Random``, which keeps generation fast at
large scales and byte-identical for a seed."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

from faker import Faker

from governance.demo import checksums
from governance.demo.places import CITIES, STREETS

FAKER_LOCALES = {"en": "en_US", "es": "es_ES"}
POOL_SIZE = 400
COMPANY_DOMAINS = {"en": "acmecorp.com", "es": "acme-iberia.es"}
_US_AREAS: tuple[int, ...] = (
    202,
    206,
    212,
    213,
    303,
    305,
    312,
    313,
    404,
    415,
    503,
    512,
    602,
    614,
    615,
    617,
)
_US_AREAS += (619, 646, 702, 704, 713, 718, 801, 919)
_ES_LANDLINES: tuple[str, ...] = (
    "913",
    "914",
    "915",
    "917",
    "918",
    "932",
    "933",
    "934",
    "935",
    "944",
    "946",
)
_ES_LANDLINES += ("954", "955", "961", "963", "976", "983", "985", "981", "971", "952", "928")
_GB_BANKS = ("NWBK", "BARC", "HBUK", "LOYD", "MIDL")
_DE_BANKS = ("37040044", "50010517", "10070000", "20041133", "70150000")
_ES_BANKS = ("2100", "0049", "0182", "0081", "0128", "2085", "0075")
_IP_FIRST_OCTETS = tuple(n for n in range(1, 224) if n not in {10, 100, 127, 169, 172, 192})


@dataclass(frozen=True, slots=True)
class Person:
    """One fictional person; ``id_type`` names the entity of ``national_id``."""

    first: str
    last: str
    full: str
    email: str
    phone: str
    street: str
    city: str
    national_id: str
    id_type: str
    iban: str


def ascii_slug(text: str) -> str:
    """``María José`` -> ``mariajose``: lower-case ASCII letters and digits only."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def _faker_pools(lang: str, seed: int) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    fake = Faker(FAKER_LOCALES[lang])
    fake.seed_instance(seed)
    firsts = tuple(dict.fromkeys(fake.first_name() for _ in range(POOL_SIZE)))
    lasts = tuple(dict.fromkeys(fake.last_name() for _ in range(POOL_SIZE)))
    domains = tuple(dict.fromkeys(fake.free_email_domain() for _ in range(40)))
    return firsts, lasts, domains


class PeopleFactory:
    """Draws people, phones, cards and IP addresses for one language (``en`` or ``es``)."""

    def __init__(self, lang: str, seed: int) -> None:
        self.lang = lang
        self.rng = random.Random(f"{seed}:{lang}:people")
        self._firsts, self._lasts, self._domains = _faker_pools(lang, seed)
        self._emails: set[str] = set()

    def person(self, *, employee: bool = False) -> Person:
        first = self.rng.choice(self._firsts)
        last = self._surname()
        national_id, id_type = self.national_id()
        return Person(
            first=first,
            last=last,
            full=f"{first} {last}",
            email=self._email(first, last, employee=employee),
            phone=self.phone(),
            street=self.street(),
            city=self.city(),
            national_id=national_id,
            id_type=id_type,
            iban=self.iban(),
        )

    def _surname(self) -> str:
        first = self.rng.choice(self._lasts)
        if self.lang == "es" and self.rng.random() < 0.85:
            return f"{first} {self.rng.choice(self._lasts)}"
        return first

    def _email(self, first: str, last: str, *, employee: bool) -> str:
        given, family = ascii_slug(first), ascii_slug(last.split(" ", maxsplit=1)[0])
        if employee:
            local, domain = f"{given}.{family}", COMPANY_DOMAINS[self.lang]
        else:
            shapes = (f"{given}.{family}", f"{given[0]}{family}", f"{given}_{family}")
            suffix = str(self.rng.randint(1, 99)) if self.rng.random() < 0.3 else ""
            local = self.rng.choice(shapes) + suffix
            domain = self.rng.choice(self._domains)
        email, serial = f"{local}@{domain}", 1
        while email in self._emails:
            serial += 1
            email = f"{local}{serial}@{domain}"
        self._emails.add(email)
        return email

    def phone(self) -> str:
        return self._us_phone() if self.lang == "en" else self._es_phone()

    def _us_phone(self) -> str:
        area = self.rng.choice(_US_AREAS)
        exchange = self.rng.randint(201, 998)
        while exchange % 100 == 11 or exchange == 555:
            exchange = self.rng.randint(201, 998)
        line = f"{self.rng.randint(0, 9999):04d}"
        shapes = (f"({area}) {exchange}-{line}", f"{area}-{exchange}-{line}")
        return self.rng.choice(
            (*shapes, f"+1 {area} {exchange} {line}", f"{area}.{exchange}.{line}")
        )

    def _es_phone(self) -> str:
        if self.rng.random() < 0.6:
            digits = "6" + self._digits(8)
        else:
            prefix = self.rng.choice(_ES_LANDLINES)
            digits = prefix + self._digits(9 - len(prefix))
        grouped = f"{digits[:3]} {digits[3:6]} {digits[6:]}"
        pairs = f"{digits[:3]} {digits[3:5]} {digits[5:7]} {digits[7:]}"
        return self.rng.choice((f"+34 {grouped}", grouped, pairs, f"+34 {pairs}"))

    def national_id(self) -> tuple[str, str]:
        if self.lang == "en":
            return self._ssn(), "US_SSN"
        if self.rng.random() < 0.2:
            prefix, digits = self.rng.choice("XYZ"), f"{self.rng.randint(0, 9_999_999):07d}"
            return f"{prefix}{digits}{checksums.nie_letter(prefix, digits)}", "ES_NIE"
        number = self.rng.randint(1_000_000, 99_999_999)
        return f"{number:08d}{checksums.dni_letter(number)}", "ES_NIF"

    def _ssn(self) -> str:
        while True:
            area = self.rng.randint(1, 899)
            ssn = f"{area:03d}-{self.rng.randint(1, 99):02d}-{self.rng.randint(1, 9999):04d}"
            if checksums.is_valid_ssn(ssn):
                return ssn

    def iban(self) -> str:
        """Spanish IBANs for ``es``; British or German ones for ``en``."""
        if self.lang == "es":
            return self._es_iban()
        return self._gb_iban() if self.rng.random() < 0.5 else self._de_iban()

    def _digits(self, count: int) -> str:
        return f"{self.rng.randrange(10**count):0{count}d}"

    def _es_iban(self) -> str:
        bank, branch, account = self.rng.choice(_ES_BANKS), self._digits(4), self._digits(10)
        control = checksums.ccc_digit(f"00{bank}{branch}") + checksums.ccc_digit(account)
        return checksums.make_iban("ES", f"{bank}{branch}{control}{account}")

    def _gb_iban(self) -> str:
        bank = self.rng.choice(_GB_BANKS)
        return checksums.make_iban("GB", f"{bank}{self._digits(6)}{self._digits(8)}")

    def _de_iban(self) -> str:
        return checksums.make_iban("DE", f"{self.rng.choice(_DE_BANKS)}{self._digits(10)}")

    def street(self) -> str:
        name, number = self.rng.choice(STREETS[self.lang]), self.rng.randint(1, 180)
        if self.lang == "es":
            return self.rng.choice((f"{name} {number}", f"{name}, {number}"))
        return f"{self.rng.choice((number, number * 10 + 7, self.rng.randint(200, 9800)))} {name}"

    def city(self) -> str:
        name, code, digits = self.rng.choice(CITIES[self.lang])
        postcode = code + self._digits(digits)
        return f"{postcode} {name}" if self.lang == "es" else f"{name} {postcode}"

    def card(self) -> str:
        """A 16-digit Visa or Mastercard number with a valid Luhn digit, grouped by four."""
        prefix = "4" if self.rng.random() < 0.5 else f"5{self.rng.randint(1, 5)}"
        payload = prefix + self._digits(15 - len(prefix))
        number = payload + checksums.luhn_digit(payload)
        sep = self.rng.choice((" ", "-", ""))
        return sep.join(number[i : i + 4] for i in range(0, 16, 4))

    def ip(self) -> str:
        first = self.rng.choice(_IP_FIRST_OCTETS)
        rest = (self.rng.randint(0, 255), self.rng.randint(0, 255), self.rng.randint(1, 254))
        return ".".join(str(n) for n in (first, *rest))
