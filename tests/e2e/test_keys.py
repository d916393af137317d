"""Keys through the installed ``govern run``, air-gapped: never written anywhere, a key
rotation re-pseudonymizes every file, and lineage names the key by its id only."""

from __future__ import annotations

import re
import secrets
import subprocess
from pathlib import Path

import pyarrow.parquet as pq
import yaml

from governance.privacy.transform.keys import key_id
from tests.conftest import DEFAULT_POLICY
from tests.e2e.conftest import GOVERN, airgapped, govern_env
from tests.integration.conftest import current_rows, lineage_sql, write_corpus
from tests.leaks import leaks, written_files

TOKEN = re.compile(r"<PERSON_[0-9a-f]{12}>")


def vault_policy(tmp: Path) -> Path:
    data = yaml.safe_load(DEFAULT_POLICY.read_text())
    data["targets"]["rag"]["vault"] = {"env": "GOVERN_VAULT_KEY"}
    path = tmp / "policy.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def govern(tmp: Path, key: str, vault_key: str) -> subprocess.CompletedProcess[str]:
    env = govern_env(tmp / "prefect-home") | {"GOVERN_PSEUDONYM_KEY": key,
                                              "GOVERN_VAULT_KEY": vault_key}  # fmt: skip
    command = [str(GOVERN), "run", "--policy", str(vault_policy(tmp)), "--source-root",
               str(tmp / "src"), "--workspace", str(tmp / "ws"), "--runner", "thread"]  # fmt: skip
    return subprocess.run(airgapped(command), cwd=tmp, env=env, capture_output=True, text=True,
                          timeout=600, check=False)  # fmt: skip


def erase_subject(
    tmp: Path, key: str, vault_key: str, value: str
) -> subprocess.CompletedProcess[str]:
    env = govern_env(tmp / "prefect-home") | {"GOVERN_PSEUDONYM_KEY": key,
                                              "GOVERN_VAULT_KEY": vault_key}  # fmt: skip
    command = [str(GOVERN), "erase", "--subject", "-", "--policy", str(vault_policy(tmp)),
               "--workspace", str(tmp / "ws"), "--reason", "DSR-7"]  # fmt: skip
    return subprocess.run(airgapped(command), cwd=tmp, env=env, input=value + "\n",
                          capture_output=True, text=True, timeout=600, check=False)  # fmt: skip


def person_tokens(workspace: Path) -> set[str]:
    folder = workspace / "corpora" / "rag"
    snap = folder / (folder / "CURRENT").read_text().strip()
    texts = pq.read_table(sorted(snap.glob("part-*.parquet")))["text"].to_pylist()
    return {t for text in texts for t in TOKEN.findall(text)}


def test_rotation_re_pseudonymizes_and_no_key_is_ever_written(tmp_path: Path) -> None:
    write_corpus(tmp_path / "src")
    old, new, vault = (secrets.token_hex(32) for _ in range(3))
    first = govern(tmp_path, old, vault)
    assert first.returncode == 0, first.stderr[-2000:]
    before = person_tokens(tmp_path / "ws")
    erased = erase_subject(tmp_path, old, vault, "Maria Lopez")  # under the old key
    assert erased.returncode == 0, erased.stderr[-2000:]
    second = govern(tmp_path, new, vault)
    assert second.returncode == 0, second.stderr[-2000:]
    after = person_tokens(tmp_path / "ws")

    assert "processed 5" in second.stdout  # every file again: the key is part of its treatment
    # Her tokens cannot match under the new key: the document she was found in stays out.
    assert "1 subject erasure(s) were made under another key" in second.stderr
    for corpus in ("rag", "finetune"):
        assert not [
            r for r in current_rows(tmp_path / "ws", corpus) if r["source_uri"] == "t.jsonl"
        ]
    assert before and after and before.isdisjoint(after)
    runs = lineage_sql(tmp_path / "ws", "SELECT key_id FROM runs ORDER BY started_at")
    assert runs == [(key_id(old.encode()),), (key_id(new.encode()),)]
    folder = tmp_path / "ws" / "corpora" / "rag"
    snap = folder / (folder / "CURRENT").read_text().strip()
    assert set(pq.read_table(sorted(snap.glob("part-*.parquet")))["key_id"].to_pylist()) == {
        key_id(new.encode())
    }

    files = written_files([tmp_path / "ws", tmp_path / "prefect-home"])
    assert any(p.name.endswith(".db") for p in files)  # Prefect's database is scanned
    output = tmp_path / "output.log"
    output.write_text("".join(p.stdout + p.stderr for p in (first, erased, second)))
    keys = [old, new, vault, old[:16], new[:16], vault[:16]]
    assert leaks([*files, output], keys) == []


def test_a_bad_key_is_refused_without_echoing_it(tmp_path: Path) -> None:
    write_corpus(tmp_path / "src")
    short = "s3cr3t-but-short"
    proc = govern(tmp_path, short, secrets.token_hex(32))
    assert proc.returncode == 2
    assert "at least" in proc.stderr and short not in proc.stdout + proc.stderr


def test_a_key_in_a_prefect_secret_block_works_in_govern_run(tmp_path: Path) -> None:
    """``{prefect_secret: BLOCK}`` is resolved inside the flow, as documented; ``govern run``
    used to refuse it before the flow started."""
    import sys

    write_corpus(tmp_path / "src")
    key = secrets.token_hex(32)
    env = govern_env(tmp_path / "prefect-home")
    save = ("import sys; from prefect.blocks.system import Secret; "
            'Secret(value=sys.stdin.read().strip()).save("govern-test-key")')  # fmt: skip
    subprocess.run(airgapped([sys.executable, "-c", save]), cwd=tmp_path, env=env, input=key,
                   text=True, capture_output=True, timeout=300, check=True)  # fmt: skip
    data = yaml.safe_load(DEFAULT_POLICY.read_text())
    data["pseudonymization"]["key"] = {"prefect_secret": "govern-test-key"}
    policy = tmp_path / "policy.yaml"
    policy.write_text(yaml.safe_dump(data, sort_keys=False))
    command = [str(GOVERN), "run", "--policy", str(policy), "--source-root", str(tmp_path / "src"),
               "--workspace", str(tmp_path / "ws"), "--runner", "thread"]  # fmt: skip
    proc = subprocess.run(airgapped(command), cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=600, check=False)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    [(recorded,)] = lineage_sql(tmp_path / "ws", "SELECT DISTINCT key_id FROM runs")
    assert recorded == key_id(key.encode())
