"""Residual-PII detectors: an independent, high-precision second opinion.

The quality gate must not trust the detector that did the transformation, so this
module shares nothing with Presidio or spaCy: it is plain regular expressions plus
validators (Luhn, ISO 13616 mod-97, SSN area/group/serial rules, Spanish DNI/NIE
check letter, IPv4 octets). It prefers missing an odd format to raising false
alarms: every pattern needs a clear, conventional shape.

``scan(text, canaries)`` returns ``ResidualHit(kind, start, end)`` spans and never
the matched value, so a hit can be counted, logged and stored safely.

Surrogate contract (shared with ``governance.privacy.transform.operators``). The fine-tuning
target may replace PII with realistic fake values; they are generated in reserved
ranges so this gate can tell them from residual real values:

- emails at ``example.com``, ``example.org``, ``example.net`` (RFC 2606) and their
  subdomains are not hits;
- a phone number whose digits contain the run ``5550`` (US fictional 555-01xx,
  e.g. ``(555) 013-4567``) or that starts with ``+34 600 000`` is not a hit;
- IPv4 addresses in the documentation ranges 192.0.2.0/24, 198.51.100.0/24 and
  203.0.113.0/24 (RFC 5737) are not hits;
- surrogate IBANs and card numbers are made checksum-invalid on purpose, so they
  fail mod-97 or Luhn and never match.

Pseudonym tokens such as ``<EMAIL_ADDRESS_0a1b2c>`` are masked before any pattern
runs. Each region of text is read once, by the most specific shape that claims it
(email, IBAN, card, SSN, NIE, DNI, IPv4, phone, in that order); a candidate that
fails its validator or is a surrogate still claims its region, so a surrogate IBAN
is never re-read as a card. Canary strings are matched verbatim and always hit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from governance.quality import validators as v


@dataclass(frozen=True, slots=True)
class ResidualHit:
    """One residual finding: a kind and a span, never the value."""

    kind: str
    start: int
    end: int


Validator = Callable[[re.Match[str]], bool | None]
"""True: a hit; False: not PII (region not claimed); None: not PII, region claimed."""


@dataclass(frozen=True, slots=True)
class Detector:
    kind: str
    pattern: re.Pattern[str]
    validate: Validator
    needs: str = "digit"  # "digit": runs only on text with a digit; "@": with an "@"


TOKEN_RE = re.compile(r"<[A-Z][A-Z0-9_]*_[0-9a-f]{6,}>")

# Each pattern opens with a one-character lookahead set so the regex engine can skip
# ahead to plausible starts; the lookbehinds then reject starts inside a longer word.
_EMAIL = re.compile(
    r"(?<![\w.%+-])[^\W_][\w.%+-]{0,63}@"
    r"((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24})(?![\w-])"
)
_IBAN = re.compile(
    r"(?=[A-Z])(?<![\w])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![\w])"
)
_CARD = re.compile(r"(?=[0-9])(?<![\w+.,-])(?<!\d )\d(?:[ -]?\d){12,18}(?![\w-])(?![ ,.]\d)")
_SSN = re.compile(r"(?=[0-9])(?<![\w-])(\d{3})-(\d{2})-(\d{4})(?![\w-])")
_NIE = re.compile(r"(?=[XYZ])(?<![\w-])([XYZ])[ -]?(\d{7})[ -]?([A-Z])(?![\w-])")
_DNI = re.compile(r"(?=[0-9])(?<![\w-])(?<!\d\.)(\d{2}\.?\d{3}\.?\d{3})[ -]?([A-Z])(?![\w-])")
_IPV4 = re.compile(r"(?=[0-9])(?<![\w.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\w]|\.\d)")
_PHONE = re.compile(
    r"(?=[+(0-9])(?<![\w+-])(?<!\d\.)(?:"
    # international: +CC then 2 to 6 groups, optionally one parenthesised
    r"\+[1-9]\d{0,3}(?:[ .-]?(?:\(\d{1,4}\)|\d{1,5})){2,6}(?![\w])"
    # US: (ddd) ddd-dddd, ddd-ddd-dddd, ddd.ddd.dddd, optional leading 1
    r"|(?:1[ .-])?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\w]|[.-]\d)"
    # Spanish: 9 digits starting 6-9, grouped 3-3-3, 3-2-2-2 or 2-3-2-2
    r"|[6789](?:\d{2}[ -]\d{3}[ -]\d{3}|\d{2}[ -]\d{2}[ -]\d{2}[ -]\d{2}"
    r"|\d[ -]\d{3}[ -]\d{2}[ -]\d{2})(?![\w]|[.-]\d))"
)
_VERSION_CONTEXT = re.compile(r"\b(?:version|versi[oó]n|release|v)\s*$", re.IGNORECASE)


def _email(match: re.Match[str]) -> bool | None:
    return None if v.is_reserved_email_domain(match.group(1)) else True


def _iban(match: re.Match[str]) -> bool | None:
    return True if v.iban_ok(match.group(0)) else None


def _card(match: re.Match[str]) -> bool | None:
    return True if v.card_ok(match.group(0)) else None


def _ssn(match: re.Match[str]) -> bool | None:
    return True if v.ssn_ok(match.group(1), match.group(2), match.group(3)) else None


def _nie(match: re.Match[str]) -> bool | None:
    return True if v.nie_ok(match.group(1), match.group(2), match.group(3)) else None


def _dni(match: re.Match[str]) -> bool | None:
    return True if v.dni_ok(match.group(1).replace(".", ""), match.group(2)) else None


def _ipv4(match: re.Match[str]) -> bool | None:
    before = match.string[max(0, match.start() - 12) : match.start()]
    if _VERSION_CONTEXT.search(before):
        return None
    octets = [match.group(i) for i in range(1, 5)]
    return True if v.ipv4_ok(octets) else None


def _phone(match: re.Match[str]) -> bool | None:
    text = match.group(0)
    digits = re.sub(r"\D", "", text)
    if not 8 <= len(digits) <= 15:
        return False
    if v.is_surrogate_phone(text, digits):
        return None
    if text.startswith("+"):
        return True
    if len(digits) in (10, 11):
        return True if v.us_phone_ok(digits) else None
    return True


DETECTORS: tuple[Detector, ...] = (
    Detector("EMAIL_ADDRESS", _EMAIL, _email, needs="@"),
    Detector("IBAN_CODE", _IBAN, _iban),
    Detector("CREDIT_CARD", _CARD, _card),
    Detector("US_SSN", _SSN, _ssn),
    Detector("ES_NIE", _NIE, _nie),
    Detector("ES_NIF", _DNI, _dni),
    Detector("IP_ADDRESS", _IPV4, _ipv4),
    Detector("PHONE_NUMBER", _PHONE, _phone),
)
CANARY = "CANARY"
_DIGIT = re.compile(r"[0-9]")


def scan(text: str, canaries: Sequence[str] = ()) -> list[ResidualHit]:
    """Residual PII and planted canaries in ``text``, as value-free spans sorted by start."""
    hits = list(_canary_hits(text, canaries))
    needs = {"@"} if "@" in text else set()
    if _DIGIT.search(text):
        needs.add("digit")
    if needs:
        hits.extend(_pattern_hits(text, needs))
    return sorted(hits, key=lambda hit: (hit.start, hit.end, hit.kind))


def has_residual(text: str, canaries: Sequence[str] = ()) -> bool:
    """True when ``text`` holds residual PII or a canary."""
    return bool(scan(text, canaries))


def _canary_hits(text: str, canaries: Sequence[str]) -> Iterator[ResidualHit]:
    for canary in canaries:
        if not canary:
            continue
        start = text.find(canary)
        while start >= 0:
            yield ResidualHit(CANARY, start, start + len(canary))
            start = text.find(canary, start + 1)


def _pattern_hits(text: str, needs: set[str]) -> Iterator[ResidualHit]:
    claimed = [(m.start(), m.end()) for m in TOKEN_RE.finditer(text)]
    for detector in DETECTORS:
        if detector.needs not in needs:
            continue
        for match in detector.pattern.finditer(text):
            span = (match.start(), match.end())
            if _overlaps(span, claimed):
                continue
            verdict = detector.validate(match)
            if verdict is False:
                continue
            claimed.append(span)
            if verdict:
                yield ResidualHit(detector.kind, *span)


def _overlaps(span: tuple[int, int], claimed: list[tuple[int, int]]) -> bool:
    start, end = span
    return any(start < c_end and c_start < end for c_start, c_end in claimed)
