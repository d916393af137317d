"""Content hashes of files, streamed so a large file never sits in memory, and the one way
source files are opened: never through a symbolic link, never blocking on a pipe."""

from __future__ import annotations

import hashlib
import io
import os
import stat
from pathlib import Path

# O_NOFOLLOW: a link swapped in for the file after discovery fails to open (ELOOP) instead
# of being followed to, say, /etc/passwd. O_NONBLOCK: a pipe swapped in does not block.
OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY


class NotRegularFile(OSError):
    """What was opened is a pipe, socket or device, not a regular file."""


def open_source(path: str | Path) -> io.BufferedReader:
    """``path`` opened for reading without following a final symbolic link; only a regular
    file is returned (anything else raises ``NotRegularFile``)."""
    fd = os.open(path, OPEN_FLAGS)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFile("not a regular file")
        return io.open(fd, "rb")  # noqa: UP020  (typed as a BufferedReader)
    except BaseException:
        os.close(fd)
        raise


def sha256_file(path: Path) -> str:
    with open_source(path) as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()
