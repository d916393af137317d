"""Expectation suites as JSON files in ``expectations/``, loaded into GE 1.x objects.

A suite file is GE 1.x's own serialization, reduced to what a person writes::

    {"name": "rag_chunks",
     "expectations": [{"type": "expect_column_values_to_not_be_null",
                       "kwargs": {"column": "chunk_id"}, "meta": {}}, ...],
     "meta": {"notes": "..."}}

The file stem is the suite name and must equal ``name``. Unlike
``ExpectationSuite(expectations=[...])``, which logs and skips an expectation it
cannot build, a bad entry here is an error naming the file and entry: a typo in a
suite must never silently weaken the gate.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import great_expectations as gx
from great_expectations.expectations.expectation import Expectation
from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

from governance.errors import ConfigError
from governance.quality import share  # noqa: F401  (registers the share expectation)
from governance.quality.expectation import EXPECTATION_TYPE

SUITE_SUFFIX = ".json"
RUNTIME_ONLY_KWARGS = ("result_format", "include_config")
"""Kwargs the runner owns: a suite must not widen the result format to include values."""
PARAMETER = "$PARAMETER"
"""A kwarg written ``{"$PARAMETER": "languages"}`` takes the run's value of that parameter
(the policy's declared languages), or the default in the suite's ``meta.parameters``."""


def load_suite_names(expectations_dir: Path) -> list[str]:
    """Names of the suites in ``expectations_dir`` (file stems), sorted."""
    return sorted(path.stem for path in expectations_dir.glob(f"*{SUITE_SUFFIX}"))


def load_suite(
    expectations_dir: Path,
    name: str,
    *,
    canaries: Sequence[str] = (),
    parameters: Mapping[str, Any] | None = None,
) -> gx.ExpectationSuite:
    """Build suite ``name``; ``canaries`` are added to every residual-PII expectation and
    ``parameters`` fill ``{"$PARAMETER": ...}`` kwargs (over the suite's defaults)."""
    path = expectations_dir / f"{name}{SUITE_SUFFIX}"
    spec = _read_spec(path, expectations_dir, name)
    entries = spec["expectations"]
    meta = spec.get("meta") or {}
    values = {**(meta.get("parameters") or {}), **(parameters or {})}
    expectations = [
        _build(path, index, entry, canaries, values) for index, entry in enumerate(entries, start=1)
    ]
    return gx.ExpectationSuite(name=name, expectations=expectations, meta=spec.get("meta"))


def _read_spec(path: Path, expectations_dir: Path, name: str) -> dict[str, Any]:
    if not path.is_file():
        available = ", ".join(load_suite_names(expectations_dir)) or "none"
        raise ConfigError(
            f"no expectation suite {name!r} in {expectations_dir}",
            hint=f"available suites: {available}",
        )
    try:
        spec = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}",
            hint="a suite is a JSON object with 'name' and 'expectations'",
        ) from exc
    _check_shape(path, name, spec)
    return spec  # type: ignore[no-any-return]


def _check_shape(path: Path, name: str, spec: object) -> None:
    if not isinstance(spec, dict) or not isinstance(spec.get("expectations"), list):
        raise ConfigError(
            f"{path}: expected an object with an 'expectations' list",
            hint='write {"name": ..., "expectations": [{"type": ..., "kwargs": {...}}]}',
        )
    if spec.get("name") != name:
        raise ConfigError(
            f"{path}: suite name {spec.get('name')!r} differs from the file name {name!r}",
            hint="rename the file or set 'name' to the file stem",
        )


def _build(
    path: Path, index: int, entry: object, canaries: Sequence[str], parameters: Mapping[str, Any]
) -> Expectation:
    where = f"{path}: expectation #{index}"
    if not isinstance(entry, dict) or not isinstance(entry.get("type"), str):
        raise ConfigError(f"{where}: expected an object with a string 'type'")
    kwargs = {k: _resolve(where, k, v, parameters) for k, v in (entry.get("kwargs") or {}).items()}
    for key in RUNTIME_ONLY_KWARGS:
        kwargs.pop(key, None)
    if entry["type"] == EXPECTATION_TYPE:
        kwargs["canaries"] = list(dict.fromkeys([*kwargs.get("canaries", []), *canaries]))
    config = ExpectationConfiguration(
        type=entry["type"], kwargs=kwargs, meta=entry.get("meta") or {}
    )
    try:
        return config.to_domain_obj()
    except Exception as exc:  # GE raises several unrelated types for a bad entry
        raise ConfigError(
            f"{where} ({entry['type']}): {exc}",
            hint="check the expectation type and its kwargs against the GE 1.x gallery",
        ) from exc


def _resolve(where: str, key: str, value: Any, parameters: Mapping[str, Any]) -> Any:
    if not (isinstance(value, dict) and set(value) == {PARAMETER}):
        return value
    name = value[PARAMETER]
    if name not in parameters:
        known = ", ".join(sorted(parameters)) or "none"
        raise ConfigError(
            f"{where}: kwarg {key!r} asks for parameter {name!r}, which the run does not set",
            hint=f"add it to the suite's meta.parameters (known: {known})",
        )
    return parameters[name]
