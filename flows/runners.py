"""Task runners chosen at run time by ``--runner`` or a deployment parameter."""

from __future__ import annotations

import os

from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner

from governance.errors import ConfigError

RUNNERS = "process | thread | dask[:ADDRESS] | ray[:ADDRESS]"


def task_runner_for(runner: str, batches: int) -> TaskRunner:  # type: ignore[type-arg]
    kind, _, address = runner.partition(":")
    workers = max(1, min(os.cpu_count() or 1, batches))
    if kind == "thread" or (kind == "process" and workers == 1):
        return ThreadPoolTaskRunner(max_workers=1)
    if kind == "process":
        return ProcessPoolTaskRunner(max_workers=workers)
    if kind == "dask":
        from prefect_dask.task_runners import DaskTaskRunner

        if address:
            return DaskTaskRunner(address=address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1})
    if kind == "ray":
        try:
            from prefect_ray import RayTaskRunner  # type: ignore[import-not-found]
        except ImportError as exc:
            raise ConfigError(
                "runner 'ray' needs the prefect-ray package", hint="pip install prefect-ray"
            ) from exc
        return RayTaskRunner(address=address or None)  # type: ignore[no-any-return]
    raise ConfigError(f"unknown runner '{runner}'", hint=f"use one of: {RUNNERS}")
