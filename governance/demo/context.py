"""What every writer of one language needs: where to write, the texts, the people
factory, the gold recorder, and named random streams derived from the seed."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from governance.demo.manifest import GoldRecorder
from governance.demo.templates import LanguagePack, Planted
from governance.demo.values import PeopleFactory


@dataclass(frozen=True, slots=True)
class Context:
    root: Path
    pack: LanguagePack
    people: PeopleFactory
    gold: GoldRecorder
    seed: int
    scale: int

    @property
    def lang(self) -> str:
        return self.pack.lang

    def rng(self, part: str) -> random.Random:
        """An independent, reproducible random stream for one part of the corpus."""
        return random.Random(f"{self.seed}:{self.lang}:{part}")

    def record(self, relpath: str, field: str | None, planted: Iterable[Planted]) -> None:
        self.gold.add(relpath, self.lang, field, planted)
