"""The entity names policies are checked against equal what the recognizers find."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from governance.privacy.catalog import RECOGNIZERS, known_entities
from governance.privacy.entity_types import DETECTABLE_ENTITIES, IMPLIED, NER_ENTITIES

REPO = Path(__file__).resolve().parents[2]


def test_the_names_equal_the_live_recognizer_catalog() -> None:
    assert known_entities() == DETECTABLE_ENTITIES
    assert set(NER_ENTITIES) <= DETECTABLE_ENTITIES
    assert {t for types in IMPLIED.values() for t in types} <= set(RECOGNIZERS)


def test_loading_a_policy_imports_neither_presidio_nor_spacy() -> None:
    code = (
        "import sys; import governance._offline, flows.govern; "
        "from governance.policy.load import load_policy; "
        "load_policy('policies/default.yaml'); "
        "print(sorted(m for m in ('presidio_analyzer', 'spacy', 'torch', 'transformers') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert out.stdout.strip() == "[]"
