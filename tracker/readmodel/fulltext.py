"""The full-text index: an FTS5 table ``search`` with one row per live occurrence.

Its rowid is the event's ``seq``; its columns (``SEARCH_COLUMNS``) are the event's current
summary, its sources' quotes, its topics, location and outlets, the names and aliases of
its participants (and of the actor each is merged into), and its tags and notes. The
tokenizer is ``unicode61 remove_diacritics 2``: case and accents are ignored.

Every document is made by one SQL statement (``_DOCUMENT``) from the read model's own
tables, so the index is whatever those tables say:

- a rebuild (serial, two-process, or an ``--as-of`` model in memory) loads the tables,
  then indexes every live event in one pass (``build``);
- an incremental sync marks what each line touches (``SearchIndex``: a new event, an
  amended or retracted one, an annotated one, every event of a renamed, re-aliased,
  merged or unmerged actor) and, at each flush, deletes and re-makes those documents.

Both run in the transaction that writes the rows, so the index never lags them, and both
make the same documents: incremental equals rebuild, index included (a test checks it).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from tracker.readmodel.ddl import SEARCH_COLUMNS

# The names and aliases of the actors in question (``{actors}``: a filter on their ids),
# with those of the actor each is merged into: one row per actor, for the documents.
_ACTOR_TEXT = """
CREATE TEMP TABLE search_actor_text (id TEXT PRIMARY KEY, text TEXT NOT NULL);
INSERT INTO search_actor_text
SELECT p.actor_id,
       coalesce(a.name, p.actor_id)
       || coalesce(' ' || (SELECT group_concat(x.value, ' ') FROM json_each(a.aliases) x), '')
       || coalesce(' ' || m.name, '')
       || coalesce(' ' || (SELECT group_concat(y.value, ' ') FROM json_each(m.aliases) y), '')
FROM (SELECT DISTINCT actor_id FROM participations {actors}) p
LEFT JOIN actors a ON a.id = p.actor_id
LEFT JOIN actors m ON m.id = a.merged_into
"""

# One document per event (alias ``e``), in the order of SEARCH_COLUMNS.
_DOCUMENT = """
SELECT e.seq,
       e.summary,
       (SELECT group_concat(json_extract(s.value, '$.quote'), ' ') FROM json_each(e.sources) s),
       (SELECT group_concat(t.value, ' ') FROM json_each(e.topics) t),
       e.location,
       (SELECT group_concat(json_extract(s.value, '$.outlet'), ' ') FROM json_each(e.sources) s),
       (SELECT group_concat(n.text, ' ') FROM participations p
          JOIN search_actor_text n ON n.id = p.actor_id WHERE p.event_id = e.id),
       (SELECT group_concat(a.value, ' ') FROM annotations a
          WHERE a.target = e.id AND a.kind = 'tag'),
       (SELECT group_concat(a.value, ' ') FROM annotations a
          WHERE a.target = e.id AND a.kind = 'note')
FROM events e
WHERE e.retracted = 0 {events}
ORDER BY e.seq
"""
_INSERT = f"INSERT INTO search (rowid, {', '.join(SEARCH_COLUMNS)}) "


def _actor_text(conn: sqlite3.Connection, actors: str = "") -> None:
    conn.execute("DROP TABLE IF EXISTS temp.search_actor_text")
    create, insert = _ACTOR_TEXT.strip().split(";\n", 1)
    conn.execute(create)
    conn.execute(insert.format(actors=actors))


def build(conn: sqlite3.Connection) -> None:
    """Index every live event (the tables are loaded; the index is empty)."""
    _actor_text(conn)
    conn.execute(_INSERT + _DOCUMENT.format(events=""))
    conn.execute("DROP TABLE temp.search_actor_text")


def reindex(conn: sqlite3.Connection, event_ids: Iterable[str], actor_ids: Iterable[str]) -> None:
    """Make again the documents of ``event_ids`` and of every event of ``actor_ids`` (or of
    an actor merged into one of them): delete them, and index the live ones."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS search_dirty (id TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM temp.search_dirty")
    conn.executemany(
        "INSERT OR IGNORE INTO temp.search_dirty VALUES (?)", [(i,) for i in event_ids]
    )
    actors = sorted(set(actor_ids))
    if actors:
        marks = ", ".join("?" * len(actors))
        conn.execute(
            "INSERT OR IGNORE INTO temp.search_dirty SELECT event_id FROM participations"
            f" WHERE actor_id IN ({marks})"
            f" OR actor_id IN (SELECT id FROM actors WHERE merged_into IN ({marks}))",
            (*actors, *actors),
        )
    conn.execute(
        "DELETE FROM search WHERE rowid IN"
        " (SELECT seq FROM events WHERE id IN (SELECT id FROM temp.search_dirty))"
    )
    _actor_text(
        conn,
        "WHERE event_id IN (SELECT id FROM temp.search_dirty)",
    )
    conn.execute(
        _INSERT + _DOCUMENT.format(events="AND e.id IN (SELECT id FROM temp.search_dirty)")
    )
    conn.execute("DROP TABLE temp.search_actor_text")
    conn.execute("DELETE FROM temp.search_dirty")


class SearchIndex:
    """What an incremental sync's lines touch, re-indexed at each ``flush``. ``deferred``
    (a build from the first line): nothing is marked; ``build`` indexes all at the end."""

    def __init__(self, conn: sqlite3.Connection, *, deferred: bool = False) -> None:
        self.conn = conn
        self.deferred = deferred
        self.events: set[str] = set()
        self.actors: set[str] = set()

    def event(self, event_id: str) -> None:
        if not self.deferred:
            self.events.add(event_id)

    def actor(self, actor_id: str) -> None:
        if not self.deferred:
            self.actors.add(actor_id)

    def flush(self) -> None:
        """Re-index what was marked (call after the rows are written)."""
        if self.events or self.actors:
            reindex(self.conn, self.events, self.actors)
            self.events, self.actors = set(), set()
