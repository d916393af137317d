"""The policy format: what a compliance officer writes, reviews and signs off.

Pydantic models with ``extra="forbid"`` so a typo is an error, not a silent default.
The policy names where keys live, never the keys themselves.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from governance.ingest.ocr import TESSERACT_LANGUAGES
from governance.policy.recognizers import CustomRecognizer

OPERATOR_NAMES = ("pseudonym", "surrogate", "redact", "mask", "generalize", "keep", "drop")
FORMATS = (
    "txt", "md", "html", "eml", "mbox", "csv", "tsv", "jsonl", "parquet", "pdf", "docx", "zip",
    "xlsx", "xls", "ods", "pptx", "image",
)  # fmt: skip
TABLE_FORMATS = ("csv", "tsv", "jsonl", "parquet", "xlsx", "xls", "ods")
# Direct identifiers that a finetune target may never keep in clear unless the policy
# says otherwise (``forbid_clear_in_finetune``): what goes into weights cannot be erased.
DIRECT_IDENTIFIERS = (
    "PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN",
    "ES_NIF", "ES_NIE", "NATIONAL_ID", "IP_ADDRESS", "STREET_ADDRESS",
)  # fmt: skip


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ColumnRole(StrEnum):
    DIRECT_IDENTIFIER = "direct_identifier"
    QUASI_IDENTIFIER = "quasi_identifier"
    FREE_TEXT = "free_text"
    DROP = "drop"


class Column(Strict):
    """How one column of a table (CSV, TSV, JSON Lines) is treated."""

    role: ColumnRole = Field(
        default=ColumnRole.FREE_TEXT,
        description="direct_identifier (replaced whole), quasi_identifier and free_text "
        "(scanned like any text), drop (never read).",
    )
    entity: str | None = Field(
        default=None, description="Entity type of a direct identifier, e.g. PERSON."
    )

    @model_validator(mode="after")
    def _identifier_has_entity(self) -> Column:
        if self.role is ColumnRole.DIRECT_IDENTIFIER and not self.entity:
            raise ValueError("a direct_identifier column needs 'entity' (e.g. entity: PERSON)")
        return self


class ChatMapping(Strict):
    """Maps fields of a question/answer source (a ticket and its reply) to chat turns."""

    user: tuple[str, ...] = Field(min_length=1)
    assistant: str
    system: str | None = None


class Ocr(Strict):
    """OCR of scanned PDF pages and images (png, jpg, tiff) with Tesseract."""

    enabled: bool = Field(
        default=False,
        description="Read pages without a text layer and image files by OCR. Off: image "
        "files are skipped by rule and a PDF with no text layer is quarantined (NeedsOcr).",
    )
    languages: tuple[str, ...] = Field(
        default=(),
        description="Tesseract language data names, e.g. [eng, spa]; empty: those of the "
        "policy's languages.",
    )
    min_confidence: float = Field(
        default=60.0, ge=0.0, le=100.0,
        description="Pages whose mean word confidence (0-100) is below this are flagged "
        "ocr_low_confidence in lineage.",
    )  # fmt: skip
    dpi: int = Field(default=300, ge=72, le=600, description="Resolution of rendered PDF pages.")

    @field_validator("languages")
    @classmethod
    def _names(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for name in value:
            if not re.fullmatch(r"[a-z]{3}(_[a-z]+)?", name):
                raise ValueError(f"'{name}' is not a Tesseract language name (eng, spa, chi_sim)")
        return value


class Source(Strict):
    """A set of files the pipeline reads: a root folder and glob patterns."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    root: str
    include: tuple[str, ...] = ("**/*",)
    exclude: tuple[str, ...] = ()
    format: Literal[
        "auto", "txt", "md", "html", "eml", "mbox", "csv", "tsv", "jsonl", "parquet", "pdf",
        "docx", "zip", "xlsx", "xls", "ods", "pptx", "image",
    ] = "auto"  # fmt: skip
    language: str = Field(default="auto", description="'auto' or a language code from languages.")
    columns: dict[str, Column] = Field(default_factory=dict)
    chat: ChatMapping | None = None
    max_file_bytes: int = Field(default=50_000_000, gt=0)
    # Containers (ZIP archives, e-mail attachments): nesting depth, total bytes read out of
    # one discovered file, and entries per file. Beyond any limit the file is quarantined.
    max_archive_depth: int = Field(default=3, ge=1, le=20)
    max_archive_bytes: int = Field(default=500_000_000, gt=0)
    max_archive_entries: int = Field(default=10_000, gt=0)
    ocr: Ocr = Field(default_factory=Ocr)


class Language(Strict):
    model: str = Field(
        description="A project model (en_governance_ner) or an installed spaCy package name, "
        "e.g. es_core_news_sm."
    )


class Detection(Strict):
    """What counts as personal data and how sure a detector must be."""

    entities: tuple[str, ...] = Field(min_length=1, description="Entity types to detect.")
    default_threshold: float = Field(default=0.5, ge=0.0, le=1.0)
    thresholds: dict[str, float] = Field(
        default_factory=dict, description="Score threshold per entity type, 0..1."
    )
    allow: tuple[str, ...] = Field(default=(), description="Exact values never treated as PII.")
    allow_patterns: tuple[str, ...] = Field(
        default=(), description="Regular expressions (full match) never treated as PII."
    )
    deny: dict[str, tuple[str, ...]] = Field(
        default_factory=dict, description="Per entity type: exact values always treated as it."
    )
    recognizers: tuple[CustomRecognizer, ...] = Field(
        default=(), description="Custom recognizers in Presidio's recognizer YAML format."
    )
    recognizer_files: tuple[str, ...] = Field(
        default=(), description="Presidio recognizer YAML files, relative to the policy file."
    )

    @field_validator("thresholds")
    @classmethod
    def _in_range(cls, value: dict[str, float]) -> dict[str, float]:
        for entity, threshold in value.items():
            if not 0.0 <= threshold <= 1.0:
                raise ValueError(f"threshold for {entity} must be between 0 and 1")
        return value

    def threshold(self, entity: str) -> float:
        return self.thresholds.get(entity, self.default_threshold)

    def custom_entities(self) -> set[str]:
        return {r.supported_entity for r in self.recognizers}


ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,127}")
BLOCK_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,127}")


def looks_like_key_material(kind: str, name: str) -> bool:
    """Whether a key reference's name is more likely the key itself: a long run of letters
    and digits with no word breaks (``{env: 3f9a…}``) or anything that is not a valid name
    of its kind. Environment variables are upper-case words (``GOVERN_KEY_2026``), block
    names are slugs with dashes, files are paths."""
    compact = len(name) >= 20 and re.fullmatch(r"[A-Za-z0-9+/=]+", name) is not None
    mixed = compact and any(c.isdigit() for c in name) and any(c.isalpha() for c in name)
    if kind == "env":
        return ENV_NAME.fullmatch(name) is None or (mixed and not name.isupper())
    if kind == "prefect_secret":
        return BLOCK_NAME.fullmatch(name) is None or mixed
    return mixed or len(name) > 4096 or any(ord(c) < 32 for c in name)


class KeyRef(Strict):
    """Where a key lives. Exactly one of env, file, prefect_secret."""

    env: str | None = None
    file: str | None = None
    prefect_secret: str | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> KeyRef:
        named = [n for n in ("env", "file", "prefect_secret") if getattr(self, n)]
        if len(named) != 1:
            raise ValueError(
                "a key reference names exactly one of env, file, prefect_secret; "
                f"got {named or 'none'}"
            )
        kind = named[0]
        if looks_like_key_material(kind, str(getattr(self, kind))):
            raise ValueError(
                f"the {kind} reference looks like key material, not the name of where the key "
                "lives; a policy never holds the key (its value is not shown here: rotate the "
                "key if this file was shared)"
            )
        return self

    def describe(self) -> str:
        if self.env:
            return f"environment variable {self.env}"
        if self.file:
            return f"file {self.file}"
        return f"Prefect Secret block {self.prefect_secret}"


class Pseudonymization(Strict):
    domain: str = Field(min_length=1, description="Tokens are linkable only within one domain.")
    key: KeyRef = Field(
        description="Where the key lives: {env: VAR}, {file: PATH} or "
        "{prefect_secret: BLOCK}; never the key itself."
    )

    @field_validator("key", mode="before")
    @classmethod
    def _not_inline(cls, value: object) -> object:
        if isinstance(value, str | int | float):
            raise ValueError(
                "a policy names where the key lives, never the key itself; "
                "write key: {env: VAR}, {file: PATH} or {prefect_secret: BLOCK}"
            )
        return value


class Chunking(Strict):
    max_tokens: int = Field(default=256, ge=16, le=8192)
    overlap_tokens: int = Field(default=32, ge=0)
    tokenizer: str = Field(
        default="words",
        pattern=r"^(words|minilm|hf:.+)$",
        description="How tokens are counted: 'words' (whitespace, no download), 'minilm' "
        "(the bundled all-MiniLM-L6-v2 WordPiece) or 'hf:PATH' (a local tokenizer.json).",
    )

    @model_validator(mode="after")
    def _overlap_smaller(self) -> Chunking:
        if self.overlap_tokens >= self.max_tokens:
            raise ValueError("overlap_tokens must be smaller than max_tokens")
        return self


class Filters(Strict):
    """Quality and length filters on shaped rows; every drop is recorded with its reason."""

    max_chars: int | None = Field(default=None, gt=0)
    min_words: int = Field(default=1, ge=0)
    max_symbol_ratio: float = Field(default=0.5, gt=0.0, le=1.0)
    max_duplicate_line_ratio: float = Field(default=0.5, gt=0.0, le=1.0)


class Dedup(Strict):
    """Exact and near-duplicate removal (MinHash LSH over word shingles)."""

    exact: bool = True
    near: bool = True
    threshold: float = Field(default=0.85, gt=0.0, le=1.0)
    num_perm: int = Field(default=128, ge=16, le=1024)
    shingle_words: int = Field(default=5, ge=1, le=20)


class OperatorSpec(BaseModel):
    """An operator with parameters: ``{operator: generalize, age_band: 5}``. The other keys
    are the operator's parameters, checked against its ``Params`` when the policy loads
    (policy/checks.py), so the policy model does not import the operators."""

    model_config = ConfigDict(extra="allow", frozen=True)
    operator: str = Field(description="The operator's name.")

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class Target(Strict):
    """One output corpus and how each entity type is treated in it."""

    kind: Literal["rag", "finetune"] = Field(
        description="rag: chunks for a vector index; finetune: text or chat records."
    )
    operators: dict[str, str | OperatorSpec] = Field(
        description="Operator per entity type, a name or {operator: name, <parameter>: "
        "value, ...}; the key 'default' covers the rest."
    )
    chunking: Chunking = Field(default=Chunking(), description="RAG chunk size and overlap.")
    min_chars: int = Field(default=20, ge=0, description="Shorter rows are dropped (counted).")
    suite: str | None = Field(default=None, description="Expectation suite name in expectations/.")
    filters: Filters = Filters()
    dedup: Dedup | None = Field(
        default=None, description="Duplicate removal; default on for finetune, off for rag."
    )
    keep_snapshots: int = Field(default=5, ge=1, description="Snapshots kept on disk.")
    vault: KeyRef | None = Field(
        default=None,
        description="Keep pseudonymized values reversible: where the vault key (AES-GCM, "
        "separate from the pseudonymization key) lives; originals go to vault.duckdb.",
    )

    # Operator names and parameters are checked against the live operator registry
    # (policy/checks.py).

    def _spec(self, entity: str) -> str | OperatorSpec:
        """Validation guarantees an entry or a default; fail closed (redact) regardless."""
        return self.operators.get(entity, self.operators.get("default", "redact"))

    def operator(self, entity: str) -> str:
        spec = self._spec(entity)
        return spec if isinstance(spec, str) else spec.operator

    def operator_params(self, entity: str) -> dict[str, Any]:
        """The parameters the policy gives the operator of ``entity`` (none: {})."""
        spec = self._spec(entity)
        return {} if isinstance(spec, str) else spec.params

    def operator_source(self, entity: str) -> str:
        """The operators key that decides an entity: itself, or 'default'."""
        return entity if entity in self.operators else "default"


class Labels(Strict):
    """Access labels copied onto every output row."""

    classification: Literal["public", "internal", "confidential", "restricted"] = "internal"
    allowed_groups: tuple[str, ...] = ("all-staff",)
    legal_basis: Literal[
        "consent", "contract", "legal_obligation", "vital_interests", "public_task",
        "legitimate_interest",
    ] = Field(default="legitimate_interest", description="GDPR Art. 6 basis.")  # fmt: skip
    retention_days: int = Field(default=365, gt=0, le=36500)


class Canaries(Strict):
    """Synthetic personal values planted in copies of sampled documents before detection;
    the run counts how many survive each target (governance/quality/canaries.py)."""

    enabled: bool = True
    documents_per_batch: int = Field(default=4, ge=1, le=256)
    entities: tuple[
        Literal["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE",
                "US_SSN", "ES_NIF", "ES_NIE", "IP_ADDRESS"], ...
    ] = Field(default=(), description="Types to plant; empty: all the policy detects.")  # fmt: skip


class Quality(Strict):
    """What the quality gate does when a corpus fails its expectation suite."""

    on_failure: Literal["block", "warn"] = Field(
        default="block", description="block: nothing is published, exit 1; warn: publish."
    )
    canaries: Canaries = Canaries()


class Policy(Strict):
    """A policy file: what may be read and how each entity type is treated per target."""

    version: Literal[1] = Field(default=1, description="Format version; only 1 exists.")
    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", description="Shown in lineage.")
    description: str = ""
    source_root: str = Field(default=".", description="Base folder of relative source roots.")
    sources: tuple[Source, ...] = Field(min_length=1, description="What the pipeline reads.")
    languages: dict[str, Language] = Field(
        min_length=1, description="Language code -> spaCy model."
    )
    default_language: str = Field(default="en", description="When detection has no signal.")
    detection: Detection
    pseudonymization: Pseudonymization
    targets: dict[str, Target] = Field(min_length=1, description="Corpus name -> treatment.")
    labels: Labels = Field(default=Labels(), description="Access labels on every output row.")
    quality: Quality = Quality()
    forbid_clear_in_finetune: tuple[str, ...] = Field(
        default=DIRECT_IDENTIFIERS,
        description="Entity types no finetune target may 'keep' in clear.",
    )

    @model_validator(mode="before")
    @classmethod
    def _ocr_languages(cls, data: object) -> object:
        """A source that reads by OCR without naming languages reads the policy's."""
        if not isinstance(data, dict) or not isinstance(data.get("sources"), list | tuple):
            return data
        codes = list(data.get("languages") or {}) if isinstance(data.get("languages"), dict) else []
        names = list(dict.fromkeys(TESSERACT_LANGUAGES.get(c, c) for c in codes))
        sources = []
        for src in data["sources"]:
            ocr = src.get("ocr") if isinstance(src, dict) else None
            if isinstance(ocr, dict) and not ocr.get("languages") and names:
                sources.append({**src, "ocr": {**ocr, "languages": names}})
            else:
                sources.append(src)
        return {**data, "sources": sources}

    def enabled_entities(self, source: Source | None = None) -> list[str]:
        """Detected entity types plus direct-identifier column types (of one source or all)."""
        out = list(self.detection.entities)
        for src in self.sources if source is None else (source,):
            for column in src.columns.values():
                if column.entity and column.entity not in out:
                    out.append(column.entity)
        return out

    # Checks across fields (languages, unique names, ...) are in policy/checks.py, where
    # each error can point at the line that causes it.
