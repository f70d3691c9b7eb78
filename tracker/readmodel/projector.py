"""The projector: records of the log applied to the read model, in batches (SQL).

The rows of an occurrence are built by ``tracker.readmodel.rows``, the actor events are
applied by ``tracker.readmodel.actors``; amendments and retractions are applied here.
Two branches may each change one fact (a field of an event, an actor's name, one alias,
a merge): the line recorded later decides, whichever comes first in the log (``wins``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import Any

import orjson

from tracker.domain.errors import NewerEventError, ValidationError
from tracker.domain.ids import spelled_id
from tracker.log.envelope import Record, check_record
from tracker.readmodel.actors import ActorRows
from tracker.readmodel.annotations import AnnotationRows
from tracker.readmodel.fulltext import SearchIndex
from tracker.readmodel.rows import (
    BATCH,
    DECIDED,
    INSERT_CHANGES,
    INSERT_EVENTS,
    INSERT_PARTICIPATIONS,
    OCCURRENCES,
    OccurrenceRows,
    category_of,
    change_row,
    date_columns,
    dump,
    facts,
    moment,
)

# (bytes applied, bytes in all, lines applied, "rebuild" or "catch-up"): called with 0 lines
# when the work starts, every few thousand lines, and with done == total at the end
Progress = Callable[[int, int, int, str], None]
PROGRESS_EVERY = 2_000  # lines between calls
# The actor events that change the names in the documents of the actor's events.
RENAMING = frozenset(
    {"ActorRenamed", "ActorAliasAdded", "ActorAliasRemoved", "ActorsMerged", "ActorsUnmerged"}
)


class Projector:
    """Applies records to a connection, in batches. Call ``finish`` at the end.

    ``fresh``: every line before the ones applied went through this projector too (a
    build from the first line), so what it remembers of amendments is complete and it
    never looks them up in the model."""

    def __init__(self, conn: sqlite3.Connection, *, fresh: bool = False) -> None:
        self.conn = conn
        self.fresh = fresh
        self.rows = OccurrenceRows()
        self.actors = ActorRows(conn, self.wins)
        self.notes = AnnotationRows(conn, self.wins)
        # the full-text index: kept line by line, or, in a fresh build, batch by batch
        self.search = SearchIndex(conn, fresh=fresh)
        # per event or actor: fact -> (recorded_at, id) of the line that decided it (``wins``)
        self._versions: dict[str, dict[str, tuple[datetime, str]]] = {}

    def apply(self, record: Record) -> None:
        kind = record.type
        try:
            data = check_record(record)
        except NewerEventError:
            raise
        except ValidationError as exc:
            self.set_aside(record, exc.message)
            return
        if kind in OCCURRENCES:  # nearly every line: kept short
            rows = self.rows
            rows.add(record, data)
            if not self.fresh:
                self.search.event(record.id)
            if len(rows.parts) >= BATCH:
                self.flush()
            return
        if kind == "EventAmended":
            self.flush()
            self._amend(record, data)
            self.search.event(data["target"])
            self._change(record, data["target"], data.get("reason"), data)
        elif kind == "EventRetracted":
            self.flush()
            self.conn.execute(
                "UPDATE events SET retracted = 1, retraction_reason = ?, updated_seq = ? WHERE id = ?",
                (data["reason"], record.seq, data["target"]),
            )
            self.conn.execute(  # a bad event set aside is settled by its retraction
                "UPDATE bad_events SET retracted_seq = ? WHERE event_id = ?"
                " AND retracted_seq IS NULL",
                (record.seq, data["target"]),
            )
            self.search.event(data["target"])
            self._change(record, data["target"], data.get("reason"), data)
        elif self.actors.handles(kind):
            if kind != "ActorRegistered":
                self.flush()
            for target in self.actors.apply(kind, record, data):
                self._change(record, target, data.get("reason"), data)
                if kind in RENAMING:
                    self.search.actor(target)
        elif self.notes.handles(kind):
            self.flush()
            for target in self.notes.apply(kind, record, data):
                self._change(record, target, None, data)
                if data.get("on") == "event":
                    self.search.event(target)
        if len(self.rows) >= BATCH:
            self.flush()

    def set_aside(self, record: Record, problem: str) -> None:
        """Keep a line whose event fails ``check_event`` out of the model, and say so in
        ``bad_events``: reading commands name it (``bad_event``), ``retract`` settles it."""
        raw_id = record.id if isinstance(record.id, str) else repr(record.id)
        event_id = spelled_id(raw_id) or raw_id
        self.conn.execute(
            "INSERT OR REPLACE INTO bad_events VALUES (?, ?, ?, ?, NULL)",
            (record.seq, event_id[:200], str(record.type)[:200], problem[:500]),
        )

    def wins(self, record: Record, target: str, fact: str) -> bool:
        """Whether ``record`` decides ``fact`` of ``target`` (see ``rows.facts``): no line recorded
        later (``recorded_at``, ties broken by the line's id) has set it. Two branches may
        each change one fact; merged, the later change holds whichever of the two lines
        comes first in the log, so both merge directions give one current state."""
        versions = self._versions.get(target)
        if versions is None:
            versions = self._versions[target] = {}
            if not self.fresh:  # the lines applied by earlier syncs
                rows = self.conn.execute(
                    "SELECT recorded_at, event_id, type, data FROM changes WHERE target = ?"
                    f" AND type IN ({', '.join('?' * len(DECIDED))})",
                    (target, *DECIDED),
                ).fetchall()
                for recorded_at, line_id, kind, raw in rows:
                    key = (moment(recorded_at), line_id)
                    for name in facts(kind, orjson.loads(raw), target):
                        if name not in versions or versions[name] < key:
                            versions[name] = key
        key = (moment(record.recorded_at), record.id)
        held = versions.get(fact)
        if held is not None and held > key:
            return False
        versions[fact] = key
        return True

    def _amend(self, record: Record, data: dict[str, Any]) -> None:
        """Apply the fields of an amendment that no amendment recorded later has set."""
        target = data["target"]
        changes = {
            name: value
            for name, value in data["changes"].items()
            if self.wins(record, target, name)
        }
        sets: dict[str, Any] = {}
        if "type" in changes:
            sets["type"] = changes["type"]
            sets["category"] = category_of(changes["type"])
        if "when" in changes:
            precision, first, last, utc, end = date_columns(changes["when"])
            sets.update(
                when_text=changes["when"],
                precision=precision,
                day_first=first,
                day_last=last,
                time_utc=utc,
                end_text=end,
            )
            self.conn.execute(
                "UPDATE participations SET day_first = ?, time_utc = ? WHERE event_id = ?",
                (first, utc, target),
            )
        for name in ("summary", "location", "cameo"):
            if name in changes:
                sets[name] = changes[name]
        for name in ("topics", "sources"):
            if name in changes:
                sets[name] = dump(changes[name])
        if "participants" in changes:
            sets["participants"] = dump(changes["participants"])
            row = self.conn.execute(
                "SELECT day_first, time_utc, seq FROM events WHERE id = ?", (target,)
            ).fetchone()
            if row is not None:
                day = sets.get("day_first", row[0])
                utc = sets.get("time_utc", row[1])
                self.conn.execute("DELETE FROM participations WHERE event_id = ?", (target,))
                self.conn.executemany(
                    "INSERT INTO participations (event_id, actor_id, role, day_first, time_utc,"
                    " seq) VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        (target, p["actor"], p["role"], day, utc, row[2])
                        for p in changes["participants"]
                    ],
                )
        columns = ", ".join(f"{k} = ?" for k in sets)
        prefix = f"{columns}, " if columns else ""
        self.conn.execute(
            f"UPDATE events SET {prefix}amendments = amendments + 1, updated_seq = ? WHERE id = ?",
            (*sets.values(), record.seq, target),
        )

    # -- actors: each handler applies one event and returns the actor ids it concerns

    def _change(
        self, record: Record, target: str, reason: str | None, data: dict[str, Any] | None
    ) -> None:
        self.rows.changes.append(change_row(record, target, reason, data))

    def flush(self) -> None:
        c = self.conn
        self.actors.flush()  # registrations first: the rows after them may name them
        events, parts, changes = self.rows.take()
        if events:
            c.executemany(INSERT_EVENTS, events)
        if parts:
            c.executemany(INSERT_PARTICIPATIONS, parts)
        if changes:
            c.executemany(INSERT_CHANGES, changes)
        self.search.flush()

    def finish(self) -> None:
        """Write what is pending and complete the full-text index: the end of the lines."""
        self.flush()
        self.search.finish()
