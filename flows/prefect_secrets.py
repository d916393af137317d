"""Key lookup from Prefect Secret blocks (a policy may name one instead of an env var)."""

from __future__ import annotations

from typing import cast

from governance.errors import ConfigError


def prefect_secret(name: str) -> str:
    from prefect.blocks.system import Secret

    try:
        secret = cast("Secret[str]", Secret.load(name))  # sync call outside an event loop
    except ValueError as exc:
        raise ConfigError(
            f"Prefect Secret block '{name}' (the policy's key reference) does not exist",
            hint=f"create it: prefect block create secret, named {name}",
        ) from exc
    return str(secret.get())
