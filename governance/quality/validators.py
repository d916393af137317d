"""Checksums and range rules behind the residual-PII detectors (pure functions)."""

from __future__ import annotations

import re
from collections.abc import Sequence

RESERVED_EMAIL_DOMAINS = ("example.com", "example.org", "example.net")
SURROGATE_PHONE_RUN = "5550"
SURROGATE_ES_PHONE_DIGITS = "34600000"
DOCUMENTATION_NETS = ("192.0.2.", "198.51.100.", "203.0.113.")
DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
CARD_PREFIX = re.compile(r"4|5[1-5]|2[2-7]|3[0-9]|6")
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AT": 20, "BE": 16, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18,
    "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27, "HR": 21, "HU": 28,
    "IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27,
    "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "SE": 24, "SI": 19,
    "SK": 24, "SM": 27,
}  # fmt: skip


def luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        d = int(char)
        if position % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def card_ok(text: str) -> bool:
    """13 to 19 digits, a known network prefix, and a valid Luhn check digit."""
    digits = re.sub(r"\D", "", text)
    return 13 <= len(digits) <= 19 and bool(CARD_PREFIX.match(digits)) and luhn_ok(digits)


def iban_ok(text: str) -> bool:
    """ISO 13616: country length (when known) and mod-97 remainder 1."""
    compact = text.replace(" ", "").upper()
    length = IBAN_LENGTHS.get(compact[:2])
    if length is not None:
        if len(compact) < length:
            return False
        compact = compact[:length]
    elif not 15 <= len(compact) <= 34:
        return False
    if compact[2:4] in ("00", "01", "99"):
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(char, 36)) for char in rearranged)
    return int(number) % 97 == 1


def ssn_ok(area: str, group: str, serial: str) -> bool:
    """SSA rules: area not 000, 666 or 9xx; group not 00; serial not 0000."""
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def dni_ok(number: str, letter: str) -> bool:
    return letter == DNI_LETTERS[int(number) % 23]


def nie_ok(prefix: str, number: str, letter: str) -> bool:
    return dni_ok(str("XYZ".index(prefix)) + number, letter)


def ipv4_ok(octets: Sequence[str]) -> bool:
    """Four canonical octets; not unspecified, loopback, multicast/reserved or documentation."""
    if any(len(o) > 1 and o[0] == "0" for o in octets):
        return False
    values = [int(o) for o in octets]
    if any(value > 255 for value in values) or values[0] in (0, 127) or values[0] >= 224:
        return False
    return not ".".join(octets).startswith(DOCUMENTATION_NETS)


def us_phone_ok(digits: str) -> bool:
    """NANP: optional country code 1; area and exchange codes start with 2-9."""
    if len(digits) == 11:
        if digits[0] != "1":
            return False
        digits = digits[1:]
    return len(digits) == 10 and digits[0] in "23456789" and digits[3] in "23456789"


def is_surrogate_phone(text: str, digits: str) -> bool:
    """Reserved fictional ranges: a ``5550`` run (US 555-01xx) or ``+34 600 000``."""
    if SURROGATE_PHONE_RUN in digits:
        return True
    return text.startswith("+") and digits.startswith(SURROGATE_ES_PHONE_DIGITS)


def is_reserved_email_domain(domain: str) -> bool:
    """RFC 2606 example domains and their subdomains."""
    domain = domain.lower()
    return any(domain == d or domain.endswith("." + d) for d in RESERVED_EMAIL_DOMAINS)
