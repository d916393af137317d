"""The published corpora load in the tools consumers use, and match their manifests.

Real flow (Prefect test harness), real Parquet; Hugging Face ``datasets`` runs offline.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest

from tests.integration.conftest import write_corpus

pytestmark = pytest.mark.usefixtures("prefect_api")

REPLY = (
    "Thank you for writing to us about the delayed delivery of your order. We checked the "
    "shipment with the carrier and it left our warehouse on Monday morning. The parcel is "
    "now at the regional depot and should reach you within three working days. If it has "
    "not arrived by Friday, reply to this message and we will send a replacement at no "
    "cost, and you keep the original parcel when it turns up later this week"
)


def _ticket(n: int, reply: str) -> str:
    return json.dumps({"ticket_id": f"T-{n}", "subject": "Delayed delivery",
                       "body": "My order has not arrived yet. Can you check where it is?",
                       "reply": reply})  # fmt: skip


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory, prefect_api: None) -> dict[str, Any]:
    """One run over the tiny corpus plus duplicate tickets and a too-short document."""
    from flows.govern import govern
    from tests.conftest import DEFAULT_POLICY, TEST_KEY

    root = tmp_path_factory.mktemp("consumers")
    corpus = write_corpus(root / "sources")
    (corpus / "tickets" / "dups.jsonl").write_text("\n".join([
        _ticket(10, REPLY), _ticket(11, REPLY), _ticket(12, REPLY + " anyway"),
    ]) + "\n")  # fmt: skip
    (corpus / "docs" / "tiny.md").write_text("# Hi\n")
    policy = root / "policy.yaml"
    policy.write_text(DEFAULT_POLICY.read_text())
    mp = pytest.MonkeyPatch()
    mp.setenv("GOVERN_PSEUDONYM_KEY", TEST_KEY)
    try:
        summary = govern(policy_path=str(policy), workspace=str(root / "ws"),
                         source_root=str(corpus), runner="thread")  # fmt: skip
    finally:
        mp.undo()
    return {"summary": summary, "ws": root / "ws", "cache": root / "hf-cache"}


def _snapshot(ws: Path, corpus: str) -> tuple[Path, dict[str, Any]]:
    folder = ws / "corpora" / corpus / (ws / "corpora" / corpus / "CURRENT").read_text().strip()
    return folder, json.loads((folder / "manifest.json").read_text())


def _parts(folder: Path, manifest: dict[str, Any]) -> list[str]:
    return [str(folder / f["name"]) for f in manifest["files"]]


@pytest.mark.parametrize("corpus", ["rag", "finetune"])
def test_manifest_matches_the_files_on_disk(published: dict[str, Any], corpus: str) -> None:
    folder, manifest = _snapshot(published["ws"], corpus)
    assert manifest["row_count"] == published["summary"]["rows"][corpus] > 0
    for f in manifest["files"]:
        data = (folder / f["name"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == f["sha256"] and len(data) == f["bytes"]
        meta = pq.ParquetFile(folder / f["name"])
        assert meta.metadata.num_rows == f["rows"]
        assert meta.metadata.num_row_groups == f["row_groups"]
        kv = meta.schema_arrow.metadata
        assert kv[b"run_id"].decode() == published["summary"]["run_id"]
        assert len(kv[b"policy_hash"]) == 16
        assert meta.metadata.row_group(0).column(0).compression == "ZSTD"


@pytest.mark.parametrize("corpus", ["rag", "finetune"])
def test_snapshot_loads_in_datasets_polars_and_pandas(
    published: dict[str, Any], corpus: str
) -> None:
    import datasets
    import pandas as pd
    import polars as pl

    folder, manifest = _snapshot(published["ws"], corpus)
    expected = manifest["row_count"]
    ds = datasets.load_dataset("parquet", data_files=_parts(folder, manifest), split="train",
                               cache_dir=str(published["cache"]))  # fmt: skip
    assert ds.num_rows == expected
    frame = pl.read_parquet(str(folder / "part-*.parquet"))
    assert frame.height == expected
    assert pd.concat(pd.read_parquet(p) for p in _parts(folder, manifest)).shape[0] == expected
    labels = {"classification", "allowed_groups", "legal_basis", "retention_until",
              "policy_hash", "run_id", "source_uri"}  # fmt: skip
    assert labels <= set(ds.column_names)
    assert frame["allowed_groups"].to_list()[0] == ["hr", "support", "all-staff"]
    assert frame["source_uri"].null_count() == 0
    if corpus == "rag":  # markdown chunks carry their heading path
        onboarding = frame.filter(pl.col("source_uri") == "a.md")
        assert onboarding["headings"].to_list() == [["Onboarding"]] * onboarding.height > []


def test_finetune_snapshot_loads_as_a_chat_dataset(published: dict[str, Any]) -> None:
    import datasets
    from transformers import AutoTokenizer

    from governance.corpora.tokens import minilm_tokenizer_file

    folder, manifest = _snapshot(published["ws"], "finetune")
    ds = datasets.load_dataset("parquet", data_files=_parts(folder, manifest), split="train",
                               cache_dir=str(published["cache"]))  # fmt: skip
    chat = ds.filter(lambda r: r["kind"] == "chat").select_columns(["messages"])
    assert chat.num_rows == 2  # the tiny corpus's ticket and one of three duplicate tickets
    for row in chat:
        assert [m["role"] for m in row["messages"]] == ["user", "assistant"]
        assert all(isinstance(m["content"], str) and m["content"] for m in row["messages"])
    template = "{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}\n{% endfor %}"
    tokenizer = AutoTokenizer.from_pretrained(str(minilm_tokenizer_file().parent))
    rendered = tokenizer.apply_chat_template(chat[0]["messages"], chat_template=template,
                                             tokenize=False)  # fmt: skip
    assert rendered.startswith("<|user|>") and "<|assistant|>" in rendered
    assert "Maria" not in json.dumps([r["messages"] for r in chat])


def test_duplicates_and_short_rows_are_dropped_with_reasons_in_lineage(
    published: dict[str, Any],
) -> None:
    con = duckdb.connect(str(published["ws"] / "lineage.duckdb"), read_only=True)
    try:
        drops = con.execute(
            "SELECT corpus, category, reason FROM drops WHERE run_id = ? ORDER BY ALL",
            [published["summary"]["run_id"]],
        ).fetchall()
        outputs = con.execute("SELECT count(*) FROM outputs o JOIN snapshots s USING "
                              "(snapshot_id) WHERE s.corpus = 'finetune' AND "
                              "s.status = 'published'").fetchone()  # fmt: skip
    finally:
        con.close()
    finetune = [d for d in drops if d[0] == "finetune"]
    assert [d[1] for d in finetune if "duplicate" in d[1]] == ["exact duplicate", "near duplicate"]
    assert "near duplicate: Jaccard" in next(d[2] for d in finetune if d[1] == "near duplicate")
    assert ("rag", "too short") in {(d[0], d[1]) for d in drops}
    assert ("finetune", "too short") in {(d[0], d[1]) for d in drops}
    _, manifest = _snapshot(published["ws"], "finetune")
    assert outputs == (manifest["row_count"],)


@pytest.mark.parametrize("corpus", ["rag", "finetune"])
def test_each_snapshot_has_a_datacard_built_from_lineage(
    published: dict[str, Any], corpus: str
) -> None:
    folder, manifest = _snapshot(published["ws"], corpus)
    card = (folder / "DATACARD.md").read_text()
    for heading in ("## Sources", "## Preparation steps", "## Personal data found",
                    "## Validation", "## Known limits", "## Access labels"):  # fmt: skip
        assert heading in card
    assert f"| rows | {manifest['row_count']} |" in card
    assert "| tickets |" in card and "| docs |" in card
    operator = "pseudonym" if corpus == "rag" else "surrogate"
    assert f"| PERSON | {operator} |" in card
    assert "| True |" in card  # the validation suite passed
    for raw in ("Maria Lopez", "maria.lopez@yahoo.com", "Jane Cooper", "415-555-2671"):
        assert raw not in card


@pytest.mark.parametrize("corpus", ["rag", "finetune"])
def test_a_snapshot_folder_is_a_hugging_face_dataset_with_a_complete_card(
    published: dict[str, Any], corpus: str
) -> None:
    import datasets
    from huggingface_hub import DatasetCard

    folder, manifest = _snapshot(published["ws"], corpus)
    card = DatasetCard.load(folder / "README.md")
    meta = card.data.to_dict()
    assert meta["license"] == "other" and meta["license_name"] == "confidential-data"
    assert meta["language"] == ["en"]
    assert meta["size_categories"] == ["n<1K"]
    assert meta["dataset_info"]["splits"] == [
        {"name": "train", "num_examples": manifest["row_count"]}
    ]
    features = [f["name"] for f in meta["dataset_info"]["features"]]
    assert card.text.lstrip().startswith(f"# Data card: corpus `{corpus}`")
    ds = datasets.load_dataset(str(folder), split="train", cache_dir=str(published["cache"]))
    assert ds.num_rows == manifest["row_count"] and ds.column_names == features
    whole = datasets.load_dataset(str(folder.parent), data_dir=folder.name, split="train",
                                  cache_dir=str(published["cache"]))  # fmt: skip
    assert whole.num_rows == manifest["row_count"]
