"""Annotations (tags, stars, notes) and saved views applied to the read model.

They go to tables of their own (``annotations``, ``views``), never to the event's row. A
tag or a star that two branches changed goes to the line recorded later (``wins``, the
projector's), and so does a view saved or deleted on two branches; notes only accumulate.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from tracker.domain.names import name_key
from tracker.log.envelope import Record
from tracker.readmodel.actors import Wins
from tracker.readmodel.rows import dump

ANNOTATIONS = frozenset({"TagAdded", "TagRemoved", "StarAdded", "StarRemoved", "NoteAdded"})
VIEWS = frozenset({"ViewSaved", "ViewDeleted"})


def view_target(name: str) -> str:
    """The ``changes`` target of a view (its trail, and what ``wins`` looks up).

    >>> view_target("Blinken, August")
    'view:blinken, august'
    """
    return f"view:{name_key(name)}"


class AnnotationRows:
    """Applies annotations and views to ``conn``; each returns the targets it concerns."""

    def __init__(self, conn: sqlite3.Connection, wins: Wins) -> None:
        self.conn = conn
        self.wins = wins
        self._handlers: dict[str, Callable[[Record, dict[str, Any]], list[str]]] = {
            "TagAdded": self._tag_added,
            "TagRemoved": self._tag_removed,
            "StarAdded": self._star_added,
            "StarRemoved": self._star_removed,
            "NoteAdded": self._note,
            "ViewSaved": self._view_saved,
            "ViewDeleted": self._view_deleted,
        }

    def handles(self, kind: str) -> bool:
        return kind in self._handlers

    def apply(self, kind: str, record: Record, data: dict[str, Any]) -> list[str]:
        return self._handlers[kind](record, data)

    def _put(self, record: Record, data: dict[str, Any], kind: str, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO annotations (target, kind, key, value, \"on\", seq,"
            " recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (data["target"], kind, key, value, data["on"], record.seq, record.recorded_at,
             record.recorded_by),
        )  # fmt: skip

    def _drop(self, data: dict[str, Any], kind: str, key: str) -> None:
        self.conn.execute(
            "DELETE FROM annotations WHERE target = ? AND kind = ? AND key = ?",
            (data["target"], kind, key),
        )

    def _tag_added(self, record: Record, data: dict[str, Any]) -> list[str]:
        key = name_key(data["tag"])
        if self.wins(record, data["target"], f"tag {key}"):
            self._put(record, data, "tag", key, data["tag"])
        return [data["target"]]

    def _tag_removed(self, record: Record, data: dict[str, Any]) -> list[str]:
        key = name_key(data["tag"])
        if self.wins(record, data["target"], f"tag {key}"):
            self._drop(data, "tag", key)
        return [data["target"]]

    def _star_added(self, record: Record, data: dict[str, Any]) -> list[str]:
        if self.wins(record, data["target"], "star"):
            self._put(record, data, "star", "", "")
        return [data["target"]]

    def _star_removed(self, record: Record, data: dict[str, Any]) -> list[str]:
        if self.wins(record, data["target"], "star"):
            self._drop(data, "star", "")
        return [data["target"]]

    def _note(self, record: Record, data: dict[str, Any]) -> list[str]:
        self._put(record, data, "note", record.id, data["text"])
        return [data["target"]]

    def _view_saved(self, record: Record, data: dict[str, Any]) -> list[str]:
        target = view_target(data["name"])
        if self.wins(record, target, "view"):
            self.conn.execute(
                "INSERT OR REPLACE INTO views (key, name, filters, seq, recorded_at, recorded_by)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (name_key(data["name"]), data["name"], dump(data["filters"]), record.seq,
                 record.recorded_at, record.recorded_by),
            )  # fmt: skip
        return [target]

    def _view_deleted(self, record: Record, data: dict[str, Any]) -> list[str]:
        target = view_target(data["name"])
        if self.wins(record, target, "view"):
            self.conn.execute("DELETE FROM views WHERE key = ?", (name_key(data["name"]),))
        return [target]
