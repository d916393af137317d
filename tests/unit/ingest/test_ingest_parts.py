"""Large tables split into parts: every record read exactly once, outcomes merged back."""

from __future__ import annotations

from dataclasses import replace

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.context import RunConfig, RunContext
from governance.errors import InputError, TerminalError
from governance.ingest.base import READERS
from governance.ingest.discover import Plan
from governance.ingest.parts import merge_parts, part_slice, split_large
from governance.policy.model import Source
from governance.records import Document, FileOutcome, FileState, SourceFile
from governance.run.plan import work_batches
from tests.unit.ingest.ingest_files import make_parquet, source_file

SOURCE = Source(name="corp", root="corp")
CSV = "id,name,notes\n" + "".join(f"{i},Person {i},note {i}\n" for i in range(1, 11))
JSONL = "".join(f'{{"id": {i}, "body": "ticket {i}"}}\n' for i in range(1, 11))
PARQUET = make_parquet(
    pa.table({"id": list(range(1, 11)), "body": [f"row {i}" for i in range(10)]})
)
TABLES = {"csv": CSV.encode(), "jsonl": JSONL.encode(), "parquet": PARQUET}


def read(file: SourceFile, data: bytes) -> list[Document]:
    import governance.ingest.readers  # noqa: F401  (fills the registry)

    return list(READERS[file.format](file, data, SOURCE))


@given(n=st.integers(0, 60), k=st.integers(1, 9))
def test_parts_cover_every_record_once_in_order(n: int, k: int) -> None:
    file = SourceFile("s", "/p", "p.csv", 10, "h", "csv")
    items = list(range(n))
    pieces = [list(part_slice(items, replace(file, part=i, parts=k))) for i in range(k)]
    assert [x for piece in pieces for x in piece] == items
    assert max(map(len, pieces)) - min(map(len, pieces)) <= 1


@pytest.mark.parametrize("fmt", sorted(TABLES))
def test_a_split_table_reads_the_same_documents_as_the_whole_file(fmt: str) -> None:
    data = TABLES[fmt]
    whole = read(source_file(fmt, data), data)
    parts = [read(replace(source_file(fmt, data), part=i, parts=3), data) for i in range(3)]
    assert [(d.id, d.text, d.metadata) for p in parts for d in p] == [
        (d.id, d.text, d.metadata) for d in whole
    ]
    assert len(whole) == 10 and all(3 <= len(p) <= 4 for p in parts)


@pytest.mark.parametrize(
    ("fmt", "data", "reason"),
    [
        ("csv", b"id,name\n", "empty table"),
        ("csv", b"id,name\n1,a\n2,b,c\n", "row 2"),
        ("jsonl", b'{"a": 1}\nnot json\n', "line 2"),
        ("jsonl", b'\n  \n{"a": 1}\n[1]\n', "line 4: a JSON array"),
    ],
)
def test_every_part_of_a_bad_table_fails_alike(fmt: str, data: bytes, reason: str) -> None:
    for i in range(3):
        with pytest.raises(InputError, match=reason):
            read(replace(source_file(fmt, data), part=i, parts=3), data)


def test_only_large_tables_are_split() -> None:
    files = [SourceFile("s", f"/{n}", n, size, "h", fmt)
             for n, size, fmt in [("big.csv", 2500, "csv"), ("small.jsonl", 999, "jsonl"),
                                  ("big.md", 5000, "md"), ("big.parquet", 1001, "parquet")]]  # fmt: skip
    units = split_large(files, part_bytes=1000)
    assert [(f.uri, f.part, f.parts, f.work_bytes) for f in units] == [
        ("big.csv", 0, 3, 834), ("big.csv", 1, 3, 834), ("big.csv", 2, 3, 834),
        ("small.jsonl", 0, 1, 999), ("big.md", 0, 1, 5000),
        ("big.parquet", 0, 2, 501), ("big.parquet", 1, 2, 501),
    ]  # fmt: skip


def test_work_batches_put_the_largest_first() -> None:
    files = [SourceFile("s", f"/{i}", f"f{i}.md", size, "h", "md")
             for i, size in enumerate([10, 900, 20, 700, 30])]  # fmt: skip
    ctx = RunContext(RunConfig("p.yaml", batch_files=1, batch_bytes=1000), "r", "h", "k", None)  # type: ignore[arg-type]
    batches = work_batches(ctx, Plan(files, [], [], []))
    assert [b[0].size_bytes for b in batches] == [900, 700, 30, 20, 10]


def outcome(uri: str, parts: int, docs: int, state: FileState = FileState.PROCESSED) -> FileOutcome:
    return FileOutcome("s", uri, "h", state, docs, parts=parts)


def test_part_outcomes_merge_into_one_per_file_in_first_seen_order() -> None:
    merged = merge_parts([outcome("a.csv", 3, 4), outcome("b.md", 1, 1), outcome("a.csv", 3, 3),
                          outcome("a.csv", 3, 3)])  # fmt: skip
    assert merged == [outcome("a.csv", 1, 10), outcome("b.md", 1, 1)]


def test_parts_that_disagree_or_are_missing_stop_the_run() -> None:
    bad = outcome("a.csv", 2, 0, FileState.QUARANTINED)
    with pytest.raises(TerminalError, match="different states"):
        merge_parts([outcome("a.csv", 2, 4), bad])
    with pytest.raises(TerminalError, match="parts missing"):
        merge_parts([outcome("a.csv", 3, 4), outcome("a.csv", 3, 4)])
