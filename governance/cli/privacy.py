"""`govern anonymize`, `govern eval` and `govern reidentify`: the analyzer outside a run."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from governance.cli.common import add_workspace
from governance.errors import ConfigError, InputError
from governance.policy import DEFAULT_POLICY

WORKERS = 2


def cmd_anonymize(args: argparse.Namespace) -> int:
    from governance.context import RunConfig, key_of
    from governance.policy import load_policy
    from governance.privacy.detect.pool import AnonymizerPool, Setup

    policy = load_policy(args.policy)
    key = key_of(RunConfig(str(args.policy)))
    pending: deque[dict[str, Any]] = deque()
    languages = set(policy.languages)

    def items() -> Iterator[tuple[str, str | None]]:
        for obj in read_jsonl(sys.stdin, languages):
            pending.append(obj)
            yield obj["text"], obj.get("language")

    setup = Setup(str(Path(args.policy).resolve()), key, args.target, args.language)
    with AnonymizerPool(setup, args.workers) as pool:
        for result in pool.run(items()):
            obj = pending.popleft()
            obj["text"] = result.text
            obj["findings"] = [
                {"start": f.start, "end": f.end, "entity_type": f.entity_type, "score": f.score}
                for f in result.findings
            ]
            sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
            if not pending:
                sys.stdout.flush()
    return 0


def read_jsonl(stream: IO[str], languages: set[str]) -> Iterator[dict[str, Any]]:
    """Input objects; a bad line stops the filter with its number (never its content)."""
    for n, line in enumerate(stream, start=1):
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"stdin line {n} is not JSON ({exc.msg})",
                hint='each line must be an object like {"text": "..."}',
            ) from exc
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            raise InputError(
                f"stdin line {n} has no string field 'text'",
                hint='each line must be an object like {"text": "..."}',
            )
        language = obj.get("language")
        if language is not None and language not in languages:
            raise InputError(
                f"stdin line {n}: language {language!r} is not in the policy",
                hint=f"use one of {', '.join(sorted(languages))} or leave it out",
            )
        yield obj


def cmd_eval(args: argparse.Namespace) -> int:
    from governance.eval.dataset import load_dataset
    from governance.eval.run import evaluate

    if args.make_dataset:
        return make_dataset(args)
    if not args.dataset:
        raise ConfigError("govern eval needs --dataset FILE (or --make-dataset FILE)")
    samples = load_dataset(args.dataset)
    if not samples:
        raise ConfigError(f"dataset {args.dataset} has no samples")
    load_before = os.getloadavg()[0]
    report, timing = evaluate(samples, str(args.policy), target=args.target, workers=args.workers)
    if args.json:
        out = report.to_dict() | {
            "load_seconds": round(timing.load_seconds, 2),
            "workers": args.workers,
            "load_average": load_before,
        }
        print(json.dumps(out))
    else:
        print_report(report, args.workers, load_before)
    leak = report.overall().leak or 0.0
    if args.max_leak is not None and leak > args.max_leak:
        print(f"govern: leak {leak:.2%} is above --max-leak {args.max_leak:.2%}", file=sys.stderr)
        return 1
    return 0


def print_report(report: Any, workers: int, load: float) -> None:
    def fmt(value: float | None, pct: bool = False) -> str:
        return "-" if value is None else (f"{value:.2%}" if pct else f"{value:.4f}")

    print(
        f"{'entity type':<16}{'gold':>6}{'found':>7}{'recall':>9}{'precision':>11}{'F2':>8}"
        f"{'leak':>9}"
    )
    for t in report.types:
        print(
            f"{t.entity_type:<16}{t.gold:>6}{t.predicted:>7}{fmt(t.recall):>9}"
            f"{fmt(t.precision):>11}{fmt(t.f2):>8}{fmt(t.leak, True):>9}"
        )
    print(
        f"{report.samples} samples, {report.chars:,} chars in {report.seconds:.2f} s: "
        f"{report.chars_per_second:,.0f} chars/s ({workers} workers, load average {load:.2f})"
    )


def make_dataset(args: argparse.Namespace) -> int:
    import tempfile

    from governance.demo import generate_demo_corpus
    from governance.eval.dataset import save_dataset
    from governance.eval.demo_gold import demo_samples
    from governance.eval.templates import template_samples
    from governance.policy import load_policy

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "demo-corpus"
        generate_demo_corpus(corpus)
        samples = demo_samples(corpus, load_policy(DEFAULT_POLICY))
    samples += template_samples(args.templates, args.seed)
    save_dataset(samples, args.make_dataset)
    spans = sum(len(s.spans) for s in samples)
    print(f"wrote {len(samples)} samples, {spans} gold spans -> {args.make_dataset}")
    return 0


def cmd_reidentify(args: argparse.Namespace) -> int:
    from governance.policy import load_policy
    from governance.privacy.transform.operators import TOKEN_RE
    from governance.privacy.transform.vault import VAULT_FILE, VaultCipher, open_values

    policy = load_policy(args.policy)
    named = [(n, t) for n, t in policy.targets.items() if t.vault is not None]
    if args.target:
        named = [(n, t) for n, t in named if n == args.target]
    if not named:
        raise ConfigError(
            "no target of the policy names a vault key",
            hint="add vault: {env: GOVERN_VAULT_KEY} to the target",
        )
    ref = named[0][1].vault
    assert ref is not None
    cipher = VaultCipher.from_ref(ref)
    text = sys.stdin.read()
    tokens = set(TOKEN_RE.findall(text))
    values = open_values(Path(args.workspace) / VAULT_FILE, tokens, cipher)
    sys.stdout.write(TOKEN_RE.sub(lambda m: values.get(m.group(0), m.group(0)), text))
    print(f"govern: {len(values)} of {len(tokens)} tokens re-identified", file=sys.stderr)
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    anon = sub.add_parser("anonymize", help="stdin JSONL {text, language?} -> anonymized JSONL")
    anon.add_argument("--policy", default=str(DEFAULT_POLICY))
    anon.add_argument("--target", help="target whose operators apply (default: the rag one)")
    anon.add_argument("--language", default="auto", help="auto or a language of the policy")
    anon.add_argument("--workers", type=int, default=WORKERS, help="detector processes")
    anon.set_defaults(handler=cmd_anonymize)

    ev = sub.add_parser("eval", help="detection quality and leakage on a labeled dataset")
    ev.add_argument("--dataset", help="presidio-evaluator style JSON")
    ev.add_argument("--policy", default=str(DEFAULT_POLICY))
    ev.add_argument("--target", help="target whose operators apply (default: the rag one)")
    ev.add_argument("--json", action="store_true")
    ev.add_argument("--workers", type=int, default=WORKERS)
    ev.add_argument("--max-leak", type=float, help="exit 1 when the overall leak rate is above")
    ev.add_argument(
        "--make-dataset",
        metavar="FILE",
        help="write the labeled dataset (demo gold + EN/ES templates) and exit",
    )
    ev.add_argument("--templates", type=int, default=300, help="template samples per language")
    ev.add_argument("--seed", type=int, default=5, help="seed of the template values")
    ev.set_defaults(handler=cmd_eval)

    re_id = sub.add_parser("reidentify", help="replace vault tokens in stdin by their originals")
    re_id.add_argument("--policy", default=str(DEFAULT_POLICY))
    re_id.add_argument("--target", help="target whose vault key to use")
    add_workspace(re_id)
    re_id.set_defaults(handler=cmd_reidentify)
