"""The entity names policies are checked against equal what the recognizers find."""

from __future__ import annotations

from governance.privacy.detect.catalog import RECOGNIZERS, known_entities
from governance.privacy.detect.entity_types import DETECTABLE_ENTITIES, IMPLIED, NER_ENTITIES


def test_the_names_equal_the_live_recognizer_catalog() -> None:
    assert known_entities() == DETECTABLE_ENTITIES
    assert set(NER_ENTITIES) <= DETECTABLE_ENTITIES
    assert {t for types in IMPLIED.values() for t in types} <= set(RECOGNIZERS)
