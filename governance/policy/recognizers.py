"""Custom recognizers in Presidio's own recognizer YAML format.

A policy may list them inline (``detection.recognizers``) or name files written for
Presidio (``detection.recognizer_files``: a mapping with a ``recognizers`` list, as in
presidio-analyzer's ``conf/example_recognizers.yaml``). Only ``type: custom`` (pattern
and deny-list) recognizers are accepted: predefined ones are enabled by listing their
entity in ``detection.entities``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ENTITY_PATTERN = r"^[A-Z][A-Z0-9_]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PatternSpec(_Strict):
    """One regular expression and the score a match gets before context is considered."""

    name: str = Field(min_length=1, description="A label for the pattern, e.g. 'zip code'.")
    regex: str = Field(min_length=1, description="Python regular expression.")
    score: float = Field(ge=0.0, le=1.0, description="Score of a match, 0..1.")


class LanguageContext(_Strict):
    """Presidio's per-language form: a language code and its own context words."""

    language: str
    context: tuple[str, ...] | None = None


class CustomRecognizer(_Strict):
    """A pattern and/or deny-list recognizer, field for field as Presidio's YAML."""

    name: str = Field(min_length=1, description="Recognizer name shown in findings.")
    type: Literal["custom"] = "custom"
    enabled: bool = True
    supported_entity: str = Field(pattern=ENTITY_PATTERN, description="Entity type it finds.")
    supported_language: str | None = Field(
        default=None, description="One language; omit both language fields for all of them."
    )
    supported_languages: tuple[str | LanguageContext, ...] | None = None
    patterns: tuple[PatternSpec, ...] = ()
    context: tuple[str, ...] = Field(
        default=(), description="Words near a match that raise its score."
    )
    deny_list: tuple[str, ...] = Field(
        default=(), description="Exact values that are always this entity."
    )
    deny_list_score: float = Field(default=1.0, ge=0.0, le=1.0)
    country_code: str | None = Field(
        default=None, description="Accepted for Presidio compatibility; informational only."
    )

    def languages(self, policy_languages: list[str]) -> list[str]:
        """The languages it runs for: those it names, else every policy language."""
        if self.supported_language:
            return [self.supported_language]
        if self.supported_languages:
            return [s if isinstance(s, str) else s.language for s in self.supported_languages]
        return list(policy_languages)

    def context_for(self, language: str) -> tuple[str, ...]:
        for item in self.supported_languages or ():
            if isinstance(item, LanguageContext) and item.language == language and item.context:
                return item.context
        return self.context


class RecognizerFile(_Strict):
    """A Presidio recognizer YAML file named by ``detection.recognizer_files``."""

    recognizers: tuple[CustomRecognizer, ...] = Field(min_length=1)
    supported_languages: tuple[str, ...] | None = Field(
        default=None, description="Languages for recognizers that name none."
    )
    global_regex_flags: int | None = Field(
        default=None, description="Accepted for Presidio compatibility; flags are Presidio's."
    )
