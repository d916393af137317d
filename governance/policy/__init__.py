"""Policy model, loading with file:line errors, and canonical hashing."""

from pathlib import Path

from governance.policy.load import load_policy, policy_hash
from governance.policy.model import Policy, Source, Target

DEFAULT_POLICY = Path(__file__).resolve().parents[2] / "policies" / "default.yaml"

__all__ = ["DEFAULT_POLICY", "Policy", "Source", "Target", "load_policy", "policy_hash"]
