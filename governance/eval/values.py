"""Fictional personal values for the evaluation templates, in the shapes people write.

Every value is drawn from one seeded ``random.Random`` (names from Faker locale pools),
so a dataset is byte-identical for a seed. Identifiers carry valid check digits.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from faker import Faker

from governance.demo.checksums import luhn_digit, make_iban
from governance.privacy.detect.checksums import CIF_LETTERS, DNI_LETTERS  # noqa: F401

NAME_LOCALES = {"en": ("en_US", "en_GB", "en_IE"), "es": ("es_ES", "es_MX", "es_AR")}
CITIES = {
    "en": (
        "Springfield",
        "Leeds",
        "Sacramento",
        "Cork",
        "Tulsa",
        "Bristol",
        "Omaha",
        "Glasgow",
        "Pittsburgh",
        "Dublin",
        "Cleveland",
        "Manchester",
    ),
    "es": (
        "Salamanca",
        "Cáceres",
        "Logroño",
        "Pamplona",
        "Santander",
        "Córdoba",
        "Guadalajara",
        "Rosario",
        "Toledo",
        "Burgos",
        "Murcia",
        "Vigo",
    ),
}
STREETS = {
    "en": (
        "Birch Street",
        "Kingsway Road",
        "Fairview Avenue",
        "Hawthorne Lane",
        "Queen Street",
        "Riverside Drive",
        "Elmwood Court",
        "Station Road",
        "Linden Boulevard",
    ),
    "es": (
        "Calle de Zurbarán",
        "Avenida de Portugal",
        "Calle Alfonso XII",
        "Paseo del Prado",
        "Calle de Hortaleza",
        "Avenida de los Reyes Católicos",
        "Calle San Bernardo",
        "Plaza Mayor",
        "Calle de la Princesa",
    ),
}
US_AREAS = (205, 216, 303, 313, 412, 505, 614, 720, 803, 916)


class Values:
    def __init__(self, language: str, seed: int) -> None:
        self.lang = language
        self.rng = random.Random(f"{seed}:{language}:eval")
        self.firsts: list[str] = []
        self.lasts: list[str] = []
        for i, locale in enumerate(NAME_LOCALES[language]):
            fake = Faker(locale)
            fake.seed_instance(seed + i)
            self.firsts += [fake.first_name() for _ in range(150)]
            self.lasts += [fake.last_name() for _ in range(150)]

    def pick(self, items: tuple[str, ...] | list[str]) -> str:
        return items[self.rng.randrange(len(items))]

    def digits(self, n: int) -> str:
        return "".join(str(self.rng.randrange(10)) for _ in range(n))

    def first(self) -> str:
        return self.pick(self.firsts)

    def last(self) -> str:
        last = self.pick(self.lasts)
        if self.lang == "es" and self.rng.random() < 0.6:
            return f"{last} {self.pick(self.lasts)}"
        return last

    def email(self, first: str, last: str) -> str:
        from governance.demo.values import ascii_slug

        user = self.pick(
            (
                f"{ascii_slug(first)}.{ascii_slug(last.split(maxsplit=1)[0])}",
                f"{ascii_slug(first)[0]}{ascii_slug(last.split(maxsplit=1)[0])}",
                f"{ascii_slug(first)}{self.rng.randint(1, 99)}",
            )
        )
        domain = self.pick(
            (
                "gmail.com",
                "outlook.es",
                "yahoo.co.uk",
                "proton.me",
                "acme.example",
                "corp.internal",
                "mail.example.io",
                "empresa.es",
            )
        )
        return f"{user}@{domain}"

    def phone(self) -> str:
        if self.lang == "es":
            d = self.pick(("6", "7", "91", "93", "95"))
            d += self.digits(9 - len(d))
            return self.pick(
                (
                    f"+34 {d[:3]} {d[3:6]} {d[6:]}",
                    f"{d[:3]} {d[3:5]} {d[5:7]} {d[7:]}",
                    f"{d[:3]} {d[3:6]} {d[6:]}",
                    f"+34{d}",
                    f"0034 {d[:3]} {d[3:6]} {d[6:]}",
                    f"(+34) {d[:3]} {d[3:6]} {d[6:]}",
                )
            )
        area, exch, line = (
            US_AREAS[self.rng.randrange(len(US_AREAS))],
            self.rng.randint(201, 989),
            self.digits(4),
        )
        return self.pick(
            (
                f"({area}) {exch}-{line}",
                f"{area}-{exch}-{line}",
                f"+1 {area} {exch} {line}",
                f"{area}.{exch}.{line}",
                f"1-{area}-{exch}-{line}",
                f"+44 20 7{self.digits(3)} {self.digits(4)}",
            )
        )

    def card(self) -> str:
        prefix = self.pick(("4", "51", "53", "55", "2221", "2720", "2500"))
        body = prefix + self.digits(15 - len(prefix))
        number = body + luhn_digit(body)
        sep = self.pick((" ", "-", ""))
        return sep.join(number[i : i + 4] for i in range(0, 16, 4))

    def iban(self) -> str:
        if self.lang == "es" or self.rng.random() < 0.3:
            iban = make_iban("ES", "".join(c for c in self.ccc() if c.isdigit()))
        else:
            country = self.pick(("GB", "DE", "FR"))
            iban = make_iban(country, self._bban(country))
        return self.pick((iban, " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))))

    def _bban(self, country: str) -> str:
        if country == "GB":
            return self.pick(("NWBK", "BARC")) + self.digits(14)
        return self.digits(18 if country == "DE" else 23)

    def ccc(self) -> str:
        from governance.demo.checksums import ccc_digit

        bank, branch, account = self.digits(4), self.digits(4), self.digits(10)
        control = ccc_digit(f"00{bank}{branch}") + ccc_digit(account)
        return self.pick(
            (
                f"{bank} {branch} {control} {account}",
                f"{bank}{branch}{control}{account}",
                f"{bank}-{branch}-{control}-{account}",
            )
        )

    def ssn(self) -> str:
        area = self.rng.choice([a for a in range(1, 900) if a != 666])
        return f"{area:03d}-{self.rng.randint(1, 99):02d}-{self.rng.randint(1, 9999):04d}"

    def dni(self) -> str:
        n = self.rng.randint(1_000_000, 99_999_999)
        s, letter = f"{n:08d}", DNI_LETTERS[n % 23]
        return self.pick(
            (f"{s}{letter}", f"{s[:2]}.{s[2:5]}.{s[5:]}-{letter}", f"{s}-{letter}", f"{s} {letter}")
        )

    def nie(self) -> str:
        prefix, n = self.pick(("X", "Y", "Z")), self.rng.randint(0, 9_999_999)
        letter = DNI_LETTERS[int(str("XYZ".index(prefix)) + f"{n:07d}") % 23]
        return self.pick((f"{prefix}{n:07d}{letter}", f"{prefix}-{n:07d}-{letter}"))

    def ip(self) -> str:
        if self.rng.random() < 0.2:
            return ":".join(f"{self.rng.randrange(65536):x}" for _ in range(8))
        return ".".join(
            str(x)
            for x in (
                self.rng.randint(11, 223),
                self.rng.randint(0, 255),
                self.rng.randint(0, 255),
                self.rng.randint(1, 254),
            )
        )

    def street(self) -> str:
        name, number = self.pick(STREETS[self.lang]), self.rng.randint(1, 240)
        if self.lang == "es":
            return self.pick((f"{name} {number}", f"{name}, {number}", f"{name} {number}, 3º B"))
        return f"{self.rng.randint(2, 9800)} {name}"

    def postcode(self) -> str:
        return (
            f"{self.rng.randint(1, 52):02d}{self.digits(3)}"
            if self.lang == "es"
            else self.digits(5)
        )

    def city(self) -> str:
        return self.pick(CITIES[self.lang])

    def age(self) -> str:
        n = self.rng.randint(18, 90)
        if self.lang == "es":
            return self.pick((f"{n} años de edad", f"edad: {n}"))
        return self.pick((f"{n} years old", f"aged {n}", f"{n}-year-old"))


Maker = Callable[[Values], str]
