"""The JSON Schema of the policy format, for editor completion and validation.

Point an editor at it, e.g. with the YAML language server, by a first line in the
policy: ``# yaml-language-server: $schema=policy.schema.json``.
"""

from __future__ import annotations

from typing import Any

from governance.policy.model import Policy

SCHEMA_ID = "urn:governance:policy:v1"


def policy_schema() -> dict[str, Any]:
    schema = Policy.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "governance policy (version 1)",
        "description": "What a run may read and how every entity type is treated per target. "
        "Reference: docs/policy.md. Keys are named by reference, never written here.",
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }
