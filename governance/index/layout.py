"""Where indexes live: ``WORKSPACE/indexes/<name>/<build_id>/`` (a LanceDB database)
with ``index.json``, and ``CURRENT`` naming the build that queries use.

A rebuild writes a new build folder, swaps ``CURRENT`` atomically, then deletes every
other build, so rows left out of the new build (after an erasure, say) are gone from
disk, not only hidden in an older table version.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

from governance.errors import ConfigError

TABLE = "chunks"
NAME = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")


def index_dir(workspace: Path, name: str) -> Path:
    if not NAME.fullmatch(name):
        raise ConfigError(
            f"index name '{name}' is not allowed",
            hint="use lowercase letters, digits, '-' and '_', starting with a letter",
        )
    return workspace / "indexes" / name


def current_build(folder: Path) -> Path | None:
    pointer = folder / "CURRENT"
    if not pointer.is_file():
        return None
    build = folder / pointer.read_text(encoding="utf-8").strip()
    return build if build.is_dir() else None


def read_info(build: Path) -> dict[str, Any]:
    return dict(json.loads((build / "index.json").read_text(encoding="utf-8")))


def swap_current(folder: Path, build_id: str) -> None:
    """Point CURRENT at ``build_id``, then delete every other build (and leftovers)."""
    tmp = folder / ".CURRENT.tmp"
    tmp.write_text(build_id + "\n", encoding="utf-8")
    os.replace(tmp, folder / "CURRENT")
    for other in folder.iterdir():
        if other.is_dir() and other.name != build_id:
            shutil.rmtree(other, ignore_errors=True)
