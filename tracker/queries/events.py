"""Questions asked of the read model: timelines, one event, its history, the actors.

Plain functions over a ``sqlite3.Connection`` returning small frozen dataclasses, so
they work the same on the on-disk read model and on an ``--as-of`` projection in memory.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import orjson

from tracker.domain.errors import NotFoundError, ValidationError
from tracker.domain.events import check_event_ref
from tracker.domain.ids import spelled_id
from tracker.domain.perf import no_gc
from tracker.queries.actors import Span, names


@dataclass(frozen=True, slots=True)
class Participation:
    actor_id: str
    name: str
    role: str


@dataclass(slots=True)
class Entry:
    """One event as it stands now (after amendments).

    ``sources`` and ``topics`` are kept as the read model stores them (JSON) and decoded
    when asked for: most questions never look at them, and a timeline of thousands of
    events would otherwise spend a third of its time decoding them.
    """

    id: str
    seq: int
    type: str
    category: str
    when: str
    day_first: str
    summary: str
    participants: tuple[Participation, ...]
    sources_json: str = "[]"
    topics_json: str = "[]"
    location: str | None = None
    cameo: str | None = None
    recorded_at: str = ""
    recorded_by: str = ""
    amendments: int = 0
    retracted: bool = False
    retraction_reason: str | None = None
    day_last: str = ""  # the last day the date covers (an interval's end's)
    end: str | None = None  # an interval's end as written; ``when`` is then START/END

    @property
    def start(self) -> str:
        """The date the event began: ``when``, or an interval's start."""
        return self.when if self.end is None else self.when.partition("/")[0]

    @property
    def sources(self) -> tuple[dict[str, Any], ...]:
        return tuple(orjson.loads(self.sources_json))

    @property
    def topics(self) -> tuple[str, ...]:
        return tuple(orjson.loads(self.topics_json))

    def counterparts(self, exclude: Sequence[str]) -> list[Participation]:
        return [p for p in self.participants if p.actor_id not in exclude]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.when,
            "start": self.start,
            "end": self.end,
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


_ENTRY_COLUMNS = (
    "e.id, e.seq, e.type, e.category, e.when_text, e.day_first, e.summary, e.participants, "
    "e.sources, e.topics, e.location, e.cameo, e.recorded_at, e.recorded_by, e.amendments, "
    "e.retracted, e.retraction_reason, e.day_last, e.end_text"
)


Names = dict[str, tuple[str, str]]
Parts = dict[str, tuple[Participation, ...]]


def _participants(stored: str, names: Names, seen: Parts) -> tuple[Participation, ...]:
    """The participants of a row, named; the same stored list (the same people in the
    same roles, as in a series of calls) is decoded once per query."""
    found = seen.get(stored)
    if found is None:
        parts = []
        for p in orjson.loads(stored):
            actor = p["actor"]
            target, name = names.get(actor) or (actor, actor)
            parts.append(Participation(target, name, p["role"]))
        found = seen[stored] = tuple(parts)
    return found


def _entry(row: Sequence[Any], names: Names, seen: Parts) -> Entry:
    return Entry(
        row[0], row[1], row[2], row[3], row[4], row[5], row[6],
        _participants(row[7], names, seen), row[8], row[9], row[10], row[11], row[12],
        row[13], row[14], bool(row[15]), row[16], row[17], row[18],
    )  # fmt: skip


def timeline(
    conn: sqlite3.Connection,
    actors: Sequence[str | Span],
    *,
    with_actors: Sequence[Sequence[str | Span]] = (),
    start: date | None = None,
    end: date | None = None,
    types: Sequence[str] = (),
    limit: int | None = None,
    newest_first: bool = False,
    latest: bool = False,
) -> list[Entry]:
    """Events of any of ``actors`` (ids, or spans of days), in time order, retracted ones
    left out. Each group in ``with_actors`` must take part too. ``limit`` keeps the
    earliest, or with ``latest`` the latest (read newest first off the index, then put
    back in time order).

    A date window keeps the events whose dates overlap it: ``2021-08`` is kept by
    ``--from 2021-08-16``.
    """
    backwards = newest_first or latest
    sql, params = _timeline_sql(actors, with_actors, start, end, types, limit, backwards)
    known: Names = names(conn)
    seen: Parts = {}
    with no_gc():  # thousands of small objects: the collector would rescan them all
        entries = [_entry(row, known, seen) for row in conn.execute(sql, params)]
    if latest and not newest_first:
        entries.reverse()
    return entries


def timeline_json(
    conn: sqlite3.Connection,
    actors: Sequence[str | Span],
    *,
    with_actors: Sequence[Sequence[str | Span]] = (),
    start: date | None = None,
    end: date | None = None,
    types: Sequence[str] = (),
    limit: int | None = None,
    latest: bool = False,
) -> bytes:
    """The same events as ``timeline``, as the JSON of ``Entry.to_json`` (a list), made
    straight from the rows: the stored JSON of sources and topics is passed through."""
    sql, params = _timeline_sql(actors, with_actors, start, end, types, limit, latest)
    known = names(conn)
    fragment = orjson.Fragment
    seen: dict[str, list[dict[str, str]]] = {}  # stored participants -> their JSON form
    out = []
    with no_gc():
        rows = conn.execute(sql, params).fetchall()
        if latest:
            rows.reverse()
        for r in rows:
            parts = seen.get(r[7])
            if parts is None:
                parts = seen[r[7]] = [
                    {"id": p.actor_id, "name": p.name, "role": p.role}
                    for p in _participants(r[7], known, {})
                ]
            out.append(
                {
                    "id": r[0], "date": r[4],
                    "start": r[4] if r[18] is None else r[4].partition("/")[0], "end": r[18],
                    "type": r[2], "category": r[3],
                    "participants": parts, "summary": r[6], "topics": fragment(r[9]),
                    "location": r[10], "cameo": r[11], "sources": fragment(r[8]),
                    "recorded_at": r[12], "recorded_by": r[13], "amendments": r[14],
                    "retracted": bool(r[15]), "retraction_reason": r[16],
                }
            )  # fmt: skip
        data = orjson.dumps(out, option=orjson.OPT_INDENT_2)
        # Freed while the collector is still off: turned on with them alive, its first
        # pass would scan every one of these objects for nothing.
        del rows, out, seen
    return data


def _timeline_sql(
    actors: Sequence[str | Span],
    with_actors: Sequence[Sequence[str | Span]],
    start: date | None,
    end: date | None,
    types: Sequence[str],
    limit: int | None,
    newest_first: bool,
) -> tuple[str, list[Any]]:
    single = [a if isinstance(a, str) else a.actor_id for a in actors if _open(a)]
    if len(single) == 1 and len(actors) == 1 and not with_actors:
        return _timeline_of_one_sql(single[0], start, end, types, limit, newest_first)
    clauses: list[str] = []
    params: list[Any] = []
    for group in (actors, *with_actors) if actors else with_actors:  # no actors: every event
        where, values = _spans_clause(group)
        clauses.append(f"e.id IN (SELECT event_id FROM participations WHERE {where})")
        params.extend(values)
    where, values = window_clause(start, end, types)
    clauses.append(where)
    params.extend(values)
    order = "DESC" if newest_first else "ASC"
    sql = (
        f"SELECT {_ENTRY_COLUMNS} FROM events e WHERE {' AND '.join(clauses)} "
        f"ORDER BY e.day_first {order}, COALESCE(e.time_utc, '') {order}, e.seq {order}"
    )
    if limit is not None:
        sql += " LIMIT ?"
        params.append(sql_limit(limit))
    return sql, params


SQLITE_MAX_INT = (1 << 63) - 1


def sql_limit(limit: int) -> int:
    """A ``--limit`` for SQL: at least 1; beyond SQLite's largest integer it means "all"
    (SQLite would refuse the number itself)."""
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValidationError(f"--limit must be a whole number of at least 1, not {limit!r}")
    return min(limit, SQLITE_MAX_INT)


def window_clause(
    start: date | None,
    end: date | None,
    types: Sequence[str] = (),
    *,
    first: str = "e.day_first",
) -> tuple[str, list[Any]]:
    """SQL for live events (alias ``e``) whose dates overlap [start, end], of ``types``.

    >>> window_clause(date(2021, 8, 1), None)
    ('e.retracted = 0 AND e.day_last >= ?', ['2021-08-01'])
    """
    if start and end and start > end:
        raise ValidationError(f"--from {start} is after --to {end}")
    clauses, params = ["e.retracted = 0"], []
    if start:
        clauses.append("e.day_last >= ?")
        params.append(start.isoformat())
    if end:
        clauses.append(f"{first} <= ?")
        params.append(end.isoformat())
    if types:
        clauses.append(f"e.type IN ({', '.join('?' * len(types))})")
        params.extend(types)
    return " AND ".join(clauses), params


def _open(actor: str | Span) -> bool:
    return isinstance(actor, str) or (actor.first is None and actor.last is None)


def _timeline_of_one_sql(
    actor_id: str,
    start: date | None,
    end: date | None,
    types: Sequence[str],
    limit: int | None,
    newest_first: bool,
) -> tuple[str, list[Any]]:
    """One actor's events read in order off the (actor, day, time, line) index, so that
    a page of the latest 50 costs 50 rows, not a sort of all of them."""
    # the end bound on the index's own day column, so that the scan stops there
    where, values = window_clause(start, end, types, first="p.day_first")
    clauses = ["p.actor_id = ?", where]
    params: list[Any] = [actor_id, *values]
    order = "DESC" if newest_first else "ASC"
    sql = (
        f"SELECT {_ENTRY_COLUMNS} FROM participations p JOIN events e ON e.seq = p.seq"
        f" WHERE {' AND '.join(clauses)}"
        f" ORDER BY p.day_first {order}, p.time_utc {order}, p.seq {order}"
    )
    if limit is not None:
        sql += " LIMIT ?"
        params.append(sql_limit(limit))
    return sql, params


def _spans_clause(group: Sequence[str | Span]) -> tuple[str, list[Any]]:
    """SQL over participations for actors, each over its days (open spans in one IN)."""
    spans = [Span(g) if isinstance(g, str) else g for g in group]
    if not spans:
        raise ValidationError("no actor to ask about")
    open_ids = sorted({s.actor_id for s in spans if s.first is None and s.last is None})
    parts, values = [], []
    if open_ids:
        parts.append(f"actor_id IN ({', '.join('?' * len(open_ids))})")
        values += open_ids
    for s in spans:
        if s.first is None and s.last is None:
            continue
        parts.append("(actor_id = ? AND day_first >= ? AND day_first <= ?)")
        values += [s.actor_id, s.first or "0000-01-01", s.last or "9999-12-31"]
    return " OR ".join(parts), values


def find_event_id(conn: sqlite3.Connection, text: str) -> str:
    """An event id from its full form (in any spelling of a UUID: braces, ``urn:uuid:``, no
    hyphens, upper case), or a unique prefix or suffix of at least 8 characters."""
    key = _id_key(text)
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
    if len(key) < 8:
        raise NotFoundError(
            f"no event with id {text!r} (give the id, or at least its last 8 characters)"
        )
    raise NotFoundError(f"no event with id {text!r}")


def _id_key(text: str) -> str:
    key = text.strip().lower()
    try:
        key.encode("utf-8")
    except UnicodeEncodeError:  # a surrogate from a non-UTF-8 argument: sqlite would choke
        raise ValidationError(f"event id {text!r} is not valid UTF-8") from None
    return spelled_id(key) or key


def find_bad_event(conn: sqlite3.Connection, text: str) -> str | None:
    """The id of a bad event set aside (``bad_events``, not yet retracted) that ``text``
    names: its id, or a unique suffix of 8 characters or more; else None."""
    key = _id_key(text)
    rows = conn.execute(
        "SELECT DISTINCT event_id FROM bad_events WHERE retracted_seq IS NULL AND"
        " (event_id = ? OR (length(?) >= 8 AND substr(event_id, -length(?)) = ?)) LIMIT 2",
        (key, key, key, key),
    ).fetchall()
    if len(rows) != 1:
        return None
    found = str(rows[0][0])
    try:
        return check_event_ref(found, "its id")
    except ValidationError as exc:
        raise ValidationError(
            f"the bad event {found!r} cannot be retracted: {exc.message}; restore the log"
            " from a copy without it (git)"
        ) from None


def get_event(conn: sqlite3.Connection, event_id: str) -> Entry:
    row = conn.execute(
        f"SELECT {_ENTRY_COLUMNS} FROM events e WHERE e.id = ?", (event_id,)
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no event with id {event_id!r}")
    return _entry(row, names(conn), {})


def history(
    conn: sqlite3.Connection, target: str, line_at: Callable[[int], dict[str, Any]]
) -> list[Change]:
    """The trail of ``target``. A new event's payload is read back from its log line
    (``line_at(end offset)``), so history shows it as first recorded."""
    rows = conn.execute(
        "SELECT seq, event_id, type, recorded_at, recorded_by, reason, data, line_end"
        " FROM changes WHERE target = ? ORDER BY seq",
        (target,),
    ).fetchall()
    if not rows:
        raise NotFoundError(f"no event or actor with id {target!r}")
    return [
        Change(r[0], r[1], r[2], r[3], r[4], r[5], orjson.loads(r[6]) if r[6] else line_at(r[7]))
        for r in rows
    ]


def dump(conn: sqlite3.Connection) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """Every table's rows in a stable order (sync state left out): for comparing models."""
    tables = (
        "events",
        "participations",
        "actors",
        "actor_names",
        "offices",
        "affiliations",
        "changes",
    )
    return [(t, conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()) for t in tables]
