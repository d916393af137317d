"""A data subject, known only through its keyed pseudonyms, and the rows that carry it.

The value a person gives (``--subject``) lives only in memory here: it is turned into
the keyed tokens the pipeline wrote (``<PERSON_1a2b3c4d5e6f>``, one per entity type),
the surrogates a target wrote instead (a fake value seeded by the same key), and the
value itself (a detection miss would have left it in clear). Lineage stores only the
tokens and a keyed digest of the request, never the value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from governance.policy.model import DIRECT_IDENTIFIERS, Policy
from governance.privacy.transform.operators import OPERATORS, TOKEN_RE, Pseudonymizer

TEXT_COLUMNS = ("text", "title", "source_uri")  # a path names its subject as often as a text
# The digest that names an erasure request is derived apart from the tokens' digests,
# so lineage never holds a full token digest (the vault's lookup key) of an erased value.
REQUEST_LABEL = "govern-erasure-request\x1f"


@dataclass(frozen=True, slots=True)
class Subject:
    """What can be searched for; ``repr`` never shows the value."""

    value: str = field(repr=False)
    digest: str
    key_id: str
    tokens: dict[str, str]  # entity type -> token
    digests: dict[str, str]  # entity type -> full keyed digest (hex), for the vault
    surrogates: dict[str, tuple[str, ...]] = field(repr=False)  # entity type -> fakes

    @property
    def loose_pattern(self) -> str:
        """A regular expression (RE2 and Python) for the value written with any spacing
        between its words: ``Maria Lopez`` in ``maria_lopez.md`` too. Match it ignoring case."""
        return r"[\s_.+-]*".join(re.escape(w) for w in self.value.split())

    @property
    def erased_mark(self) -> str:
        """What replaces the subject's value in a path that lineage keeps (``files``,
        ``documents``): the request's digest, never the value or a token's digest."""
        return f"<ERASED_{self.digest[:12]}>"

    def needles(self, entities: Iterable[str] | None = None) -> list[str]:
        """Tokens of every type, the value, and the surrogates of the given types."""
        fakes = [s for e in (entities or ()) for s in self.surrogates.get(e, ())]
        return sorted({*self.tokens.values(), self.value, *fakes})


def entity_types(policy: Policy) -> list[str]:
    """Every entity type the policy may have written a token or surrogate for."""
    found = set(policy.detection.entities) | set(DIRECT_IDENTIFIERS)
    found |= {c.entity for s in policy.sources for c in s.columns.values() if c.entity}
    found |= {e for t in policy.targets.values() for e in t.operators if e != "default"}
    return sorted(found)


def subject_of(
    value: str, policy: Policy, ps: Pseudonymizer, entities: Sequence[str] = ()
) -> Subject:
    value = value.strip()
    types = list(entities) or entity_types(policy)
    surrogate = OPERATORS["surrogate"]
    fakes = {
        e: tuple(sorted({surrogate(value, e, lang, ps) for lang in policy.languages}))
        for e in types
        if any(t.operator(e) == "surrogate" for t in policy.targets.values())
    }
    return Subject(
        value=value,
        digest=ps.digest(f"{REQUEST_LABEL}{value}", "SUBJECT").hex(),
        key_id=ps.key.key_id,
        tokens={e: ps.token(value, e) for e in types},
        digests={e: ps.digest(value, e).hex() for e in types},
        surrogates=fakes,
    )


def token_entities(tokens: Iterable[str]) -> set[str]:
    """The entity types named by tokens such as ``<PERSON_1a2b3c4d5e6f>``."""
    return {t[1:-1].rsplit("_", 1)[0] for t in tokens if TOKEN_RE.fullmatch(t)}


def found_tokens(table: pa.Table, subject: Subject) -> set[str]:
    """The subject's tokens that occur somewhere in a corpus table."""
    return {t for t in subject.tokens.values() if pc.any(row_mask(table, [t])).as_py()}


def row_mask(table: pa.Table, needles: Sequence[str]) -> pa.ChunkedArray | pa.Array:
    """True for rows whose text, title or chat messages contain any of the needles."""
    mask = pa.array([False] * table.num_rows, pa.bool_())
    if not needles or table.num_rows == 0:
        return mask
    for column in (*TEXT_COLUMNS, "messages"):
        if column not in table.column_names:
            continue
        hits = _messages_hits(table[column], needles) if column == "messages" else (
            _hits(table[column], needles))  # fmt: skip
        mask = pc.or_(mask, hits)
    return mask


def _hits(column: pa.ChunkedArray | pa.Array, needles: Sequence[str]) -> pa.Array:
    hits = pa.array([False] * len(column), pa.bool_())
    for needle in needles:
        found = pc.match_substring(column, needle, ignore_case=True)
        hits = pc.or_(hits, pc.fill_null(found, False))
    return pc.fill_null(hits, False)


def _messages_hits(column: pa.ChunkedArray, needles: Sequence[str]) -> pa.Array:
    """A row hits when any of its messages' content does."""
    combined = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    flat = pc.list_flatten(combined)
    parents = pc.list_parent_indices(combined)
    content = pc.struct_field(flat, "content")
    hit_rows = pc.filter(parents, _hits(content, needles))
    return pc.is_in(pa.array(range(len(combined)), pa.int64()),
                    value_set=pc.cast(hit_rows, pa.int64()))  # fmt: skip
