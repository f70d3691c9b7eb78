"""The log on a team server (PostgreSQL): append, read, pull, push and wait for news.

``Store(url)`` is the client; the server's side (the table, the roles, the triggers that
seal every line and keep the table append-only) is ``tracker.log.postgres.schema``, which explains
the design. What a client does:

- ``append``: one transaction per batch. It takes the log lock first (``tracker.lock_log()``),
  reads which of the batch's caller-given ids the server already has (same content: skipped;
  other content: ``ConflictError``, nothing written), inserts the rest (only their id, type,
  payload and content hash: the server writes the envelope) and commits. A failed append
  leaves nothing; losing the connection while committing is the one case whose outcome is
  unknown, and the error says so: appending the same ids again is then safe (``.ids``).
- ``lines(after=N)``: the lines from ``seq`` N+1 on, for a reader catching up; ``head()``.
- ``transfer.pull(store, path)``: the server's log written as a file log, byte for byte, verified before
  it replaces ``path``.
- ``transfer.push(store, path)``: a file log's events the server lacks (by id), appended after the server's
  head and re-chained, then a ``LogsMerged`` event: ``tracker merge``'s rules, with the
  server as "ours".
- ``wait_for(after, timeout)``: sleep until the head passes ``after``: woken by NOTIFY, and
  polling meanwhile, so a lost notification only delays it.

A URL may be anything libpq takes (``postgresql://alice@db/desk``, ``postgresql:///desk?
service=desk``); it goes to libpq as it is, so services and ``.pgpass`` work. Its password
never appears in a message or a repr (``redact``).

Importing this module imports psycopg (about twice ``import typer``), so only ``store
init``/``grant``, ``push``, ``pull`` and ``watch`` do (and every command where libpq cannot
be loaded): a command's catch-up and append go through ``tracker.log.postgres.libpq``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import psycopg
import psycopg.errors
from psycopg.adapt import Loader
from psycopg.pq import Format

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
    InputRow,
    PullResult,
    PushResult,
    StoreAppendResult,
    append_error,
)
from tracker.log.postgres.common import (
    CHANNEL,
    StoreError,
    connect_error,
    redact,
    server_error,
)

__all__ = ["HEAD_SQL", "Head", "InputRow", "PullResult", "PushResult", "Store", "StoreAppendResult"]


class RawText(Loader):
    """A text column in binary format as its bytes (the server's UTF-8, undecoded)."""

    format = Format.BINARY

    def load(self, data: Any) -> bytes:
        return bytes(data)


# ---------------------------------------------------------------------- the client


class Store:
    """A log on a PostgreSQL server. Keeps one connection (opened on first use, opened
    again after a failure) and, for ``wait_for``, a second one that listens."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._conn: psycopg.Connection[Any] | None = None
        self._listener: psycopg.Connection[Any] | None = None

    def __repr__(self) -> str:
        return f"Store({redact(self.url)!r})"

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for conn in (self._conn, self._listener):
            if conn is not None:
                conn.close()
        self._conn = self._listener = None

    # ------------------------------------------------------------------ connections

    def _open(self, autocommit: bool = False) -> psycopg.Connection[Any]:
        try:
            return psycopg.connect(self.url, autocommit=autocommit)
        except psycopg.Error as exc:
            raise connect_error(self.url, exc) from None

    def _connection(self) -> psycopg.Connection[Any]:
        if self._conn is None or self._conn.closed or self._conn.broken:
            self._conn = self._open()
        return self._conn

    def _drop(self, conn: psycopg.Connection[Any]) -> None:
        """After a failure: roll back if the connection still works, else forget it."""
        try:
            if not conn.broken:
                conn.rollback()
                return
        except psycopg.Error:
            pass
        conn.close()
        if conn is self._conn:
            self._conn = None

    @property
    def user(self) -> str:
        """The role this store's connection logs in as (``session_user``)."""
        return str(self._connection().info.user)

    # ------------------------------------------------------------------ reading

    def head(self) -> Head:
        conn = self._connection()
        try:
            head = _head_of(conn)
            conn.rollback()
        except psycopg.Error as exc:
            self._drop(conn)
            raise server_error(self.url, exc, "cannot read the store's head") from None
        return head

    def lines(self, after: int = 0, batch: int = 10_000) -> Iterator[tuple[int, bytes]]:
        """(seq, line with its newline) of every line after ``seq`` ``after``, in order,
        from one snapshot (so a prefix of the log: seq is assigned in commit order)."""
        conn = self._connection()
        try:
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            with conn.cursor(name="tracker_lines") as cur:
                cur.itersize = batch
                cur.execute(
                    "SELECT seq, line FROM tracker.log WHERE seq > %s ORDER BY seq", (after,)
                )
                for seq, line in cur:
                    yield seq, line.encode() + b"\n"
        except psycopg.Error as exc:
            self._drop(conn)
            raise server_error(self.url, exc, "cannot read the store") from None
        finally:  # also when the caller stops early: the next append needs a new transaction
            if not conn.closed and not conn.broken:
                conn.rollback()

    def chain_at(self, seq: int) -> str | None:
        """The chain hash of line ``seq`` on the server, or None if it has no such line."""
        conn = self._connection()
        try:
            row = conn.execute("SELECT chain FROM tracker.log WHERE seq = %s", (seq,)).fetchone()
            conn.rollback()
        except psycopg.Error as exc:
            self._drop(conn)
            raise server_error(self.url, exc, "cannot read the store") from None
        return str(row[0]) if row else None

    def blocks(self, after: int = 0, rows: int = 20_000) -> Iterator[tuple[int, bytes]]:
        """(last seq, up to ``rows`` lines with their newlines) after ``seq`` ``after``, from
        one snapshot, a range of the gap-free ``seq`` at a time; each line arrives as the
        server's UTF-8 bytes (binary results, ``RawText``: nothing decoded or re-encoded)."""
        conn = self._connection()
        try:
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            head = _head_of(conn)
            cur = conn.cursor(binary=True)
            cur.adapters.register_loader("text", RawText)
            start = after
            while start < head.seq:
                end = min(start + rows, head.seq)
                cur.execute(
                    "SELECT line FROM tracker.log WHERE seq > %s AND seq <= %s ORDER BY seq",
                    (start, end),
                )
                lines = [row[0] for row in cur.fetchall()]
                if len(lines) != end - start:
                    raise StoreError(f"the store {redact(self.url)} lacks lines {start + 1}..{end}")
                lines.append(b"")
                yield end, b"\n".join(lines)
                start = end
        except psycopg.Error as exc:
            self._drop(conn)
            raise server_error(self.url, exc, "cannot read the store") from None
        finally:
            if not conn.closed and not conn.broken:
                conn.rollback()

    # ------------------------------------------------------------------ appending

    def append(self, items: Iterable[Pending | Event | Encoded]) -> StoreAppendResult:
        """Append events in one transaction: all of them, or none (see the module doc)."""
        batch = Batch.of(items)

        def write(cur: psycopg.Cursor[Any]) -> Head | None:
            return insert_rows(cur, batch.fresh(content_hashes(cur, batch.given)))

        batch.result.head = self.transaction(write, batch.result.ids, "cannot append to the store")
        return batch.result

    def transaction(self, write: Any, ids: Sequence[str], doing: str) -> Head:
        """Run ``write(cursor)`` under the log lock in one transaction and commit; return
        the head after it (``write`` returns the new head, or None if it wrote nothing)."""
        conn = self._connection()
        committing = False
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT tracker.lock_log()")
                head = write(cur)
                if head is None:  # nothing to write: the head read under the lock
                    row = cur.execute(HEAD_SQL).fetchone()
                    head = Head(row[0], row[1]) if row else EMPTY
                    conn.rollback()
                    return head
            committing = True
            conn.commit()
            return head
        except TrackerError:
            self._drop(conn)
            raise
        except psycopg.Error as exc:
            user = conn.info.user
            self._drop(conn)
            raise append_error(self.url, exc, ids, doing, committing, user) from None

    # ------------------------------------------------------------------ waiting

    def wait_for(self, after: int, timeout: float, poll: float = 1.0) -> int:
        """The head's seq once it is past ``after``, or when ``timeout`` seconds have
        passed (then it may still be ``after``). Woken by the server's NOTIFY on every
        append; it also looks every ``poll`` seconds, so a lost notification only delays it."""
        deadline = time.monotonic() + timeout
        try:
            listener = self._listening()
            while True:
                row = listener.execute("SELECT coalesce(max(seq), 0) FROM tracker.log").fetchone()
                seq = int(row[0]) if row else 0
                remaining = deadline - time.monotonic()
                if seq > after or remaining <= 0:
                    return seq
                for _ in listener.notifies(timeout=min(poll, remaining), stop_after=1):
                    pass
        except psycopg.Error as exc:
            if self._listener is not None:
                self._listener.close()
                self._listener = None
            raise server_error(self.url, exc, "cannot wait for the store") from None

    def _listening(self) -> psycopg.Connection[Any]:
        if self._listener is None or self._listener.closed or self._listener.broken:
            self._listener = self._open(autocommit=True)
            self._listener.execute(f"LISTEN {CHANNEL}")
        return self._listener


def _head_of(conn: psycopg.Connection[Any]) -> Head:
    row = conn.execute(HEAD_SQL).fetchone()
    return Head(row[0], row[1]) if row else EMPTY


def content_hashes(cur: psycopg.Cursor[Any], ids: list[str]) -> dict[str, str]:
    """The content hash of each of ``ids`` the server has."""
    found: dict[str, str] = {}
    for start in range(0, len(ids), ID_CHUNK):
        cur.execute(HASHES_SQL, (ids[start : start + ID_CHUNK],))
        found.update(cur.fetchall())
    return found


def insert_rows(cur: psycopg.Cursor[Any], rows: list[InputRow]) -> Head | None:
    """Insert rows in statements of ``CHUNK``; the head after the last, or None."""
    head: Head | None = None
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        columns = [list(column) for column in zip(*chunk, strict=True)]
        cur.execute(INSERT_SQL, columns)
        for seq, chain in cur.fetchall():
            if head is None or seq > head.seq:
                head = Head(seq, chain)
    return head
