"""The report's headline counts each value found once, not once per target."""

from __future__ import annotations

from governance.report.data import ReportData
from governance.report.page import render, values_found


def test_values_found_are_counted_once_whatever_the_number_of_targets() -> None:
    data = ReportData("r1", {"status": "completed"})
    data.findings = [("finetune", "PERSON", "surrogate", 3), ("finetune", "EMAIL_ADDRESS",
                     "redact", 2), ("rag", "PERSON", "pseudonym", 3), ("rag", "EMAIL_ADDRESS",
                     "pseudonym", 2)]  # fmt: skip
    assert values_found(data) == 5
    assert "<b>5</b><span>values found</span>" in render(data, {})
    assert values_found(ReportData("r2", {})) == 0
