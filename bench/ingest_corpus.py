"""A generated corporate corpus of every format the readers take, to a target size.

Deterministic (seeded). By bytes: about 35% plain text, 10% Markdown, 10% HTML, 14% CSV,
10% JSON Lines, 6% e-mail (some with PDF/CSV attachments), 2% mbox, 3% PDF, 3% DOCX,
4% Parquet, 3% ZIP (text, PDF and nested entries), plus a handful of broken files
(truncated PDF, binary .txt, malformed CSV, ZIP bomb) that must end up quarantined.
Files are 20 KB to ~1.5 MB. Text comes from a pool of fictional sentences with planted
names, e-mail addresses and phone numbers, sliced at random offsets so no two files
are equal.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.unit.ingest.ingest_files import (
    make_docx,
    make_email,
    make_parquet,
    make_pdf,
    make_zip,
)

FIRST = "Ana Luis Oliver Grace Thomas Maria Jane Lucia Pablo Emma Noah Sofia".split()
LAST = "Lopez Gomez Bennett Hall Reed Cooper Perez Gil Smith Garcia Brown Ruiz".split()
WORDS = (
    "the invoice contract meeting quarterly report team office client support ticket "
    "refund delivery schedule budget review payroll holiday policy training project "
    "deadline account order shipment warehouse audit compliance security access update"
).split()
SHARES = {
    "txt": 0.35, "md": 0.10, "html": 0.10, "csv": 0.14, "jsonl": 0.10, "eml": 0.06,
    "mbox": 0.02, "pdf": 0.03, "docx": 0.03, "parquet": 0.04, "zip": 0.03,
}  # fmt: skip
BOMB_BYTES = 60_000_000  # more than the bench policy's max_archive_bytes


class Pool:
    """About 4 MB of sentences; ``text(n)`` is n characters from a random offset."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        sentences = [self.sentence() for _ in range(40_000)]
        self.data = " ".join(sentences)

    def person(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def sentence(self) -> str:
        words = " ".join(self.rng.choices(WORDS, k=self.rng.randint(6, 14)))
        extra = self.rng.random()
        if extra < 0.2:
            name = self.person()
            words += f" with {name} ({name.lower().replace(' ', '.')}@example.com)"
        elif extra < 0.3:
            words += f", call +1 202-555-{self.rng.randint(1000, 9999)}"
        return words.capitalize() + "."

    def text(self, n: int) -> str:
        start = self.rng.randrange(0, len(self.data) - n - 1)
        return self.data[start : start + n]


def _rows(pool: Pool, n: int) -> list[dict[str, str]]:
    return [
        {"id": f"R-{i}", "name": pool.person(), "email": f"u{i}@example.com",
         "notes": pool.text(120).replace(",", " ").replace("\n", " ")}
        for i in range(n)
    ]  # fmt: skip


def _csv(pool: Pool, size: int) -> bytes:
    rows = _rows(pool, max(1, size // 180))
    lines = ["id,name,email,notes", *(",".join(r.values()) for r in rows)]
    return ("\n".join(lines) + "\n").encode()


def _jsonl(pool: Pool, size: int) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in _rows(pool, max(1, size // 200))).encode()


def _html(pool: Pool, size: int) -> bytes:
    paras = "".join(f"<p>{pool.text(400)}</p>\n" for _ in range(max(1, size // 420)))
    head = "<head><title>Memo</title><script>var x=1;</script></head>"
    return f"<html>{head}<body>{paras}</body></html>".encode()


def _eml(pool: Pool, size: int) -> bytes:
    attachments = []
    if pool.rng.random() < 0.3:
        attachments.append(("minutes.pdf", "application/pdf", make_pdf([pool.text(1500)] * 2)))
    if pool.rng.random() < 0.3:
        attachments.append(("list.csv", "text/csv", _csv(pool, 4000)))
    return make_email(pool.text(max(200, size)), attachments).as_bytes()


def _mbox(pool: Pool, size: int) -> bytes:
    messages = [make_email(pool.text(3000)).as_bytes() for _ in range(max(1, size // 3500))]
    return b"".join(b"From x@example.com Mon Jan  1 10:00:00 2024\n" + m + b"\n" for m in messages)


def _pdf(pool: Pool, size: int) -> bytes:
    pages = ["\n".join(pool.text(80) for _ in range(30)) for _ in range(max(1, size // 2800))]
    return make_pdf(pages)


def _docx(pool: Pool, size: int) -> bytes:
    paras = [pool.text(600) for _ in range(max(1, size // 250))]  # DOCX compresses ~2.5x
    return make_docx(paras, table=[["Name", "Phone"], [pool.person(), "+1 202-555-0100"]])


def _parquet(pool: Pool, size: int) -> bytes:
    return make_parquet(pa.Table.from_pylist(_rows(pool, max(1, size // 90))))


def _zip(pool: Pool, size: int) -> bytes:
    inner = make_zip([("deep/a.txt", pool.text(size // 4).encode())])
    return make_zip([
        ("docs/a.txt", pool.text(size // 2).encode()),
        ("docs/b.pdf", _pdf(pool, size // 20)),
        ("inner.zip", inner),
        ("__MACOSX/._a.txt", b"\x00\x05"),
    ])  # fmt: skip


BUILDERS: dict[str, Callable[[Pool, int], bytes]] = {
    "txt": lambda p, n: p.text(n).encode(),
    "md": lambda p, n: ("# Notes\n\n" + p.text(n)).encode(),
    "html": _html, "csv": _csv, "jsonl": _jsonl, "eml": _eml, "mbox": _mbox, "pdf": _pdf,
    "docx": _docx, "parquet": _parquet, "zip": _zip,
}  # fmt: skip


def broken(root: Path) -> int:
    (root / "broken").mkdir(parents=True, exist_ok=True)
    files = {
        "cut.pdf": make_pdf(["Half a file"])[:300],
        "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00",
        "quote.csv": b'a,b\n"never closed,1\n',
        "bomb.zip": make_zip([("zeros.txt", b"0" * BOMB_BYTES)]),
    }
    for name, data in files.items():
        (root / "broken" / name).write_bytes(data)
    return len(files)


def generate(root: Path, total_bytes: int, seed: int = 7) -> dict[str, int]:
    """Write the corpus under ``root``; returns files per format."""
    rng = random.Random(seed)
    pool = Pool(rng)
    counts = {"broken": broken(root)}
    for fmt, share in SHARES.items():
        folder = root / fmt
        folder.mkdir(parents=True, exist_ok=True)
        budget, n = int(total_bytes * share), 0
        while budget > 0:
            size = min(budget, rng.randint(20_000, 1_500_000))
            data = BUILDERS[fmt](pool, size)
            (folder / f"f{n:06d}.{fmt}").write_bytes(data)
            budget -= len(data)
            n += 1
        counts[fmt] = n
    return counts
