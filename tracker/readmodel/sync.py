"""Projecting the log into the SQLite read model, incrementally or from scratch.

``sync(log)`` brings the read model up to date and returns an open connection:

- nothing changed since the last sync (same inode, size and mtime): nothing to read;
- the log grew and the line where the read model stopped is still there with the same
  chain hash, and the lines before it are intact (``EventLog.prefix_intact``: vouched for
  by the last writer, or checked from the raw bytes): apply only the new lines (verifying
  their chain); a damaged prefix is an error, never a partial answer;
- anything else (the log was replaced, rebased, edited, truncated; the schema changed; the
  cache is missing): rebuild from scratch into a new file, then swap it in.

The position applied is stored in ``sync_state`` in the same transaction as the rows.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tracker.domain.dates import parse_utc
from tracker.domain.errors import BadEventError, DamagedLogError, Notice
from tracker.domain.ids import is_canonical_id
from tracker.domain.perf import no_gc
from tracker.log.envelope import GENESIS, Record
from tracker.log.file import EventLog
from tracker.log.paths import default_db_path
from tracker.readmodel import parallel
from tracker.readmodel.ddl import SCHEMA_VERSION
from tracker.readmodel.projector import PROGRESS_EVERY, Progress, Projector
from tracker.readmodel.store import (
    STORAGE_CODES,
    DamagedModel,
    ModelConnection,
    connect,
    create_indexes,
    create_tables,
    error_code,
    header_problem,
    is_damage,
    model_io_error,
    remove_stale_rebuilds,
    schema_problem,
    set_aside,
    sync_lock,
)


@dataclass(frozen=True)
class SyncResult:
    mode: str  # "current" | "incremental" | "rebuild"
    applied: int  # lines applied by this sync
    seq: int  # lines in the read model now


def _state(conn: sqlite3.Connection) -> tuple[Any, ...] | None:
    try:
        return conn.execute(
            "SELECT schema_version, offset, seq, chain, inode, size, mtime_ns FROM sync_state"
        ).fetchone()
    except sqlite3.OperationalError as exc:
        if error_code(exc) == sqlite3.SQLITE_ERROR:  # no such table, no such column
            return None
        raise


def _save_state(
    conn: sqlite3.Connection, offset: int, seq: int, chain: str, st: os.stat_result
) -> None:
    conn.execute("DELETE FROM sync_state")
    conn.execute(
        "INSERT INTO sync_state VALUES (1, ?, ?, ?, ?, ?, ?, ?)",
        (SCHEMA_VERSION, offset, seq, chain, st.st_ino, st.st_size, st.st_mtime_ns),
    )


def apply_records(
    log: EventLog,
    conn: sqlite3.Connection,
    records: Iterable[Record],
    total: int,
    progress: Progress | None,
    fresh: bool = False,
) -> tuple[int, int, int, str]:
    """Apply records; return (count, offset, seq, chain) of the last applied line."""
    projector = Projector(conn, fresh=fresh)
    count, offset, seq, chain = 0, 0, 0, GENESIS
    stage = "rebuild" if fresh else "catch-up"
    try:
        for record in records:
            projector.apply(record)
            count, offset, seq, chain = count + 1, record.end, record.seq, record.chain
            if progress and count % PROGRESS_EVERY == 0:
                progress(offset, total, count, stage)
        projector.finish()
    except sqlite3.IntegrityError:
        # The one way a well-chained log can still be wrong for the model: an id used twice.
        raise DamagedLogError(
            str(log.path), seq + 1, "an event id appears twice (`tracker verify` names the line)"
        ) from None
    if progress:
        progress(total, total, count, stage)
    return count, offset, seq, chain


def sync(
    log: EventLog,
    db_path: Path | None = None,
    *,
    force: bool = False,
    progress: Progress | None = None,
    reuse: ModelConnection | None = None,
    notice: Notice | None = None,
) -> tuple[ModelConnection, SyncResult]:
    """Bring the read model up to date with the log; return a connection and what was done.

    ``reuse``: a connection kept from an earlier sync, used again if it still reads the
    read model's file (else closed). A damaged read model is moved aside (``notice`` says
    so) and rebuilt; one that cannot be written is a ``ModelIOError``.
    """
    log.require()
    db_path = db_path or default_db_path(log.path)
    with sync_lock(db_path):
        remove_stale_rebuilds(db_path)
        st = os.stat(log.path)
        if reuse is not None and (force or not reuse.opened(db_path)):
            reuse.release()
            reuse = None
        try:
            done = None
            if not force:
                try:
                    done = _update(log, db_path, st, reuse, progress)
                except DamagedModel as exc:
                    set_aside(db_path, exc.problem, notice)
            if done is None:
                done = _rebuild(log, db_path, st, progress)
            return done
        except sqlite3.Error as exc:
            if error_code(exc) in STORAGE_CODES:
                raise model_io_error(db_path, exc) from None
            raise


def _update(
    log: EventLog,
    db_path: Path,
    st: os.stat_result,
    reuse: ModelConnection | None,
    progress: Progress | None = None,
) -> tuple[ModelConnection, SyncResult] | None:
    """The read model brought up to date in place, or None if it must be rebuilt. Raises
    ``DamagedModel``."""
    if reuse is None:
        problem = header_problem(db_path)
        if problem is not None:
            raise DamagedModel(problem)
        if not db_path.exists():
            return None
    try:
        conn = reuse or connect(db_path)
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            raise DamagedModel(str(exc)) from None
        raise
    try:
        state = _state(conn)
        if state is None:
            raise DamagedModel("it has no sync_state table")
        if state[0] != SCHEMA_VERSION:  # an older tracker's: rebuilt, nothing is wrong
            conn.release()
            return None
        problem = schema_problem(conn) if reuse is None else None
        if problem is not None:
            raise DamagedModel(problem)
        _, offset, seq, chain, inode, size, mtime_ns = state
        if (inode, size, mtime_ns) == (st.st_ino, st.st_size, st.st_mtime_ns):
            return conn, SyncResult("current", 0, seq)
        anchor = log.record_at(offset) if offset else None
        anchored = offset == 0 or (
            anchor is not None and anchor.chain == chain and anchor.seq == seq
        )
        # a plain append to the lines applied, as far as a look at the file says;
        # prefix_intact makes sure (cheaply if the file is as a writer left it)
        grown = st.st_size >= offset and st.st_size != size and anchored
        if grown and progress:  # the check of the prefix may take a while too
            progress(offset, st.st_size, 0, "catch-up")
        if grown and log.prefix_intact(offset, seq, chain):
            conn.execute("BEGIN IMMEDIATE")
            try:
                records = log.read(offset=offset, seq=seq, prev=chain)
                count, new_offset, new_seq, new_chain = apply_records(
                    log, conn, records, st.st_size, progress
                )
                if count:
                    offset, seq, chain = new_offset, new_seq, new_chain
                _save_state(conn, offset, seq, chain, st)
                conn.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                raise
            return conn, SyncResult("incremental", count, seq)
        conn.release()
        return None
    except BaseException as exc:
        conn.release()
        if is_damage(exc):
            raise DamagedModel(str(exc)) from None
        raise


def _rebuild(
    log: EventLog, db_path: Path, st: os.stat_result, progress: Progress | None
) -> tuple[ModelConnection, SyncResult]:
    tmp = db_path.with_name(db_path.name + f".rebuild-{os.getpid()}")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    conn = connect(tmp)
    if progress:
        progress(0, st.st_size, 0, "rebuild")
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        create_tables(conn, indexes=False)
        conn.execute("BEGIN")
        with no_gc():
            if parallel.usable(st.st_size):
                count, offset, seq, chain = parallel.apply_log(log, conn, st.st_size, progress)
            else:
                count, offset, seq, chain = apply_records(
                    log, conn, log.read(), st.st_size, progress, fresh=True
                )
        create_indexes(conn)
        _save_state(conn, offset, seq, chain, st)
        conn.execute("COMMIT")
        conn.release()
        for suffix in ("-journal", "-wal", "-shm"):  # never applied to the new file
            with contextlib.suppress(FileNotFoundError):
                db_path.with_name(db_path.name + suffix).unlink()
        try:
            os.replace(tmp, db_path)
        except OSError as exc:
            raise model_io_error(db_path, exc) from None
    except BaseException:
        conn.release()
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    return connect(db_path), SyncResult("rebuild", count, seq)


def project_in_memory(log: EventLog, moment: datetime | None = None) -> ModelConnection:
    """A read model in memory of the whole log, or of the lines recorded by ``moment``."""
    conn = connect(":memory:")
    create_tables(conn)
    conn.execute("BEGIN")
    projector = Projector(conn, fresh=True)
    for record in log.read():
        try:
            recorded = moment is None or parse_utc(record.recorded_at) <= moment
        except (TypeError, ValueError, AttributeError):
            recorded = True  # not a time: the projector sets the line aside
        if recorded:
            projector.apply(record)
    projector.finish()
    conn.execute("COMMIT")
    return conn


def project_as_of(log: EventLog, moment: datetime) -> ModelConnection:
    """A read model in memory of what the log said at ``moment``: lines recorded by then."""
    return project_in_memory(log, moment)


def bad_event(conn: sqlite3.Connection, log: EventLog) -> BadEventError | None:
    """The first bad event set aside and not retracted (see ``Projector.set_aside``), as the
    error a reading command gives, or None."""
    rows = conn.execute(
        "SELECT seq, event_id, problem FROM bad_events WHERE retracted_seq IS NULL"
        " ORDER BY seq LIMIT 2"
    ).fetchall()
    if not rows:
        return None
    more = 0
    if len(rows) > 1:
        more = conn.execute(
            "SELECT count(*) - 1 FROM bad_events WHERE retracted_seq IS NULL"
        ).fetchone()[0]
    seq, event_id, problem = rows[0]
    return BadEventError(str(log.path), seq, event_id, problem, more, is_canonical_id(event_id))
