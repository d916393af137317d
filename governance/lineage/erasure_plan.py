"""Erasures hold in later runs: a source file erased with ``govern erase --source`` is not
read again while it stays in the source folder. It is skipped, counted and named with
the erasure that removed it (rename or replace the file to bring new content back).
"""

from __future__ import annotations

from dataclasses import replace

from governance.ingest.discover import Plan
from governance.lineage.store import LineageStore
from governance.records import FileOutcome, FileState, SourceFile

Erased = dict[tuple[str, str], str]


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
