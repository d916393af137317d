"""Erasures hold in later runs.

A source file erased with ``govern erase --source`` is not read again while it stays in
the source folder. It is skipped, counted and named with the erasure that removed it
(rename or replace the file to bring new content back).

Documents erased with ``--doc`` and subjects erased with ``--subject`` are held out of
files that are read again (changed, or a full rebuild): the plan writes their document
ids and the subjects' keyed tokens (never a value) to the run's staging folder, and the
workers drop the rows they would bring back (``governance/erasure/hold.py``). A subject is known
only by its tokens under the key of its erasure: erasures made under another key cannot
be enforced, and the plan says so.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from pathlib import Path

from governance.erasure.hold import HELD_FILE
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


_HELD = """
SELECT x.what, x.item, max(e.erasure_id ORDER BY e.requested_at) FROM (
    SELECT 'documents' AS what, d.doc_id AS item, d.erasure_id FROM erasure_documents d
    JOIN erasures e USING (erasure_id) WHERE e.kind = 'doc'
    UNION ALL
    SELECT 'tokens', t.token, t.erasure_id FROM erasure_tokens t
    JOIN erasures e USING (erasure_id) WHERE e.kind = 'subject' AND e.key_id = ?
    UNION ALL
    SELECT 'subject_documents', d.doc_id, d.erasure_id FROM erasure_documents d
    JOIN erasures e USING (erasure_id)
    WHERE e.kind = 'subject' AND e.key_id IS DISTINCT FROM ?
) x JOIN erasures e USING (erasure_id) GROUP BY ALL
"""


def write_held(store: LineageStore, staging: Path, key_id: str) -> int:
    """Write what the workers hold out for this run (``HELD_FILE`` in ``staging``, only
    when there is anything): erased document ids, the tokens of subjects erased under
    ``key_id``, and the documents where subjects erased under another key were found
    (held whole: their tokens cannot match). Returns the number of those erasures."""
    held: dict[str, dict[str, str]] = {"documents": {}, "tokens": {}, "subject_documents": {}}
    for what, item, erasure in store.query(_HELD, [key_id, key_id])[1]:
        held[str(what)][str(item)] = str(erasure)
    unmatched = store.query(
        "SELECT count(*) FROM erasures WHERE kind = 'subject' AND key_id IS DISTINCT FROM ?",
        [key_id],
    )[1][0][0]
    if any(held.values()):  # document ids and keyed tokens only: never a value
        staging.mkdir(parents=True, exist_ok=True)
        (staging / HELD_FILE).write_text(json.dumps(held, sort_keys=True), encoding="utf-8")
    if unmatched:
        log.warning(
            "%d subject erasure(s) were made under another key than this run's (%s): the "
            "documents they were found in stay out, but new mentions of those subjects "
            "cannot be recognized; erase them again with `govern erase --subject` after "
            "this run",
            unmatched, key_id,
        )  # fmt: skip
    return int(unmatched)
