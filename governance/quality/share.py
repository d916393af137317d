"""The pseudonymization-share expectation: the share of rows a transformation touched.

Importing this module registers with GE 1.x:

- metric ``column.share_nonzero``: the share of non-null values that are not zero, or
  ``None`` when the column has fewer than ``min_rows`` values (too few to judge);
- expectation ``expect_column_share_of_nonzero_values_to_be_between`` with
  ``min_value``, ``max_value`` (inclusive) and ``min_rows``. On ``pii_replaced`` it
  says "the share of rows touched by pseudonymization is within expected bounds": a
  detector that silently stopped (share near 0) or that replaces everything (share
  near 1) fails it. Small batches pass (the observed share is still reported).

The result carries the share (a number) and the row count: no value of the column.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pandas as pd
from great_expectations.compatibility import pydantic
from great_expectations.execution_engine.pandas_execution_engine import PandasExecutionEngine
from great_expectations.expectations.expectation import ColumnAggregateExpectation
from great_expectations.expectations.metrics.column_aggregate_metric_provider import (
    ColumnAggregateMetricProvider,
    column_aggregate_value,
)
from great_expectations.render.components import LegacyRendererType
from great_expectations.render.renderer.renderer import renderer

from governance.quality import render

METRIC_NAME = "column.share_nonzero"
SHARE_EXPECTATION = "expect_column_share_of_nonzero_values_to_be_between"


class ColumnShareNonzero(ColumnAggregateMetricProvider):
    """Share of non-null values that are not zero; None below ``min_rows`` values."""

    metric_name = METRIC_NAME
    value_keys = ("min_rows",)

    @column_aggregate_value(engine=PandasExecutionEngine)
    def _pandas(cls, column: pd.Series, min_rows: int = 0, **kwargs: Any) -> float | None:
        values = column.dropna()
        if len(values) == 0 or len(values) < (min_rows or 0):
            return None
        return float((values != 0).mean())


class ExpectColumnShareOfNonzeroValuesToBeBetween(ColumnAggregateExpectation):
    """Expect the share of non-zero values (e.g. rows with ``pii_replaced > 0``) to lie
    between ``min_value`` and ``max_value``, once the column has ``min_rows`` values."""

    min_value: float = pydantic.Field(default=0.0, ge=0.0, le=1.0)
    max_value: float = pydantic.Field(default=1.0, ge=0.0, le=1.0)
    min_rows: int = pydantic.Field(default=0, ge=0)

    metric_dependencies = (METRIC_NAME,)
    success_keys = ("min_value", "max_value", "min_rows")
    args_keys = ("column", "min_value", "max_value")

    library_metadata: ClassVar[dict[str, str | list[str] | bool]] = {
        "maturity": "production",
        "tags": ["privacy", "column aggregate expectation"],
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
        return render.nonzero_share(dict(configuration.kwargs if configuration else {}), styling)

    def _validate(
        self,
        metrics: dict[str, Any],
        runtime_configuration: dict[str, Any] | None = None,
        execution_engine: Any = None,
    ) -> dict[str, Any]:
        share = metrics.get(METRIC_NAME)
        if share is None:
            return {"success": True, "result": {"observed_value": None}}
        success = self.min_value <= share <= self.max_value
        return {"success": success, "result": {"observed_value": round(float(share), 4)}}
