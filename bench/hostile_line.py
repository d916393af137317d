"""A 1 GB single line (and a large one under the file limit) through `govern run`.

    .venv/bin/python bench/hostile_line.py [--gb 1.0] [--under-mb 5] [--json FILE]

Two files in one source folder, each one line with no newline:

- ``huge.txt``: ``--gb`` GB. It is larger than the source's ``max_file_bytes`` (50 MB by
  default), so discovery hashes it (streamed) and the unit of work quarantines it by
  its size without reading it;
- ``large.txt``: ``--under-mb`` MB of words and numbers, under the limit, so it is read
  and goes through detection in bounded segments.

The run uses ``--runner thread`` and its own temporary Prefect API. Reported: wall time,
peak resident memory of all the run's processes (sampled every 0.2 s), and the state
and reason lineage gives each file. A ``tests/e2e/test_hostile_inputs.py`` case covers
the same ground at 4 MB in CI.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import duckdb
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scaling import POLICY, emit, govern_run, machine, run_env


def varied(start: int, size: int) -> bytes:
    """About ``size`` bytes of one line of varied text, an e-mail address now and then
    (so chunks differ and some carry personal data, as real text does)."""
    parts, total, i = [], 0, start
    while total < size:
        part = f"Shipment {i} left depot {i % 97} at {i % 24}:00 on route {i * 7 % 13}; "
        if i % 40 == 0:
            part += f"questions to dispatcher{i}@example.org; "
        parts.append(part.encode())
        total, i = total + len(part), i + 1
    return b"".join(parts)


def write_line(path: Path, size: int) -> None:
    """One line of ``size`` bytes, written in 8 MB pieces (never held in memory whole)."""
    with open(path, "wb") as fh:
        left, start = size, 0
        while left > 0:
            size_now = min(left, 8_000_000)
            piece = varied(start, size_now)[:size_now]
            fh.write(piece)
            left, start = left - len(piece), start + 100_000


def policy(tmp: Path) -> Path:
    data = yaml.safe_load(POLICY.read_text())
    data["sources"] = [{"name": "inbox", "root": "inbox", "include": ["*.txt"]}]
    data["targets"]["finetune"]["operators"].pop("NATIONAL_ID")  # only the hr source had it
    path = tmp / "policy.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def run(tmp: Path, gb: float, under_mb: float) -> dict[str, Any]:
    inbox = tmp / "src" / "inbox"
    inbox.mkdir(parents=True)
    write_line(inbox / "huge.txt", int(gb * 1e9))
    write_line(inbox / "large.txt", int(under_mb * 1e6))
    figures = govern_run(tmp / "src", tmp / "ws", "thread", run_env(tmp / "prefect-home"),
                         policy(tmp))  # fmt: skip
    con = duckdb.connect(str(tmp / "ws" / "lineage.duckdb"), read_only=True)
    files = con.execute("SELECT source_uri, state, documents, reason FROM files").fetchall()
    con.close()
    return {
        "files": {"huge.txt": f"{gb} GB, one line", "large.txt": f"{under_mb} MB, one line"},
        **figures,
        "outcomes": [dict(zip(("uri", "state", "documents", "reason"), f, strict=True))
                     for f in files],
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gb", type=float, default=1.0)
    parser.add_argument("--under-mb", type=float, default=5.0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="hostile-line-"))
    try:
        report = {"machine": machine(), **run(tmp, args.gb, args.under_mb)}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    emit(report, args.json)


if __name__ == "__main__":
    main()
