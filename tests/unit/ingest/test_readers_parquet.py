"""Parquet reader: real files written with pyarrow; column roles from the policy."""

from __future__ import annotations

import datetime as dt
import decimal

import pyarrow as pa
import pytest

from governance.errors import InputError
from governance.ingest.errors import CorruptFile, EncryptedFile
from governance.policy.model import Column, ColumnRole, Source
from governance.records import stable_id
from tests.unit.ingest.ingest_files import SECRET, make_parquet, read, spans

HR = Source(
    name="hr",
    root="hr",
    columns={
        "full_name": Column(role=ColumnRole.DIRECT_IDENTIFIER, entity="PERSON"),
        "salary": Column(role=ColumnRole.DROP),
    },
)


def staff() -> pa.Table:
    return pa.table({
        "full_name": ["Oliver Bennett", "Lucía Gómez"],
        "salary": [50000, 61000],
        "hired": [dt.date(2020, 1, 2), None],
        "rate": pa.array([decimal.Decimal("1.50"), decimal.Decimal("2.25")], pa.decimal128(5, 2)),
        "address": [{"city": "Leeds", "zip": "LS1"}, {"city": "Sevilla", "zip": None}],
        "tags": [["a", "b"], []],
        "photo": [b"\x89PNG", b"\x89PNG"],
        "language": ["en", "es-ES"],
    })  # fmt: skip


def test_one_document_per_row_with_column_roles_and_sections() -> None:
    first, second = read("parquet", make_parquet(staff()), HR, uri="staff.parquet")
    assert first.text == (
        "full_name: Oliver Bennett\nhired: 2020-01-02\nrate: 1.50\naddress.city: Leeds\n"
        "address.zip: LS1\ntags: a; b\nlanguage: en"
    )
    assert "salary" not in first.text and "PNG" not in first.text  # dropped, binary
    assert spans(second)["col:full_name"] == "Lucía Gómez"
    assert second.language == "es" and first.language == "en"
    assert first.metadata == {"row": "1", "binary_columns": "photo"}
    assert [d.id for d in (first, second)] == [
        stable_id("corp", "staff.parquet", f"row={n}") for n in (1, 2)
    ]


GOOD = make_parquet(pa.table({"name": [SECRET] * 50, "n": list(range(50))}))


def _garbled(data: bytes) -> bytes:
    """Overwrite the column data but keep both magic markers and the footer."""
    return data[:4] + b"\xff" * (len(data) // 3) + data[4 + len(data) // 3 :]


BROKEN = [
    (b"", InputError, "empty file"),
    (make_parquet(pa.table({"name": pa.array([], pa.string())})), InputError, "no rows"),
    (GOOD[: len(GOOD) - 10], CorruptFile, "not a Parquet file: no PAR1 magic"),
    (f"name\n{SECRET}\n".encode(), CorruptFile, "not a Parquet file"),
    (GOOD[:-4] + b"PARE", EncryptedFile, "encrypted Parquet"),
    (b"PAR1" + SECRET.encode() + b"PAR1", CorruptFile, "corrupt Parquet file"),
    (_garbled(GOOD), CorruptFile, "corrupt Parquet file"),
]


@pytest.mark.parametrize(
    ("data", "error", "reason"),
    BROKEN,
    ids=["empty", "no-rows", "truncated", "mislabelled", "encrypted", "bad-footer", "garbled"],
)
def test_broken_parquet_names_the_problem_not_the_content(
    data: bytes, error: type[InputError], reason: str
) -> None:
    with pytest.raises(InputError) as err:
        read("parquet", data, HR)
    assert type(err.value) is error
    assert reason in err.value.message
    assert "Secreta" not in str(err.value)
