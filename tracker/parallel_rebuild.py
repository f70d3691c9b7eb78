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
"""

from __future__ import annotations

import gc
import os
import pickle
import sqlite3
from typing import Any

import orjson

from .errors import DamagedLogError, LogIOError, NewerEventError, ValidationError
from .log import GENESIS, EventLog, Record
from .projection import (
    _BATCH,
    _OCCURRENCES,
    INSERT_CHANGES,
    INSERT_EVENTS,
    INSERT_PARTICIPATIONS,
    Progress,
    Projector,
    check_record,
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
    chain) of the last line, like ``projection._apply``."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    reader = context.Process(target=_read, args=(log, sender), daemon=True)
    reader.start()
    sender.close()
    projector = Projector(conn)
    last: tuple[int, int, int, str] = (0, 0, 0, GENESIS)
    reported = 0
    try:
        while True:
            try:
                message = receiver.recv_bytes()
            except EOFError:
                raise LogIOError(
                    f"the rebuild's reader of {log.path} stopped unexpectedly"
                ) from None
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
                elif kind == "record":
                    projector.apply(Record(*op[1]))
                    projector.flush()  # in its place among the rows
                else:  # done
                    reader.join()
                    if progress:
                        progress(total, total)
                    return last
            if progress and last[0] - reported >= 50_000:
                reported = last[0]
                progress(last[1], total)
    except sqlite3.IntegrityError:
        # The one way a well-chained log can still be wrong for the model: an id used twice.
        raise DamagedLogError(
            str(log.path),
            last[2] + 1,
            "an event id appears twice (`tracker verify` names the line)",
        ) from None
    finally:
        receiver.close()
        if reader.is_alive():
            reader.kill()
        reader.join()


def _read(log: EventLog, out: Any) -> None:
    """The reader process: send ``(ops, position)`` batches until ``done`` or ``error``."""
    gc.disable()  # millions of short-lived objects and no cycles
    rows = Projector(None)  # type: ignore[arg-type]  # builds row tuples, never writes
    ops: list[tuple[Any, ...]] = []
    position: tuple[int, int, int, str] = (0, 0, 0, GENESIS)

    def take_rows() -> None:
        if rows.events or rows.changes:
            ops.append(("rows", rows.events, rows.parts, rows.changes))
            rows.events, rows.parts, rows.changes = [], [], []

    def send() -> None:
        # orjson: five times faster than pickle for these lists of strings and numbers
        out.send_bytes(orjson.dumps((ops, position)))
        ops.clear()

    try:
        for count, record in enumerate(log.read(), 1):
            data = None
            if record.type in _OCCURRENCES:
                try:
                    data = check_record(record)
                except NewerEventError:
                    raise
                except ValidationError:
                    data = None  # sent as a record: the writer's projector sets it aside
            if data is not None:
                rows._occurrence(record, data)
            else:
                take_rows()
                ops.append(("record", tuple(record)))
            position = (count, record.end, record.seq, record.chain)
            if len(rows.parts) >= _BATCH:
                take_rows()
                send()
        take_rows()
        ops.append(("done",))
        send()
    except BaseException as exc:
        try:
            message = pickle.dumps(exc)
            pickle.loads(message)
        except Exception:  # an exception that cannot cross processes
            message = pickle.dumps(RuntimeError(f"{type(exc).__name__}: {exc}"))
        out.send_bytes(b"P" + message)
    finally:
        out.close()
