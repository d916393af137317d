"""The simplest way to schedule: serve the deployments of ``prefect.yaml`` from one process.

    python -m flows.serve                    # every deployment in prefect.yaml
    python -m flows.serve nightly-default    # only the named ones

No work pool and no worker: this process polls for scheduled and triggered runs and
runs them itself, until it is stopped (their schedules are paused on the way out). Point
``PREFECT_API_URL`` at a Prefect server to see them in the UI; without it Prefect starts
a temporary local API for as long as this process runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from flows.deployments import PREFECT_YAML, load_specs, select, to_runner_deployment
from governance.errors import GovernanceError


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flows.serve", description=__doc__)
    parser.add_argument("names", nargs="*", help="deployment names (default: all)")
    parser.add_argument("--limit", type=int, default=1, help="runs at a time (default 1)")
    args = parser.parse_args(argv)
    try:
        specs = select(load_specs(PREFECT_YAML), args.names)
    except GovernanceError as exc:
        print(f"serve: error: {exc.one_line()}", file=sys.stderr)
        return exc.exit_code

    from prefect import serve

    serve(*[to_runner_deployment(s) for s in specs], limit=args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
