"""Paths are data: folder, file and archive entry names through detection (issue 19)."""

from __future__ import annotations

from typing import Any

import pytest

from governance.privacy.paths import NEUTRAL, PathRef, components, path_findings, readings
from governance.privacy.paths import shown_paths as shown_of


def _shown(detector: Any, policy: Any, ps: Any, uri: str) -> dict[str, str]:
    ref = PathRef("docs", uri, "en")
    return shown_of(policy, ps, path_findings(detector, [ref]))[("docs", uri)]


@pytest.mark.parametrize(
    ("uri", "kept", "gone"),
    [
        ("hr/Zebulon_Quackenbush_salary_review.txt", "hr/", "Quackenbush"),
        ("zq.private@example.org/notes.md", "/notes.md", "zq.private@example.org"),
        ("DNI 48273619T IBAN ES9121000418450200051332.txt", ".txt", "48273619T"),
        ("people/oliver.bennett/cv.docx", "/cv.docx", "bennett"),
        ("hr/maría josé garcía/contrato.pdf", "/contrato.pdf", "garcía"),
        ("archive.zip#entry=Nadia_Okafor_cv.pdf", "archive.zip#entry=", "Okafor"),
        ("hr/ssn_536-90-4399.txt", "hr/ssn_", "536-90-4399"),
    ],
)  # fmt: skip
def test_personal_parts_of_a_path_are_replaced(
    uri: str, kept: str, gone: str, detector: Any, default_policy: Any, pseudonymizer: Any
) -> None:
    shown = _shown(detector, default_policy, pseudonymizer, uri)
    assert set(shown) == {NEUTRAL, *default_policy.targets}
    for text in shown.values():
        assert gone not in text and kept in text, (uri, text)
    assert "<" in shown[NEUTRAL]  # keyed tokens outside corpora


@pytest.mark.parametrize(
    "uri",
    ["shared/meeting notes/kickoff.md", "hr/policies/remote work.md", "docs/README.md",
     "x/salary_review.md", "engineering/adr/0003-use-duckdb.md", "tickets/t.jsonl",
     "finance/invoices/2024/inv-0042.pdf"],
)  # fmt: skip
def test_ordinary_paths_stay_as_they_are(
    uri: str, detector: Any, default_policy: Any, pseudonymizer: Any
) -> None:
    assert set(_shown(detector, default_policy, pseudonymizer, uri).values()) == {uri}


def test_readings_keep_offsets_and_blank_only_a_file_extension() -> None:
    for text in readings("Zq.Private@example.org", is_file=False):
        assert len(text) == len("Zq.Private@example.org")
    assert readings("Zq.Private@example.org", is_file=False)[0] == "Zq.Private@example.org"
    assert readings("oliver_bennett.pdf", is_file=True)[-1] == "Oliver Bennett    "
    assert [(o, n, f) for o, n, f in components("a/b.zip#entry=c.pdf")] == [
        (0, "a", False), (2, "b.zip", True), (8, "entry=c.pdf", True)]  # fmt: skip
