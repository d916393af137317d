"""Hostile input through the installed ``govern run``, air-gapped.

One source folder holds a ZIP bomb, nested ZIPs beyond the depth limit, ZIP entries
that climb out of the archive, billion-laughs HTML and DOCX, deeply nested JSON, a long
single line, NUL bytes, mixed encodings, a PDF with JavaScript, symlinks out of the
source root and into a loop, and a named pipe. The run must finish (a time limit on the
process), stay within a memory bound (the peak resident memory of its processes), end
every file in a known state with its reason, and write nothing outside its workspace
and Prefect home. The 1 GB single line is in bench/ (``bench/hostile_line.py``).
"""

from __future__ import annotations

import io
import os
import subprocess
import threading
import time
import zipfile
from pathlib import Path

import psutil

from tests.conftest import TEST_KEY
from tests.e2e.conftest import GOVERN, airgapped, govern_env, inbox_policy
from tests.integration.conftest import lineage_sql
from tests.unit.ingest.ingest_files import make_docx, make_pdf


def _ref(level: int) -> str:
    return f"&lol{level or ''};"


MEMORY_BOUND = 3_000_000_000  # bytes of resident memory over all the run's processes
ENTITIES = "".join(f'<!ENTITY lol{i} "{_ref(i - 1) * 10}">\n' for i in range(1, 10))
LAUGHS = f'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n{ENTITIES}]>\n'


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return out.getvalue()


def zip_bomb(path: Path, size: int) -> None:
    """One entry of ``size`` zero bytes (about 1/1000 of that on disk)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf, \
            zf.open("zeros.txt", "w", force_zip64=True) as fh:  # fmt: skip
        chunk = b"\0" * 1_000_000
        for _ in range(size // len(chunk)):
            fh.write(chunk)


def laughs_docx() -> bytes:
    """A real DOCX whose document part declares billion-laughs entities and uses one."""
    src = zipfile.ZipFile(io.BytesIO(make_docx(["Hello &lol9; world"])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                body = data.decode().split("?>", 1)[1].replace("&amp;lol9;", "&lol9;")
                data = (LAUGHS + body).encode()
            dst.writestr(info, data)
    return out.getvalue()


def long_line(size: int) -> str:
    """One line of varied text, an e-mail address now and then (no newline at all)."""
    parts, total, i = [], 0, 0
    while total < size:
        part = f"Shipment {i} left depot {i % 97} at {i % 24}:00 on route {i * 7 % 13}; "
        if i % 40 == 0:
            part += f"questions to dispatcher{i}@example.org; "
        parts.append(part)
        total, i = total + len(part), i + 1
    return "".join(parts)


def hostile_folder(root: Path, outside: Path) -> dict[str, tuple[str, str]]:
    """Write the files; returns uri -> (expected state, a word of its reason or rule)."""
    root.mkdir(parents=True)
    zip_bomb(root / "bomb.zip", 600_000_000)
    nested = zip_bytes({"note.txt": b"Deep inside."})
    for _ in range(5):
        nested = zip_bytes({"inner.zip": nested})
    (root / "nested.zip").write_bytes(nested)
    (root / "climb.zip").write_bytes(zip_bytes({
        "../../escaped.txt": b"Out of the archive.", "/abs/escaped.txt": b"Absolute.",
        "ok.txt": b"Ticket about a printer on floor two.",
    }))  # fmt: skip
    (root / "laughs.html").write_text(LAUGHS + "<html><body><p>&lol9; done</p></body></html>")
    (root / "laughs.docx").write_bytes(laughs_docx())
    (root / "deep.jsonl").write_text('{"a": ' + "[" * 200_000 + "]" * 200_000 + "}\n")
    (root / "long.txt").write_text(long_line(1_000_000))
    (root / "nul.txt").write_bytes(b"Hello\0\0\0 world\0" * 1000)
    (root / "mixed.txt").write_bytes("Café déjà vu. ".encode() + "Señor Núñez.".encode("latin-1"))
    (root / "script.pdf").write_bytes(make_pdf(["Quarterly notes for the board."], javascript=True))
    (root / "passwd.txt").symlink_to(outside / "secret.txt")
    (root / "loop").symlink_to(root)
    os.mkfifo(root / "pipe.txt")
    return {
        "bomb.zip": ("quarantined", "ZIP bomb"),
        "nested.zip": ("quarantined", "depth"),
        "climb.zip": ("processed", ""),
        "laughs.html": ("processed", ""),
        "laughs.docx": ("quarantined", "DOCX"),
        "deep.jsonl": ("quarantined", "nested too deeply"),
        "long.txt": ("processed", ""),
        "nul.txt": ("quarantined", "binary content"),
        "mixed.txt": ("processed", ""),
        "script.pdf": ("processed", ""),
        "passwd.txt": ("skipped", "outside the source root"),
        "pipe.txt": ("skipped", "not a regular file"),
    }


def tree(root: Path, skip: set[Path]) -> set[str]:
    out = set()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if Path(dirpath, d) not in skip]
        out |= {str(Path(dirpath, f).relative_to(root)) for f in filenames}
    return out


def peak_rss(proc: subprocess.Popen[str], peak: list[int]) -> None:
    root = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            procs = [root, *root.children(recursive=True)]
            peak[0] = max(peak[0], sum(p.memory_info().rss for p in procs))
        except psutil.Error:
            pass
        time.sleep(0.2)


def test_hostile_inputs_end_accounted_bounded_and_write_nothing_outside(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("root:x:0:0:not for the pipeline\n")
    expected = hostile_folder(tmp_path / "src" / "inbox", outside)
    workspace, home = tmp_path / "ws", tmp_path / "prefect-home"
    policy_file = inbox_policy(tmp_path)
    before = tree(tmp_path, {workspace, home})
    command = [str(GOVERN), "run", "--policy", str(policy_file), "--source-root",
               str(tmp_path / "src"), "--workspace", str(workspace), "--runner", "thread"]  # fmt: skip
    env = govern_env(home) | {"GOVERN_PSEUDONYM_KEY": TEST_KEY}
    proc = subprocess.Popen(airgapped(command), cwd=tmp_path, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    peak = [0]
    watcher = threading.Thread(target=peak_rss, args=(proc, peak), daemon=True)
    watcher.start()
    out, err = proc.communicate(timeout=900)
    watcher.join()
    assert proc.returncode == 0, err[-3000:]
    assert 0 < peak[0] < MEMORY_BOUND

    rows = lineage_sql(workspace, "SELECT source_uri, state, coalesce(reason, rule, '') FROM files")
    found = {uri: (state, why) for uri, state, why in rows}
    assert set(found) == set(expected)  # every file accounted for, nothing else discovered
    for uri, (state, word) in expected.items():
        assert found[uri][0] == state, (uri, found[uri])
        assert word in found[uri][1], (uri, found[uri])
    counts = lineage_sql(workspace, "SELECT discovered, processed, quarantined, skipped FROM runs")
    discovered, processed, quarantined, skipped = counts[0]
    assert discovered == len(expected) == processed + quarantined + skipped

    assert tree(tmp_path, {workspace, home}) == before  # nothing written outside
    assert not (tmp_path / "escaped.txt").exists() and not Path("/abs/escaped.txt").exists()
    climbed = "SELECT documents FROM files WHERE source_uri = 'climb.zip'"
    assert lineage_sql(workspace, climbed) == [(1,)]  # its one sound entry was read
    assert "not for the pipeline" not in out + err

    # run again: every hostile file keeps its verdict without being opened, and with
    # nothing changed no snapshot is published
    snapshots = "SELECT count(*) FROM snapshots"
    published = lineage_sql(workspace, snapshots)
    again = subprocess.run(airgapped(command), check=False, cwd=tmp_path, env=env, text=True,
                           capture_output=True, timeout=900)  # fmt: skip
    assert again.returncode == 0, again.stderr[-3000:]
    second = lineage_sql(workspace, "SELECT run_id FROM runs ORDER BY started_at DESC LIMIT 1")
    rows = lineage_sql(workspace, "SELECT source_uri, state, coalesce(reason, rule, '') "
                                  "FROM files WHERE run_id = ?", [second[0][0]])  # fmt: skip
    held = {uri: (state, why) for uri, state, why in rows}
    for uri, (state, word) in expected.items():
        assert held[uri][0] == ("unchanged" if state == "processed" else state), (uri, held[uri])
        assert word in held[uri][1], (uri, held[uri])
    assert lineage_sql(workspace, snapshots) == published
