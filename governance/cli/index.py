"""`govern index ...`: build a vector index from a RAG snapshot, query it by group."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from governance.cli.common import add_workspace, print_table

PREVIEW = 90


def cmd_build(args: argparse.Namespace) -> int:
    from governance.index import build_index

    info = build_index(args.workspace, args.name, args.corpus, args.snapshot)
    if args.json:
        print(json.dumps(asdict(info)))
        return 0
    print(f"index {info.name}: {info.rows} chunks of {info.corpus} snapshot {info.snapshot_id}")
    print(f"  model {info.model} ({info.dim} dimensions) -> {info.path}")
    print(f"  lineage consumer {info.consumer_id} (kind vector_index)")
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    from governance.index import query_index

    hits = query_index(args.workspace, args.text, args.group, args.name, args.k)
    if args.json:
        print(json.dumps([asdict(h) for h in hits]))
        return 0
    rows = [(h.rank, f"{h.score:.3f}", h.chunk_id, h.source_uri, _preview(h.text)) for h in hits]
    print_table(["rank", "score", "chunk_id", "source_uri", "text"], rows, as_json=False)
    return 0


def _preview(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= PREVIEW else flat[: PREVIEW - 1] + "…"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    index = sub.add_parser("index", help="vector index of a RAG snapshot (LanceDB)")
    isub = index.add_subparsers(dest="index_command", required=True)
    build = isub.add_parser("build", help="embed a RAG snapshot into an index")
    build.add_argument("--snapshot", help="snapshot id (default: the corpus's CURRENT)")
    build.add_argument("--corpus", default="rag", help="the RAG corpus to index")
    build.set_defaults(handler=cmd_build)
    query = isub.add_parser("query", help="search the index as a member of a group")
    query.add_argument("text", help="the question")
    query.add_argument("--group", required=True, help="the caller's group")
    query.add_argument("-k", type=int, default=5, help="how many chunks (1-100)")
    query.set_defaults(handler=cmd_query)
    for p in (build, query):
        add_workspace(p)
        p.add_argument("--name", default="rag", help="index name (indexes/<name>/)")
        p.add_argument("--json", action="store_true", help="machine-readable output")
