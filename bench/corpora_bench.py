"""Corpora benchmarks: snapshot assembly memory, dedup throughput, index build throughput.

    .venv/bin/python bench/corpora_bench.py assemble [--rows 200000] [--staged 20000]
    .venv/bin/python bench/corpora_bench.py dedup [--rows 5000]
    .venv/bin/python bench/corpora_bench.py index [--rows 2000]
    .venv/bin/python bench/corpora_bench.py dedup-index [--rows 100000]

``assemble`` writes a previous snapshot of ``--rows`` synthetic RAG chunks (~1 KB of
text each) and ``--staged`` rows in staged batches of 1,000, then assembles the new
snapshot in a fresh child process twice: ``memory`` (the skeleton's way: read the whole
previous snapshot, concatenate, write) and ``stream`` (``assemble_snapshot``). The
figure is each child's peak RSS (``ru_maxrss`` of RUSAGE_CHILDREN), and a baseline child
that only imports the modules gives the fixed cost. ``dedup`` times the deduplicator on
chat-like records (a tenth near duplicates). ``index`` times ``build_index`` on a
synthetic snapshot (embedding on CPU dominates). ``dedup-index`` builds the dedup index
of ``--rows`` rows (random MinHash values and digests, made the same way in each child)
in fresh child processes: the former datasketch ``MinHashLSH`` with a ``LeanMinHash`` per
row, and the columnar index, row by row (``check_many``) and in bulk (``remember``);
peak RSS above a child that only makes the fingerprints. Output: one JSON line per figure.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

WORDS = ("policy invoice refund order travel expense manager approval office holiday "
         "payroll contract supplier delivery warehouse budget meeting report").split()  # fmt: skip


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)) + "."


def _row(i: int, rng: random.Random, uri: str) -> dict[str, Any]:
    return {"chunk_id": f"c{i:09d}", "doc_id": f"d{i // 4}", "text": _text(rng, 140),
            "title": "Bench", "language": "en", "source_start": 0, "source_end": 1,
            "pii_replaced": 0, "source": "docs", "source_uri": uri,
            "classification": "internal", "allowed_groups": ["all-staff"],
            "legal_basis": "contract", "retention_until": date(2030, 1, 1),
            "policy_hash": "p" * 16, "run_id": "bench", "key_id": "k"}  # fmt: skip


def _prepare(root: Path, rows: int, staged: int) -> None:
    import pyarrow as pa

    from governance.corpora.snapshot import SnapshotWriter, publish, write_rows

    rng = random.Random(7)
    corpus = root / "rag"
    with SnapshotWriter(corpus, "s0", "rag", {}) as writer:
        for start in range(0, rows, 10_000):
            chunk = [
                _row(i, rng, f"f{i // 100}.md") for i in range(start, min(rows, start + 10_000))
            ]
            writer.write(pa.Table.from_pylist(chunk))
        writer.commit()
    publish(corpus, "s0")
    for b in range(0, staged, 1_000):
        write_rows([_row(rows + i, rng, f"new{b}.md") for i in range(b, min(staged, b + 1_000))],
                   "rag", root / "staging" / f"batch-{b:07d}.parquet")  # fmt: skip


CHILD = {
    "baseline": "import pyarrow, governance.corpora.assemble",
    "memory": """
import pyarrow as pa, pyarrow.parquet as pq
from governance.corpora.snapshot import current_table, carry_forward, read_parts, write_snapshot
root = __import__('pathlib').Path(ROOT)
prev = carry_forward(current_table(root / 'rag', 'rag'), {'f0.md'})
new = read_parts(sorted((root / 'staging').glob('*.parquet')), 'rag')
write_snapshot(root / 'rag', 's-memory', pa.concat_tables([prev, new]), 'rag', {})
""",
    "stream": """
from governance.corpora.assemble import assemble_snapshot
from governance.policy.model import Target
root = __import__('pathlib').Path(ROOT)
assemble_snapshot(root / 'rag', 's-stream', Target(kind='rag', operators={'default': 'redact'}),
                  sorted((root / 'staging').glob('*.parquet')), replaced={'f0.md'}, meta={})
""",
}


_FINGERPRINTS = """
import json, resource, time
import numpy as np
rng = np.random.default_rng(11)
ids = [f"ft-{i:012d}-{i * 7919 % 10**9:09d}" for i in range(ROWS)]
digests = rng.integers(0, 256, (ROWS, 16), dtype=np.uint8)
values = rng.integers(0, 2**32, (ROWS, 128), dtype=np.uint64).astype(np.uint32)
start = time.perf_counter()
"""
_REPORT = """
secs = time.perf_counter() - start
print(json.dumps([resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, secs]))
"""
DEDUP_CHILD = {
    "baseline": "",
    "lsh": """
from datasketch import LeanMinHash, MinHash, MinHashLSH
scheme = MinHash(num_perm=128, seed=1).scheme
lsh, sigs, seen, by_digest = MinHashLSH(threshold=0.85, num_perm=128), {}, set(), {}
for i, row_id in enumerate(ids):
    sig = LeanMinHash(seed=1, hashvalues=values[i].astype(np.uint64), scheme=scheme)
    lsh.query(sig)
    lsh.insert(row_id, sig, check_duplication=False)
    sigs[row_id] = sig
    seen.add(row_id)
    by_digest.setdefault(digests[i].tobytes(), row_id)
""",
    "columnar": """
from governance.corpora.dedup.minhash import Deduplicator
from governance.policy.model import Dedup
dedup = Deduplicator(Dedup())
for at in range(0, ROWS, 2000):
    dedup.check_many(ids[at : at + 2000], digests[at : at + 2000], values[at : at + 2000])
""",
    "columnar-bulk": """
from governance.corpora.dedup.minhash import Deduplicator
from governance.policy.model import Dedup
Deduplicator(Dedup()).remember(ids, digests, values)
""",
}


def bench_dedup_index(rows: int) -> None:
    """Each child reports its own peak RSS and the seconds after making fingerprints."""
    base = 0.0
    for mode, code in DEDUP_CHILD.items():
        src = f"import governance\nROWS = {rows}\n{_FINGERPRINTS}{code}{_REPORT}"
        out = subprocess.run([sys.executable, "-c", src], check=True, cwd=REPO,
                             capture_output=True, text=True).stdout  # fmt: skip
        peak, secs = json.loads(out.strip().splitlines()[-1])
        base = base or peak
        print(json.dumps({"bench": "dedup-index", "mode": mode, "rows": rows,
                          "peak_rss_mb": round(peak, 1), "index_mb": round(peak - base, 1),
                          "bytes_per_row": round((peak - base) * 2**20 / rows),
                          "seconds": round(secs, 2)}))  # fmt: skip


def _peak_mb(code: str, root: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    src = "import governance\nROOT = " + repr(str(root)) + "\n" + code
    subprocess.run([sys.executable, "-c", src], check=True, cwd=REPO)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(peak, before) / 1024, time.perf_counter() - start


def bench_assemble(rows: int, staged: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _prepare(root, rows, staged)
        size = sum(p.stat().st_size for p in (root / "rag" / "s0").glob("*.parquet")) / 2**20
        # ru_maxrss of children is a running max: measure in increasing order of expectation.
        for mode in ("baseline", "stream", "memory"):
            peak, secs = _peak_mb(CHILD[mode], root)
            figure = {"bench": "assemble", "mode": mode, "previous_rows": rows,
                      "staged_rows": staged, "snapshot_mb_on_disk": round(size, 1),
                      "peak_rss_mb": round(peak, 1), "seconds": round(secs, 2)}  # fmt: skip
            print(json.dumps(figure))


def bench_dedup(rows: int) -> None:
    from governance.corpora.dedup.minhash import Deduplicator
    from governance.policy.model import Dedup

    rng = random.Random(3)
    texts = [_text(rng, 120) for _ in range(rows)]
    texts = [t if i % 10 else texts[i - 1] + " again" for i, t in enumerate(texts)]
    dedup = Deduplicator(Dedup())
    start = time.perf_counter()
    dropped = sum(1 for i, t in enumerate(texts) if dedup.check(f"r{i}", t))
    secs = time.perf_counter() - start
    print(json.dumps({"bench": "dedup", "records": rows, "dropped": dropped,
                      "records_per_s": round(rows / secs, 1)}))  # fmt: skip


def bench_index(rows: int) -> None:
    import pyarrow as pa

    from governance.corpora.assemble import links_of
    from governance.corpora.snapshot import publish, write_snapshot
    from governance.index import build_index
    from governance.lineage.store import LineageStore, RunRecord, RunStart, SnapshotRow
    from governance.workspace import Workspace

    rng = random.Random(5)
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace.open(Path(tmp) / "ws")
        table = pa.Table.from_pylist([{**_row(i, rng, "a.md"), "text": _text(rng, 180)}
                                      for i in range(rows)])  # fmt: skip
        w = write_snapshot(ws.corpus("rag"), "s1", table, "rag", {})
        with LineageStore(ws.lineage) as store:
            store.start_run(RunStart("bench", "bench", "p" * 16, "-", "{}", "k", "0", "-"))
            store.finish_run(RunRecord("bench", "completed",
                                       outputs=links_of(table, "rag", "s1", "rag"),
                                       snapshots=[SnapshotRow("s1", "rag", "rag", w.row_count,
                                                              str(w.path), w.manifest_sha256,
                                                              "published")]))  # fmt: skip
        publish(ws.corpus("rag"), "s1")
        from governance.index.embed import embedder

        embedder()  # model load is a fixed cost, reported apart
        start = time.perf_counter()
        info = build_index(ws.root)
        secs = time.perf_counter() - start
        print(json.dumps({"bench": "index", "chunks": info.rows, "words_per_chunk": 180,
                          "seconds": round(secs, 2),
                          "chunks_per_s": round(info.rows / secs, 1)}))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="bench", required=True)
    a = sub.add_parser("assemble")
    a.add_argument("--rows", type=int, default=200_000)
    a.add_argument("--staged", type=int, default=20_000)
    sub.add_parser("dedup").add_argument("--rows", type=int, default=5_000)
    sub.add_parser("index").add_argument("--rows", type=int, default=2_000)
    sub.add_parser("dedup-index").add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    import governance  # noqa: F401  (offline settings)

    if args.bench == "assemble":
        bench_assemble(args.rows, args.staged)
    elif args.bench == "dedup":
        bench_dedup(args.rows)
    elif args.bench == "dedup-index":
        bench_dedup_index(args.rows)
    else:
        bench_index(args.rows)


if __name__ == "__main__":
    main()
