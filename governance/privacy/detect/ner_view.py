"""What spaCy's NER reads of a text, and how its offsets map back.

NER only contributes names and places, and a name is capitalized: a line with no
capital letter once the values already found by shape are masked (``salary: 25500``,
``iban: …``, a wrapped lowercase sentence) cannot give a finding the precision filters
keep, so it is left out of the NER input. Masked values become one filler word of the
same length and every digit a ``0`` (a number's shape is what NER uses), so spaCy's
vocabulary and tokenizer caches serve repeated shapes instead of growing with every
number. Kept lines keep their line breaks, so NER still sees line boundaries.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

DIGITS = str.maketrans("123456789", "000000000")
LINE = re.compile(r"[^\n]*\n?")


@dataclass(frozen=True, slots=True)
class NerView:
    text: str
    starts: list[int]  # offset in ``text`` of each kept piece
    origins: list[int]  # offset in the source of the same piece

    def to_source(self, pos: int) -> int:
        i = bisect.bisect_right(self.starts, pos) - 1
        return self.origins[i] + (pos - self.starts[i]) if i >= 0 else pos


def ner_view(text: str, masked: Iterable[tuple[int, int]]) -> NerView:
    spans = list(masked)
    if spans:
        chars = list(text)
        for start, end in spans:
            chars[start:end] = "0" * (end - start)
        text = "".join(chars)
    text = text.translate(DIGITS)
    parts: list[str] = []
    starts: list[int] = []
    origins: list[int] = []
    size = 0
    for m in LINE.finditer(text):
        line = m.group(0)
        if not line or line.islower() or not any(c.isupper() for c in line):
            continue
        parts.append(line)
        starts.append(size)
        origins.append(m.start())
        size += len(line)
    return NerView("".join(parts), starts, origins)
