"""Rows of the read model, built from the log's records: pure (no SQL is run here).

An occurrence becomes one ``events`` row, a ``participations`` row per participant (with
the event's sort key, so an actor's page of events reads straight off one index) and a
``changes`` row (its creation); ``OccurrenceRows`` gathers them for a bulk insert, in the
order of the ``INSERT_*`` statements. Both rebuilds (serial and two-process) and every
incremental sync build them here.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from typing import Any

import orjson

from tracker.domain.dates import parse_event_when, parse_utc
from tracker.domain.events import DEVELOPMENT_TYPE, STATEMENT_TYPE
from tracker.domain.names import name_key
from tracker.log.envelope import Record

BATCH = 20_000  # rows gathered before a bulk insert

# The bulk inserts of the rows that ``OccurrenceRows`` makes.
INSERT_EVENTS = "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, NULL)"
INSERT_PARTICIPATIONS = (
    "INSERT INTO participations (event_id, actor_id, role, day_first, time_utc, seq)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)
INSERT_CHANGES = (
    "INSERT INTO changes (seq, event_id, target, type, recorded_at, recorded_by, reason, data,"
    " line_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
CATEGORIES = {STATEMENT_TYPE: "statement", DEVELOPMENT_TYPE: "development"}
OCCURRENCES = frozenset({"InteractionRecorded", "StatementRecorded", "DevelopmentRecorded"})


def moment(recorded_at: str) -> datetime:
    """A line's ``recorded_at`` as an aware UTC instant, to order amendments by."""
    try:
        when = parse_utc(recorded_at)
    except (TypeError, ValueError):
        return datetime.min.replace(tzinfo=UTC)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


# The lines that change one fact of an event or an actor (``Projector.wins``), and the
# facts each sets of the event or actor ``target``.
DECIDED = (
    "EventAmended", "ActorRenamed", "ActorAliasAdded", "ActorAliasRemoved", "ActorsMerged",
    "ActorsUnmerged",
)  # fmt: skip


def facts(kind: str, data: dict[str, Any], target: str) -> list[str]:
    if kind == "EventAmended":
        return list(data.get("changes", {}))
    if kind == "ActorRenamed" and data.get("actor") == target:
        return ["name"]
    if kind in ("ActorAliasAdded", "ActorAliasRemoved") and data.get("actor") == target:
        return [f"alias {name_key(data['alias'])}"]
    if kind in ("ActorsMerged", "ActorsUnmerged") and data.get("source") == target:
        return ["merged_into"]
    return []


def category_of(event_type: str) -> str:
    return CATEGORIES.get(event_type, "interaction")


def dump(value: Any) -> str:
    return orjson.dumps(value).decode("utf-8")


@functools.lru_cache(maxsize=65536)
def date_columns(when: str) -> tuple[str, str, str, str | None, str | None]:
    """(precision, first day, last day, UTC time, end) of an event's date, for its row: an
    interval covers its start's first day to its end's last; ``end`` is the end's text.

    >>> date_columns("2021-08")
    ('month', '2021-08-01', '2021-08-31', None, None)
    >>> date_columns("2021-08-16/2021-08-18")
    ('day', '2021-08-16', '2021-08-18', None, '2021-08-18')
    """
    parsed = parse_event_when(when)
    utc = parsed.utc.strftime("%Y-%m-%dT%H:%M:%SZ") if parsed.utc else None
    first, last = parsed.first.isoformat(), parsed.last.isoformat()
    return parsed.precision, first, last, utc, parsed.end_text


def change_row(
    record: Record, target: str, reason: str | None, data: dict[str, Any] | None
) -> tuple[Any, ...]:
    """The ``changes`` row of a line that changed ``target`` (an event or an actor)."""
    return (
        record.seq, record.id, target, record.type, record.recorded_at, record.recorded_by,
        reason, None if data is None else dump(data), record.end,
    )  # fmt: skip


class OccurrenceRows:
    """The rows of occurrences, gathered for a bulk insert (``take`` hands them over)."""

    def __init__(self) -> None:
        self.events: list[tuple[Any, ...]] = []
        self.parts: list[tuple[Any, ...]] = []
        self.changes: list[tuple[Any, ...]] = []

    def __len__(self) -> int:
        return len(self.parts) + len(self.changes)

    def add(self, record: Record, data: dict[str, Any]) -> None:
        """The rows of one occurrence (``data``: its payload, checked and upcast)."""
        seq, event_id = record.seq, record.id
        precision, first, last, utc, end = date_columns(data["when"])
        participants = data["participants"]
        self.events.append(
            (
                event_id,
                seq,
                CATEGORIES.get(data["type"], "interaction"),
                data["type"],
                data["when"],
                precision,
                first,
                last,
                utc,
                end,
                data["summary"],
                dump(data.get("topics", [])),
                data.get("location"),
                data.get("cameo"),
                dump(data.get("sources", [])),
                dump(participants),
                record.recorded_at,
                record.recorded_by,
                seq,
            )
        )
        self.parts.extend(
            [(event_id, p["actor"], p["role"], first, utc, seq) for p in participants]
        )
        # the change is the creation; its payload is the log line itself
        self.changes.append(
            (seq, event_id, event_id, record.type, record.recorded_at, record.recorded_by, None,
             None, record.end)
        )  # fmt: skip

    def take(self) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        """(events, participations, changes) gathered so far; it starts afresh."""
        taken = self.events, self.parts, self.changes
        self.events, self.parts, self.changes = [], [], []
        return taken
