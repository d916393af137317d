"""Addresses laid out the international way, which street-suffix patterns miss: a house
number and a street name with its number (``91215 Harjukuja 54``, ``772 ul. Narewska
94``), then optional lines for the flat (``Apt. 478``, ``Suite 377``), the town
(``HYVINKÄÄ``, ``Črni Vrh nad Idrijo``), a region code and the country with its postcode
(``Finland 41600``). The street line is STREET_ADDRESS (with its flat), the town line
LOCATION, the postcodes POSTAL_CODE. Inline, ``41377 Schachterlweg 62 Apt. 501``.

Above the street line sits the recipient, as envelopes and letterheads write it: the top
line of the block (``Fletcher Hill`` over ``Ussearch`` over ``3654 Brixton Rd``) and any
of the three lines above the street that holds a known first name or surname are PERSON."""

from __future__ import annotations

import re
from collections.abc import Iterable

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from governance.privacy.detect.recognizers.address import CONTINENTAL
from governance.privacy.detect.recognizers.base import found
from governance.privacy.detect.recognizers.postal import CODE as POSTCODE

LETTER = r"[^\W\d_]"
WORD = rf"{LETTER}[\w.'’-]*"
CAP_WORD = r"(?:[A-ZÀ-ÞĀ-Ž]|ul\.|al\.)[\w.'’-]*"
SECONDARY = r"(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|Piso|Box|P\.?O\.? Box)\s*#?\d{1,5}[A-Z]?"
PREFIX = r"(?m:^[ \t>?*•-]*)"  # quoting and list marks at the start of a line
# A street line ends in its number (``Harjukuja 54``) or in a street word (``1659 Hoog St``).
STREET_END = (
    r"(?:\d{1,5}[A-Za-z]?\.?|(?:St|Rd|Ave?|Blvd|Ln|Ct|Pl|Sq|Hwy|Pkwy|Terr?|Cir|Cres|Dr)\.?|"
    r"Street|Road|Avenue|Lane|Close|Drive|Way|Court|Place|Square|Terrace|Crescent|Boulevard|"
    r"Mall|Gardens|Row|Walk|Parkway|Highway)"
)
STREET_LINE = re.compile(
    rf"{PREFIX}(\d{{1,6}}(?:[ \t]+\d{{1,6}})?[ \t]+(?:{WORD}[ \t]+){{1,4}}{STREET_END}"
    rf"(?:,?[ \t]+{SECONDARY})?)[ \t]*$",
    re.MULTILINE,
)
INLINE = re.compile(
    rf"(?<![\w/.-])(\d{{1,6}}[ \t]+{CAP_WORD}(?:[ \t]+{CAP_WORD}){{0,3}}[ \t]+\d{{1,5}}[A-Za-z]?"
    rf",?[ \t]+{SECONDARY})"
)
# A street line written the continental way (``26 rue des lieutenants Thomazo``,
# ``Mellemvej 32``), with a building number before it (``770 26 rue ...``).
CONTINENTAL_LINE = regex.compile(
    rf"{PREFIX}((?:\d{{1,6}}[ \t]+)?(?:{CONTINENTAL}))[ \t]*$", regex.MULTILINE
)
# A street named between two numbers, the building's and the house's, as international
# forms write it (``641 Dašická 688``, ``53772 Holmatun 45``, ``0605 πεντέλης 210 apt.
# 999``), inline: at a line's start, after punctuation, a lower-case word or another
# number, and ending the clause or followed by the flat (or by the sentence's next
# word, when the building number has three digits or more: ``left at 5366 Pivovarská
# 276 yesterday``). A result table has the same shape
# (``Wimbledon 0 Aston Villa 1``): a capitalized word before the first number, a known
# place or a common word between the numbers, and words of one or two letters
# (``1 x 3``) are not a street; in text that has capitals, the street has one.
NUMBERED = regex.compile(
    r"(?:(?<=^[ \t>]*)|(?<=(?:[:;(]|(?<!\d),|,[ \t])[ \t]*)|(?<=\b\p{Ll}+[ \t]+)|(?<=\d[ \t]+))"
    rf"(?!(?:19|20)\d\d\b)(\d{{1,6}}[ \t]+((?:{WORD}[ \t]+){{0,2}}{WORD})[ \t]+"
    rf"\d{{1,4}}[A-Za-z]?\.?(?:,?[ \t]+(?i:{SECONDARY})\b|(?=[ \t]*(?:$|[,|?)!;]|\.(?:\s|$)))"
    rf"|(?P<prose>(?=[ \t]+\p{{Ll}}))))",
    regex.MULTILINE,
)
REST_OF_LINE = regex.compile(rf",?[ \t]+({WORD}(?:,?[ \t]+{WORD}){{0,3}})[ \t]*$", regex.MULTILINE)
# Two streets that meet (``the corner of Kuusiku 7 and Alexander Flat``, ``the
# intersection of Main and 5th``): each named with a number or a capital, or with a
# street word (``minik courts``), not ``the corner of my eye and ...``.
CORNER = regex.compile(
    r"(?i:(?<=\b(?:corner|intersection|junction)[ \t]+of[ \t]+))"
    r"((?:[^\W_][\w.'’-]*[ \t]+){0,4}?[^\W_][\w.'’-]*)[ \t]+(?i:and|&)[ \t]+"
    r"((?:[^\W_][\w.'’-]*[ \t]+){0,3}?[^\W_][\w.'’-]*)(?=[ \t]*(?:[,.;!?)|\n]|$))"
)
# The unit-and-box line of US military mail (``Unit 1009 Box 0219``, ``USNS Møller``).
MILITARY_LINE = re.compile(
    rf"{PREFIX}(?i:(?:PSC|CMR|Unit)[ \t]+\d{{3,5}},?[ \t]+Box[ \t]+\d{{3,5}}|"
    r"(?:USNS|USNV|USS|USCGC)[ \t]+[^\W\d_][\w'’-]*)[ \t]*$",
    re.MULTILINE,
)
SECONDARY_LINE = re.compile(rf"{PREFIX}({SECONDARY})[ \t]*$", re.MULTILINE)
TOWN_LINE = re.compile(rf"{PREFIX}({WORD}(?:[ \t]+{WORD}){{0,4}})[ \t]*$", re.MULTILINE)
CODE_LINE = re.compile(
    rf"{PREFIX}(?:({WORD}(?:,?[ \t]+{WORD}){{0,3}}),?[ \t]+)?"
    rf"({POSTCODE}|[A-Z0-9]{{0,3}}\d{{3,6}}(?:-\d{{3,4}})?)[ \t]*$",
    re.MULTILINE,
)
# A recipient line: one to four words of letters (any case: ``aksel kristensen``), no
# digit, no label colon.
RECIPIENT = re.compile(rf"{PREFIX}({LETTER}[\w'’.-]*(?:[ \t]+{LETTER}[\w'’.-]*){{0,3}})[ \t]*$")
STREET_SCORE, TOWN_SCORE, CODE_SCORE, INLINE_SCORE = 0.7, 0.65, 0.7, 0.6
RECIPIENT_SCORE = 0.6


class AddressBlockRecognizer(EntityRecognizer):  # type: ignore[misc]
    def __init__(self, supported_language: str, entities: Iterable[str] = ()) -> None:
        self.enabled = frozenset(entities) | {"STREET_ADDRESS"}
        super().__init__(
            supported_entities=["STREET_ADDRESS"],
            name="AddressBlockRecognizer",
            supported_language=supported_language,
        )

    def load(self) -> None:
        return None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        out: list[RecognizerResult] = []
        for m in [*STREET_LINE.finditer(text), *CONTINENTAL_LINE.finditer(text)]:
            out.append(found(self, "STREET_ADDRESS", m.start(1), m.end(1), STREET_SCORE))
            out += self._following(text, m.end())
            out += self._recipient(text, m.start())
        for m in MILITARY_LINE.finditer(text):
            out += self._recipient(text, m.start())
        for m in INLINE.finditer(text):
            out.append(found(self, "STREET_ADDRESS", m.start(1), m.end(1), INLINE_SCORE))
        if any(c.isdigit() for c in text):
            out += self._numbered(text)
        if "of" in text:
            out += [
                found(
                    self, "STREET_ADDRESS", m.start(1), m.end(2) - _dots(m.group(2)), INLINE_SCORE
                )
                for m in CORNER.finditer(text)
                if all(_street_named(m.group(g)) for g in (1, 2))
            ]
        return [r for r in out if r.entity_type in self.enabled]

    def _town(self, text: str, m: re.Match[str] | regex.Match[str]) -> list[RecognizerResult]:
        """The town (and region) before a postcode on its line (``ASKER 1386``, ``delmas,
        mp 35739``), if it reads as one."""
        from governance.privacy.detect.recognizers.person import lower_case

        if not m.group(1) or not _town_like(m.group(1), capitals=not lower_case(text)):
            return []
        return [found(self, "LOCATION", m.start(1), m.end(1), TOWN_SCORE)]

    def _numbered(self, text: str) -> list[RecognizerResult]:
        """Streets between two numbers (``NUMBERED``), with the town after them on their
        line and the lines of their block below."""
        from governance.privacy.detect.recognizers.person import lower_case

        out: list[RecognizerResult] = []
        capitals = not lower_case(text)
        for m in NUMBERED.finditer(text):
            street, building = m.group(2), m.group(1).split()[0]
            if not _street_words(street) or (capitals and not any(c.isupper() for c in street)):
                continue
            if m.group("prose") is not None and len(building) < 3:
                continue  # the sentence goes on: only a building number of 3 digits or more
            out.append(found(self, "STREET_ADDRESS", m.start(1), m.end(1), INLINE_SCORE))
            rest = REST_OF_LINE.match(text, m.end())
            if rest:  # the town on the street's line (``... Apt. 417 Csipkerek Vas``)
                out += self._town(text, rest)
            out += self._following(text, rest.end() if rest else m.end())
        return out

    def _recipient(self, text: str, at: int) -> list[RecognizerResult]:
        """The person a block is addressed to, in the (at most three) lines above its
        street line: the top one of several, and any that holds a known name."""
        from governance.privacy.detect.recognizers.gazetteer import first_names, last_names
        from governance.privacy.detect.recognizers.person import common_words

        above: list[tuple[int, int]] = []
        end = at - 1  # the newline before the street line
        while len(above) < 3 and end > 0 and text[end] == "\n":
            start = text.rfind("\n", 0, end) + 1
            m = RECIPIENT.match(text, start, end)
            words = m.group(1).casefold().split() if m else []
            if not m or any(w.strip(".") in common_words() for w in words):
                break
            above.append((m.start(1), m.end(1)))
            end = start - 1
        names = first_names() | last_names()
        out = []
        for k, (start, stop) in enumerate(above):
            top = k == len(above) - 1 and len(above) >= 2
            if top or any(w in names for w in text[start:stop].casefold().split()):
                out.append(found(self, "PERSON", start, stop, RECIPIENT_SCORE))
        return out

    def _following(self, text: str, at: int) -> list[RecognizerResult]:
        """The flat, town and country-with-postcode lines after a street line."""
        out: list[RecognizerResult] = []
        lines = blank = 0
        while lines < 5 and at < len(text) and text[at] == "\n":
            start = at + 1
            end = text.find("\n", start)
            end = len(text) if end < 0 else end
            at = end
            if not text[start:end].strip():  # one empty line may sit inside a block
                blank += 1
                if blank > 1:
                    break
                continue
            line = self._line(text, start, end, after_blank=blank > 0)
            if not line:  # the block ends at the first line that is not part of one
                break
            out += line
            blank, lines = 0, lines + 1
        return out

    def _line(
        self, text: str, start: int, end: int, *, after_blank: bool
    ) -> list[RecognizerResult]:
        """The flat, the postcode line, or the town: a town has no common word (``Best
        regards`` is not one) and does not come after an empty line."""
        for pattern, entity, score in (
            (SECONDARY_LINE, "STREET_ADDRESS", STREET_SCORE),
            (CODE_LINE, "POSTAL_CODE", CODE_SCORE),
            (TOWN_LINE, "LOCATION", TOWN_SCORE),
        ):
            m = pattern.match(text, start, end)
            if m and entity == "POSTAL_CODE":
                return [found(self, entity, m.start(2), m.end(2), score), *self._town(text, m)]
            if m and entity == "LOCATION" and (after_blank or not _town_like(m.group(1))):
                return []
            if m:
                return [found(self, entity, m.start(1), m.end(1), score)]
        return []


# Small words inside town names (``Soto del Barco``, ``Turkovice u Prelouce``, ``Frankfurt
# am Main``), which a town may have although they are common words.
TOWN_PARTICLES = frozenset(
    ("de del la las los le les du des di da do dos das u nad pod am an der bei sur upon "
     "y i e").split()
)  # fmt: skip


def _town_like(value: str, capitals: bool = False) -> bool:
    """Whether ``value`` can name a town: no common word outside the particles, and (in a
    text that has capitals) a capital first."""
    from governance.privacy.detect.recognizers.person import common_words

    words = re.findall(r"[^\W\d_]+", value)
    content = [w.casefold() for w in words if w.casefold() not in TOWN_PARTICLES]
    if not content or (capitals and not words[0][0].isupper()):
        return False
    return not any(w in common_words() for w in content)


def _dots(value: str) -> int:
    return len(value) - len(value.rstrip("."))


def _street_named(value: str) -> bool:
    from governance.privacy.detect.recognizers.gazetteer import street_suffixes

    words = value.split()
    return (
        any(c.isdigit() or c.isupper() for c in value)
        or words[-1].casefold().rstrip(".") in street_suffixes()
    ) and words[0].casefold() not in ("my", "his", "her", "their", "our", "your", "the", "a")


UNITS = frozenset("mg mcg ml cc kg gr mm cm km min fig figs ui".split())


def _street_words(street: str) -> bool:
    """Whether the words between a building's and a house's number can name a street:
    none common or a known place (a result table names towns), none of one or two
    letters but an abbreviation (``Kossuth u.``), one of three letters or more."""
    from governance.privacy.detect.recognizers.gazetteer import common_vocabulary, town_names

    words = street.split()
    folded = [w.strip(".").casefold() for w in words]
    if " ".join(folded) in town_names() or all(len(w) < 3 for w in folded):
        return False
    if UNITS.intersection(folded):  # ``899 mg. Complemento 3``, ``400 cc. Fig. 1``
        return False
    return not any(
        not w.endswith(".") if len(f) < 3 else f in common_vocabulary() or f in town_names()
        for w, f in zip(words, folded, strict=True)
    )
