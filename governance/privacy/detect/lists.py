"""Names in lists: once one member of an enumeration is a person, the others are too.

``They had 6: Efimiya, Mary, Ariana, Isabel, Teresa and Jodi.`` or ``Abramovich and Wilson
were precision engineers``: the NER model and the gazetteer find some members and miss the
rest (unknown or foreign names). An enumeration (``A, B, C and D``; ``A and B``) whose
members are all name-shaped, with a member already found as a person, makes every
member a person. In lower-case text (``silvana, adam, kristina and caleb``), a list of
three or more single words of which most are known first names is a list of people
even when nothing was found in it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from governance.records import Finding

LIST_SCORE = 0.7
RECOGNIZER = "NameListRule"  # lists and tables
_WORD = r"[^\W\d_][\w'’-]*"
_ITEM = rf"{_WORD}(?:[ ]{_WORD}){{0,2}}"
_LINK = r"(?:and|or|y|e|o|ni|&)"
_COMMA = r"[ ]?,[ ]+"  # ``A, B`` and the tokenised ``A , B``
_LAST = rf"[ ]?,?[ ]+{_LINK}[ ]+{_ITEM}"
LIST = re.compile(  # ``A, B and C``, ``A and B``, or three or more with commas only
    rf"(?<![\w'’-]){_ITEM}(?:(?:{_COMMA}{_ITEM})*{_LAST}|(?:{_COMMA}{_ITEM}){{2,}}(?:{_LAST})?)"
    rf"(?![\w'’-])"
)
# Words that make a member an organisation or a place, not a person.
NOT_PEOPLE = frozenset(
    "company inc ltd llc plc corp corporation group bank university college school hospital "
    "street road avenue city county partners associates brothers sons co gmbh ag sa sl "
    "foundation institute agency council ministry department club team".split()
)
_SPLIT = re.compile(rf"{_COMMA}(?:{_LINK}[ ]+)?|[ ]?,?[ ]+{_LINK}[ ]+")


def list_members(text: str, findings: Sequence[Finding]) -> list[Finding]:
    """PERSON findings for the unfound members of enumerations of people in ``text``."""
    from governance.privacy.detect.recognizers.person import common_words, is_first

    people = [(f.start, f.end) for f in findings if f.entity_type == "PERSON"]
    out: list[Finding] = []
    for m in LIST.finditer(text):
        items = _items(text, m.start(), m.end())
        edge = {0: "first", len(items) - 1: "last"}
        named = [_name_part(text, s, e, edge.get(i, ""), common_words())
                 for i, (s, e) in enumerate(items)]  # fmt: skip
        if any(n is None for n in named[1:]):
            continue
        members = [n for n in named if n is not None]
        found = [any(s < pe and ps < e for ps, pe in people) for s, e in members]
        lower = [text[s:e] for s, e in members if text[s:e].islower() and " " not in text[s:e]]
        known = sum(is_first(w) for w in lower)
        if not any(found) and not (len(lower) == len(members) >= 3 and known * 3 >= 2 * len(lower)):
            continue
        out += [Finding("PERSON", s, e, LIST_SCORE, RECOGNIZER)
                for (s, e), hit in zip(members, found, strict=True) if not hit]  # fmt: skip
    return out


# A row: a name-shaped first cell and figures after it (``Croft 47.4 10 125 2``), or a
# ranked line, figures or not (``3. Bscher 112``, ``1. Tortelli``, ``2. Moore ( Italy )``).
_ROW = re.compile(
    rf"(?m)^[ \t]*(?:\d{{1,3}}\.[ \t]+({_ITEM})(?:[ \t]*[\d(,][^\n]*)?"
    rf"|({_ITEM})[ \t]+[\d(][^\n]*)$"
)


def table_members(text: str, findings: Sequence[Finding]) -> list[Finding]:
    """PERSON findings for the first cells of a table's rows (``Aamir Sohail 2 3 1 77``,
    ``Croft 47.4 10 125 2``) when a third of that column's cells are people already; in a
    ranking (``3. Slight 38:32.149``), when two are."""
    from governance.privacy.detect.recognizers.person import common_words

    people = [(f.start, f.end) for f in findings if f.entity_type == "PERSON"]
    out: list[Finding] = []
    for rows, ranked in _row_runs(text):
        cells = [c for r in rows if (c := _name_part(text, *r, "first", common_words()))]
        hits = [any(s < pe and ps < e for ps, pe in people) for s, e in cells]
        enough = sum(hits) * 3 >= len(cells) or (ranked and sum(hits) >= 2)
        if len(rows) >= 2 and enough and any(hits):
            out += [Finding("PERSON", s, e, LIST_SCORE, RECOGNIZER)
                    for (s, e), hit in zip(cells, hits, strict=True) if not hit]  # fmt: skip
    return out


def _row_runs(text: str) -> list[tuple[list[tuple[int, int]], bool]]:
    """Runs of consecutive lines shaped as rows: each line's first cell, and whether the
    run is a ranking (its rows start with a rank)."""
    runs: list[tuple[list[tuple[int, int]], bool]] = []
    last_end = -2
    for m in _ROW.finditer(text):
        ranked = m.lastindex == 1
        if runs and runs[-1][1] == ranked and text.count("\n", last_end, m.start()) == 1:
            runs[-1][0].append(m.span(m.lastindex or 1))
        else:
            runs.append(([m.span(m.lastindex or 1)], ranked))
        last_end = m.end()
    return runs


def _items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    items, cursor = [], start
    for sep in _SPLIT.finditer(text, start, end):
        items.append((cursor, sep.start()))
        cursor = sep.end()
    items.append((cursor, end))
    return items


def _name_part(
    text: str, start: int, end: int, edge: str, common: frozenset[str]
) -> tuple[int, int] | None:
    """The member's span if it is name-shaped: capitalised words none of them common (or
    one lower-case word, not common). The first item may begin with other words (``met
    Anna``) and the last go on (``Jones yesterday``): only the name-shaped words next to
    the list count."""
    words = [(start + m.start(), start + m.end()) for m in re.finditer(_WORD, text[start:end])]
    if edge:
        order = words[::-1] if edge == "first" else words
        keep: list[tuple[int, int]] = []
        for s, e in order:
            if not _capitalised(text[s:e], common):
                break
            keep.append((s, e))
        keep = sorted(keep)
        words = keep or (words[-1:] if edge == "first" else words[:1])
    value = " ".join(text[s:e] for s, e in words)
    if not words or (len(words) > 1 and not all(_capitalised(text[s:e], common) for s, e in words)):
        return None
    if len(words) == 1 and not (_capitalised(value, common) or _lower_name(value, common)):
        return None
    return words[0][0], words[-1][1]


def _capitalised(word: str, common: frozenset[str]) -> bool:
    folded = word.casefold().rstrip(".")
    return word[:1].isupper() and not word.isupper() and folded not in common | NOT_PEOPLE


def _lower_name(word: str, common: frozenset[str]) -> bool:
    return word.islower() and len(word) >= 3 and word not in common
