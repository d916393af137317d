"""The deployments declared in ``prefect.yaml``, read for ``flow.serve`` and for checks.

``prefect.yaml`` stays the one place where deployments are declared: ``prefect deploy
--all`` reads it for a work pool and a worker, and ``flows.serve`` builds the same
deployments from it to serve them from one process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import yaml

from governance.errors import ConfigError

if TYPE_CHECKING:
    from prefect.deployments.runner import RunnerDeployment
    from prefect.flows import Flow

REPO = Path(__file__).resolve().parent.parent
PREFECT_YAML = REPO / "prefect.yaml"
MODULE_ENTRYPOINT = re.compile(r"flows(\.[a-z_][a-z0-9_]*){2}")


@dataclass(frozen=True, slots=True)
class DeploymentSpec:
    """One entry of ``prefect.yaml``'s ``deployments`` list, as far as this project uses it."""

    name: str
    entrypoint: str
    description: str = ""
    tags: tuple[str, ...] = ()
    crons: tuple[tuple[str, str], ...] = ()  # (cron, timezone)
    parameters: dict[str, Any] = field(default_factory=dict)
    work_pool: str | None = None
    work_queue: str | None = None

    @property
    def module_file(self) -> Path:
        return REPO / (self.entrypoint.rpartition(".")[0].replace(".", "/") + ".py")

    def load_flow(self) -> Flow[..., Any]:
        from prefect.flows import load_flow_from_entrypoint

        return load_flow_from_entrypoint(self.entrypoint)  # imported as a module


def load_specs(path: Path = PREFECT_YAML) -> list[DeploymentSpec]:
    """Every deployment ``prefect.yaml`` declares (exit 2 naming the entry that is wrong)."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read the deployments file ({exc})") from exc
    entries = raw.get("deployments") or []
    return [_spec(path, i, entry) for i, entry in enumerate(entries)]


def _spec(path: Path, index: int, entry: dict[str, Any]) -> DeploymentSpec:
    where = f"{path}: deployments[{index}]"
    if not entry.get("name") or not MODULE_ENTRYPOINT.fullmatch(str(entry.get("entrypoint"))):
        raise ConfigError(
            f"{where} needs a name and a module entrypoint such as flows.govern.govern",
            hint="not a file path: Prefect puts a script's folder first on sys.path, where "
            "a module of flows/ could shadow a standard library module in workers",
        )
    schedules = entry.get("schedules") or []
    if any("cron" not in s for s in schedules):
        raise ConfigError(f"{where}: only cron schedules are used in this project")
    pool = entry.get("work_pool") or {}
    return DeploymentSpec(
        name=str(entry["name"]),
        entrypoint=str(entry["entrypoint"]),
        description=str(entry.get("description", "")),
        tags=tuple(entry.get("tags") or ()),
        crons=tuple((str(s["cron"]), str(s.get("timezone", "UTC"))) for s in schedules),
        parameters=dict(entry.get("parameters") or {}),
        work_pool=pool.get("name"),
        work_queue=pool.get("work_queue_name"),
    )


def workspace_queues(specs: list[DeploymentSpec]) -> dict[str, str]:
    """Queue per workspace. One queue per workspace and one workspace per queue: with a
    concurrency limit of 1 on each queue, runs on a workspace wait instead of colliding."""
    pairs = {(s.parameters.get("workspace", "govern-data"), s.work_queue) for s in specs}
    by_workspace: dict[str, str] = {}
    for workspace, queue in sorted(pairs, key=str):
        if not queue:
            raise ConfigError(f"a deployment on workspace {workspace} names no work queue")
        if workspace in by_workspace or queue in by_workspace.values():
            raise ConfigError(
                f"workspace {workspace} and work queue {queue} must pair one to one",
                hint="give every workspace its own work_queue_name in prefect.yaml",
            )
        by_workspace[workspace] = queue
    return by_workspace


def select(specs: list[DeploymentSpec], names: list[str]) -> list[DeploymentSpec]:
    """The named deployments, in the order given (all of them when no name is given)."""
    if not names:
        return specs
    by_name = {s.name: s for s in specs}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise ConfigError(
            f"no deployment named {', '.join(unknown)} in prefect.yaml",
            hint=f"choose from: {', '.join(by_name)}",
        )
    return [by_name[n] for n in names]


def to_runner_deployment(spec: DeploymentSpec) -> RunnerDeployment:
    """The deployment ``flow.serve`` runs: same name, parameters and schedules, no work pool."""
    from prefect.schedules import Cron
    from prefect.types.entrypoint import EntrypointType

    deployment = spec.load_flow().to_deployment(
        name=spec.name,
        description=spec.description or None,
        tags=list(spec.tags),
        parameters=spec.parameters,
        schedules=[Cron(cron, timezone=tz) for cron, tz in spec.crons],
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
    return cast("RunnerDeployment", deployment)  # sync call: not a coroutine


def main(argv: list[str] | None = None) -> int:
    """``python -m flows.deployments [--queues | --workspaces]``: the deployments, or the work
    queues to create (limit 1 each), or the workspaces they write to (one a line)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m flows.deployments")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--queues", action="store_true", help="the work queues, one a line")
    what.add_argument("--workspaces", action="store_true", help="the workspaces, one a line")
    args = parser.parse_args(argv)
    specs = load_specs()
    queues = workspace_queues(specs)
    if args.queues or args.workspaces:
        lines = sorted(set(queues.values()) if args.queues else queues)
    else:
        lines = [f"{s.name}: {s.entrypoint} {s.parameters}" for s in specs]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
