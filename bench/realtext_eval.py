"""Detection on real annotated text: ours vs stock Presidio, same texts, same run.

Reads the datasets ``bench/realtext.py`` wrote (MEDDOCAN, CoNLL-2003, presidio-research
synth v2; dev or test split) and prints, per set: the headline personal leak (distinct
gold values of the set's personal types still verbatim in the output, see
``realtext.PERSONAL``), personal recall, type-agnostic precision over every gold type,
and the leak per gold type, for ours (``govern eval``'s pool with the policy's target)
and for stock Presidio (bench/pii_compare.py's ``Stock``: explicit spaCy engine,
predefined recognizers, one analyze + anonymize call per document). Usage:

    .venv/bin/python bench/realtext_eval.py [--split dev|test] [--sets meddocan conll synth]
        [--policy FILE] [--target NAME] [--no-stock] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from realtext import DEFAULT_OUT, PERSONAL  # noqa: E402

import governance  # noqa: E402,F401  (offline settings first)
from governance.eval.dataset import Sample, load_dataset  # noqa: E402
from governance.eval.metrics import Scored, score  # noqa: E402

warnings.filterwarnings("ignore", message=r".*\[W095\].*")


def personal_only(samples: list[Sample], personal: set[str]) -> list[Sample]:
    return [
        Sample(s.text, [g for g in s.spans if g.entity_type in personal], s.language, s.origin)
        for s in samples
    ]


def summary(samples: list[Sample], out: list[Scored], personal: set[str]) -> dict[str, Any]:
    full = score(samples, out, 1.0)
    mine = score(personal_only(samples, personal), out, 1.0)
    per_type = {t.entity_type: t for t in full.types if t.gold}
    return {
        "personal_leak": mine.overall().leak,
        "personal_recall": mine.overall().recall,
        "precision": full.overall().precision,
        "types": {
            name: {"gold": t.gold, "leak": t.leak, "recall": t.recall, "personal": name in personal}
            for name, t in per_type.items()
            if name != "ALL"
        },
    }


def ours(samples: list[Sample], policy: str, target: str | None) -> tuple[list[Scored], float]:
    from governance.eval.run import anonymize_samples

    scored, timing = anonymize_samples(samples, policy, target=target)
    return scored, timing.run_seconds


def stock(samples: list[Sample], policy: str) -> tuple[list[Scored], float]:
    from pii_compare import Stock

    engine = Stock(policy)
    started = time.perf_counter()
    out = engine.run(samples)
    return out, time.perf_counter() - started


def show(name: str, side: str, result: dict[str, Any], seconds: float, chars: int) -> None:
    print(
        f"{name:<16} {side:<6} personal leak {result['personal_leak']:7.2%}  personal recall "
        f"{result['personal_recall']:.4f}  precision {result['precision']:.4f}  "
        f"{chars / seconds:10,.0f} chars/s"
    )


def per_type(ours_r: dict[str, Any], stock_r: dict[str, Any] | None) -> None:
    for name, t in sorted(ours_r["types"].items()):
        theirs = f"{stock_r['types'][name]['leak']:7.2%}" if stock_r else "      -"
        mark = "*" if t["personal"] else " "
        print(
            f"   {mark}{name:<16} gold {t['gold']:>6}  leak stock {theirs} -> ours {t['leak']:7.2%}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--sets", nargs="+", default=["meddocan", "conll", "synth"])
    parser.add_argument("--data", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--policy", default=str(REPO / "bench" / "policies" / "strict.yaml"))
    parser.add_argument("--target", default="finetune")
    parser.add_argument("--no-stock", action="store_true")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args()
    figures: dict[str, Any] = {}
    for name in args.sets:
        path = args.data / f"{name}-{args.split}.json"
        if not path.exists():
            raise SystemExit(f"{path} is missing: build it with bench/realtext.py first")
        samples = load_dataset(path)
        chars = sum(len(s.text) for s in samples)
        label = f"{name}-{args.split}"
        out, seconds = ours(samples, args.policy, args.target)
        ours_r = summary(samples, out, PERSONAL[name])
        show(label, "ours", ours_r, seconds, chars)
        stock_r = None
        if not args.no_stock:
            s_out, s_seconds = stock(samples, args.policy)
            stock_r = summary(samples, s_out, PERSONAL[name])
            show(label, "stock", stock_r, s_seconds, chars)
        per_type(ours_r, stock_r)
        figures[label] = {"ours": ours_r, "stock": stock_r}
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
