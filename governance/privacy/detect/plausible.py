"""Precision filters for what small NER models tag.

spaCy's small models tag lone capitalized words (``Hola``, ``Atentamente``), header
labels (``From``), ids (``T-00002``) and lowercase phrases (``further notice``) as people
and places. An NER span is kept only when it looks like a name: no digits, capitalized
words (particles aside), a one-word person that is a known first name or surname, and a
place at the start of a sentence that is a known place name.
"""

from __future__ import annotations

import re

from governance.privacy.detect.recognizers.gazetteer import (
    first_names,
    last_names,
    place_names,
    places_and_towns,
)

NER = "SpacyRecognizer"
# Labels the readers write (e-mail headers, table columns) that small NER models tag.
STRUCTURAL_WORDS = frozenset(
    "from to cc bcc subject asunto de para body reply notes full_name email phone iban "
    "department departamento salary hire_date employee_id ticket_id city ciudad town "
    "localidad cliente customer nie dni nif cif ssn zip c.p. cp tel teléfono nombre name "
    "dirección address código postal".split()
)
PARTICLES = frozenset("de del la las los y e van von da di le du der den of the el".split())
SENTENCE_START = re.compile(r"(?:^|[\n.:;!?¡¿\"(#*>]|\s-)\s*$")
WORD = re.compile(r"[^\W\d_][\w'’.-]*")
# What follows a person who opens a sentence: a verb of speech or of a person's doing, a
# relative clause, another name.
PERSON_NEXT = re.compile(
    r"[ \t]+(?:said|says|told|added|asked|replied|declined|denied|admitted|insisted|warned|"
    r"urged|wrote|flew|spent|began|joined|rejoined|looked|met|is|was|has|had|will|would|"
    r"dijo|afirmó|explicó|fue|ha)\b|[ \t]*,[ \t]*(?:who|whose|speaking|quien)\b"
    r"|[ \t]+(?:and|y)[ \t]+[A-ZÁÉÍÓÚÑ]"
)
# a "person" the text itself calls a business: "a company called Zentrix", "Smith & Co."
ORG_BEFORE = re.compile(
    r"\b(?:company|firm|brand|product|app|startup|business|shop|store|restaurant|band|"
    r"label|platform|vendor|supplier)\s+(?:called|named)\s+$",
    re.IGNORECASE,
)
# the first word of a letter's closing, which small models call a person: "Kind regards",
# "Best wishes", "Warm greetings"
CLOSING = re.compile(r"[ \t]+(?i:regards|wishes|greetings|saludos)[ \t]*(?:[,.!\n]|$)")
ORG_AFTER = re.compile(
    r"\s*(?:(?:&|and)\s+(?:Co\b|Company\b|Sons\b)|,?\s*(?:Inc|Ltd|LLC|GmbH|PLC|Corp)\b)"
)


def _known_name(word: str) -> bool:
    return word.casefold() in first_names() or word.casefold() in last_names()


def _lone_name(word: str, before: str, after: str) -> bool:
    """An unknown word the model calls a person: a name inside a sentence, written like
    one (``says Hartvigsson``), not a shouted header; opening a sentence only when a
    person's verb or clause follows (``Erbakan has encouraged``, ``Hasina, speaking``) and
    it is no known place (``Grozny was quiet``)."""
    from governance.privacy.detect.recognizers.person import common_words

    if word.isupper() or len(word) < 3 or word.casefold() in common_words():
        return False
    if not SENTENCE_START.search(before[-40:]):
        return True
    return bool(PERSON_NEXT.match(after)) and word.casefold() not in places_and_towns()


def _person(words: list[str], before: str, after: str) -> bool:
    if ORG_BEFORE.search(before[-40:]) or ORG_AFTER.match(after):
        return False
    if len(words) == 1 and CLOSING.match(after) and SENTENCE_START.search(before[-40:]):
        return False
    return len(words) > 1 or _known_name(words[0]) or _lone_name(words[0], before, after)


def plausible_ner(
    entity: str, value: str, before: str, after: str = "", recased: bool = False
) -> bool:
    """Is an NER span of ``entity`` with text ``value`` (between ``before`` and ``after``)
    a name? ``recased``: the text was written without capitals and NER read it with its
    known names capitalized, where a lone capitalized word may be a verb (``mark the bill``)."""
    stripped = value.strip()
    if (
        not stripped
        or (recased and " " not in stripped)
        or any(c.isdigit() for c in stripped)
        or not stripped[0].isupper()
    ):
        return False
    if stripped.casefold() in STRUCTURAL_WORDS:
        return False
    words = WORD.findall(stripped)
    if any(w[0].islower() and w.casefold() not in PARTICLES for w in words):
        return False
    if entity == "PERSON":  # ``of`` and ``the`` join places, not names (``Mark the Bill``)
        return not any(w in ("of", "the") for w in words) and _person(words, before, after)
    return entity != "LOCATION" or _place(stripped, words, before, after)


def _place(value: str, words: list[str], before: str, after: str) -> bool:
    """Not a form's label (``Localidad/ Provincia: Terrassa``) unless a known place, and
    opening a sentence only when a known place."""
    if after.startswith(":") and value.casefold() not in places_and_towns():
        return False
    if SENTENCE_START.search(before[-40:]):
        return value.casefold() in place_names() or words[0].casefold() in place_names()
    return True
