"""prefect.yaml, the runner choice and the erasure request, checked without a server."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner
from prefect_dask.task_runners import DaskTaskRunner
from prefect_ray import RayTaskRunner

from flows.deployments import (
    PREFECT_YAML,
    DeploymentSpec,
    load_specs,
    select,
    to_runner_deployment,
    workspace_queues,
)
from flows.runners import RunnerSpec, parse_runner, task_runner_for, usable_cores
from governance.errors import ConfigError
from tests.conftest import REPO


def test_every_deployment_loads_its_flow_and_its_parameters_fit_the_flow() -> None:
    from prefect.utilities.callables import parameter_schema

    specs = load_specs()
    assert {"full-rebuild-default", "erasure-request", "reindex-default"} <= {s.name for s in specs}
    for spec in specs:
        accepted = parameter_schema(spec.load_flow()).properties
        assert set(spec.parameters) <= set(accepted), spec.name
        assert spec.work_pool == "govern"


def test_every_policy_has_a_nightly_incremental_deployment_with_its_own_workspace() -> None:
    nightly = [s for s in load_specs() if s.name.startswith("nightly-")]
    policies = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "policies").glob("*.yaml"))
    assert sorted(s.parameters["policy_path"] for s in nightly) == policies
    assert all(len(s.crons) == 1 and "full_rebuild" not in s.parameters for s in nightly)
    assert len({s.parameters["workspace"] for s in nightly}) == len(nightly)


def test_each_workspace_has_its_own_queue() -> None:
    queues = workspace_queues(load_specs())
    assert queues["govern-data"] == "workspace-default"
    assert len(set(queues.values())) == len(queues)


def test_two_queues_on_one_workspace_are_refused() -> None:
    spec = load_specs()[0]
    other = DeploymentSpec("x", spec.entrypoint, parameters=spec.parameters, work_queue="other")
    with pytest.raises(ConfigError, match="must pair one to one"):
        workspace_queues([spec, other])


def test_loading_the_flows_leaves_sys_path_alone() -> None:
    import sys

    for spec in load_specs():
        spec.load_flow()
    # A script entrypoint would put flows/ first on sys.path, where a module of flows/ could
    # shadow a standard library module in spawned process-pool workers.
    assert str(REPO / "flows") not in sys.path


def test_deployment_paths_and_policies_exist_and_validate() -> None:
    from governance.policy import load_policy

    for spec in load_specs():
        if "policy_path" in spec.parameters:
            load_policy(REPO / spec.parameters["policy_path"])
        assert spec.module_file.is_file(), spec.entrypoint


def test_nightly_is_an_incremental_cron_run_and_rebuild_is_on_demand() -> None:
    specs = {s.name: s for s in load_specs()}
    nightly, rebuild = specs["nightly-default"], specs["full-rebuild-default"]
    assert nightly.crons == (("0 2 * * *", "UTC"),)
    assert not nightly.parameters.get("full_rebuild", False)
    assert rebuild.crons == () and rebuild.parameters["full_rebuild"] is True
    # The merge key keeps the rebuild on the same policy and workspace as the nightly run.
    assert {k: v for k, v in rebuild.parameters.items() if k != "full_rebuild"} == (
        nightly.parameters
    )


def test_no_parameter_carries_a_key() -> None:
    text = PREFECT_YAML.read_text().lower()
    for spec in load_specs():
        assert not any("key" in name for name in spec.parameters), spec.name
    assert "secret" not in text.split("deployments:")[1]


def test_serve_builds_the_same_deployments_without_a_work_pool() -> None:
    nightly = to_runner_deployment(select(load_specs(), ["nightly-default"])[0])
    assert nightly.name == "nightly-default" and nightly.work_pool_name is None
    assert nightly.parameters["policy_path"] == "policies/default.yaml"
    assert [s.schedule.cron for s in nightly.schedules] == ["0 2 * * *"]  # type: ignore[union-attr]


def test_select_names_an_unknown_deployment() -> None:
    with pytest.raises(ConfigError, match="no deployment named nope.*choose from: nightly"):
        select(load_specs(), ["nope"])


def test_a_broken_deployments_file_names_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "prefect.yaml"
    path.write_text("deployments:\n  - name: x\n    entrypoint: flows/govern.py:govern\n")
    with pytest.raises(ConfigError, match=r"deployments\[0\] needs a name and a module entry"):
        load_specs(path)


@pytest.mark.parametrize(
    ("value", "spec"),
    [
        ("process", RunnerSpec("process")),
        ("process:2", RunnerSpec("process", workers=2)),
        ("thread", RunnerSpec("thread")),
        ("dask", RunnerSpec("dask")),
        ("dask:tcp://10.0.0.5:8786", RunnerSpec("dask", address="tcp://10.0.0.5:8786")),
    ],
)
def test_parse_runner(value: str, spec: RunnerSpec) -> None:
    assert parse_runner(value) == spec


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("spark", "unknown runner 'spark'.*process\\[:WORKERS\\] \\| thread"),
        ("process:0", "worker count must be a whole number >= 1"),
        ("process:two", "worker count must be a whole number >= 1"),
        ("dask:", "nothing after ':'"),
        ("thread:4", "thread takes no argument"),
    ],
)
def test_bad_runner_names_what_is_allowed(value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_runner(value)


def test_task_runner_for_each_kind() -> None:
    assert isinstance(task_runner_for("thread", 8), ThreadPoolTaskRunner)
    assert isinstance(task_runner_for("process:2", 1), ThreadPoolTaskRunner)  # one batch
    pool = task_runner_for("process:2", 8)
    assert isinstance(pool, ProcessPoolTaskRunner) and pool._max_workers == 2
    default = task_runner_for("process", 64)
    expected = usable_cores()
    if expected == 1:
        assert isinstance(default, ThreadPoolTaskRunner)
    else:
        assert isinstance(default, ProcessPoolTaskRunner) and default._max_workers == expected
    local = task_runner_for("dask", 3)
    assert isinstance(local, DaskTaskRunner)
    assert local.cluster_kwargs["threads_per_worker"] == 1
    assert local.cluster_kwargs["n_workers"] == min(usable_cores(), 3)
    remote = task_runner_for("dask:tcp://10.0.0.5:8786", 3)
    assert isinstance(remote, DaskTaskRunner) and remote.address == "tcp://10.0.0.5:8786"
    ray = task_runner_for("ray", 3)
    assert isinstance(ray, RayTaskRunner) and ray.address is None
    assert ray.init_kwargs["num_cpus"] == usable_cores()
    assert ray.init_kwargs["include_dashboard"] is False
    cluster = task_runner_for("ray:ray://10.0.0.5:10001", 3)
    assert isinstance(cluster, RayTaskRunner) and cluster.address == "ray://10.0.0.5:10001"


def test_ray_without_prefect_ray_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "prefect_ray" else real(name, *a))  # fmt: skip
    with pytest.raises(ConfigError, match="needs the prefect-ray package.*pip install prefect-ray"):
        parse_runner("ray")


@pytest.mark.parametrize(
    ("doc", "source"), [(None, None), ("d1", "docs:a.md"), ("", "")],
)  # fmt: skip
def test_erasure_request_needs_exactly_one_target(doc: str | None, source: str | None) -> None:
    from flows.erase import erasure_request

    with pytest.raises(ConfigError, match="exactly one of doc_id or source"):
        erasure_request(doc, source, "TICKET-1")


def test_erasure_request_by_doc_id() -> None:
    from flows.erase import erasure_request

    request = erasure_request("d1", None, "TICKET-1")
    assert (request.kind, request.doc, request.reason) == ("doc", "d1", "TICKET-1")


def test_govern_run_refuses_a_bad_runner_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from governance.cli import main
    from tests.integration.conftest import write_corpus

    corpus = write_corpus(tmp_path / "sources")
    code = main(["run", "--source-root", str(corpus), "--workspace", str(tmp_path / "ws"),
                 "--runner", "process:0"])  # fmt: skip
    assert code == 2
    assert "process worker count must be a whole number >= 1" in capsys.readouterr().err
    assert not (tmp_path / "ws").exists()


def test_govern_run_has_a_full_rebuild_switch() -> None:
    from governance.cli import build_parser

    assert build_parser().parse_args(["run", "--full-rebuild"]).full_rebuild is True
    assert build_parser().parse_args(["run"]).full_rebuild is False
