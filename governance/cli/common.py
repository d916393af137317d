"""Helpers shared by the subcommands: tables for people, JSON for machines."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import Any

DEFAULT_WORKSPACE = "govern-data"


def add_workspace(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workspace", default=DEFAULT_WORKSPACE, help="workspace folder")


def print_table(columns: list[str], rows: Sequence[tuple[Any, ...]], *, as_json: bool) -> None:
    if as_json:
        print(json.dumps([dict(zip(columns, r, strict=True)) for r in rows], default=str))
        return
    cells = [[("" if v is None else str(v)) for v in r] for r in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    for r in cells:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)))
    print(f"({len(rows)} rows)")
