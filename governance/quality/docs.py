"""Great Expectations Data Docs in the workspace, built from lineage (value-free by design).

Data Docs are rendered from GE validation results. Ours are rebuilt from the rows the
gate recorded in lineage (``validations.result``: expectation names, suite kwargs such
as column names and bounds, counts and numeric observations), never from a raw GE
result: there is no value in lineage, so there can be none in the HTML. Canaries are
never part of the recorded kwargs.

The site lives at ``WORKSPACE/gx/data_docs/local_site/``: ``index.html`` and one page
per validated batch under ``validations/<suite>/<run_id>/...``, rewritten to open offline
and fetch nothing (``governance.quality.offline``).
"""

from __future__ import annotations

import importlib
import json
import logging
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from governance.quality.offline import make_offline

log = logging.getLogger(__name__)

SITE = "local_site"
SITE_PARTS = ("gx", "data_docs", SITE)


@dataclass(frozen=True, slots=True)
class RecordedValidation:
    """One validation row from lineage."""

    run_id: str
    started_at: datetime
    corpus: str
    suite: str
    result: Mapping[str, Any]

    @property
    def batch_identifier(self) -> str:
        return f"{self.corpus}-{self.result.get('batch') or 'batch'}"


def import_in_background() -> threading.Thread:
    """Import Great Expectations on a daemon thread (a few seconds of imports) while the
    flow's process waits for its workers, so that building the Data Docs at the end of a
    run does not wait for it. Python's import lock makes a later import wait for this one."""
    thread = threading.Thread(
        target=importlib.import_module, args=("great_expectations",), daemon=True,
        name="import-great-expectations",
    )  # fmt: skip
    thread.start()
    return thread


def site_dir(workspace_root: Path) -> Path:
    return workspace_root.joinpath(*SITE_PARTS)


def build_data_docs(workspace_root: Path, validations: Sequence[RecordedValidation]) -> Path:
    """Render ``validations`` into the workspace's Data Docs site; returns its index."""
    from great_expectations.data_context.types.resource_identifiers import (
        ValidationResultIdentifier,
    )

    context = _context(site_dir(workspace_root))
    keys: list[ValidationResultIdentifier] = []
    for v in validations:
        key = _identifier(v)
        context.validation_results_store.set(key, _suite_result(v))
        keys.append(key)
    context.build_data_docs(site_names=[SITE], resource_identifiers=keys)
    make_offline(site_dir(workspace_root))
    return site_dir(workspace_root) / "index.html"


def page_for(workspace_root: Path, v: RecordedValidation) -> Path | None:
    """The Data Docs page of one recorded validation, if it was built."""
    folder = site_dir(workspace_root) / "validations" / v.suite / v.run_id
    pages = sorted(folder.glob(f"**/{v.batch_identifier}.html"))
    return pages[-1] if pages else None


def recorded(rows: Sequence[tuple[Any, ...]]) -> list[RecordedValidation]:
    """Lineage rows (run_id, started_at, corpus, suite, result JSON) as validations."""
    out = []
    for run_id, started, corpus, suite, result in rows:
        data = json.loads(result) if isinstance(result, str) else dict(result)
        out.append(RecordedValidation(run_id, _utc(started), corpus, suite, data))
    return out


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _context(base: Path) -> Any:
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    import governance.quality.suites  # noqa: F401  (registers our expectations for rendering)

    site = {
        "class_name": "SiteBuilder",
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(base)},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    }
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
        data_docs_sites={SITE: site},
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def _identifier(v: RecordedValidation) -> Any:
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    run = RunIdentifier(run_name=v.run_id, run_time=v.started_at)
    return ValidationResultIdentifier(ExpectationSuiteIdentifier(v.suite), run, v.batch_identifier)


def _suite_result(v: RecordedValidation) -> Any:
    from great_expectations.core import ExpectationSuiteValidationResult
    from great_expectations.core.run_identifier import RunIdentifier

    results = [_expectation_result(r, v.result.get("rows")) for r in v.result.get("results", [])]
    evaluated = len(results)
    passed = sum(bool(r.success) for r in results)
    return ExpectationSuiteValidationResult(
        success=bool(v.result.get("success")),
        results=results,
        suite_name=v.suite,
        statistics={
            "evaluated_expectations": evaluated,
            "successful_expectations": passed,
            "unsuccessful_expectations": evaluated - passed,
            "success_percent": 100.0 * passed / evaluated if evaluated else None,
        },
        meta={
            "run_id": RunIdentifier(run_name=v.run_id, run_time=v.started_at),
            "active_batch_definition": {
                "datasource_name": "governance",
                "data_asset_name": v.corpus,
                "batch_definition_name": str(v.result.get("batch") or "batch"),
            },
            "validation_time": v.started_at.isoformat(),
        },
    )


def _expectation_result(r: Mapping[str, Any], rows: object) -> Any:
    from great_expectations.core.expectation_validation_result import (
        ExpectationValidationResult,
    )
    from great_expectations.expectations.expectation_configuration import (
        ExpectationConfiguration,
    )

    kwargs = dict(r.get("kwargs") or {})
    if r.get("column") and "column" not in kwargs and "," not in str(r["column"]):
        kwargs["column"] = r["column"]
    stats: dict[str, Any] = {}
    if isinstance(rows, int):
        stats["element_count"] = rows
    for key, source in (("unexpected_count", "unexpected_count"),
                        ("unexpected_percent", "unexpected_percent"),
                        ("observed_value", "observed")):  # fmt: skip
        if r.get(source) is not None:
            stats[key] = r[source]
    config = ExpectationConfiguration(type=str(r["expectation"]), kwargs=kwargs)
    return ExpectationValidationResult(
        success=bool(r.get("success")), expectation_config=config, result=stats
    )
