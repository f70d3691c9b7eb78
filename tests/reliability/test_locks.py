"""Every lock (issue 11, item 6): a waiter says so after a second and gives up after
``TRACKER_LOCK_TIMEOUT`` with one ``Error:`` line (exit 7); a forked child never keeps its
parent's locks; what killed rebuilds left beside the read model is removed.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SOURCE, file_digest
from tests.reliability.conftest import Report
from tracker.log import locks
from tracker.log.file import EventLog
from tracker.log.paths import default_db_path
from tracker.readmodel.store import sync_lock
from tracker.services.tracker import Tracker

ADD = (
    "add-event", "--type", "phone_call", "--initiator", "Blinken", "--recipient", "Wang Yi",
    "--date", "2021-08-16", "--summary", "while a lock is held", "--source", SOURCE,
)  # fmt: skip
HOLD = (
    "import fcntl, os, sys, time\n"
    "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)\n"
    "fcntl.flock(fd, fcntl.LOCK_EX)\n"
    "print('held', flush=True)\n"
    "time.sleep(float(sys.argv[2]))\n"
)


@contextlib.contextmanager
def held_by_another_process(lock: Path, seconds: float = 60) -> Iterator[int]:
    """Another process holds ``lock`` for ``seconds`` (or until the block ends)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(lock), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        yield holder.pid
    finally:
        holder.kill()
        holder.wait()


HOLD_UNTIL_TOLD = (
    "import fcntl, os, select, sys\n"
    "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)\n"
    "fcntl.flock(fd, fcntl.LOCK_EX)\n"
    "print('held', flush=True)\n"
    "select.select([sys.stdin], [], [], float(sys.argv[2]))\n"
)


@contextlib.contextmanager
def held_until_told(lock: Path, seconds: float = 60) -> Iterator[tuple[int, Callable[[], None]]]:
    """Another process holds ``lock`` until the function yielded beside its pid is called
    (or ``seconds`` pass): a release tied to what the waiter did, not to the clock."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_UNTIL_TOLD, str(lock), str(seconds)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )

    def let_go() -> None:
        assert holder.stdin is not None
        holder.stdin.write("go\n")
        holder.stdin.flush()

    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        yield holder.pid, let_go
    finally:
        holder.kill()
        holder.wait()


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line]


def _locks(seed_log: Path) -> dict[str, Path]:
    """The locks, named as the CLI (run in the log's folder's parent) names them."""
    return {
        "the log's lock": Path("data") / seed_log.name,  # a flock on the log file itself
        "the read model's lock": Path(f"{default_db_path(seed_log)}.lock"),
    }


@pytest.mark.parametrize("which", ["the log's lock", "the read model's lock"])
def test_a_command_waiting_for_a_lock_says_so_and_gives_up(
    cli: Callable[..., Any],
    seed_log: Path,
    monkeypatch: pytest.MonkeyPatch,
    which: str,
    figures: Report,
) -> None:
    assert cli("timeline", "--actor", "Blinken").exit_code == 0  # the model is built
    lock = _locks(seed_log)[which]
    before = file_digest(seed_log)
    lines = seed_log.read_bytes().count(b"\n")
    monkeypatch.setenv("TRACKER_LOCK_TIMEOUT", "2")
    outcomes = []
    with held_by_another_process(lock) as pid:
        for command in (("timeline", "--actor", "Blinken"), ADD):
            started = time.monotonic()
            result = cli(*command)
            took = time.monotonic() - started
            stderr = _lines(result.stderr)
            outcomes.append((command[0], result.exit_code, stderr, took))
    waiting = (
        f"waiting for the lock on {lock} held by another tracker process (pid {pid});"
        " giving up after 2 s"
    )
    gave_up = (
        f"Error: gave up waiting for the lock on {lock} after 2 s: tracker process {pid} holds"
        " it (TRACKER_LOCK_TIMEOUT sets how long to wait)"
    )
    (_, t_code, t_err, t_took), (_, a_code, a_err, a_took) = outcomes
    if which == "the log's lock":
        # reading needs no lock of the log; appending gives up, the log untouched
        assert (t_code, t_err) == (0, [])
        assert (a_code, a_err) == (7, [waiting, gave_up])
        assert file_digest(seed_log) == before
    else:
        # reading gives up; appending does not need the cache: it reads the log in memory
        assert (t_code, t_err) == (7, [waiting, gave_up])
        assert a_code == 0, a_err
        assert a_err == [
            waiting,
            f"warning: {gave_up.removeprefix('Error: ')}; reading the log into memory"
            " for this command",
        ]
        assert seed_log.read_bytes().count(b"\n") == lines + 1
        assert cli("verify").exit_code == 0
    where = f"{seed_log.parent}/"
    figures(
        f"{which} held by another process, TRACKER_LOCK_TIMEOUT=2: timeline exit {t_code}"
        f" ({t_took:.1f} s), add-event exit {a_code} ({a_took:.1f} s); after 1 s"
        f" {waiting.replace(where, '')!r}, then {gave_up.replace(where, '')!r}"
    )


def test_a_waiter_goes_on_when_the_lock_is_released(
    cli: Callable[..., Any], seed_log: Path, monkeypatch: pytest.MonkeyPatch, figures: Report
) -> None:
    monkeypatch.setenv("TRACKER_LOCK_TIMEOUT", "60")
    lock = _locks(seed_log)["the log's lock"]
    lines = seed_log.read_bytes().count(b"\n")
    with held_until_told(lock) as (pid, let_go):
        said = locks._stderr

        def say_then_let_go(message: str) -> None:  # the holder lets go once told of a waiter
            said(message)
            let_go()

        monkeypatch.setattr(locks, "_stderr", say_then_let_go)
        result = cli(*ADD)
    assert result.exit_code == 0, result.stderr
    assert _lines(result.stderr) == [
        f"waiting for the lock on {lock} held by another tracker process (pid {pid});"
        " giving up after 60 s"
    ]
    assert seed_log.read_bytes().count(b"\n") == lines + 1
    figures(
        "a holder that lets go once the waiter said so: add-event waits, says so once, appends (exit 0)"
    )


@pytest.mark.parametrize("value", ["soon", "-1", "nan"])
def test_a_bad_lock_timeout_is_a_usage_error(
    cli: Callable[..., Any], seed_log: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    before = file_digest(seed_log)
    monkeypatch.setenv("TRACKER_LOCK_TIMEOUT", value)
    result = cli(*ADD)
    assert result.exit_code == 2
    assert _lines(result.stderr) == [
        f"Error: TRACKER_LOCK_TIMEOUT must be a number of seconds, not {value!r}"
    ]
    assert file_digest(seed_log) == before


def _try_lock(path: Path) -> bool:
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


@pytest.mark.parametrize("which", ["the log's lock", "the read model's lock"])
def test_a_forked_child_does_not_keep_its_parents_lock(
    seed_log: Path, which: str, figures: Report
) -> None:
    """``flock`` belongs to the open file, which fork shares: a child that kept the
    descriptor would hold the lock after its parent let go, for as long as it lives."""
    Tracker(seed_log).sync()
    lock = _locks(seed_log)[which]
    holding = (
        EventLog(seed_log).locked()
        if which == "the log's lock"
        else sync_lock(default_db_path(seed_log))
    )
    ready, started = os.pipe()
    with holding:
        child = os.fork()
        if child == 0:  # pragma: no cover - the child says it runs, then waits to be killed
            os.write(started, b"x")
            time.sleep(60)
            os._exit(0)
        try:
            assert os.read(ready, 1) == b"x"  # past the fork, in the child
            held_inside = not _try_lock(lock)
        except BaseException:
            os.kill(child, signal.SIGKILL)
            raise
        finally:
            os.close(ready)
            os.close(started)
    try:
        free_after = _try_lock(lock)  # the parent let go; the child still lives
        fds = [os.readlink(f"/proc/{child}/fd/{fd}") for fd in os.listdir(f"/proc/{child}/fd")]
    finally:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
    assert held_inside
    assert free_after, f"the forked child {child} still holds {lock.name}"
    assert str(lock) not in fds
    figures(f"{which}: held while the parent holds it, free once it lets go though a forked"
            " child lives on; the child has no descriptor of it")  # fmt: skip


def test_what_killed_rebuilds_left_is_removed(
    cli: Callable[..., Any], seed_log: Path, figures: Report
) -> None:
    assert cli("timeline", "--actor", "Blinken").exit_code == 0
    db = default_db_path(seed_log)
    gone_pid = 4_194_303  # above any pid_max: no such process
    stale = [
        db.with_name(f"{db.name}.rebuild-{gone_pid}"),
        db.with_name(f"{db.name}.rebuild-{os.getpid()}"),  # a live pid, reused: stale too
    ]
    for path in stale:
        path.write_bytes(b"\0" * 65536)
    before = file_digest(seed_log)
    result = cli("timeline", "--actor", "Blinken")
    assert result.exit_code == 0 and result.stderr == ""
    assert [p.name for p in stale if p.exists()] == []
    assert file_digest(seed_log) == before
    assert sorted(p.name for p in seed_log.parent.glob("*.rebuild-*")) == []
    figures("2 stale .rebuild-PID files (a gone pid and a live one) removed by the next"
            " command, under the read model's lock")  # fmt: skip
