"""Context rules: an address found tells where the town is.

The words right after a street address (``9099 Riverside Drive, Cork 82497``, with the
postcode around them: POSTAL_CODE), right after a
postcode (``08041 Barcelona``) or right before one (``Leeds 43251``, ``Seattle, WA
98131``) name the town of that address, and so of a person: LOCATION, whether or not
the NER model tagged it. A code of a postcode's shape right after a town found is its
postcode (``in ÖVERTURINGEN 840 24 in its mission``).
"""

from __future__ import annotations

import regex

from governance.privacy.detect.recognizers.postal import CODE as POSTCODE
from governance.privacy.detect.recognizers.postal import ENDS
from governance.records import Finding

CAP = r"\p{Lu}(?:[\p{Ll}'’-]+|[\p{Lu}'’-]+)"  # Cork, LOOMBAH
TOWN = rf"{CAP}(?:[ \t]+(?:de[ \t]+(?:la[ \t]+)?)?{CAP}){{0,2}}"
CODE = r"\d{5}(?:-\d{4})?"
AFTER_STREET = regex.compile(
    rf"[ \t]*,[ \t]*(?:(?:C\.P\.[ \t]*)?({CODE})[ \t]+)?({TOWN})"
    rf"(?:,?[ \t]+(?:[A-Z]{{2}},?[ \t]+)?({CODE})\b)?(?=[,.;)\n]|[ \t]|$)"
)
AFTER_CODE = regex.compile(rf"[ \t]+({TOWN})(?=[,.;)\n]|[ \t]|$)")
BEFORE_CODE = regex.compile(rf"({TOWN})(?:,[ \t]*[A-Z]{{2}})?,?[ \t]+$")
# A town's postcode right after it, in any common national shape (``in København K 1421
# in its mission``, ``ÖVERTURINGEN 840 24``, ``Tokoza Ext 1426``), the clause ending there.
CODE_AFTER_TOWN = regex.compile(
    rf"[ \t]*,?[ \t]+(?:[A-Z][A-Za-z]{{0,2}}\.?,?[ \t]+)?({POSTCODE})(?![\w%,.-]?\d){ENDS}"
)
SCORE = 0.7
RULE = "ContextRule"


def address_towns(text: str, findings: list[Finding]) -> list[Finding]:
    out: list[Finding] = []
    for f in findings:
        if f.entity_type == "STREET_ADDRESS":
            m = AFTER_STREET.match(text, f.end)
            if m and m.group(2).isupper() and _common(m.group(2)):
                m = None  # ``12 Main Street, NOT far``
            if m:
                out.append(_town(m.start(2), m.end(2)))
                out += [
                    Finding("POSTAL_CODE", m.start(g), m.end(g), SCORE, RULE)
                    for g in (1, 3)
                    if m.group(g)
                ]
        elif f.entity_type == "LOCATION":
            code = CODE_AFTER_TOWN.match(text, f.end)
            if code:
                out.append(Finding("POSTAL_CODE", code.start(1), code.end(1), SCORE, RULE))
        elif f.entity_type == "POSTAL_CODE":
            after = AFTER_CODE.match(text, f.end)
            if after:
                out.append(_town(after.start(1), after.end(1)))
            window = max(0, f.start - 40)
            before = BEFORE_CODE.search(text[window : f.start])
            if before:
                out.append(
                    _town(
                        window + before.start(1), window + before.end(0) - _trail(before.group(0))
                    )
                )
    return out


def _common(words: str) -> bool:
    from governance.privacy.detect.recognizers.person import common_words

    return any(w.casefold() in common_words() for w in words.split() if len(w) > 2)


def _trail(matched: str) -> int:
    return len(matched) - len(matched.rstrip(" \t,"))


def _town(start: int, end: int) -> Finding:
    return Finding("LOCATION", start, end, SCORE, RULE)
