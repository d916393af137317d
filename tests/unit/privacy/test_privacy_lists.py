"""Names in enumerations and in a table's first column (privacy/detect/lists.py), without models."""

from __future__ import annotations

from governance.privacy.detect.lists import list_members, table_members
from governance.records import Finding


def _person(text: str, value: str) -> Finding:
    start = text.index(value)
    return Finding("PERSON", start, start + len(value), 0.8, "test")


def _values(text: str, found: list[Finding]) -> list[str]:
    return [text[f.start : f.end] for f in found]


def test_one_person_in_a_list_makes_the_others_people() -> None:
    text = "They had 6: Efimiya, Mary, Ariana, Isabel, Teresa and Jodi."
    found = _values(text, list_members(text, [_person(text, "Mary")]))
    assert found == ["Efimiya", "Ariana", "Isabel", "Teresa", "Jodi"]


def test_a_list_of_things_or_of_organisations_is_left_alone() -> None:
    things = "We sell apples, pears and plums to Bob."
    assert list_members(things, [_person(things, "Bob")]) == []
    firms = "Smith and Company were sued by Smith."
    assert list_members(firms, [_person(firms, "Smith")]) == []
    nobody = "Efimiya, Ariana and Jodi came."
    assert list_members(nobody, []) == []


def test_a_lower_case_list_of_known_first_names_is_a_list_of_people() -> None:
    text = "they had 4: silvana, adam, kristina and caleb."
    assert _values(text, list_members(text, [])) == ["silvana", "adam", "kristina", "caleb"]


def test_a_table_column_with_a_third_of_people_is_a_column_of_people() -> None:
    text = "Aamir Sohail 2 3 1 77 46\nAsif Mujtaba 2 3 0 90 51\nWasim Akram 2 3 1 10 5\nEnd"
    found = table_members(text, [_person(text, "Aamir Sohail")])
    assert _values(text, found) == ["Asif Mujtaba", "Wasim Akram"]
    standings = "Wimbledon 3 0 0 3 0 6 0\nVolendam 3 0 1 2 2 7 1\nChelsea 3 1 1 1 4 4 4"
    assert table_members(standings, []) == []


def test_a_ranking_with_two_people_is_a_ranking_of_people_and_a_contents_list_is_not() -> None:
    text = ("1. Christine Knapp ( Japan ) Honda 38:18.759\n2. Kocinski 38:19.313\n"
            "3. Haga 38:32.040\n4. Slight 38:32.149\n5. Aoki\n6. Fujiwara 38:33.595\n"
            "7. Ryo Okada 38:34.682")  # fmt: skip
    found = table_members(text, [_person(text, "Christine Knapp"), _person(text, "Ryo Okada")])
    assert _values(text, found) == ["Kocinski", "Haga", "Slight", "Aoki", "Fujiwara"]
    assert table_members(text, [_person(text, "Christine Knapp")]) == []  # one of seven
    contents = "1. Introduction 3\n2. Scope 5\n3. Definitions 7\n4. Responsibilities 9"
    assert table_members(contents, []) == []
