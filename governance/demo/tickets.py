"""Support tickets: one JSON object per line, a customer's message and an agent's reply."""

from __future__ import annotations

import json
import random

from governance.demo.context import Context
from governance.demo.templates import Slot, person_slots, render
from governance.demo.values import Person

TICKET_FILES = {"en": "tickets/tickets_en.jsonl", "es": "tickets/tickets_es.jsonl"}
TICKETS_PER_SCALE = 30
AGENTS = 6


def write_tickets(ctx: Context) -> str:
    """Write ``TICKETS_PER_SCALE * scale`` tickets; returns the file's relative path."""
    relpath = TICKET_FILES[ctx.lang]
    rng = ctx.rng("tickets")
    agents = [ctx.people.person(employee=True) for _ in range(AGENTS)]
    with (ctx.root / relpath).open("w", encoding="utf-8", newline="\n") as out:
        for number in range(1, TICKETS_PER_SCALE * ctx.scale + 1):
            ticket = _ticket(ctx, rng, agents, number, relpath)
            out.write(json.dumps(ticket, ensure_ascii=False) + "\n")
    return relpath


def _ticket(
    ctx: Context, rng: random.Random, agents: list[Person], number: int, relpath: str
) -> dict[str, str]:
    template = rng.choice(ctx.pack.tickets)
    slots = _slots(ctx, rng, agents)
    ticket = {"ticket_id": f"T-{number:05d}"}
    parts = (("subject", template.subject), ("body", rng.choice(template.bodies)))
    for field, text in (*parts, ("reply", rng.choice(template.replies))):
        ticket[field], planted = render(text, slots)
        ctx.record(relpath, field, planted)
    ticket["language"] = ctx.lang
    return ticket


def _slots(ctx: Context, rng: random.Random, agents: list[Person]) -> dict[str, Slot]:
    agent, colleague = rng.sample(agents, 2)
    slots: dict[str, Slot] = {
        "card": ("CREDIT_CARD", ctx.people.card()),
        "ip": ("IP_ADDRESS", ctx.people.ip()),
        "order": (None, f"{rng.randint(100_000, 999_999)}"),
    }
    slots.update(person_slots("c", ctx.people.person()))
    slots.update(person_slots("c2", ctx.people.person()))
    slots.update(person_slots("a", agent))
    slots.update(person_slots("a2", colleague))
    return slots
