"""The ``govern`` command: thin subcommands over the library and the Prefect flow.

Every failure prints one line naming what to fix and exits non-zero (2: usage, policy
or configuration; 1: the data failed a gate). Tracebacks only with ``--verbose``.
Each area registers its subcommands from its own module (``register(sub)``).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from governance.errors import withheld

Handler = Callable[[argparse.Namespace], int]
# One module per area; each defines register(subparsers).
COMMAND_MODULES = ("run", "policy", "lineage", "index", "erase", "report", "privacy")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govern", description="Governed corpora for RAG and fine-tuning."
    )
    parser.add_argument("--verbose", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(f"governance.cli.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        code = handler(args)
        sys.stdout.flush()  # a closed pipe shows here, not as a traceback at exit
        return code
    except BrokenPipeError:  # ``govern lineage sql ... | head``: the reader has what it wants
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # as a shell reports a command ended by SIGPIPE
    except KeyboardInterrupt:
        print("govern: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # one line; an unexpected exception's own text is withheld
        if args.verbose:
            raise
        error = withheld(exc, str(args.command))
        for each in [error, *getattr(error, "more", [])]:  # a policy's problems, all at once
            print(f"govern: error: {each.one_line()}", file=sys.stderr)
        return error.exit_code


if __name__ == "__main__":
    sys.exit(main())
