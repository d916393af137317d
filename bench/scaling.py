"""Scale-out: `govern run` with one and with two workers, and the cost of an incremental run.

    .venv/bin/python bench/scaling.py [--size-mb 200 | --scale N] [--workers 1 2]
                                      [--changed 0.01] [--ephemeral] [--keep] [--json FILE]

What is measured, on the demo company's corpus made by
``governance.demo.generate_demo_corpus(dest, scale=N)`` (``--size-mb`` picks N from a
small sample; gold.json is not a source and is not counted):

1. a full ``govern run --runner process:W`` for each W in ``--workers``, each into a
   fresh workspace, with the default policy and a random key: wall time, files and
   bytes per second, and the scaling ratio time(first W) / time(last W);
2. on the workspace of the last full run: a re-run with nothing changed (the fixed
   cost: start-up, discovery and hashing, planning, report), then a re-run after
   ``--changed`` (1%) of the files were edited (a line appended to Markdown, HTML and
   e-mail files), as a fraction of the full run's time;
3. peak memory of every run: the largest sum of resident memory over the ``govern``
   process and all its children (the process-pool workers), sampled every 0.2 s with
   psutil, and the largest single process.

By default one ``prefect server`` is started for the whole benchmark (its own temporary
PREFECT_HOME) so no run pays for Prefect's temporary API; ``--ephemeral`` measures the
out-of-the-box set-up instead. The machine (CPU, cores, memory, load) is printed with
the figures. Scaling figures mean nothing on a machine other work is using.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
GOVERN = Path(sys.executable).with_name("govern")
POLICY = REPO / "policies" / "default.yaml"
EDITABLE = {".md", ".html", ".eml", ".txt"}


def machine() -> dict[str, Any]:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text()
                .splitlines() if ln.startswith("model name")), platform.processor())  # fmt: skip
    return {
        "cpu": cpu,
        "logical_cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)),
        "memory_gb": round(psutil.virtual_memory().total / 1e9, 1),
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def source_bytes(root: Path) -> tuple[int, int]:
    files = [p for p in root.rglob("*") if p.is_file() and p.name != "gold.json"]
    return len(files), sum(p.stat().st_size for p in files)


def scale_for(size_mb: float, tmp: Path) -> int:
    """The demo scale that makes about ``size_mb`` MB of sources (from a scale-4 sample)."""
    from governance.demo import generate_demo_corpus

    sample = tmp / "sample"
    generate_demo_corpus(sample, scale=4)
    per_scale = source_bytes(sample)[1] / 4
    shutil.rmtree(sample)
    return max(1, math.ceil(size_mb * 1e6 / per_scale))


class PeakMemory:
    """Samples the summed RSS of a process and its descendants until stopped."""

    def __init__(self, pid: int) -> None:
        self.root = psutil.Process(pid)
        self.peak_total = self.peak_single = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._done.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                return
            rss = [_rss(p) for p in procs]
            self.peak_total = max(self.peak_total, sum(rss))
            self.peak_single = max(self.peak_single, max(rss, default=0))
            time.sleep(0.2)

    def stop(self) -> dict[str, float]:
        self._done.set()
        self._thread.join()
        return {"peak_rss_total_mb": round(self.peak_total / 1e6, 1),
                "peak_rss_largest_process_mb": round(self.peak_single / 1e6, 1)}  # fmt: skip


def _rss(proc: psutil.Process) -> int:
    try:
        return int(proc.memory_info().rss)
    except psutil.Error:
        return 0


def govern_run(
    corpus: Path, workspace: Path, runner: str, env: dict[str, str], policy: Path = POLICY
) -> dict[str, Any]:
    """One ``govern run``: wall time, peak memory and the run's own summary line."""
    cmd = [str(GOVERN), "run", "--policy", str(policy), "--source-root", str(corpus),
           "--workspace", str(workspace), "--runner", runner]  # fmt: skip
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)  # fmt: skip
    memory = PeakMemory(proc.pid)
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    figures = memory.stop()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{err[-3000:]}")
    summary = next((ln for ln in out.splitlines() if ln.startswith("run ")), "")
    return {"runner": runner, "seconds": round(seconds, 1), "summary": summary, **figures}


def edit_files(corpus: Path, fraction: float) -> int:
    """Append a line to ``fraction`` of the source files (spread evenly over the corpus)."""
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.name != "gold.json")
    wanted = max(1, round(len(files) * fraction))
    editable = [p for p in files if p.suffix in EDITABLE]
    step = max(1, len(editable) // wanted)
    chosen = editable[::step][:wanted]
    for path in chosen:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write("\nThis page was reviewed again this quarter.\n")
    return len(chosen)


def start_server(home: Path, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    from tests.integration.prefect_server import PrefectServer, free_port

    server = PrefectServer(home=home, port=free_port(), repo=REPO)
    server.start()
    return server.processes[0].proc, server.api_url


def run_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "GOVERN_"))}
    env.update({"PREFECT_HOME": str(home), "GOVERN_PSEUDONYM_KEY": secrets.token_hex(32),
                "PREFECT_LOGGING_LEVEL": "WARNING"})  # fmt: skip
    return env


def benchmark(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    from governance.demo import generate_demo_corpus

    scale = args.scale or scale_for(args.size_mb, tmp)
    corpus = tmp / "corpus"
    generate_demo_corpus(corpus, scale=scale)
    files, size = source_bytes(corpus)
    print(f"corpus: scale {scale}, {files} files, {size / 1e6:.1f} MB", file=sys.stderr)
    env = run_env(tmp / "prefect-home")
    server = None
    if not args.ephemeral:
        server, env["PREFECT_API_URL"] = start_server(tmp / "prefect-home", env)
    try:
        return _measure(args, tmp, corpus, env) | {
            "corpus": {"scale": scale, "files": files, "mb": round(size / 1e6, 1)},
            "prefect_api": "ephemeral" if args.ephemeral else "local prefect server",
        }
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)


def _measure(
    args: argparse.Namespace, tmp: Path, corpus: Path, env: dict[str, str]
) -> dict[str, Any]:
    full = []
    for workers in args.workers:
        print(f"full run with {workers} worker(s)...", file=sys.stderr)
        full.append(govern_run(corpus, tmp / f"ws-{workers}", f"process:{workers}", env))
    last_ws, last = tmp / f"ws-{args.workers[-1]}", full[-1]
    print("re-run, nothing changed...", file=sys.stderr)
    unchanged = govern_run(corpus, last_ws, last["runner"], env)
    edited = edit_files(corpus, args.changed)
    print(f"re-run after editing {edited} files...", file=sys.stderr)
    incremental = govern_run(corpus, last_ws, last["runner"], env)
    return {
        "full_runs": full,
        "scaling_ratio": round(full[0]["seconds"] / last["seconds"], 2),
        "rerun_unchanged": unchanged | {"fraction_of_full": _frac(unchanged, last)},
        "rerun_incremental": incremental | {"files_edited": edited,
                                            "fraction_of_full": _frac(incremental, last)},
    }  # fmt: skip


def _frac(run: dict[str, Any], full: dict[str, Any]) -> float:
    return round(run["seconds"] / full["seconds"], 4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mb", type=float, default=200.0)
    parser.add_argument("--scale", type=int, help="demo scale (overrides --size-mb)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--changed", type=float, default=0.01, help="fraction of files edited")
    parser.add_argument("--ephemeral", action="store_true", help="no server: Prefect's own API")
    parser.add_argument("--keep", action="store_true", help="keep the corpus and workspaces")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="scaling-bench-"))
    report = {"machine": machine()}
    try:
        report |= benchmark(args, tmp)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    emit(report, args.json)


def emit(report: dict[str, Any], path: Path | None) -> None:
    """Print the figures (with the load average after the runs), and write them to ``path``."""
    report["machine_load_after"] = [round(x, 2) for x in os.getloadavg()]
    text = json.dumps(report, indent=2)
    print(text)
    if path:
        path.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
