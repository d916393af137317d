"""`govern policy ...`: validate and inspect policy files."""

from __future__ import annotations

import argparse
import json
import sys


def cmd_validate(args: argparse.Namespace) -> int:
    from governance.policy.load import validate_policy_file

    failed = 0
    for file in args.files:
        problems = validate_policy_file(file)
        for p in problems:
            print(p.one_line(), file=sys.stderr)
        if problems:
            failed += 1
        else:
            print(f"ok: {file}")
    return 2 if failed else 0


def cmd_schema(args: argparse.Namespace) -> int:
    from governance.policy.model import Policy

    print(json.dumps(Policy.model_json_schema(), indent=2))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    policy = sub.add_parser("policy", help="validate and inspect policy files")
    psub = policy.add_subparsers(dest="policy_command", required=True)
    validate = psub.add_parser("validate", help="exit 2 with file:line:column on any error")
    validate.add_argument("files", nargs="+")
    validate.set_defaults(handler=cmd_validate)
    psub.add_parser("schema", help="print the policy JSON Schema").set_defaults(handler=cmd_schema)
