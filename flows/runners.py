"""Task runners chosen at run time by ``--runner`` or a deployment parameter.

``process[:N]`` (the default) is a local process pool, all usable cores unless N is given;
``thread`` runs batches one at a time in the flow's process; ``dask`` starts a local Dask
cluster and ``dask:ADDRESS`` uses an existing scheduler (``tcp://host:8786``); ``ray`` and
``ray:ADDRESS`` need the prefect-ray package. Every worker builds its analyzer once
(``governance.run.batch.detector_for``) and reads the key itself from the policy's reference.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass

from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner

from governance.errors import ConfigError

RUNNERS = "process[:WORKERS] | thread | dask[:ADDRESS] | ray[:ADDRESS]"
KINDS = ("process", "thread", "dask", "ray")
RAY_MISSING = "runner 'ray' needs the prefect-ray package, which is not installed"
RAY_HINT = "pip install prefect-ray (for this Prefect version), or use --runner dask"


@dataclass(frozen=True, slots=True)
class RunnerSpec:
    """A parsed ``--runner`` value: its kind, and a worker count or a cluster address."""

    kind: str
    workers: int | None = None
    address: str | None = None


def parse_runner(runner: str) -> RunnerSpec:
    """Check a ``--runner`` value before any work starts (exit 2 with what is allowed)."""
    kind, sep, arg = runner.strip().partition(":")
    if kind not in KINDS:
        raise ConfigError(f"unknown runner '{runner}'", hint=f"use one of: {RUNNERS}")
    if sep and not arg:
        raise ConfigError(f"runner '{runner}' has nothing after ':'", hint=f"use {RUNNERS}")
    if kind == "thread" and arg:
        raise ConfigError(f"runner '{runner}': thread takes no argument", hint=f"use {RUNNERS}")
    if kind == "process":
        return RunnerSpec(kind, workers=_worker_count(runner, arg) if arg else None)
    if kind == "ray" and importlib.util.find_spec("prefect_ray") is None:
        raise ConfigError(RAY_MISSING, hint=RAY_HINT)
    return RunnerSpec(kind, address=arg or None)


def _worker_count(runner: str, arg: str) -> int:
    if not arg.isdigit() or int(arg) < 1:
        raise ConfigError(
            f"runner '{runner}': the process worker count must be a whole number >= 1",
            hint="for example --runner process:2",
        )
    return int(arg)


def usable_cores() -> int:
    """Cores this process may run on (respects CPU affinity, as in a container)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def task_runner_for(runner: str, batches: int) -> TaskRunner:  # type: ignore[type-arg]
    """The task runner for a run of ``batches`` batches."""
    spec = parse_runner(runner)
    if spec.kind in ("process", "thread"):
        return _local(spec, batches)
    if spec.kind == "dask":
        return _dask(spec, batches)
    return _ray(spec)


def _local(spec: RunnerSpec, batches: int) -> TaskRunner:  # type: ignore[type-arg]
    workers = max(1, min(spec.workers or usable_cores(), batches))
    if spec.kind == "thread" or workers == 1:
        # One batch at a time in this process: no pool to start, the analyzer loads once.
        return ThreadPoolTaskRunner(max_workers=1)
    return ProcessPoolTaskRunner(max_workers=workers)


def _dask(spec: RunnerSpec, batches: int) -> TaskRunner:  # type: ignore[type-arg]
    from prefect_dask.task_runners import DaskTaskRunner

    if spec.address:
        return DaskTaskRunner(address=spec.address)
    workers = max(1, min(usable_cores(), batches))
    # One thread per worker process: the analyzer is CPU-bound and not thread-safe to share.
    cluster = {"n_workers": workers, "threads_per_worker": 1, "dashboard_address": None}
    return DaskTaskRunner(cluster_kwargs=cluster)


def _ray(spec: RunnerSpec) -> TaskRunner:  # type: ignore[type-arg]
    try:
        from prefect_ray import RayTaskRunner  # type: ignore[import-not-found]
    except ImportError as exc:
        raise ConfigError(RAY_MISSING, hint=RAY_HINT) from exc
    if spec.address:
        return RayTaskRunner(address=spec.address)  # type: ignore[no-any-return]
    # A local Ray instance for the run: one CPU per usable core, no dashboard (it would
    # listen on a port and is not needed); usage stats are off (governance/_offline.py).
    local = {"num_cpus": usable_cores(), "include_dashboard": False}
    return RayTaskRunner(init_kwargs=local)  # type: ignore[no-any-return]
