"""Check digits the detector validates candidates with (pure functions).

Kept apart from ``governance.quality.validators`` on purpose: the residual-PII gate is an
independent second opinion and shares no code with the detector it checks.
"""

from __future__ import annotations

import re

DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
CIF_LETTERS = "JABCDEFGHI"
CCC_WEIGHTS = (1, 2, 4, 8, 5, 10, 9, 7, 3, 6)


def compact(text: str) -> str:
    return re.sub(r"[\s.\-/]", "", text).upper()


def dni_ok(text: str) -> bool:
    """8 digits and the check letter (``12345678Z``); also the NIE form ``X1234567L``."""
    value = compact(text)
    if len(value) != 9 or not value[-1].isalpha():
        return False
    body = value[:-1]
    if body[0] in "XYZ":
        body = str("XYZ".index(body[0])) + body[1:]
    return body.isdigit() and DNI_LETTERS[int(body) % 23] == value[-1]


def cif_ok(text: str) -> bool:
    """A company NIF (CIF): letter, 7 digits, a control digit or letter."""
    value = compact(text)
    if len(value) != 9 or value[0] not in "ABCDEFGHJNPQRSUVW" or not value[1:8].isdigit():
        return False
    digits = [int(d) for d in value[1:8]]
    even = sum(digits[1::2])
    odd = sum(sum(divmod(d * 2, 10)) for d in digits[0::2])
    control = (10 - (even + odd) % 10) % 10
    return value[-1] in (str(control), CIF_LETTERS[control])


def ccc_ok(text: str) -> bool:
    """A Spanish bank account (CCC): bank 4, branch 4, two control digits, account 10."""
    value = re.sub(r"\D", "", text)
    if len(value) != 20:
        return False
    first = _ccc_digit("00" + value[:8])
    second = _ccc_digit(value[10:])
    return value[8:10] == f"{first}{second}" and value[10:] != "0" * 10


def _ccc_digit(digits: str) -> int:
    total = sum(int(d) * w for d, w in zip(digits, CCC_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: 1, 11: 0}.get(check, check)


def iban_ok(text: str) -> bool:
    value = compact(text)
    if not 15 <= len(value) <= 34 or not value[:2].isalpha() or not value[2:4].isdigit():
        return False
    rearranged = value[4:] + value[:4]
    try:
        return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1
    except ValueError:
        return False
