"""Free text a person types into a governance record goes through detection before it is
stored: an erasure's ``--reason`` ``"DSR-7: Jane Roe asked by mail"`` is kept as
``"DSR-7: [PERSON] asked by mail"``, a consumer's ``--job`` ``Zebulon.Quackenbush-bot`` as
``[PERSON]-bot``. Redaction, not pseudonyms: a note needs no linking, and redacting needs
no key. An erased subject's own value is always replaced, found or not, by the erasure's
mark.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from governance.policy.model import Policy
from governance.privacy.transform.spans import replace_spans
from governance.records import Document, Finding

if TYPE_CHECKING:
    from governance.privacy.detect.analyzer import Detector


def redacted_note(text: str, policy: Policy, *, marks: Sequence[tuple[str, str]] = ()) -> str:
    """``text`` with every detected value as ``[ENTITY]`` and whatever each ``(pattern,
    mark)`` pair's pattern matches (any case) as its mark."""
    for pattern, mark in marks:
        text = re.sub(pattern, mark, text, flags=re.IGNORECASE)
    if not text.strip():
        return text
    detector, language = _detector(text, policy)
    return _redacted(text, _as_text(detector, text, language))


def redacted_name(text: str, policy: Policy) -> str:
    """A name a person gives a job (``support-bot-2025-06``), read as a note and as a path
    is (``Zebulon.Quackenbush-bot``: words joined by punctuation), every value found in
    either reading as ``[ENTITY]``."""
    if not text.strip():
        return text
    from governance.privacy.paths import PathRef, path_findings

    detector, language = _detector(text, policy)
    ref = PathRef("note", text, language)
    return _redacted(
        text, [*_as_text(detector, text, language), *path_findings(detector, [ref])[ref]]
    )


def _detector(text: str, policy: Policy) -> tuple[Detector, str]:
    from governance.privacy.detect.analyzer import Detector
    from governance.privacy.detect.language import detect_language
    from governance.privacy.detect.lean import import_presidio

    import_presidio()
    return Detector(policy), detect_language(text, policy.languages, policy.default_language)


def _as_text(detector: Detector, text: str, language: str) -> list[Finding]:
    doc = Document("note", text, "note", "note", "txt", "", language=language)
    detector.detect([doc])
    return doc.findings


def _redacted(text: str, findings: list[Finding]) -> str:
    return replace_spans(text, findings, lambda value, f: f"[{f.entity_type}]")
