"""`govern run` and `govern demo`: the pipeline on a policy's sources, or on the demo corpus."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from governance.cli.common import add_workspace
from governance.policy import DEFAULT_POLICY


def run_flow(
    policy: str,
    workspace: str,
    source_root: str | None,
    runner: str,
    demo: bool,
    *,
    full_rebuild: bool = False,
    batch_files: int | None = None,
) -> dict[str, Any]:
    """Validate everything that can be checked up front, then start the Prefect flow."""
    from governance.context import RunConfig, key_of
    from governance.ingest.discover import check_roots
    from governance.policy import load_policy

    loaded = load_policy(policy)  # validate before any data is read or a server starts
    check_roots(loaded, Path(source_root) if source_root else None)
    if not loaded.pseudonymization.key.prefect_secret:  # a Secret block is read in the flow
        key_of(RunConfig(policy, workspace, source_root, allow_demo_key=demo))
    from flows.runners import parse_runner

    parse_runner(runner)
    from flows.govern import govern
    from governance.ingest.progress import stderr_progress

    with stderr_progress():  # a line per finished batch on stderr (counts only)
        return govern(
            policy_path=str(Path(policy).resolve()),
            workspace=str(Path(workspace).resolve()),
            source_root=str(Path(source_root).resolve()) if source_root else None,
            runner=runner,
            allow_demo_key=demo,
            full_rebuild=full_rebuild,
            **({"batch_files": batch_files} if batch_files else {}),
        )


def print_summary(summary: dict[str, Any], workspace: str) -> None:
    ws = Path(workspace).resolve()
    counts = ", ".join(f"{k} {v}" for k, v in sorted(summary["counts"].items()))
    print(f"run {summary['run_id']}: {summary['status']} ({counts})")
    for corpus, snapshot in summary["published"].items():
        rows = summary["rows"].get(corpus, 0)
        print(f"  corpus {corpus}: snapshot {snapshot}, {rows} rows -> {ws / 'corpora' / corpus}")
    for corpus, reason in summary["blocked"].items():
        done = "published without them" if corpus in summary["published"] else "NOT published"
        print(f"  corpus {corpus}: {done}, {reason}")
    for corpus, reason in summary.get("warned", {}).items():
        print(f"  corpus {corpus}: WARNING, {reason}")
    print(f"  lineage: {ws / 'lineage.duckdb'}")
    if summary.get("report"):
        print(f"  report:  {summary['report']}")


def cmd_run(args: argparse.Namespace) -> int:
    summary = run_flow(
        args.policy, args.workspace, args.source_root, args.runner, demo=False,
        full_rebuild=args.full_rebuild, batch_files=args.batch_files,
    )  # fmt: skip
    print_summary(summary, args.workspace)
    return 1 if summary["status"] == "gate_failed" else 0


def cmd_demo(args: argparse.Namespace) -> int:
    from governance.demo import generate_demo_corpus
    from governance.privacy.transform.keys import DEMO_KEY

    corpus = Path(args.corpus).resolve()
    manifest = generate_demo_corpus(corpus)
    print(f"demo corpus: {manifest.files} files, {len(manifest.values)} planted values -> {corpus}")
    print(f"gold manifest: {manifest.path}")
    os.environ.setdefault("GOVERN_PSEUDONYM_KEY", DEMO_KEY)
    summary = run_flow(str(DEFAULT_POLICY), args.workspace, str(corpus), args.runner, demo=True)
    print_summary(summary, args.workspace)
    return 1 if summary["status"] == "gate_failed" else 0


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, not '{value}'")
    return int(value)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    run = sub.add_parser("run", help="run the pipeline on the sources a policy names")
    run.add_argument("--policy", default=str(DEFAULT_POLICY))
    add_workspace(run)
    run.add_argument("--source-root", help="base folder for the policy's relative source roots")
    run.add_argument(
        "--runner", default="process", help="process[:N] | thread | dask[:ADDR] | ray[:ADDR]"
    )
    run.add_argument("--full-rebuild", action="store_true", help="read and hash every file again")
    run.add_argument(
        "--batch-files", type=_positive, metavar="N",
        help="most files in one unit of work (default 256; tables over 4 MB are split)",
    )  # fmt: skip
    run.set_defaults(handler=cmd_run)

    demo = sub.add_parser("demo", help="make the fictional company corpus and run on it")
    add_workspace(demo)
    demo.add_argument("--corpus", default="demo-corpus", help="where to write the demo sources")
    demo.add_argument("--runner", default="process")
    demo.set_defaults(handler=cmd_demo)
