"""EMAIL_ADDRESS: Presidio's recognizer, with a fallback for domains outside the public
suffix list (``support@acme.example``, ``ops@host.internal``): a well-formed address is
personal data whatever its top-level domain. File names that look like addresses
(``logo@2x.png``) are still rejected."""

from __future__ import annotations

from presidio_analyzer.predefined_recognizers import EmailRecognizer

FILE_SUFFIXES = frozenset("png jpg jpeg gif svg webp pdf js css txt html md zip".split())


class AnyTldEmailRecognizer(EmailRecognizer):  # type: ignore[misc]
    def __init__(self, supported_language: str) -> None:
        super().__init__(supported_language=supported_language, name="AnyTldEmailRecognizer")

    def validate_result(self, pattern_text: str) -> bool:
        domain = pattern_text.rsplit("@", 1)[-1]
        labels = domain.split(".")
        tld = labels[-1].casefold()
        if len(labels) < 2 or not tld.isalpha() or not 2 <= len(tld) <= 24:
            return False
        return tld not in FILE_SUFFIXES
