"""The residual-PII Great Expectations 1.x expectation and its column-map metric.

Importing this module registers both with GE:

- metric ``column_values.no_residual_pii``: per value, true when
  ``detectors.scan`` finds nothing (nulls are skipped, as for every map metric);
- expectation ``expect_column_values_to_contain_no_residual_pii`` with optional
  ``canaries`` (list of strings planted upstream that must never reach a corpus)
  and the usual ``mostly``. A suite file uses it like any built-in::

      {"type": "expect_column_values_to_contain_no_residual_pii",
       "kwargs": {"column": "text", "canaries": []}, "meta": {}}

Only the pandas engine is implemented: the runner validates in-memory frames.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import pandas as pd
from great_expectations.compatibility import pydantic
from great_expectations.execution_engine.pandas_execution_engine import PandasExecutionEngine
from great_expectations.expectations.expectation import ColumnMapExpectation
from great_expectations.expectations.metrics.map_metric_provider.column_condition_partial import (
    column_condition_partial,
)
from great_expectations.expectations.metrics.map_metric_provider.column_map_metric_provider import (
    ColumnMapMetricProvider,
)
from great_expectations.render.components import LegacyRendererType
from great_expectations.render.renderer.renderer import renderer

from governance.quality import render
from governance.quality.detectors import has_residual

METRIC_NAME = "column_values.no_residual_pii"
EXPECTATION_TYPE = "expect_column_values_to_contain_no_residual_pii"


def _clean(value: object, canaries: Sequence[str]) -> bool:
    return not has_residual(value if isinstance(value, str) else str(value), canaries)


class ColumnValuesNoResidualPii(ColumnMapMetricProvider):
    """True for each value in which no residual PII or canary is found."""

    condition_metric_name = METRIC_NAME
    condition_value_keys = ("canaries",)

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(
        cls, column: pd.Series, canaries: Sequence[str] | None = None, **kwargs: Any
    ) -> Any:
        planted = tuple(canaries or ())
        return column.map(lambda value: _clean(value, planted)).astype(bool)


class ExpectColumnValuesToContainNoResidualPii(ColumnMapExpectation):
    """Expect no column value to hold residual PII (email, phone, card, IBAN, SSN, DNI/NIE,
    IPv4) or a planted canary string, as judged by ``governance.quality.detectors``.
    Surrogates in reserved ranges (example.com mail, 555-01xx phones, ...) pass.
    """

    canaries: list[str] = pydantic.Field(
        default_factory=list,
        description="Planted strings that must not appear in any value.",
    )

    map_metric = METRIC_NAME
    success_keys = ("canaries", "mostly")
    args_keys = ("column",)

    library_metadata: ClassVar[dict[str, str | list[str] | bool]] = {
        "maturity": "production",
        "tags": ["privacy", "column map expectation"],
        "contributors": ["governance"],
        "requirements": [],
        "has_full_test_suite": True,
        "manually_reviewed_code": True,
    }

    @classmethod
    @renderer(renderer_type=LegacyRendererType.PRESCRIPTIVE)
    def _prescriptive_renderer(
        cls, configuration: Any = None, result: Any = None,
        runtime_configuration: dict[str, Any] | None = None, **kwargs: Any,
    ) -> list[Any]:  # fmt: skip
        styling = (runtime_configuration or {}).get("styling")
        return render.residual_pii(dict(configuration.kwargs if configuration else {}), styling)
