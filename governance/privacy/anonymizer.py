"""Detect and anonymize texts outside the pipeline (``govern anonymize``, ``govern eval``,
benchmarks): one analyzer per process, texts in, anonymized texts and findings out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from governance.errors import ConfigError
from governance.policy.model import Policy, Target
from governance.privacy.detect.analyzer import Detector
from governance.privacy.detect.language import detect_language
from governance.privacy.transform.keys import Key
from governance.privacy.transform.operators import Pseudonymizer
from governance.privacy.transform.rewrite import transform
from governance.privacy.transform.spans import resolve
from governance.records import Document, Finding

Item = tuple[str, str | None]  # (text, language or None for the default mode)


@dataclass(frozen=True, slots=True)
class Anonymized:
    text: str
    findings: tuple[Finding, ...]  # resolved, disjoint, offsets into the input text
    language: str


def pick_target(policy: Policy, name: str | None) -> tuple[str, Target]:
    """The named target, or the policy's first rag target (else its first target)."""
    if name is not None:
        if name not in policy.targets:
            raise ConfigError(
                f"target '{name}' is not in the policy",
                hint=f"use one of: {', '.join(policy.targets)}",
            )
        return name, policy.targets[name]
    rag = [n for n, t in policy.targets.items() if t.kind == "rag"]
    chosen = rag[0] if rag else next(iter(policy.targets))
    return chosen, policy.targets[chosen]


class Anonymizer:
    """Built once per process: the detector, the target's operators and the keyed scheme."""

    def __init__(self, policy: Policy, key: Key, target: str | None, language: str = "auto"):
        if language != "auto" and language not in policy.languages:
            raise ConfigError(
                f"language '{language}' is not in the policy's languages",
                hint=f"use auto or one of: {', '.join(policy.languages)}",
            )
        self.policy = policy
        self.detector = Detector(policy)
        self.target_name, self.target = pick_target(policy, target)
        self.ps = Pseudonymizer(key, policy.pseudonymization.domain)
        self.language = language

    def run(self, items: Sequence[Item]) -> list[Anonymized]:
        docs = [
            Document(str(i), text, "anonymize", "", "txt", "", self._language(text, lang))
            for i, (text, lang) in enumerate(items)
        ]
        self.detector.detect(docs)
        out: list[Anonymized] = []
        for doc in docs:
            language = doc.language or self.policy.default_language
            result = transform(doc.text, doc.findings, self.target, language, self.ps)
            out.append(Anonymized(result.text, tuple(resolve(doc.findings)), language))
        return out

    def _language(self, text: str, given: str | None) -> str:
        if given in self.policy.languages:
            return given
        if self.language != "auto":
            return self.language
        return detect_language(text, self.policy.languages, self.policy.default_language)
