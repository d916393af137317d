"""What a run is told (paths and flags: safe as Prefect parameters) and what it derives.

Neither holds raw data or key material: workers resolve the key themselves from the
policy's reference, so it never travels through Prefect.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path

from governance.policy import Policy, load_policy, policy_hash
from governance.privacy.transform.keys import Key, SecretLookup, resolve_key

BATCH_FILES = 256  # most files in one unit of work
BATCH_BYTES = 4_000_000  # most bytes in one (a larger table is split: ingest/parts.py)


@dataclass(frozen=True, slots=True)
class RunConfig:
    policy_path: str
    workspace: str = "govern-data"
    source_root: str | None = None
    allow_demo_key: bool = False
    runner: str = "process"
    batch_files: int = BATCH_FILES
    batch_bytes: int = BATCH_BYTES
    # Re-read every source file, ignoring the incremental diff (deleted files still leave).
    full_rebuild: bool = False


@dataclass(frozen=True, slots=True)
class RunContext:
    config: RunConfig
    run_id: str
    policy_hash: str
    key_id: str
    run_date: date

    @property
    def source_base(self) -> Path | None:
        return Path(self.config.source_root) if self.config.source_root else None


@lru_cache(maxsize=4)
def cached_policy(path: str, mtime_ns: int) -> Policy:
    return load_policy(path)


def policy_of(config: RunConfig) -> Policy:
    """The policy, parsed once per process (per file version)."""
    return cached_policy(config.policy_path, Path(config.policy_path).stat().st_mtime_ns)


def key_of(config: RunConfig, secret_lookup: SecretLookup | None = None) -> Key:
    policy = policy_of(config)
    return resolve_key(
        policy.pseudonymization.key, allow_demo=config.allow_demo_key, secret_lookup=secret_lookup
    )


def new_context(config: RunConfig, secret_lookup: SecretLookup | None = None) -> RunContext:
    policy = policy_of(config)
    return RunContext(
        config=config,
        run_id=uuid.uuid4().hex,
        policy_hash=policy_hash(policy),
        key_id=key_of(config, secret_lookup).key_id,
        run_date=datetime.now(UTC).date(),
    )
