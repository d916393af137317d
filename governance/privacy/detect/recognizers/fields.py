"""Values named by their label: form fields (``Nombre: Laia.``, ``NHC: 6765``, ``Date of
birth: 03/03/1946``) and labelled identifiers in running text (``NASS 46 86916595``,
``ref.48273619T``, ``tel.+34612345678``), in English and Spanish.

A label decides the entity type, whatever the value looks like: a surname after
``Apellidos:`` is a person even when no model knows it, and any string with digits after
``Policy number`` or ``NHC`` is an identifier (``ID_NUMBER``). A field's value runs to
the end of its line or to the next ``Label:`` on the line (``Edad: 70 años Sexo: H.``),
and must have the shape its type needs (a name has no digits, a phone has six digits,
...), so a label followed by prose does not turn the prose into a finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from governance.privacy.detect.recognizers.base import found

FIELD_SCORE, INLINE_SCORE = 0.85, 0.75
MAX_VALUE = 120
NUMBER_WORD = r"(?:n[º°o]\.?|n\.[º°o]|num\.?|número|numero|number|no\.|#)"

# Labels per entity type: regular-expression alternatives, matched case-insensitively as
# whole words and followed by a separator (``:``, ``=``; identifiers also by a space,
# ``.``, ``#`` or ``nº``).
LABELS: dict[str, tuple[str, ...]] = {
    "ID_NUMBER": (
        r"nhc", r"nass", r"nuss", r"nss", r"cipa?", r"cias", r"sip", r"nusha", r"mrn",
        rf"{NUMBER_WORD}\s*(?:de\s+)?col(?:egiado)?\.?", r"colegiado",
        r"(?:n[º°o]\s*|número\s+de\s+|numero\s+de\s+)?historia(?:\s+cl[íi]nica)?",
        r"episodio", r"expediente", r"tarjeta\s+sanitaria", r"p[óo]liza", r"matr[íi]cula",
        r"afiliaci[óo]n", r"seguridad\s+social", r"pasaporte", r"passport(?:\s+no\.?)?",
        r"dni", r"nif", r"nie", r"cif", r"ssn", r"sin", r"nino", r"nhs(?:\s+number)?",
        r"social\s+security(?:\s+number|\s+no\.?)?", r"national\s+insurance(?:\s+number)?",
        r"(?:employee|customer|client|patient|member|student|staff|subscriber|user|"
        rf"cliente|paciente|empleado|socio)\s+(?:id|{NUMBER_WORD}|ref(?:erence)?|code)",
        r"(?:account|policy|case|claim|order|invoice|contract|license|licence|"
        r"driver'?s?\s+licen[cs]e|tax|vat|record|medical\s+record|insurance|badge|payroll|"
        rf"cuenta|contrato|factura|pedido)(?:\s+(?:id|{NUMBER_WORD}|ref(?:erence)?|code))?",
        r"id(?:entificador|entification|entifier)?(?:\s+number)?", r"ref(?:erence|erencia)?",
        rf"{NUMBER_WORD}",
    ),
    "PERSON": (
        r"nombre(?:\s+y\s+apellidos|\s+completo|\s+del\s+paciente|\s+de\s+la\s+paciente)?",
        r"(?:primer\s+|segundo\s+)?apellidos?", r"paciente", r"m[ée]dic[oa](?:\s+\w+)?",
        r"doctora?", r"dra?\.?", r"facultativ[oa]", r"enfermer[oa]", r"remitid[oa]\s+por",
        r"firmad[oa](?:\s+por)?", r"responsable", r"titular", r"contacto", r"tutor(?:a)?",
        r"(?:full\s+|first\s+|given\s+|last\s+|family\s+|middle\s+|maiden\s+)?names?",
        r"surname", r"patient(?:\s+name)?", r"physician", r"attending", r"signed(?:\s+by)?",
        r"(?:directed|written|produced|prepared|approved|reviewed|authored|requested|"
        r"submitted|reported|issued|checked|verified)\s+by",
        r"(?:elaborado|aprobado|revisado|firmado|solicitado)\s+por",
        r"contact(?:\s+person|\s+name)?", r"next\s+of\s+kin", r"employee(?:\s+name)?",
        r"customer(?:\s+name)?", r"client(?:\s+name)?", r"cliente", r"empleado",
        r"guardian", r"spouse", r"c[óo]nyuge", r"author", r"autor(?:a)?",
    ),
    "STREET_ADDRESS": (
        r"domicilio(?:\s+particular)?", r"direcci[óo]n(?:\s+postal)?", r"residencia",
        r"(?:home\s+|street\s+|postal\s+|mailing\s+)?address", r"street",
    ),
    "LOCATION": (
        r"localidad(?:\s*/\s*provincia)?", r"provincia", r"ciudad", r"municipio",
        r"poblaci[óo]n", r"lugar\s+de\s+nacimiento", r"lugar\s+de\s+residencia", r"city",
        r"town", r"county", r"province", r"place\s+of\s+birth", r"birthplace", r"hometown",
        r"where", r"location", r"lugar", r"ubicaci[óo]n",
    ),
    "POSTAL_CODE": (
        r"c\.?\s?p\.?", r"c[óo]digo\s+postal", r"zip(?:\s*code)?", r"post\s*code",
        r"postal\s+code",
    ),
    "DATE_TIME": (
        r"fecha(?:\s+de\s+\w+){0,2}", r"f\.\s*(?:de\s+)?nac(?:imiento)?\.?",
        r"nacid[oa](?:\s+el)?", r"date(?:\s+of\s+\w+)?", r"dob", r"d\.o\.b\.?",
        r"birth\s*date", r"(?:admission|discharge|visit|birth)(?:\s+date)?",
        r"admitted(?:\s+on)?", r"discharged(?:\s+on)?",
    ),
    "PHONE_NUMBER": (
        r"tel[ée]fono(?:\s+m[óo]vil|\s+de\s+contacto)?", r"tel(?:[ée]f)?\.?", r"tfno\.?",
        r"tlf\.?", r"telf\.?", r"m[óo]vil", r"fax", r"phone(?:\s+number)?", r"telephone",
        r"mobile", r"cell(?:\s+phone)?", r"ph\.?", r"desk", r"office", r"direct(?:\s+line)?",
        r"landline", r"fijo", r"whatsapp", r"(?:call|reach|text|ring)\s+(?:me\s+|us\s+)?(?:on|at)",
        r"(?:my|his|her|our)\s+(?:phone\s+|mobile\s+|cell\s+)?number\s+is",
        r"ll[áa]m(?:ame|anos|enme)\s+al", r"mi\s+(?:tel[ée]fono|n[úu]mero|m[óo]vil)\s+es",
    ),
    "EMAIL_ADDRESS": (r"e-?mail", r"correo(?:\s+electr[óo]nico)?", r"mail"),
    "AGE": (r"edad", r"age"),
}  # fmt: skip

# Types whose value may follow its label without a colon (``NHC 6765``, ``ref.4827``).
INLINE = frozenset({"ID_NUMBER", "PHONE_NUMBER"})
# A generic label (``nº``, ``id``, ``ref``) needs a value with this many digits.
SHORT_LABEL_DIGITS = 4


def _group(entity: str) -> str:
    return entity.replace("_", "")


LABEL_RE = re.compile(
    r"(?<![\w/.@-])(?:"
    + "|".join(f"(?P<{_group(e)}>{'|'.join(alts)})" for e, alts in LABELS.items())
    + r")(?![\w])",
    re.IGNORECASE,
)
SEPARATOR = re.compile(r"[ \t]*(?:\([^)\n]{0,20}\)[ \t]*)?[:=][ \t]*")
# ``my zip code is 35350``, ``su NHC es 6765``: a verb as the separator, for values with
# digits, read as one token run (the sentence goes on after it).
IS_SEPARATOR = re.compile(r"[ \t]+(?:is|was|es|era)[ \t]+(?:(?:a|an|the|el|la)[ \t]+)?",
                          re.IGNORECASE)  # fmt: skip
IS_TYPES = frozenset({"ID_NUMBER", "PHONE_NUMBER", "POSTAL_CODE", "DATE_TIME", "AGE"})
INLINE_SEPARATOR = re.compile(rf"[ \t]*(?:{NUMBER_WORD}|[:#.=])?[ \t]*", re.IGNORECASE)
# Where a field's value ends: a tab, a wide gap or a bar; or the label of the next
# ``Label:`` on its line (``Edad: 70 años Sexo: H.``).
GAP = re.compile(r"\t|[ \t]{3,}|\|")
NEXT_COLON = re.compile(r"(?<=[^\W\d_]|[º°ª).])[ \t]*[:=](?!//)")
LAST_WORD = re.compile(r"[^\s:]+[ \t]*$")
ID_VALUE = re.compile(
    r"[+(]?(?:[A-Za-z]{1,4}[-/ ]?)?\d[\dA-Za-z./()-]*(?:[ ](?:\d[\dA-Za-z/-]*|[A-Z]\b)){0,3}"
)
NAME_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
MONTH = re.compile(
    r"(?i)\b(?:ene|feb|mar|abr|may|jun|jul|ago|sep|oct|nov|dic|jan|apr|aug|dec)[a-z]*\b"
)
PARTICLES = frozenset("de del la las los y e van von da di le du der den of the el i".split())


def _person(value: str) -> bool:
    words = NAME_WORD.findall(value)
    if not words or len(words) > 6 or any(c.isdigit() or c in "@<>" for c in value):
        return False
    return value[0].isupper() and all(w[0].isupper() or w.casefold() in PARTICLES for w in words)


def _lower_person(value: str) -> bool:
    """A name in text written without capitals: also words that are not common ones
    (``name:    hyuuma t. maida``)."""
    from governance.privacy.detect.recognizers.person import common_words

    words = NAME_WORD.findall(value)
    if not value.islower() or not words or len(words) > 6:
        return _person(value)
    if any(c.isdigit() or c in "@<>" for c in value):
        return False
    return not any(len(w) > 2 and w.casefold() in common_words() for w in words)


def _digits(value: str) -> int:
    return sum(c.isdigit() for c in value)


SHAPES: dict[str, Callable[[str], bool]] = {
    "PERSON": _person,
    "ID_NUMBER": lambda v: _digits(v) >= 1 and len(v) <= 40,
    "STREET_ADDRESS": lambda v: len(v) >= 4 and v[0].isalnum(),
    "LOCATION": lambda v: v[0].isupper() and _digits(v) == 0 and len(v.split()) <= 5,
    "POSTAL_CODE": lambda v: 3 <= len(v) <= 10 and _digits(v) >= 3,
    "DATE_TIME": lambda v: _digits(v) >= 1 or MONTH.search(v) is not None,
    "PHONE_NUMBER": lambda v: _digits(v) >= 6 and not re.search(r"[A-Za-z]{3}", v),
    "EMAIL_ADDRESS": lambda v: "@" in v and " " not in v,
    "AGE": lambda v: v[:1].isdigit() and _digits(v) <= 3,
}
# The shapes in a text written without capitals, where a name is in lower case too.
LOWER_SHAPES: dict[str, Callable[[str], bool]] = {**SHAPES, "PERSON": _lower_person}


class LabelledFieldRecognizer(EntityRecognizer):  # type: ignore[misc]
    """Finds values by their labels, for the entity types ``entities`` enables."""

    def __init__(self, supported_language: str, entities: Iterable[str] = tuple(LABELS)) -> None:
        self.enabled = frozenset(entities) & frozenset(LABELS)
        super().__init__(
            supported_entities=sorted(self.enabled) or ["ID_NUMBER"],
            name="LabelledFieldRecognizer",
            supported_language=supported_language,
        )

    def load(self) -> None:
        return None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        from governance.privacy.detect.recognizers.person import lower_case

        out: list[RecognizerResult] = []
        shapes: dict[str, Callable[[str], bool]] | None = None
        for m in LABEL_RE.finditer(text):
            entity = next(e for e in LABELS if m.group(_group(e)))
            if entity in self.enabled:
                if shapes is None:
                    shapes = LOWER_SHAPES if lower_case(text) else SHAPES
                value = _field(text, m.end(), entity, len(m.group(0)) <= 3, shapes)
                if value:
                    out.append(found(self, entity, *value))
        return out


def _field(
    text: str, at: int, entity: str, short: bool, shapes: dict[str, Callable[[str], bool]]
) -> tuple[int, int, float] | None:
    sep = SEPARATOR.match(text, at)
    if sep and entity in INLINE:
        return _inline(text, sep.end(), entity, short, FIELD_SCORE)
    if sep:
        start = sep.end()
        end = _value_end(text, start)
        start, end = _trim(text, start, end)
        if entity == "PERSON":
            cut = re.search(r"[<(,;]", text[start:end])
            start, end = _trim(text, start, start + cut.start() if cut else end)
        if end > start and shapes[entity](text[start:end]):
            return start, end, FIELD_SCORE
        return None
    said = IS_SEPARATOR.match(text, at) if entity in IS_TYPES else None
    if said:
        return _inline(text, said.end(), entity, short, INLINE_SCORE)
    if entity not in INLINE:
        return None
    inline = INLINE_SEPARATOR.match(text, at)
    return _inline(text, inline.end() if inline else at, entity, short, INLINE_SCORE)


def _inline(
    text: str, start: int, entity: str, short: bool, score: float
) -> tuple[int, int, float] | None:
    m = ID_VALUE.match(text, start)
    if not m:
        return None
    value = m.group(0).rstrip(".,;:/-")
    needed = SHORT_LABEL_DIGITS if short else 1
    if _digits(value) < needed or not SHAPES[entity](value):
        return None
    return start, start + len(value), score


def _value_end(text: str, start: int) -> int:
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    gap = GAP.search(text, start, line_end)
    end = gap.start() if gap else line_end
    colon = NEXT_COLON.search(text, start, end)
    if colon:
        end = _label_start(text, start, colon.start())
    return min(end, start + MAX_VALUE)


def _label_start(text: str, start: int, colon: int) -> int:
    """Where the label before ``colon`` begins: a known label, else its last word."""
    for m in LABEL_RE.finditer(text, start, colon):
        if not text[m.end() : colon].strip():
            return m.start()
    last = LAST_WORD.search(text, start, colon)
    return last.start() if last else colon


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in " \t\r.,;:":
        end -= 1
    while start < end and text[start] in " \t\"'«“(":
        start += 1
    if end > start and text[end - 1] in ")\"'»”" and text[start - 1] not in "(\"'«“":
        end -= 1
    return start, end
