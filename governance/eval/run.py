"""Evaluate the detector on labeled samples: detect + anonymize in worker processes, time
it, score it. The key is a random one made for the run: tokens are thrown away."""

from __future__ import annotations

import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass

from governance.eval.dataset import Sample
from governance.eval.metrics import Report, Scored, score
from governance.privacy.detect.pool import AnonymizerPool, Setup
from governance.privacy.transform.keys import Key, key_id


@dataclass(frozen=True, slots=True)
class Timing:
    load_seconds: float
    run_seconds: float


def ephemeral_key() -> Key:
    material = secrets.token_hex(32).encode()
    return Key(material, key_id(material))


def anonymize_samples(
    samples: Sequence[Sample], policy_path: str, *, target: str | None = None, workers: int = 2
) -> tuple[list[Scored], Timing]:
    """Each sample's detected spans and anonymized text, through the worker pool."""
    setup = Setup(policy_path, ephemeral_key(), target)
    started = time.perf_counter()
    with AnonymizerPool(setup, workers) as pool:
        pool.warm_up()
        loaded = time.perf_counter()
        results = list(pool.run((s.text, s.language) for s in samples))
        done = time.perf_counter()
    scored = [
        Scored(tuple((f.entity_type, f.start, f.end) for f in r.findings), r.text) for r in results
    ]
    return scored, Timing(loaded - started, done - loaded)


def evaluate(
    samples: Sequence[Sample], policy_path: str, *, target: str | None = None, workers: int = 2
) -> tuple[Report, Timing]:
    scored, timing = anonymize_samples(samples, policy_path, target=target, workers=workers)
    return score(samples, scored, timing.run_seconds), timing
