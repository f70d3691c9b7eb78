"""A rebuild on two cores: a reader process checks the log and turns its lines into rows
while this process writes them into SQLite.

Reading (JSON, the hash chain, the row tuples) and writing (SQLite's inserts and index
upkeep) each take about half of a serial rebuild, so with two cores they overlap. The
reader is a fork of this process. It sends batches in log order through a pipe: rows for
new events (nearly every line), and the records of all other lines (actors, amendments,
retractions), which are applied here, in their place, by the ordinary ``Projector``.
Memory stays bounded: the reader blocks while a batch waits to be written.

The result is the same read model as the serial rebuild (a test compares them row for
row). Small logs, machines with one core and systems without ``fork`` use the serial path.

The reader never outlives this process, and never holds a lock: it dies with its parent
(PR_SET_PDEATHSIG on Linux; elsewhere the pipe it writes to breaks, since it keeps no
copy of the read end, and each wait for room in the pipe is bounded and checks that its
parent lives), and the locks this process holds are closed in it at the fork
(``tracker.log.locks``). What a killed rebuild leaves, its ``.rebuild-PID`` file, is removed
by the next sync.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import sqlite3
import struct
import sys
from typing import Any

import orjson

from tracker.domain.errors import DamagedLogError, LogIOError, NewerEventError, ValidationError
from tracker.log.envelope import GENESIS, Record, check_record
from tracker.log.file import EventLog
from tracker.readmodel.projector import PROGRESS_EVERY, Progress, Projector
from tracker.readmodel.rows import (
    BATCH,
    INSERT_CHANGES,
    INSERT_EVENTS,
    INSERT_PARTICIPATIONS,
    OCCURRENCES,
    OccurrenceRows,
)

# Below this a serial rebuild takes about a second: not worth a second process.
MIN_BYTES = 32 << 20


def usable(size: int) -> bool:
    """Whether a log of ``size`` bytes is rebuilt on two cores here."""
    import multiprocessing

    return (
        size >= MIN_BYTES
        and (os.cpu_count() or 1) > 1
        and "fork" in multiprocessing.get_all_start_methods()
        and not os.environ.get("TRACKER_SERIAL_REBUILD")
    )


def apply_log(
    log: EventLog, conn: sqlite3.Connection, total: int, progress: Progress | None
) -> tuple[int, int, int, str]:
    """Apply the whole log to ``conn`` (in a transaction); return (count, offset, seq,
    chain) of the last line, like ``tracker.readmodel.sync.apply_records``."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    read_end, write_end = os.pipe()
    reader = context.Process(
        target=_read, args=(log, read_end, write_end, os.getpid()), daemon=True
    )
    try:
        reader.start()
    finally:
        os.close(write_end)  # the reader's alone: its exit is the end of the pipe here
    inbox = os.fdopen(read_end, "rb")
    projector = Projector(conn, fresh=True)
    last: tuple[int, int, int, str] = (0, 0, 0, GENESIS)
    reported = 0
    try:
        while True:
            message = _receive(inbox)
            if message is None:
                raise LogIOError(f"the rebuild's reader of {log.path} stopped unexpectedly")
            if message[:1] == b"P":  # the reader's error, pickled
                raise pickle.loads(message[1:])
            ops, position = orjson.loads(message)
            last = (position[0], position[1], position[2], position[3])
            for op in ops:
                kind = op[0]
                if kind == "rows":
                    conn.executemany(INSERT_EVENTS, op[1])
                    conn.executemany(INSERT_PARTICIPATIONS, op[2])
                    conn.executemany(INSERT_CHANGES, op[3])
                    projector.search.flush()  # the new events' documents, now and then
                elif kind == "record":
                    projector.apply(Record(*op[1]))
                    projector.flush()  # in its place among the rows
                else:  # done
                    projector.finish()
                    reader.join()
                    if progress:
                        progress(total, total, last[0], "rebuild")
                    return last
            if progress and last[0] - reported >= PROGRESS_EVERY:
                reported = last[0]
                progress(last[1], total, last[0], "rebuild")
    except sqlite3.IntegrityError:
        # The one way a well-chained log can still be wrong for the model: an id used twice.
        raise DamagedLogError(
            str(log.path),
            last[2] + 1,
            "an event id appears twice (`tracker verify` names the line)",
        ) from None
    finally:
        inbox.close()  # a reader still writing gets EPIPE
        if reader.is_alive():
            reader.kill()
        reader.join()


# A message: its length (8 bytes, little-endian), then its bytes.
_LENGTH = struct.Struct("<Q")
# How long the reader waits for room in the pipe before it checks that its parent lives.
_WAIT = 1.0


def _receive(inbox: Any) -> bytes | None:
    """The next message from the reader, or None at the end of the pipe (the reader is
    gone)."""
    head = inbox.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    (size,) = _LENGTH.unpack(head)
    body: bytes = inbox.read(size)
    return body if len(body) == size else None


class _Orphaned(Exception):
    """The reader's parent is gone: nobody reads what it writes."""


def _die_with(parent: int) -> None:
    """Make this process (the reader) end when ``parent`` does, whatever kills it: on
    Linux the kernel sends SIGKILL (PR_SET_PDEATHSIG). Elsewhere the closed pipe (EPIPE)
    or a new parent pid, checked at every bounded wait for room in the pipe, ends it."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:  # it died before the line above
        raise _Orphaned


def _send(fd: int, message: bytes, parent: int) -> None:
    """Write one message to the non-blocking ``fd``, waiting for room at most ``_WAIT``
    seconds at a time; ``_Orphaned`` if the parent is gone."""
    for part in (_LENGTH.pack(len(message)), message):
        view = memoryview(part)
        while view:
            try:
                view = view[os.write(fd, view) :]
            except BlockingIOError:
                _, ready, _ = select.select([], [fd], [], _WAIT)
                if not ready and os.getppid() != parent:
                    raise _Orphaned from None
            except BrokenPipeError:
                raise _Orphaned from None


def _read(log: EventLog, read_end: int, write_end: int, parent: int) -> None:
    """The reader process: send ``(ops, position)`` batches until ``done`` or ``error``.

    It keeps nothing of its parent's but the pipe's write end and the log: the read end
    is closed (so that a parent gone is EPIPE here, not a pipe that stays full forever),
    and the locks the parent holds were closed at the fork (``tracker.log.locks``)."""
    os.close(read_end)
    try:
        _die_with(parent)
    except _Orphaned:
        return
    os.set_blocking(write_end, False)
    gc.disable()  # millions of short-lived objects and no cycles
    rows = OccurrenceRows()  # builds row tuples, never writes
    ops: list[tuple[Any, ...]] = []
    position: tuple[int, int, int, str] = (0, 0, 0, GENESIS)

    def take_rows() -> None:
        if rows.events or rows.changes:
            ops.append(("rows", *rows.take()))

    def send() -> None:
        # orjson: five times faster than pickle for these lists of strings and numbers
        _send(write_end, orjson.dumps((ops, position)), parent)
        ops.clear()

    try:
        try:
            for count, record in enumerate(log.read(), 1):
                data = None
                if record.type in OCCURRENCES:
                    try:
                        data = check_record(record)
                    except NewerEventError:
                        raise
                    except ValidationError:
                        data = None  # sent as a record: the writer's projector sets it aside
                if data is not None:
                    rows.add(record, data)
                else:
                    take_rows()
                    ops.append(("record", tuple(record)))
                position = (count, record.end, record.seq, record.chain)
                if len(rows.parts) >= BATCH:
                    take_rows()
                    send()
            take_rows()
            ops.append(("done",))
            send()
        except _Orphaned:
            raise
        except BaseException as exc:
            try:
                message = pickle.dumps(exc)
                pickle.loads(message)
            except Exception:  # an exception that cannot cross processes
                message = pickle.dumps(RuntimeError(f"{type(exc).__name__}: {exc}"))
            _send(write_end, b"P" + message, parent)
    except _Orphaned:
        pass  # nobody to tell
    finally:
        os.close(write_end)
