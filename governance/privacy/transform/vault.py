"""The re-identification vault: original values of reversible pseudonyms, encrypted.

A target that names a vault key (``vault: {env: GOVERN_VAULT_KEY}``) keeps, for every
value it pseudonymized, the value encrypted with AES-256-GCM under that key, which is
separate from the pseudonymization (HMAC) key. Entries are keyed by the value's full
keyed digest (the token is its first 12 hex digits); the digest and entity type are
bound to the ciphertext as associated data, so an entry cannot be moved to another token.

Workers never write DuckDB: ``seal`` runs inside the unit of work and returns entries
(ciphertext and digest, never plaintext); the flow writes them once per run
(``write_entries``) into ``<workspace>/vault.duckdb``. ``govern reidentify`` needs the
vault key (``open_values``); ``govern erase`` deletes a subject's entries by digest
(``delete_by_digest``); ``rekey`` re-encrypts every entry under a new vault key.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from governance.errors import ConfigError
from governance.policy.model import KeyRef, Policy, Target
from governance.privacy.transform.keys import Key, SecretLookup, resolve_key
from governance.privacy.transform.operators import TOKEN_HEX, Pseudonymizer
from governance.privacy.transform.spans import resolve
from governance.records import Document, Finding

VAULT_FILE = "vault.duckdb"
SCHEMA = """
CREATE TABLE IF NOT EXISTS vault (
    digest VARCHAR PRIMARY KEY,
    token VARCHAR NOT NULL,
    entity_type VARCHAR NOT NULL,
    hmac_key_id VARCHAR NOT NULL,
    vault_key_id VARCHAR NOT NULL,
    nonce BLOB NOT NULL,
    ciphertext BLOB NOT NULL,
    run_id VARCHAR,
    created_at TIMESTAMP DEFAULT current_timestamp
)
"""


@dataclass(frozen=True, slots=True)
class VaultEntry:
    """One sealed value: safe to pass between processes and to store (no plaintext)."""

    digest: str
    token: str
    entity_type: str
    hmac_key_id: str
    vault_key_id: str
    nonce: bytes
    ciphertext: bytes


class VaultCipher:
    """AES-256-GCM under a key derived from the vault key material; ``repr`` hides it."""

    def __init__(self, key: Key) -> None:
        self.key_id = key.key_id
        self._aead = AESGCM(hashlib.sha256(b"govern-vault\x00" + key.material).digest())

    def __repr__(self) -> str:
        return f"VaultCipher(key_id={self.key_id!r})"

    @classmethod
    def from_ref(cls, ref: KeyRef, secret_lookup: SecretLookup | None = None) -> VaultCipher:
        return cls(resolve_key(ref, secret_lookup=secret_lookup))

    def seal(self, value: str, entity: str, ps: Pseudonymizer) -> VaultEntry:
        digest = ps.digest(value, entity).hex()
        nonce = os.urandom(12)
        data = self._aead.encrypt(nonce, value.encode("utf-8"), _aad(digest, entity))
        return VaultEntry(
            digest,
            f"<{entity}_{digest[:TOKEN_HEX]}>",
            entity,
            ps.key.key_id,
            self.key_id,
            nonce,
            data,
        )

    def open(self, digest: str, entity: str, nonce: bytes, ciphertext: bytes) -> str:
        try:
            return self._aead.decrypt(nonce, ciphertext, _aad(digest, entity)).decode("utf-8")
        except InvalidTag as exc:
            raise ConfigError(
                "the vault key does not open this vault entry",
                hint="use the vault key the target named when the entry was written",
            ) from exc


def _aad(digest: str, entity: str) -> bytes:
    return f"{digest}\x1f{entity}".encode()


def seal(
    text: str, findings: Iterable[Finding], target: Target, ps: Pseudonymizer, cipher: VaultCipher
) -> list[VaultEntry]:
    """Entries for every span the target pseudonymizes (the reversible operator)."""
    out: dict[str, VaultEntry] = {}
    for f in resolve(findings):
        if target.operator(f.entity_type) == "pseudonym":
            entry = cipher.seal(text[f.start : f.end], f.entity_type, ps)
            out.setdefault(entry.digest, entry)
    return list(out.values())


def connect(path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    if read_only and not path.is_file():
        raise ConfigError(f"no vault at {path}", hint="enable vault on a target and run first")
    from governance.lineage.store import CONFIG, rewrite_storage

    if not read_only and path.is_file():
        rewrite_storage(path)  # a vault written by DuckDB 2.0's default format
    con = duckdb.connect(str(path), read_only=read_only, config=CONFIG)
    if not read_only:
        con.execute(SCHEMA)
    return con


def write_entries(path: Path, entries: Sequence[VaultEntry], run_id: str | None = None) -> int:
    """Store new entries (one writer: the flow after the batches); known digests are kept."""
    if not entries:
        return 0
    rows = [
        (
            e.digest,
            e.token,
            e.entity_type,
            e.hmac_key_id,
            e.vault_key_id,
            e.nonce,
            e.ciphertext,
            run_id,
        )
        for e in entries
    ]
    with connect(path) as con:
        before = _count(con)
        con.executemany(
            "INSERT INTO vault (digest, token, entity_type, hmac_key_id, vault_key_id, nonce, "
            "ciphertext, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            rows,
        )
        return _count(con) - before


def _count(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT count(*) FROM vault").fetchone()
    return int(row[0]) if row else 0


def open_values(path: Path, tokens: Iterable[str], cipher: VaultCipher) -> dict[str, str]:
    """Token -> original value, for the tokens the vault holds (others are left out)."""
    wanted = sorted(set(tokens))
    if not wanted:
        return {}
    with connect(path, read_only=True) as con:
        rows = con.execute(
            "SELECT token, digest, entity_type, nonce, ciphertext FROM vault "
            "WHERE list_contains(?, token)",
            [wanted],
        ).fetchall()
    return {str(t): cipher.open(str(d), str(e), bytes(n), bytes(c)) for t, d, e, n, c in rows}


def delete_by_digest(path: Path, digests: Sequence[str]) -> int:
    """Delete the entries of these keyed digests (erasure); the number deleted."""
    if not path.is_file() or not digests:
        return 0
    with connect(path) as con:
        before = _count(con)
        con.execute("DELETE FROM vault WHERE list_contains(?, digest)", [list(digests)])
        return before - _count(con)


def rekey(path: Path, old: VaultCipher, new: VaultCipher) -> int:
    """Re-encrypt every entry under a new vault key (key rotation); the number rewritten."""
    with connect(path) as con:
        rows = con.execute("SELECT digest, entity_type, nonce, ciphertext FROM vault").fetchall()
        con.execute("BEGIN")
        for digest, entity, nonce, data in rows:
            value = old.open(str(digest), str(entity), bytes(nonce), bytes(data))
            fresh = os.urandom(12)
            sealed = new._aead.encrypt(fresh, value.encode("utf-8"), _aad(str(digest), str(entity)))
            con.execute(
                "UPDATE vault SET nonce = ?, ciphertext = ?, vault_key_id = ? WHERE digest = ?",
                [fresh, sealed, new.key_id, digest],
            )
        con.execute("COMMIT")
    return len(rows)


def seal_batch(
    policy: Policy,
    documents: Iterable[Document],
    ps: Pseudonymizer,
    secret_lookup: SecretLookup | None = None,
) -> list[VaultEntry]:
    """Entries for every target that names a vault key, over a batch's documents."""
    targets = [t for t in policy.targets.values() if t.vault is not None]
    out: dict[str, VaultEntry] = {}
    for target in targets:
        assert target.vault is not None
        cipher = VaultCipher.from_ref(target.vault, secret_lookup)
        for doc in documents:
            for entry in seal(doc.text, doc.findings, target, ps, cipher):
                out.setdefault(entry.digest, entry)
    return list(out.values())


def rotate_pseudonyms(path: Path, cipher: VaultCipher, new: Pseudonymizer) -> dict[str, str]:
    """Pseudonymization-key rotation: seal every value again under the new key's digest
    and return old token -> new token, so published text can be rewritten token by token.
    Old entries stay until erased (their tokens may still be in older snapshots)."""
    with connect(path) as con:
        rows = con.execute(
            "SELECT token, digest, entity_type, nonce, ciphertext FROM vault"
        ).fetchall()
    mapping: dict[str, str] = {}
    fresh: list[VaultEntry] = []
    for token, digest, entity, nonce, data in rows:
        value = cipher.open(str(digest), str(entity), bytes(nonce), bytes(data))
        entry = cipher.seal(value, str(entity), new)
        mapping[str(token)] = entry.token
        fresh.append(entry)
    write_entries(path, fresh)
    return mapping
