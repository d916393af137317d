"""Validate a corpus table against a suite with Great Expectations 1.x, value-free.

One ephemeral GE context per process (in-memory stores, no data docs site, no
analytics, no progress bars) holds a pandas datasource whose whole-dataframe batch
definition receives each table. Results are reduced to counts right away.

Privacy: every expectation runs with ``VALUE_FREE_RESULT_FORMAT``. In GE 1.24 the
BASIC level computes ``unexpected_count``/``unexpected_percent``; the map metric that
collects unexpected values slices them to ``partial_unexpected_count`` (0: nothing
is copied), ``exclude_unexpected_values`` drops the ``partial_unexpected_list`` key,
and unexpected rows and index queries are off. The raw GE result is never returned:
``ValidationOutcome`` holds names, columns and counts only.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import great_expectations as gx
import pandas as pd
import pyarrow as pa
from great_expectations.core.batch_definition import BatchDefinition
from great_expectations.data_context.types.base import (
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)

from governance.quality.frames import table_to_frame
from governance.quality.suites import load_suite, load_suite_names

__all__ = [
    "VALUE_FREE_RESULT_FORMAT",
    "ExpectationOutcome",
    "ValidationOutcome",
    "load_suite_names",
    "validate_table",
]

log = logging.getLogger(__name__)

VALUE_FREE_RESULT_FORMAT: dict[str, Any] = {
    "result_format": "BASIC",
    "partial_unexpected_count": 0,
    "exclude_unexpected_values": True,
    "include_unexpected_rows": False,
    "return_unexpected_index_query": False,
}
_DATASOURCE = "governance"
_ASSET = "table"
_BATCH = "whole"
_lock = threading.Lock()
HIDDEN_KWARGS = ("canaries", "result_format", "include_config", "catch_exceptions", "batch_id")


@dataclass(frozen=True)
class ExpectationOutcome:
    """One expectation's verdict: names and counts, never values."""

    expectation: str
    column: str | None
    success: bool
    unexpected_count: int | None
    unexpected_percent: float | None
    observed: float | None = None
    kwargs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ValidationOutcome:
    """A suite's verdict on one table."""

    suite: str
    success: bool
    evaluated: int
    failed: int
    results: tuple[ExpectationOutcome, ...]
    batch: str | None = None
    rows: int | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "suite": self.suite,
            "batch": self.batch,
            "rows": self.rows,
            "success": self.success,
            "evaluated": self.evaluated,
            "failed": self.failed,
            "results": [asdict(result) for result in self.results],
        }


def validate_table(
    table: pa.Table,
    suite: str,
    *,
    expectations_dir: Path,
    canaries: Sequence[str] = (),
    parameters: Mapping[str, Any] | None = None,
    batch: str | None = None,
) -> ValidationOutcome:
    """Run suite ``suite`` from ``expectations_dir`` on ``table``; counts only.

    A ``content`` column (text plus every message content, joined) is derived when the
    table has ``messages``; ``canaries`` join every residual-PII expectation;
    ``parameters`` (e.g. the policy's ``languages``) fill the suite's ``$PARAMETER``
    kwargs; ``batch`` names the validated batch in the outcome.
    """
    expectation_suite = load_suite(
        expectations_dir, suite, canaries=canaries, parameters=parameters
    )
    frame = table_to_frame(table)
    with _lock:
        ge_batch = _batch_definition().get_batch(batch_parameters={"dataframe": frame})
        raw = ge_batch.validate(expectation_suite, result_format=VALUE_FREE_RESULT_FORMAT)
    results = tuple(_outcome(result) for result in raw.results)
    failed = sum(not result.success for result in results)
    complete = len(results) == len(expectation_suite.expectations)
    return ValidationOutcome(
        suite=suite,
        success=bool(raw.success) and complete and failed == 0,
        evaluated=len(results),
        failed=failed,
        results=results,
        batch=batch,
        rows=table.num_rows,
    )


@functools.cache
def _batch_definition() -> BatchDefinition[Any]:
    context = gx.get_context(mode="ephemeral", project_config=_project_config())
    asset = context.data_sources.add_pandas(_DATASOURCE).add_dataframe_asset(_ASSET)
    return asset.add_batch_definition_whole_dataframe(_BATCH)


def _project_config() -> DataContextConfig:
    """In-memory stores, no data docs site (GE's default makes a temp dir for one)."""
    return DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
    )


def _outcome(result: Any) -> ExpectationOutcome:
    config = result.expectation_config
    kwargs: dict[str, Any] = dict(config.kwargs) if config is not None else {}
    expectation = str(config.type) if config is not None else "unknown"
    column = _column(kwargs)
    if _raised(result.exception_info):
        # The message may quote data; name the expectation only.
        log.warning("expectation %s on column %s raised an error", expectation, column)
    stats: dict[str, Any] = result.result or {}
    return ExpectationOutcome(
        expectation=expectation,
        column=column,
        success=bool(result.success),
        unexpected_count=_as_int(stats.get("unexpected_count")),
        unexpected_percent=_as_float(stats.get("unexpected_percent")),
        observed=_as_float(stats.get("observed_value")),
        kwargs=_safe_kwargs(kwargs),
    )


def _safe_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    """The suite's own kwargs (names, bounds, sets) for Data Docs; never the canaries."""
    return {
        key: value
        for key, value in kwargs.items()
        if key not in HIDDEN_KWARGS and isinstance(value, str | int | float | bool | list | None)
    }


def _raised(info: object) -> bool:
    if not isinstance(info, dict):
        return False
    if "raised_exception" in info:
        return bool(info["raised_exception"])
    return any(_raised(nested) for nested in info.values())


def _column(kwargs: dict[str, Any]) -> str | None:
    if isinstance(kwargs.get("column"), str):
        return str(kwargs["column"])
    pair = [kwargs.get("column_A"), kwargs.get("column_B")]
    if all(isinstance(name, str) for name in pair):
        return ",".join(str(name) for name in pair)
    return None


def _as_int(value: object) -> int | None:
    return int(value) if isinstance(value, int | float) and not pd.isna(value) else None


def _as_float(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not pd.isna(value) else None
