"""An append batch as both clients send it (``store``, on psycopg, and ``libpq``, on libpq
through ctypes): the rows, the statements, and the checks made before and under the lock.

No psycopg here: ``add-event --store`` imports this without it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from tracker.domain.errors import ConflictError, TrackerError
from tracker.domain.events import Event
from tracker.domain.ids import uuid7
from tracker.log.envelope import GENESIS, Encoded, Pending, encode
from tracker.log.postgres.common import (
    BAD_CONTENT,
    StoreContentError,
    StoreError,
    StoreIOError,
    StorePermissionError,
    clean_line,
    redact,
    server_error,
)

# psycopg's placeholders; ``libpq`` numbers them ($1..$8)
INSERT_SQL = """
INSERT INTO tracker.log (id, type, type_v, data, hash, pushed, recorded_at, recorded_by)
SELECT id, type, type_v, data, hash, pushed, recorded_at, recorded_by
FROM unnest(%s::text[], %s::text[], %s::int[], %s::text[], %s::text[], %s::bool[],
            %s::text[], %s::text[])
     WITH ORDINALITY AS t(id, type, type_v, data, hash, pushed, recorded_at, recorded_by, n)
ORDER BY n
RETURNING seq, chain
"""
HEAD_SQL = "SELECT seq, chain FROM tracker.log ORDER BY seq DESC LIMIT 1"
HASHES_SQL = "SELECT id, hash FROM tracker.log WHERE id = ANY(%s)"
CHUNK = 1000  # rows per INSERT statement (all of a batch's statements: one transaction)
ID_CHUNK = 10_000  # ids per content-hash query


class Head(NamedTuple):
    seq: int  # 0 for an empty log
    chain: str  # GENESIS for an empty log


EMPTY = Head(0, GENESIS)


@dataclass
class StoreAppendResult:
    ids: list[str] = field(default_factory=list)  # every event's id, in input order
    written: list[str] = field(default_factory=list)  # ids of the lines the server wrote
    duplicates: list[str] = field(default_factory=list)  # ids it already had, same content
    head: Head = field(default_factory=lambda: EMPTY)  # the head after it


@dataclass(frozen=True)
class PushResult:
    added: int  # events the server did not have, appended re-chained
    duplicates: int  # events it had already (the same id and content)
    head: Head  # the server's head afterwards (its LogsMerged event's, if any was added)


@dataclass(frozen=True)
class PullResult:
    events: int
    head: Head
    path: Path


class InputRow(NamedTuple):
    id: str
    type: str
    type_v: int
    data: str
    hash: str
    pushed: bool = False
    recorded_at: str | None = None
    recorded_by: str | None = None


def _encoded(item: Pending | Event | Encoded) -> Encoded:
    if isinstance(item, Encoded):
        return item
    if isinstance(item, Pending):
        return encode(item.event, item.id)
    return encode(item)


@dataclass
class Batch:
    """The rows of one append: duplicates inside the input dropped (the same id twice with
    other content: ``ConflictError``), and the caller-given ids (``given``) to look up."""

    result: StoreAppendResult
    rows: list[InputRow]
    given: list[str]

    @classmethod
    def of(cls, items: Iterable[Pending | Event | Encoded]) -> Batch:
        encoded = [_encoded(item) for item in items]
        result = StoreAppendResult(ids=[e.id or uuid7() for e in encoded])
        given = {e.id for e in encoded if e.id}
        seen: dict[str, str] = {}
        rows: list[InputRow] = []
        for e, event_id in zip(encoded, result.ids, strict=True):
            known = seen.get(event_id)
            if known is not None:
                if known != e.hash:
                    raise ConflictError(
                        f"event id {event_id} is given twice in this input with different"
                        " content; nothing was written"
                    )
                result.duplicates.append(event_id)
                continue
            seen[event_id] = e.hash
            rows.append(InputRow(event_id, e.type, e.type_v, e.data.decode(), e.hash))
        return cls(result, rows, [r.id for r in rows if r.id in given])

    def fresh(self, existing: dict[str, str]) -> list[InputRow]:
        """The rows to insert, given the content hash of each id the server has (read under
        the lock); the same id with other content is ``ConflictError``."""
        fresh: list[InputRow] = []
        for row in self.rows:
            digest = existing.get(row.id)
            if digest is None:
                fresh.append(row)
            elif digest != row.hash:
                raise ConflictError(
                    f"event id {row.id} is already in the log with different content;"
                    " nothing was written"
                )
            else:
                self.result.duplicates.append(row.id)
        self.result.written = [r.id for r in fresh]
        return fresh


def append_error(
    url: str, exc: BaseException, ids: Sequence[str], doing: str, committing: bool, user: str
) -> TrackerError:
    """The one-line error of a failed append (``exc``: psycopg's or ``libpq.PgError``)."""
    error = server_error(url, exc, doing)
    if getattr(exc, "sqlstate", None) == BAD_CONTENT:
        return StoreContentError(f"{error}; nothing was written")
    if isinstance(error, StorePermissionError):
        user = clean_line(url, user)
        return StorePermissionError(
            f"role {user} may not append to the store {redact(url)}: it is not a"
            " member of the store's writer role; nothing was written"
        )
    if isinstance(error, StoreIOError):
        outcome = (
            "the append may have been committed: append the same event ids again"
            " (those already there are skipped)"
            if committing
            else "nothing was written"
        )
        return StoreIOError(f"{error}; {outcome}", ids, committing)
    return StoreError(f"{error}; nothing was written")
