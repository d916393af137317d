"""The demo's corpora before and after a change: identical except run ids and times.

Runs ``govern demo`` in a temporary folder and prints one fingerprint per corpus: the
snapshot's schema, row count and a SHA-256 over every row in file order, with the run id,
the snapshot id and timestamps replaced by placeholders. The quarantine's reasons are
fingerprinted the same way. Save the fingerprints before a restructuring and check them
after it:

    .venv/bin/python bench/same_corpora.py --save /tmp/before.json
    .venv/bin/python bench/same_corpora.py --check /tmp/before.json

``--check`` exits 1 and names each corpus that differs. The demo corpus and its key are
fixed, so two runs of one commit on one day give the same fingerprints (retention dates
count from the day of the run).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parent.parent
GOVERN = Path(sys.executable).parent / "govern"
_VOLATILE = re.compile(
    r"[0-9a-f]{32}"  # run ids
    r"|\d{8}T\d{12}Z-[0-9a-f]{8}"  # snapshot ids
    r"|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?"  # timestamps
)


def _stable(value: Any) -> str:
    return _VOLATILE.sub("<volatile>", json.dumps(value, sort_keys=True, default=str))


def _corpus(folder: Path) -> dict[str, Any]:
    snapshot = folder / (folder / "CURRENT").read_text().strip()
    digest, rows, schema = hashlib.sha256(), 0, None
    for part in sorted(snapshot.glob("part-*.parquet")):
        table = pq.read_table(part)
        schema = [str(field) for field in table.schema]
        for row in table.to_pylist():
            digest.update(_stable(row).encode())
            digest.update(b"\n")
            rows += 1
    manifest = json.loads((snapshot / "manifest.json").read_text())
    for volatile in ("files", "created_at", "snapshot_id", "metadata"):
        manifest.pop(volatile, None)
    return {
        "rows": rows,
        "schema": schema,
        "rows_sha256": digest.hexdigest(),
        "manifest_sha256": hashlib.sha256(_stable(manifest).encode()).hexdigest(),
    }


def _quarantine(workspace: Path) -> dict[str, Any]:
    lines: list[str] = []
    for listing in sorted((workspace / "quarantine").glob("*/files.jsonl")):
        lines += sorted(_stable(json.loads(line)) for line in listing.read_text().splitlines())
    return {"files": len(lines), "sha256": hashlib.sha256("\n".join(lines).encode()).hexdigest()}


def fingerprints() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="same-corpora-") as tmp:
        workspace, corpus = Path(tmp) / "ws", Path(tmp) / "corpus"
        command = [str(GOVERN), "demo", "--workspace", str(workspace), "--corpus", str(corpus)]
        proc = subprocess.run(command, cwd=tmp, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            sys.exit(f"govern demo failed (exit {proc.returncode}): {proc.stderr[-2000:]}")
        out = {f.name: _corpus(f) for f in sorted((workspace / "corpora").iterdir())}
        out["quarantine"] = _quarantine(workspace)
        return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--save", type=Path, help="write the fingerprints to this file")
    mode.add_argument("--check", type=Path, help="compare with fingerprints saved before")
    args = parser.parse_args()
    now = fingerprints()
    print(json.dumps(now, indent=2))
    if args.save:
        args.save.write_text(json.dumps(now, indent=2) + "\n")
    if args.check:
        before = json.loads(args.check.read_text())
        differ = sorted(k for k in before.keys() | now.keys() if before.get(k) != now.get(k))
        if differ:
            print(f"differ from {args.check}: {', '.join(differ)}")
            return 1
        print(f"identical to {args.check}: {', '.join(sorted(now))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
