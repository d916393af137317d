"""The project's own spaCy models (``bench/train_ner.py``; docs/privacy.md says what each
was trained on). A policy names one like an installed package; this module only locates
them, without importing spaCy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PROJECT_MODELS = Path(__file__).resolve().parent


def project_model(name: str) -> Path | None:
    """The directory of the project model ``name``, or None when there is none."""
    folder = PROJECT_MODELS / name
    return folder if (folder / "config.cfg").is_file() else None


def project_model_names() -> list[str]:
    return sorted(p.parent.name for p in PROJECT_MODELS.glob("*/config.cfg"))


def project_model_meta(name: str) -> dict[str, Any] | None:
    """The project model's meta.json (language, base model, data), or None."""
    folder = project_model(name)
    if folder is None:
        return None
    meta: dict[str, Any] = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    return meta


def project_model_language(name: str) -> str | None:
    meta = project_model_meta(name)
    return None if meta is None else str(meta.get("lang", ""))
