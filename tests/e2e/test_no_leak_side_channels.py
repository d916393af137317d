"""Property: personal values planted where detectors of text never look (folder names,
file names, archive entry names, e-mail attachment names, JSON keys, CSV headers and
document properties) reach no file a run writes, except lineage's own record of each
source path (``files``/``documents``.``source_uri``, kept for tracing and rewritten by
``govern erase --subject``). Issue 19.

Hypothesis draws people from the same name lists as ``test_no_leak_property``; each
example is one air-gapped ``govern run`` of the installed command, derandomized.
"""

from __future__ import annotations

import io
import json
from email.message import EmailMessage
from pathlib import Path

import docx
import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.e2e.conftest import govern_inbox, inbox_policy
from tests.e2e.test_no_leak_property import FIRST, LAST
from tests.leaks import leaks, written_files
from tests.unit.ingest.ingest_files import make_zip

# Lineage keeps the source path of every file here, and only here (docs/reliability.md).
SOURCE_PATHS = {("files", "source_uri"), ("documents", "source_uri")}


def _docx_with_author(text: str, author: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    document.core_properties.author = author
    document.core_properties.last_modified_by = author
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def plant(inbox: Path, names: list[str], emails: list[str]) -> None:
    """One file per channel; the texts themselves hold no personal data."""
    a, b, c, d, e, f = names
    folder = inbox / f"{a}" / "reviews"
    folder.mkdir(parents=True)
    (folder / "notes.md").write_text("# Review\n\nThe quarterly review went as planned.\n")
    (inbox / f"{b.replace(' ', '_')}_salary_review.txt").write_text("The budget is unchanged.\n")
    (inbox / f"{emails[0]}.md").write_text("# Notes\n\nBring the signed form.\n")
    entry = f"{c.replace(' ', '_')}_cv.txt"
    (inbox / "pack.zip").write_bytes(make_zip([(entry, b"Ten years in logistics.")]))
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "hr@acme-corp.com", "it@acme-corp.com", "Files"
    msg.set_content("The files are attached.")
    msg.add_attachment(b"Two pages of notes.", maintype="text", subtype="plain",
                       filename=f"{d.replace(' ', '_')}_notes.txt")  # fmt: skip
    (inbox / "mail.eml").write_bytes(bytes(msg))
    keys = {"id": 7, "notes": "The contract was renewed.",
            "contacts": {emails[1]: {"role": "owner"}, e: "lead"}}  # fmt: skip
    (inbox / "records.jsonl").write_text(json.dumps(keys) + "\n")
    (inbox / "sheet.csv").write_text(f"id,{f},notes\n1,yes,The meeting went well.\n")
    (inbox / "letter.docx").write_bytes(_docx_with_author("The letter is signed.", a))


def lineage_leaks(path: Path, values: list[str]) -> list[tuple[str, str]]:
    """Planted values in lineage's tables, its source-path columns aside."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        hits = []
        tables = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables "
                                            "WHERE table_type = 'BASE TABLE'").fetchall()]  # fmt: skip
        for table in tables:
            columns = [r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?",
                [table]).fetchall() if (table, r[0]) not in SOURCE_PATHS]  # fmt: skip
            listed = ", ".join(f'"{c}"' for c in columns)
            text = json.dumps(con.execute(f'SELECT {listed} FROM "{table}"').fetchall(),
                              default=str, ensure_ascii=False)  # fmt: skip
            hits += [(v, f"lineage.{table}") for v in values if v in text]
        return hits
    finally:
        con.close()


@settings(max_examples=2, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(people=st.lists(st.tuples(st.sampled_from(FIRST), st.sampled_from(LAST)), min_size=8,
                       max_size=8, unique=True))  # fmt: skip
def test_no_planted_value_in_paths_keys_headers_or_properties(
    people: list[tuple[str, str]], tmp_path_factory: object
) -> None:
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="no-leak-side-", dir=str(tmp_path_factory.getbasetemp())))  # type: ignore[attr-defined]
    inbox = tmp / "src" / "inbox"
    inbox.mkdir(parents=True)
    names = [f"{first} {last}" for first, last in people[:6]]
    emails = [f"{first}.{last}@example-mail.com".lower() for first, last in people[6:]]
    plant(inbox, names, emails)
    surnames = sorted({last for _, last in people[:6]})
    values = sorted({*names, *emails, *surnames})
    proc, log = govern_inbox(tmp, inbox_policy(tmp))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "processed 8" in proc.stdout, proc.stdout
    lineage = tmp / "ws" / "lineage.duckdb"
    files = [p for p in written_files([tmp / "ws", tmp / "prefect-home"]) if p != lineage]
    assert any(p.suffix == ".db" for p in files) and any(p.suffix == ".parquet" for p in files)
    assert leaks([*files, log], values) == []
    assert lineage_leaks(lineage, values) == []
    con = duckdb.connect(str(lineage), read_only=True)
    kept = " ".join(r[0] for r in con.execute("SELECT source_uri FROM files").fetchall())
    con.close()
    assert emails[0] in kept and names[0] in kept  # planted, and lineage traces them
