"""Quality gate: Great Expectations suites and an independent residual-PII check.

``validate_table`` runs a suite from ``expectations/`` on an Arrow table and returns
value-free outcomes; ``scan`` is the residual-PII detector set the custom
expectation ``expect_column_values_to_contain_no_residual_pii`` is built on.

The runner names load lazily: ``from governance.quality import scan`` does not pay
for importing Great Expectations.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from governance.quality.detectors import ResidualHit, scan

if TYPE_CHECKING:
    from governance.quality.runner import (
        ExpectationOutcome,
        ValidationOutcome,
        load_suite_names,
        validate_table,
    )

_RUNNER_NAMES = ("ExpectationOutcome", "ValidationOutcome", "load_suite_names", "validate_table")

__all__ = [
    "ExpectationOutcome",
    "ResidualHit",
    "ValidationOutcome",
    "load_suite_names",
    "scan",
    "validate_table",
]


def __getattr__(name: str) -> object:
    if name in _RUNNER_NAMES:
        return getattr(importlib.import_module("governance.quality.runner"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
