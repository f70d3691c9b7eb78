"""I/O errors: the Nth ``os.write`` or ``os.fsync`` of an append fails (ENOSPC, EIO, once or
from then on, or a short write); every run ends with the batch fully appended or cleanly
absent, and a log that verifies. A read-only folder and a full disk are clear errors, and
through the CLI one ``Error:`` line with exit code 7.
"""

from __future__ import annotations

import errno
import itertools
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import tracker.log.writer
from tests.conftest import SOURCE, file_digest
from tests.reliability.conftest import Report, call, fill
from tracker.domain.errors import ExitCode, LogIOError
from tracker.log.file import EventLog

BATCH = 5
real_write, real_fsync, real_open = os.write, os.fsync, os.open


class Faults:
    """Counts calls of one operation and makes the Nth (and, if ``sticky``, later) fail."""

    def __init__(self, op: str, n: int, err: int, sticky: bool = False, short: bool = False):
        self.op, self.n, self.err, self.sticky, self.short = op, n, err, sticky, short
        self.calls = 0
        self.failed = 0

    def _fails(self) -> bool:
        self.calls += 1
        if self.calls == self.n or (self.sticky and self.calls > self.n):
            self.failed += 1
            return True
        return False

    def write(self, fd: int, data: Any) -> int:
        if self.op == "write" and self._fails():
            if self.short:  # half the bytes reach the file, and write says so
                return real_write(fd, bytes(data)[: len(data) // 2])
            raise OSError(self.err, os.strerror(self.err))
        return real_write(fd, data)

    def fsync(self, fd: int) -> None:
        if self.op == "fsync" and self._fails():
            raise OSError(self.err, os.strerror(self.err))
        real_fsync(fd)


@pytest.fixture
def patched(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Faults], None]]:
    def install(faults: Faults) -> None:
        monkeypatch.setattr(tracker.log.writer.os, "write", faults.write)
        monkeypatch.setattr(tracker.log.writer.os, "fsync", faults.fsync)

    yield install
    monkeypatch.undo()


def scenarios() -> Iterator[tuple[str, int, int, bool, bool, bool]]:
    """(op, n, errno, sticky, short write, torn tail first). An append makes 1 write and
    1 fsync (+1 on rollback); moving a torn tail aside adds 2 fsyncs."""
    for torn in (False, True):
        for op, most in (("write", 2), ("fsync", 6 if torn else 4)):
            for n, err, sticky in itertools.product(
                range(1, most + 1), (errno.ENOSPC, errno.EIO), (False, True)
            ):
                yield op, n, err, sticky, False, torn
        yield "write", 1, errno.EIO, False, True, torn


def test_every_failing_write_or_fsync_leaves_all_or_nothing(
    tmp_path: Path, patched: Callable[[Faults], None], figures: Report
) -> None:
    base = fill(tmp_path / "base.jsonl", 10).path.read_bytes()
    torn_tail = base[-200:-50]
    path = tmp_path / "events.jsonl"
    log = EventLog(path)
    outcomes = {"appended": 0, "absent": 0}
    messages: set[str] = set()
    started = time.monotonic()
    runs = list(scenarios())
    for op, n, err, sticky, short, torn in runs:
        for old in tmp_path.glob("events.jsonl-torn-*"):
            old.unlink()
        path.write_bytes(base + (torn_tail if torn else b""))
        before = [r.id for r in log.read()]
        faults = Faults(op, n, err, sticky, short)
        patched(faults)
        try:
            result = log.append([call(f"batch {i}") for i in range(BATCH)])
        except LogIOError as exc:
            result = None
            messages.add(str(exc).replace(str(path), "LOG"))
        finally:
            patched(Faults("none", 0, 0))
        after = [r.id for r in log.read()]
        if result is None:
            assert faults.failed, "an error without a fault"
            assert after == before, (op, n, err, sticky, short, torn)
            outcomes["absent"] += 1
        else:
            assert after == before + result.written and len(result.written) == BATCH
            outcomes["appended"] += 1
        assert log.verify().events == len(after)
        # the next append works and the log still verifies
        log.append([call("next")], notice=lambda _m: None)
        report = log.verify()
        assert report.events == len(after) + 1 and report.torn_tail_bytes == 0
    assert outcomes["absent"] and outcomes["appended"]
    figures(
        f"I/O errors: {len(runs)} fault runs (write/fsync x Nth call x ENOSPC/EIO x once/sticky,"
        f" short writes, with and without a torn tail): {outcomes['appended']} fully appended,"
        f" {outcomes['absent']} cleanly absent, 0 partial, all verify;"
        f" {len(messages)} distinct messages, {time.monotonic() - started:.1f} s"
    )
    assert all("cannot" in m for m in messages), messages


@pytest.fixture
def read_only_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, seed_log: Path
) -> Callable[[bool], None]:
    """The log's folder read-only, as root cannot have it (chmod is ignored): writing
    opens in it fail, and the read model goes to the user's cache (see default_db_path)."""
    folder = seed_log.parent.resolve()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    real_access = os.access
    monkeypatch.setattr(
        "tracker.log.paths.os.access",
        lambda p, mode, **kw: False if Path(p).resolve() == folder else real_access(p, mode),
    )

    def deny(record_exists: bool) -> None:
        if record_exists:  # the writers' record of the file (see EventLog.writing)
            EventLog(seed_log).checked_path.touch()

        def fake_open(p: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            target = Path(p).resolve()
            creating = flags & os.O_CREAT and not target.exists()
            writing = flags & (os.O_WRONLY | os.O_APPEND) or (
                flags & os.O_RDWR and target.name.endswith(".jsonl")
            )
            if target.parent == folder and (creating or writing):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
            return real_open(p, flags, *args, **kwargs)

        monkeypatch.setattr(tracker.log.writer.os, "open", fake_open)

    return deny


ADD = ["add-event", "--type", "phone_call", "--initiator", "Blinken", "--recipient", "Lavrov",
       "--date", "2021-08-20", "--summary", "Blinken called Lavrov again", "--source", SOURCE]  # fmt: skip


def one_error_line(result: Any) -> str:
    assert "Traceback" not in str(result.stdout) + str(result.stderr)
    assert result.exit_code == ExitCode.IO, (result.exit_code, result.stderr)
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    return str(result.stderr).rstrip("\n")


@pytest.mark.parametrize("record_exists", [False, True])
def test_read_only_folder_is_a_clear_error(
    cli: Callable[..., Any],
    seed_log: Path,
    read_only_folder: Callable[[bool], None],
    record_exists: bool,
    figures: Report,
) -> None:
    read_only_folder(record_exists)
    digest = file_digest(seed_log)
    with pytest.raises(LogIOError, match="Permission denied") as caught:
        EventLog(seed_log).append([call("x")])
    line = one_error_line(cli(*ADD))
    assert "Permission denied" in line and "data/events.jsonl" in line
    assert file_digest(seed_log) == digest
    timeline = cli("timeline", "--actor", "Blinken")  # reading still works
    assert timeline.exit_code == 0, timeline.stderr
    message = str(caught.value).replace(f"{seed_log.parent.parent}/", "")
    figures(f"read-only folder (writers' record {'there' if record_exists else 'absent'}): "
            f"LogIOError {message!r}; CLI exit 7, {line!r}")  # fmt: skip


def test_full_disk_is_a_clear_error(
    cli: Callable[..., Any], seed_log: Path, monkeypatch: pytest.MonkeyPatch, figures: Report
) -> None:
    digest = file_digest(seed_log)

    def full(fd: int, data: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(tracker.log.writer.os, "write", full)
    with pytest.raises(LogIOError) as caught:
        EventLog(seed_log).append([call("x")])
    assert str(caught.value) == (
        f"cannot write to log {seed_log}: No space left on device; nothing was appended"
    )
    line = one_error_line(cli(*ADD))
    assert line == (
        "Error: cannot write to log data/events.jsonl: No space left on device;"
        " nothing was appended"
    )
    assert file_digest(seed_log) == digest
    figures(f"full disk: LogIOError and CLI exit 7, {line!r}, log unchanged")
