"""How bench/train_ner.py labels its training sentences: gold tags read in IO and BIO,
the teacher's entities with the gold laid over them, the renamed and the capitalised
copies."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, Span
from spacy.training import Example

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))

from train_ner import (
    Names,
    conll_sentences,
    corrected,
    renamed,
    spaces_for,
    tag_spans,
    upper_case,
)

WORDS = ["Yesterday", "Lien", "Chan", "met", "Apple", "in", "Kiev", "on", "Monday", "."]


@pytest.mark.parametrize(
    ("tags", "spans"),
    [
        (["O", "I-PER", "I-PER", "O", "I-ORG"], [(1, 3, "PER"), (4, 5, "ORG")]),
        (["B-person", "I-person", "B-person", "O"], [(0, 2, "person"), (2, 3, "person")]),
        (["I-LOC", "I-PER", "O"], [(0, 1, "LOC"), (1, 2, "PER")]),
        (["O", "O"], []),
    ],
)
def test_gold_tags_in_io_and_bio(tags: list[str], spans: list[tuple[int, int, str]]) -> None:
    assert tag_spans(tags) == spans


def test_sentences_and_documents_are_split(tmp_path: Path) -> None:
    path = tmp_path / "x.conll"
    path.write_text("-DOCSTART- O\n\nJohn\tI-PER\nsaid\tO\n\nHi O\n", encoding="utf-8")
    assert list(conll_sentences(path)) == [(["John", "said"], ["I-PER", "O"]), (["Hi"], ["O"])]
    assert spaces_for(["Hi", ",", "John", "'s", "(", "x", ")"]) == [
        False, True, False, True, False, False, False,
    ]  # fmt: skip


def _teacher(ents: list[tuple[int, int, str]]) -> Doc:
    doc = Doc(spacy.blank("en").vocab, words=WORDS)
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc


def _labels(doc: Doc) -> list[str]:
    return [f"{t.ent_iob_}-{t.ent_type_}" if t.ent_type_ else t.ent_iob_ or "-" for t in doc]


def test_gold_wins_and_the_teacher_keeps_what_gold_does_not_annotate() -> None:
    teacher = _teacher([(1, 3, "ORG"), (4, 5, "PERSON"), (6, 7, "GPE"), (8, 9, "DATE")])
    # gold: Lien Chan a person, Apple a product (no label), Kiev nothing
    ref = corrected(teacher, [(1, 3, "PER"), (4, 5, "product")])
    assert _labels(ref) == [
        "O", "B-PERSON", "I-PERSON", "O",
        "-",  # a product: unlabelled, neither the teacher's person nor "outside"
        "O", "O",  # a place gold lacks: removed
        "O", "B-DATE", "O",  # dates are the teacher's
    ]  # fmt: skip


def test_a_teacher_person_gold_lacks_stays_and_a_gold_place_keeps_the_teachers_kind() -> None:
    teacher = _teacher([(1, 3, "PERSON"), (6, 7, "LOC")])
    ref = corrected(teacher, [(6, 7, "LOC")])
    assert [(e.text, e.label_) for e in ref.ents] == [("Lien Chan", "PERSON"), ("Kiev", "LOC")]
    ref = corrected(_teacher([]), [(6, 7, "location")])
    assert [(e.text, e.label_) for e in ref.ents] == [("Kiev", "GPE")]


def test_the_capitalised_copy_keeps_entities_and_unlabelled_tokens() -> None:
    ref = corrected(_teacher([(8, 9, "DATE")]), [(1, 3, "PER"), (4, 5, "MISC")])
    example = Example(Doc(ref.vocab, words=WORDS), ref)
    upper = upper_case(example).reference
    assert [t.text for t in upper] == [w.upper() for w in WORDS]
    assert _labels(upper) == _labels(ref)
    assert [(e.text, e.label_) for e in upper.ents] == [("LIEN CHAN", "PERSON"), ("MONDAY", "DATE")]


def test_the_renamed_copy_puts_another_name_where_each_person_was() -> None:
    ref = corrected(_teacher([(8, 9, "DATE")]), [(1, 3, "PER"), (4, 5, "MISC"), (6, 7, "LOC")])
    example = Example(Doc(ref.vocab, words=WORDS), ref)
    copies = [renamed(example, names).reference for names in [Names(7)] for _ in range(20)]
    for copy in copies:
        labels = _labels(copy)
        person = [t.text for t in copy if t.ent_type_ == "PERSON"]
        assert person and person != ["Lien", "Chan"]
        assert labels[0] == "O" and labels[1] == "B-PERSON"
        # everything after the name is as it was: a product unlabelled, the place, the date
        assert labels[len(person) + 1 :] == _labels(ref)[3:]
        assert [t.text for t in copy][len(person) + 1 :] == WORDS[3:]
    assert len({" ".join(t.text for t in c if t.ent_type_) for c in copies}) > 10
    assert any(len([t for t in c if t.ent_type_ == "PERSON"]) == 1 for c in copies)
    again = [renamed(example, Names(7)).reference for _ in range(1)]
    assert [t.text for t in again[0]] == [t.text for t in copies[0]]  # seeded
