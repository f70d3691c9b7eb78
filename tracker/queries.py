"""Questions asked of the read model: timelines, one event, its history, the actors.

Plain functions over a ``sqlite3.Connection`` returning small frozen dataclasses, so
they work the same on the on-disk read model and on an ``--as-of`` projection in memory.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import orjson

from .errors import NotFoundError, ValidationError


@dataclass(frozen=True)
class Participation:
    actor_id: str
    name: str
    role: str


@dataclass(frozen=True)
class Entry:
    """One event as it stands now (after amendments)."""

    id: str
    seq: int
    type: str
    category: str
    when: str
    day_first: str
    summary: str
    participants: tuple[Participation, ...]
    sources: tuple[dict[str, Any], ...]
    topics: tuple[str, ...] = ()
    location: str | None = None
    cameo: str | None = None
    recorded_at: str = ""
    recorded_by: str = ""
    amendments: int = 0
    retracted: bool = False
    retraction_reason: str | None = None

    def counterparts(self, exclude: Sequence[str]) -> list[Participation]:
        return [p for p in self.participants if p.actor_id not in exclude]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.when,
            "type": self.type,
            "category": self.category,
            "participants": [
                {"id": p.actor_id, "name": p.name, "role": p.role} for p in self.participants
            ],
            "summary": self.summary,
            "topics": list(self.topics),
            "location": self.location,
            "cameo": self.cameo,
            "sources": list(self.sources),
            "recorded_at": self.recorded_at,
            "recorded_by": self.recorded_by,
            "amendments": self.amendments,
            "retracted": self.retracted,
            "retraction_reason": self.retraction_reason,
        }


@dataclass(frozen=True)
class Change:
    seq: int
    event_id: str
    type: str
    recorded_at: str
    recorded_by: str
    reason: str | None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ActorSummary:
    id: str
    name: str
    kind: str
    country: str | None
    aliases: tuple[str, ...]
    events: int
    first: str | None
    last: str | None


_ENTRY_COLUMNS = (
    "e.id, e.seq, e.type, e.category, e.when_text, e.day_first, e.summary, e.participants, "
    "e.sources, e.topics, e.location, e.cameo, e.recorded_at, e.recorded_by, e.amendments, "
    "e.retracted, e.retraction_reason"
)


def _names(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT id, name FROM actors").fetchall())


def _entry(row: Sequence[Any], names: dict[str, str]) -> Entry:
    parts = tuple(
        Participation(p["actor"], names.get(p["actor"], p["actor"]), p["role"])
        for p in orjson.loads(row[7])
    )
    return Entry(
        id=row[0],
        seq=row[1],
        type=row[2],
        category=row[3],
        when=row[4],
        day_first=row[5],
        summary=row[6],
        participants=parts,
        sources=tuple(orjson.loads(row[8])),
        topics=tuple(orjson.loads(row[9])),
        location=row[10],
        cameo=row[11],
        recorded_at=row[12],
        recorded_by=row[13],
        amendments=row[14],
        retracted=bool(row[15]),
        retraction_reason=row[16],
    )


def timeline(
    conn: sqlite3.Connection,
    actors: Sequence[str],
    *,
    with_actors: Sequence[str] = (),
    start: date | None = None,
    end: date | None = None,
    types: Sequence[str] = (),
    limit: int | None = None,
    newest_first: bool = False,
) -> list[Entry]:
    """Events of any of ``actors`` (ids), in time order, retracted ones left out.

    A date window keeps the events whose dates overlap it: ``2021-08`` is kept by
    ``--from 2021-08-16``.
    """
    if start and end and start > end:
        raise ValidationError(f"--from {start} is after --to {end}")
    clauses = ["e.retracted = 0"]
    params: list[Any] = []
    marks = ", ".join("?" * len(actors))
    clauses.append(f"e.id IN (SELECT event_id FROM participations WHERE actor_id IN ({marks}))")
    params.extend(actors)
    for other in with_actors:
        clauses.append("e.id IN (SELECT event_id FROM participations WHERE actor_id = ?)")
        params.append(other)
    if start:
        clauses.append("e.day_last >= ?")
        params.append(start.isoformat())
    if end:
        clauses.append("e.day_first <= ?")
        params.append(end.isoformat())
    if types:
        clauses.append(f"e.type IN ({', '.join('?' * len(types))})")
        params.extend(types)
    order = "DESC" if newest_first else "ASC"
    sql = (
        f"SELECT {_ENTRY_COLUMNS} FROM events e WHERE {' AND '.join(clauses)} "
        f"ORDER BY e.day_first {order}, COALESCE(e.time_utc, '') {order}, e.seq {order}"
    )
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    names = _names(conn)
    return [_entry(row, names) for row in conn.execute(sql, params)]


def find_event_id(conn: sqlite3.Connection, text: str) -> str:
    """An event id from its full form, or a unique prefix or suffix of at least 8 characters."""
    key = text.strip().lower()
    row = conn.execute(
        "SELECT target FROM changes WHERE target = ? OR event_id = ? LIMIT 1", (key, key)
    ).fetchone()
    if row:
        return str(row[0])
    if len(key) >= 8:
        rows = conn.execute(
            "SELECT DISTINCT target FROM changes WHERE target >= ? AND target < ? LIMIT 3",
            (key, key + "\uffff"),
        ).fetchall()
        if not rows:
            rows = conn.execute(
                "SELECT DISTINCT target FROM changes WHERE substr(target, -?) = ? LIMIT 3",
                (len(key), key),
            ).fetchall()
        if len(rows) == 1:
            return str(rows[0][0])
        if len(rows) > 1:
            raise ValidationError(f"event id {text!r} matches several events; give more characters")
    raise NotFoundError(f"no event with id {text!r}")


def get_event(conn: sqlite3.Connection, event_id: str) -> Entry:
    row = conn.execute(
        f"SELECT {_ENTRY_COLUMNS} FROM events e WHERE e.id = ?", (event_id,)
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no event with id {event_id!r}")
    return _entry(row, _names(conn))


def history(conn: sqlite3.Connection, target: str) -> list[Change]:
    rows = conn.execute(
        "SELECT seq, event_id, type, recorded_at, recorded_by, reason, data FROM changes "
        "WHERE target = ? ORDER BY seq",
        (target,),
    ).fetchall()
    if not rows:
        raise NotFoundError(f"no event or actor with id {target!r}")
    return [Change(r[0], r[1], r[2], r[3], r[4], r[5], orjson.loads(r[6])) for r in rows]


def actor_summaries(conn: sqlite3.Connection) -> list[ActorSummary]:
    rows = conn.execute(
        """
        SELECT a.id, a.name, a.kind, a.country, a.aliases,
               COUNT(e.id), MIN(e.day_first), MAX(e.day_last)
        FROM actors a
        LEFT JOIN participations p ON p.actor_id = a.id
        LEFT JOIN events e ON e.id = p.event_id AND e.retracted = 0
        GROUP BY a.id
        ORDER BY COUNT(e.id) DESC, a.name
        """
    ).fetchall()
    return [
        ActorSummary(r[0], r[1], r[2], r[3], tuple(orjson.loads(r[4])), r[5], r[6], r[7])
        for r in rows
    ]


def actor_name(conn: sqlite3.Connection, actor_id: str) -> str:
    row = conn.execute("SELECT name FROM actors WHERE id = ?", (actor_id,)).fetchone()
    return str(row[0]) if row else actor_id


def dump(conn: sqlite3.Connection) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """Every table's rows in a stable order (sync state left out): for comparing models."""
    tables = ("events", "participations", "actors", "actor_names", "changes")
    return [(t, conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()) for t in tables]
