"""Labeled datasets (loader, templates, demo gold) and the metrics behind `govern eval`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from governance.errors import ConfigError
from governance.eval.dataset import GoldSpan, Sample, load_dataset, save_dataset
from governance.eval.metrics import Scored, f_beta, score, verbatim
from governance.eval.templates import render, template_samples


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "d.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_loader_reads_presidio_evaluator_json_and_round_trips(tmp_path: Path) -> None:
    data = [
        {
            "full_text": "Call Ana now",
            "spans": [
                {
                    "entity_type": "PERSON",
                    "entity_value": "Ana",
                    "start_position": 5,
                    "end_position": 8,
                }
            ],
            "metadata": {"language": "es"},
            "tokens": ["Call", "Ana", "now"],
        }
    ]
    samples = load_dataset(_write(tmp_path, data))
    assert samples[0].spans == [GoldSpan("PERSON", 5, 8)] and samples[0].language == "es"
    save_dataset(samples, tmp_path / "out.json")
    assert load_dataset(tmp_path / "out.json")[0].spans == samples[0].spans


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"full_text": "x"}, "must be a JSON list"),
        ([{"text": "x"}], "sample 0 needs a string 'full_text'"),
        (
            [
                {
                    "full_text": "abc",
                    "spans": [{"entity_type": "P", "start_position": 2, "end_position": 9}],
                }
            ],
            "sample 0 span 0: offsets 2..9 do not fit",
        ),
        (
            [
                {
                    "full_text": "abc",
                    "spans": [
                        {
                            "entity_type": "P",
                            "entity_value": "zz",
                            "start_position": 0,
                            "end_position": 2,
                        }
                    ],
                }
            ],
            "entity_value differs",
        ),
        ([{"full_text": "abc", "spans": [{"start_position": 0}]}], "needs entity_type"),
    ],
)
def test_loader_errors_name_the_sample_and_span(tmp_path: Path, data: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_dataset(_write(tmp_path, data))


def test_metrics_on_a_hand_checked_example() -> None:
    text = "Ana Ruiz wrote to ana@x.es from Vigo"
    sample = Sample(
        text,
        [GoldSpan("PERSON", 0, 8), GoldSpan("EMAIL_ADDRESS", 18, 26), GoldSpan("LOCATION", 32, 36)],
    )
    output = "<PERSON_a> wrote to <EMAIL_ADDRESS_b> from Vigo"
    predicted = (
        ("PERSON", 0, 3),
        ("PERSON", 4, 8),
        ("EMAIL_ADDRESS", 18, 26),
        ("DATE_TIME", 9, 14),
    )
    report = score([sample], [Scored(predicted, output)], seconds=2.0)
    by = {t.entity_type: t for t in report.types}
    assert by["PERSON"].recall == 1.0 and by["PERSON"].precision == 1.0
    assert by["LOCATION"].recall == 0.0 and by["LOCATION"].leak == 1.0
    assert by["DATE_TIME"].precision == 0.0
    assert by["ALL"].recall == round(2 / 3, 4) and by["ALL"].precision == 0.75
    assert by["ALL"].leak == round(1 / 3, 4) and report.chars_per_second == len(text) / 2
    assert f_beta(0.5, 1.0) == round(5 * 0.5 / (4 * 0.5 + 1), 4)


def test_verbatim_respects_word_boundaries() -> None:
    assert verbatim("Ana", "hi Ana.") and not verbatim("Ana", "hi Anabel")


def test_templates_spans_are_exact_and_deterministic() -> None:
    sample = render(
        "Hi {name}, call {phone}.",
        {"name": ("PERSON", "Ana Ruiz"), "phone": ("PHONE_NUMBER", "612 345 678")},
    )
    assert [sample.value(g) for g in sample.spans] == ["Ana Ruiz", "612 345 678"]
    first, again = template_samples(20, seed=3), template_samples(20, seed=3)
    assert [s.text for s in first] == [s.text for s in again]
    assert {s.language for s in first} == {"en", "es"}
    for s in first:
        assert all(0 <= g.start < g.end <= len(s.text) for g in s.spans)


def test_demo_gold_labels_every_planted_value(tmp_path: Path) -> None:
    from governance.demo import generate_demo_corpus
    from governance.eval.demo_gold import demo_samples
    from governance.policy import load_policy
    from tests.conftest import DEFAULT_POLICY

    manifest = generate_demo_corpus(tmp_path / "corpus")
    samples = demo_samples(tmp_path / "corpus", load_policy(DEFAULT_POLICY))
    labelled = {(g.entity_type, s.value(g)) for s in samples for g in s.spans}
    readable = [v for v in manifest.values if not v.file.startswith("docs/scan")]
    missing = [v for v in readable if (v.entity_type, v.value) not in labelled]
    assert readable and not missing
