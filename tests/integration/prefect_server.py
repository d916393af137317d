"""A real Prefect server and worker as subprocesses, for the deployment tests.

``prefect server start`` on 127.0.0.1 with its own PREFECT_HOME (SQLite), driven through
the ``prefect`` command and the REST API, exactly as an operator would. Nothing here
uses Prefect's ephemeral API or test harness.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}
RETRYABLE = {429, 502, 503}
RETRIES = 8


def _retry_after(response: httpx.Response, attempt: int) -> float:
    """The server's Retry-After when it gives one, else 0.25 s doubling up to 8 s."""
    try:
        return min(float(response.headers["Retry-After"]), 30.0)
    except (KeyError, ValueError):
        return min(0.25 * 2**attempt, 8.0)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def base_env(home: Path, api_url: str, *, scheduler: bool = False) -> dict[str, str]:
    """A clean environment: no PREFECT_* or GOVERN_* from the caller, offline, no telemetry;
    the server's scheduler only when a test asks for it (then it looks every 5 s)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "GOVERN_"))}
    env.update({
        "PREFECT_HOME": str(home),
        "PREFECT_API_URL": api_url,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_UI_ENABLED": "false",
        # Only the runs a test creates, unless it tests the schedules themselves.
        "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": str(scheduler).lower(),
        "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "5",
        "PREFECT_WORKER_QUERY_SECONDS": "1",
        "PREFECT_LOGGING_LEVEL": "DEBUG",
    })  # fmt: skip
    return env


@dataclass
class Process:
    """A subprocess in its own session, with its output in a log file."""

    name: str
    log: Path
    proc: subprocess.Popen[bytes]

    @classmethod
    def start(
        cls, name: str, args: list[str], env: dict[str, str], cwd: Path, log: Path
    ) -> Process:
        with open(log, "wb") as out:
            proc = subprocess.Popen(
                args, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        return cls(name, log, proc)

    def stop(self, grace: float = 20.0) -> None:
        if self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)  # the group this test started, by its id
        try:
            self.proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=grace)

    def tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:]


@dataclass
class PrefectServer:
    home: Path
    port: int
    repo: Path
    scheduler: bool = False
    processes: list[Process] = field(default_factory=list)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    @property
    def env(self) -> dict[str, str]:
        return base_env(self.home, self.api_url, scheduler=self.scheduler)

    def start(self, timeout: float = 180.0) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        args = [*self.prefect(), "server", "start", "--host", "127.0.0.1", "--port", str(self.port)]
        server = Process.start("server", args, self.env, self.home, self.home / "server.log")
        self.processes.append(server)
        self._wait_healthy(server, timeout)

    def _wait_healthy(self, server: Process, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if server.proc.poll() is not None:
                raise RuntimeError(f"prefect server exited early:\n{server.tail()}")
            try:
                if httpx.get(f"{self.api_url}/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"prefect server not healthy after {timeout}s:\n{server.tail()}")

    def prefect(self) -> list[str]:
        return [sys.executable, "-m", "prefect"]

    def cli(
        self, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """One ``prefect`` command, run from the repository (as the docs show), non-interactive."""
        return subprocess.run(
            [*self.prefect(), "--no-prompt", *args], cwd=self.repo, env=env or self.env,
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip

    def start_worker(self, pool: str, env: dict[str, str]) -> Process:
        args = [*self.prefect(), "worker", "start", "--pool", pool, "--type", "process"]
        worker = Process.start("worker", args, env, self.repo, self.home / "worker.log")
        self.processes.append(worker)
        return worker

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()

    def logs(self) -> Iterator[Path]:
        yield from (p.log for p in self.processes)

    # --- REST API -----------------------------------------------------------------------

    def api(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """One API call, retried as Prefect's own client does on a busy server.

        The server answers 503 when SQLite is locked by its background services (the
        transaction was rolled back, so a retry is safe) and 429 when it sheds load.
        """
        for attempt in range(RETRIES + 1):
            response = httpx.request(method, f"{self.api_url}{path}", json=body, timeout=30)
            if response.status_code not in RETRYABLE or attempt == RETRIES:
                break
            time.sleep(_retry_after(response, attempt))
        response.raise_for_status()
        return response.json() if response.content else None

    def run_deployment(self, flow: str, deployment: str, parameters: dict[str, Any]) -> str:
        found = self.api("GET", f"/deployments/name/{flow}/{deployment}")
        # The idempotency key makes a retried create return the same run, never a second one.
        run = self.api("POST", f"/deployments/{found['id']}/create_flow_run",
                       {"parameters": parameters, "idempotency_key": uuid.uuid4().hex})  # fmt: skip
        return str(run["id"])

    def wait_flow_run(self, run_id: str, timeout: float = 600.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            run: dict[str, Any] = self.api("GET", f"/flow_runs/{run_id}")
            if run["state_type"] in TERMINAL:
                return run
            time.sleep(1)
        raise RuntimeError(f"flow run {run_id} did not finish within {timeout}s")

    def finished_runs(self, deployment_id: str) -> list[dict[str, Any]]:
        """A deployment's runs in a terminal state, earliest first (a schedule also holds
        a hundred future runs, which an unfiltered page would return instead)."""
        body = {"flow_runs": {"deployment_id": {"any_": [deployment_id]},
                              "state": {"type": {"any_": sorted(TERMINAL)}}},
                "sort": "EXPECTED_START_TIME_ASC", "limit": 5}  # fmt: skip
        return list(self.api("POST", "/flow_runs/filter", body))

    def flow_run_logs(self, run_id: str) -> list[str]:
        rows = self.api("POST", "/logs/filter",
                        {"logs": {"flow_run_id": {"any_": [run_id]}}, "limit": 200})  # fmt: skip
        return [str(r["message"]) for r in rows]
