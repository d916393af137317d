"""Real Prefect (a temporary API via Prefect's test harness) for flow-level tests."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest

from tests.conftest import DEFAULT_POLICY


@pytest.fixture(scope="session")
def prefect_api() -> Iterator[None]:
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


EMAIL = """From: Jane Cooper <jane.cooper@gmail.com>
To: Support <support@acme-corp.com>
Subject: Address change

Hello, this is Jane Cooper. Please send the invoice to 742 Evergreen Terrace.
My phone is +1 415-555-2671.
"""


def write_corpus(root: Path) -> Path:
    """A tiny corpus with one file of each kind the default policy reads."""
    for sub in ("hr", "tickets", "mail", "docs"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / "hr" / "staff.csv").write_text(
        "employee_id,full_name,national_id,iban,phone,email,department,salary,hire_date,notes\n"
        "E-1,Oliver Bennett,536-90-4399,GB82WEST12345698765432,+1 202-555-0173,"
        "oliver.bennett@gmail.com,Sales,50000,2020-01-02,Works with Oliver Bennett's team\n"
    )
    (root / "tickets" / "t.jsonl").write_text(
        '{"ticket_id": "T-1", "subject": "Refund", "body": "I am Maria Lopez, email '
        'maria.lopez@yahoo.com. Please refund my order.", "reply": "Hello Maria Lopez, '
        'the refund is on its way."}\n'
    )
    (root / "mail" / "m.eml").write_text(EMAIL)
    (root / "docs" / "a.md").write_text(
        "# Onboarding\n\nWelcome! Your buddy is Thomas Reed (thomas.reed@outlook.com).\n"
    )
    (root / "docs" / "b.md").write_text("# Holidays\n\nThe office closes on public holidays.\n")
    return root


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "sources")


@pytest.fixture
def policy_file(tmp_path: Path) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(DEFAULT_POLICY.read_text())
    return path


def lineage_sql(workspace: Path, query: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """A read-only query against a workspace's lineage database."""
    con = duckdb.connect(str(workspace / "lineage.duckdb"), read_only=True)
    try:
        return con.execute(query, list(params)).fetchall()
    finally:
        con.close()


def current_rows(workspace: Path, corpus: str) -> list[dict[str, Any]]:
    """Every row of a corpus's published (CURRENT) snapshot."""
    folder = workspace / "corpora" / corpus
    snapshot = folder / (folder / "CURRENT").read_text().strip()
    return pq.read_table(sorted(snapshot.glob("part-*.parquet"))).to_pylist()
