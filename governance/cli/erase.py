"""`govern erase`: remove a document, a source file or a data subject from every corpus."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from governance.cli.common import add_workspace
from governance.policy import DEFAULT_POLICY


def _subject(args: argparse.Namespace) -> Any:
    """The subject's keyed pseudonyms under the policy's key (the value stays in memory)."""
    from governance.erasure.erase import MIN_SUBJECT_CHARS
    from governance.erasure.subject import subject_of
    from governance.errors import ConfigError
    from governance.policy import load_policy
    from governance.privacy.transform.keys import resolve_key
    from governance.privacy.transform.operators import Pseudonymizer

    value = sys.stdin.readline() if args.subject == "-" else args.subject
    if len(value.strip()) < MIN_SUBJECT_CHARS:
        raise ConfigError(
            f"--subject needs at least {MIN_SUBJECT_CHARS} characters",
            hint="give the full value as it appears in the sources, e.g. a name or an e-mail",
        )
    policy = load_policy(args.policy)
    lookup = None
    if policy.pseudonymization.key.prefect_secret:
        from flows.prefect_secrets import prefect_secret

        lookup = prefect_secret
    key = resolve_key(policy.pseudonymization.key, allow_demo=True, secret_lookup=lookup)
    ps = Pseudonymizer(key, policy.pseudonymization.domain)
    return subject_of(value, policy, ps, tuple(args.entity or ()))


def _reason(args: argparse.Namespace, subject: Any) -> str | None:
    """The reason as stored: personal data in it redacted (it is free text)."""
    if args.reason is None:
        return None
    from governance.policy import load_policy
    from governance.privacy.notes import redacted_note

    marks = [(subject.loose_pattern, subject.erased_mark)] if subject is not None else []
    return redacted_note(args.reason, load_policy(args.policy), marks=marks)


def cmd_erase(args: argparse.Namespace) -> int:
    from governance.erasure.erase import ErasureRequest, erase

    subject = _subject(args) if args.subject is not None else None
    reason = _reason(args, subject)
    request = ErasureRequest(doc=args.doc, source=args.source, subject=subject, reason=reason)
    result = erase(args.workspace, request)
    if args.json:
        print(
            json.dumps(
                {
                    **result.certificate,
                    "published": result.published,
                    "scrubbed": result.scrubbed,
                    "certificate_path": str(result.certificate_path),
                },
                default=str,
            )
        )
        return 0
    _print_result(result)
    return 0


def _print_result(result: Any) -> None:
    cert = result.certificate
    rows = sum(cert["rows_removed"].values())
    print(
        f"erasure {cert['erasure_id']} ({cert['kind']} {cert['target']}): removed {rows} "
        f"row(s) derived from {len(cert['documents'])} document(s)"
    )
    for corpus, snapshot in sorted(result.published.items()):
        removed = cert["rows_removed"].get(corpus, 0)
        print(f"  corpus {corpus}: published snapshot {snapshot} without {removed} row(s)")
    purged = [s["snapshot_id"] for s in cert["snapshots"] if s["action"] == "purged"]
    print(f"  snapshots deleted from disk: {', '.join(purged) if purged else 'none'}")
    vault = cert["vault_entries_deleted"]
    print(
        f"  vault: {'no vault in this workspace' if vault is None else f'{vault} entries deleted'}"
    )
    print(
        f"  quarantine rows removed: {result.scrubbed['quarantine_rows']}; leftover staging "
        f"folders removed: {result.scrubbed['staging_folders']}"
    )
    consumers = cert["consumers_to_rebuild"]
    print(f"  consumers that read an affected snapshot: {len(consumers) or 'none'}")
    for c in consumers:
        print(
            f"    {c['action'].upper()}: {c['kind']} job {c['job']} "
            f"(read {c['snapshot_id']} at {c['consumed_at']})"
        )
    print(f"  certificate: {result.certificate_path}")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    erase = sub.add_parser(
        "erase",
        help="remove a document, source file or data subject and publish new snapshots",
        description="Publishes new snapshots without every row derived from what is erased, "
        "deletes older snapshots that held such rows, records the erasure in lineage, and "
        "writes a certificate. A subject is found through its keyed pseudonyms: the value "
        "is never stored.",
    )
    what = erase.add_mutually_exclusive_group(required=True)
    what.add_argument("--doc", metavar="ID", help="a document id (see govern lineage trace)")
    what.add_argument("--source", metavar="URI", help="SOURCE:URI, a source name, or a file URI")
    what.add_argument(
        "--subject", metavar="VALUE", help="a person's name, e-mail, ...; '-' reads it from stdin"
    )
    erase.add_argument(
        "--reason", metavar="TEXT",
        help="a ticket reference; personal data in it is redacted before it is stored",
    )  # fmt: skip
    erase.add_argument(
        "--entity",
        action="append",
        metavar="TYPE",
        help="with --subject: the entity type(s) of the value, e.g. PERSON (default: all)",
    )
    erase.add_argument(
        "--policy",
        default=str(DEFAULT_POLICY),
        help="with --subject: the policy naming the key; with --reason: its detection",
    )
    add_workspace(erase)
    erase.add_argument("--json", action="store_true", help="machine-readable output")
    erase.set_defaults(handler=cmd_erase)
