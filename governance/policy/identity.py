"""Policy identity: what a run records and what decides re-processing.

``policy_hash`` (load.py) identifies the whole effective policy: it is recorded per run
and stamped on every output row. ``treatment_hash`` identifies only what shapes one
source's outputs — that source's section (not its folder and globs, which decide which
files exist, not how one is treated), languages, detection, the pseudonymization domain,
targets, labels — plus the key id, so a key rotation re-pseudonymizes everything. A
file is processed again when its content or its source's treatment hash changed.
"""

from __future__ import annotations

from typing import Any

from governance.policy.load import canonical_hash
from governance.policy.model import Policy

DISCOVERY_FIELDS = frozenset({"root", "include", "exclude"})


def treatment(policy: Policy, source: str, key_id: str) -> dict[str, Any]:
    """Everything in the effective policy that affects one source's outputs."""
    src = next(s for s in policy.sources if s.name == source)
    data = policy.model_dump(mode="json")
    return {
        "source": src.model_dump(mode="json", exclude=set(DISCOVERY_FIELDS)),
        "languages": data["languages"],
        "default_language": data["default_language"],
        "detection": data["detection"],
        "domain": policy.pseudonymization.domain,
        "targets": data["targets"],
        "labels": data["labels"],
        "key_id": key_id,
    }


def treatment_hash(policy: Policy, source: str, key_id: str) -> str:
    return canonical_hash(treatment(policy, source, key_id))


def treatment_hashes(policy: Policy, key_id: str) -> dict[str, str]:
    """Source name -> treatment hash, for the incremental diff and lineage."""
    return {s.name: treatment_hash(policy, s.name, key_id) for s in policy.sources}
