"""Answer a query from an index, filtered by the caller's group.

Only chunks whose ``allowed_groups`` contain the caller's group, and whose retention
date has not passed, are searched (a prefilter, so ``k`` results are the best of what
the caller may see, not the best overall with the rest hidden).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from governance.errors import ConfigError
from governance.index.embed import embedder
from governance.index.layout import TABLE, current_build, index_dir, read_info

GROUP = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@:-]{0,127}$")
MAX_K = 100


@dataclass(frozen=True, slots=True)
class Hit:
    rank: int
    score: float
    chunk_id: str
    doc_id: str
    title: str | None
    headings: list[str] | None
    text: str
    source_uri: str
    classification: str
    allowed_groups: list[str]


def group_filter(group: str, today: str) -> str:
    if not GROUP.fullmatch(group):
        raise ConfigError(
            f"group '{group}' is not a valid group name",
            hint="letters, digits and _ . @ : - only, as in the policy's allowed_groups",
        )
    return f"array_has_any(allowed_groups, ['{group}']) AND retention_until >= date '{today}'"


def query_index(
    workspace: str | Path, text: str, group: str, name: str = "rag", k: int = 5
) -> list[Hit]:
    import lancedb
    from lancedb.query import LanceVectorQueryBuilder

    if not 1 <= k <= MAX_K:
        raise ConfigError(f"-k {k} is out of range", hint=f"use 1 to {MAX_K}")
    where = group_filter(group, datetime.now(UTC).date().isoformat())
    folder = index_dir(Path(workspace).expanduser().resolve(), name)
    build = current_build(folder)
    if build is None:
        raise ConfigError(
            f"no index named '{name}' in {folder.parent}",
            hint=f"build it: govern index build --name {name}",
        )
    read_info(build)
    table = lancedb.connect(str(build)).open_table(TABLE)
    vector = embedder().encode([text])[0]
    search = table.search(vector)
    if not isinstance(search, LanceVectorQueryBuilder):  # pragma: no cover - lancedb contract
        raise TypeError("expected a vector query")
    found = (
        search.distance_type("cosine").where(where, prefilter=True).limit(k)
        .select(["chunk_id", "doc_id", "title", "headings", "text", "source_uri", "classification",
                 "allowed_groups"]).to_list()
    )  # fmt: skip
    return [_hit(i, r) for i, r in enumerate(found, 1)]


def _hit(rank: int, r: dict[str, Any]) -> Hit:
    return Hit(rank=rank, score=round(1.0 - float(r["_distance"]), 4), chunk_id=r["chunk_id"],
               doc_id=r["doc_id"], title=r["title"], headings=r["headings"], text=r["text"],
               source_uri=r["source_uri"], classification=r["classification"],
               allowed_groups=list(r["allowed_groups"]))  # fmt: skip
