"""Progress of a long run, on stderr, as files and batches finish.

The flow reports to whatever ``current()`` returns; nothing is shown unless a caller
installs a reporter (``govern run`` does, with ``stderr_progress()``). Everything shown
is counts, never a file name or a value. On a terminal a ``rich`` progress bar; elsewhere
(logs, CI) a first line at once, then a line at most every ``log_interval`` seconds, and
always for the last batch. Progress and the time left are measured in bytes read, not
files: one large PDF is not one small note, and the first batch (which also loads the
models) would otherwise promise a day for a ten-minute run. No time left is shown before
a tenth of the bytes or two batches are done.

Within a batch, the worker (any process, or a machine sharing the workspace) writes how
many of its files have been read and scanned to a small meter file in the run's staging
folder (``BatchMeter``: two counts, nothing else); while batches run, the flow reads
those meters every ``POLL_SECONDS`` and shows the files done inside running batches too.
"""

from __future__ import annotations

import io
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from governance.records import FileState

if TYPE_CHECKING:
    from governance.run.batch import BatchResult


class Progress(Protocol):
    def start(self, files: int, batches: int, total_bytes: int = 0) -> None: ...
    def batch_done(self, result: BatchResult, done_bytes: int = 0) -> None: ...
    def running(self, files: float, done_bytes: int, show: bool = True) -> None: ...


POLL_SECONDS = 1.0


@dataclass(frozen=True)
class BatchMeter:
    """Written by a batch as groups of its files are scanned: ``{"files": 12, "bytes":
    40960}`` in ``<staging>/progress/batch-00003.json``, replaced atomically."""

    folder: Path
    batch_no: int

    def files_done(self, files: float, done_bytes: int) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"batch-{self.batch_no:05d}.json"
        temp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
        temp.write_text(json.dumps({"files": files, "bytes": done_bytes}))
        os.replace(temp, path)


def read_meters(folder: Path, running: set[int]) -> tuple[float, int]:
    """Files and bytes done inside the ``running`` batches, by their meters (a missing or
    unreadable meter counts as nothing done yet)."""
    files, done_bytes = 0.0, 0
    for batch_no in running:
        try:
            meter = json.loads((folder / f"batch-{batch_no:05d}.json").read_text())
            files, done_bytes = files + float(meter["files"]), done_bytes + int(meter["bytes"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return files, done_bytes


class BatchFuture(Protocol):
    """A submitted batch (a Prefect future): ``result()`` waits for its BatchResult."""

    def result(self) -> BatchResult: ...


class NoProgress:
    def start(self, files: int, batches: int, total_bytes: int = 0) -> None:
        pass

    def batch_done(self, result: BatchResult, done_bytes: int = 0) -> None:
        pass

    def running(self, files: float, done_bytes: int, show: bool = True) -> None:
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
    running_files: float = 0  # files done inside batches still running
    running_bytes: int = 0
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
        self._show(last=self.done_batches >= self.batches)

    def running(self, files: float, done_bytes: int, show: bool = True) -> None:
        """Files done inside the batches still running (their meters), replacing the last
        figure; shown (when it changed) like a batch's end, never as the last line."""
        if (files, done_bytes) != (self.running_files, self.running_bytes):
            self.running_files, self.running_bytes = files, done_bytes
            if show:
                self._show(last=False)

    def _show(self, last: bool) -> None:
        now = self.clock()
        tty = self.stream.isatty()
        if last or now - self.last_shown >= (self.tty_interval if tty else self.log_interval):
            self.last_shown = now
            end = "\n" if last or not tty else ""
            self.stream.write(("\r\x1b[K" if tty else "") + self.line(now) + end)
            self.stream.flush()

    def files_done(self) -> float:
        return self.done_files + (self.running_files if self.done_batches < self.batches else 0)

    def share(self) -> float:
        """The share of the work done: by bytes when sizes are known, else by files."""
        running = self.done_batches < self.batches
        if self.total_bytes:
            done = self.done_bytes + (self.running_bytes if running else 0)
            return min(done / self.total_bytes, 1.0)
        return min(self.files_done() / self.files, 1.0) if self.files else 1.0

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
            f"govern: batch {self.done_batches}/{self.batches}, {round(self.files_done())}/"
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
        self._update()
        if self.counts.done_batches >= self.counts.batches:
            self.bar.stop()

    def running(self, files: float, done_bytes: int, show: bool = True) -> None:
        self.counts.running(files, done_bytes)
        if show:
            self._update()

    def _update(self) -> None:
        c = self.counts
        done = c.share() * (c.total_bytes or c.files)
        self.bar.update(self.task, completed=done, files=self._files())

    def _files(self) -> str:
        c = self.counts
        return (f"{round(c.files_done())}/{c.files} files, batch {c.done_batches}/{c.batches}, "
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
    meters: Path | None = None,
) -> list[BatchResult]:
    """Each batch's result, in submission order, telling ``current()`` as each finishes;
    ``sizes``: the bytes of each batch's files; ``as_completed``: the runner's way to
    yield futures as they finish (the flow passes Prefect's), else submission order;
    ``meters``: the folder where running batches write their ``BatchMeter``."""
    progress = current()
    progress.start(files, len(futures), sum(sizes))
    index = {id(f): i for i, f in enumerate(futures)}
    results: dict[int, BatchResult] = {}
    lock, stop = threading.Lock(), threading.Event()

    def meter(show: bool = True) -> None:  # with the lock held
        if meters:
            running = set(range(len(futures))) - results.keys()
            progress.running(*read_meters(meters, running), show=show)

    def watch() -> None:
        while not stop.wait(POLL_SECONDS):
            with lock:
                meter()

    watcher = threading.Thread(target=watch, daemon=True) if meters else None
    if watcher:
        watcher.start()
    try:
        for future in as_completed(list(futures)) if as_completed else futures:
            i = index[id(future)]
            result = future.result()
            with lock:
                results[i] = result
                meter(show=False)  # the finished batch's meter no longer counts
                progress.batch_done(result, sizes[i] if sizes else 0)
    finally:
        stop.set()
        if watcher:
            watcher.join()
    return [results[i] for i in range(len(futures))]
