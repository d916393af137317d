"""PHONE_NUMBER by shape, validated with libphonenumber.

Presidio's PhoneRecognizer runs libphonenumber's matcher over the whole text for every
region (a fifth of its analyzer time) and misses national formats of regions it was not
told about. Here a few regular expressions find candidates in the shapes people write
(international, North American, Spanish, British). North American and Spanish candidates
are checked against their numbering rules; international and British ones are parsed by
libphonenumber: an impossible number is dropped, a valid one scores 1.0, a possible one
keeps its shape's score (context words can lift it over the threshold).
"""

from __future__ import annotations

import re

import phonenumbers
from presidio_analyzer import Pattern, PatternRecognizer

CONTEXT = [
    "phone",
    "telephone",
    "tel",
    "mobile",
    "cell",
    "call",
    "reach",
    "fax",
    "whatsapp",
    "contact",
    "teléfono",
    "telefono",
    "móvil",
    "movil",
    "llamar",
    "llamadme",
    "llámame",
    "llamarme",
    "contacto",
    "número",
]
END = r"(?!\w|-\d|[.,]\d)"  # ``-Fax`` may follow, another digit group may not
START = r"(?<![\w+\-./])"
# An extension after the number: ``459-863-2936x90809``, ``555-0100 ext. 12``.
EXT = r"(?:[ ]?(?i:x|ext\.?|extn\.?|extension)[ ]?\d{1,6})?"
EXT_TAIL = re.compile(r"[ ]?(?:x|ext\.?|extn\.?|extension)[ ]?\d{1,6}$", re.IGNORECASE)
# Any grouping of 6 to 15 digits that a phone word follows (``416 60 039 office``,
# ``28-64-66-98 (fax)``, ``082 490 1693-Office``): the word names it whatever its country.
NAMED_AFTER = (
    r"(?i:office|fax|mobile|cell|home|work|tel|phone|landline|direct|móvil|movil|fijo|"
    r"oficina|casa|trabajo)"
)
# ``(03) 774 9118``, ``08-26 01 81``, ``+(371) 26018159``, ``(26)/018-1590``: an optional
# country code, then two to seven groups of digits separated as people separate phones.
GROUPED = r"(?:(?:\+|00)\(?\d{1,3}\)?[ .\-]?)?\(?\d{1,5}\)?(?:(?:[ .\-]|\)?/)\(?\d{1,8}\)?){1,6}"
# The countries whose national formats are tried, most common in corporate text first.
REGIONS = (
    "US GB ES DE FR IT NL BE PT IE AT CH PL CZ SK HU RO BG GR SE DK NO FI EE LV LT SI HR "
    "UA TR IL IN CN JP KR TH ID VN PH SG AU NZ CA MX AR CO CL PE BR ZA"
).split()
DATE_LIKE = re.compile(r"\d{1,4}([./\-])\d{1,2}\1\d{1,4}|\d{1,2}[./\-]\d{4}")
YEARS = re.compile(r"(?:19|20)\d{2}\s*[-–/]\s*(?:19|20)?\d{2}")  # ``2010-2015 work``
SHAPES: dict[str, list[Pattern]] = {
    "named": [
        Pattern(
            "named_after",
            rf"{START}(?:\+|00)?\(?\d[\d ().\-]{{4,22}}\d{EXT}(?=[ \-]?\(?{NAMED_AFTER}\b)",
            0.65,
        )
    ],
    "intl": [
        Pattern(
            "international",
            rf"{START}(?:\+|00)[1-9]\d{{0,2}}(?:[ .\-]?\(?\d{{1,4}}\)?){{2,6}}{EXT}{END}",
            0.6,
        )
    ],
    "US": [
        Pattern(
            "nanp",
            rf"{START}(?:1[ .\-])?(?:\(\d{{3}}\) ?|\d{{3}}[ .\-])\d{{3}}[ .\-]\d{{4}}{EXT}{END}",
            0.6,
        )
    ],
    "ES": [
        Pattern(
            "es_grouped",
            rf"{START}[6789]\d{{2}}(?:[ .\-]\d{{3}}[ .\-]\d{{3}}|(?:[ .\-]\d{{2}}){{3}}){END}",
            0.6,
        ),
        Pattern("es_landline", rf"{START}[89]\d[ .\-]\d{{3}}(?:[ .\-]\d{{2}}){{2}}{END}", 0.5),
        Pattern("es_compact", rf"{START}[6789]\d{{8}}{END}", 0.3),
    ],
    # Any other national writing: digit groups with phone separators, or one long run,
    # kept when libphonenumber finds the number valid in one of REGIONS.
    "any": [
        Pattern("grouped", rf"{START}{GROUPED}{EXT}{END}", 0.5),
        Pattern("compact", rf"{START}(?:\+|00)?\d{{9,13}}{END}", 0.4),
        Pattern("compact_short", rf"{START}\d{{8}}{END}", 0.3),  # a phone word must be near
    ],
    "GB": [
        Pattern("gb_national", rf"{START}0\d{{2,4}}[ \-]?\d{{3,4}}[ \-]?\d{{3,4}}{EXT}{END}", 0.3),
        Pattern("gb_bracketed", rf"{START}\(0\d{{2,4}}\) ?\d{{3,4}}[ \-]?\d{{3,4}}{EXT}{END}", 0.4),
    ],
}


def _nanp(digits: str) -> bool | None:
    """North American numbering: area and exchange codes start 2-9 and are not N11."""
    digits = digits[1:] if len(digits) == 11 and digits[0] == "1" else digits
    if len(digits) != 10 or digits[0] in "01" or digits[3] in "01":
        return False
    return None if digits[1:3] == "11" or digits[4:6] == "11" else True


def _spanish(digits: str) -> bool | None:
    """Spanish numbering: nine digits, mobiles 6/7, geographic and special 8/9."""
    return len(digits) == 9 and digits[0] in "6789"


def _any_region(text: str) -> bool:
    """Valid in one of REGIONS (or, written with a country code, valid at all); not a date."""
    digits = re.sub(r"\D", "", text)
    if not 7 <= len(digits) <= 15 or DATE_LIKE.fullmatch(text) or YEARS.fullmatch(text):
        return False
    if text.startswith("00"):
        text = "+" + text[2:]
    groups = re.findall(r"\d+", text)[1 if text.startswith("+") else 0 :]
    if len(groups) > 5 or sum(len(g) == 1 for g in groups) > 1:  # ``3 0 1 2 2 5``: a table row
        return False
    if text.startswith("+"):  # a country code written out: possible is enough
        try:
            return phonenumbers.is_possible_number(phonenumbers.parse(text, None))
        except phonenumbers.NumberParseException:
            return False
    for region in REGIONS:
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return True
    return False


# National shapes are checked by their numbering rules (cheap); libphonenumber parses the
# international and British candidates, whose rules vary by country.
NATIONAL = {"US": _nanp, "ES": _spanish}


class PhoneShapeRecognizer(PatternRecognizer):  # type: ignore[misc]
    """One family of phone shapes; ``region`` is how a national number is parsed."""

    def __init__(self, supported_language: str, shape: str) -> None:
        self.region = None if shape == "intl" else shape
        super().__init__(
            supported_entity="PHONE_NUMBER",
            name=f"PhoneShapeRecognizer_{shape}",
            supported_language=supported_language,
            patterns=SHAPES[shape],
            context=CONTEXT,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        pattern_text = EXT_TAIL.sub("", pattern_text)
        if self.region == "named":
            years = YEARS.fullmatch(pattern_text)
            return not years and 6 <= sum(c.isdigit() for c in pattern_text) <= 15
        if self.region == "any":
            return None if _any_region(pattern_text) else False
        if self.region in NATIONAL:
            return NATIONAL[self.region](re.sub(r"\D", "", pattern_text))
        text = "+" + pattern_text[2:] if pattern_text.startswith("00") else pattern_text
        try:
            number = phonenumbers.parse(text, self.region)
        except phonenumbers.NumberParseException:
            return False
        if not phonenumbers.is_possible_number(number):
            return False
        return True if phonenumbers.is_valid_number(number) else None


def phone_recognizers(language: str) -> list[PatternRecognizer]:
    return [PhoneShapeRecognizer(language, shape) for shape in SHAPES]
