"""Annotations and saved views as the read model holds them: an event's or an actor's
tags, star and notes, the SQL that keeps only tagged or starred events, the saved views.

Tags are compared ignoring case and accents (``name_key``), as they are stored.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from tracker.domain.errors import NotFoundError
from tracker.domain.names import name_key


@dataclass(frozen=True, slots=True)
class Note:
    text: str
    recorded_at: str
    recorded_by: str
    id: str  # the line that added it


@dataclass(frozen=True)
class Annotations:
    """What analysts added to one event or actor (never part of its facts)."""

    tags: tuple[str, ...] = ()
    starred: bool = False
    notes: tuple[Note, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "tags": list(self.tags),
            "starred": self.starred,
            "notes": [
                {"text": n.text, "recorded_at": n.recorded_at, "recorded_by": n.recorded_by}
                for n in self.notes
            ],
        }


@dataclass(frozen=True)
class SavedView:
    name: str
    filters: dict[str, Any]
    recorded_at: str
    recorded_by: str


def annotations_of(conn: sqlite3.Connection, targets: Sequence[str]) -> dict[str, Annotations]:
    """The annotations of each of ``targets`` (event or actor ids) that has any. Notes in
    the order they were recorded (then by line id: the same in both merge directions)."""
    found: dict[str, dict[str, Any]] = {}
    wanted = sorted(set(targets))
    for at in range(0, len(wanted), 10_000):
        chunk = wanted[at : at + 10_000]
        marks = ", ".join("?" * len(chunk))
        rows = conn.execute(
            "SELECT target, kind, key, value, recorded_at, recorded_by FROM annotations"
            f" WHERE target IN ({marks}) ORDER BY target, kind, recorded_at, key",
            chunk,
        )
        for target, kind, key, value, recorded_at, recorded_by in rows:
            item = found.setdefault(target, {"tags": [], "starred": False, "notes": []})
            if kind == "tag":
                item["tags"].append(value)
            elif kind == "star":
                item["starred"] = True
            else:
                item["notes"].append(Note(value, recorded_at, recorded_by, key))
    return {
        t: Annotations(tuple(sorted(v["tags"], key=str.casefold)), v["starred"], tuple(v["notes"]))
        for t, v in found.items()
    }


def annotation_clause(
    tags: Sequence[str] = (), starred: bool = False, *, column: str = "e.id"
) -> tuple[str, list[Any]] | None:
    """SQL keeping the events (``column``: their id) that carry every tag of ``tags`` and,
    if ``starred``, a star; None when nothing is asked.

    >>> annotation_clause(["Follow-up"])
    ("e.id IN (SELECT target FROM annotations WHERE kind = 'tag' AND key = ?)", ['follow-up'])
    """
    clauses, params = [], []
    for tag in dict.fromkeys(name_key(t) for t in tags):
        clauses.append(
            f"{column} IN (SELECT target FROM annotations WHERE kind = 'tag' AND key = ?)"
        )
        params.append(tag)
    if starred:
        clauses.append(f"{column} IN (SELECT target FROM annotations WHERE kind = 'star')")
    if not clauses:
        return None
    return " AND ".join(clauses), params


def tag_counts(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """Every tag on events, with how many live events carry it (most first)."""
    rows = conn.execute(
        "SELECT min(a.value), count(*) FROM annotations a JOIN events e ON e.id = a.target"
        " WHERE a.kind = 'tag' AND e.retracted = 0 GROUP BY a.key ORDER BY count(*) DESC, a.key"
    ).fetchall()
    return [(r[0], r[1]) for r in rows]


def saved_views(conn: sqlite3.Connection) -> list[SavedView]:
    rows = conn.execute(
        "SELECT name, filters, recorded_at, recorded_by FROM views ORDER BY key"
    ).fetchall()
    return [SavedView(r[0], orjson.loads(r[1]), r[2], r[3]) for r in rows]


def saved_view(conn: sqlite3.Connection, name: str) -> SavedView:
    row = conn.execute(
        "SELECT name, filters, recorded_at, recorded_by FROM views WHERE key = ?",
        (name_key(name),),
    ).fetchone()
    if row is None:
        known = [v.name for v in saved_views(conn)]
        hint = f"; saved views: {', '.join(known)}" if known else "; no view is saved yet"
        raise NotFoundError(f"no saved view {name!r}{hint}")
    return SavedView(row[0], orjson.loads(row[1]), row[2], row[3])
