"""After a failed quality gate, the next run re-reads only the files of the failed batches.

A corpus of ``--files`` Markdown documents (plus the small test corpus of the other
sources) in which three adjacent files hold an e-mail address that the policy does not
detect (EMAIL_ADDRESS removed from detection): the residual-PII gate fails their batch.
Run 1 reads everything and ends ``gate_failed``; run 2, nothing changed, is timed and its
files counted by the state lineage gives them. Prefect's ephemeral API, the default
process runner, batches of ``--batch-files`` files.

    .venv/bin/python bench/gate_rerun.py [--files 300] [--batch-files 10]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WORDS = ("quarterly review of the support queue, the office move and the training plan "
         "for the new ticketing tool; budget figures follow in the annex").split()  # fmt: skip


def corpus(root: Path, files: int) -> Path:
    from tests.integration.conftest import write_corpus

    sources = write_corpus(root / "sources")
    for i in range(files):
        words = " ".join(WORDS[(i + k) % len(WORDS)] for k in range(60))
        (sources / "docs" / f"note-{i:04d}.md").write_text(f"# Note {i}\n\n{words}.\n")
    for i in range(3):  # adjacent: one batch holds them all
        (sources / "docs" / f"note-0150-{i}.md").write_text(
            f"# Contact {i}\n\nWrite to helpdesk.{i}@acme-iberia.example for access.\n"
        )
    return sources


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--batch-files", type=int, default=10)
    args = parser.parse_args()
    os.environ.setdefault("GOVERN_PSEUDONYM_KEY", "bench-" + "k" * 40)
    from prefect.testing.utilities import prefect_test_harness

    from flows.govern import govern
    from governance.lineage.store import LineageStore
    from tests.conftest import DEFAULT_POLICY

    with tempfile.TemporaryDirectory() as tmp, prefect_test_harness():
        root = Path(tmp)
        sources = corpus(root, args.files)
        policy = root / "policy.yaml"
        text = DEFAULT_POLICY.read_text()
        policy.write_text(text.replace("entities: [PERSON, EMAIL_ADDRESS,", "entities: [PERSON,"))
        runs = []
        for label in ("run 1 (reads everything)", "run 2 (nothing changed)"):
            start = time.perf_counter()
            summary = govern(policy_path=str(policy), workspace=str(root / "ws"),
                             source_root=str(sources), batch_files=args.batch_files)  # fmt: skip
            seconds = time.perf_counter() - start
            with LineageStore(root / "ws" / "lineage.duckdb", read_only=True) as store:
                _, rows = store.query("SELECT state FROM files WHERE run_id = ?",
                                      [summary["run_id"]])  # fmt: skip
            states = Counter(state for (state,) in rows)
            runs.append(seconds)
            print(
                f"{label}: {summary['status']}, {seconds:.1f} s, files by state "
                f"{dict(sorted(states.items()))}"
            )
        print(f"run 2 / run 1 time: {runs[1] / runs[0]:.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
