"""Exact and near-duplicate removal for corpus rows (fine-tuning records by default).

Exact duplicates share a digest of their normalized text (lowercased, punctuation and
runs of whitespace folded). Near duplicates are found with MinHash over word shingles
and an LSH index (datasketch); a candidate counts only when its estimated Jaccard
similarity reaches the threshold. The first row seen is kept; every later duplicate
is reported with a reason naming the kept row's id, never the text.

Memory grows with the number of kept rows (a 16-byte digest and ``num_perm`` 8-byte
hash values each), not with their text.
"""

from __future__ import annotations

import hashlib
import re

from datasketch import LeanMinHash, MinHash, MinHashLSH

from governance.errors import TerminalError
from governance.policy.model import Dedup

_PUNCT = re.compile(r"[^\w\s]+")


def normalize(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", text.lower()).split())


def shingles(normalized: str, size: int) -> list[bytes]:
    """Word n-grams; a text shorter than ``size`` words is a single shingle."""
    words = normalized.split()
    if len(words) <= size:
        return [normalized.encode("utf-8")]
    return [" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)]


class Deduplicator:
    """Decides, row by row in a fixed order, whether a row duplicates an earlier one."""

    def __init__(self, config: Dedup) -> None:
        self.config = config
        self._ids: set[str] = set()
        self._digests: dict[bytes, str] = {}
        self._signatures: dict[str, LeanMinHash] = {}
        self._lsh = MinHashLSH(threshold=config.threshold, num_perm=config.num_perm)
        template = MinHash(num_perm=config.num_perm, seed=1)
        self._perm, self._scheme = template.permutations, template.scheme

    def check(self, row_id: str, text: str, *, keep: bool = False) -> str | None:
        """The reason ``row_id`` is a duplicate, or ``None`` (and it is remembered).

        With ``keep`` the row is remembered without being judged (rows already published).
        """
        if row_id in self._ids:
            raise TerminalError(f"row id {row_id} seen twice while deduplicating")
        normalized = normalize(text)
        digest = hashlib.blake2b(normalized.encode("utf-8"), digest_size=16).digest()
        if self.config.exact and not keep and digest in self._digests:
            return f"exact duplicate: same normalized text as {self._digests[digest]}"
        if self.config.near:
            signature = self._minhash(normalized)
            reason = None if keep else self._near(signature)
            if reason:
                return reason
            self._lsh.insert(row_id, signature, check_duplication=False)
            self._signatures[row_id] = signature
        self._ids.add(row_id)
        self._digests.setdefault(digest, row_id)
        return None

    def _minhash(self, normalized: str) -> LeanMinHash:
        mh = MinHash(
            num_perm=self.config.num_perm, seed=1, permutations=self._perm, scheme=self._scheme
        )
        mh.update_batch(shingles(normalized, self.config.shingle_words))
        return LeanMinHash(mh)

    def _near(self, signature: LeanMinHash) -> str | None:
        best, best_id = 0.0, ""
        for candidate in self._lsh.query(signature):
            similarity = float(signature.jaccard(self._signatures[candidate]))
            if similarity > best or (similarity == best and candidate < best_id):
                best, best_id = similarity, str(candidate)
        if best_id and best >= self.config.threshold:
            return f"near duplicate: Jaccard {best:.2f} >= {self.config.threshold} with {best_id}"
        return None
