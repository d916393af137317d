"""Stock Presidio versus our analyzer on the same labeled texts, in the same run.

Stock: ``AnalyzerEngine`` with ``SpacyNlpEngine`` built explicitly on the same spaCy
packages the policy names (full pipelines, as Presidio loads them), the predefined
recognizers for English and Spanish, asked for the entity types the policy detects that
Presidio knows, one ``analyze`` + ``AnonymizerEngine.anonymize`` call per document, in
one process (Presidio's documented loop). Ours: ``govern anonymize``'s pool, two worker
processes, each building the analyzer once, texts in chunks through ``nlp.pipe``.

Both are timed after loading, on identical texts, interleaved slice by slice so both see
the same load on a shared machine; leak, recall and precision use the same scoring
(governance/eval/metrics.py). CPU time is reported too: it does not depend on the load. Usage:

    .venv/bin/python bench/pii_compare.py [--policy FILE] [--templates N] [--demo-scale N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import governance  # noqa: E402,F401  (offline settings first)
from governance.eval.dataset import Sample  # noqa: E402
from governance.eval.metrics import Report, Scored, score  # noqa: E402
from governance.privacy.detect.language import detect_language  # noqa: E402
from governance.records import Finding  # noqa: E402

warnings.filterwarnings("ignore", message=r".*\[W095\].*")


def samples(policy_path: str, templates: int, demo_scale: int) -> list[Sample]:
    from governance.demo import generate_demo_corpus
    from governance.eval.demo_gold import demo_samples
    from governance.eval.templates import template_samples
    from governance.policy import load_policy

    policy = load_policy(policy_path)
    with tempfile.TemporaryDirectory() as tmp:
        generate_demo_corpus(Path(tmp) / "corpus", scale=demo_scale)
        out = demo_samples(Path(tmp) / "corpus", policy)
    out += template_samples(templates)
    for s in out:
        s.language = s.language or detect_language(
            s.text, policy.languages, policy.default_language
        )
    return out


def stock_model(name: str) -> str:
    """The installed package a project model was trained from (stock Presidio gets the
    stock model), or ``name`` itself."""
    from governance.privacy.detect.models import project_model_meta

    meta = project_model_meta(name)
    return name if meta is None else str(meta["base_model"])


class Stock:
    """Presidio as documented: explicit spaCy engine, predefined recognizers, per-document loop."""

    def __init__(self, policy_path: str) -> None:
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.nlp_engine import SpacyNlpEngine
        from presidio_anonymizer import AnonymizerEngine

        from governance.policy import load_policy

        policy = load_policy(policy_path)
        langs = list(policy.languages)
        models = [
            {"lang_code": code, "model_name": stock_model(spec.model)}
            for code, spec in policy.languages.items()
        ]
        nlp = SpacyNlpEngine(models=models)
        nlp.load()
        registry = RecognizerRegistry(supported_languages=langs)
        registry.load_predefined_recognizers(languages=langs, nlp_engine=nlp)
        self.analyzer = AnalyzerEngine(nlp_engine=nlp, registry=registry, supported_languages=langs)
        self.anonymizer = AnonymizerEngine()
        supported = {e for lang in langs for e in self.analyzer.get_supported_entities(lang)}
        self.entities = [e for e in policy.detection.entities if e in supported]
        self.default = langs[0]

    def run(self, data: list[Sample]) -> list[Scored]:
        from governance.privacy.transform.spans import resolve

        out: list[Scored] = []
        for s in data:
            lang = s.language or self.default
            results = self.analyzer.analyze(s.text, language=lang, entities=self.entities)
            text = self.anonymizer.anonymize(s.text, results).text
            spans = resolve(Finding(r.entity_type, r.start, r.end, r.score, "") for r in results)
            out.append(Scored(tuple((f.entity_type, f.start, f.end) for f in spans), text))
        return out


def ours_run(pool: object, data: list[Sample]) -> list[Scored]:
    results = list(pool.run((s.text, s.language) for s in data))  # type: ignore[attr-defined]
    return [
        Scored(tuple((f.entity_type, f.start, f.end) for f in r.findings), r.text) for r in results
    ]


def timed(
    run: Callable[[list[Sample]], list[Scored]], data: list[Sample]
) -> tuple[list[Scored], float]:
    started = time.perf_counter()
    out = run(data)
    return out, time.perf_counter() - started


def line(name: str, report: Report, load: float) -> str:
    o = report.overall()
    return (
        f"{name:<8} leak {o.leak:7.2%}  recall {o.recall:.4f}  precision {o.precision:.4f}  "
        f"{report.chars_per_second:10,.0f} chars/s  (median of rounds; {load:.1f} s load)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--policy", default=str(REPO / "policies" / "default.yaml"))
    parser.add_argument("--templates", type=int, default=300, help="template samples per language")
    parser.add_argument("--demo-scale", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--slices", type=int, default=8, help="interleaving granularity")
    args = parser.parse_args()
    data = samples(args.policy, args.templates, args.demo_scale)
    chars = sum(len(s.text) for s in data)
    print(
        f"{len(data)} documents, {chars:,} characters; {os.cpu_count()} CPUs; "
        f"load average before {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    from governance.eval.run import ephemeral_key
    from governance.privacy.detect.pool import AnonymizerPool, Setup

    t0 = time.perf_counter()
    baseline = Stock(args.policy)
    stock_load, t1 = time.perf_counter() - t0, time.perf_counter()
    pool = AnonymizerPool(Setup(args.policy, ephemeral_key(), None), args.workers)
    pool.warm_up()
    ours_load = time.perf_counter() - t1
    stock_times: list[float] = []
    ours_times: list[float] = []
    stock_cpu = ours_cpu = 0.0
    size = -(-len(data) // args.slices)
    slices = [data[i : i + size] for i in range(0, len(data), size)]
    for n in range(args.rounds):
        # Interleaved slice by slice, alternating who goes first, so that both sides see
        # the same load on a shared machine.
        ts = to = 0.0
        stock_out, ours_out = [], []
        for k, part in enumerate(slices):
            for side in ("stock", "ours") if (n + k) % 2 == 0 else ("ours", "stock"):
                if side == "stock":
                    cpu0 = time.process_time()
                    out, dt = timed(baseline.run, part)
                    stock_cpu += time.process_time() - cpu0
                    stock_out += out
                    ts += dt
                else:
                    cpu0 = pool.cpu_seconds
                    out, dt = timed(lambda d: ours_run(pool, d), part)
                    ours_cpu += pool.cpu_seconds - cpu0
                    ours_out += out
                    to += dt
        stock_times.append(ts)
        ours_times.append(to)
        print(
            f"round {n + 1}: stock {chars / ts:,.0f} chars/s, ours {chars / to:,.0f} chars/s, "
            f"ratio {ts / to:.2f}x, load average {os.getloadavg()[0]:.2f}",
            flush=True,
        )
    per_cpu = (chars * args.rounds / stock_cpu, chars * args.rounds / ours_cpu)
    print(
        f"CPU time (load-independent): stock {per_cpu[0]:,.0f} chars per CPU-second, ours "
        f"{per_cpu[1]:,.0f} over {args.workers} workers ({per_cpu[1] / per_cpu[0]:.2f}x per core)"
    )
    pool.close()
    stock_report = score(data, stock_out, statistics.median(stock_times))
    ours_report = score(data, ours_out, statistics.median(ours_times))
    print(line("stock", stock_report, stock_load))
    print(line("ours", ours_report, ours_load))
    s, o = stock_report.overall(), ours_report.overall()
    speed = statistics.median(stock_times) / statistics.median(ours_times)
    leak = f"{s.leak / o.leak:.1f}x lower" if o.leak else "ours 0"
    print(
        f"ratios   throughput {speed:.2f}x (median of rounds)  leak {leak}  (load average after "
        f"{os.getloadavg()[0]:.2f})"
    )
    print("per type (gold type: stock leak -> ours leak):")
    ours_types = {t.entity_type: t for t in ours_report.types}
    for t in stock_report.types:
        if t.gold and t.entity_type in ours_types:
            theirs, mine = t.leak or 0, ours_types[t.entity_type].leak or 0
            print(f"  {t.entity_type:<15} {theirs:7.2%} -> {mine:7.2%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
