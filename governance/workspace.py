"""The workspace folder every run writes into (see DESIGN.md), and its run lock."""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from governance.errors import ConcurrentRunError, ConfigError


@dataclass(frozen=True, slots=True)
class Workspace:
    root: Path

    @classmethod
    def open(cls, root: str | Path) -> Workspace:
        path = Path(root).expanduser().resolve()
        if path.exists() and not path.is_dir():
            raise ConfigError(f"workspace {path} exists and is not a folder")
        for sub in ("corpora", "quarantine", "reports", "staging", "openlineage"):
            (path / sub).mkdir(parents=True, exist_ok=True)
        return cls(path)

    @property
    def lineage(self) -> Path:
        return self.root / "lineage.duckdb"

    def corpus(self, name: str) -> Path:
        return self.root / "corpora" / name

    def staging(self, run_id: str) -> Path:
        return self.root / "staging" / run_id

    def meters(self, run_id: str) -> Path:
        """Where a run's batches say how many of their files are done (counts only)."""
        return self.staging(run_id) / "progress"

    def clear_staging(self) -> None:
        """Remove what interrupted runs staged (call with the lock held: no run is active)."""
        for folder in (self.root / "staging").glob("*"):
            shutil.rmtree(folder, ignore_errors=True)
        for hidden in (self.root / "corpora").glob("*/.*.tmp"):  # half-written snapshots
            if hidden.is_dir():
                shutil.rmtree(hidden, ignore_errors=True)
            else:
                hidden.unlink(missing_ok=True)

    def quarantine(self, run_id: str) -> Path:
        return self.root / "quarantine" / run_id

    def report(self, run_id: str) -> Path:
        return self.root / "reports" / f"{run_id}.html"

    @contextmanager
    def lock(self) -> Iterator[None]:
        """One run at a time per workspace; a second run refuses with a clear message."""
        lock_path = self.root / ".lock"
        fd = os.open(lock_path, os.O_CREAT | os.O_RDWR, 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise ConcurrentRunError(
                    f"another run holds the workspace {self.root}",
                    hint="wait for it to finish, or use another --workspace",
                ) from exc
            yield
        finally:
            os.close(fd)
