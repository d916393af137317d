"""Progress of a long run, on stderr, as batches finish (in the order they finish).

The flow reports to whatever ``current()`` returns; nothing is shown unless a caller
installs a reporter (``govern run`` does, with ``stderr_progress()``). Everything shown
is counts, never a file name or a value. On a terminal a ``rich`` progress bar; elsewhere
(logs, CI) a first line at once, then a line at most every ``log_interval`` seconds, and
always for the last batch. Progress and the time left are measured in bytes read, not
files: one large PDF is not one small note, and the first batch (which also loads the
models) would otherwise promise a day for a ten-minute run. No time left is shown before
a tenth of the bytes or two batches are done.
"""

from __future__ import annotations

import io
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from governance.records import FileState

if TYPE_CHECKING:
    from governance.unit import BatchResult


class Progress(Protocol):
    def start(self, files: int, batches: int, total_bytes: int = 0) -> None: ...
    def batch_done(self, result: BatchResult, done_bytes: int = 0) -> None: ...


class BatchFuture(Protocol):
    """A submitted batch (a Prefect future): ``result()`` waits for its BatchResult."""

    def result(self) -> BatchResult: ...


class NoProgress:
    def start(self, files: int, batches: int, total_bytes: int = 0) -> None:
        pass

    def batch_done(self, result: BatchResult, done_bytes: int = 0) -> None:
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
    total_bytes: int = 0
    done_bytes: int = 0
    started: float = 0.0
    last_shown: float = float("-inf")

    def start(self, files: int, batches: int, total_bytes: int = 0) -> None:
        self.files, self.batches, self.started = files, batches, self.clock()
        self.total_bytes = total_bytes
        if not self.stream.isatty():
            self.stream.write(f"govern: {files} files to read in {batches} batches\n")
            self.stream.flush()

    def batch_done(self, result: BatchResult, done_bytes: int = 0) -> None:
        self.done_batches += 1
        self.done_bytes += done_bytes
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

    def share(self) -> float:
        """The share of the work done: by bytes when sizes are known, else by files."""
        if self.total_bytes:
            return min(self.done_bytes / self.total_bytes, 1.0)
        return self.done_files / self.files if self.files else 1.0

    def line(self, now: float) -> str:
        elapsed, share = now - self.started, self.share()
        if share >= 1.0:
            left = "~0:00 left"
        elif share >= 0.1 or self.done_batches >= 2:
            left = (
                f"~{_clock_span(elapsed / share - elapsed)} left" if share else "time left unknown"
            )
        else:
            left = "time left after a tenth of the work"
        return (
            f"govern: batch {self.done_batches}/{self.batches}, {round(self.done_files)}/"
            f"{self.files} files ({share:.0%}), {round(self.quarantined)} quarantined, "
            f"{self.documents} documents, {_clock_span(elapsed)} elapsed, {left}"
        )


class RichProgress:
    """A ``rich`` progress bar on a terminal: bytes done, files, batches, quarantined,
    time elapsed and left (rich's own estimate over the recent rate)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(
            TextColumn("govern"), BarColumn(), TaskProgressColumn(),
            TextColumn("{task.fields[files]}"), TimeElapsedColumn(), TimeRemainingColumn(),
            console=Console(stderr=True), transient=False,
        )  # fmt: skip
        self.task: Any = None
        self.counts = StderrProgress(stream=_Null())

    def start(self, files: int, batches: int, total_bytes: int = 0) -> None:
        self.counts.start(files, batches, total_bytes)
        self.bar.start()
        self.task = self.bar.add_task("run", total=total_bytes or files, files=self._files())

    def batch_done(self, result: BatchResult, done_bytes: int = 0) -> None:
        self.counts.batch_done(result, done_bytes)
        advance = done_bytes if self.counts.total_bytes else len(result.files)
        self.bar.update(self.task, advance=advance, files=self._files())
        if self.counts.done_batches >= self.counts.batches:
            self.bar.stop()

    def _files(self) -> str:
        c = self.counts
        return (f"{round(c.done_files)}/{c.files} files, batch {c.done_batches}/{c.batches}, "
                f"{round(c.quarantined)} quarantined")  # fmt: skip


class _Null(io.StringIO):
    def isatty(self) -> bool:
        return True


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
    """Progress on stderr for the duration of a ``with`` block: a bar on a terminal,
    throttled lines elsewhere."""
    return reporting(RichProgress() if sys.stderr.isatty() else StderrProgress())


def collect_with_progress(
    futures: Sequence[BatchFuture],
    files: int,
    sizes: Sequence[int] = (),
    as_completed: Callable[[list[Any]], Iterator[Any]] | None = None,
) -> list[BatchResult]:
    """Each batch's result, in submission order, telling ``current()`` as each finishes;
    ``sizes``: the bytes of each batch's files; ``as_completed``: the runner's way to
    yield futures as they finish (the flow passes Prefect's), else submission order."""
    progress = current()
    progress.start(files, len(futures), sum(sizes))
    index = {id(f): i for i, f in enumerate(futures)}
    results: dict[int, BatchResult] = {}
    for future in as_completed(list(futures)) if as_completed else futures:
        i = index[id(future)]
        results[i] = future.result()
        progress.batch_done(results[i], sizes[i] if sizes else 0)
    return [results[i] for i in range(len(futures))]
