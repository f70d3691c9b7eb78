"""The actor events applied to the read model: registrations (gathered for a bulk insert),
aliases, renames, offices, affiliations and merges. Each handler returns the actor ids
the line concerns (its ``changes`` rows); a fact two branches changed goes to the line
recorded later (``wins``, the projector's).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

import orjson

from tracker.domain.dates import parse_event_date
from tracker.domain.names import name_key
from tracker.log.envelope import Record
from tracker.readmodel.rows import dump

Wins = Callable[[Record, str, str], bool]  # (line, target, fact) -> whether the line decides


class ActorRows:
    """Applies actor events to ``conn``; ``flush`` writes the registrations gathered."""

    def __init__(self, conn: sqlite3.Connection, wins: Wins) -> None:
        self.conn = conn
        self.wins = wins
        self.actors: list[tuple[Any, ...]] = []
        self.names: list[tuple[Any, ...]] = []
        self._handlers: dict[str, Callable[[Record, dict[str, Any]], list[str]]] = {
            "ActorRegistered": self._actor,
            "ActorAliasAdded": self._alias_added,
            "ActorAliasRemoved": self._alias_removed,
            "ActorRenamed": self._renamed,
            "OfficeHeld": self._office,
            "ActorAffiliated": self._affiliated,
            "ActorsMerged": self._merged,
            "ActorsUnmerged": self._unmerged,
        }

    def handles(self, kind: str) -> bool:
        return kind in self._handlers

    def apply(self, kind: str, record: Record, data: dict[str, Any]) -> list[str]:
        """Apply one actor event; the actor ids it concerns."""
        return self._handlers[kind](record, data)

    def flush(self) -> None:
        if not self.actors:
            return
        self.conn.executemany(
            # OR IGNORE: two merged branches may each have registered the same actor id;
            # the later registration's names still resolve (actor_names below).
            "INSERT OR IGNORE INTO actors (id, name, kind, country, aliases, external_ids,"
            " merged_into, registered_seq, registered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self.actors,
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO actor_names (key, actor_id, name) VALUES (?, ?, ?)", self.names
        )
        self.actors, self.names = [], []

    def _actor(self, record: Record, data: dict[str, Any]) -> list[str]:
        actor_id = data["actor"]
        self.actors.append(
            (
                actor_id,
                data["name"],
                data["kind"],
                data.get("country"),
                dump(data.get("aliases", [])),
                dump(data.get("external_ids", {})),
                None,
                record.seq,
                record.recorded_at,
            )
        )
        for name in (actor_id, data["name"], *data.get("aliases", [])):
            self.names.append((name_key(name), actor_id, name))
        return [actor_id]

    def _aliases(self, actor_id: str) -> list[str]:
        row = self.conn.execute("SELECT aliases FROM actors WHERE id = ?", (actor_id,)).fetchone()
        return list(orjson.loads(row[0])) if row else []

    def _set_aliases(self, actor_id: str, aliases: list[str]) -> None:
        self.conn.execute("UPDATE actors SET aliases = ? WHERE id = ?", (dump(aliases), actor_id))

    def _alias_added(self, record: Record, data: dict[str, Any]) -> list[str]:
        actor_id, alias = data["actor"], data["alias"]
        if not self.wins(record, actor_id, f"alias {name_key(alias)}"):
            return [actor_id]  # removed by a line recorded later
        aliases = self._aliases(actor_id)
        if alias not in aliases:
            self._set_aliases(actor_id, [*aliases, alias])
        self.conn.execute(
            "INSERT OR IGNORE INTO actor_names (key, actor_id, name) VALUES (?, ?, ?)",
            (name_key(alias), actor_id, alias),
        )
        return [actor_id]

    def _alias_removed(self, record: Record, data: dict[str, Any]) -> list[str]:
        actor_id, alias = data["actor"], data["alias"]
        if not self.wins(record, actor_id, f"alias {name_key(alias)}"):
            return [actor_id]  # added again by a line recorded later
        aliases = [a for a in self._aliases(actor_id) if name_key(a) != name_key(alias)]
        self._set_aliases(actor_id, aliases)
        row = self.conn.execute("SELECT name FROM actors WHERE id = ?", (actor_id,)).fetchone()
        if row and name_key(row[0]) != name_key(alias) and name_key(actor_id) != name_key(alias):
            self.conn.execute(
                "DELETE FROM actor_names WHERE key = ? AND actor_id = ?",
                (name_key(alias), actor_id),
            )
        return [actor_id]

    def _renamed(self, record: Record, data: dict[str, Any]) -> list[str]:
        actor_id, name = data["actor"], data["name"]
        row = self.conn.execute("SELECT name FROM actors WHERE id = ?", (actor_id,)).fetchone()
        if row and not self.wins(record, actor_id, "name"):
            # renamed again by a line recorded later: this name was the actor's for a while,
            # and keeps resolving, as it would had the lines come in the other order
            aliases = self._aliases(actor_id)
            if name_key(row[0]) != name_key(name) and name not in aliases:
                self._set_aliases(actor_id, [*aliases, name])
            self.conn.execute(
                "INSERT OR IGNORE INTO actor_names (key, actor_id, name) VALUES (?, ?, ?)",
                (name_key(name), actor_id, name),
            )
        elif row:
            old = row[0]
            aliases = [a for a in self._aliases(actor_id) if name_key(a) != name_key(name)]
            if name_key(old) != name_key(name) and old not in aliases:
                aliases.append(old)  # the former name keeps resolving
            self._set_aliases(actor_id, aliases)
            self.conn.execute("UPDATE actors SET name = ? WHERE id = ?", (name, actor_id))
            self.conn.execute(
                "INSERT OR IGNORE INTO actor_names (key, actor_id, name) VALUES (?, ?, ?)",
                (name_key(name), actor_id, name),
            )
        return [actor_id]

    def _office(self, record: Record, data: dict[str, Any]) -> list[str]:
        first = parse_event_date(data["start"]).first.isoformat() if data.get("start") else None
        last = parse_event_date(data["end"]).last.isoformat() if data.get("end") else None
        self.conn.execute(
            "INSERT INTO offices (id, actor_id, title, org_id, start_text, end_text, day_first,"
            " day_last, aliases) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (record.id, data["actor"], data["office"], data.get("org"), data.get("start"),
             data.get("end"), first, last, dump(data.get("aliases", []))),
        )  # fmt: skip
        return [data["actor"], *([data["org"]] if data.get("org") else [])]

    def _affiliated(self, record: Record, data: dict[str, Any]) -> list[str]:
        first = parse_event_date(data["start"]).first.isoformat() if data.get("start") else None
        last = parse_event_date(data["end"]).last.isoformat() if data.get("end") else None
        self.conn.execute(
            "INSERT INTO affiliations (id, actor_id, org_id, relation, start_text, end_text,"
            " day_first, day_last) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (record.id, data["actor"], data["org"], data.get("relation", "member_of"),
             data.get("start"), data.get("end"), first, last),
        )  # fmt: skip
        return [data["actor"], data["org"]]

    def _merged(self, record: Record, data: dict[str, Any]) -> list[str]:
        if self.wins(record, data["source"], "merged_into"):
            self.conn.execute(
                "UPDATE actors SET merged_into = ? WHERE id = ?", (data["target"], data["source"])
            )
        return [data["source"], data["target"]]

    def _unmerged(self, record: Record, data: dict[str, Any]) -> list[str]:
        if self.wins(record, data["source"], "merged_into"):
            self.conn.execute(
                "UPDATE actors SET merged_into = NULL WHERE id = ? AND merged_into = ?",
                (data["source"], data["target"]),
            )
        return [data["source"], data["target"]]
