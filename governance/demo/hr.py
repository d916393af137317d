"""HR exports: one CSV of employees per language, written row by row."""

from __future__ import annotations

import csv
import random
from collections import deque
from datetime import date, timedelta

from governance.demo.context import Context
from governance.demo.templates import LanguagePack, person_slots, render
from governance.demo.values import Person

HEADER = (
    "employee_id",
    "full_name",
    "national_id",
    "iban",
    "phone",
    "email",
    "department",
    "salary",
    "hire_date",
    "notes",
)
HR_FILES = {"en": "hr/employees_en.csv", "es": "hr/empleados_es.csv"}
ROWS_PER_SCALE = 40
_FIRST_HIRE = date(2009, 1, 5)
_HIRE_SPAN_DAYS = 5800
_RECENT = 30


def write_hr(ctx: Context) -> str:
    """Write ``ROWS_PER_SCALE * scale`` employees; returns the file's relative path."""
    relpath = HR_FILES[ctx.lang]
    rng = ctx.rng("hr")
    colleagues: deque[Person] = deque(maxlen=_RECENT)
    with (ctx.root / relpath).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for number in range(1, ROWS_PER_SCALE * ctx.scale + 1):
            employee = ctx.people.person(employee=True)
            notes = _notes(ctx, rng, colleagues, relpath)
            writer.writerow(_row(ctx.pack, rng, number, employee, notes))
            _record_row(ctx, relpath, employee)
            colleagues.append(employee)
    return relpath


def _row(
    pack: LanguagePack, rng: random.Random, number: int, person: Person, notes: str
) -> list[str]:
    low, high = pack.salary_range
    hired = _FIRST_HIRE + timedelta(days=rng.randint(0, _HIRE_SPAN_DAYS))
    return [
        f"{pack.lang.upper()}-{number:05d}",
        person.full,
        person.national_id,
        person.iban,
        person.phone,
        person.email,
        rng.choice(pack.departments),
        str(rng.randint(low // 500, high // 500) * 500),
        hired.isoformat(),
        notes,
    ]


def _notes(ctx: Context, rng: random.Random, colleagues: deque[Person], relpath: str) -> str:
    template = rng.choice(ctx.pack.notes)
    if "{m}" in template and not colleagues:
        return ""
    slots = person_slots("m", rng.choice(colleagues)) if colleagues else {}
    text, planted = render(template, slots)
    ctx.record(relpath, "notes", planted)
    return text


def _record_row(ctx: Context, relpath: str, person: Person) -> None:
    ctx.record(relpath, "full_name", [("PERSON", person.full)])
    ctx.record(relpath, "national_id", [(person.id_type, person.national_id)])
    ctx.record(relpath, "iban", [("IBAN_CODE", person.iban)])
    ctx.record(relpath, "phone", [("PHONE_NUMBER", person.phone)])
    ctx.record(relpath, "email", [("EMAIL_ADDRESS", person.email)])
