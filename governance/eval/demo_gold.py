"""Labeled samples from the demo corpus and its gold manifest (``gold.json``).

Each corpus file is read with the pipeline's own readers, so the texts are exactly what
the detector sees. Every verbatim occurrence of a value the manifest lists for that
file becomes a gold span. Two kinds of personal text the manifest leaves unrecorded are
labelled too, because a detector that finds them is right: a listed person's first name
or surname standing alone (``Hi Denise,``) as PERSON, and a person's city line with its
postcode (``Seattle, WA 98131``, ``28013 Madrid``) as LOCATION.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

from governance.demo.places import CITIES
from governance.errors import ConfigError
from governance.eval.dataset import GoldSpan, Sample
from governance.ingest.base import READERS
from governance.ingest.discover import discover, source_root
from governance.policy.model import Policy
from governance.records import Document, SourceFile

NAME_PART = re.compile(r"[^\W\d_][\w'-]*")


def demo_samples(corpus: Path, policy: Policy) -> list[Sample]:
    """One sample per document of the corpus, with gold spans from ``gold.json``."""
    import governance.ingest.readers  # noqa: F401  (fills the reader registry)

    gold = _gold_by_file(corpus)
    samples: list[Sample] = []
    for file in discover(policy, corpus).files:
        rel = _corpus_path(policy, corpus, file)
        values = gold.get(rel, [])
        for doc in _read(file, policy):
            samples.append(_label(doc, values, f"demo:{rel}"))
    return samples


def _gold_by_file(corpus: Path) -> dict[str, list[tuple[str, str]]]:
    path = corpus / "gold.json"
    if not path.is_file():
        raise ConfigError(
            f"{corpus} has no gold.json", hint="make one with: govern demo --corpus DIR"
        )
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for item in json.loads(path.read_text(encoding="utf-8"))["values"]:
        out[item["file"]].append((item["entity_type"], item["value"]))
    return out


def _corpus_path(policy: Policy, corpus: Path, file: SourceFile) -> str:
    source = next(s for s in policy.sources if s.name == file.source)
    root = source_root(policy, source, corpus)
    return (root / file.uri).relative_to(corpus.resolve()).as_posix()


def _read(file: SourceFile, policy: Policy) -> list[Document]:
    source = next(s for s in policy.sources if s.name == file.source)
    try:
        return list(READERS[file.format](file, Path(file.path).read_bytes(), source))
    except Exception:  # an unreadable demo file (the scanned image) has no text to label
        return []


def _label(doc: Document, values: list[tuple[str, str]], origin: str) -> Sample:
    spans: set[GoldSpan] = set()
    for entity, value in values:
        spans.update(_occurrences(doc.text, value, entity))
    for entity, value in values:
        if entity == "PERSON":
            for part in NAME_PART.findall(value):
                if len(part) >= 3:
                    spans.update(_occurrences(doc.text, part, "PERSON"))
    for pattern in [*_city_patterns("en"), *_city_patterns("es")]:
        spans.update(GoldSpan("LOCATION", m.start(), m.end()) for m in pattern.finditer(doc.text))
    return Sample(doc.text, _outermost(spans), doc.language, origin)


def _occurrences(text: str, value: str, entity: str) -> list[GoldSpan]:
    pattern = re.compile(r"(?<![\w@.-])" + re.escape(value) + r"(?![\w@-]|\.\w)")
    return [GoldSpan(entity, m.start(), m.end()) for m in pattern.finditer(text)]


def _city_patterns(language: str) -> list[re.Pattern[str]]:
    cities = CITIES.get(language, ())
    if language == "es":
        return [re.compile(rf"\b{code}\d{{{n}}} {re.escape(name)}\b") for name, code, n in cities]
    return [re.compile(rf"\b{re.escape(name)} {code}\d{{{n}}}\b") for name, code, n in cities]


def _outermost(spans: set[GoldSpan]) -> list[GoldSpan]:
    """Drop spans inside a longer one (a surname inside the full name, a name in an email)."""
    ordered = sorted(spans, key=lambda s: (s.start, -s.end))
    out: list[GoldSpan] = []
    for s in ordered:
        if out and s.start < out[-1].end:
            continue
        out.append(s)
    return out
