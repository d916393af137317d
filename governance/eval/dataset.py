"""Labeled samples: texts with exact gold spans, in presidio-evaluator style JSON.

A dataset file is a JSON list of ``{"full_text": str, "spans": [{"entity_type",
"entity_value", "start_position", "end_position"}], "language": optional}``; other
fields (``tokens``, ``tags``, ``template_id``, ``metadata``) are accepted and ignored,
except ``metadata.language``. Loading checks every span against its text and names the
sample and span index of the first one that does not fit.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from governance.errors import ConfigError


@dataclass(frozen=True, slots=True)
class GoldSpan:
    entity_type: str
    start: int
    end: int


@dataclass(slots=True)
class Sample:
    text: str
    spans: list[GoldSpan] = field(default_factory=list)
    language: str | None = None
    origin: str = ""

    def value(self, span: GoldSpan) -> str:
        return self.text[span.start : span.end]


def load_dataset(path: str | Path) -> list[Sample]:
    """Read and check a dataset file; a bad one raises ``ConfigError`` naming what to fix."""
    file = Path(path)
    try:
        raw = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"dataset {file} does not exist") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"dataset {file} is not UTF-8 JSON: {type(exc).__name__}") from exc
    if not isinstance(raw, list):
        raise ConfigError(
            f"dataset {file} must be a JSON list of samples, got {type(raw).__name__}"
        )
    return [_sample(item, i, file) for i, item in enumerate(raw)]


def _sample(item: Any, index: int, file: Path) -> Sample:
    where = f"dataset {file}: sample {index}"
    if not isinstance(item, dict) or not isinstance(item.get("full_text"), str):
        raise ConfigError(f"{where} needs a string 'full_text'")
    text: str = item["full_text"]
    spans = item.get("spans", [])
    if not isinstance(spans, list):
        raise ConfigError(f"{where}: 'spans' must be a list")
    meta = item.get("metadata") if isinstance(item.get("metadata"), dict) else {}
    language = item.get("language") or (meta or {}).get("language")
    sample = Sample(text, language=str(language) if language else None, origin=f"#{index}")
    sample.spans = [_span(s, text, f"{where} span {j}") for j, s in enumerate(spans)]
    return sample


def _span(raw: Any, text: str, where: str) -> GoldSpan:
    if not isinstance(raw, dict):
        raise ConfigError(f"{where} must be an object")
    try:
        start, end = int(raw["start_position"]), int(raw["end_position"])
        entity = str(raw["entity_type"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(
            f"{where} needs entity_type, start_position and end_position (integers)"
        ) from exc
    if not 0 <= start < end <= len(text):
        raise ConfigError(f"{where}: offsets {start}..{end} do not fit a text of {len(text)} chars")
    value = raw.get("entity_value")
    if value is not None and text[start:end] != value:
        raise ConfigError(f"{where}: entity_value differs from the text at its offsets")
    return GoldSpan(entity, start, end)


def to_json(samples: Iterable[Sample]) -> list[dict[str, Any]]:
    return [
        {
            "full_text": s.text,
            "language": s.language,
            "spans": [
                {
                    "entity_type": g.entity_type,
                    "entity_value": s.value(g),
                    "start_position": g.start,
                    "end_position": g.end,
                }
                for g in sorted(s.spans, key=lambda g: (g.start, g.end))
            ],
        }
        for s in samples
    ]


def save_dataset(samples: Sequence[Sample], path: str | Path) -> None:
    text = json.dumps(to_json(samples), ensure_ascii=False, indent=1)
    Path(path).write_text(text + "\n", encoding="utf-8")
