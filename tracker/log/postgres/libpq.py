"""The team server's fast client: libpq itself through ctypes, for a command's start-up.

Importing psycopg takes about 2.4 times ``import typer`` (it loads asyncio, logging and its
adapters), more than a whole ``add-event`` may cost. So what a command does before and
while it appends (``StoreLog``: the head, the chain at a seq, the lines after it, the
append) goes through ``LibpqStore``, which loads the libpq shared library with ctypes
(a few milliseconds) and speaks to the server through it: the same library psycopg uses,
so the URL, services (``~/.pg_service.conf``), ``.pgpass``, SSL and SCRAM behave alike.
Everything else (``store init`` and ``grant``, ``push``, ``pull``, ``watch``, the tests'
own checks) keeps psycopg (``tracker.log.postgres.store.Store``).

The append is ``Store.append``'s: one transaction, the lock taken first
(``tracker.lock_log()``), the caller-given ids looked up under it (the same content:
skipped; other content: ``ConflictError``, nothing written), the rows inserted (the server
writes the envelope), the commit; errors are the same one-line errors
(``tracker.log.postgres.batch``). Parameters go as text, arrays as PostgreSQL array
literals; results come back as the server's UTF-8 bytes.

Where it cannot run, ``connect`` gives psycopg's ``Store`` instead (the one place that
decides): when ``TRACKER_LIBPQ=psycopg`` says so, or when no libpq can be loaded (neither
the one psycopg's binary wheel bundles, ``psycopg_binary.libs/libpq-*.so*``, nor the
system's ``libpq.so.5``: Debian's ``libpq5``).
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

from tracker.domain.errors import TrackerError
from tracker.domain.events import Event
from tracker.log.envelope import Encoded, Pending
from tracker.log.postgres.batch import (
    CHUNK,
    EMPTY,
    HASHES_SQL,
    HEAD_SQL,
    ID_CHUNK,
    INSERT_SQL,
    Batch,
    Head,
    StoreAppendResult,
    append_error,
)
from tracker.log.postgres.common import StoreError, connect_error, redact, server_error

LIBPQ_ENV = "TRACKER_LIBPQ"  # "psycopg": never the fast path; a path: that libpq

_CONNECTION_OK = 0
_COMMAND_OK, _TUPLES_OK = 1, 2
_TRANS_IDLE = 0
_DIAG_SQLSTATE, _DIAG_MESSAGE_PRIMARY = ord("C"), ord("M")
_INSERT = INSERT_SQL % tuple(f"${n}" for n in range(1, 9))
_HASHES = HASHES_SQL.replace("%s", "$1::text[]")


class PgError(Exception):
    """A statement the server refused, or a connection that failed or was lost
    (``lost``). ``primary``: the server's primary message; ``sqlstate``: its code."""

    def __init__(self, primary: str, sqlstate: str | None = None, lost: bool = False) -> None:
        super().__init__(primary)
        self.primary, self.sqlstate, self.lost = primary, sqlstate, lost


class Client(Protocol):
    """What ``StoreLog`` needs of a store client: ``LibpqStore`` or psycopg's ``Store``."""

    url: str

    def close(self) -> None: ...
    def head(self) -> Head: ...
    def chain_at(self, seq: int) -> str | None: ...
    def blocks(self, after: int = 0, rows: int = 20_000) -> Iterator[tuple[int, bytes]]: ...
    def append(self, items: Iterable[Pending | Event | Encoded]) -> StoreAppendResult: ...


# ---------------------------------------------------------------------- the library

_lib: Any = None
_tried = False


def _candidates() -> list[str]:
    given = os.environ.get(LIBPQ_ENV, "")
    if given and given != "psycopg":
        return [given]
    found: list[str] = []
    # psycopg's own libpq, found where importing psycopg_binary would find it (not imported)
    spec = importlib.util.find_spec("psycopg_binary")
    if spec is not None and spec.origin:
        folder = Path(spec.origin).parent.parent / "psycopg_binary.libs"
        found = sorted(str(p) for p in folder.glob("libpq-*.so*"))
    return [*found, "libpq.so.5"]


def _load() -> Any:
    """The libpq library with the prototypes used here, or None if none loads."""
    global _lib, _tried
    if _tried:
        return _lib
    _tried = True
    if os.environ.get(LIBPQ_ENV) == "psycopg":
        return None
    for name in _candidates():
        try:
            lib = ctypes.CDLL(name)
            lib.PQlibVersion  # noqa: B018 - a libpq, not some other library
        except (OSError, AttributeError):
            continue
        _prototypes(lib)
        _lib = lib
        break
    return _lib


def _prototypes(lib: Any) -> None:
    p, c, i = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
    signatures: dict[str, tuple[Any, list[Any]]] = {
        "PQconnectdbParams": (p, [ctypes.POINTER(c), ctypes.POINTER(c), i]),
        "PQstatus": (i, [p]),
        "PQerrorMessage": (c, [p]),
        "PQfinish": (None, [p]),
        "PQuser": (c, [p]),
        "PQtransactionStatus": (i, [p]),
        "PQexec": (p, [p, c]),
        "PQexecParams": (p, [p, c, i, p, ctypes.POINTER(c), p, p, i]),
        "PQresultStatus": (i, [p]),
        "PQresultErrorField": (c, [p, i]),
        "PQresultErrorMessage": (c, [p]),
        "PQntuples": (i, [p]),
        "PQnfields": (i, [p]),
        "PQgetvalue": (p, [p, i, i]),
        "PQgetlength": (i, [p, i, i]),
        "PQgetisnull": (i, [p, i, i]),
        "PQclear": (None, [p]),
        "PQsetNoticeProcessor": (p, [p, p, p]),
    }
    for name, (restype, argtypes) in signatures.items():
        function = getattr(lib, name)
        function.restype, function.argtypes = restype, argtypes


_NOTICES = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_char_p)
_quiet = _NOTICES(lambda _arg, _message: None)  # the server's NOTICEs: not on stderr


def available() -> bool:
    """Whether the fast path can run here (a libpq loads, and it is not switched off)."""
    return _load() is not None


def connect(url: str) -> Client:
    """The client for ``url``: ``LibpqStore`` where libpq loads, else psycopg's ``Store``
    (the one place that chooses; see the module doc)."""
    if available():
        return LibpqStore(url)
    from tracker.log.postgres.store import Store

    return Store(url)


# ---------------------------------------------------------------------- one connection


def _array(values: Iterable[object]) -> bytes:
    """A PostgreSQL array literal of text elements (None: NULL)."""
    parts = []
    for value in values:
        if value is None:
            parts.append("NULL")
        else:
            text = str(value).replace("\\", "\\\\").replace('"', '\\"')
            parts.append(f'"{text}"')
    return ("{" + ",".join(parts) + "}").encode()


class _Connection:
    def __init__(self, lib: Any, url: str) -> None:
        self.lib = lib
        keys = (ctypes.c_char_p * 4)(b"dbname", b"client_encoding", b"fallback_application_name")
        values = (ctypes.c_char_p * 4)(url.encode(), b"UTF8", b"tracker")
        self.conn = lib.PQconnectdbParams(keys, values, 1)
        if not self.conn:
            raise PgError("out of memory", lost=True)
        if lib.PQstatus(self.conn) != _CONNECTION_OK:
            message = (lib.PQerrorMessage(self.conn) or b"").decode(errors="replace")
            lib.PQfinish(self.conn)
            self.conn = None
            raise PgError(message.strip() or "cannot connect", lost=True)
        lib.PQsetNoticeProcessor(self.conn, ctypes.cast(_quiet, ctypes.c_void_p), None)

    @property
    def ok(self) -> bool:
        return bool(self.conn) and self.lib.PQstatus(self.conn) == _CONNECTION_OK

    @property
    def idle(self) -> bool:
        return self.lib.PQtransactionStatus(self.conn) == _TRANS_IDLE

    def close(self) -> None:
        if self.conn:
            self.lib.PQfinish(self.conn)
            self.conn = None

    def user(self) -> str:
        return (self.lib.PQuser(self.conn) or b"").decode(errors="replace")

    def run(self, query: str, *params: bytes | None) -> list[list[bytes | None]]:
        """The rows of one statement (``params``: $1..., as text), or of the last of
        several (no params: the simple protocol); ``PgError`` if it failed."""
        lib = self.lib
        if params:
            values = (ctypes.c_char_p * len(params))(*params)
            res = lib.PQexecParams(self.conn, query.encode(), len(params), None, values,
                                   None, None, 0)  # fmt: skip
        else:
            res = lib.PQexec(self.conn, query.encode())
        if not res:
            raise self._failure(None)
        try:
            status = lib.PQresultStatus(res)
            if status not in (_COMMAND_OK, _TUPLES_OK):
                raise self._failure(res)
            rows, fields = lib.PQntuples(res), lib.PQnfields(res)
            value, length, null, at = (
                lib.PQgetvalue,
                lib.PQgetlength,
                lib.PQgetisnull,
                ctypes.string_at,
            )
            return [
                [
                    None if null(res, r, f) else at(value(res, r, f), length(res, r, f))
                    for f in range(fields)
                ]
                for r in range(rows)
            ]
        finally:
            lib.PQclear(res)

    def _failure(self, res: Any) -> PgError:
        lib = self.lib
        state = lib.PQresultErrorField(res, _DIAG_SQLSTATE) if res else None
        primary = lib.PQresultErrorField(res, _DIAG_MESSAGE_PRIMARY) if res else None
        if not primary:
            primary = (lib.PQresultErrorMessage(res) if res else None) or lib.PQerrorMessage(
                self.conn
            )
        return PgError(
            (primary or b"the server gave no message").decode(errors="replace").strip(),
            state.decode() if state else None,
            lost=not self.ok,
        )


# ---------------------------------------------------------------------- the client


class LibpqStore:
    """A log on a PostgreSQL server, through libpq (see the module doc): the reads a
    catch-up needs and the append, as psycopg's ``Store`` does them. Keeps one connection,
    opened on first use and again after a failure."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._conn: _Connection | None = None

    def __repr__(self) -> str:
        return f"LibpqStore({redact(self.url)!r})"

    def __enter__(self) -> LibpqStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _connection(self) -> _Connection:
        if self._conn is None or not self._conn.ok:
            if self._conn is not None:
                self._conn.close()
            self._conn = None
            try:
                self._conn = _Connection(_load(), self.url)
            except PgError as exc:
                raise connect_error(self.url, exc) from None
        return self._conn

    def _drop(self, conn: _Connection) -> None:
        """After a failure: roll back if the connection still works, else forget it."""
        try:
            if conn.ok:
                if not conn.idle:
                    conn.run("ROLLBACK")
                return
        except PgError:
            pass
        conn.close()
        if conn is self._conn:
            self._conn = None

    @property
    def user(self) -> str:
        """The role this store's connection logs in as (``session_user``)."""
        return self._connection().user()

    # ------------------------------------------------------------------ reading

    def _read(self, doing: str, query: str, *params: bytes) -> list[list[bytes | None]]:
        conn = self._connection()
        try:
            return conn.run(query, *params)
        except PgError as exc:
            self._drop(conn)
            raise server_error(self.url, exc, doing) from None

    def head(self) -> Head:
        return _head(self._read("cannot read the store's head", HEAD_SQL))

    def chain_at(self, seq: int) -> str | None:
        """The chain hash of line ``seq`` on the server, or None if it has no such line."""
        rows = self._read(
            "cannot read the store", "SELECT chain FROM tracker.log WHERE seq = $1",
            str(seq).encode(),
        )  # fmt: skip
        return _text(rows[0][0]) if rows else None

    def blocks(self, after: int = 0, rows: int = 20_000) -> Iterator[tuple[int, bytes]]:
        """(last seq, up to ``rows`` lines with their newlines) after ``seq`` ``after``,
        from one snapshot (``Store.blocks``)."""
        conn = self._connection()
        try:
            head = _head(conn.run(f"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; {HEAD_SQL}"))
            start = after
            while start < head.seq:
                end = min(start + rows, head.seq)
                found = conn.run(
                    "SELECT line FROM tracker.log WHERE seq > $1 AND seq <= $2 ORDER BY seq",
                    str(start).encode(), str(end).encode(),
                )  # fmt: skip
                lines = [row[0] or b"" for row in found]
                if len(lines) != end - start:
                    raise StoreError(f"the store {redact(self.url)} lacks lines {start + 1}..{end}")
                lines.append(b"")
                yield end, b"\n".join(lines)
                start = end
        except PgError as exc:
            self._drop(conn)
            raise server_error(self.url, exc, "cannot read the store") from None
        finally:  # also when the caller stops early
            if conn.ok and not conn.idle:
                try:
                    conn.run("ROLLBACK")
                except PgError:
                    conn.close()

    def lines(self, after: int = 0) -> Iterator[tuple[int, bytes]]:
        """(seq, line with its newline) of every line after ``seq`` ``after``, in order,
        from one snapshot (``Store.lines``)."""
        for last, block in self.blocks(after):
            lines = block.split(b"\n")[:-1]
            first = last - len(lines) + 1
            for offset, line in enumerate(lines):
                yield first + offset, line + b"\n"

    # ------------------------------------------------------------------ appending

    def append(self, items: Iterable[Pending | Event | Encoded]) -> StoreAppendResult:
        """Append events in one transaction: all of them, or none (``Store.append``)."""
        batch = Batch.of(items)
        result = batch.result
        conn = self._connection()
        committing = False
        doing = "cannot append to the store"
        try:
            conn.run("BEGIN; SELECT tracker.lock_log()")
            existing: dict[str, str] = {}
            for start in range(0, len(batch.given), ID_CHUNK):
                chunk = _array(batch.given[start : start + ID_CHUNK])
                for event_id, digest in conn.run(_HASHES, chunk):
                    existing[_text(event_id)] = _text(digest)
            fresh = batch.fresh(existing)
            head: Head | None = None
            for start in range(0, len(fresh), CHUNK):
                columns = list(zip(*fresh[start : start + CHUNK], strict=True))
                for seq, chain in conn.run(_INSERT, *(_array(column) for column in columns)):
                    if head is None or int(_text(seq)) > head.seq:
                        head = Head(int(_text(seq)), _text(chain))
            if head is None:  # nothing to write: the head read under the lock
                result.head = _head(conn.run(HEAD_SQL))
                conn.run("ROLLBACK")
                return result
            committing = True
            conn.run("COMMIT")
            result.head = head
            return result
        except TrackerError:
            self._drop(conn)
            raise
        except PgError as exc:
            user = conn.user() if conn.conn else ""
            self._drop(conn)
            raise append_error(self.url, exc, result.ids, doing, committing, user) from None


def _text(value: bytes | None) -> str:
    return (value or b"").decode()


def _head(rows: list[list[bytes | None]]) -> Head:
    if not rows:
        return EMPTY
    return Head(int(_text(rows[0][0])), _text(rows[0][1]))
