"""The progress display: counts only, throttled in logs, in place on a terminal."""

from __future__ import annotations

import io
import json
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from governance.ingest import progress as progress_module
from governance.ingest.progress import (
    BatchMeter,
    NoProgress,
    StderrProgress,
    collect_with_progress,
    current,
    read_meters,
    reporting,
)
from governance.records import FileOutcome, FileState
from governance.run.batch import BatchResult


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def batch(n: int, files: int, quarantined: int) -> BatchResult:
    result = BatchResult(n)
    for i in range(files):
        state = FileState.QUARANTINED if i < quarantined else FileState.PROCESSED
        result.files.append(FileOutcome("s", f"{n}-{i}.txt", "h", state))
        if state is FileState.PROCESSED:
            result.document_count += 1
    return result


@dataclass
class Done:
    value: BatchResult

    def result(self) -> BatchResult:
        return self.value


def test_log_lines_are_throttled_and_the_last_batch_always_shows() -> None:
    out, clock = io.StringIO(), FakeClock()
    progress = StderrProgress(stream=out, clock=clock, log_interval=10.0)
    progress.start(files=40, batches=4)
    for n, at in enumerate((1.0, 5.0, 12.0, 13.0)):
        clock.now = at
        progress.batch_done(batch(n, 10, quarantined=1))
    assert out.getvalue().splitlines() == [
        "govern: 40 files to read in 4 batches",
        "govern: batch 1/4, 10/40 files (25%), 1 quarantined, 9 documents, 0:01 elapsed, ~0:03 left",
        "govern: batch 3/4, 30/40 files (75%), 3 quarantined, 27 documents, 0:12 elapsed, ~0:04 left",
        "govern: batch 4/4, 40/40 files (100%), 4 quarantined, 36 documents, 0:13 elapsed, ~0:00 left",
    ]


def test_a_terminal_line_is_rewritten_in_place() -> None:
    out, clock = Tty(), FakeClock()
    progress = StderrProgress(stream=out, clock=clock)
    progress.start(files=2, batches=2)
    for n in range(2):
        clock.now += 1
        progress.batch_done(batch(n, 1, quarantined=0))
    assert out.getvalue().count("\r\x1b[K") == 2 and out.getvalue().endswith("left\n")


def test_the_flow_reports_to_whatever_is_installed() -> None:
    assert isinstance(current(), NoProgress)
    out = io.StringIO()
    with reporting(StderrProgress(stream=out)):
        results = collect_with_progress([Done(batch(0, 3, 0)), Done(batch(1, 2, 2))], files=5)
    assert [r.batch_no for r in results] == [0, 1]
    assert "batch 2/2, 5/5 files (100%), 2 quarantined, 3 documents" in out.getvalue()
    assert isinstance(current(), NoProgress)


def test_progress_and_time_left_follow_bytes_and_wait_for_a_tenth_of_the_work() -> None:
    out, clock = io.StringIO(), FakeClock()
    progress = StderrProgress(stream=out, clock=clock, log_interval=0.0)
    progress.start(files=3, batches=3, total_bytes=1000)
    clock.now = 300.0  # the first batch: one small file, and the models loading
    progress.batch_done(batch(0, 1, quarantined=0), done_bytes=50)
    clock.now = 310.0
    progress.batch_done(batch(1, 1, quarantined=0), done_bytes=450)
    lines = out.getvalue().splitlines()
    assert lines[1].endswith("(5%), 0 quarantined, 1 documents, 5:00 elapsed, "
                             "time left after a tenth of the work")  # fmt: skip
    assert "2/3 files (50%)" in lines[2] and lines[2].endswith("5:10 elapsed, ~5:10 left")


class Pending:
    """A future that finishes only when asked after another one: completion order."""

    def __init__(self, value: BatchResult, log: list[int]) -> None:
        self.value, self.log = value, log

    def result(self) -> BatchResult:
        self.log.append(self.value.batch_no)
        return self.value


def test_results_keep_submission_order_with_byte_sizes() -> None:
    out, log = io.StringIO(), []
    with reporting(StderrProgress(stream=out, log_interval=0.0)):
        results = collect_with_progress(
            [Pending(batch(0, 1, 0), log), Pending(batch(1, 1, 0), log)], files=2, sizes=[3, 1]
        )
    assert [r.batch_no for r in results] == [0, 1] and log == [0, 1]
    assert "batch 2/2, 2/2 files (100%)" in out.getvalue()


def test_files_done_inside_running_batches_move_the_line_and_are_not_counted_twice() -> None:
    out, clock = io.StringIO(), FakeClock()
    progress = StderrProgress(stream=out, clock=clock, log_interval=0.0)
    progress.start(files=10, batches=2, total_bytes=1000)
    clock.now = 20.0
    progress.running(files=3, done_bytes=200)  # inside the first batch
    progress.running(files=3, done_bytes=200)  # unchanged: no new line
    clock.now = 40.0
    progress.running(files=5, done_bytes=500, show=False)  # counted, not shown
    progress.running(files=0, done_bytes=0, show=False)  # the batch finished...
    progress.batch_done(batch(0, 5, quarantined=0), done_bytes=500)  # ...once
    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    assert lines[1].startswith("govern: batch 0/2, 3/10 files (20%)")
    assert lines[1].endswith("0:20 elapsed, ~1:20 left")
    assert lines[2].startswith("govern: batch 1/2, 5/10 files (50%)")


def test_meters_are_counts_written_whole_and_unreadable_ones_count_as_nothing(
    tmp_path: Path,
) -> None:
    BatchMeter(tmp_path, 0).files_done(2.5, 4096)
    BatchMeter(tmp_path, 1).files_done(1, 10)
    BatchMeter(tmp_path, 1).files_done(4, 90)  # replaces
    (tmp_path / "batch-00002.json").write_text('{"files": 7')  # torn: not counted
    assert json.loads((tmp_path / "batch-00000.json").read_text()) == {"files": 2.5, "bytes": 4096}
    assert read_meters(tmp_path, {0, 1, 2, 3}) == (6.5, 4186)
    assert read_meters(tmp_path, {1}) == (4, 90)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "batch-00000.json", "batch-00001.json", "batch-00002.json"]  # fmt: skip


class Recorder(NoProgress):
    def __init__(self) -> None:
        self.seen: list[tuple[float, int]] = []

    def running(self, files: float, done_bytes: int, show: bool = True) -> None:
        if show:
            self.seen.append((files, done_bytes))


class Slow:
    """A batch that writes its meter, then finishes when the test lets it."""

    def __init__(self, value: BatchResult, meters: Path, go: threading.Event) -> None:
        self.value, self.meters, self.go = value, meters, go

    def result(self) -> BatchResult:
        BatchMeter(self.meters, self.value.batch_no).files_done(1, 30)
        assert self.go.wait(5)
        return self.value


def test_the_flow_shows_running_batches_meters_while_it_waits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress_module, "POLL_SECONDS", 0.01)
    go, recorder = threading.Event(), Recorder()
    futures = [Slow(batch(0, 2, 0), tmp_path, go), Slow(batch(1, 2, 0), tmp_path, go)]
    threading.Timer(0.3, go.set).start()
    with reporting(recorder):
        results = collect_with_progress(futures, files=4, sizes=[60, 60], meters=tmp_path)
    assert [r.batch_no for r in results] == [0, 1]
    assert (1, 30) in recorder.seen  # batch 0's meter, while it ran
