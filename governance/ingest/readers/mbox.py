"""Mailboxes (``.mbox``): one e-mail document per message, id from the message index.

Messages are split the way the stdlib ``mailbox.mbox`` splits them (every line that
starts with ``From `` opens a message) but in memory: ``mailbox`` only opens files by
path, and a mailbox inside a ZIP archive or attached to an e-mail must never be written
to disk. ``>From `` quoting (mboxrd) is undone. Each message is read like an ``.eml``
file (headers, body, attachments) with ``part`` ``message=<n>``, counting from 1. A
message that cannot be read is recorded on the others (``nested.Members``), naming its
number; a mailbox with no readable message is quarantined.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from governance.errors import InputError
from governance.ingest.base import register
from governance.ingest.errors import CorruptFile
from governance.ingest.readers.email import message_documents, parse_message
from governance.ingest.readers.nested import Members, budget_for
from governance.ingest.readers.text import check_not_binary
from governance.policy.model import Source
from governance.records import Document, SourceFile

_FROM_QUOTED = re.compile(rb"^>(>*From )", re.MULTILINE)


def split_mbox(data: bytes) -> list[bytes]:
    """The raw messages of a mailbox, without their ``From `` separator lines."""
    if not data.strip():
        raise InputError("empty file")
    check_not_binary(data)
    if not data.lstrip(b"\r\n").startswith(b"From "):
        raise CorruptFile(
            "not an mbox mailbox: it does not start with a 'From ' separator line",
            hint="a single message is an .eml file; rename it",
        )
    messages: list[list[bytes]] = []
    for line in data.lstrip(b"\r\n").splitlines(keepends=True):
        if line.startswith(b"From "):
            messages.append([])
        else:
            messages[-1].append(line)
    return [_FROM_QUOTED.sub(rb"\1", b"".join(lines)) for lines in messages]


@register("mbox")
def read_mbox(file: SourceFile, data: bytes, source: Source) -> Iterator[Document]:
    """The documents of every message, in mailbox order."""
    docs: list[Document] = []
    members = Members()
    with budget_for(file, source):
        for n, raw in enumerate(split_mbox(data), start=1):

            def message(n: int = n, raw: bytes = raw) -> list[Document]:
                try:
                    return message_documents(file, source, parse_message(raw), part=f"message={n}")
                except InputError as exc:
                    raise type(exc)(f"message {n}: {exc.message}", hint=exc.hint) from exc

            docs.extend(members.read(message))
    yield from members.finish(docs)
