"""The quality gate with the real Great Expectations: suites, residual PII, no leaks."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pyarrow as pa
import pytest

from governance.corpora.schemas import FINETUNE_SCHEMA, RAG_SCHEMA
from governance.errors import ConfigError
from governance.quality import ValidationOutcome, load_suite_names, runner, validate_table
from governance.quality.frames import table_to_frame
from governance.quality.suites import load_suite

EXPECTATIONS = Path(__file__).resolve().parents[2] / "expectations"
RESIDUAL = "expect_column_values_to_contain_no_residual_pii"
PLANTED_EMAIL = "lucia.fernandez.planted@acme-corp.io"
CANARY = "ZZ-CANARY-5f1e"
CLEAN_TEXTS = [
    "Quarterly report by <PERSON_7f3a9c0b1d2e>, sent to <EMAIL_ADDRESS_0a1b2c3d4e5f>.",
    "Revenue grew 12% to 1.234.567 EUR on 2024-03-01; contact ana.0042@example.com.",
    "Llame al +34 600 000 123 o escriba a [REDACTED]. Versión 2.1.0.4.",
    "Support line (555) 013-4567, card ending 1111, IBAN ES00 1234567890123456.",
]


def labels(n: int) -> dict[str, list[Any]]:
    return {
        "source": ["files"] * n,
        "source_uri": ["file:///data/report.txt"] * n,
        "file_id": ["0123456789abcdef"] * n,
        "classification": ["internal"] * n,
        "allowed_groups": [["staff"]] * n,
        "legal_basis": ["legitimate_interest"] * n,
        "retention_until": [dt.date(2030, 1, 1)] * n,
        "policy_hash": ["p" * 16] * n,
        "run_id": ["run-1"] * n,
        "key_id": ["k123"] * n,
    }


def rag_table(texts: list[str], ids: list[str] | None = None) -> pa.Table:
    n = len(texts)
    columns = {
        "chunk_id": ids or [f"c{i}" for i in range(n)],
        "doc_id": ["d1"] * n,
        "text": texts,
        "title": ["Report <PERSON_7f3a9c0b1d2e>"] * n,
        "headings": [["Report", "Findings"]] * n,
        "language": ["en"] * n,
        "source_start": [i * 100 for i in range(n)],
        "source_end": [i * 100 + len(t) for i, t in enumerate(texts)],
        "pii_replaced": [2] * n,
        **labels(n),
    }
    return pa.table(columns, schema=RAG_SCHEMA)


def finetune_table(records: list[tuple[str, str | None, list[dict[str, str]] | None]]) -> pa.Table:
    n = len(records)
    columns = {
        "record_id": [f"r{i}" for i in range(n)],
        "doc_id": ["d1"] * n,
        "kind": [kind for kind, _, _ in records],
        "text": [text for _, text, _ in records],
        "messages": [messages for _, _, messages in records],
        "language": ["es"] * n,
        "pii_replaced": [1] * n,
        **labels(n),
    }
    return pa.table(columns, schema=FINETUNE_SCHEMA)


def validate(table: pa.Table, suite: str = "rag_chunks", **kwargs: Any) -> ValidationOutcome:
    return validate_table(table, suite, expectations_dir=EXPECTATIONS, **kwargs)


def failures(outcome: ValidationOutcome) -> dict[tuple[str, str | None], int | None]:
    return {(r.expectation, r.column): r.unexpected_count for r in outcome.results if not r.success}


def test_suites_are_listed() -> None:
    assert load_suite_names(EXPECTATIONS) == ["finetune_records", "rag_chunks", "tabular_base"]


def test_clean_rag_table_passes_every_suite_expectation() -> None:
    outcome = validate(rag_table(CLEAN_TEXTS))
    assert outcome.success, failures(outcome)
    assert outcome.failed == 0
    assert outcome.evaluated == len(outcome.results) >= 15
    residual = [r for r in outcome.results if r.expectation == RESIDUAL]
    assert {r.column for r in residual} == {"text", "title"}
    assert all(r.unexpected_count == 0 for r in residual)


def test_residual_email_in_one_chunk_fails_with_count_one() -> None:
    texts = [*CLEAN_TEXTS, f"Escalate to {PLANTED_EMAIL} please."]
    outcome = validate(rag_table(texts))
    assert not outcome.success
    assert failures(outcome) == {(RESIDUAL, "text"): 1}
    residual = next(r for r in outcome.results if (r.expectation, r.column) == (RESIDUAL, "text"))
    assert residual.unexpected_percent == pytest.approx(20.0)


def test_duplicate_chunk_id_fails_uniqueness() -> None:
    outcome = validate(rag_table(CLEAN_TEXTS, ids=["c0", "c1", "c1", "c3"]))
    assert failures(outcome) == {("expect_column_values_to_be_unique", "chunk_id"): 2}


def test_canary_in_text_fails_only_when_given() -> None:
    table = rag_table([*CLEAN_TEXTS, f"internal marker {CANARY} left here"])
    assert validate(table).success
    outcome = validate(table, canaries=[CANARY])
    assert failures(outcome) == {(RESIDUAL, "text"): 1}


def test_chat_records_are_checked_through_content() -> None:
    clean = finetune_table(
        [
            ("text", "Hola <PERSON_0a1b2c3d4e5f>, escribe a pablo.0042@example.org.", None),
            ("chat", None, [{"role": "user", "content": "¿Teléfono?"},
                            {"role": "assistant", "content": "Llama al +34 600 000 321."}]),
        ]
    )  # fmt: skip
    assert validate(clean, "finetune_records").success
    leaky = finetune_table(
        [
            ("text", "Sin datos personales.", None),
            ("chat", None, [{"role": "user", "content": "¿DNI?"},
                            {"role": "assistant", "content": "Es el 12345678Z."}]),
            ("chat", None, []),
        ]
    )  # fmt: skip
    outcome = validate(leaky, "finetune_records")
    assert failures(outcome) == {
        (RESIDUAL, "content"): 1,
        ("expect_column_values_to_not_be_null", "content"): 1,
    }


def test_tabular_base_suite_runs_on_a_corpus_table() -> None:
    assert validate(rag_table(CLEAN_TEXTS), "tabular_base").success


def test_no_offending_value_leaves_the_gate() -> None:
    texts = [*CLEAN_TEXTS, f"Mail {PLANTED_EMAIL} now", f"{PLANTED_EMAIL} {CANARY}"]
    outcome = validate(rag_table(texts), canaries=[CANARY])
    assert not outcome.success
    exported = json.dumps(outcome.to_dict()) + repr(outcome) + str(outcome)
    assert PLANTED_EMAIL not in exported
    assert "lucia" not in exported


def test_value_free_result_format_keeps_values_out_of_the_raw_ge_result() -> None:
    """Check the GE setting itself: SUMMARY copies the value, ours does not."""
    suite = load_suite(EXPECTATIONS, "rag_chunks")
    frame = table_to_frame(rag_table([*CLEAN_TEXTS, f"Mail {PLANTED_EMAIL} now"]))
    batch = runner._batch_definition().get_batch(batch_parameters={"dataframe": frame})
    summary = batch.validate(suite, result_format="SUMMARY")
    assert PLANTED_EMAIL in str(summary)  # the test can see a leak
    raw = batch.validate(suite, result_format=runner.VALUE_FREE_RESULT_FORMAT)
    assert not raw.success
    assert PLANTED_EMAIL not in str(raw) + repr(raw)
    for result in raw.results:
        assert "partial_unexpected_list" not in (result.result or {})


def test_suite_cannot_widen_the_result_format(tmp_path: Path) -> None:
    spec = {
        "name": "wide",
        "expectations": [
            {
                "type": RESIDUAL,
                "kwargs": {"column": "text", "result_format": "COMPLETE"},
                "meta": {},
            }
        ],
    }
    (tmp_path / "wide.json").write_text(json.dumps(spec))
    table = rag_table([f"Mail {PLANTED_EMAIL} now"])
    outcome = validate_table(table, "wide", expectations_dir=tmp_path)
    assert failures(outcome) == {(RESIDUAL, "text"): 1}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"name": "bad", "expectations": [{"type": "expect_no_such_thing", "kwargs": {}}]}',
         "expectation #1 \\(expect_no_such_thing\\)"),
        ('{"name": "bad", "expectations": [{"type": "expect_column_values_to_be_unique",'
         ' "kwargs": {}}]}', "expectation #1"),
        ('{"name": "other", "expectations": []}', "differs from the file name"),
        ('{"name": "bad", "expectations": [', "bad.json:1:"),
    ],
)  # fmt: skip
def test_bad_suite_files_are_errors_not_skipped(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "bad.json").write_text(content)
    with pytest.raises(ConfigError, match=message):
        validate_table(rag_table(CLEAN_TEXTS), "bad", expectations_dir=tmp_path)


def test_unknown_suite_names_the_available_ones() -> None:
    with pytest.raises(ConfigError, match="available suites: finetune_records, rag_chunks"):
        validate(rag_table(CLEAN_TEXTS), "nope")


WATCHED_EVENTS = ("tempfile.mkdtemp", "tempfile.mkstemp", "os.mkdir")


class Watcher:
    """A process audit hook (cannot be removed) that records only while active."""

    active = False
    seen: ClassVar[list[tuple[str, str]]] = []

    @classmethod
    def hook(cls, event: str, args: tuple[Any, ...]) -> None:
        if not cls.active:
            return
        network = event.startswith(("socket.", "urllib.", "http."))
        write = event == "open" and _is_write(args) and not str(args[0]).endswith(".pyc")
        if network or write or event in WATCHED_EVENTS:
            cls.seen.append((event, repr(args)[:80]))


def _is_write(args: tuple[Any, ...]) -> bool:
    mode, flags = (args[1] if len(args) > 1 else None), (args[2] if len(args) > 2 else 0)
    writes = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND
    return bool(isinstance(mode, str) and set(mode) & set("wax+")) or bool(flags & writes)


@pytest.fixture
def watch() -> Iterator[list[tuple[str, str]]]:
    if not getattr(sys, "_governance_quality_hook", False):
        sys.addaudithook(Watcher.hook)
        sys._governance_quality_hook = True  # type: ignore[attr-defined]
    Watcher.seen.clear()
    Watcher.active = True
    try:
        yield Watcher.seen
    finally:
        Watcher.active = False


def test_context_and_validation_write_nothing_and_never_touch_the_network(
    watch: list[tuple[str, str]], tmp_path: Path
) -> None:
    runner._batch_definition.cache_clear()  # build a fresh context under watch
    outcome = validate(rag_table([*CLEAN_TEXTS, f"Mail {PLANTED_EMAIL}"]))
    assert not outcome.success
    assert watch == []
    assert list(tmp_path.iterdir()) == []  # the test's working directory


def test_five_thousand_rows_validate_clean() -> None:
    base = " ".join(CLEAN_TEXTS) * 3  # about 1 KB per chunk
    table = rag_table([f"{base} #{i}" for i in range(5000)])
    outcome = validate(table)
    assert outcome.success, failures(outcome)
    assert all(r.unexpected_count in (0, None) for r in outcome.results)
