"""PERSON by gazetteer and context, complementing spaCy's small NER models, which miss
many names in short or non-English texts.

- a run of capitalized words that starts with a known first name and ends with a known
  surname (0.8), or a known first name followed by capitalized words that are not
  common words (``Sheree McCorkill``, 0.6);
- a name after a title (``Dr. Quiroz``, ``la Dra. Otero Montalvo``, ``Sra. Ruiz``);
- a known first name alone where the context says it is a person: a chat speaker
  (``[09:41] Chloe:``), after a greeting or a verb of contact (``Hi Kim``, ``avisad a
  Alicia``, ``escorted by Leah``), or before a verb of speech or movement (``Darcy
  moved``, ``Noemí se ha mudado``).
"""

from __future__ import annotations

from functools import cache

import regex as re  # Unicode letter classes: names are written in every Latin alphabet
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from governance.privacy.detect.recognizers.base import found
from governance.privacy.detect.recognizers.gazetteer import (
    CALENDAR_WORDS,
    common_vocabulary,
    country_names,
    first_names,
    frequent_words,
    last_names,
    stop_words,
)

# Any capital and small letter (``Halldór Árnþórsson``, ``Esat Jeknić``).
UPPER = r"\p{Lu}"
LOWER = r"\p{Ll}"
WORD = rf"[{UPPER}][{LOWER}]+(?:[{UPPER}][{LOWER}]+)?(?:[-'’][{UPPER}][{LOWER}]+)?"
PARTICLE = r"(?:de|del|de la|de los|y|van|von|da|di|le|la)"
RUN = re.compile(rf"\b{WORD}(?:\s+(?:{PARTICLE}\s+)?{WORD}){{1,3}}\b")
NAME = rf"{WORD}(?:\s+(?:{PARTICLE}\s+)?{WORD}){{0,2}}"
TITLE = re.compile(
    rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Dra|Prof|Profa|Sr|Sra|Srta|Dña|Dª|D|Lic|Ing)\.?\s+({NAME})"
    rf"|\b(?:Don|Doña|señor|señora|Sir|Dame|Lady)\s+({NAME})"
)
BEFORE = (
    r"hi|hello|hey|dear|thanks|thank you|cheers|contact|call|ask|tell|email|message|"
    r"by|with|from|not|to|cc|for|regards|"
    r"hola|gracias|estimado|estimada|querido|querida|soy|a|con|para|por|fue|llamad a|"
    r"avisad a|escribid a|pregunta a|atentamente|saludos"
)
AFTER = (
    r"moved|said|says|called|asked|agreed|wrote|replied|confirmed|will|is|was|has|had|"
    r"se ha|ha|dijo|llamó|escribió|pidió|preguntó|confirmó|está|es|vive|trabaja"
)
CUED = re.compile(
    rf"(?:(?<![\w])(?i:{BEFORE}),?\s+({WORD})(?![\w@])"
    rf"|(?<![\w.@-])({WORD})\s+(?:{AFTER})\b"
    rf"|(?m:^[ \t]*(?:\[[^\]\n]{{1,20}}\][ \t]*)?({WORD}(?:[ \t]+{WORD})?):))"
)
NOT_FIRST = CALENDAR_WORDS | frozenset(
    "will grace hope faith joy "
    "today tomorrow yesterday tonight everyone everybody someone somebody nobody".split()
)
# Cues strong enough for any capitalized name, known or not: a self-introduction
# (``My name is Siiri``), a verb of speech after it (``Hartvigsson said``), a middle
# initial between two capitalized words (``Gladys L. Leblanc``, ``Ravil G Yefimov``).
NAMING = (
    r"\b(?:my|his|her|their|your)\s+(?:(?:first|last|full|middle|maiden)\s+)?name\s+is|"
    r"\bname'?s|\bme\s+llamo|\bmi\s+nombre\s+es|\bse\s+llama|"
    r"\b(?:grandfather|grandmother|grandpa|grandma|father|mother|dad|mum|mom|son|daughter|"
    r"brother|sister|husband|wife|partner|friend|boss|uncle|aunt|cousin|nephew|niece|man|"
    r"woman|boy|girl|guy|lady|he|she)\s+(?:was|is|were|are)\s+(?:called|named)|"
    r"\b(?:a|an|one)\s+(?:man|woman|boy|girl|guy|lady|doctor|nurse|patient|colleague)"
    r"\s+(?:called|named)"
)
INTRODUCED = re.compile(rf"(?i:{NAMING}|\bcall\s+me)[:,]?\s+({WORD}(?:\s+{WORD}){{0,2}})")
# The same self-introduction in text written without capitals (``my name is vitoria``):
# the words after it up to the first common one.
INTRODUCED_LOWER = re.compile(
    rf"(?i:{NAMING})[:,]?[ \t]+({LOWER}[{LOWER}'’-]*(?:[ \t]+{LOWER}[{LOWER}'’.-]*){{0,2}})"
)
SPOKE = re.compile(
    rf"(?<![\w.@-])({WORD}(?:\s+{WORD}){{0,2}})\s+(?:said|says|told|wrote|replied|explained|"
    rf"added|noted|lamented|insisted|warned|urged|ordered|vowed|admitted|conceded|complained|"
    rf"shouted|yelled|screamed|whispered|"
    rf"recalled|testified|denied|declared|argued|quipped|is\s+from|was\s+born|"
    rf"began\s+writing|will\s+be\s+talking)\b"
)
# A name described by a relative clause or an age in apposition, which only people take
# (``Dutroux , 39 , who was charged``, ``Duran , whose record``, ``Ortega, quien dijo``).
APPOSED = re.compile(
    rf"(?<![\w.@-])({WORD}(?:[ \t]+{WORD}){{0,2}})[ \t]*,[ \t]*(?:\d{{1,3}}[ \t]*,[ \t]*)?"
    rf"(?:who|whose|quien|quienes)\b"
    rf"|(?<![\w.@-])({WORD}(?:[ \t]+{WORD}){{0,2}})[ \t]*,[ \t]*\d{{1,3}}[ \t]*,"
)
# A relative or colleague named after the relation (``my kid Lukas``, ``mi hija Lucía``),
# and the answer to a question about a name (``What's your last name? Arcuri``).
RELATION = re.compile(
    rf"(?i:\b(?:my|our|his|her|their|mi|mis|su|nuestra?)\s+(?:kid|son|daughter|wife|husband|"
    rf"partner|friend|boss|colleague|brother|sister|mother|father|mom|mum|dad|child|grandson|"
    rf"granddaughter|nephew|niece|uncle|aunt|cousin|hij[oa]|espos[oa]|herman[oa]|madre|padre|"
    rf"amig[oa]|jef[ea]|compañer[oa]|prim[oa]|sobrin[oa]|abuel[oa]|niet[oa])),?\s+"
    rf"({WORD}(?:\s+{WORD}){{0,2}})"
)
# A person named by a relative (``I'm Misty's daughter``, ``Asya's kid``).
RELATIVE_OF = re.compile(
    rf"(?<![\w.@-])({WORD})['’]s\s+(?i:kid|kids|son|sons|daughter|daughters|wife|husband|"
    rf"partner|mother|father|mom|mum|dad|brother|sister|boyfriend|girlfriend|fiancée?|"
    rf"widow|widower|grandson|granddaughter|nephew|niece)\b"
)
NAME_ANSWER = re.compile(rf"(?i:\bname\s*\?)[ \t\n]+({WORD}(?:[ \t]+{WORD}){{0,2}})")
# Someone addressed by name at the start of a sentence, before a request or a question
# (``Warrane, can I speak to your boss?``, ``Marta, please send it``, ``Íñigo, ¿puedes
# venir?``). Interjections and common words are not names (``Sorry, can you``).
VOCATIVE = re.compile(
    rf"(?:(?m:^)|(?<=[.!?]\s{{1,3}}))[ \t>\"“]*({WORD}(?:[ \t]+{WORD})?),[ \t]+"
    r"(?:(?i:can|could|would|will|please|do|did|are|have|I|I'm|we|you|thanks|thank\s+you|"
    r"let's|let\s+me|puedes|podrías|podrias|por\s+favor|gracias|te|me)\b|¿)"
)
# A name after the role that introduces it, as news and company writing do (``striker
# Kubilay Turkyilmaz``, ``spokeswoman Ilse Brandt``, ``la abogada Marta Sanz``); the role
# in lower case, as running text writes it (``Project Manager Training`` is a heading).
ROLES = (
    r"president|vice-president|chairman|chairwoman|chair|ceo|cfo|cto|coo|founder|director|"
    r"manager|spokesman|spokeswoman|spokesperson|minister|secretary|governor|mayor|senator|"
    r"ambassador|judge|prosecutor|lawyer|attorney|counsel|coach|manager|captain|striker|"
    r"midfielder|defender|goalkeeper|keeper|forward|winger|pitcher|starter|reliever|batsman|"
    r"bowler|sprinter|champion|runner-up|favourite|favorite|rider|driver|jockey|trainer|"
    r"king|queen|prince|princess|patriarch|archbishop|bishop|cardinal|pope|rabbi|imam|priest|"
    r"reverend|father|sister|colleague|engineer|analyst|economist|consultant|nurse|doctor|"
    r"surgeon|professor|teacher|student|author|novelist|singer|actor|actress|artist|"
    r"presidente|presidenta|director|directora|gerente|portavoz|ministro|ministra|alcalde|"
    r"alcaldesa|juez|jueza|fiscal|abogado|abogada|entrenador|entrenadora|delantero|portero|"
    r"doctor|doctora|enfermero|enfermera|profesor|profesora|compañero|compañera"
)
ROLE_NAME = re.compile(
    rf"(?<![\w-])(?=[a-zñ])(?:{ROLES})[ \t]+(?=\p{{Lu}})"
    rf"({WORD}(?:[ \t]+(?:{PARTICLE}[ \t]+)?{WORD}){{0,2}})(?![\w-])"
)
# A speaker before a quotation, as dialogue and transcripts write it (``Koppány: "Who are
# you?"``); labels that take a quote are not speakers (``Warning: "..."``).
SPEAKER = re.compile(rf"(?m:^[ \t>]*({WORD}(?:[ \t]+{WORD})?):[ \t]*[\"“«])")
NOT_SPEAKERS = frozenset(
    "warning quote title error reply comment caption headline update status subject "
    "motto slogan tagline label description summary translation aviso nota título "
    "respuesta comentario asunto".split()
)
NOT_ADDRESSED = frozenset(
    "ok okay yes no hi hello hey thanks sorry please well so now also however guys team "
    "everyone folks sir madam all friends sí vale bueno hola gracias perdón oye mira "
    "señor señora amigos chicos equipo marketing sales finance support legal hr it "
    "accounting management engineering operations admin security procurement payroll "
    "ventas finanzas soporte contabilidad dirección recursos compras logística nóminas".split()
)
INITIAL = re.compile(rf"(?<![\w.])({WORD}\s+[{UPPER}]\.?\s+{WORD})(?![\w])")
# A first initial before a surname, as bylines and result tables write names (``J. Crawley
# 106``, ``G. Thorpe``); not ``U.S. Army`` (the initial must not follow a dot).
INITIALLED = re.compile(rf"(?<![\w.])([{UPPER}]\.[ \t]?{WORD}(?:[ \t]+{WORD})?)(?![\w'’])")
# A name with its country in brackets, as results and rankings write it (``Petr Korda
# ( Czech Republic ) beat ...``); the words must not be places themselves (a club's
# ``Feyenoord Rotterdam ( Netherlands )``).
WITH_COUNTRY = re.compile(
    rf"(?<![\w.])({WORD}(?:[ \t]+{WORD}){{1,3}})[ \t]*\([ \t]*([^()\n]{{2,30}}?)[ \t]*\)"
)
# A verb of speech before the name, as news write it (``said Muster``, ``dijo Ortega``).
SAID = re.compile(
    rf"(?<![\w])(?:said|says|added|asked|told|explained|dijo|añadió|explicó|"
    rf"(?:shouted|yelled|screamed|smiled|waved|pointed)[ \t]+at)[ \t]+"
    rf"({WORD}(?:[ \t]+{WORD}){{0,2}})(?![\w'’])"
)
# Names in result tables, as news agencies write them: goal scorers with their minute
# (``( Andersson 22nd )``, ``Cocu 54th , 67th``, ``Scorer : Simeonov ( 58th )``,
# ``Rishon - Moshe Sabag ( 10th minute )``), a pitcher's record (``Pettite ( 19-7 )
# allowed``), cricket
# scorecards (``Salim Malik c Stewart b Hollioake 23``), bowling figures (``Lewis
# 9-1-49-0``) and numbered line-ups (``15 - Nico Van Kerckhoven , 4 - Kobus Wiese``:
# three or more in a text; bowling figures two or more).
SCORER = re.compile(
    rf"(?:(?<=[(,:-])|(?<=[(,:-][ \t])|(?m:^))({WORD}(?:[ \t]+{WORD}){{0,2}})[ \t]+"
    rf"(?:\([ \t]*)?\d{{1,3}}(?:st|nd|rd|th)\b"
    rf"|(?<![\w.-])({WORD}(?:[ \t]+{WORD})?)[ \t]*\([ \t]*\d{{1,2}}-\d{{1,2}}[ \t]*\)"
    rf"(?=[ \t]*(?:,|(?:allowed|won|lost|pitched|gave|struck|yielded)\b))"
)
CRICKET = re.compile(
    rf"(?<![\w])(?:c|b|st|lbw[ \t]+b|c[ \t]+&[ \t]+b)[ \t]+({WORD}(?:[ \t]+{WORD})?)"
    rf"(?=[ \t]+(?:b[ \t]|\d))"
    rf"|(?m:^[ \t]*({WORD}(?:[ \t]+{WORD}){{0,2}})(?=[ \t]+(?:c|b|lbw|st|run[ \t]+out)[ \t]+"
    rf"[{UPPER}]))"
)
BOWLING = re.compile(
    rf"(?<![\w])({WORD}(?:[ \t]+{WORD})?)[ \t]+\d{{1,2}}(?:\.\d)?-\d{{1,2}}-\d{{1,3}}-\d{{1,2}}\b"
)
LINEUP = re.compile(
    rf"(?<![\w-])\d{{1,2}}[ \t]+-[ \t]+({WORD}(?:[ \t]+(?:{PARTICLE}[ \t]+)?{WORD}){{0,2}})"
)
FULL_SCORE, LOOSE_SCORE, TITLE_SCORE, CUED_SCORE = 0.8, 0.6, 0.75, 0.6
# Capitalized words (``al-Turabi`` too) with the particles names take between them.
RARE_TOKEN = re.compile(rf"{WORD}|(?:al|el)-{WORD}")
RARE_RUN = re.compile(
    rf"(?<![\w.@'’-])(?:{RARE_TOKEN.pattern})"
    rf"(?:[ ](?:(?:de|del|van|von|der|den|da|di|du|bin|ibn)[ ])?(?:{RARE_TOKEN.pattern}))+"
    rf"(?![\w@'’-])"
)


@cache
def _places() -> frozenset[str]:
    from governance.privacy.detect.recognizers.gazetteer import places_and_towns

    return places_and_towns() | country_names()


@cache
def _not_introduced() -> frozenset[str]:
    """Words that end a lower-case self-introduction (``my name is ana and i ...``)."""
    return common_vocabulary() | NOT_FIRST


@cache
def common_words() -> frozenset[str]:
    return stop_words() | NOT_FIRST


def is_first(word: str) -> bool:
    folded = word.casefold()
    return folded in first_names() and folded not in NOT_FIRST


# Text written without capitals (chats, search boxes: ``my name is lena andersson``,
# ``mr. elliott flew to ...``): capitals are what the rules read, so the rules also run
# over a copy in which each known first name, surname and title is capitalized (the same
# length, so the offsets hold).
LOWER_TITLES = frozenset("mr mrs ms miss dr prof sr sra srta dra don doña".split())
_LETTERS = re.compile(r"[^\W\d_]+")
_CAPITAL = re.compile(r"\p{Lu}")


def lower_case(text: str) -> bool:
    """Whether ``text`` is written without capitals: under one capital in 200 letters."""
    capitals = len(_CAPITAL.findall(text))
    if capitals * 200 >= len(text):  # most texts: decided without counting letters
        return False
    letters = sum(len(m) for m in _LETTERS.findall(text))
    return letters >= 8 and capitals * 200 < letters


def name_cased(text: str) -> str:
    """``text`` with each known first name, surname and title capitalized, and the word
    after a known first name too (``patricia desrosiers``) unless it is a common word."""
    firsts, lasts, common = first_names(), last_names(), common_words()
    chars, after_first = list(text), False
    for m in _LETTERS.finditer(text):
        folded = m.group(0).casefold()
        named = folded in firsts or folded in lasts
        known = folded in LOWER_TITLES or (named and folded not in common)
        follows = after_first and len(folded) > 2 and folded not in common
        if (known or follows) and len(folded) > 1:
            chars[m.start()] = chars[m.start()].upper()
        space = text[m.end() : m.end() + 1] == " "
        after_first = space and folded in firsts and folded not in common and not follows
    return "".join(chars)


_DRAWN_OUT = re.compile(r"(.)\1\1")  # ``whooo``, ``yeaaaa``: no name repeats a letter thrice
_NAME_PARTICLES = frozenset("de del la van von da di le du der den".split())


def rare_cased(text: str) -> str:
    """``name_cased(text)`` with runs of two or more rare words capitalized too (``have you
    heard doku zavgayev speak``): what NER reads of a text written without capitals. A rare
    word is outside the frequent English words and the common vocabulary; a name particle
    may join the run (``mariaan de swardt``). NER still decides, and a recased NER span
    counts only with two words or more (plausible.py)."""
    cased = name_cased(text)
    frequent, common = frequent_words(), common_words()
    chars = list(cased)
    run: list[re.Match[str]] = []

    def close() -> None:
        rare = [m for m in run if m.group(0).casefold() not in _NAME_PARTICLES]
        if len(rare) >= 2 and run[-1] in rare:
            for m in rare:
                chars[m.start()] = chars[m.start()].upper()

    for m in _LETTERS.finditer(cased):
        w = m.group(0)
        folded = w.casefold()
        joined = bool(run) and cased[run[-1].end() : m.start()] == " "
        is_rare = (
            len(w) > 2
            and folded not in frequent
            and folded not in common
            and not _DRAWN_OUT.search(folded)
        ) or w[0].isupper()  # a known name name_cased capitalized
        if is_rare or (run and joined and folded in _NAME_PARTICLES):
            if run and not joined:
                close()
                run = []
            run.append(m)
        else:
            close()
            run = []
    close()
    return "".join(chars)


def _opens_sentence(text: str, at: int) -> bool:
    """Whether ``at`` starts a sentence: the text's start, a new line, or after ``.!?:``."""
    before = text[max(0, at - 20) : at].rstrip(" \t")
    return not before or before[-1] in ".!?:\n"


class GazetteerPersonRecognizer(EntityRecognizer):  # type: ignore[misc]
    def __init__(self, supported_language: str) -> None:
        super().__init__(
            supported_entities=["PERSON"],
            name="GazetteerPersonRecognizer",
            supported_language=supported_language,
        )

    def load(self) -> None:
        first_names()
        last_names()
        common_words()

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        out = self._all(text)
        if lower_case(text):  # the same rules over the text with its names capitalized
            out += self._all(name_cased(text)) + self._introduced(text)
        return out

    def _introduced(self, text: str) -> list[RecognizerResult]:
        common = _not_introduced()
        out: list[RecognizerResult] = []
        for m in INTRODUCED_LOWER.finditer(text):
            end = m.start(1)
            for word in re.finditer(r"[^\s]+", m.group(1)):
                if word.group(0).rstrip(".").casefold() in common:
                    break
                end = m.start(1) + word.end()
            if end > m.start(1):
                out.append(found(self, "PERSON", m.start(1), end, CUED_SCORE))
        return out

    def _all(self, text: str) -> list[RecognizerResult]:
        return [
            *self._runs(text), *self._titled(text), *self._cued(text), *self._strong(text),
            *self._with_country(text), *self._results(text),
            *(self._rare(text) if self.supported_language == "en" else ()),
        ]  # fmt: skip

    def _rare(self, text: str) -> list[RecognizerResult]:
        """Two or three capitalized words in a row, none of them a frequent English word, a
        common word or a place (``Waqar Younis``, ``Rami al-Saadani``, ``Mariaan de
        Swardt``; after a common word: ``Is Anatoly Gorokhovsky``): in English text such a
        run is a person's name six times in seven on CoNLL-2003 dev, and otherwise an
        organisation or place that gold marks too (``Ruch Chorzow``); never a run outside
        every entity."""
        frequent, common, places = frequent_words(), common_words(), _places()

        def rare(word: str) -> bool:
            folded = word.casefold().removeprefix("al-").removeprefix("el-")
            return (
                len(folded) > 2
                and folded not in frequent
                and folded not in common
                and folded not in places
            )

        out: list[RecognizerResult] = []
        for m in RARE_RUN.finditer(text):
            tokens = list(RARE_TOKEN.finditer(m.group(0)))
            flags = [rare(t.group(0)) for t in tokens]
            # the other capitalized words may only be common ones (``Is``, ``The``) or the
            # word opening a sentence (``Ask``): next to another capitalized word the rare
            # pair names a thing (``Kubernetes Ingress Controller``)
            opens = _opens_sentence(text, m.start())
            if any(
                not flag and word.group(0).casefold() not in common and not (i == 0 and opens)
                for i, (word, flag) in enumerate(zip(tokens, flags, strict=True))
            ):
                continue
            flags.append(False)
            first = None
            for i, flag in enumerate(flags):
                if flag and first is None:
                    first = i
                elif not flag and first is not None:
                    if 2 <= i - first <= 3:
                        start, end = tokens[first].start(), tokens[i - 1].end()
                        out.append(
                            found(self, "PERSON", m.start() + start, m.start() + end, LOOSE_SCORE)
                        )
                    first = None
        return out

    def _runs(self, text: str) -> list[RecognizerResult]:
        firsts, lasts, common = first_names(), last_names(), common_words()
        out: list[RecognizerResult] = []
        at = 0
        while m := RUN.search(text, at):
            at = m.end()
            words = re.findall(WORD, m.group(0))
            start = next((i for i, w in enumerate(words) if w.casefold() in firsts), None)
            if start is None or start == len(words) - 1:
                continue
            end = next(
                (i for i in range(len(words) - 1, start, -1) if words[i].casefold() in lasts), None
            )
            score = FULL_SCORE
            if end is None:
                tail = words[start + 1 :]
                if any(w.casefold() in common for w in tail):
                    continue
                end, score = len(words) - 1, LOOSE_SCORE
            s = m.start() + m.group(0).index(words[start])
            e = m.start() + m.group(0).rindex(words[end]) + len(words[end])
            out.append(found(self, "PERSON", s, e, score))
            if e < m.end():  # the words after this name may start the next one
                at = e
        return out

    def _titled(self, text: str) -> list[RecognizerResult]:
        out: list[RecognizerResult] = []
        for m in TITLE.finditer(text):
            group = 1 if m.group(1) else 2
            out.append(found(self, "PERSON", m.start(group), m.end(group), TITLE_SCORE))
        return out

    def _cued(self, text: str) -> list[RecognizerResult]:
        out: list[RecognizerResult] = []
        for m in CUED.finditer(text):
            group = next(g for g in (1, 2, 3) if m.group(g))
            first = m.group(group).split()[0]
            if is_first(first) or (group == 3 and first.casefold() in first_names()):
                out.append(found(self, "PERSON", m.start(group), m.end(group), CUED_SCORE))
        return out

    def _with_country(self, text: str) -> list[RecognizerResult]:
        from governance.privacy.detect.recognizers.gazetteer import place_names

        places, common = place_names(), common_words()
        out: list[RecognizerResult] = []
        for m in WITH_COUNTRY.finditer(text):
            words = [w.casefold() for w in m.group(1).split()]
            if m.group(2).casefold() not in places or any(
                w in places or w in common for w in words
            ):
                continue
            out.append(found(self, "PERSON", m.start(1), m.end(1), CUED_SCORE))
        return out

    def _results(self, text: str) -> list[RecognizerResult]:
        common = common_words()
        out: list[RecognizerResult] = []
        lineup, bowling = list(LINEUP.finditer(text)), list(BOWLING.finditer(text))
        matches = [*SCORER.finditer(text), *CRICKET.finditer(text), *APPOSED.finditer(text)]
        matches += (lineup if len(lineup) >= 3 else []) + (bowling if len(bowling) >= 2 else [])
        for m in matches:
            group = next(g for g in range(1, (m.lastindex or 1) + 1) if m.group(g))
            words = m.group(group).split()
            if not any(w.casefold() in common for w in words):
                out.append(found(self, "PERSON", m.start(group), m.end(group), CUED_SCORE))
        return out

    def _strong(self, text: str) -> list[RecognizerResult]:
        common = common_words()
        out: list[RecognizerResult] = []
        patterns = (INTRODUCED, SPOKE, INITIAL, INITIALLED, SAID, RELATION, RELATIVE_OF,
                    NAME_ANSWER)  # fmt: skip
        for pattern in patterns:
            for m in pattern.finditer(text):
                words = m.group(1).split()
                # a short common word may be a particle (``de``), never capitalized (``He``)
                if not any(w.casefold() in common for w in words if len(w) > 2 or w[0].isupper()):
                    out.append(found(self, "PERSON", m.start(1), m.end(1), CUED_SCORE))
        vocabulary = common_vocabulary()
        for pattern, refused in (
            (VOCATIVE, NOT_ADDRESSED), (SPEAKER, NOT_SPEAKERS), (ROLE_NAME, _places())
        ):  # fmt: skip
            for m in pattern.finditer(text):
                words = [w.casefold() for w in m.group(1).split()]
                if not any(w in vocabulary or w in refused for w in words):
                    out.append(found(self, "PERSON", m.start(1), m.end(1), CUED_SCORE))
        return out
