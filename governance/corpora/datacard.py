"""DATACARD.md: a datasheet per snapshot, generated from lineage only.

In the spirit of Article 10 of the EU AI Act (data governance for training, validation
and testing data): where the data came from, how it was prepared, what personal data
was found and how it was treated, how it was checked, and what it cannot promise.
Built from lineage queries (counts, ids, hashes, policy), so it holds no personal values.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from governance.errors import ConfigError
from governance.lineage.store import LineageStore
from governance.policy.model import Dedup

Rows = list[tuple[Any, ...]]


def write_datacard(store: LineageStore, folder: Path, snapshot_id: str) -> Path:
    """DATACARD.md, and README.md: the same card under the YAML header the Hugging Face
    Hub reads (licence, languages, size, split, features), so the snapshot folder is a
    dataset folder (``huggingface-cli upload``, ``datasets.load_dataset(folder)``)."""
    card = render_datacard(store, snapshot_id)
    path = folder / "DATACARD.md"
    for name, text in (("DATACARD.md", card), ("README.md", hub_header(store, snapshot_id) + card)):
        tmp = folder / f".{name}.tmp"
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(folder / name)
    return path


# The Hub's size buckets (``size_categories``), by row count.
SIZE_BUCKETS = ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
                (1_000_000, "100K<n<1M"), (10_000_000, "1M<n<10M"))  # fmt: skip
TASKS = {"rag": ["text-retrieval", "question-answering"], "finetune": ["text-generation"]}


def hub_header(store: LineageStore, snapshot_id: str) -> str:
    """The dataset card's YAML metadata of a snapshot."""
    import yaml
    from datasets import Features  # loaded on use: a second of import, once per run

    from governance.corpora.schemas import SCHEMAS

    snap = _one(store, "SELECT * FROM snapshots WHERE snapshot_id = ?", [snapshot_id])
    run = _one(store, "SELECT * FROM runs WHERE run_id = ?", [snap["run_id"]])
    labels = _policy(store, str(run["policy_hash"])).get("labels", {})
    _, langs = store.query(
        "SELECT DISTINCT d.language FROM outputs o JOIN documents d USING (doc_id) "
        "WHERE o.snapshot_id = ? AND d.language IS NOT NULL ORDER BY 1", [snapshot_id])  # fmt: skip
    rows, kind = int(snap["row_count"]), str(snap["kind"])
    size = next((b for limit, b in SIZE_BUCKETS if rows < limit), "n>10M")
    meta = {
        "pretty_name": f"{snap['corpus']} ({kind}) snapshot {snapshot_id}",
        "license": "other",
        "license_name": f"{labels.get('classification', 'internal')}-data",
        "license_details": "Company data under the access labels of every row "
        f"(allowed groups: {', '.join(labels.get('allowed_groups', [])) or 'see rows'}); "
        "not for publication outside them.",
        "language": [str(code) for (code,) in langs],
        "size_categories": [size],
        "task_categories": TASKS.get(kind, []),
        "tags": ["pseudonymized", "data-governance", kind],
        "configs": [{"config_name": "default",
                     "data_files": [{"split": "train", "path": "part-*.parquet"}]}],
        "dataset_info": {
            "features": Features.from_arrow_schema(SCHEMAS[kind])._to_yaml_list(),
            "splits": [{"name": "train", "num_examples": rows}],
        },
    }  # fmt: skip
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n\n"


def render_datacard(store: LineageStore, snapshot_id: str) -> str:
    snap = _one(store, "SELECT * FROM snapshots WHERE snapshot_id = ?", [snapshot_id])
    run = _one(store, "SELECT * FROM runs WHERE run_id = ?", [snap["run_id"]])
    policy = _policy(store, str(run["policy_hash"]))
    corpus, kind = str(snap["corpus"]), str(snap["kind"])
    target = policy.get("targets", {}).get(corpus, {})
    parts = [
        f"# Data card: corpus `{corpus}`, snapshot `{snapshot_id}`",
        f"Generated from lineage on {datetime.now(UTC).isoformat(timespec='seconds')}. "
        "A datasheet in the spirit of Article 10 of the EU AI Act: provenance, preparation, "
        "personal data found and how it was treated, checks, and known limits. It holds "
        "counts, ids and hashes only, never personal values.",
        _summary(snap, run),
        _purpose(kind),
        "## Sources\n\n" + _sources(store, snapshot_id),
        "## Preparation steps\n\n" + _steps(policy, target, kind),
        "## Personal data found, by entity type and operator\n\n"
        + _findings(store, snapshot_id, corpus),
        "## Validation\n\n" + _validations(store, snapshot_id, corpus),
        "## Removed while preparing (this run)\n\n" + _removed(store, str(snap["run_id"]), corpus),
        "## Erasures applied\n\n" + _erasures(store, snapshot_id),
        "## Access labels\n\n" + _labels(policy),
        "## Known limits\n\n" + _limits(policy, kind),
    ]
    return "\n\n".join(parts) + "\n"


def _one(store: LineageStore, sql: str, params: Sequence[Any]) -> dict[str, Any]:
    columns, rows = store.query(sql, params)
    if not rows:
        raise ConfigError(f"lineage has no row for {params}", hint="is this snapshot in lineage?")
    return dict(zip(columns, rows[0], strict=True))


def _policy(store: LineageStore, policy_hash: str) -> dict[str, Any]:
    _, rows = store.query("SELECT canonical FROM policies WHERE policy_hash = ?", [policy_hash])
    return dict(json.loads(rows[0][0])) if rows else {}


def table(columns: Sequence[str], rows: Rows) -> str:
    if not rows:
        return "_none_"
    head = "| " + " | ".join(columns) + " |\n|" + "---|" * len(columns)
    body = ["| " + " | ".join("" if v is None else str(v) for v in r) + " |" for r in rows]
    return "\n".join([head, *body])


def _summary(snap: dict[str, Any], run: dict[str, Any]) -> str:
    rows: Rows = [
        ("corpus / kind", f"{snap['corpus']} / {snap['kind']}"),
        ("rows", snap["row_count"]),
        ("created", snap["created_at"]),
        ("manifest sha256", snap["manifest_sha256"]),
        ("run", f"{run['run_id']} ({run['status']}, flow run {run.get('flow_run_id')})"),
        ("policy", f"{run['policy_name']} (hash {run['policy_hash']})"),
        ("pseudonymization key id", run["key_id"]),
        ("code version", run["code_version"]),
    ]
    return "## Summary\n\n" + table(["field", "value"], rows)


def _purpose(kind: str) -> str:
    use = {
        "rag": "Retrieval (chunks for a vector index); pseudonyms are reversible by holders "
        "of the key, so the corpus stays personal data and must be access-controlled "
        "with the labels below.",
        "finetune": "Fine-tuning (continued pre-training text and chat records); personal "
        "data was replaced irreversibly (surrogates, redaction) because what enters "
        "model weights cannot be taken out again.",
    }[kind]
    return f"## Intended use\n\n{use}"


def _sources(store: LineageStore, snapshot_id: str) -> str:
    columns, rows = store.query(
        "SELECT d.source, count(DISTINCT o.doc_id) AS documents, count(*) AS rows, "
        "string_agg(DISTINCT d.format, ', ' ORDER BY d.format) AS formats, "
        "string_agg(DISTINCT coalesce(d.language, '?'), ', ') AS languages, "
        "count(DISTINCT o.run_id) AS runs "
        "FROM outputs o JOIN documents d USING (doc_id) WHERE o.snapshot_id = ? "
        "GROUP BY d.source ORDER BY d.source",
        [snapshot_id],
    )
    return table(columns, rows)


def _steps(policy: dict[str, Any], target: dict[str, Any], kind: str) -> str:
    detection = policy.get("detection", {})
    models = ", ".join(f"{k}: {v.get('model')}" for k, v in policy.get("languages", {}).items())
    ops = ", ".join(f"{k}: {v}" for k, v in sorted(target.get("operators", {}).items()))
    steps = [
        "Discovery by content hash against lineage; only new or changed files were read.",
        "Extraction with one reader per format; unreadable files were quarantined.",
        f"Detection with Presidio and spaCy ({models}); entities: "
        f"{', '.join(detection.get('entities', []))}; default threshold "
        f"{detection.get('default_threshold')}.",
        f"Transformation, operator per entity type: {ops}.",
        _shaping(target, kind),
        f"Filters: min_chars {target.get('min_chars')}, {_kv(target.get('filters', {}))}.",
        _dedup_step(target, kind),
        f"Validation with the Great Expectations suite `{target.get('suite')}` "
        "(including a residual-PII scan); failing batches were quarantined, not published.",
        "Publication as zstd Parquet with an explicit schema, manifest.json with row counts "
        "and file hashes, and an atomic swap of CURRENT.",
    ]
    return "\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1))


def _shaping(target: dict[str, Any], kind: str) -> str:
    if kind == "rag":
        c = target.get("chunking", {})
        return (
            f"Chunking: sentence-aware, at most {c.get('max_tokens')} tokens "
            f"({c.get('tokenizer', 'words')}) with {c.get('overlap_tokens')} tokens of overlap; "
            "chunk ids from document id and source span."
        )
    return "Records: plain text, or chat messages where the source maps question and answer."


def _dedup_step(target: dict[str, Any], kind: str) -> str:
    dedup = target.get("dedup")
    if dedup is None and kind == "rag":
        return "Deduplication: off for this corpus."
    return f"Deduplication (exact and MinHash LSH): {_kv(dedup or Dedup().model_dump())}."


def _kv(values: dict[str, Any]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(values.items()))


def _findings(store: LineageStore, snapshot_id: str, corpus: str) -> str:
    columns, rows = store.query(
        "SELECT f.entity_type, f.operator, sum(f.count) AS findings, "
        "count(DISTINCT f.doc_id) AS documents FROM findings f "
        "JOIN (SELECT DISTINCT doc_id, run_id FROM outputs WHERE snapshot_id = ?) o "
        "ON f.doc_id = o.doc_id AND f.run_id = o.run_id "
        "WHERE f.target = ? GROUP BY ALL ORDER BY findings DESC, f.entity_type",
        [snapshot_id, corpus],
    )
    return table(columns, rows)


def _validations(store: LineageStore, snapshot_id: str, corpus: str) -> str:
    columns, rows = store.query(
        "SELECT v.run_id, v.suite, count(*) AS batches, bool_and(v.success) AS passed, "
        "sum(v.evaluated) AS expectations, sum(v.failed) AS failed FROM validations v "
        "WHERE v.corpus = ? AND v.run_id IN "
        "(SELECT DISTINCT run_id FROM outputs WHERE snapshot_id = ?) GROUP BY ALL ORDER BY 1",
        [corpus, snapshot_id],
    )
    return table(columns, rows)


def _removed(store: LineageStore, run_id: str, corpus: str) -> str:
    drops = store.query(
        "SELECT category, count(*) AS rows, count(DISTINCT doc_id) AS documents FROM drops "
        "WHERE run_id = ? AND corpus = ? GROUP BY ALL ORDER BY rows DESC",
        [run_id, corpus],
    )
    files = store.query(
        "SELECT state, coalesce(error_class, '') AS error_class, count(*) AS files FROM files "
        "WHERE run_id = ? AND state IN ('quarantined', 'skipped') GROUP BY ALL ORDER BY ALL",
        [run_id],
    )
    return "Rows:\n\n" + table(*drops) + "\n\nFiles not read:\n\n" + table(*files)


def _erasures(store: LineageStore, snapshot_id: str) -> str:
    """Erasures that produced this snapshot from an earlier one (lineage schema v3)."""
    _, has = store.query(
        "SELECT 1 FROM information_schema.tables WHERE table_name = 'erasure_snapshots'"
    )
    if not has:
        return "_none_"
    columns, rows = store.query(
        "SELECT e.erasure_id, e.kind, e.requested_at, s.snapshot_id AS replaced_snapshot, "
        "s.rows_removed FROM erasure_snapshots s JOIN erasures e USING (erasure_id) "
        "WHERE s.replacement_id = ? ORDER BY e.requested_at",
        [snapshot_id],
    )
    return table(columns, rows)


def _labels(policy: dict[str, Any]) -> str:
    labels = policy.get("labels", {})
    rows: Rows = [
        (k, ", ".join(v) if isinstance(v, list) else v) for k, v in sorted(labels.items())
    ]
    return table(["label", "value"], rows)


def _limits(policy: dict[str, Any], kind: str) -> str:
    languages = ", ".join(sorted(policy.get("languages", {})))
    limits = [
        "Detection is automatic: recall is below 100%. The residual-PII gate is a second, "
        "independent scan, not a proof that no personal data remains.",
        "Quasi-identifiers (roles, dates, amounts, rare events) are kept unless the policy "
        "drops them; combined, they may still single a person out.",
        f"Only these languages have a detection model: {languages}; text in other languages "
        "is scanned with the default language's model.",
        "Representativeness and bias of the data were not assessed by this pipeline; the "
        "data owner must examine them for the intended use.",
        "Duplicates are removed within this corpus only, never across corpora or against "
        "public data.",
        "Erasures after this snapshot are not reflected here; see the erasures in lineage.",
    ]
    if kind == "rag":
        limits.insert(0, "Pseudonyms are keyed and consistent: holders of the key can "
                      "re-identify, and linking across documents stays possible.")  # fmt: skip
    return "\n".join(f"- {x}" for x in limits)
