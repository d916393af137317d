"""Synthetic personal values for canaries: realistic, checksum-valid, deterministic.

``canary_value(run_id, entity, slot)`` depends on nothing else, so the gate can
regenerate a run's canaries from the run id and the policy alone: no value travels
through task results. Values are valid for their type (Luhn, mod-97, DNI letter, NANP
rules) and outside the surrogate ranges (no ``example.com`` mail, no ``5550`` phones),
so both the pipeline's detector and the residual gate treat them as real.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from governance.quality.validators import DNI_LETTERS, luhn_ok

FIRST = (
    "Harriet", "Theodore", "Imogen", "Rupert", "Beatriz", "Ignacio", "Remedios", "Leopoldo",
    "Florence", "Casimiro", "Wilhelmina", "Anselmo", "Gwendolyn", "Bartolome",
)  # fmt: skip
LAST = (
    "Whitcombe", "Prendergast", "Ashworth", "Villalobos", "Aranguren", "Etxeberria",
    "Fairweather", "Oyarzabal", "Blackwood", "Montesinos", "Hollingsworth", "Zubizarreta",
)  # fmt: skip
MAIL_DOMAINS = ("gmail.com", "outlook.com", "yahoo.es", "proton.me", "hotmail.co.uk")
US_AREAS = ("212", "312", "415", "617", "646", "718", "202", "305", "206", "512")
IP_FIRST = (23, 31, 62, 81, 91, 145, 176, 185, 212)

Generator = Callable[[random.Random], str]


def canary_value(run_id: str, entity: str, slot: int) -> str:
    """The canary of type ``entity`` for slot ``slot`` of run ``run_id``."""
    rng = random.Random(f"canary\x1f{run_id}\x1f{entity}\x1f{slot}")
    return GENERATORS[entity](rng)


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _email(rng: random.Random) -> str:
    first, last = rng.choice(FIRST).lower(), rng.choice(LAST).lower()
    return f"{first}.{last}{rng.randint(10, 99)}@{rng.choice(MAIL_DOMAINS)}"


def _phone(rng: random.Random) -> str:
    while True:
        if rng.random() < 0.5:
            text = f"+1 {rng.choice(US_AREAS)}-{rng.randint(201, 989)}-{_digits(rng, 4)}"
        else:
            text = f"+34 6{rng.randint(10, 99)} {_digits(rng, 3)} {_digits(rng, 3)}"
        if "5550" not in text.replace(" ", "").replace("-", "") and "555-" not in text:
            return text


def _iban(rng: random.Random) -> str:
    bban = _digits(rng, 20)
    numeric = "".join(str(int(c, 36)) for c in f"{bban}ES00")
    check = 98 - int(numeric) % 97
    compact = f"ES{check:02d}{bban}"
    if compact[2:4] in ("00", "01", "99"):
        return _iban(rng)
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def _card(rng: random.Random) -> str:
    body = "4" + _digits(rng, 14)
    digit = next(str(d) for d in range(10) if luhn_ok(f"{body}{d}"))
    number = body + digit
    return " ".join(number[i : i + 4] for i in range(0, 16, 4))


def _ssn(rng: random.Random) -> str:
    return f"{rng.randint(101, 665):03d}-{rng.randint(10, 99):02d}-{rng.randint(1001, 9998):04d}"


def _dni(rng: random.Random) -> str:
    number = rng.randint(10_000_000, 99_999_999)
    return f"{number}{DNI_LETTERS[number % 23]}"


def _nie(rng: random.Random) -> str:
    prefix = rng.choice("XYZ")
    digits = _digits(rng, 7)
    return f"{prefix}{digits}{DNI_LETTERS[int(str('XYZ'.index(prefix)) + digits) % 23]}"


def _ip(rng: random.Random) -> str:
    return ".".join(str(x) for x in (rng.choice(IP_FIRST), *(rng.randint(1, 254) for _ in "abc")))


GENERATORS: dict[str, Generator] = {
    "PERSON": _name,
    "EMAIL_ADDRESS": _email,
    "PHONE_NUMBER": _phone,
    "CREDIT_CARD": _card,
    "IBAN_CODE": _iban,
    "US_SSN": _ssn,
    "ES_NIF": _dni,
    "ES_NIE": _nie,
    "IP_ADDRESS": _ip,
}
