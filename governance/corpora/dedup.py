"""Exact and near-duplicate removal for corpus rows (fine-tuning records by default).

Exact duplicates share a digest of their normalized text (lowercased, punctuation and
runs of whitespace folded). Near duplicates are found with MinHash over word shingles
and an LSH index (datasketch); a candidate counts only when its estimated Jaccard
similarity reaches the threshold. The first row seen is kept; every later duplicate
is reported with a reason naming the kept row's id, never the text.

Memory grows with the number of kept rows (a 16-byte digest and ``num_perm`` 4-byte
hash values each), not with their text. ``fingerprint`` is the costly part and runs in
the workers (``corpora/fingerprints.py``); ``check_fingerprint`` is the cheap serial part.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from governance.errors import TerminalError
from governance.policy.model import Dedup

_PUNCT = re.compile(r"[^\w\s]+")


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A row's normalized-text digest and MinHash values (empty when near is off)."""

    digest: bytes
    minhash: bytes


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
        self._dtype = template.hashvalues.dtype
        self.kept: dict[str, Fingerprint] = {}  # every remembered row, for the next run

    def check(self, row_id: str, text: str, *, keep: bool = False) -> str | None:
        """The reason ``row_id`` is a duplicate, or ``None`` (and it is remembered).

        With ``keep`` the row is remembered without being judged (rows already published).
        """
        return self.check_fingerprint(row_id, self.fingerprint(text), keep=keep)

    def fingerprint(self, text: str) -> Fingerprint:
        """What deduplication needs of a row: the digest of its normalized text and, when
        near-duplicate search is on, its MinHash values (both value-free)."""
        normalized = normalize(text)
        digest = hashlib.blake2b(normalized.encode("utf-8"), digest_size=16).digest()
        if not self.config.near:
            return Fingerprint(digest, b"")
        mh = MinHash(
            num_perm=self.config.num_perm, seed=1, permutations=self._perm, scheme=self._scheme
        )
        mh.update_batch(shingles(normalized, self.config.shingle_words))
        return Fingerprint(digest, mh.hashvalues.tobytes())

    def check_fingerprint(
        self, row_id: str, fingerprint: Fingerprint, *, keep: bool = False
    ) -> str | None:
        """As ``check``, for a row whose fingerprint was computed elsewhere (a worker)."""
        if row_id in self._ids:
            raise TerminalError(f"row id {row_id} seen twice while deduplicating")
        digest = fingerprint.digest
        if self.config.exact and not keep and digest in self._digests:
            return f"exact duplicate: same normalized text as {self._digests[digest]}"
        if self.config.near:
            values = np.frombuffer(fingerprint.minhash, dtype=self._dtype)
            signature = LeanMinHash(seed=1, hashvalues=values, scheme=self._scheme)
            reason = None if keep else self._near(signature)
            if reason:
                return reason
            self._lsh.insert(row_id, signature, check_duplication=False)
            self._signatures[row_id] = signature
        self._ids.add(row_id)
        self._digests.setdefault(digest, row_id)
        self.kept[row_id] = fingerprint
        return None

    def _near(self, signature: LeanMinHash) -> str | None:
        best, best_id = 0.0, ""
        for candidate in self._lsh.query(signature):
            similarity = float(signature.jaccard(self._signatures[candidate]))
            if similarity > best or (similarity == best and candidate < best_id):
                best, best_id = similarity, str(candidate)
        if best_id and best >= self.config.threshold:
            return f"near duplicate: Jaccard {best:.2f} >= {self.config.threshold} with {best_id}"
        return None
