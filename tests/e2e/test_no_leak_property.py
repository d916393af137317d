"""Property: personal values planted in documents of every format never reach a file the
run writes (workspace, Prefect home, logs, Great Expectations results).

Hypothesis draws people (name, e-mail, phone, IBAN, card number, SSN) and plants them
in one document of each format the readers take: text, Markdown, HTML, e-mail, mbox,
CSV, TSV, JSON Lines, Parquet, PDF, DOCX, a ZIP holding a text file, XLSX and ODS
workbooks, PPTX slides with speaker notes, and a scanned page (PNG, read by OCR). XLS
has no writer in the lock; its reader shares the sheet code of XLSX and ODS. The installed
``govern run`` processes the folder air-gapped; the leak scan (``tests/leaks.py``)
decodes Parquet, Arrow and DuckDB files and reads Prefect's database raw. Examples are
derandomized so CI runs the same ones every time.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from governance.demo.checksums import luhn_digit, make_iban
from tests.e2e.conftest import govern_inbox, inbox_policy
from tests.leaks import leaks, written_files
from tests.unit.ingest.ingest_files import make_docx, make_parquet, make_pdf, make_zip, read
from tests.unit.ingest.test_readers_calc import make_ods
from tests.unit.ingest.test_readers_ocr import OCR, written
from tests.unit.ingest.test_readers_xlsx import make_xlsx

FIRST = ["Laura", "Daniel", "Sofia", "Martin", "Elena", "Thomas", "Grace", "Oliver", "Nadia",
         "Victor", "Helen", "Samuel"]  # fmt: skip
LAST = ["Whitaker", "Gallagher", "Moreno", "Lindqvist", "Okafor", "Brennan", "Castillo",
        "Holloway", "Petrov", "Ramirez", "Sutherland", "Novak"]  # fmt: skip
FORMATS = ("txt", "md", "html", "eml", "mbox", "csv", "tsv", "jsonl", "parquet", "pdf", "docx",
           "zip", "xlsx", "ods", "pptx", "png")  # fmt: skip


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    phone: str
    iban: str
    card: str
    ssn: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def email(self) -> str:
        return f"{self.first}.{self.last}@example-mail.com".lower()

    def values(self) -> list[str]:
        return [self.name, self.email, self.phone, self.iban, self.card, self.ssn]

    def sentence(self) -> str:
        return (f"Please contact {self.name} at {self.email} or call {self.phone}. "
                f"{self.first} asked us to pay IBAN {self.iban} and to cancel card "
                f"{self.card}; the SSN on file is {self.ssn}.")  # fmt: skip


@st.composite
def people(draw: st.DrawFn) -> Person:
    """A person with well-formed values: valid check digits, real area codes, no 555."""
    number = draw(st.integers(10**14, 10**15 - 1))
    card = "4" + f"{number:014d}"[:14]
    ssn_area, ssn_group, ssn_serial = 101 + number % 98, 10 + number % 89, 1000 + number % 8999
    return Person(
        first=draw(st.sampled_from(FIRST)),
        last=draw(st.sampled_from(LAST)),
        phone=f"+1 {draw(st.sampled_from(['212', '303', '415', '617']))}-"
        f"{200 + number % 354}-{1000 + number % 9000}",
        iban=make_iban("GB", f"WEST{(number * 7919 + 40_512_367_801) % 10**14:014d}"),
        card=card + luhn_digit(card),
        ssn=f"{ssn_area}-{ssn_group}-{ssn_serial}",
    )


def documents(by_format: dict[str, list[Person]]) -> dict[str, bytes]:
    """One file per format, each planting its people."""

    def text(fmt: str) -> str:  # the format named, so no two files hold the same text
        return "\n\n".join(f"Entry {i} of the {fmt} notes. {p.sentence()}"
                           for i, p in enumerate(by_format[fmt]))  # fmt: skip

    def table(fmt: str) -> list[dict[str, str]]:
        return [{"full_name": p.name, "email": p.email, "phone": p.phone,
                 "notes": f"Row {i} of the {fmt} table: refund to {p.iban} for card "
                          f"{p.card}, SSN {p.ssn}."}
                for i, p in enumerate(by_format[fmt])]  # fmt: skip

    def delimited(fmt: str, sep: str) -> bytes:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(table(fmt)[0]), delimiter=sep)
        writer.writeheader()
        writer.writerows(table(fmt))
        return out.getvalue().encode()

    def message(fmt: str) -> EmailMessage:
        msg = EmailMessage()
        first = by_format[fmt][0]
        msg["From"] = f"{first.name} <{first.email}>"
        msg["To"] = "support@acme-corp.com"
        msg["Subject"] = "Account change"
        msg.set_content(text(fmt))
        return msg

    def rows(fmt: str) -> list[list[object]]:
        header: list[object] = list(table(fmt)[0])
        return [header, *([*r.values()] for r in table(fmt))]

    def slides(fmt: str) -> bytes:
        from pptx import Presentation

        deck = Presentation()
        for i, person in enumerate(by_format[fmt]):
            slide = deck.slides.add_slide(deck.slide_layouts[1])
            slide.shapes.title.text = f"Account review {i} with {person.name}"
            slide.placeholders[1].text = person.sentence()
            slide.notes_slide.notes_text_frame.text = f"Call {person.first} on {person.phone}"
        out = io.BytesIO()
        deck.save(out)
        return out.getvalue()

    def scan(fmt: str) -> bytes:
        words, lines = text(fmt).split(), [""]
        for word in words:
            lines[-1] = f"{lines[-1]} {word}".strip()
            if len(lines[-1]) > 55:
                lines.append("")
        return written(lines, size=(1700, 80 + 70 * len(lines)))

    return {
        "people.xlsx": make_xlsx({"Accounts": rows("xlsx")}),
        "people.ods": make_ods({"Accounts": rows("ods")}),
        "deck.pptx": slides("pptx"),
        "scan.png": scan("png"),
        "note.txt": text("txt").encode(),
        "page.md": f"# Customer notes\n\n{text('md')}\n".encode(),
        "page.html": f"<html><body><h1>Notes</h1><p>{text('html')}</p></body></html>".encode(),
        "mail.eml": bytes(message("eml")),
        "box.mbox": b"From sender@example.com Mon Jan  1 00:00:00 2024\n" + bytes(message("mbox")),
        "people.csv": delimited("csv", ","),
        "people.tsv": delimited("tsv", "\t"),
        "people.jsonl": "".join(json.dumps(r) + "\n" for r in table("jsonl")).encode(),
        "people.parquet": make_parquet(pa.Table.from_pylist(table("parquet"))),
        "letter.pdf": make_pdf([text("pdf")]),
        "letter.docx": make_docx(text("docx").split("\n\n")),
        "archive.zip": make_zip([("inner.txt", text("zip").encode())]),
    }


COLUMNS = {"full_name": {"role": "direct_identifier", "entity": "PERSON"},
           "email": {"role": "direct_identifier", "entity": "EMAIL_ADDRESS"},
           "phone": {"role": "direct_identifier", "entity": "PHONE_NUMBER"},
           "notes": {"role": "free_text"}}  # fmt: skip


@settings(max_examples=3, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(planted=st.fixed_dictionaries({f: st.lists(people(), min_size=1, max_size=3)
                                      for f in FORMATS}))  # fmt: skip
def test_no_planted_value_in_any_file_a_run_writes(
    planted: dict[str, list[Person]], tmp_path_factory: object
) -> None:
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="no-leak-", dir=str(tmp_path_factory.getbasetemp())))  # type: ignore[attr-defined]
    inbox = tmp / "src" / "inbox"
    inbox.mkdir(parents=True)
    for name, data in documents(planted).items():
        (inbox / name).write_bytes(data)
    values = sorted({v for people_ in planted.values() for p in people_ for v in p.values()})
    sources = [inbox / n for n in sorted(p.name for p in inbox.iterdir())]
    assert {v for v in values if any(v.encode() in p.read_bytes() for p in sources)}  # planted
    [scanned] = read("image", (inbox / "scan.png").read_bytes(), OCR)
    assert {p.name for p in planted["png"]} <= set(values) and all(
        p.name in scanned.text and p.email in scanned.text for p in planted["png"]
    ), scanned.text  # the scan really carries the values, as Tesseract reads them

    proc, log = govern_inbox(tmp, inbox_policy(tmp, COLUMNS, ocr=True))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "processed 16" in proc.stdout, proc.stdout
    files = [*written_files([tmp / "ws", tmp / "prefect-home"]), log]
    assert any(p.suffix == ".db" for p in files) and any(p.suffix == ".parquet" for p in files)
    assert leaks(files, values) == []
