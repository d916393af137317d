"""Soak: 100,000 small documents through `govern run`, with memory sampled all along.

    .venv/bin/python bench/soak.py [--docs 100000 25000] [--rows-per-file 500] [--json FILE]

For each ``--docs`` count, a fresh corpus of JSON Lines ticket files (``--rows-per-file``
rows each, about 300 bytes per row: a subject, a body naming a person, an e-mail and a
phone number) goes through one ``govern run`` with the default policy, the default
runner and a local ``prefect server`` (as ``bench/scaling.py``). Every 0.2 s the
resident memory of the flow's process and of all its processes is sampled, with the
number of documents done so far (from the run's progress lines).

"Flat" means the memory of the processes does not grow with the documents: the report
gives the peak in each quarter of the batch phase (by time), the peak after the
batches (dedup, snapshot write, lineage transaction), and the peak of the whole run for
each corpus size, side by side.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scaling import GOVERN, POLICY, emit, machine, run_env, start_server

FIRST = ["Laura", "Daniel", "Sofia", "Martin", "Elena", "Thomas", "Grace", "Oliver"]
LAST = ["Whitaker", "Gallagher", "Moreno", "Lindqvist", "Okafor", "Brennan", "Castillo"]
SUBJECTS = ["Refund", "Login problem", "Invoice copy", "Address change", "Delivery late"]
PROGRESS = re.compile(r"(\d+) documents")
INTERVAL = 0.2


def write_corpus(root: Path, docs: int, per_file: int) -> None:
    """``docs`` ticket rows in JSON Lines files of ``per_file`` rows (tickets source)."""
    rng = random.Random(docs)
    for sub in ("hr", "mail", "docs"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    tickets = root / "tickets"
    tickets.mkdir(parents=True, exist_ok=True)
    for start in range(0, docs, per_file):
        rows = []
        for i in range(start, min(docs, start + per_file)):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            email, phone = f"{first}.{last}{i}@example-mail.com", f"+1 415-555-{i % 10000:04d}"
            body = f"Hello, this is {first} {last}. Ticket {i}: please reply to {email} or {phone}."
            rows.append(json.dumps({"ticket_id": f"T-{i}", "subject": rng.choice(SUBJECTS),
                                    "body": body, "reply": "Thanks, we are on it."}))  # fmt: skip
        (tickets / f"tickets-{start // per_file:05d}.jsonl").write_text("\n".join(rows) + "\n")


class Sampler:
    """Samples (seconds, flow RSS, total RSS, documents done) every ``INTERVAL`` seconds:
    the steps after the batches last seconds, and a coarser clock misses their peaks."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.proc, self.documents = proc, 0
        self.samples: list[tuple[float, int, int, int]] = []
        self.root = psutil.Process(proc.pid)
        self.started = time.monotonic()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while self.proc.poll() is None:
            try:
                procs = [self.root, *self.root.children(recursive=True)]
                rss = [p.memory_info().rss for p in procs]
                self.samples.append((time.monotonic() - self.started, rss[0], sum(rss),
                                     self.documents))  # fmt: skip
            except psutil.Error:
                pass
            time.sleep(INTERVAL)


def soak(
    docs: int, per_file: int, tmp: Path, env: dict[str, str], policy: Path = POLICY
) -> dict[str, Any]:
    corpus, workspace = tmp / f"corpus-{docs}", tmp / f"ws-{docs}"
    write_corpus(corpus, docs, per_file)
    cmd = [str(GOVERN), "run", "--policy", str(policy), "--source-root", str(corpus),
           "--workspace", str(workspace)]  # fmt: skip
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)  # fmt: skip
    sampler = Sampler(proc)
    assert proc.stderr is not None
    last: list[str] = []
    for line in proc.stderr:
        last = [*last[-4:], line.rstrip()]
        if line.startswith("govern: batch") and (m := PROGRESS.search(line)):
            sampler.documents = int(m.group(1))
    out = proc.stdout.read() if proc.stdout else ""
    proc.wait()
    sampler.thread.join()
    if proc.returncode != 0:
        raise SystemExit(f"govern run exited {proc.returncode}: " + " | ".join(last))
    return {"documents": docs, "seconds": round(time.perf_counter() - started, 1),
            "summary": next((ln for ln in out.splitlines() if ln.startswith("run ")), ""),
            **memory_profile(sampler.samples, docs)}  # fmt: skip


def memory_profile(samples: list[tuple[float, int, int, int]], docs: int) -> dict[str, Any]:
    """Peaks of the whole run; of each quarter of the batch phase (by time, until every
    document is done); and of what follows it (dedup, snapshot write, lineage)."""
    done_at = next((s[0] for s in samples if s[3] >= docs), samples[-1][0])
    batches = [s for s in samples if s[0] < done_at]
    quarters = []
    for q in range(4):
        inside = [s for s in batches if done_at * q / 4 <= s[0] < done_at * (q + 1) / 4]
        quarters.append(_peaks(inside) | {"seconds": f"{done_at * q / 4:.0f}-"
                                                      f"{done_at * (q + 1) / 4:.0f}"})  # fmt: skip
    return {
        "peak_flow_process_mb": round(max(s[1] for s in samples) / 1e6),
        "peak_all_processes_mb": round(max(s[2] for s in samples) / 1e6),
        "batch_phase_by_quarter": quarters,
        "after_batches": _peaks([s for s in samples if s[0] >= done_at]),
        "samples": len(samples),
    }


def _peaks(samples: list[tuple[float, int, int, int]]) -> dict[str, Any]:
    return {"peak_flow_mb": round(max((s[1] for s in samples), default=0) / 1e6),
            "peak_total_mb": round(max((s[2] for s in samples), default=0) / 1e6),
            "documents_done_at_end": max((s[3] for s in samples), default=0)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[100_000, 25_000])
    parser.add_argument("--rows-per-file", type=int, default=500)
    parser.add_argument("--policy", type=Path, default=POLICY, help="default: the default policy")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="soak-bench-"))
    report: dict[str, Any] = {"machine": machine()}
    env = run_env(tmp / "prefect-home")
    server, env["PREFECT_API_URL"] = start_server(tmp / "prefect-home", env)
    try:
        report["runs"] = [soak(n, args.rows_per_file, tmp, env, args.policy) for n in args.docs]
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)
    emit(report, args.json)


if __name__ == "__main__":
    main()
