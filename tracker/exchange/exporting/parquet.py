"""parquet: the selected events as Apache Parquet tables in a folder, for DuckDB, pandas,
Spark or BigQuery (pyarrow writes them).

- ``events.parquet``: one row an event (as it stands now, or at ``--as-of``; retracted
  events left out): ``id``, ``seq``, ``type``, ``category``, ``date`` (as recorded),
  ``precision``, ``day_first`` and ``day_last`` (dates), ``time_utc`` (a UTC timestamp,
  for a date-time), ``summary``, ``topics`` (a list), ``location``, ``cameo``,
  ``goldstein`` (the code's score), ``source_url`` and ``source_outlet`` (the first
  source), ``sources`` (a list of {url, outlet, published, quote}), ``participants`` (how
  many), ``recorded_at`` (a UTC timestamp), ``recorded_by``, ``amendments``.
- ``participants.parquet``: one row an event and participant: ``event_id``, ``seq``,
  ``actor_id``, ``actor_name``, ``role``, ``day_first``: join it to the events on
  ``event_id``.
- ``actors.parquet``: every actor: ``id``, ``name``, ``kind``, ``country``, ``wikidata``,
  ``cameo``, ``merged_into``.

The events are read from the read model and written in row groups of ``BATCH`` events,
so a million events never sit in memory at once. Each file is written beside its target
and renamed over it when whole (``tracker.log.outputs``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson

from tracker.domain.cameo import goldstein
from tracker.domain.filters import EventFilter
from tracker.exchange.exporting.selection import ExportResult, outputs_of, select
from tracker.log.outputs import replacing
from tracker.queries.events import window_clause
from tracker.services.tracker import Tracker

BATCH = 50_000
FILES = ("events.parquet", "participants.parquet", "actors.parquet")
_COLUMNS = (
    "e.id, e.seq, e.type, e.category, e.when_text, e.precision, e.day_first, e.day_last,"
    " e.time_utc, e.summary, e.topics, e.location, e.cameo, e.sources, e.participants,"
    " e.recorded_at, e.recorded_by, e.amendments"
)


def _schemas() -> tuple[Any, Any, Any]:
    import pyarrow as pa

    source = pa.struct(
        [("url", pa.string()), ("outlet", pa.string()), ("published", pa.string()),
         ("quote", pa.string())]
    )  # fmt: skip
    events = pa.schema(
        [
            ("id", pa.string()), ("seq", pa.int64()), ("type", pa.string()),
            ("category", pa.string()), ("date", pa.string()), ("precision", pa.string()),
            ("day_first", pa.date32()), ("day_last", pa.date32()),
            ("time_utc", pa.timestamp("us", tz="UTC")), ("summary", pa.string()),
            ("topics", pa.list_(pa.string())), ("location", pa.string()),
            ("cameo", pa.string()), ("goldstein", pa.float64()),
            ("source_url", pa.string()), ("source_outlet", pa.string()),
            ("sources", pa.list_(source)), ("participants", pa.int32()),
            ("recorded_at", pa.timestamp("us", tz="UTC")), ("recorded_by", pa.string()),
            ("amendments", pa.int32()),
        ]
    )  # fmt: skip
    participants = pa.schema(
        [("event_id", pa.string()), ("seq", pa.int64()), ("actor_id", pa.string()),
         ("actor_name", pa.string()), ("role", pa.string()), ("day_first", pa.date32())]
    )  # fmt: skip
    actors = pa.schema(
        [("id", pa.string()), ("name", pa.string()), ("kind", pa.string()),
         ("country", pa.string()), ("wikidata", pa.string()), ("cameo", pa.string()),
         ("merged_into", pa.string())]
    )  # fmt: skip
    return events, participants, actors


def _moment(text: str | None) -> datetime | None:
    if not text:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _rows(
    conn: sqlite3.Connection, query: EventFilter, seqs: Sequence[int] | None
) -> Iterator[Sequence[Any]]:
    """The events' rows, in date order: every live event of the window and types, or
    (``seqs``) those events."""
    if seqs is None:
        where, params = window_clause(query.start, query.end, query.event_types())
        cursor = conn.execute(
            f"SELECT {_COLUMNS} FROM events e WHERE {where}"
            " ORDER BY e.day_first, COALESCE(e.time_utc, ''), e.seq",
            params,
        )
        while batch := cursor.fetchmany(BATCH):
            yield from batch
        return
    for start in range(0, len(seqs), 500):
        chunk = list(seqs[start : start + 500])
        marks = ", ".join("?" * len(chunk))
        found = {
            row[1]: row
            for row in conn.execute(
                f"SELECT {_COLUMNS} FROM events e WHERE e.seq IN ({marks})", chunk
            )
        }
        yield from (found[seq] for seq in chunk if seq in found)


class _Tables:
    """Column buffers of one batch of events and their participants."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names
        self.events: dict[str, list[Any]] = {}
        self.parts: dict[str, list[Any]] = {}
        self.count = 0

    def add(self, row: Sequence[Any]) -> None:
        (event_id, seq, etype, category, when, precision, first, last, time_utc, summary,
         topics, location, cameo, sources, participants, recorded_at, recorded_by,
         amendments) = row  # fmt: skip
        day_first, day_last = date.fromisoformat(first), date.fromisoformat(last)
        source_list = [
            {k: s.get(k) for k in ("url", "outlet", "published", "quote")}
            for s in orjson.loads(sources)
        ]
        people = orjson.loads(participants)
        head = source_list[0] if source_list else {}
        values = {
            "id": event_id, "seq": seq, "type": etype, "category": category, "date": when,
            "precision": precision, "day_first": day_first, "day_last": day_last,
            "time_utc": _moment(time_utc), "summary": summary, "topics": orjson.loads(topics),
            "location": location, "cameo": cameo, "goldstein": goldstein(cameo),
            "source_url": head.get("url"), "source_outlet": head.get("outlet"),
            "sources": source_list, "participants": len(people),
            "recorded_at": _moment(recorded_at), "recorded_by": recorded_by,
            "amendments": amendments,
        }  # fmt: skip
        for key, value in values.items():
            self.events.setdefault(key, []).append(value)
        for p in people:
            actor = p.get("actor")
            part = {
                "event_id": event_id, "seq": seq, "actor_id": actor,
                "actor_name": self.names.get(actor, actor), "role": p.get("role"),
                "day_first": day_first,
            }  # fmt: skip
            for key, value in part.items():
                self.parts.setdefault(key, []).append(value)
        self.count += 1

    def flush(self, writers: tuple[Any, Any], schemas: tuple[Any, Any]) -> None:
        import pyarrow as pa

        for writer, schema, columns in zip(
            writers, schemas, (self.events, self.parts), strict=True
        ):
            if columns:
                writer.write_table(pa.Table.from_pydict(columns, schema=schema))
        self.events, self.parts, self.count = {}, {}, 0


def _actors_table(conn: sqlite3.Connection, schema: Any) -> Any:
    import pyarrow as pa

    columns: dict[str, list[Any]] = {name: [] for name in schema.names}
    for actor_id, name, kind, country, external, merged in conn.execute(
        "SELECT id, name, kind, country, external_ids, merged_into FROM actors ORDER BY id"
    ):
        ids = orjson.loads(external or "{}")
        row = [actor_id, name, kind, country, ids.get("wikidata"), ids.get("cameo"), merged]
        for key, value in zip(schema.names, row, strict=True):
            columns[key].append(value)
    return pa.Table.from_pydict(columns, schema=schema)


def export_parquet(tracker: Tracker, query: EventFilter | None, folder: Path) -> ExportResult:
    """Write the three tables of the events ``query`` selects into ``folder``."""
    import pyarrow.parquet as pq

    query = EventFilter.of(query or ())
    outputs = outputs_of(tracker)
    outputs.check_folder(folder)
    folder.mkdir(parents=True, exist_ok=True)
    targets = [outputs.check(folder / name) for name in FILES]
    seqs = None
    if query.actors or query.with_actors:  # the timeline's selection, by its events
        seqs = [e.seq for e in select(tracker, query).entries]
    else:
        query.check_window()
    events_schema, parts_schema, actors_schema = _schemas()
    conn = tracker.model(query.as_of)
    total = 0
    try:
        names = {r[0]: r[1] for r in conn.execute("SELECT id, name FROM actors")}
        with (
            replacing(targets[0], outputs=outputs) as ef,
            replacing(targets[1], outputs=outputs) as pf,
            pq.ParquetWriter(ef, events_schema) as events,
            pq.ParquetWriter(pf, parts_schema) as parts,
        ):
            tables = _Tables(names)
            for row in _rows(conn, query, seqs):
                tables.add(row)
                total += 1
                if tables.count >= BATCH:
                    tables.flush((events, parts), (events_schema, parts_schema))
            tables.flush((events, parts), (events_schema, parts_schema))
        with replacing(targets[2], outputs=outputs) as af:
            pq.write_table(_actors_table(conn, actors_schema), af)
    finally:
        conn.close()
    return ExportResult(folder, total, total)
