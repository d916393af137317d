"""The re-identification vault: AES-GCM sealing, DuckDB storage, erasure, key rotation."""

from __future__ import annotations

from pathlib import Path

import pytest

from governance.errors import ConfigError
from governance.policy.model import KeyRef, Target
from governance.privacy.transform.keys import Key, key_id
from governance.privacy.transform.operators import Pseudonymizer
from governance.privacy.transform.vault import (
    VaultCipher,
    delete_by_digest,
    open_values,
    rekey,
    seal,
    write_entries,
)
from governance.records import Finding

VAULT_KEY = "vault-key-" + "v" * 40


def _cipher(material: str = VAULT_KEY) -> VaultCipher:
    return VaultCipher(Key(material.encode(), key_id(material.encode())))


TEXT = "Jane Cooper (jane@corp.com) called Jane Cooper's bank."
FINDINGS = [
    Finding("PERSON", 0, 11, 0.9, "x"),
    Finding("EMAIL_ADDRESS", 13, 26, 1.0, "y"),
    Finding("PERSON", 35, 46, 0.9, "propagation"),
]


def test_seal_keeps_one_entry_per_pseudonymized_value_and_no_plaintext(
    pseudonymizer: Pseudonymizer,
) -> None:
    target = Target(kind="rag", operators={"default": "pseudonym", "EMAIL_ADDRESS": "redact"})
    entries = seal(TEXT, FINDINGS, target, pseudonymizer, _cipher())
    assert [e.entity_type for e in entries] == ["PERSON"]  # redacted mail is not reversible
    entry = entries[0]
    assert entry.token == pseudonymizer.token("Jane Cooper", "PERSON")
    assert entry.digest == pseudonymizer.digest("Jane Cooper", "PERSON").hex()
    assert b"Jane" not in entry.ciphertext and "Jane" not in repr(entry)


def test_round_trip_through_the_vault_file(tmp_path: Path, pseudonymizer: Pseudonymizer) -> None:
    target = Target(kind="rag", operators={"default": "pseudonym"})
    entries = seal(TEXT, FINDINGS, target, pseudonymizer, _cipher())
    path = tmp_path / "vault.duckdb"
    assert write_entries(path, entries, "run1") == 2
    assert write_entries(path, entries, "run2") == 0  # known digests are kept once
    tokens = [e.token for e in entries]
    values = open_values(path, [*tokens, "<PERSON_000000000000>"], _cipher())
    assert sorted(values.values()) == ["Jane Cooper", "jane@corp.com"]
    assert b"Jane Cooper" not in path.read_bytes()


def test_wrong_vault_key_opens_nothing(tmp_path: Path, pseudonymizer: Pseudonymizer) -> None:
    target = Target(kind="rag", operators={"default": "pseudonym"})
    path = tmp_path / "vault.duckdb"
    write_entries(path, seal(TEXT, FINDINGS, target, pseudonymizer, _cipher()))
    token = pseudonymizer.token("Jane Cooper", "PERSON")
    with pytest.raises(ConfigError, match="vault key does not open"):
        open_values(path, [token], _cipher("another-vault-key-" + "w" * 30))


def test_erasure_by_digest_and_rekey(tmp_path: Path, pseudonymizer: Pseudonymizer) -> None:
    target = Target(kind="rag", operators={"default": "pseudonym"})
    path = tmp_path / "vault.duckdb"
    write_entries(path, seal(TEXT, FINDINGS, target, pseudonymizer, _cipher()))
    new = _cipher("rotated-vault-key-" + "r" * 30)
    assert rekey(path, _cipher(), new) == 2
    mail = pseudonymizer.token("jane@corp.com", "EMAIL_ADDRESS")
    assert open_values(path, [mail], new) == {mail: "jane@corp.com"}
    digest = pseudonymizer.digest("Jane Cooper", "PERSON").hex()
    assert delete_by_digest(path, [digest]) == 1
    assert open_values(path, [pseudonymizer.token("Jane Cooper", "PERSON")], new) == {}
    assert delete_by_digest(tmp_path / "missing.duckdb", [digest]) == 0


def test_missing_vault_and_missing_key_are_one_line_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ConfigError, match="no vault at"):
        open_values(tmp_path / "vault.duckdb", ["<PERSON_000000000000>"], _cipher())
    monkeypatch.delenv("GOVERN_VAULT_KEY", raising=False)
    with pytest.raises(ConfigError, match="GOVERN_VAULT_KEY"):
        VaultCipher.from_ref(KeyRef(env="GOVERN_VAULT_KEY"))
    assert VAULT_KEY not in repr(_cipher())


def test_pseudonym_key_rotation_maps_old_tokens_to_new(
    tmp_path: Path, pseudonymizer: Pseudonymizer
) -> None:
    from governance.privacy.transform.vault import rotate_pseudonyms

    target = Target(kind="rag", operators={"default": "pseudonym"})
    path = tmp_path / "vault.duckdb"
    write_entries(path, seal(TEXT, FINDINGS, target, pseudonymizer, _cipher()))
    new_material = b"rotated-hmac-key-" + b"h" * 30
    new = Pseudonymizer(Key(new_material, key_id(new_material)), pseudonymizer.domain)
    mapping = rotate_pseudonyms(path, _cipher(), new)
    old = pseudonymizer.token("Jane Cooper", "PERSON")
    assert mapping[old] == new.token("Jane Cooper", "PERSON") != old
    assert open_values(path, [mapping[old]], _cipher()) == {mapping[old]: "Jane Cooper"}
