"""What the explorer page holds: the events of a selection, compact, as plain JSON values.

The events are column arrays (one list per field, an event's fields at one index), in
time order; actors, roles, types, topics, tags and recorders are tables that the events
point into by index, so that a name repeated on thousands of events is written once.
A selection above ``MAX_EVENTS`` is refused before anything is built: a page that holds
more would take too long to open (see ``benchmarks/explorer_bench.py``).

Tags, stars and notes come from the annotation events (``tracker tag``, ``star``,
``note``: ``tracker.queries.annotations``), as the log stood at ``--as-of``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import orjson

from tracker.domain.errors import ValidationError
from tracker.domain.filters import EventFilter
from tracker.queries.actors import names, resolve_spans
from tracker.queries.annotations import Annotations, annotation_clause, annotations_of
from tracker.queries.events import Entry, get_event
from tracker.queries.events import timeline as timeline_rows

if TYPE_CHECKING:
    from tracker.services.tracker import Tracker

MAX_EVENTS = 50_000  # above this many events the page would not open in reasonable time
_EPOCH = date(1970, 1, 1).toordinal()
SOURCE_FIELDS = ("url", "outlet", "published", "quote")
KINDS = {"EventAmended": "amended", "EventRetracted": "retracted"}


def too_many(count: int, limit: int) -> ValidationError:
    return ValidationError(
        f"the selection holds more than {limit:,} events, more than the explorer page can"
        " hold; narrow it with --actor, --with, --from/--to or --type"
    )


@dataclass(frozen=True)
class Selection:
    entries: list[Entry]  # live events, then (``with_retracted``) the retracted ones too
    actor_ids: tuple[str, ...]  # the actors asked about, as resolved (empty: every actor)
    asked: tuple[tuple[str, str], ...]  # (what was asked, the name it resolved to)
    withs: tuple[str, ...] = ()  # the --with groups beside the actors asked about


def select(tracker: Tracker, query: EventFilter, limit: int = MAX_EVENTS) -> Selection:
    """The events of ``query`` (``tracker timeline``'s selection; no actor: every event),
    at most ``limit`` of them, else a ``ValidationError`` asking for filters."""
    query.check_window()
    capped = EventFilter.of(query, limit=limit + 1)
    if query.actors or query.with_actors:
        asked = list(query.actors) or [query.with_actors[0]]
        withs = list(query.with_actors) if query.actors else list(query.with_actors[1:])
        found = tracker.timeline(EventFilter.of(capped, actors=asked, with_actors=withs))
        entries, ids, named = found.entries, tuple(found.actor_ids), found.actors
    else:
        kinds = list(query.event_types())
        conn = tracker.model(query.as_of)
        try:
            entries = timeline_rows(
                conn, [], start=query.start, end=query.end, types=kinds, limit=limit + 1,
                extra=annotation_clause(query.tags, query.starred),
            )  # fmt: skip
        finally:
            conn.close()
        ids, named, withs = (), (), []
    if len(entries) > limit:
        raise too_many(len(entries), limit)
    chosen = Selection(entries, ids, tuple(named), tuple(withs))
    gone = retracted(tracker, query, chosen, limit - len(entries) + 1)
    if len(entries) + len(gone) > limit:
        raise too_many(len(entries) + len(gone), limit)
    merged = sorted([*entries, *gone], key=lambda e: (e.day_first, e.seq))
    return Selection(merged, ids, tuple(named), tuple(withs))


def retracted(tracker: Tracker, query: EventFilter, chosen: Selection, limit: int) -> list[Entry]:
    """The retracted events the selection would hold had they not been retracted (the
    page hides them unless asked), at most ``limit``: their dates and types in the window,
    one of the actors asked about and each ``--with`` taking part (over any dates: an
    office's holders and ``--members`` count as the timeline found them)."""
    conn = tracker.model(query.as_of)
    try:
        clauses, params = ["e.retracted = 1"], []
        if query.start:
            clauses.append("e.day_last >= ?")
            params.append(query.start.isoformat())
        if query.end:
            clauses.append("e.day_first <= ?")
            params.append(query.end.isoformat())
        kinds = query.event_types()
        if kinds:
            clauses.append(f"e.type IN ({', '.join('?' * len(kinds))})")
            params.extend(kinds)
        marked = annotation_clause(query.tags, query.starred)
        if marked is not None:
            clauses.append(marked[0])
            params.extend(marked[1])
        first = query.start.isoformat() if query.start else None
        last = query.end.isoformat() if query.end else None
        groups = [set(chosen.actor_ids)] if chosen.actor_ids else []
        groups += [
            {s.actor_id for s in resolve_spans(conn, w, first, last)[1]} for w in chosen.withs
        ]
        known = names(conn)
        for group in groups:
            ids = sorted(group | {a for a, (target, _) in known.items() if target in group})
            clauses.append(
                "e.seq IN (SELECT seq FROM participations WHERE actor_id IN"
                f" ({', '.join('?' * len(ids))}))"
            )
            params.extend(ids)
        rows = conn.execute(
            f"SELECT e.id FROM events e WHERE {' AND '.join(clauses)}"
            " ORDER BY e.day_first, e.seq LIMIT ?",
            [*params, max(limit, 0)],
        ).fetchall()
        return [get_event(conn, row[0]) for row in rows]
    finally:
        conn.close()


class Table:
    """Values numbered in order of first use: ``index(value)`` is its position."""

    def __init__(self) -> None:
        self.values: list[Any] = []
        self.at: dict[Any, int] = {}

    def index(self, value: Any) -> int:
        found = self.at.get(value)
        if found is None:
            found = self.at[value] = len(self.values)
            self.values.append(value)
        return found


def day_number(iso_day: str) -> int:
    """Days since 1970-01-01 (negative before): what the page turns into a date.

    >>> day_number("1970-01-02"), day_number("2021-08-16")
    (1, 18855)
    """
    return date.fromisoformat(iso_day).toordinal() - _EPOCH


def _source(source: dict[str, Any]) -> list[str | None]:
    out: list[str | None] = []
    for key in SOURCE_FIELDS:
        value = source.get(key)
        out.append(None if value is None else str(value))
    while out and out[-1] is None:
        out.pop()
    return out


CHUNK = 10_000  # ids per IN (...) list


def _day_last(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, str]:
    """Each event's last day (a month or a year spans many): not part of an ``Entry``."""
    out: dict[str, str] = {}
    for at in range(0, len(ids), CHUNK):
        chunk = ids[at : at + CHUNK]
        marks = ", ".join("?" * len(chunk))
        out.update(conn.execute(f"SELECT id, day_last FROM events WHERE id IN ({marks})", chunk))
    return out


def _histories(
    conn: sqlite3.Connection, ids: Sequence[str], users: Table
) -> dict[str, list[list[Any]]]:
    """Each event's changes after it was recorded: [kind, recorded_at, user, reason,
    fields changed]."""
    wanted = set(ids)
    out: dict[str, list[list[Any]]] = {}
    rows = conn.execute(
        "SELECT target, type, recorded_at, recorded_by, reason, data FROM changes"
        " WHERE type IN ('EventAmended', 'EventRetracted') ORDER BY seq"
    )
    for target, kind, at, by, reason, data in rows:
        if target not in wanted:
            continue
        changed: list[str] = []
        if data:
            decoded = orjson.loads(data)
            if isinstance(decoded, dict) and isinstance(decoded.get("changes"), dict):
                changed = sorted(decoded["changes"])
        out.setdefault(target, []).append(
            [KINDS.get(kind, kind), at, users.index(by), reason or "", changed]
        )
    return out


def _actor_table(conn: sqlite3.Connection, used: Sequence[str]) -> dict[str, list[Any]]:
    """The actors the events name, in ``used`` order: id, name, kind, country and every
    other name they answer to (aliases, and the names of actors merged into them)."""
    rows = conn.execute("SELECT id, name, kind, country, aliases FROM actors").fetchall()
    info = {r[0]: r for r in rows}
    others: dict[str, list[str]] = {}
    for actor_id, (target, _) in names(conn).items():
        row = info[actor_id]
        extra = ([row[1]] if actor_id != target else []) + list(orjson.loads(row[4] or "[]"))
        others.setdefault(target, []).extend(extra)
    table: dict[str, list[Any]] = {k: [] for k in ("id", "name", "kind", "country", "aka")}
    for actor_id in used:
        row = info.get(actor_id)
        table["id"].append(actor_id)
        table["name"].append(row[1] if row else actor_id)
        table["kind"].append(row[2] if row else "")
        table["country"].append((row[3] or "") if row else "")
        table["aka"].append(list(dict.fromkeys(others.get(actor_id, []))))
    return table


def _head(tracker: Tracker) -> tuple[int, str]:
    """The log's last line and its chain hash (what ``tracker verify`` prints)."""
    conn = tracker.model()
    try:
        row = conn.execute("SELECT seq, chain FROM sync_state").fetchone()
    finally:
        conn.close()
    return (int(row[0]), str(row[1])) if row else (0, "")


def filters_of(query: EventFilter, asked: Sequence[tuple[str, str]]) -> list[list[str]]:
    """The command line's filters, as (name, value) pairs the page shows."""
    out: list[list[str]] = []
    resolved = dict(asked)
    out += [["actor", resolved.get(a, a)] for a in query.actors]
    out += [["with", w] for w in query.with_actors]
    if query.start:
        out.append(["from", query.start.isoformat()])
    if query.end:
        out.append(["to", query.end.isoformat()])
    out += [["type", t] for t in query.event_types()]
    out += [["tag", t] for t in query.tags]
    if query.starred:
        out.append(["starred", "yes"])
    if query.as_of:
        out.append(["as of", query.as_of.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")])
    return out


def build(tracker: Tracker, query: EventFilter, limit: int = MAX_EVENTS) -> dict[str, Any]:
    """The page's payload for ``query`` (see the module docstring)."""
    chosen = select(tracker, query, limit)
    entries = chosen.entries
    ids = [e.id for e in entries]
    actors, roles, types, topics, tags, users = (Table() for _ in range(6))
    line, chain = _head(tracker)
    conn = tracker.model(query.as_of)
    try:
        last_days = _day_last(conn, ids)
        histories = _histories(conn, ids, users)
        notes = annotations_of(conn, ids)
        columns: dict[str, list[Any]] = {
            k: []
            for k in (
                "id", "when", "d0", "d1", "type", "summary", "parts", "topics", "loc",
                "cameo", "src", "rec", "hist", "gone", "tags", "star", "notes",
            )
        }  # fmt: skip
        for e in entries:
            parts: list[int] = []
            for p in e.participants:
                parts += [actors.index(p.actor_id), roles.index(p.role)]
            marks = notes.get(e.id) or Annotations()
            columns["id"].append(e.id)
            columns["when"].append(e.when)
            columns["d0"].append(day_number(e.day_first))
            columns["d1"].append(day_number(last_days.get(e.id, e.day_first)))
            columns["type"].append(types.index(e.type))
            columns["summary"].append(e.summary)
            columns["parts"].append(parts)
            columns["topics"].append([topics.index(t) for t in e.topics])
            columns["loc"].append(e.location)
            columns["cameo"].append(e.cameo)
            columns["src"].append([_source(s) for s in e.sources])
            columns["rec"].append([users.index(e.recorded_by), e.recorded_at])
            columns["hist"].append(histories.get(e.id, []))
            columns["gone"].append((e.retraction_reason or "") if e.retracted else None)
            columns["tags"].append([tags.index(t) for t in marks.tags])
            columns["star"].append(1 if marks.starred else 0)
            columns["notes"].append(
                [[n.text, n.recorded_at, users.index(n.recorded_by)] for n in marks.notes]
            )
        actor_table = _actor_table(conn, actors.values)
    finally:
        conn.close()
    return {
        "meta": {
            "head": chain,
            "line": line,
            "log": tracker.log.path.name,
            "as_of": filters_of(EventFilter(as_of=query.as_of), ())[0][1] if query.as_of else None,
            "filters": filters_of(query, chosen.asked),
            "made": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "events": sum(1 for e in entries if not e.retracted),
            "retracted": sum(1 for e in entries if e.retracted),
            "actors": len(actors.values),
            "limit": limit,
        },
        "actors": actor_table,
        "roles": roles.values,
        "types": types.values,
        "topics": topics.values,
        "tags": tags.values,
        "users": users.values,
        "events": columns,
    }
