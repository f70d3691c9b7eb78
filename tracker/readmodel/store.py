"""The read model's file: the connection to it, its tables, its lock, and what is done when
it is damaged.

The read model is a cache: whatever is wrong with it, it is moved aside and built again
from the log. What is found when it is opened (not a SQLite file, cut short, tables that
are not this version's) and what SQLite finds while reading it (SQLITE_CORRUPT,
SQLITE_NOTADB) are both "damaged". A cache that cannot be written (a full disk, a
read-only file) is a ``ModelIOError`` (exit 7).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import glob
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from tracker.domain.errors import LockTimeoutError, LogIOError, ModelIOError, Notice
from tracker.log import locks
from tracker.readmodel.ddl import INDEXES, TABLES


class ModelConnection(sqlite3.Connection):
    """A connection to the read model. A ``Tracker`` keeps one between calls (``kept``), so
    that SQLite's page cache stays warm; ``close()`` then leaves it open, and ``release()``
    closes it. ``inode`` says which file it opened: a rebuild swaps in a new one."""

    kept = False
    inode = 0

    def close(self) -> None:
        if not self.kept:
            super().close()

    def release(self) -> None:
        self.kept = False
        super().close()

    def opened(self, path: Path) -> bool:
        """Whether ``path`` is still the file this connection reads."""
        try:
            return os.stat(path).st_ino == self.inode
        except OSError:
            return False


def connect(path: Path | str) -> ModelConnection:
    wait = locks.timeout()
    conn = sqlite3.connect(str(path), timeout=wait, isolation_level=None, factory=ModelConnection)
    try:
        with contextlib.suppress(OSError):
            conn.inode = os.stat(path).st_ino
        conn.execute(f"PRAGMA busy_timeout = {int(min(wait, 2**31 // 1000) * 1000)}")
        conn.execute("PRAGMA cache_size = -65536")  # up to 64 MB of pages
        # A cache, not a record: no fsync on commit. A process killed mid-write still leaves
        # a consistent file (the journal); after an OS crash, a damaged file is rebuilt.
        conn.execute("PRAGMA synchronous = OFF")
    except BaseException:
        conn.release()
        raise
    return conn


def create_tables(conn: sqlite3.Connection, *, indexes: bool = True) -> None:
    for statement in TABLES:
        conn.execute(statement)
    if indexes:
        create_indexes(conn)


def create_indexes(conn: sqlite3.Connection) -> None:
    for statement in INDEXES:
        conn.execute(statement)


_DAMAGE_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
STORAGE_CODES = frozenset(
    {
        sqlite3.SQLITE_FULL,
        sqlite3.SQLITE_IOERR,
        sqlite3.SQLITE_READONLY,
        sqlite3.SQLITE_CANTOPEN,
        sqlite3.SQLITE_PERM,
        sqlite3.SQLITE_BUSY,
        sqlite3.SQLITE_LOCKED,
        sqlite3.SQLITE_NOMEM,
    }
)
_MAGIC = b"SQLite format 3\x00"


def error_code(exc: BaseException) -> int:
    return int(getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF  # the primary result code


def is_damage(exc: BaseException) -> bool:
    """Whether ``exc`` is SQLite saying that a database file is damaged."""
    return isinstance(exc, sqlite3.DatabaseError) and error_code(exc) in _DAMAGE_CODES


class DamagedModel(Exception):
    """What is wrong with a read-model file (a cache: it is moved aside and rebuilt)."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def model_io_error(db_path: Path, exc: BaseException) -> ModelIOError:
    """The ``ModelIOError`` for an ``OSError`` or a storage error of SQLite."""
    code = error_code(exc)
    if isinstance(exc, OSError):
        why = exc.strerror or str(exc)
    elif code == sqlite3.SQLITE_FULL:
        why = os.strerror(errno.ENOSPC)
    elif code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        why = "another process kept it busy (TRACKER_LOCK_TIMEOUT sets how long to wait)"
    else:
        why = str(exc)
    return ModelIOError(f"cannot write the read model {db_path}: {why}")


def header_problem(db_path: Path) -> str | None:
    """What the first 100 bytes and the size of the file say is wrong with it (a missing
    file is not damaged: it is built)."""
    try:
        with open(db_path, "rb") as f:
            head = f.read(100)
            size = os.fstat(f.fileno()).st_size
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise model_io_error(db_path, exc) from None
    if size == 0:
        return "it is empty"
    if not head.startswith(_MAGIC) or len(head) < 100:
        return "it is not a SQLite database"
    page = int.from_bytes(head[16:18], "big")
    page = 65536 if page == 1 else page
    if page < 512 or page & (page - 1):
        return "its header is damaged"
    pages = int.from_bytes(head[28:32], "big")
    # the page count in the header is valid when its "version valid for" matches
    if head[24:28] == head[92:96] and pages * page > size:
        return f"it is cut short ({size} of {pages * page} bytes)"
    return None


@functools.cache
def _expected_schema() -> frozenset[str]:
    """The SQL of every table and index, with the tables FTS5 makes for the search index."""
    conn = sqlite3.connect(":memory:")
    try:
        for statement in (*TABLES, *INDEXES):
            conn.execute(statement)
        found = conn.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL").fetchall()
    finally:
        conn.close()
    return frozenset(row[0] for row in found)


def schema_problem(conn: sqlite3.Connection) -> str | None:
    found = {row[0] for row in conn.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL")}
    expected = _expected_schema()
    if found == expected:
        return None
    missing, extra = len(expected - found), len(found - expected)
    return f"its tables are not this version's ({missing} missing, {extra} not expected)"


def set_aside(db_path: Path, problem: str, notice: Notice | None) -> None:
    """Move a damaged read model to ``<name>.damaged`` (one copy is kept, for a bug
    report), with its journal files, and say so. Hold the sync lock."""
    aside = db_path.with_name(db_path.name + ".damaged")
    try:
        os.replace(db_path, aside)
    except FileNotFoundError:
        pass
    except OSError as exc:
        try:
            db_path.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            raise model_io_error(db_path, exc) from None
    for suffix in ("-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            db_path.with_name(db_path.name + suffix).unlink()
    if notice:
        notice(
            f"note: the read model {db_path} was damaged: {problem}; moved it to"
            f" {aside.name} and rebuilt it from the log"
        )


def recover(db_path: Path, inode: int | None, exc: BaseException, notice: Notice | None) -> None:
    """SQLite found the read model damaged while a query read it (``exc``): move it aside,
    unless another process already did (the file is no longer inode ``inode``; None: the
    file read is not known)."""
    with sync_lock(db_path):
        try:
            current = os.stat(db_path).st_ino
        except OSError:
            return
        if inode is None or current == inode:
            set_aside(db_path, str(exc), notice)


@contextlib.contextmanager
def sync_lock(db_path: Path) -> Iterator[None]:
    """Hold the read model's lock (``<model>.lock``): one sync or rebuild at a time."""

    def cannot(exc: OSError) -> LogIOError:
        return model_io_error(db_path, exc)

    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise cannot(exc) from None
    try:
        with locks.held(db_path.with_name(db_path.name + ".lock"), cannot):
            yield
    except LockTimeoutError as exc:  # a writing command then reads the log into memory
        raise ModelIOError(str(exc)) from None


def remove_stale_rebuilds(db_path: Path) -> None:
    """Remove what killed rebuilds left (``<name>.rebuild-PID``). Hold the sync lock: every
    rebuild runs under it, so any such file is stale, whether or not its PID is taken."""
    for path in db_path.parent.glob(glob.escape(db_path.name) + ".rebuild-*"):
        with contextlib.suppress(OSError):
            path.unlink()
