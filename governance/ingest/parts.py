"""Large tables as several units of work, so one big file does not keep one worker busy
while the others wait.

A CSV, TSV, JSON Lines or Parquet file larger than a unit of work becomes ``parts``
copies of its ``SourceFile``, each with its ``part`` number. Every part reads and
checks the whole file (so a malformed row quarantines every part alike, as it would the
whole file), then keeps only its share of the records: records ``[n*i/k, n*(i+1)/k)``
of ``n``. Row numbers, and so document ids, are those of the whole file: a split run
publishes the same rows as an unsplit one. Parsing is a small fraction of the cost of
detection (about 1%), so reading the file once per part is cheap next to what is gained.

Outcomes of the parts come back one per part and are merged into the file's single
outcome before lineage sees them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TypeVar

from governance.errors import TerminalError
from governance.records import FileOutcome, SourceFile

SPLITTABLE = frozenset({"csv", "tsv", "jsonl", "parquet", "xlsx", "xls", "ods"})
"""Formats whose readers check the whole file and then keep only the part's records."""

T = TypeVar("T")


def split_large(files: Iterable[SourceFile], part_bytes: int) -> list[SourceFile]:
    """Each file, or its parts when it is a splittable table larger than ``part_bytes``."""
    out: list[SourceFile] = []
    for f in files:
        parts = -(-f.size_bytes // part_bytes) if f.format in SPLITTABLE else 1
        if parts <= 1:
            out.append(f)
            continue
        out.extend(replace(f, part=i, parts=parts) for i in range(parts))
    return out


def part_slice(items: Sequence[T], file: SourceFile) -> Sequence[T]:
    """The records of ``items`` (all of the file's records, in order) that ``file``'s part
    holds; the whole sequence for an unsplit file."""
    if file.parts <= 1:
        return items
    n = len(items)
    return items[n * file.part // file.parts : n * (file.part + 1) // file.parts]


def merge_parts(outcomes: Iterable[FileOutcome]) -> list[FileOutcome]:
    """One outcome per file: the parts of a split file summed into one (in first-seen
    order). Parts that disagree on the state cannot happen (each part checks the whole
    file) and stop the run rather than publish half a file."""
    merged: dict[tuple[str, str], FileOutcome] = {}
    expected: dict[tuple[str, str], int] = {}
    seen: dict[tuple[str, str], int] = {}
    order: list[FileOutcome | tuple[str, str]] = []
    for o in outcomes:
        if o.parts <= 1:
            order.append(o)
            continue
        key = (o.source, o.uri)
        if key not in merged:
            merged[key], expected[key], seen[key] = replace(o, parts=1), o.parts, 1
            order.append(key)
            continue
        first = merged[key]
        if first.state != o.state or first.content_hash != o.content_hash:
            raise TerminalError(
                f"source '{o.source}': the parts of a split file ended in different states "
                f"({first.state}, {o.state})"
            )
        merged[key] = replace(first, documents=first.documents + o.documents)
        seen[key] += 1
    missing = [key for key, n in expected.items() if seen[key] != n]
    if missing:
        raise TerminalError(f"{len(missing)} split file(s) came back with parts missing")
    return [merged[o] if isinstance(o, tuple) else o for o in order]
