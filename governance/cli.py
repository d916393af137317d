"""The ``govern`` command: thin subcommands over the library and the Prefect flow.

Every failure prints one line naming what to fix and exits non-zero (2: usage, policy
or configuration; 1: the data failed a gate). Tracebacks only with ``--verbose``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from governance.errors import GovernanceError

DEFAULT_POLICY = Path(__file__).resolve().parent.parent / "policies" / "default.yaml"
Handler = Callable[[argparse.Namespace], int]


def _run_flow(
    policy: str, workspace: str, source_root: str | None, runner: str, demo: bool
) -> dict[str, Any]:
    from governance.context import RunConfig, key_of
    from governance.ingest.discover import check_roots
    from governance.policy import load_policy

    loaded = load_policy(policy)  # validate before any data is read or a server starts
    check_roots(loaded, Path(source_root) if source_root else None)
    key_of(RunConfig(policy, workspace, source_root, allow_demo_key=demo))

    from flows.govern import govern

    return govern(
        policy_path=str(Path(policy).resolve()),
        workspace=str(Path(workspace).resolve()),
        source_root=str(Path(source_root).resolve()) if source_root else None,
        runner=runner,
        allow_demo_key=demo,
    )


def _print_summary(summary: dict[str, Any], workspace: str) -> None:
    ws = Path(workspace).resolve()
    counts = ", ".join(f"{k} {v}" for k, v in sorted(summary["counts"].items()))
    print(f"run {summary['run_id']}: {summary['status']} ({counts})")
    for corpus, snapshot in summary["published"].items():
        rows = summary["rows"].get(corpus, 0)
        print(f"  corpus {corpus}: snapshot {snapshot}, {rows} rows -> {ws / 'corpora' / corpus}")
    for corpus, reason in summary["blocked"].items():
        print(f"  corpus {corpus}: NOT published, {reason}")
    print(f"  lineage: {ws / 'lineage.duckdb'}")
    if summary.get("report"):
        print(f"  report:  {summary['report']}")


def cmd_run(args: argparse.Namespace) -> int:
    summary = _run_flow(args.policy, args.workspace, args.source_root, args.runner, demo=False)
    _print_summary(summary, args.workspace)
    return 1 if summary["status"] == "gate_failed" else 0


def cmd_demo(args: argparse.Namespace) -> int:
    from governance.demo import generate_demo_corpus
    from governance.privacy.keys import DEMO_KEY

    corpus = Path(args.corpus).resolve()
    manifest = generate_demo_corpus(corpus)
    print(f"demo corpus: {manifest.files} files, {len(manifest.values)} planted values -> {corpus}")
    print(f"gold manifest: {manifest.path}")
    os.environ.setdefault("GOVERN_PSEUDONYM_KEY", DEMO_KEY)
    summary = _run_flow(str(DEFAULT_POLICY), args.workspace, str(corpus), args.runner, demo=True)
    _print_summary(summary, args.workspace)
    return 1 if summary["status"] == "gate_failed" else 0


def cmd_policy_validate(args: argparse.Namespace) -> int:
    from governance.policy.load import validate_policy_file

    failed = 0
    for file in args.files:
        problems = validate_policy_file(file)
        for p in problems:
            print(p.one_line(), file=sys.stderr)
        if problems:
            failed += 1
        else:
            print(f"ok: {file}")
    return 2 if failed else 0


def cmd_policy_schema(args: argparse.Namespace) -> int:
    from governance.policy.model import Policy

    print(json.dumps(Policy.model_json_schema(), indent=2))
    return 0


def cmd_lineage_sql(args: argparse.Namespace) -> int:
    from governance.lineage.store import LineageStore

    with LineageStore(Path(args.workspace) / "lineage.duckdb", read_only=True) as store:
        try:
            columns, rows = store.query(args.query)
        except Exception as exc:  # duckdb errors name the SQL problem, never data
            raise GovernanceError(f"SQL error: {str(exc).splitlines()[0]}") from exc
    _print_table(columns, rows, as_json=args.json)
    return 0


def cmd_lineage_runs(args: argparse.Namespace) -> int:
    args.query = (
        "SELECT run_id, status, policy_name, policy_hash, key_id, started_at, finished_at, "
        "discovered, processed, unchanged, quarantined, skipped, deleted "
        "FROM runs ORDER BY started_at"
    )
    return cmd_lineage_sql(args)


def _print_table(columns: list[str], rows: Sequence[tuple[Any, ...]], *, as_json: bool) -> None:
    if as_json:
        print(json.dumps([dict(zip(columns, r, strict=True)) for r in rows], default=str))
        return
    cells = [[("" if v is None else str(v)) for v in r] for r in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    for r in cells:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)))
    print(f"({len(rows)} rows)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="govern", description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the pipeline on the sources a policy names")
    run.add_argument("--policy", default=str(DEFAULT_POLICY))
    run.add_argument("--workspace", default="govern-data")
    run.add_argument("--source-root", help="base folder for the policy's relative source roots")
    run.add_argument(
        "--runner", default="process", help="process | thread | dask[:ADDR] | ray[:ADDR]"
    )
    run.set_defaults(handler=cmd_run)

    demo = sub.add_parser("demo", help="make the fictional company corpus and run on it")
    demo.add_argument("--workspace", default="govern-data")
    demo.add_argument("--corpus", default="demo-corpus", help="where to write the demo sources")
    demo.add_argument("--runner", default="process")
    demo.set_defaults(handler=cmd_demo)

    policy = sub.add_parser("policy", help="validate and inspect policy files")
    psub = policy.add_subparsers(dest="policy_command", required=True)
    validate = psub.add_parser("validate", help="exit 2 with file:line:column on any error")
    validate.add_argument("files", nargs="+")
    validate.set_defaults(handler=cmd_policy_validate)
    psub.add_parser("schema", help="print the policy JSON Schema").set_defaults(
        handler=cmd_policy_schema
    )

    lineage = sub.add_parser("lineage", help="ask the lineage database")
    lsub = lineage.add_subparsers(dest="lineage_command", required=True)
    sql = lsub.add_parser("sql", help="run a SQL query against lineage.duckdb")
    sql.add_argument("query")
    runs = lsub.add_parser("runs", help="list runs")
    for p, handler in ((sql, cmd_lineage_sql), (runs, cmd_lineage_runs)):
        p.add_argument("--workspace", default="govern-data")
        p.add_argument("--json", action="store_true", help="machine-readable output")
        p.set_defaults(handler=handler)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except GovernanceError as exc:
        if args.verbose:
            raise
        print(f"govern: error: {exc.one_line()}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("govern: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
