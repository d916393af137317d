"""The live registries a policy's names are checked against.

Entity types are the analyzer's (``governance.privacy.detect.entity_types``: names only, so
loading a policy does not import Presidio, spaCy and torch, seconds of start-up in the
flow's process, which never detects), plus the column-only types below and the policy's
own custom recognizers; operators come from the operator registry, spaCy models from the
installed packages, suites from ``expectations/``. Heavy modules are imported here,
lazily, so ``governance.policy`` stays cheap to import.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from governance.privacy.detect.entity_types import DETECTABLE_ENTITIES, IMPLIED, expand
from governance.privacy.detect.models import project_model_language, project_model_names

if TYPE_CHECKING:
    from governance.policy.model import Policy, Source

# Entity types no recognizer finds: they exist only as table columns declared
# ``direct_identifier`` (a national id column, a birth date column, ...).
COLUMN_ONLY_ENTITIES = frozenset(
    {"NATIONAL_ID", "DATE_OF_BIRTH", "ACCOUNT_NUMBER", "EMPLOYEE_ID", "SALARY"}
)
EXPECTATIONS_DIR = Path(__file__).resolve().parent.parent.parent / "expectations"


def detectable_entities() -> frozenset[str]:
    """Entity types the analyzer has a built-in recognizer or NER mapping for."""
    return DETECTABLE_ENTITIES


def known_entities(custom: Iterable[str] = ()) -> frozenset[str]:
    return detectable_entities() | COLUMN_ONLY_ENTITIES | frozenset(custom)


@cache
def operator_names() -> tuple[str, ...]:
    """Operators of the transform stage (``drop`` is handled by the transform itself)."""
    from governance.privacy.transform.operators import OPERATORS

    return (*OPERATORS, "drop")


def suite_names(folder: Path = EXPECTATIONS_DIR) -> list[str]:
    return sorted(p.stem for p in folder.glob("*.json"))


def spacy_model_language(name: str) -> str | None:
    """The language of a project model or an installed spaCy package, or None when there
    is neither."""
    if (lang := project_model_language(name)) is not None:
        return lang
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        for meta in [Path(folder) / "meta.json", *Path(folder).glob("*/meta.json")]:
            if meta.is_file():
                return str(json.loads(meta.read_text(encoding="utf-8")).get("lang", ""))
    return None


def installed_spacy_models() -> list[str]:
    import warnings

    import spacy.util

    with warnings.catch_warnings():  # version notes about old models are not the point here
        warnings.simplefilter("ignore")
        return sorted({*spacy.util.get_installed_models(), *project_model_names()})


def did_you_mean(value: str, allowed: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(value, sorted(allowed), n=1, cutoff=0.6)
    return f"did you mean {close[0]}?" if close else None


def one_of(allowed: Iterable[str], limit: int = 12) -> str:
    names = sorted(allowed)
    more = f", ... ({len(names) - limit} more)" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def implied_by() -> dict[str, str]:
    """Entity types the analyzer finds along with another one (e.g. postal codes with
    street addresses): implied type -> the type that implies it."""
    return {implied: parent for parent, types in IMPLIED.items() for implied in types}


def effective_entities(policy: Policy, source: Source | None = None) -> list[str]:
    """Every entity type findings can carry: detected ones, the types they imply, and
    direct-identifier column types (of one source, or of all)."""
    out = expand(policy.detection.entities)
    for entity in policy.enabled_entities(source):
        if entity not in out:
            out.append(entity)
    return out
