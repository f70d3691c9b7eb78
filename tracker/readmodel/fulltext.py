"""The full-text index: an FTS5 table ``search`` with one row per live occurrence.

Its rowid is the event's ``seq``; its columns (``SEARCH_COLUMNS``) are the event's current
summary, its sources' quotes, its topics, location and outlets, the names and aliases of
its participants (and of the actor each is merged into), and its tags and notes. The
tokenizer is ``unicode61 remove_diacritics 2``: case and accents are ignored.

Every document is made by one SQL statement (``_DOCUMENT``) from the read model's own
tables, so the index is whatever those tables say. ``SearchIndex`` keeps it, in the
transaction that writes the rows, so the index never lags them:

- an incremental sync marks what each line touches (a new event, an amended or retracted
  one, an annotated one, every event of a renamed, re-aliased, merged or unmerged actor)
  and, at each flush, deletes and re-makes those documents (``reindex``);
- a build from the first line (a rebuild, serial or two-process, or an ``--as-of`` model
  in memory) indexes the new events as their rows are written, every ``STREAM_EVERY``
  lines (on two cores this overlaps the reader's work), and at the end (``finish``)
  the rest; then it makes again the documents that changed since they were made: the
  events amended, retracted or annotated after, and those of every actor whose names
  are not the ones its documents were made with (renamed, re-aliased, merged).

Both make the same documents: incremental equals rebuild, index included (a test checks
it, with documents made at every flush as well as all at the end).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from tracker.readmodel.ddl import SEARCH_COLUMNS

# The names and aliases of the actors in question (``{actors}``: a SELECT of their ids),
# with those of the actor each is merged into: one row per actor, for the documents.
_ACTOR_TEXT = """
CREATE TEMP TABLE search_actor_text (id TEXT PRIMARY KEY, text TEXT NOT NULL);
INSERT INTO search_actor_text
SELECT p.actor_id,
       coalesce(a.name, p.actor_id)
       || coalesce(' ' || (SELECT group_concat(x.value, ' ') FROM json_each(a.aliases) x), '')
       || coalesce(' ' || m.name, '')
       || coalesce(' ' || (SELECT group_concat(y.value, ' ') FROM json_each(m.aliases) y), '')
FROM ({actors}) p
LEFT JOIN actors a ON a.id = p.actor_id
LEFT JOIN actors m ON m.id = a.merged_into
"""

# One document per event (alias ``e``), in the order of SEARCH_COLUMNS. The JSON of the
# sources is read only when it holds a quote or an outlet (``instr``: the same result,
# without parsing what has neither), the annotations only when there are any.
_DOCUMENT = """
SELECT e.seq,
       e.summary,
       CASE WHEN instr(e.sources, '"quote":') THEN (SELECT group_concat(
         json_extract(s.value, '$.quote'), ' ') FROM json_each(e.sources) s) END,
       (SELECT group_concat(t.value, ' ') FROM json_each(e.topics) t),
       e.location,
       CASE WHEN instr(e.sources, '"outlet":') THEN (SELECT group_concat(
         json_extract(s.value, '$.outlet'), ' ') FROM json_each(e.sources) s) END,
       (SELECT group_concat(n.text, ' ') FROM participations p
          JOIN search_actor_text n ON n.id = p.actor_id WHERE p.event_id = e.id),
       {tags},
       {notes}
FROM events e
WHERE e.retracted = 0 {events}
ORDER BY e.seq
"""
_ANNOTATION = (
    "(SELECT group_concat(a.value, ' ') FROM annotations a WHERE a.target = e.id"
    " AND a.kind = '{kind}')"
)
_INSERT = f"INSERT INTO search (rowid, {', '.join(SEARCH_COLUMNS)}) "


# A build from the first line indexes its new events once this many lines wait.
STREAM_EVERY = 20_000
# FTS5 keeps what it indexes in memory up to this many bytes, then writes it as a segment
# and merges segments as they add up: a build from the first line keeps 64 MB (a third
# less work at 1M events than FTS5's default of 1 MB, which a sync keeps).
BUILD_HASHSIZE, HASHSIZE = 64 << 20, 1 << 20
_CONFIG = "INSERT INTO search (search, rank) VALUES ('hashsize', ?)"
# The ids of the actors of the events after a seq (``{after}``), or of the dirty events.
_ACTORS_AFTER = (
    "SELECT DISTINCT actor_id FROM participations"
    " WHERE event_id IN (SELECT id FROM events WHERE seq > {after})"
)
_ACTORS_DIRTY = (
    "SELECT DISTINCT actor_id FROM participations"
    " WHERE event_id IN (SELECT id FROM temp.search_dirty)"
)


def _documents(conn: sqlite3.Connection, events: str) -> str:
    """The SELECT of the documents of the events ``events`` (a condition, or "")."""
    noted = conn.execute("SELECT 1 FROM annotations LIMIT 1").fetchone() is not None
    tags = _ANNOTATION.format(kind="tag") if noted else "NULL"
    notes = _ANNOTATION.format(kind="note") if noted else "NULL"
    return _DOCUMENT.format(events=events, tags=tags, notes=notes)


def _actor_text(conn: sqlite3.Connection, actors: str) -> None:
    """The temp table ``search_actor_text`` of the actors ``actors`` (a SELECT of ids)."""
    conn.execute("DROP TABLE IF EXISTS temp.search_actor_text")
    create, insert = _ACTOR_TEXT.strip().split(";\n", 1)
    conn.execute(create)
    conn.execute(insert.format(actors=actors))


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
    _actor_text(conn, _ACTORS_DIRTY)
    conn.execute(_INSERT + _documents(conn, "AND e.id IN (SELECT id FROM temp.search_dirty)"))
    conn.execute("DROP TABLE temp.search_actor_text")
    conn.execute("DELETE FROM temp.search_dirty")


class SearchIndex:
    """Keeps the index of the rows a projector writes: call ``flush`` after each batch of
    rows, and, for a build from the first line (``fresh``), ``finish`` at the end.

    Incremental: what the lines touch is marked (``event``, ``actor``) and made again at
    each flush. Fresh: each flush indexes the events written since the last one, once
    ``STREAM_EVERY`` lines wait; what the lines touch is made again at ``finish``."""

    def __init__(self, conn: sqlite3.Connection, *, fresh: bool = False) -> None:
        self.conn = conn
        self.fresh = fresh
        self.events: set[str] = set()
        self.actors: set[str] = set()
        self.indexed = 0  # fresh: every live event up to this seq is indexed
        # fresh: per actor, the texts (names, aliases) its events' documents hold
        self.texts: dict[str, set[str]] = {}

    def event(self, event_id: str) -> None:
        self.events.add(event_id)

    def actor(self, actor_id: str) -> None:
        if not self.fresh:  # fresh: ``finish`` compares the texts instead
            self.actors.add(actor_id)

    def flush(self) -> None:
        """Index what was marked, or (fresh) the new events (call after the rows are
        written)."""
        if self.fresh:
            self._index_new(STREAM_EVERY)
        elif self.events or self.actors:
            reindex(self.conn, self.events, self.actors)
            self.events, self.actors = set(), set()

    def _index_new(self, at_least: int) -> None:
        """Index the events after ``self.indexed``, if at least ``at_least`` lines wait."""
        conn = self.conn
        (top,) = conn.execute("SELECT max(seq) FROM events").fetchone()
        if top is None or top <= self.indexed or top - self.indexed < at_least:
            return
        after = int(self.indexed)
        if not after:
            conn.execute(_CONFIG, (BUILD_HASHSIZE,))
        _actor_text(conn, _ACTORS_AFTER.format(after=after))
        for actor_id, text in conn.execute("SELECT id, text FROM temp.search_actor_text"):
            self.texts.setdefault(actor_id, set()).add(text)
        conn.execute(_INSERT + _documents(conn, "AND e.seq > ?"), (after,))
        conn.execute("DROP TABLE temp.search_actor_text")
        self.indexed = top

    def finish(self) -> None:
        """Fresh: index the events left, then make again the documents made stale since
        (after the last rows are written)."""
        if not self.fresh:
            self.flush()
            return
        self._index_new(0)
        conn = self.conn
        conn.execute(_CONFIG, (HASHSIZE,))
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS search_used (actor_id TEXT PRIMARY KEY)")
        conn.execute("DELETE FROM temp.search_used")
        conn.executemany("INSERT INTO temp.search_used VALUES (?)", [(a,) for a in self.texts])
        _actor_text(conn, "SELECT actor_id FROM temp.search_used")
        final = dict(conn.execute("SELECT id, text FROM temp.search_actor_text").fetchall())
        conn.execute("DROP TABLE temp.search_actor_text")
        conn.execute("DROP TABLE temp.search_used")
        stale = [a for a, texts in self.texts.items() if texts != {final.get(a)}]
        if self.events or stale:
            reindex(conn, self.events, stale)
        self.events, self.texts = set(), {}
