"""The project's own spaCy models (``bench/train_ner.py``; docs/detection.md says what each
was trained on). A policy names one like an installed package; this module only locates
them, without importing spaCy."""

from __future__ import annotations

import json
from pathlib import Path

PROJECT_MODELS = Path(__file__).resolve().parent


def project_model(name: str) -> Path | None:
    """The directory of the project model ``name``, or None when there is none."""
    folder = PROJECT_MODELS / name
    return folder if (folder / "config.cfg").is_file() else None


def project_model_names() -> list[str]:
    return sorted(p.parent.name for p in PROJECT_MODELS.glob("*/config.cfg"))


def project_model_language(name: str) -> str | None:
    folder = project_model(name)
    if folder is None:
        return None
    return str(json.loads((folder / "meta.json").read_text(encoding="utf-8")).get("lang", ""))
