"""The locks of tracker's files: an exclusive ``flock``, for every lock (the log's, on the
log file itself; the read model's, on a sidecar file).

- Waiting is bounded: after ``NOTICE_AFTER`` seconds a waiter says so (``waiting for the
  lock on ... held by another tracker process (pid N)``), and after ``TRACKER_LOCK_TIMEOUT``
  seconds (default 60) it gives up with a ``LockTimeoutError`` (exit 7).
- A lock is never kept by a forked child. ``flock`` belongs to the open file, which a fork
  shares: a child that kept the descriptor would hold the lock for as long as it lives,
  whatever its parent does. Every lock held here is closed in the child right after any
  fork (``os.register_at_fork``); the parent keeps it. Descriptors are also opened
  ``O_CLOEXEC``, so a spawned program never gets one.
- A holder that dies releases the lock (the kernel closes its files): nothing to clean up.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from tracker.domain.errors import LockTimeoutError, Notice, ValidationError

NOTICE_AFTER = 1.0  # seconds before a waiter says it is waiting
DEFAULT_TIMEOUT = 60.0  # seconds before it gives up (TRACKER_LOCK_TIMEOUT)

# descriptor -> the pid that took the lock (a forked child has another pid)
_held: dict[int, int] = {}


def _drop_in_child() -> None:
    """After a fork, in the child: close every lock the parent holds (the parent keeps
    them: an ``flock`` lasts until the last descriptor of the open file is closed)."""
    for fd in list(_held):
        with contextlib.suppress(OSError):
            os.close(fd)
    _held.clear()


os.register_at_fork(after_in_child=_drop_in_child)


def timeout() -> float:
    """How long to wait for a lock: ``TRACKER_LOCK_TIMEOUT`` seconds, or 60."""
    text = os.environ.get("TRACKER_LOCK_TIMEOUT", "").strip()
    if not text:
        return DEFAULT_TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:  # negative, or nan
        raise ValidationError(
            f"TRACKER_LOCK_TIMEOUT must be a number of seconds, not {text[:40]!r}"
        )
    return value


def holder(fd: int) -> int | None:
    """The pid holding an ``flock`` on the file open at ``fd``, if the system says
    (Linux's /proc/locks), else None."""
    try:
        st = os.fstat(fd)
        with open("/proc/locks", encoding="ascii", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return None
    where = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    for line in lines:
        fields = line.split()
        # "1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF" (a waiter's line has "->")
        if len(fields) >= 6 and fields[1] == "FLOCK" and fields[5] == where:
            with contextlib.suppress(ValueError):
                return int(fields[4])
    return None


def acquire(fd: int, path: Path, notice: Notice | None = None, *, shared: bool = False) -> None:
    """Take the exclusive (or ``shared``) ``flock`` on ``fd`` (the file ``path``), waiting
    as described above. Polls, so that the wait can be bounded and reported without
    signals."""
    mode = (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB
    try:
        fcntl.flock(fd, mode)
        return
    except BlockingIOError:
        pass
    limit = timeout()
    start = time.monotonic()
    told = False
    pause = 0.0005
    while True:
        waited = time.monotonic() - start
        if waited >= limit:
            pid = holder(fd)
            who = f"tracker process {pid}" if pid else "another tracker process"
            raise LockTimeoutError(
                f"gave up waiting for the lock on {path} after {limit:g} s: {who} holds it"
                " (TRACKER_LOCK_TIMEOUT sets how long to wait)"
            )
        if not told and waited >= NOTICE_AFTER:
            told = True
            pid = holder(fd)
            (notice or _stderr)(
                f"waiting for the lock on {path} held by another tracker process"
                + (f" (pid {pid})" if pid else "")
                + f"; giving up after {limit:g} s"
            )
        time.sleep(min(pause, max(limit - waited, 0.0)))
        pause = min(pause * 2, 0.01)
        try:
            fcntl.flock(fd, mode)
            return
        except BlockingIOError:
            pass


@contextlib.contextmanager
def held(
    path: Path, cannot: Callable[[OSError], Exception], notice: Notice | None = None
) -> Iterator[int]:
    """Hold the lock on ``path`` (created if missing); yields its descriptor. ``cannot``
    words the error when the file cannot be opened."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise cannot(exc) from None
    with holding(fd, path, notice):
        yield fd


@contextlib.contextmanager
def holding(fd: int, path: Path, notice: Notice | None = None) -> Iterator[None]:
    """Take the lock on the open descriptor ``fd`` (of ``path``) as ``acquire`` does, keep
    it from forked children, and close ``fd`` at the end (also when the wait fails)."""
    try:
        acquire(fd, path, notice)
    except BaseException:
        os.close(fd)
        raise
    _held[fd] = os.getpid()
    try:
        yield
    finally:
        # In a forked child that unwinds this far, the descriptor is already closed (and
        # its number may be another file's now): only the process that took it closes it.
        if _held.get(fd) == os.getpid():
            del _held[fd]
            os.close(fd)


def _stderr(message: str) -> None:
    sys.stderr.write(f"{message}\n")
    sys.stderr.flush()
