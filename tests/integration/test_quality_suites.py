"""The suites' newer checks (language as declared, duplicate ratio, share of rows touched,
types) and Data Docs built from value-free results, with the real Great Expectations."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from governance.errors import ConfigError
from governance.quality import validate_table
from governance.quality.docs import RecordedValidation, build_data_docs, page_for
from governance.quality.gate import failure_summary
from tests.integration.test_quality import (
    CLEAN_TEXTS,
    PLANTED_EMAIL,
    failures,
    finetune_table,
    rag_table,
    validate,
)

SHARE = "expect_column_share_of_nonzero_values_to_be_between"
UNIQUE_SHARE = "expect_column_proportion_of_unique_values_to_be_between"
IN_SET = "expect_column_values_to_be_in_set"


def with_column(table: pa.Table, name: str, values: list[Any]) -> pa.Table:
    index = table.schema.get_field_index(name)
    return table.set_column(index, table.schema.field(index), pa.array(values, table[name].type))


def test_language_must_be_one_the_policy_declares() -> None:
    table = with_column(rag_table(CLEAN_TEXTS), "language", ["en", "es", "fr", "en"])
    assert failures(validate(table)) == {(IN_SET, "language"): 1}
    outcome = validate(table, parameters={"languages": ["en", "es", "fr"]})
    assert outcome.success, failures(outcome)
    only_en = validate(rag_table(CLEAN_TEXTS), parameters={"languages": ["en"]})
    assert only_en.success  # rag_table rows are all "en"


def test_a_batch_of_repeated_texts_fails_the_duplicate_ratio() -> None:
    texts = [CLEAN_TEXTS[0]] * 6 + CLEAN_TEXTS[1:]
    assert failures(validate(rag_table(texts))) == {(UNIQUE_SHARE, "text"): None}
    records = [("text", CLEAN_TEXTS[0], None)] * 3 + [("text", CLEAN_TEXTS[1], None)]
    outcome = validate(finetune_table(records), "finetune_records")
    assert failures(outcome) == {(UNIQUE_SHARE, "content"): None}


def test_share_of_rows_touched_is_judged_on_large_batches_only() -> None:
    texts = [f"Plain text without personal data, row {i}." for i in range(150)]
    untouched = with_column(rag_table(texts), "pii_replaced", [0] * 150)
    outcome = validate(untouched)
    assert failures(outcome) == {(SHARE, "pii_replaced"): None}
    share = next(r for r in outcome.results if r.expectation == SHARE)
    assert share.observed == 0.0
    some = with_column(rag_table(texts), "pii_replaced", [1] * 30 + [0] * 120)
    assert validate(some).success
    small = with_column(rag_table(texts[:20]), "pii_replaced", [0] * 20)
    assert validate(small).success  # 20 rows: too few to judge


def test_a_wrong_type_fails_the_schema_checks() -> None:
    table = rag_table(CLEAN_TEXTS)
    index = table.schema.get_field_index("pii_replaced")
    wide = table.set_column(index, pa.field("pii_replaced", pa.int64()), table["pii_replaced"].cast(pa.int64()))  # fmt: skip
    failed = failures(validate(wide))
    assert failed == {("expect_column_values_to_be_of_type", "pii_replaced"): None}


def test_a_parameter_the_run_does_not_set_is_an_error(tmp_path: Path) -> None:
    spec = {"name": "p", "expectations": [{"type": IN_SET, "kwargs": {
        "column": "language", "value_set": {"$PARAMETER": "tongues"}}}]}  # fmt: skip
    (tmp_path / "p.json").write_text(json.dumps(spec))
    with pytest.raises(ConfigError, match="parameter 'tongues'"):
        validate_table(rag_table(CLEAN_TEXTS), "p", expectations_dir=tmp_path)


def test_outcomes_carry_batch_rows_and_suite_kwargs_but_never_canaries() -> None:
    canary = "ZZ-CANARY-77"
    outcome = validate(rag_table(CLEAN_TEXTS), canaries=[canary], batch="batch-00007")
    exported = json.dumps(outcome.to_dict())
    assert outcome.batch == "batch-00007" and outcome.rows == 4
    assert '"value_set": ["en", "es"]' in exported and canary not in exported


def test_failure_summary_reads_as_one_line() -> None:
    outcome = validate(rag_table([*CLEAN_TEXTS, f"Mail {PLANTED_EMAIL} now"]))
    assert failure_summary(outcome.to_dict()) == (
        "failed validation of suite rag_chunks: expect_column_values_to_contain_no_residual_pii"
        " on column text: 1 of 5 rows unexpected"
    )


def test_data_docs_hold_no_offending_value(tmp_path: Path) -> None:
    texts = [*CLEAN_TEXTS, f"Mail {PLANTED_EMAIL} now"]
    outcome = validate(rag_table(texts), batch="batch-00000")
    assert not outcome.success
    # Round-trip through JSON, as lineage stores it.
    result = json.loads(json.dumps(outcome.to_dict()))
    recorded = RecordedValidation("run-1", datetime.now(UTC), "rag", "rag_chunks", result)
    index = build_data_docs(tmp_path, [recorded])
    page = page_for(tmp_path, recorded)
    assert index.is_file() and page is not None and page.is_file()
    html = "".join(p.read_text(errors="replace") for p in tmp_path.rglob("*.html"))
    assert "rag_chunks" in html and "no residual personal data" in html
    assert PLANTED_EMAIL not in html and "lucia" not in html


def test_data_docs_open_offline_list_their_validations_and_describe_our_expectations(
    tmp_path: Path,
) -> None:
    failed = validate(rag_table([*CLEAN_TEXTS, f"Mail {PLANTED_EMAIL} now"]), batch="batch-00000")
    passed = validate(rag_table(CLEAN_TEXTS), batch="batch-00001")
    recorded = [
        RecordedValidation("run-1", datetime.now(UTC), "rag", "rag_chunks",
                           json.loads(json.dumps(outcome.to_dict())))
        for outcome in (failed, passed)
    ]  # fmt: skip
    index = build_data_docs(tmp_path, recorded)
    pages = sorted(index.parent.rglob("*.html"))
    for page in pages:  # nothing a browser would fetch: no remote script, style or image
        text = page.read_text()
        assert not re.search(r"<(script|img)\b[^>]*\bsrc=\"https?:", text), page.name
        assert not re.search(r"<link\b[^>]*\bhref=\"https?:", text), page.name
        assert "static/styles/offline.css" in text
    rows = re.findall(r"<tr><td><span class=\"(passed|failed)\">.*?<a href=\"([^\"]+)\">"
                      r"(rag-batch-\d+)</a>", index.read_text())  # fmt: skip
    assert sorted((verdict, batch) for verdict, _, batch in rows) == [
        ("failed", "rag-batch-00000"), ("passed", "rag-batch-00001")]  # fmt: skip
    assert all((index.parent / href).is_file() for _, href, _ in rows)
    page = page_for(tmp_path, recorded[0])
    assert page is not None
    text = re.sub(r"<[^>]+>|\s+", " ", page.read_text())
    assert "(**{" not in text  # raw kwargs: how GE shows an expectation it cannot render
    assert "values must hold no residual personal data" in text
