"""Free text a person types into a governance record, such as an erasure's ``--reason``,
goes through detection before it is stored: ``"DSR-7: Jane Roe asked by mail"`` is kept
as ``"DSR-7: [PERSON] asked by mail"``. Redaction, not pseudonyms: a note needs no
linking, and redacting needs no key. An erased subject's own value is always replaced,
found or not, by the erasure's mark.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from governance.policy.model import Policy
from governance.privacy.spans import replace_spans
from governance.records import Document


def redacted_note(text: str, policy: Policy, *, marks: Sequence[tuple[str, str]] = ()) -> str:
    """``text`` with every detected value as ``[ENTITY]`` and whatever each ``(pattern,
    mark)`` pair's pattern matches (any case) as its mark."""
    for pattern, mark in marks:
        text = re.sub(pattern, mark, text, flags=re.IGNORECASE)
    if not text.strip():
        return text
    from governance.privacy.analyzer import Detector
    from governance.privacy.language import detect_language
    from governance.privacy.lean import import_presidio

    import_presidio()
    language = detect_language(text, policy.languages, policy.default_language)
    doc = Document("note", text, "note", "note", "txt", "", language=language)
    Detector(policy).detect([doc])
    return replace_spans(text, doc.findings, lambda value, f: f"[{f.entity_type}]")
