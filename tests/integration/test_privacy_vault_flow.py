"""A target with a vault: the flow stores sealed originals, `govern reidentify` opens them."""

from __future__ import annotations

import io
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from governance.cli import main
from governance.privacy.transform.operators import TOKEN_RE

pytestmark = pytest.mark.usefixtures("prefect_api")
VAULT_KEY = "vault-key-" + "v" * 40


def test_vault_round_trip_through_the_flow(
    corpus: Path, policy_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    from flows.govern import govern

    policy_file.write_text(policy_file.read_text().replace(
        "    suite: rag_chunks", "    suite: rag_chunks\n    vault: {env: GOVERN_VAULT_KEY}"))  # fmt: skip
    monkeypatch.setenv("GOVERN_VAULT_KEY", VAULT_KEY)
    workspace = tmp_path / "ws"
    govern(policy_path=str(policy_file), workspace=str(workspace), source_root=str(corpus),
           runner="thread")  # fmt: skip
    vault = (workspace / "vault.duckdb").read_bytes()
    assert b"Jane Cooper" not in vault and b"maria.lopez@yahoo.com" not in vault
    snap = workspace / "corpora" / "rag"
    current = (snap / "CURRENT").read_text().strip()
    text = "\n".join(
        pq.read_table(sorted((snap / current).glob("part-*.parquet")))["text"].to_pylist()
    )
    assert "Jane Cooper" not in text and TOKEN_RE.search(text)
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    code = main(["reidentify", "--policy", str(policy_file), "--workspace", str(workspace)])
    out, err = capsys.readouterr()
    assert code == 0 and "Jane Cooper" in out and "maria.lopez@yahoo.com" in out
    assert not TOKEN_RE.search(out), err
