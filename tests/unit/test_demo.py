"""The demo corpus generator: reproducible bytes, a gold list that matches the files,
checksum-valid identifiers and the fixed layout the default policy points at."""

from __future__ import annotations

import csv
import json
import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest

from governance.demo import DemoManifest, PlantedValue, generate_demo_corpus
from governance.demo.checksums import (
    ccc_digit,
    is_valid_dni,
    is_valid_iban,
    is_valid_luhn,
    is_valid_nie,
    is_valid_ssn,
)
from governance.errors import ConfigError

HEADER = "employee_id,full_name,national_id,iban,phone,email,department,salary,hire_date,notes"
ENTITY_TYPES = {
    "PERSON",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "IBAN_CODE",
    "US_SSN",
    "ES_NIF",
    "ES_NIE",
    "CREDIT_CARD",
    "IP_ADDRESS",
    "STREET_ADDRESS",
    "DATE_OF_BIRTH",
}
SCAN = "docs/scan_0001.md"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> DemoManifest:
    return generate_demo_corpus(tmp_path_factory.mktemp("demo") / "corpus")


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _eml_text(path: Path) -> str:
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert isinstance(message, EmailMessage)
    headers = [str(value) for value in message.values()]
    parts = [part.get_content() for part in message.walk() if part.get_content_maintype() == "text"]
    return "\n".join(headers + parts)


def _text(path: Path) -> str:
    return _eml_text(path) if path.suffix == ".eml" else path.read_text(encoding="utf-8")


def _of(corpus: DemoManifest, entity_type: str) -> list[PlantedValue]:
    return [v for v in corpus.values if v.entity_type == entity_type]


def test_two_generations_are_byte_identical(tmp_path: Path) -> None:
    first = generate_demo_corpus(tmp_path / "a", seed=7)
    second = generate_demo_corpus(tmp_path / "b", seed=7)
    assert _tree(first.root) == _tree(second.root)
    assert first.values == second.values


def test_another_seed_gives_other_values(tmp_path: Path, corpus: DemoManifest) -> None:
    other = generate_demo_corpus(tmp_path / "other", seed=1)
    assert {v.value for v in other.values} != {v.value for v in corpus.values}


def test_every_gold_value_occurs_verbatim_in_its_file(corpus: DemoManifest) -> None:
    texts: dict[str, str] = {}
    for item in corpus.values:
        if item.file not in texts:
            texts[item.file] = _text(corpus.root / item.file)
        assert item.value in texts[item.file], (item.file, item.entity_type, item.field)
    assert SCAN not in texts
    assert len(texts) == corpus.files - 1


def test_gold_json_matches_the_manifest_and_the_files(corpus: DemoManifest) -> None:
    gold = json.loads(corpus.path.read_text(encoding="utf-8"))
    on_disk = [p for p in corpus.root.rglob("*") if p.is_file() and p != corpus.path]
    assert (gold["seed"], gold["scale"], gold["files"]) == (20261123, 1, corpus.files)
    assert corpus.files == len(on_disk) == 41
    assert [PlantedValue(**row) for row in gold["values"]] == list(corpus.values)
    assert {v.entity_type for v in corpus.values} <= ENTITY_TYPES
    assert {v.language for v in corpus.values} == {"en", "es"}


def test_no_personal_value_in_file_names_or_other_gold_fields(corpus: DemoManifest) -> None:
    names = [p.relative_to(corpus.root).as_posix() for p in corpus.root.rglob("*")]
    for item in corpus.values:
        assert not any(item.value in name for name in names)
        assert item.value not in f"{item.file} {item.entity_type} {item.field} {item.language}"


def test_person_values_are_full_names(corpus: DemoManifest) -> None:
    people = _of(corpus, "PERSON")
    assert len(people) > 200
    assert all(len(v.value.split()) >= 2 for v in people)
    assert not any(v.value.split()[0] in {"Dr.", "Mr.", "Mrs.", "Sr.", "Sra."} for v in people)


@pytest.mark.parametrize("value", ["12345678Z", "00000000T", "X1234567L", "Y0000000Z"])
def test_known_good_spanish_ids_validate(value: str) -> None:
    assert (is_valid_nie if value[0] in "XYZ" else is_valid_dni)(value)


@pytest.mark.parametrize("value", ["12345678A", "1234567Z", "X1234567A", "W1234567L"])
def test_wrong_spanish_ids_fail(value: str) -> None:
    assert not is_valid_dni(value)
    assert not is_valid_nie(value)


def test_planted_dni_and_nie_letters_are_valid(corpus: DemoManifest) -> None:
    dnis, nies = _of(corpus, "ES_NIF"), _of(corpus, "ES_NIE")
    assert dnis and nies
    assert all(is_valid_dni(v.value) for v in dnis)
    assert all(is_valid_nie(v.value) for v in nies)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("GB82WEST12345698765432", True),
        ("ES91 2100 0418 4502 0005 1332", True),
        ("DE89370400440532013000", True),
        ("GB82WEST12345698765433", False),
    ],
)
def test_iban_mod97(value: str, valid: bool) -> None:
    assert is_valid_iban(value) is valid


def test_spanish_account_control_digits() -> None:
    assert ccc_digit("0021000418") + ccc_digit("0200051332") == "45"


def test_planted_ibans_pass_mod97(corpus: DemoManifest) -> None:
    ibans = _of(corpus, "IBAN_CODE")
    assert {v.value[:2] for v in ibans} == {"GB", "DE", "ES"}
    assert all(is_valid_iban(v.value) for v in ibans)
    assert all(v.value.startswith("ES") for v in ibans if v.language == "es")


@pytest.mark.parametrize(
    ("value", "valid"),
    [("4111 1111 1111 1111", True), ("5500-0000-0000-0004", True), ("4111111111111112", False)],
)
def test_luhn(value: str, valid: bool) -> None:
    assert is_valid_luhn(value) is valid


def test_planted_cards_pass_luhn(corpus: DemoManifest) -> None:
    cards = _of(corpus, "CREDIT_CARD")
    assert cards
    assert all(is_valid_luhn(v.value) for v in cards)


@pytest.mark.parametrize(
    ("value", "valid"),
    [("078-12-3456", True), ("666-12-3456", False), ("912-12-3456", False), ("123-45-6789", False)],
)
def test_ssn_rules(value: str, valid: bool) -> None:
    assert is_valid_ssn(value) is valid


def test_planted_ssns_are_issuable(corpus: DemoManifest) -> None:
    ssns = _of(corpus, "US_SSN")
    assert len(ssns) == 40
    assert all(is_valid_ssn(v.value) for v in ssns)


@pytest.mark.parametrize("name", ["hr/employees_en.csv", "hr/empleados_es.csv"])
def test_csv_header_and_planted_cells(corpus: DemoManifest, name: str) -> None:
    text = (corpus.root / name).read_text(encoding="utf-8")
    assert text.splitlines()[0] == HEADER
    rows = list(csv.DictReader(text.splitlines()))
    assert len(rows) == 40
    planted = {(v.field, v.value) for v in corpus.values if v.file == name}
    for row in rows:
        for column in ("full_name", "national_id", "iban", "phone", "email"):
            assert (column, row[column]) in planted


@pytest.mark.parametrize("lang", ["en", "es"])
def test_tickets_are_json_lines(corpus: DemoManifest, lang: str) -> None:
    lines = (corpus.root / f"tickets/tickets_{lang}.jsonl").read_text(encoding="utf-8").splitlines()
    tickets = [json.loads(line) for line in lines]
    assert len(tickets) == 30
    assert tickets[0]["ticket_id"] == "T-00001"
    assert all(list(t) == ["ticket_id", "subject", "body", "reply", "language"] for t in tickets)
    assert {t["language"] for t in tickets} == {lang}


def test_mail_has_addresses_and_some_html(corpus: DemoManifest) -> None:
    messages = sorted((corpus.root / "mail").glob("*.eml"))
    assert len(messages) == 16
    parsed = [BytesParser(policy=policy.default).parsebytes(p.read_bytes()) for p in messages]
    assert all(m["From"].addresses and m["To"].addresses and m["Subject"] for m in parsed)
    assert sum(m.get_content_type() == "multipart/alternative" for m in parsed) >= 2


def test_html_docs_have_script_and_style_without_personal_data(corpus: DemoManifest) -> None:
    pages = sorted((corpus.root / "docs").glob("*.html"))
    assert len(pages) == 10
    assert len(list((corpus.root / "docs").glob("*.md"))) == 11  # ten documents and the scan
    for page in pages:
        text = page.read_text(encoding="utf-8")
        blocks = re.findall(r"<(script|style)>(.*?)</\1>", text, flags=re.DOTALL)
        assert {tag for tag, _ in blocks} == {"script", "style"}
        relpath = page.relative_to(corpus.root).as_posix()
        values = [v.value for v in corpus.values if v.file == relpath]
        assert values
        assert not any(value in body for _, body in blocks for value in values)


def test_scan_is_binary_and_unreadable(corpus: DemoManifest) -> None:
    data = (corpus.root / SCAN).read_bytes()
    assert b"\x00" in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


def test_scale_multiplies_records_and_files(tmp_path: Path, corpus: DemoManifest) -> None:
    bigger = generate_demo_corpus(tmp_path / "x2", scale=2)
    csv_rows = (bigger.root / "hr/employees_en.csv").read_text(encoding="utf-8").count("\n")
    tickets = (bigger.root / "tickets/tickets_es.jsonl").read_text(encoding="utf-8").count("\n")
    assert (csv_rows, tickets) == (81, 60)
    assert bigger.files > corpus.files
    assert len(bigger.values) > len(corpus.values)
    assert len(list((bigger.root / "docs").glob("scan_*"))) == 1


def test_regenerating_replaces_an_earlier_demo_corpus(tmp_path: Path) -> None:
    generate_demo_corpus(tmp_path / "c", scale=2)
    again = generate_demo_corpus(tmp_path / "c")
    assert len(list((tmp_path / "c").rglob("*.eml"))) == 16
    assert _tree(again.root) == _tree(generate_demo_corpus(tmp_path / "fresh").root)


def test_refuses_a_folder_that_is_not_a_demo_corpus(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ConfigError, match="not empty"):
        generate_demo_corpus(tmp_path)
    assert (tmp_path / "mine.txt").exists()


@pytest.mark.parametrize("scale", [0, -1])
def test_rejects_a_bad_scale(tmp_path: Path, scale: int) -> None:
    with pytest.raises(ConfigError, match="scale"):
        generate_demo_corpus(tmp_path / "d", scale=scale)
