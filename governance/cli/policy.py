"""`govern policy ...`: validate, describe and compare policy files."""

from __future__ import annotations

import argparse
import json
import sys


def cmd_validate(args: argparse.Namespace) -> int:
    from governance.policy.load import validate_policy_file

    failed = 0
    for file in args.files:
        problems = validate_policy_file(file, resolve_keys=not args.no_resolve_keys)
        for p in problems:
            print(p.one_line(), file=sys.stderr)
        if problems:
            failed += 1
        else:
            print(f"ok: {file}")
    return 2 if failed else 0


def cmd_schema(args: argparse.Namespace) -> int:
    from governance.policy.schema import policy_schema

    print(json.dumps(policy_schema(), indent=2))
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from governance.policy.explain import explain_data, explain_text
    from governance.policy.load import load_policy

    policy = load_policy(args.file)
    print(json.dumps(explain_data(policy), indent=2) if args.json else explain_text(policy))
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from governance.policy.diff import diff_text
    from governance.policy.load import load_policy, policy_hash

    old, new = load_policy(args.old), load_policy(args.new)
    print(diff_text(old, new, args.old, args.new))
    return 0 if policy_hash(old) == policy_hash(new) else 1  # as diff(1): 1 when they differ


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    policy = sub.add_parser("policy", help="validate, explain and compare policy files")
    psub = policy.add_subparsers(dest="policy_command", required=True)
    validate = psub.add_parser("validate", help="exit 2 with file:line:column on any error")
    validate.add_argument("files", nargs="+")
    validate.add_argument(
        "--no-resolve-keys",
        action="store_true",
        help="do not check that the key reference resolves (a machine without the keys)",
    )
    validate.set_defaults(handler=cmd_validate)
    psub.add_parser("schema", help="print the policy JSON Schema").set_defaults(handler=cmd_schema)
    explain = psub.add_parser("explain", help="per source and target, what happens to each entity")
    explain.add_argument("file")
    explain.add_argument("--json", action="store_true", help="machine-readable output")
    explain.set_defaults(handler=cmd_explain)
    diff = psub.add_parser(
        "diff", help="what changed between two policies, in treatment terms (exit 1 if any)"
    )
    diff.add_argument("old")
    diff.add_argument("new")
    diff.set_defaults(handler=cmd_diff)
