"""Erasures hold in later runs.

A source file erased with ``govern erase --source`` is not read again while it stays in
the source folder. It is skipped, counted and named with the erasure that removed it
(rename or replace the file to bring new content back).

Documents erased with ``--doc`` and subjects erased with ``--subject`` are held out of
files that are read again (changed, or a full rebuild): the plan writes their document
ids and the subjects' keyed tokens (never a value) to the run's staging folder, and the
workers drop the rows they would bring back (``corpora/erased.py``). A subject is known
only by its tokens under the key of its erasure: erasures made under another key cannot
be enforced, and the plan says so.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from pathlib import Path

from governance.corpora.erased import HELD_FILE
from governance.ingest.discover import Plan
from governance.lineage.store import LineageStore
from governance.records import FileOutcome, FileState, SourceFile

Erased = dict[tuple[str, str], str]
log = logging.getLogger(__name__)


def erased_files(store: LineageStore) -> Erased:
    """(source, uri) -> the latest source erasure that covered the file."""
    rows = store.query(
        "SELECT d.source, d.source_uri, max(e.erasure_id ORDER BY e.requested_at) "
        "FROM erasure_documents d JOIN erasures e USING (erasure_id) "
        "WHERE e.kind = 'source' GROUP BY ALL"
    )[1]
    return {(str(r[0]), str(r[1])): str(r[2]) for r in rows}


def skip_erased(plan: Plan, erased: Erased) -> Plan:
    """Move erased files from the work and the unchanged list to the skipped one."""
    if not erased:
        return plan

    def keep(files: list[SourceFile]) -> list[SourceFile]:
        return [f for f in files if (f.source, f.uri) not in erased]

    skipped = [
        FileOutcome(
            f.source,
            f.uri,
            f.content_hash,
            FileState.SKIPPED,
            rule=f"erased: {erased[(f.source, f.uri)]}",
        )
        for f in (*plan.to_process, *plan.unchanged)
        if (f.source, f.uri) in erased
    ]
    return replace(
        plan,
        to_process=keep(plan.to_process),
        unchanged=keep(plan.unchanged),
        skipped=[*plan.skipped, *skipped],
    )


def write_held(store: LineageStore, staging: Path, key_id: str) -> int:
    """Write the erased document ids and the subject tokens of ``key_id`` for the
    workers (``HELD_FILE`` in ``staging``, only when there are any); returns the number
    of subject erasures made under another key, which this run cannot enforce."""
    documents = store.query(
        "SELECT d.doc_id, max(e.erasure_id ORDER BY e.requested_at) FROM erasure_documents d "
        "JOIN erasures e USING (erasure_id) WHERE e.kind = 'doc' GROUP BY ALL"
    )[1]
    tokens = store.query(
        "SELECT t.token, max(e.erasure_id ORDER BY e.requested_at) FROM erasure_tokens t "
        "JOIN erasures e USING (erasure_id) WHERE e.kind = 'subject' AND e.key_id = ? "
        "GROUP BY ALL",
        [key_id],
    )[1]
    other = store.query(
        "SELECT count(*) FROM erasures WHERE kind = 'subject' AND key_id IS DISTINCT FROM ?",
        [key_id],
    )[1][0][0]
    if documents or tokens:
        staging.mkdir(parents=True, exist_ok=True)
        held: dict[str, dict[str, str]] = {
            "documents": dict(documents),
            "tokens": dict(tokens),
        }  # ids and tokens only
        (staging / HELD_FILE).write_text(json.dumps(held, sort_keys=True), encoding="utf-8")
    if other:
        log.warning(
            "%d subject erasure(s) were made under another key than this run's (%s): their "
            "subjects cannot be recognized in files read again; erase them again with "
            "`govern erase --subject` under this key",
            other, key_id,
        )  # fmt: skip
    return int(other)
