"""`govern lineage ...`: ask the lineage database."""

from __future__ import annotations

import argparse
from pathlib import Path

from governance.cli.common import add_workspace, print_table
from governance.errors import GovernanceError


def cmd_sql(args: argparse.Namespace) -> int:
    from governance.lineage.store import LineageStore

    with LineageStore(Path(args.workspace) / "lineage.duckdb", read_only=True) as store:
        try:
            columns, rows = store.query(args.query)
        except Exception as exc:  # duckdb errors name the SQL problem, never data
            raise GovernanceError(f"SQL error: {str(exc).splitlines()[0]}") from exc
    print_table(columns, rows, as_json=args.json)
    return 0


def cmd_runs(args: argparse.Namespace) -> int:
    args.query = (
        "SELECT run_id, status, policy_name, policy_hash, key_id, started_at, finished_at, "
        "discovered, processed, unchanged, quarantined, skipped, deleted "
        "FROM runs ORDER BY started_at"
    )
    return cmd_sql(args)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    lineage = sub.add_parser("lineage", help="ask the lineage database")
    lsub = lineage.add_subparsers(dest="lineage_command", required=True)
    sql = lsub.add_parser("sql", help="run a SQL query against lineage.duckdb")
    sql.add_argument("query")
    runs = lsub.add_parser("runs", help="list runs")
    for p, handler in ((sql, cmd_sql), (runs, cmd_runs)):
        add_workspace(p)
        p.add_argument("--json", action="store_true", help="machine-readable output")
        p.set_defaults(handler=handler)
