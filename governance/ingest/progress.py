"""Progress of a long run: a plain line on stderr as batches finish (no dependency).

The flow reports to whatever ``current()`` returns; nothing is shown unless a caller
installs a reporter (``govern run`` does, with ``stderr_progress()``). Lines carry
counts only, never a file name or a value. On a terminal the line is rewritten in
place; elsewhere (logs, CI) a new line is written at most every ``log_interval``
seconds, and always for the last batch.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, TextIO

from governance.records import FileState

if TYPE_CHECKING:
    from governance.unit import BatchResult


class Progress(Protocol):
    def start(self, files: int, batches: int) -> None: ...
    def batch_done(self, result: BatchResult) -> None: ...


class BatchFuture(Protocol):
    """A submitted batch (a Prefect future): ``result()`` waits for its BatchResult."""

    def result(self) -> BatchResult: ...


class NoProgress:
    def start(self, files: int, batches: int) -> None:
        pass

    def batch_done(self, result: BatchResult) -> None:
        pass


def _clock_span(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@dataclass
class StderrProgress:
    """``govern: batch 3/12, 192/768 files (25%), 5 quarantined, 1204 documents, ...``."""

    stream: TextIO = field(default_factory=lambda: sys.stderr)
    tty_interval: float = 0.2
    log_interval: float = 10.0
    clock: Callable[[], float] = time.monotonic
    files: int = 0
    batches: int = 0
    done_batches: int = 0
    done_files: float = 0  # a part of a split file counts as its share
    quarantined: float = 0
    documents: int = 0
    started: float = 0.0
    last_shown: float = float("-inf")

    def start(self, files: int, batches: int) -> None:
        self.files, self.batches, self.started = files, batches, self.clock()

    def batch_done(self, result: BatchResult) -> None:
        self.done_batches += 1
        self.done_files += sum(1 / f.parts for f in result.files)
        bad = [f for f in result.files if f.state is FileState.QUARANTINED]
        self.quarantined += sum(1 / f.parts for f in bad)
        self.documents += result.document_count
        last = self.done_batches >= self.batches
        now = self.clock()
        tty = self.stream.isatty()
        if last or now - self.last_shown >= (self.tty_interval if tty else self.log_interval):
            self.last_shown = now
            end = "\n" if last or not tty else ""
            self.stream.write(("\r\x1b[K" if tty else "") + self.line(now) + end)
            self.stream.flush()

    def line(self, now: float) -> str:
        elapsed = now - self.started
        share = self.done_files / self.files if self.files else 1.0
        left = elapsed / share - elapsed if share else 0.0
        return (
            f"govern: batch {self.done_batches}/{self.batches}, {round(self.done_files)}/"
            f"{self.files} files ({share:.0%}), {round(self.quarantined)} quarantined, "
            f"{self.documents} documents, "
            f"{_clock_span(elapsed)} elapsed, ~{_clock_span(left)} left"
        )


_CURRENT: list[Progress] = [NoProgress()]


def current() -> Progress:
    """The reporter the running flow should tell about finished batches."""
    return _CURRENT[-1]


@contextmanager
def reporting(progress: Progress) -> Iterator[Progress]:
    _CURRENT.append(progress)
    try:
        yield progress
    finally:
        _CURRENT.remove(progress)


def stderr_progress() -> AbstractContextManager[Progress]:
    """Progress lines on stderr for the duration of a ``with`` block."""
    return reporting(StderrProgress())


def collect_with_progress(futures: Sequence[BatchFuture], files: int) -> list[BatchResult]:
    """Each batch's result, in submission order, telling ``current()`` as each arrives."""
    progress = current()
    progress.start(files, len(futures))
    results: list[BatchResult] = []
    for future in futures:
        results.append(future.result())
        progress.batch_done(results[-1])
    return results
