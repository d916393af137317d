"""Find every corpus row an erasure must remove, in every snapshot still on disk.

Snapshots are found on disk (a killed run may have left a folder lineage never
recorded), each is matched as a whole table: by document id (``--doc``), by source
file (``--source``), or by the subject's tokens, surrogates and value (``--subject``).
A fine-tuning record may carry a subject only as a redaction, so for a subject every
fine-tuning row of a document where the subject was found goes too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from governance.corpora.schemas import ID_COLUMN
from governance.corpora.snapshot import read_parts
from governance.erasure.subject import Subject, found_tokens, row_mask, token_entities
from governance.errors import ConfigError
from governance.lineage.queries import SourceRef
from governance.workspace import Workspace


@dataclass(slots=True)
class SnapshotData:
    corpus: str
    kind: str
    snapshot_id: str
    path: Path
    table: pa.Table
    mask: pa.Array | pa.ChunkedArray | None = None

    @property
    def matched(self) -> int:
        return 0 if self.mask is None else int(pc.sum(self.mask).as_py() or 0)

    def removed(self) -> pa.Table:
        """(output_id, doc_id) of the matched rows."""
        hits = self.table.filter(self.mask) if self.mask is not None else self.table.slice(0, 0)
        return pa.table({"output_id": hits[ID_COLUMN[self.kind]], "doc_id": hits["doc_id"]})

    def kept(self) -> pa.Table:
        return self.table.filter(pc.invert(self.mask)) if self.mask is not None else self.table


def snapshots_on_disk(ws: Workspace) -> list[SnapshotData]:
    """Every complete snapshot folder (one with a manifest) of every corpus."""
    found = []
    for corpus_dir in sorted(p for p in (ws.root / "corpora").iterdir() if p.is_dir()):
        for folder in sorted(corpus_dir.iterdir()):
            manifest = folder / "manifest.json"
            if folder.name.startswith(".") or not manifest.is_file():
                continue
            kind = str(json.loads(manifest.read_text(encoding="utf-8"))["kind"])
            table = read_parts(sorted(folder.glob("part-*.parquet")), kind)
            found.append(SnapshotData(corpus_dir.name, kind, folder.name, folder, table))
    return found


def match_documents(snaps: Sequence[SnapshotData], doc_ids: Iterable[str]) -> None:
    ids = pa.array(sorted(set(doc_ids)), pa.string())
    for s in snaps:
        s.mask = pc.is_in(s.table["doc_id"], value_set=ids)


def match_sources(
    snaps: Sequence[SnapshotData], refs: Sequence[SourceRef], doc_ids: Iterable[str]
) -> None:
    """Rows of the source files' documents, and rows stamped with those files."""
    keys = pa.array(sorted({f"{r.source}\x1f{r.uri}" for r in refs}), pa.string())
    ids = pa.array(sorted(set(doc_ids)), pa.string())
    for s in snaps:
        stamped = pc.binary_join_element_wise(s.table["source"], s.table["source_uri"], "\x1f")
        s.mask = pc.or_(pc.is_in(stamped, value_set=keys),
                        pc.is_in(s.table["doc_id"], value_set=ids))  # fmt: skip


def match_subject(
    snaps: Sequence[SnapshotData], subject: Subject, entities: Sequence[str] = ()
) -> list[str]:
    """Mark the subject's rows; returns the strings searched for (tokens, value, and the
    surrogates of the entity types its tokens were found as, or of ``entities``)."""
    check_keys(snaps, subject.key_id)
    found = set().union(*(found_tokens(s.table, subject) for s in snaps)) if snaps else set()
    evidence = token_entities(found) | set(entities)
    needles = subject.needles(evidence)
    for s in snaps:
        s.mask = row_mask(s.table, needles)
    docs = pa.array(sorted({d for s in snaps for d in s.removed()["doc_id"].to_pylist()}),
                    pa.string())  # fmt: skip
    for s in snaps:
        if s.kind == "finetune":
            s.mask = pc.or_(s.mask, pc.is_in(s.table["doc_id"], value_set=docs))
    return needles


def check_keys(snaps: Sequence[SnapshotData], key_id: str) -> None:
    """A subject is found by its tokens only under the key the rows were written with."""
    for s in snaps:
        others = set(pc.unique(s.table["key_id"]).to_pylist()) - {key_id}
        if others:
            raise ConfigError(
                f"snapshot {s.corpus}/{s.snapshot_id} holds rows pseudonymized with key "
                f"{', '.join(sorted(others))}; the policy's key is {key_id}",
                hint="run erase with the key those rows were made with (the policy's key "
                "reference), so the subject's pseudonyms can be found",
            )
