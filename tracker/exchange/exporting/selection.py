"""What an export writes: a selection of the timeline, the one of ``tracker timeline``
(events of any actor asked about, each ``--with`` taking part too, within the dates and
types; without an actor every event; ``--with`` alone selects the events of that actor).
Retracted events are left out; amended ones are exported as they stand now (or at
``--as-of``).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from tracker.domain.filters import EventFilter
from tracker.log.outputs import Outputs
from tracker.queries.events import Entry
from tracker.services import analysis
from tracker.services.tracker import Tracker

BATCH = 500


@dataclass(frozen=True)
class Selection:
    entries: list[Entry]
    actor_ids: tuple[str, ...]  # the actors asked about (empty: everything)
    title: str
    as_of: datetime | None = None


@dataclass(frozen=True)
class ExportResult:
    path: Path
    events: int
    lines: int  # what was written: rows, lines, slides, or nodes for a graph
    left_out: tuple[tuple[str, int], ...] = ()  # (reason, events) the format cannot hold

    def summary(self) -> str:
        """``wrote PATH (N events)``, and what was left out, by reason."""
        text = f"wrote {self.path} ({self.events} events)"
        for reason, count in self.left_out:
            text += f"; left out {count}: {reason}"
        return text


def select(tracker: Tracker, query: EventFilter | None = None, **fields: Any) -> Selection:
    """The events to export (see the module docstring): ``query``, or its fields."""
    query = EventFilter.of(query or (), **fields)
    query.check_window()
    actors, with_actors = query.actors, query.with_actors
    if actors or with_actors:
        asked = list(actors) or [with_actors[0]]
        withs = list(with_actors) if actors else list(with_actors[1:])
        timeline = tracker.timeline(EventFilter.of(query, actors=asked, with_actors=withs))
        names = ", ".join(name for _, name in timeline.actors)
        title = f"Timeline of {names}"
        return Selection(timeline.entries, tuple(timeline.actor_ids), title, query.as_of)
    entries = analysis.every_event(tracker.session, query)  # every actor
    return Selection(entries, (), "Timeline", query.as_of)


def outputs_of(tracker: Tracker) -> Outputs:
    """The tracker's log and read model: what no export may replace."""
    return Outputs.of(tracker.log.path, tracker.db_path)


def actor_info(tracker: Tracker, as_of: datetime | None) -> dict[str, dict[str, Any]]:
    conn = tracker.model(as_of)
    try:
        return actors_of(conn)
    finally:
        conn.close()


def actors_of(conn: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    """Every actor of a read model by id: name, kind, country and external ids."""
    rows = conn.execute("SELECT id, name, kind, country, external_ids FROM actors").fetchall()
    return {
        r[0]: {"name": r[1], "kind": r[2], "country": r[3], "ids": orjson.loads(r[4] or "{}")}
        for r in rows
    }
