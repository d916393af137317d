"""Policy model, loading with file:line errors, and canonical hashing."""

from governance.policy.load import load_policy, policy_hash
from governance.policy.model import Policy, Source, Target

__all__ = ["Policy", "Source", "Target", "load_policy", "policy_hash"]
