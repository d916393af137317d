"""Spanish identifiers with their check characters: DNI/NIF (also with dots, a space or
a dash before the letter, and company NIFs), NIE, IBAN in any grouping, and the
domestic bank account number (CCC, 20 digits with two control digits). Also any
country's IBAN written in lower case (``gb42nawi04454264788619`` in a chat), which
Presidio's upper-case pattern misses; the mod-97 check decides."""

from __future__ import annotations

from typing import Any

from presidio_analyzer import Pattern, PatternRecognizer

from governance.privacy.detect.checksums import ccc_ok, cif_ok, dni_ok, iban_ok

SEP = r"[ .\-]?"
DNI = r"(?<![\w\-.])\d{2}\.?\d{3}\.?\d{3}[ \-]?[A-Za-z](?![\w\-])"
CIF = r"(?<![\w\-])[ABCDEFGHJNPQRSUVW][\-]?\d{7}[0-9A-J](?![\w\-])"
NIE = r"(?<![\w\-])[XYZxyz][ \-]?\d{7}[ \-]?[A-Za-z](?![\w\-])"
IBAN_ES = r"(?<![\w\-])ES\d{2}(?:[ \-]?\d){20}(?![\w\-])"
IBAN_LOWER = r"(?<![\w\-])[a-z]{2}\d{2}(?:[ \-]?[a-z0-9]{4}){2,7}(?:[ \-]?[a-z0-9]{1,3})?(?![\w\-])"
CCC = r"(?<![\w\-.])\d{4}[ \-]?\d{4}[ \-]?\d{2}[ \-]?\d{10}(?![\w\-])"


class _Checked(PatternRecognizer):  # type: ignore[misc]
    """A pattern recognizer whose candidates must pass a check: no check, no finding."""

    check: Any = staticmethod(dni_ok)

    def validate_result(self, pattern_text: str) -> bool:
        return bool(self.check(pattern_text))


class SpanishNifRecognizer(_Checked):
    check = staticmethod(lambda v: dni_ok(str(v)) or cif_ok(str(v)))

    def __init__(self, supported_language: str) -> None:
        super().__init__(
            supported_entity="ES_NIF",
            name="SpanishNifRecognizer",
            supported_language=supported_language,
            patterns=[Pattern("dni", DNI, 0.6), Pattern("cif", CIF, 0.5)],
            context=["dni", "nif", "cif", "documento", "identidad", "id"],
        )


class SpanishNieRecognizer(_Checked):
    check = staticmethod(dni_ok)

    def __init__(self, supported_language: str) -> None:
        super().__init__(
            supported_entity="ES_NIE",
            name="SpanishNieRecognizer",
            supported_language=supported_language,
            patterns=[Pattern("nie", NIE, 0.6)],
            context=["nie", "extranjero", "residencia", "identidad"],
        )


class SpanishIbanRecognizer(_Checked):
    check = staticmethod(iban_ok)

    def __init__(self, supported_language: str) -> None:
        super().__init__(
            supported_entity="IBAN_CODE",
            name="SpanishIbanRecognizer",
            supported_language=supported_language,
            patterns=[Pattern("iban_es", IBAN_ES, 0.6), Pattern("iban_lower", IBAN_LOWER, 0.6)],
            context=["iban", "cuenta", "account", "bank", "banco"],
        )


class SpanishCccRecognizer(_Checked):
    check = staticmethod(ccc_ok)

    def __init__(self, supported_language: str) -> None:
        super().__init__(
            supported_entity="ES_CCC",
            name="SpanishCccRecognizer",
            supported_language=supported_language,
            patterns=[Pattern("ccc", CCC, 0.6)],
            context=["cuenta", "ccc", "account", "banco", "bank", "domiciliación"],
        )
