"""Internal and customer e-mail as ``.eml`` files built with ``EmailMessage``.

Every header that varies between runs in the standard library (Date, Message-ID,
multipart boundaries) is set from the seed, so the bytes are reproducible. Messages are
built with the ``compat32`` policy and pre-encoded address headers: the modern header
registry is ten times slower, which matters at benchmark scales; readers parse the
files with ``email.policy.default`` as usual."""

from __future__ import annotations

import html
import random
from datetime import UTC, datetime, timedelta
from email import policy
from email.contentmanager import raw_data_manager
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from governance.demo.context import Context
from governance.demo.templates import Slot, person_slots, render
from governance.demo.values import Person

MAILS_PER_SCALE = 8
HTML_EVERY = 4
_FIRST_SENT = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)


def write_mail(ctx: Context) -> list[str]:
    """Write ``MAILS_PER_SCALE * scale`` messages; returns their relative paths."""
    rng = ctx.rng("mail")
    (ctx.root / "mail").mkdir(parents=True, exist_ok=True)
    written = []
    for number in range(1, MAILS_PER_SCALE * ctx.scale + 1):
        relpath = f"mail/message_{ctx.lang}_{number:04d}.eml"
        message = _message(ctx, rng, number, relpath)
        (ctx.root / relpath).write_bytes(message.as_bytes(policy=policy.compat32))
        written.append(relpath)
    return written


def _message(ctx: Context, rng: random.Random, number: int, relpath: str) -> EmailMessage:
    sender = ctx.people.person(employee=True)
    recipient = ctx.people.person(employee=rng.random() < 0.5)
    copied = ctx.people.person(employee=True)
    template = rng.choice(ctx.pack.mails)
    body, planted = render(template.body, _slots(ctx, sender, recipient))
    ctx.record(relpath, "body", planted)
    message = EmailMessage(policy=policy.compat32)
    _address(ctx, relpath, message, "From", sender)
    _address(ctx, relpath, message, "To", recipient)
    if rng.random() < 0.6:
        _address(ctx, relpath, message, "Cc", copied)
    message["Subject"] = template.subject
    message["Date"] = format_datetime(_FIRST_SENT + timedelta(hours=7 * number))
    message["Message-ID"] = f"<{rng.getrandbits(64):016x}.{number}@mail.acme-iberia.example>"
    message.set_content(body, cte="8bit", content_manager=raw_data_manager)
    if number % HTML_EVERY == 1:
        message.add_alternative(
            _html(body), subtype="html", cte="8bit", content_manager=raw_data_manager
        )
        message.set_boundary(f"=={rng.getrandbits(64):016x}==")
    return message


def _slots(ctx: Context, sender: Person, recipient: Person) -> dict[str, Slot]:
    slots: dict[str, Slot] = {"office": ("STREET_ADDRESS", ctx.people.street())}
    slots.update(person_slots("s", sender))
    slots.update(person_slots("r", recipient))
    slots.update(person_slots("x", ctx.people.person(employee=True)))
    slots.update(person_slots("y", ctx.people.person(employee=True)))
    return slots


def _address(ctx: Context, relpath: str, message: EmailMessage, header: str, who: Person) -> None:
    message[header] = formataddr((who.full, who.email), charset="utf-8")
    ctx.record(relpath, header, [("PERSON", who.full), ("EMAIL_ADDRESS", who.email)])


def _html(body: str) -> str:
    paragraphs = (
        "<p>" + html.escape(block, quote=False).replace("\n", "<br>\n") + "</p>"
        for block in body.split("\n\n")
    )
    return "<html><body>\n" + "\n".join(paragraphs) + "\n</body></html>\n"
