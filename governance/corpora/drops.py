"""Record dropped rows in lineage (table ``drops``, migration 0005).

Called by the lineage store inside the run's transaction, so a run's drops are
recorded with it or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pyarrow as pa

from governance.corpora.filters import reason_category
from governance.records import Drop


def insert_drops(con: duckdb.DuckDBPyConnection, run_id: str, drops: Sequence[Drop]) -> None:
    if not drops:
        return
    table = pa.table({
        "run_id": pa.array([run_id] * len(drops), pa.string()),
        "corpus": pa.array([d.corpus for d in drops], pa.string()),
        "doc_id": pa.array([d.doc_id for d in drops], pa.string()),
        "category": pa.array([reason_category(d.reason) for d in drops], pa.string()),
        "reason": pa.array([d.reason for d in drops], pa.string()),
    })  # fmt: skip
    con.register("new_drops", table)
    con.execute("INSERT INTO drops SELECT run_id, corpus, doc_id, category, reason FROM new_drops")
    con.unregister("new_drops")
