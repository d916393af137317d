"""Exact and near-duplicate removal for corpus rows (fine-tuning records by default).

Exact duplicates share a digest of their normalized text (lowercased, punctuation and
runs of whitespace folded). Near duplicates are found with MinHash over word shingles
and locality-sensitive hashing: the MinHash values are cut into bands (datasketch's
optimal banding for the threshold), rows sharing a whole band are candidates, and a
candidate counts only when its estimated Jaccard similarity reaches the threshold. The
first row seen is kept; every later duplicate is reported with a reason naming the kept
row's id, never the text.

The index is compact and columnar. In memory, per remembered row: the 64-bit keys of its
id, of its digest and of each band with its ``uint32`` row number in sorted NumPy
arrays, and the end offset of its id (about 130 bytes a row at the default 128
permutations and 8 bands). The ids, 16-byte digests and MinHash values (``uint32``, 512
bytes a row) are appended to unnamed temporary files in the run's staging folder
(``spill``) and read back only for the rows a key points at, so a run's memory does not
grow with them. Rows already published are added in bulk (``remember``). ``fingerprint``
is the costly part and runs in the workers (``corpora/dedup/fingerprints.py``); checking is
the cheap serial part.
"""

from __future__ import annotations

import hashlib
import io
import re
import tempfile
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
from datasketch import MinHash, MinHashLSH

from governance.errors import TerminalError
from governance.policy.model import Dedup

_PUNCT = re.compile(r"[^\w\s]+")
_CHUNK_ROWS = 16_384
_RECENT_KEYS = 16_384  # inserts kept in a dict before they are merged into the sorted keys
_CHECK_ROWS = 2_048  # rows judged together (8 band keys each: a merge per chunk)
_FNV_PRIME = np.uint64(0x100000001B3)
_FNV_OFFSET = np.uint64(0xCBF29CE484222325)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A row's normalized-text digest and MinHash values as ``uint32`` bytes (empty when
    near-duplicate search is off)."""

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


def stack(fps: Sequence[Fingerprint], width: int) -> tuple[np.ndarray, np.ndarray]:
    """Fingerprints as arrays: ``(n, 16)`` digests and ``(n, width)`` uint32 values."""
    digests = np.frombuffer(b"".join(f.digest for f in fps), np.uint8).reshape(len(fps), 16)
    values = np.frombuffer(b"".join(f.minhash for f in fps), np.uint32).reshape(len(fps), width)
    return digests, values


def _id_keys(ids: Sequence[str]) -> np.ndarray:
    """A 64-bit key per row id."""
    keys = b"".join(hashlib.blake2b(i.encode(), digest_size=8).digest() for i in ids)
    return np.frombuffer(keys, "<u8")


class _Bytes:
    """Append-only bytes read back at offsets: in memory, or in an unnamed temporary file
    in ``folder`` (gone when closed, and when the process dies)."""

    def __init__(self, folder: Path | None) -> None:
        # owned by this object and closed by close(); unnamed, so never left behind
        self._file: BinaryIO = tempfile.TemporaryFile(dir=folder) if folder else io.BytesIO()  # noqa: SIM115
        self.size = 0
        self._at_end = True

    def append(self, data: bytes) -> None:
        if not self._at_end:
            self._file.seek(0, io.SEEK_END)
            self._at_end = True
        self._file.write(data)
        self.size += len(data)

    def read(self, offset: int, length: int) -> bytes:
        self._file.seek(offset)
        self._at_end = False
        return self._file.read(length)

    def close(self) -> None:
        self._file.close()


class _Rows:
    """A growing 2-D array of fixed-width rows, stored as ``_Bytes``; rows are read back
    one by one (candidates) or in chunks (``blocks``)."""

    def __init__(self, width: int, dtype: type[np.generic], folder: Path | None) -> None:
        self.width, self.dtype, self.count = width, np.dtype(dtype), 0
        self._row_bytes = width * self.dtype.itemsize
        self._bytes = _Bytes(folder)

    def append(self, block: np.ndarray) -> None:
        self._bytes.append(np.ascontiguousarray(block, self.dtype).tobytes())
        self.count += len(block)

    def take(self, rows: np.ndarray) -> np.ndarray:
        out = np.empty((len(rows), self.width), self.dtype)
        if self._row_bytes:
            for i, row in enumerate(rows.tolist()):
                data = self._bytes.read(row * self._row_bytes, self._row_bytes)
                out[i] = np.frombuffer(data, self.dtype)
        return out

    def blocks(self) -> Iterator[np.ndarray]:
        """The rows, ``_CHUNK_ROWS`` at a time."""
        for start in range(0, self.count, _CHUNK_ROWS):
            n = min(_CHUNK_ROWS, self.count - start)
            data = self._bytes.read(start * self._row_bytes, n * self._row_bytes)
            yield np.frombuffer(data, self.dtype).reshape(n, self.width)

    def close(self) -> None:
        self._bytes.close()


class _Ids:
    """Row ids in insertion order, stored as ``_Bytes`` with 8 bytes a row in memory."""

    def __init__(self, folder: Path | None) -> None:
        self._bytes = _Bytes(folder)
        self._ends = array("q")

    def __len__(self) -> int:
        return len(self._ends)

    def extend(self, ids: Sequence[str]) -> None:
        encoded = [i.encode("utf-8") for i in ids]
        end = self._bytes.size
        for item in encoded:
            end += len(item)
            self._ends.append(end)
        self._bytes.append(b"".join(encoded))

    def __getitem__(self, row: int) -> str:
        return self.slice(row, row + 1)[0]

    def slice(self, start: int, stop: int) -> list[str]:
        first = self._ends[start - 1] if start else 0
        data = self._bytes.read(first, self._ends[stop - 1] - first) if stop > start else b""
        out, at = [], 0
        for end in self._ends[start:stop]:
            out.append(data[at : end - first].decode("utf-8"))
            at = end - first
        return out

    def close(self) -> None:
        self._bytes.close()


class _KeyIndex:
    """64-bit key -> row numbers in insertion order: a sorted NumPy part plus the recent
    inserts in a small dict, merged into the sorted part as it grows. Lookups in the
    sorted part are vectorized over a batch of rows (``find``); it only changes in
    ``settle``, between batches."""

    def __init__(self) -> None:
        self._keys = np.empty(0, np.uint64)
        self._rows = np.empty(0, np.uint32)
        self._recent: dict[int, list[int]] = {}

    def add(self, keys: Sequence[int], row: int) -> None:
        for key in keys:
            self._recent.setdefault(key, []).append(row)

    def add_many(self, keys: np.ndarray, rows: np.ndarray) -> None:
        self._merge(keys.astype(np.uint64, copy=False), rows.astype(np.uint32, copy=False))

    def find(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where each key's rows lie in the sorted part: ``[lo, hi)``."""
        return (np.searchsorted(self._keys, keys, "left"),
                np.searchsorted(self._keys, keys, "right"))  # fmt: skip

    def rows(self, keys: Sequence[int], lo: Sequence[int], hi: Sequence[int]) -> list[int]:
        """The rows of ``keys`` (found with ``find``), each key's in insertion order."""
        out: list[int] = []
        for key, a, b in zip(keys, lo, hi, strict=True):
            if b > a:
                out.extend(self._rows[a:b].tolist())
            out.extend(self._recent.get(key, ()))
        return out

    def lookup(self, keys: Sequence[int]) -> list[int]:
        lo, hi = self.find(np.asarray(keys, np.uint64))
        return self.rows(keys, lo.tolist(), hi.tolist())

    def contains(self, keys: np.ndarray) -> np.ndarray:
        """Whether each key is in the index (vectorized)."""
        lo, hi = self.find(keys)
        found = hi > lo
        if self._recent:
            found |= np.fromiter((k in self._recent for k in keys.tolist()), bool, len(keys))
        return found

    def settle(self) -> None:
        """Merge the recent inserts into the sorted part once they are many."""
        if len(self._recent) >= _RECENT_KEYS:
            self._merge()

    def _merge(self, keys: np.ndarray | None = None, rows: np.ndarray | None = None) -> None:
        recent = [(k, r) for k, rs in self._recent.items() for r in rs]
        new_k = np.fromiter((k for k, _ in recent), np.uint64, len(recent))
        new_r = np.fromiter((r for _, r in recent), np.uint32, len(recent))
        if keys is not None and rows is not None:
            new_k, new_r = np.concatenate([new_k, keys]), np.concatenate([new_r, rows])
        # New rows come after every row already sorted: inserted after equal keys, and
        # among themselves in (key, row) order, so each key's rows stay in insertion order.
        order = np.lexsort((new_r, new_k))
        new_k, new_r = new_k[order], new_r[order]
        at = np.searchsorted(self._keys, new_k, "right")
        self._keys, self._rows = np.insert(self._keys, at, new_k), np.insert(self._rows, at, new_r)
        self._recent = {}


class Deduplicator:
    """Decides, row by row in a fixed order, whether a row duplicates an earlier one."""

    def __init__(self, config: Dedup, spill: Path | None = None) -> None:
        self.config = config
        template = MinHash(num_perm=config.num_perm, seed=1)
        self._perm, self._scheme = template.permutations, template.scheme
        banding = MinHashLSH(threshold=config.threshold, num_perm=config.num_perm)
        self._bands, self._band_rows = int(banding.b), int(banding.r)
        self.width = config.num_perm if config.near else 0
        self._ids = _Ids(spill)
        self._id_keys = _KeyIndex()
        self._digests = _Rows(16, np.uint8, spill)
        self._digest_keys = _KeyIndex()
        self._values = _Rows(self.width, np.uint32, spill)
        self._band_keys = _KeyIndex()

    def __len__(self) -> int:
        return len(self._ids)

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
        return Fingerprint(digest, mh.hashvalues.astype(np.uint32).tobytes())

    def check_fingerprint(
        self, row_id: str, fingerprint: Fingerprint, *, keep: bool = False
    ) -> str | None:
        """As ``check``, for a row whose fingerprint was computed elsewhere (a worker)."""
        return self.check_many([row_id], *stack([fingerprint], self.width), keep=keep)[0]

    def check_many(
        self, ids: Sequence[str], digests: np.ndarray, values: np.ndarray, *, keep: bool = False
    ) -> list[str | None]:
        """``check_fingerprint`` for rows in order: ``digests`` is ``(n, 16)`` bytes and
        ``values`` is ``(n, num_perm)`` ``uint32`` (``(n, 0)`` with near search off)."""
        self._expect(len(ids), digests, values)
        if keep:
            self.remember(ids, digests, values)
            return [None] * len(ids)
        self._unique_ids(ids, _id_keys(ids))
        reasons: list[str | None] = []
        for start in range(0, len(ids), _CHECK_ROWS):
            end = start + _CHECK_ROWS
            reasons += self._check_chunk(ids[start:end], digests[start:end], values[start:end])
        return reasons

    def _check_chunk(
        self, ids: Sequence[str], digests: np.ndarray, values: np.ndarray
    ) -> list[str | None]:
        """``check_many`` for at most ``_CHECK_ROWS`` rows: the recent inserts (Python
        objects) then merge into the sorted keys, so they never outgrow a chunk."""
        id_keys = _id_keys(ids)
        digest_keys, band_keys = _digest_keys(digests), self._band_keys_of(values)
        d_lo, d_hi = (x.tolist() for x in self._digest_keys.find(digest_keys))
        b_lo, b_hi = (x.reshape(band_keys.shape).tolist()
                      for x in self._band_keys.find(band_keys.reshape(-1)))  # fmt: skip
        band_lists, digest_list, id_list = (
            band_keys.tolist(),
            digest_keys.tolist(),
            id_keys.tolist(),
        )
        reasons: list[str | None] = []
        for i, row_id in enumerate(ids):
            reason = None
            if self.config.exact:
                reason = self._exact(digests[i], digest_list[i], d_lo[i], d_hi[i])
            if reason is None and self.width:
                found = self._band_keys.rows(band_lists[i], b_lo[i], b_hi[i])
                reason = self._near(values[i], found)
            if reason is None:
                row = len(self._ids)
                self._ids.extend([row_id])
                self._id_keys.add([id_list[i]], row)
                self._digests.append(digests[i : i + 1])
                self._digest_keys.add([digest_list[i]], row)
                if self.width:
                    self._values.append(values[i : i + 1])
                    self._band_keys.add(band_lists[i], row)
            reasons.append(reason)
        for index in (self._id_keys, self._digest_keys, self._band_keys):
            index.settle()
        return reasons

    def remember(self, ids: Sequence[str], digests: np.ndarray, values: np.ndarray) -> None:
        """Remember rows without judging them (rows already published), in bulk."""
        self._expect(len(ids), digests, values)
        if not ids:
            return
        id_keys = _id_keys(ids)
        self._unique_ids(ids, id_keys)
        start = len(self._ids)
        rows = np.arange(start, start + len(ids), dtype=np.int64)
        self._ids.extend(ids)
        self._id_keys.add_many(id_keys, rows)
        self._digests.append(digests)
        self._digest_keys.add_many(_digest_keys(digests), rows)
        if self.width:
            self._values.append(values)
            band_keys = self._band_keys_of(values)
            self._band_keys.add_many(band_keys.reshape(-1), np.repeat(rows, self._bands))

    def export(self) -> Iterator[tuple[list[str], np.ndarray, np.ndarray]]:
        """Every remembered row in order, a chunk at a time: ids, digests and MinHash
        values."""
        start = 0
        for digests, values in zip(self._digests.blocks(), self._values.blocks(), strict=True):
            yield self._ids.slice(start, start + len(digests)), digests, values
            start += len(digests)

    def close(self) -> None:
        """Release the stored rows (their temporary files, with ``spill``)."""
        for rows in (self._ids, self._digests, self._values):
            rows.close()

    def __enter__(self) -> Deduplicator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals --------------------------------------------------------------------

    def _expect(self, n: int, digests: np.ndarray, values: np.ndarray) -> None:
        if digests.shape != (n, 16) or values.shape != (n, self.width):
            raise TerminalError(
                "deduplication fingerprints do not match the rows or the dedup settings",
                hint="delete the staging folder and run again",
            )

    def _unique_ids(self, ids: Sequence[str], keys: np.ndarray) -> None:
        clashes = [ids[i] for i in np.flatnonzero(self._id_keys.contains(keys)).tolist()
                   if self._known_id(ids[i], int(keys[i]))]  # fmt: skip
        if len(np.unique(keys)) != len(keys):
            clashes += [i for i, n in Counter(ids).items() if n > 1]
        if clashes:
            raise TerminalError(f"row id {clashes[0]} seen twice while deduplicating")

    def _known_id(self, row_id: str, key: int) -> bool:
        return any(self._ids[row] == row_id for row in self._id_keys.lookup([key]))

    def _exact(self, digest: np.ndarray, key: int, lo: int, hi: int) -> str | None:
        for row in self._digest_keys.rows([key], [lo], [hi]):
            if np.array_equal(self._digests.take(np.array([row]))[0], digest):
                return f"exact duplicate: same normalized text as {self._ids[row]}"
        return None

    def _near(self, values: np.ndarray, found: list[int]) -> str | None:
        if not found:
            return None
        rows = np.unique(np.asarray(found, np.int64))
        equal = self._values.take(rows) == values
        span = self._bands * self._band_rows
        # A 64-bit band key could collide: a candidate must share a whole band.
        shares = equal[:, :span].reshape(len(rows), self._bands, self._band_rows).all(2).any(1)
        best, best_id = 0.0, ""
        for row, same in zip(rows[shares].tolist(), equal[shares].sum(1).tolist(), strict=True):
            similarity = float(np.float64(same) / np.float64(self.width))
            candidate = self._ids[row]
            if similarity > best or (similarity == best and candidate < best_id):
                best, best_id = similarity, candidate
        if best_id and best >= self.config.threshold:
            return f"near duplicate: Jaccard {best:.2f} >= {self.config.threshold} with {best_id}"
        return None

    def _band_keys_of(self, values: np.ndarray) -> np.ndarray:
        """One 64-bit key per (row, band): FNV-1a over the band's values, salted by band."""
        n = len(values)
        if not self.width:
            return np.empty((n, 0), np.uint64)
        span = self._bands * self._band_rows
        v = values[:, :span].reshape(n, self._bands, self._band_rows)
        h = np.empty((n, self._bands), np.uint64)
        h[:] = _FNV_OFFSET ^ np.arange(self._bands, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for j in range(self._band_rows):
                h = (h ^ v[:, :, j].astype(np.uint64)) * _FNV_PRIME
        return h


def _digest_keys(digests: np.ndarray) -> np.ndarray:
    """The first 8 bytes of each 16-byte digest as a 64-bit key."""
    return np.ascontiguousarray(digests[:, :8]).view("<u8").reshape(-1)
