"""Check digits for the identifiers the demo corpus plants: Spanish DNI/NIE letters,
IBAN mod-97 (ISO 13616), the Spanish bank account control digits and Luhn.

Pure functions, shared by the generator and its tests, so that every planted
identifier passes the same validation a real recognizer applies."""

from __future__ import annotations

DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
NIE_PREFIXES = {"X": "0", "Y": "1", "Z": "2"}
_CCC_WEIGHTS = (1, 2, 4, 8, 5, 10, 9, 7, 3, 6)


def dni_letter(number: int) -> str:
    """The check letter of a Spanish DNI number (0..99,999,999)."""
    return DNI_LETTERS[number % 23]


def is_valid_dni(value: str) -> bool:
    """``12345678Z``: eight digits and the matching check letter."""
    body, letter = value[:-1], value[-1:]
    return len(value) == 9 and body.isdigit() and dni_letter(int(body)) == letter


def nie_letter(prefix: str, digits: str) -> str:
    """The check letter of a NIE ``X1234567?``: the prefix counts as a leading digit."""
    return dni_letter(int(NIE_PREFIXES[prefix] + digits))


def is_valid_nie(value: str) -> bool:
    """``X1234567L``: X, Y or Z, seven digits and the matching check letter."""
    prefix, digits, letter = value[:1], value[1:-1], value[-1:]
    if len(value) != 9 or prefix not in NIE_PREFIXES or not digits.isdigit():
        return False
    return nie_letter(prefix, digits) == letter


def _iban_number(text: str) -> int:
    return int("".join(str(int(ch, 36)) for ch in text))


def iban_check_digits(country: str, bban: str) -> str:
    """The two check digits that make ``country + check + bban`` pass mod-97."""
    remainder = _iban_number(f"{bban}{country}00") % 97
    return f"{98 - remainder:02d}"


def make_iban(country: str, bban: str) -> str:
    """A compact IBAN (no spaces) with correct check digits."""
    return f"{country}{iban_check_digits(country, bban)}{bban}"


def is_valid_iban(value: str) -> bool:
    """Mod-97 check of an IBAN written compact or in groups of four."""
    compact = value.replace(" ", "").upper()
    if len(compact) < 15 or not compact.isalnum():
        return False
    return _iban_number(compact[4:] + compact[:4]) % 97 == 1


def ccc_digit(ten_digits: str) -> str:
    """One control digit of a Spanish bank account (CCC) over ten digits."""
    total = sum(int(d) * w for d, w in zip(ten_digits, _CCC_WEIGHTS, strict=True))
    digit = 11 - total % 11
    return "0" if digit == 11 else "1" if digit == 10 else str(digit)


def luhn_digit(payload: str) -> str:
    """The Luhn check digit to append to ``payload``."""
    total = 0
    for index, ch in enumerate(reversed(payload)):
        value = int(ch) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return str((10 - total % 10) % 10)


def is_valid_luhn(value: str) -> bool:
    """Luhn check of a card number written with or without spaces or dashes."""
    digits = value.replace(" ", "").replace("-", "")
    return digits.isdigit() and len(digits) >= 12 and luhn_digit(digits[:-1]) == digits[-1]


def is_valid_ssn(value: str) -> bool:
    """A US SSN ``AAA-GG-SSSS`` that the SSA could have issued."""
    parts = value.split("-")
    if [len(p) for p in parts] != [3, 2, 4] or not all(p.isdigit() for p in parts):
        return False
    area, group, serial = parts
    digits = "".join(parts)
    issued_area = area not in {"000", "666"} and not area.startswith("9")
    placeholder = digits == "123456789" or len(set(digits)) == 1
    return issued_area and group != "00" and serial != "0000" and not placeholder
