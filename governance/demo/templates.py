"""Text templates with typed slots: rendering a template also says which personal
values it planted, so the gold list holds exactly what was written and nothing else.

A slot is ``(entity_type, text)``; ``entity_type`` is ``None`` for text that is not
recorded as a personal value (a bare first name, a city line, an order number)."""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass

from governance.demo.values import Person

Slot = tuple[str | None, str]
Slots = Mapping[str, Slot]
Planted = tuple[str, str]  # (entity_type, value)

_FORMATTER = string.Formatter()


@dataclass(frozen=True, slots=True)
class TicketTemplate:
    """One support scenario: a subject, customer bodies and agent replies to pick from."""

    subject: str
    bodies: tuple[str, ...]
    replies: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MailTemplate:
    subject: str
    body: str


@dataclass(frozen=True, slots=True)
class DocTemplate:
    """An internal document: ``sections`` are (heading, blocks); a block that starts
    with ``- `` is a list item."""

    kind: str
    title: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True, slots=True)
class LanguagePack:
    """Everything language-specific the writers need (English or Spanish)."""

    lang: str
    departments: tuple[str, ...]
    notes: tuple[str, ...]
    tickets: tuple[TicketTemplate, ...]
    mails: tuple[MailTemplate, ...]
    docs: tuple[DocTemplate, ...]
    salary_range: tuple[int, int]


def fields_of(template: str) -> list[str]:
    """The slot names a template uses, in order."""
    return [name for _, name, _, _ in _FORMATTER.parse(template) if name]


def render(template: str, slots: Slots) -> tuple[str, list[Planted]]:
    """Fill ``template`` and list the recorded values it used."""
    names = fields_of(template)
    text = template.format_map({name: slots[name][1] for name in names})
    planted = [(entity, value) for entity, value in (slots[n] for n in names) if entity]
    return text, planted


def person_slots(prefix: str, person: Person) -> dict[str, Slot]:
    """``{p}`` full name, ``{p_first}`` first name (not recorded), contact details."""
    return {
        prefix: ("PERSON", person.full),
        f"{prefix}_first": (None, person.first),
        f"{prefix}_email": ("EMAIL_ADDRESS", person.email),
        f"{prefix}_phone": ("PHONE_NUMBER", person.phone),
        f"{prefix}_street": ("STREET_ADDRESS", person.street),
        f"{prefix}_city": (None, person.city),
        f"{prefix}_iban": ("IBAN_CODE", person.iban),
        f"{prefix}_id": (person.id_type, person.national_id),
    }
