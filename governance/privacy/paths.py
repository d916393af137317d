"""Paths are data: a file's path goes through detection and each target's operators like
its text does.

``hr/Zebulon_Quackenbush_salary_review.txt`` or ``zq.private@example.org/notes.md`` names a
person as plainly as the file's first line. Every place a path is shown or published
outside lineage (corpus rows, the vector index, quarantine lists, the run report) takes
the path this module makes: each personal part replaced under the target's operator, or by
its keyed token where no target applies. Lineage keeps the source path for tracing, and an
erasure of a subject rewrites it there too.

Each folder, file and archive entry name is read on its own, in up to three readings
that keep its offsets (``readings``); the findings of all are merged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from governance.policy.model import Policy
from governance.privacy.transform.operators import Pseudonymizer
from governance.privacy.transform.rewrite import transform
from governance.privacy.transform.spans import replace_spans
from governance.records import Document, Finding, stable_id

if TYPE_CHECKING:
    from governance.privacy.detect.analyzer import Detector

_SPACES = str.maketrans({c: " " for c in "_+="})
_WORDS = str.maketrans({c: " " for c in ".-,;()[]{}~!&'"})
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,8}$")  # ``.pdf``: never a name
_COMPONENT = re.compile(r"[^/\\#]+")  # folders, the file name, archive entries
_EDGE = " \t_+=.-,;()[]{}~!&'"
NEUTRAL = ""  # the key of the path shown outside corpora: personal parts as keyed tokens


@dataclass(frozen=True, slots=True)
class PathRef:
    """A source file's path and the language its text was detected in."""

    source: str
    uri: str
    language: str


def components(uri: str) -> list[tuple[int, str, bool]]:
    """(offset, text, whether it is a file name) of each folder, file and entry name."""
    found = list(_COMPONENT.finditer(uri))
    return [
        (m.start(), m.group(), n == len(found) - 1 or uri[m.end() : m.end() + 1] == "#")
        for n, m in enumerate(found)
    ]


def readings(name: str, is_file: bool) -> tuple[str, ...]:
    """The texts one path component is read as, each of its length: ``_ + =`` as spaces
    (``zq.private@example.org`` stays an address), every punctuation mark as a space
    (``Zebulon.Quackenbush-cv`` gives two capitalised words), and that title-cased
    (``oliver bennett`` -> ``Oliver Bennett``; it counts for names only, ``_from_titled``).
    A file name's extension is blanked: ``.pdf`` is never a name."""
    if is_file:
        name = _EXTENSION.sub(lambda m: " " * len(m.group()), name)
    spaced = name.translate(_SPACES)
    words = spaced.translate(_WORDS)
    titled = words.title()
    texts = (spaced, words, titled) if len(titled) == len(words) else (spaced, words)
    return tuple(dict.fromkeys(texts))


def _trimmed(name: str, f: Finding) -> Finding | None:
    """``f`` without separators at its edges."""
    start, end = f.start, f.end
    while start < end and name[start] in _EDGE:
        start += 1
    while end > start and name[end - 1] in _EDGE:
        end -= 1
    return replace(f, start=start, end=end) if end > start else None


def _counts(name: str, f: Finding, *, titled: bool) -> bool:
    """Whether a finding in a path component stands. A name must be capitalised in the
    path, or be all lower-case with two or more words, one of them a known first name
    (``oliver_bennett``): the small NER model calls a lone ``salary review`` a person.
    The title-cased reading counts for such names only."""
    from governance.privacy.detect.recognizers.gazetteer import first_names  # with the detector

    if f.entity_type != "PERSON":
        return not titled
    value = name[f.start : f.end]
    if value != value.lower():
        return not titled
    words = [w.casefold() for w in re.split(r"[\s_.+-]+", value) if w]
    return len(words) >= 2 and any(w in first_names() for w in words)


Component = tuple[str, bool, str, str]  # text, is a file name, language, source


def path_findings(detector: Detector, refs: Iterable[PathRef]) -> dict[PathRef, list[Finding]]:
    """The findings in each path, as offsets into it. Each distinct component (a folder
    shared by a thousand files is read once) is read in every reading, in one batch."""
    refs = list(dict.fromkeys(refs))
    wanted: dict[Component, list[Document]] = {}
    for ref in refs:
        for _, name, is_file in components(ref.uri):
            key = (name, is_file, ref.language, ref.source)
            if key not in wanted:
                wanted[key] = [
                    Document(stable_id("path", str(len(wanted)), str(i)), text, ref.source,
                             name, "txt", "", language=ref.language)
                    for i, text in enumerate(readings(name, is_file))
                ]  # fmt: skip
    detector.detect([d for docs in wanted.values() for d in docs])
    per_name: dict[Component, list[Finding]] = {}
    for key, docs in wanted.items():
        name = key[0]
        per_name[key] = [
            t
            for i, d in enumerate(docs)
            for f in d.findings
            if (t := _trimmed(name, f)) is not None and _counts(name, t, titled=i == 2)
        ]
    return {
        ref: [
            replace(f, start=f.start + offset, end=f.end + offset)
            for offset, name, is_file in components(ref.uri)
            for f in per_name[(name, is_file, ref.language, ref.source)]
        ]
        for ref in refs
    }


def shown_paths(
    policy: Policy, ps: Pseudonymizer, found: Mapping[PathRef, list[Finding]]
) -> dict[tuple[str, str], dict[str, str]]:
    """(source, uri) -> target name -> the path as that target publishes it; ``NEUTRAL``
    -> the path with its personal parts as keyed tokens (for reports and quarantine)."""
    out: dict[tuple[str, str], dict[str, str]] = {}
    for ref, findings in found.items():
        shown = {name: transform(ref.uri, findings, target, ref.language, ps).text
                 for name, target in policy.targets.items()}  # fmt: skip
        shown[NEUTRAL] = tokenized(ref.uri, findings, ps)
        out[(ref.source, ref.uri)] = shown
    return out


def path_documents(found: Mapping[PathRef, list[Finding]]) -> list[Document]:
    """Each path as a document holding its findings: the vault seals a path's reversible
    pseudonyms like a text's, so ``govern reidentify`` opens a token in a RAG row's path."""
    return [
        Document(stable_id("path", ref.source, ref.uri), ref.uri, ref.source, ref.uri, "path",
                 "", language=ref.language, findings=list(findings))
        for ref, findings in found.items()
    ]  # fmt: skip


def tokenized(text: str, findings: list[Finding], ps: Pseudonymizer) -> str:
    """``text`` with each resolved finding replaced by its keyed token."""
    return replace_spans(text, findings, lambda value, f: ps.token(value, f.entity_type))
