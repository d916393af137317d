"""Transformation: what a target does with each detected value (the ``transform`` step).

``operators.py`` is the family of operators (``OPERATORS``: pseudonym, surrogate,
redact, mask, generalize, keep; ``drop``, which drops the whole document, is applied
by ``rewrite.py``), whose names a policy is checked against when it loads
(``policy/registry.operator_names``, ``policy/checks.py``);
``spans.py`` resolves overlapping findings; ``rewrite.py`` rewrites a document's text
for one target; ``keys.py`` resolves the pseudonymization key; ``vault.py`` keeps the
encrypted originals of reversible pseudonyms.
"""
