"""`govern report RUN_ID`: (re)write a run's HTML report and its Data Docs."""

from __future__ import annotations

import argparse
from pathlib import Path

from governance.cli.common import add_workspace
from governance.errors import ConfigError


def cmd_report(args: argparse.Namespace) -> int:
    from governance.lineage.store import LineageStore
    from governance.report import write_report
    from governance.workspace import Workspace

    root = Path(args.workspace).expanduser().resolve()
    lineage = root / "lineage.duckdb"
    with LineageStore(lineage, read_only=True) as store:
        _, found = store.query("SELECT run_id FROM runs WHERE run_id = ?", [args.run_id])
    if not found:
        raise ConfigError(
            f"run {args.run_id} is not in {lineage}",
            hint="list runs with: govern lineage runs --workspace " + str(args.workspace),
        )
    ws = Workspace.open(root)
    dest = write_report(ws.lineage, args.run_id, ws.report(args.run_id), data_docs=args.data_docs)
    print(f"report: {dest}")
    docs = ws.root / "gx" / "data_docs" / "local_site" / "index.html"
    if args.data_docs and docs.exists():
        print(f"data docs: {docs}")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = sub.add_parser("report", help="write a run's HTML report (and its Data Docs)")
    report.add_argument("run_id", metavar="RUN_ID", help="a run id from `govern lineage runs`")
    add_workspace(report)
    report.add_argument(
        "--no-data-docs", dest="data_docs", action="store_false",
        help="skip rebuilding the Great Expectations Data Docs",
    )  # fmt: skip
    report.set_defaults(handler=cmd_report)
