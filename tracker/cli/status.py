"""Saying what a slow command is doing: the one status helper of the command line.

Whatever takes more than about a second says so on stderr. On a terminal that is one
status line ("rebuilding the read model of data/events.jsonl (87 MB)"), then a progress
bar below it, redrawn in place, with a count and a rate ("[#####.....]  45%  45,000
events  9,800 events/s"), left complete when the work ends. On anything else (a pipe, a
file, CI) it is the status line alone, once, and only when the work took longer than the
delay: a quick command prints nothing.

A command uses it in one of three ways:

- ``with Status("writing the export", stream) as status:`` around work that reports
  nothing: the status line appears after the delay (from a timer thread);
- ``status.update(count, done, total)`` inside it, for a bar (``total`` may be None: a
  count and a rate, no bar);
- ``sync_progress(log)``, the callback the read model's sync calls (a rebuild or a
  catch-up): every ``Tracker`` the command line makes has one (``options.tracker_for``),
  so implicit rebuilds say so as ``tracker rebuild`` does; and ``import_progress()`` for
  the importers' ``(stage, rows)`` callback.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import IO

DELAY = 1.0  # seconds of quiet before anything is said (TRACKER_STATUS_DELAY)
BIG = 16 << 20  # bytes of log that certainly take longer than the delay: said at once
REDRAW = 0.1  # seconds between redraws of the bar
BAR = 30


def _tty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Status:
    """One status line, then a progress bar (on a terminal). See the module docstring."""

    def __init__(
        self,
        message: str,
        stream: IO[str] | None = None,
        *,
        unit: str = "events",
        delay: float | None = None,
        tty: bool | None = None,
        at_once: bool = False,
        total: int | None = None,
    ) -> None:
        self.message = message
        self.stream = stream if stream is not None else sys.stderr
        self.unit = unit
        self.delay = _delay() if delay is None else delay
        self.tty = _tty(self.stream) if tty is None else tty
        self.started = self.stage_started = time.monotonic()
        self.said = False
        self.drawn = 0.0  # when the bar was last drawn (0: never)
        self.last: tuple[int, int | None, int | None] = (0, None, None)
        self.lock = threading.Lock()
        self.timer: threading.Timer | None = None
        self.label = ""  # the stage shown before the count ("checking", "importing")
        self.total = total  # of the unit, when known: `rows` draws a bar against it
        if at_once:
            self.say()

    # -------------------------------------------------------------- as a context manager

    def __enter__(self) -> Status:
        self.started = self.stage_started = time.monotonic()
        _OPEN.add(self)
        if self.delay <= 0:  # TRACKER_STATUS_DELAY=0: everything counts as slow
            self.say()
        if not self.said:
            self.timer = threading.Timer(self.delay, self.say)
            self.timer.daemon = True
            self.timer.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.finish(ok=kind is None)

    # -------------------------------------------------------------- what it shows

    def say(self) -> None:
        """The status line (once)."""
        with self.lock:
            if self.said:
                return
            self.said = True
            try:
                self.stream.write(f"{self.message} …\n")
                self.stream.flush()
            except (OSError, ValueError):
                pass

    def update(self, count: int, done: int | None = None, total: int | None = None) -> None:
        """``count`` of the unit so far; ``done`` of ``total`` (bytes, rows) for the bar."""
        self.last = (count, done, total)
        now = time.monotonic()
        if now - self.started < self.delay and not self.said:
            return
        self.say()
        if self.tty and now - self.drawn >= REDRAW:
            with self.lock:
                self._draw(now)

    def rows(self, stage: str, count: int) -> None:
        """The importers' ``(stage, rows)`` callback: the count of a stage."""
        if stage != self.label:
            now = time.monotonic()
            with self.lock:
                if self.drawn:
                    self._draw(now, end="\n")  # the stage before stays shown
                    self.drawn = 0.0
            self.label, self.stage_started = stage, now
        self.update(count, count, self.total)

    def finish(self, ok: bool = True) -> None:
        """The work is over: the bar drawn complete (if one was shown), the timer stopped."""
        _OPEN.discard(self)
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        with self.lock:
            if self.tty and self.drawn:
                count, _, total = self.last
                if ok and total is not None:  # all done (all rows read, of an import)
                    self.last = (total if self.total else count, total, total)
                self._draw(time.monotonic(), end="\n")
            self.drawn = 0.0

    def _draw(self, now: float, end: str = "") -> None:
        count, done, total = self.last
        elapsed = max(now - self.stage_started, 1e-6)
        parts = [self.label] if self.label else []
        if total:
            share = min(1.0, (done or 0) / total)
            filled = int(BAR * share)
            parts.append(f"[{'#' * filled}{'.' * (BAR - filled)}] {100 * share:3.0f}%")
        parts.append(f"{count:,} {self.unit}")
        parts.append(f"{count / elapsed:,.0f} {self.unit}/s")
        if end:
            parts.append(f"{elapsed:.1f} s")
        try:
            self.stream.write("\r\x1b[K" + "  ".join(parts) + end)
            self.stream.flush()
        except (OSError, ValueError):
            pass
        self.drawn = now


class SyncStatus:
    """The read model's ``Progress`` callback: a ``Status`` for each rebuild or catch-up."""

    def __init__(self, log: Path | str, stream: IO[str] | None = None) -> None:
        self.log = log
        self.stream = stream
        self.status: Status | None = None

    def __call__(self, done: int, total: int, lines: int, stage: str) -> None:
        if self.status is None and done >= total:
            return  # nothing to do: nothing to say
        if self.status is None or (lines == 0 and done < total):
            self._begin(done, total, stage)
        assert self.status is not None
        self.status.update(lines, done, total)
        if done >= total:
            self.status.finish()
            self.status = None

    def _begin(self, done: int, total: int, stage: str) -> None:
        if self.status is not None:
            self.status.finish(ok=False)
        size = _size(total - done)
        what = (
            f"rebuilding the read model of {self.log} ({size})"
            if stage == "rebuild"
            else f"applying {size} of new lines of {self.log} to the read model"
        )
        self.status = Status(what, self.stream, at_once=False)
        tty = self.status.tty
        self.status.__enter__()
        if tty and total - done >= BIG and self.status.delay > 0:
            self.status.say()


_OPEN: set[Status] = set()  # entered and not finished


def finish_all() -> None:
    """Stop every status still open (a command that failed half-way): no line after its
    error, and the bar's line ended."""
    for status in list(_OPEN):
        status.finish(ok=False)


def count_lines(path: Path, limit: int = 1 << 30) -> int | None:
    """The lines of a file (for an import's bar), or None for a pipe, a file over ``limit``
    bytes or one that cannot be read: about 1 GB/s, so only on a terminal."""
    try:
        if not path.is_file() or path.stat().st_size > limit:
            return None
        lines = 0
        with path.open("rb") as f:
            while chunk := f.read(1 << 20):
                lines += chunk.count(b"\n")
        return lines
    except OSError:
        return None


def _delay() -> float:
    """``TRACKER_STATUS_DELAY`` (seconds), or ``DELAY``; a bad value is ``DELAY``."""
    try:
        value = float(os.environ.get("TRACKER_STATUS_DELAY", DELAY))
    except ValueError:
        return DELAY
    return value if 0 <= value < 1e6 else DELAY


def human_size(n: int) -> str:
    """A size in bytes as a status line says it (``87 MB``)."""
    return _size(n)


def _size(n: int) -> str:
    """
    >>> _size(87_000_000), _size(4_200), _size(12)
    ('87 MB', '4 kB', '12 bytes')
    """
    if n >= 1_000_000:
        return f"{n / 1_000_000:,.0f} MB"
    if n >= 1_000:
        return f"{n / 1_000:,.0f} kB"
    return f"{n} bytes"
