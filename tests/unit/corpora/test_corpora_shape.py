"""RAG rows carry their heading path; shaping reports every row it does not keep."""

from __future__ import annotations

from datetime import date

from governance.corpora.shape import Stamp, heading_path, shape_rows
from governance.ingest.readers.markdown import heading_sections
from governance.policy.model import Labels, Source, Target
from governance.privacy.transform.rewrite import Transformed
from governance.records import Chunk, Document

MD = (
    "# Handbook\n\nIntro text for every new colleague joining us.\n\n"
    "## Travel\n\nBook trains through the portal at least a week ahead.\n\n"
    "### Expenses\n\nSubmit receipts within thirty days of the trip ending.\n\n"
    "## Holidays\n\nThe office closes on public holidays across the region.\n"
)
STAMP = Stamp(Labels(), "run", "p" * 16, "k", date(2026, 1, 1))
SOURCE = Source(name="docs", root="docs")


def _doc(text: str) -> Document:
    return Document(id="d1", text=text, source="docs", source_uri="h.md", format="md",
                    content_hash="h", language="en", sections=tuple(heading_sections(text)))  # fmt: skip


def _identity(text: str) -> Transformed:
    return Transformed(text=text)


def test_heading_path_keeps_the_last_heading_of_each_higher_level() -> None:
    outline = [(0, 1, "A"), (10, 2, "B"), (20, 3, "C"), (30, 2, "D"), (40, 1, "E")]
    assert heading_path(outline, 5) == ["A"]
    assert heading_path(outline, 25) == ["A", "B", "C"]
    assert heading_path(outline, 35) == ["A", "D"]
    assert heading_path(outline, 45) == ["E"]
    assert heading_path([], 5) is None


def test_each_chunk_carries_the_headings_in_force_where_it_starts() -> None:
    target = Target(kind="rag", operators={"default": "pseudonym"},
                    chunking={"max_tokens": 16, "overlap_tokens": 0})  # fmt: skip
    rows, drops = shape_rows(_doc(MD), _identity(MD), target, STAMP, corpus="rag", source=SOURCE)
    by_start = {r.text.split()[0]: r.headings for r in rows if isinstance(r, Chunk)}
    assert by_start == {
        "#": ["Handbook"],
        "Book": ["Handbook", "Travel"],
        "Submit": ["Handbook", "Travel", "Expenses"],
        "The": ["Handbook", "Holidays"],
    }
    assert all(isinstance(r, Chunk) and r.title == "Handbook" for r in rows)
    assert drops == []


def test_rows_that_fail_a_filter_become_drops_with_reasons() -> None:
    words = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    text = f"{words} fifteen sixteen. Bye."  # 16 words fill the budget: "Bye." is a chunk
    target = Target(kind="rag", operators={"default": "pseudonym"},
                    chunking={"max_tokens": 16, "overlap_tokens": 0})  # fmt: skip
    rows, drops = shape_rows(_doc(text), _identity(text), target, STAMP, corpus="rag",
                             source=SOURCE)  # fmt: skip
    assert rows and [d.reason.split(":")[0] for d in drops] == ["too short"]
    assert all(d.doc_id == "d1" and d.corpus == "rag" for d in drops)
