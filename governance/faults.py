"""Named points in a run where the crash-safety tests kill it, or hold it.

``GOVERN_CRASH_AT=<point>`` sends SIGKILL to the run's whole process group (the flow's
process and its workers) the first time execution reaches ``<point>``: the same as
``kill -9`` from outside, but at a known place. ``GOVERN_PAUSE_AT=<point>=<file>``
waits at ``<point>`` while ``<file>`` exists (at most ``PAUSE_LIMIT`` seconds), having
created ``<file>.reached``, so a test can act while the run holds its workspace.

Both are for tests (``tests/e2e/test_crash_safety.py``); with neither variable set a
point costs one dictionary lookup. ``POINTS`` lists every point, in run order.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

CRASH_ENV = "GOVERN_CRASH_AT"
PAUSE_ENV = "GOVERN_PAUSE_AT"
PAUSE_LIMIT = 120.0

POINTS = (
    "plan:started",  # stale runs handled, CURRENT reconciled; the run not yet recorded
    "plan:recorded",  # the run is recorded as running
    "plan:discovered",  # sources walked and hashed
    "batch:extracted",  # in a worker: documents read, nothing detected
    "batch:detected",
    "batch:staged",  # a batch's rows are written to staging
    "batch:done",  # validated, fingerprinted, about to return
    "screen:started",  # every batch done
    "screen:deduplicated",  # staged batches rewritten without duplicates
    "validate:done",  # a deduplicated batch validated
    "finalize:started",
    "assemble:part-written",  # a snapshot part written into the hidden folder
    "assemble:committed",  # a snapshot folder in place, not yet CURRENT
    "vault:written",
    "lineage:rows-written",  # documents, findings and links written ahead; run still running
    "lineage:in-transaction",  # every lineage row inserted, not committed
    "lineage:committed",
    "datacard:written",
    "publish:pointer-written",  # the new CURRENT written beside the old one
    "publish:swapped",  # CURRENT names the new snapshot; old ones not yet pruned
    "openlineage:emitted",
    "quarantine:written",
    "report:written",
)


def point(name: str) -> None:
    """A place a test may stop the run at (see the module docstring)."""
    if os.environ.get(CRASH_ENV) == name:
        _kill_run()
    pause = os.environ.get(PAUSE_ENV, "")
    if pause.partition("=")[0] == name:
        _hold(Path(pause.partition("=")[2]))


def _kill_run() -> None:
    os.environ.pop(CRASH_ENV, None)
    try:
        os.killpg(os.getpgid(0), signal.SIGKILL)
    except OSError:  # no process group of our own (not started as a session): this process
        os.kill(os.getpid(), signal.SIGKILL)


def _hold(flag: Path) -> None:
    flag.with_name(flag.name + ".reached").touch()
    deadline = time.monotonic() + PAUSE_LIMIT
    while flag.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
