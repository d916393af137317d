"""The gold list of planted personal values and the manifest ``generate_demo_corpus`` returns."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from governance.demo.templates import Planted


@dataclass(frozen=True, slots=True)
class PlantedValue:
    """One personal value written verbatim into ``file`` (a path relative to the corpus root)."""

    file: str
    entity_type: str
    value: str
    language: str
    field: str | None


@dataclass(frozen=True)
class DemoManifest:
    """What was generated: ``files`` corpus files under ``root``, the gold list in ``path``."""

    root: Path
    files: int
    values: tuple[PlantedValue, ...]
    path: Path


class GoldRecorder:
    """Collects planted values in the order they were written, each (file, entity, value) once."""

    def __init__(self) -> None:
        self._seen: set[tuple[str, str, str]] = set()
        self._values: list[PlantedValue] = []

    def add(self, file: str, language: str, field: str | None, planted: Iterable[Planted]) -> None:
        for entity_type, value in planted:
            key = (file, entity_type, value)
            if key not in self._seen:
                self._seen.add(key)
                self._values.append(PlantedValue(file, entity_type, value, language, field))

    @property
    def values(self) -> tuple[PlantedValue, ...]:
        return tuple(self._values)

    def write(self, path: Path, *, seed: int, scale: int, files: int) -> None:
        """Write ``gold.json`` one value per line, without building the whole text in memory."""
        head = json.dumps({"seed": seed, "scale": scale, "files": files})
        with path.open("w", encoding="utf-8", newline="\n") as out:
            out.write(head[:-1] + ', "values": [')
            for index, item in enumerate(self._values):
                out.write(("\n" if index == 0 else ",\n") + _value_json(item))
            out.write("\n]}\n")


def _value_json(item: PlantedValue) -> str:
    row = {
        "file": item.file,
        "entity_type": item.entity_type,
        "value": item.value,
        "language": item.language,
        "field": item.field,
    }
    return json.dumps(row, ensure_ascii=False)
