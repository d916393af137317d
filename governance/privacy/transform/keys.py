"""Pseudonymization keys: resolved from where the policy says they live, never stored.

A key is named by reference (environment variable, file, Prefect Secret block).
Only its id — a one-way digest — is ever recorded.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from governance.errors import ConfigError
from governance.policy.model import KeyRef

MIN_KEY_CHARS = 32
# Public and documented: it protects nothing and exists so `govern demo` runs with no set-up.
DEMO_KEY = "govern-demo-key:not-a-secret:never-use-for-real-data"
KEY_HINT = "generate one with: python -c 'import secrets; print(secrets.token_hex(32))'"

SecretLookup = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class Key:
    """Key material plus its public id. ``repr`` never shows the material."""

    material: bytes = field(repr=False)
    key_id: str

    @property
    def is_demo(self) -> bool:
        return self.key_id == key_id(DEMO_KEY.encode())


def key_id(material: bytes) -> str:
    return "k" + hashlib.sha256(b"govern-key-id\x00" + material).hexdigest()[:12]


def resolve_key(
    ref: KeyRef, *, allow_demo: bool = False, secret_lookup: SecretLookup | None = None
) -> Key:
    """Read the key the reference names; refuse short keys and the demo key outside demo mode."""
    raw = _read(ref, secret_lookup).strip()
    if not raw:
        raise ConfigError(f"the key in {ref.describe()} is empty", hint=KEY_HINT)
    if len(raw) < MIN_KEY_CHARS:
        raise ConfigError(
            f"the key in {ref.describe()} has {len(raw)} characters; at least {MIN_KEY_CHARS} "
            "are required",
            hint=KEY_HINT,
        )
    key = Key(material=raw.encode("utf-8"), key_id=key_id(raw.encode("utf-8")))
    if key.is_demo and not allow_demo:
        raise ConfigError(
            f"{ref.describe()} holds the public demo key, which is only accepted by `govern demo`",
            hint=KEY_HINT,
        )
    return key


def _read(ref: KeyRef, secret_lookup: SecretLookup | None) -> str:
    if ref.env:
        value = os.environ.get(ref.env)
        if value is None:
            raise ConfigError(
                f"environment variable {ref.env} (the policy's key reference) is not set",
                hint=f"export {ref.env}=...; {KEY_HINT}",
            )
        return value
    if ref.file:
        path = Path(ref.file).expanduser()
        if not path.is_file():
            raise ConfigError(f"key file {path} (the policy's key reference) does not exist")
        try:
            return path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ConfigError(
                f"key file {path} (the policy's key reference) is not UTF-8 text (a bad byte at "
                f"offset {exc.start})",
                hint=f"write the key as text; {KEY_HINT}",
            ) from None
        except OSError as exc:
            raise ConfigError(
                f"key file {path} (the policy's key reference) cannot be read "
                f"({type(exc).__name__})"
            ) from None
    name = ref.prefect_secret or ""
    if secret_lookup is None:
        raise ConfigError(f"Prefect Secret block {name} can only be read inside a Prefect flow")
    return secret_lookup(name)
