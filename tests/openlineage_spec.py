"""An offline check of OpenLineage run events against the spec the client implements.

openlineage-python 1.54 ships no JSON Schema file, only classes generated from the
spec (``openlineage/client/generated``, core ``2-0-2``). This module restates, as JSON
Schema (draft 2020-12), the core RunEvent rules of ``spec/OpenLineage.json`` 2-0-2 and
the rules of every facet this project emits, keyed by the facet's ``_schemaURL``. A
facet whose ``_schemaURL`` is not listed fails the check, so the check stays closed.
Formats are checked too: ``uuid``, ``date-time`` (rfc3339) and ``uri``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import jsonschema

SPEC = "https://openlineage.io/spec"
CORE = f"{SPEC}/2-0-2/OpenLineage.json"

_BASE_FACET = {
    "type": "object",
    "properties": {
        "_producer": {"type": "string", "format": "uri"},
        "_schemaURL": {"type": "string", "format": "uri"},
    },
    "required": ["_producer", "_schemaURL"],
}
_FACETS = {"type": "object", "additionalProperties": {"$ref": "#/$defs/BaseFacet"}}
_DATASET = {
    "type": "object",
    "properties": {
        "namespace": {"type": "string"},
        "name": {"type": "string"},
        "facets": _FACETS,
    },
    "required": ["namespace", "name"],
}

RUN_EVENT: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$defs": {
        "BaseFacet": _BASE_FACET,
        "InputDataset": {"allOf": [_DATASET, {"properties": {"inputFacets": _FACETS}}]},
        "OutputDataset": {"allOf": [_DATASET, {"properties": {"outputFacets": _FACETS}}]},
    },
    "type": "object",
    "properties": {
        "eventTime": {"type": "string", "format": "date-time"},
        "producer": {"type": "string", "format": "uri"},
        "schemaURL": {"type": "string", "format": "uri", "const": f"{CORE}#/$defs/RunEvent"},
        "eventType": {"enum": ["START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER"]},
        "run": {
            "type": "object",
            "properties": {"runId": {"type": "string", "format": "uuid"}, "facets": _FACETS},
            "required": ["runId"],
        },
        "job": {
            "type": "object",
            "properties": {
                "namespace": {"type": "string"},
                "name": {"type": "string"},
                "facets": _FACETS,
            },
            "required": ["namespace", "name"],
        },
        "inputs": {"type": "array", "items": {"$ref": "#/$defs/InputDataset"}},
        "outputs": {"type": "array", "items": {"$ref": "#/$defs/OutputDataset"}},
    },
    "required": ["eventTime", "producer", "schemaURL", "run", "job"],
}

_STR = {"type": "string"}
_INT = {"type": "integer"}
_FIELD: dict[str, Any] = {
    "type": "object",
    "properties": {
        "name": _STR,
        "type": _STR,
        "description": _STR,
        "ordinal_position": _INT,
        "fields": {"type": "array", "items": {"$ref": "#/$defs/field"}},
    },
    "required": ["name"],
}


def _facet(props: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"type": "object", "properties": props, "required": required}


FACETS: dict[str, dict[str, Any]] = {
    "1-2-0/SchemaDatasetFacet": {"$defs": {"field": _FIELD}, **_facet(
        {"fields": {"type": "array", "items": {"$ref": "#/$defs/field"}}}, [])},
    "1-0-1/DatasetVersionDatasetFacet": _facet({"datasetVersion": _STR}, ["datasetVersion"]),
    "1-0-1/DatasourceDatasetFacet": _facet(
        {"name": _STR, "uri": {"type": "string", "format": "uri"}}, []),
    "1-0-2/OutputStatisticsOutputDatasetFacet": _facet(
        {"rowCount": _INT, "size": _INT, "fileCount": _INT}, []),
    "1-1-0/DataQualityAssertionsDatasetFacet": _facet({"assertions": {
        "type": "array", "items": _facet({"assertion": _STR, "success": {"type": "boolean"},
                                          "column": _STR, "severity": _STR, "name": _STR},
                                         ["assertion", "success"])}}, ["assertions"]),
    "1-1-1/ProcessingEngineRunFacet": _facet(
        {"version": _STR, "name": _STR, "openlineageAdapterVersion": _STR}, ["version"]),
    "1-2-0/ParentRunFacet": _facet({
        "run": _facet({"runId": {"type": "string", "format": "uuid"}}, ["runId"]),
        "job": _facet({"namespace": _STR, "name": _STR}, ["namespace", "name"]),
    }, ["run", "job"]),
    "1-0-1/ErrorMessageRunFacet": _facet(
        {"message": _STR, "programmingLanguage": _STR, "stackTrace": _STR},
        ["message", "programmingLanguage"]),
    "2-0-4/JobTypeJobFacet": _facet(
        {"processingType": {"enum": ["BATCH", "STREAMING"]}, "integration": _STR,
         "jobType": _STR}, ["processingType", "integration"]),
    "1-1-0/DocumentationJobFacet": _facet({"description": _STR}, ["description"]),
    "1-0-0/TagsRunFacet": _facet({"tags": {"type": "array", "items": _facet(
        {"key": _STR, "value": _STR, "source": _STR}, ["key", "value"])}}, ["tags"]),
    "1-0-0/TagsJobFacet": _facet({"tags": {"type": "array", "items": _facet(
        {"key": _STR, "value": _STR, "source": _STR}, ["key", "value"])}}, ["tags"]),
}  # fmt: skip

FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("uri")
def _is_uri(value: object) -> bool:
    parsed = urlparse(str(value))
    return bool(parsed.scheme) and bool(parsed.netloc or parsed.path)


def facet_schema(url: str) -> dict[str, Any]:
    """The schema for a facet's ``_schemaURL``; KeyError names an unknown facet."""
    prefix = f"{SPEC}/facets/"
    if not url.startswith(prefix) or ".json#/$defs/" not in url:
        raise KeyError(url)
    version_name = url[len(prefix) :].split(".json#", 1)[0]
    return FACETS[version_name]


def facets_of(event: dict[str, Any]) -> list[dict[str, Any]]:
    found = [*event["run"].get("facets", {}).values(), *event["job"].get("facets", {}).values()]
    for dataset in [*event.get("inputs", []), *event.get("outputs", [])]:
        for key in ("facets", "inputFacets", "outputFacets"):
            found += list(dataset.get(key, {}).values())
    return found


def validate_event(event: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` (or KeyError for an unknown facet)."""
    jsonschema.Draft202012Validator(RUN_EVENT, format_checker=FORMATS).validate(event)
    for facet in facets_of(event):
        schema = facet_schema(facet["_schemaURL"])
        jsonschema.Draft202012Validator(schema, format_checker=FORMATS).validate(facet)
