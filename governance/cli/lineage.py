"""`govern lineage ...`: ask the lineage database (tables for people, --json for machines)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from governance.cli.common import add_workspace, print_table
from governance.errors import GovernanceError
from governance.policy import DEFAULT_POLICY


def _lineage(args: argparse.Namespace) -> Path:
    return Path(args.workspace) / "lineage.duckdb"


def cmd_sql(args: argparse.Namespace) -> int:
    from governance.lineage.store import LineageStore

    with LineageStore(_lineage(args), read_only=True) as store:
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


def cmd_trace(args: argparse.Namespace) -> int:
    from governance.lineage.queries import trace
    from governance.lineage.store import LineageStore

    with LineageStore(_lineage(args), read_only=True) as store:
        result = trace(store, args.output_id)
    if args.json:
        print(json.dumps(result, default=str, indent=2))
        return 0
    nested = ("snapshots", "findings")
    _print_card({k: v for k, v in result.items() if k not in nested})
    _print_section("snapshots holding it", result["snapshots"])
    _print_section(f"findings in its document ({result['corpus']} target)", result["findings"])
    return 0


def cmd_impact(args: argparse.Namespace) -> int:
    from governance.lineage.queries import impact
    from governance.lineage.store import LineageStore

    with LineageStore(_lineage(args), read_only=True) as store:
        result = impact(store, args.source)
    if args.json:
        print(json.dumps(result, default=str, indent=2))
        return 0
    print(
        f"source {args.source}: {len(result['files'])} file(s), "
        f"{len(result['documents'])} document(s), {len(result['outputs'])} output row(s)"
    )
    _print_section("documents", result["documents"])
    _print_section("snapshots holding derived rows", result["snapshots"])
    _print_section("consumers that read those snapshots", result["consumers"])
    return 0


def cmd_consume(args: argparse.Namespace) -> int:
    from governance.lineage.queries import record_consumption

    consumer_id = record_consumption(
        args.workspace, args.snapshot, args.job, args.kind, policy=args.policy
    )
    if args.json:
        print(json.dumps({"consumer_id": consumer_id, "snapshot_id": args.snapshot,
                          "kind": args.kind}))  # fmt: skip
    else:
        print(
            f"recorded: a {args.kind} job read snapshot {args.snapshot} (consumer {consumer_id}; "
            "its name is stored with personal data redacted)"
        )
    return 0


def _print_card(values: dict[str, Any]) -> None:
    width = max(len(k) for k in values)
    for key, value in values.items():
        print(f"{key.ljust(width)}  {'' if value is None else value}")


def _print_section(title: str, rows: list[dict[str, Any]]) -> None:
    print(f"\n{title}:")
    if rows:
        columns = list(rows[0])
        print_table(columns, [tuple(r[c] for c in columns) for r in rows], as_json=False)
    else:
        print("(none)")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    lineage = sub.add_parser("lineage", help="ask the lineage database")
    lsub = lineage.add_subparsers(dest="lineage_command", required=True)
    sql = lsub.add_parser("sql", help="run a SQL query against lineage.duckdb")
    sql.add_argument("query")
    runs = lsub.add_parser("runs", help="list runs")
    trace = lsub.add_parser("trace", help="an output row back to its document, file, run, policy")
    trace.add_argument("output_id", metavar="OUTPUT_ID", help="a chunk_id or record_id")
    impact = lsub.add_parser(
        "impact", help="every row, snapshot and consumer derived from a source"
    )
    impact.add_argument("source", metavar="SOURCE", help="SOURCE:URI, a source name, or a URI")
    consume = lsub.add_parser("consume", help="record that a downstream job read a snapshot")
    consume.add_argument("--snapshot", required=True, metavar="ID")
    consume.add_argument("--job", required=True, metavar="NAME")
    consume.add_argument(
        "--kind", default="other", help="vector_index | finetune | other (default: other)"
    )
    consume.add_argument(
        "--policy", default=str(DEFAULT_POLICY), help="the policy whose detection reads --job"
    )
    handlers = (
        (sql, cmd_sql),
        (runs, cmd_runs),
        (trace, cmd_trace),
        (impact, cmd_impact),
        (consume, cmd_consume),
    )
    for p, handler in handlers:
        add_workspace(p)
        p.add_argument("--json", action="store_true", help="machine-readable output")
        p.set_defaults(handler=handler)
