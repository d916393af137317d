"""Language of a text among the policy's languages, by stopword frequency.

Cheap, deterministic and offline; good enough to route a document to the right spaCy
model. Texts with no signal fall back to the policy's default language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the and of to in is that for it with as was on are be this by not you at from "
        "have or we your our will can please thank thanks hi dear regards".split()
    ),
    "es": frozenset(
        "el la los las de del que y en un una es por con para no se su al lo como más "
        "pero sus le ya o este está muy gracias hola estimado saludos usted nuestro".split()
    ),
}
WORD = re.compile(r"[a-záéíóúüñ]+")
SAMPLE_CHARS = 4000


def detect_language(text: str, languages: Iterable[str], default: str) -> str:
    candidates = [lang for lang in languages if lang in STOPWORDS]
    if len(candidates) < 2:
        return candidates[0] if candidates else default
    words = WORD.findall(text[:SAMPLE_CHARS].lower())
    scores = {lang: sum(w in STOPWORDS[lang] for w in words) for lang in candidates}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] > 0 else default
