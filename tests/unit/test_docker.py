"""docker/: what the worker image and the compose file promise, checked statically (no
Docker engine here; the Dockerfile is also linted with hadolint, see docs/deploy.md)."""

from __future__ import annotations

import re
from typing import Any

import yaml

from flows.deployments import load_specs, workspace_queues
from tests.conftest import REPO

DOCKER = REPO / "docker"


def _instructions() -> list[tuple[str, str]]:
    text = (DOCKER / "Dockerfile").read_text().replace("\\\n", " ")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return [(ln.split(None, 1)[0].upper(), ln.split(None, 1)[1]) for ln in lines]


def _compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DOCKER / "compose.yaml").read_text())
    return data


def test_image_installs_exactly_the_lock_files_as_the_readme_does() -> None:
    runs = " ".join(arg for op, arg in _instructions() if op == "RUN")
    assert "pip install --extra-index-url" in runs and "-r requirements.lock" in runs
    assert "pip install --no-deps -r requirements-nodeps.lock" in runs
    assert "pip install --no-deps -e ." in runs
    assert "python -m flows.deployments --workspaces" in runs  # created, owned by the user
    assert "python docker/check_image.py policies/*.yaml" in runs


def test_image_base_is_pinned_and_it_runs_as_a_non_root_user() -> None:
    ops = _instructions()
    [base] = [arg for op, arg in ops if op == "FROM"]
    assert re.fullmatch(r"python:3\.11\.\d+-slim-\w+", base)
    users = [arg for op, arg in ops if op == "USER"]
    assert users and users[-1].split(":")[0] not in {"0", "root"}
    assert [arg for op, arg in ops if op == "CMD"][-1].startswith('["prefect", "worker", "start"')


def test_every_path_the_image_copies_exists() -> None:
    for op, arg in _instructions():
        if op == "COPY":
            *sources, _dest = arg.split()
            for source in sources:
                assert (REPO / source).exists(), source


def test_compose_runs_server_on_postgres_a_worker_and_a_workspace_volume() -> None:
    compose = _compose()
    services = compose["services"]
    assert {"postgres", "prefect-server", "worker", "setup"} <= set(services)
    db_url = services["prefect-server"]["environment"]["PREFECT_API_DATABASE_CONNECTION_URL"]
    assert db_url.startswith("postgresql+asyncpg://") and "@postgres:5432/" in db_url
    for workspace in workspace_queues(load_specs()):  # every workspace prefect.yaml uses
        assert f"{workspace}:/app/{workspace}" in services["worker"]["volumes"]
        assert workspace in compose["volumes"]
    assert services["worker"]["environment"]["PREFECT_API_URL"] == (
        "http://prefect-server:4200/api"
    )
    assert services["prefect-server"]["ports"] == ["127.0.0.1:4200:4200"]
    assert ":?" in services["postgres"]["environment"]["POSTGRES_PASSWORD"]  # no default


def test_compose_images_are_pinned_and_setup_deploys_prefect_yaml() -> None:
    services = _compose()["services"]
    for name, service in services.items():
        image = service.get("image", "")
        assert image and not image.endswith(":latest"), name
    assert "prefect --no-prompt deploy --all" in services["setup"]["command"][-1]
    assert "--limit 1" in services["setup"]["command"][-1]


def test_the_image_check_loads_every_model_the_shipped_policies_name(capsys: Any) -> None:
    import sys

    sys.path.insert(0, str(DOCKER))
    from check_image import main

    policies = sorted(str(p) for p in (REPO / "policies").glob("*.yaml"))
    assert main(policies) == 0
    out = capsys.readouterr().out
    assert "en model en_governance_ner loads" in out and "es model es_core_news_sm loads" in out
