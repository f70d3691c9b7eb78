"""Who an actor is, as the read model says: every actor with its counts, and one actor's
profile (names, offices, affiliations, members, merges, counterparts).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from tracker.domain.errors import NotFoundError
from tracker.queries.actors import actor_name, merge_map, names


@dataclass(frozen=True)
class ActorSummary:
    id: str
    name: str
    kind: str
    country: str | None
    aliases: tuple[str, ...]
    events: int
    first: str | None
    last: str | None


def _contact_stats(
    conn: sqlite3.Connection, ids: Sequence[str]
) -> tuple[int, str | None, str | None]:
    """Events (not retracted) of any of ``ids``, counted once, and the first and last day."""
    marks = ", ".join("?" * len(ids))
    row = conn.execute(
        f"SELECT COUNT(DISTINCT e.id), MIN(e.day_first), MAX(e.day_last) FROM participations p"
        f" JOIN events e ON e.id = p.event_id AND e.retracted = 0 WHERE p.actor_id IN ({marks})",
        list(ids),
    ).fetchone()
    return row[0], row[1], row[2]


def actor_summaries(
    conn: sqlite3.Connection, *, country: str | None = None, kind: str | None = None
) -> list[ActorSummary]:
    """Actors (merged ones counted in the actor they were merged into), busiest first."""
    clauses, params = ["a.merged_into IS NULL"], []
    if country:
        clauses.append("a.country = ?")
        params.append(country)
    if kind:
        clauses.append("a.kind = ?")
        params.append(kind)
    rows = conn.execute(
        f"""
        SELECT a.id, a.name, a.kind, a.country, a.aliases,
               COUNT(e.id), MIN(e.day_first), MAX(e.day_last)
        FROM actors a
        LEFT JOIN participations p ON p.actor_id = a.id
        LEFT JOIN events e ON e.id = p.event_id AND e.retracted = 0
        WHERE {" AND ".join(clauses)}
        GROUP BY a.id
        """,
        params,
    ).fetchall()
    merged: dict[str, list[str]] = {}
    for source, target in merge_map(conn).items():
        merged.setdefault(target, []).append(source)
    out = []
    for r in rows:
        count, first, last = r[5], r[6], r[7]
        if r[0] in merged:
            count, first, last = _contact_stats(conn, [r[0], *merged[r[0]]])
        out.append(
            ActorSummary(r[0], r[1], r[2], r[3], tuple(orjson.loads(r[4])), count, first, last)
        )
    out.sort(key=lambda a: (-a.events, a.name.casefold()))
    return out


@dataclass(frozen=True)
class Tenure:
    """An office held, an affiliation, or a member: who or what, and from/to as recorded."""

    id: str  # the other actor's id (the org, or the member); the office's org may be None
    name: str
    what: str  # the office's title, or the relation
    start: str | None
    end: str | None


@dataclass(frozen=True)
class ActorProfile:
    id: str
    name: str
    kind: str
    country: str | None
    aliases: tuple[str, ...]
    external_ids: dict[str, str]
    offices: tuple[Tenure, ...]
    affiliations: tuple[Tenure, ...]
    members: tuple[Tenure, ...]
    merged_from: tuple[tuple[str, str], ...]
    events: int
    first: str | None
    last: str | None
    counterparts: tuple[tuple[str, int], ...]  # (name, events together), most first

    def to_json(self) -> dict[str, Any]:
        def tenure(t: Tenure, key: str) -> dict[str, Any]:
            return {"id": t.id, "name": t.name, key: t.what, "from": t.start, "to": t.end}

        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "country": self.country,
            "aliases": list(self.aliases),
            "external_ids": self.external_ids,
            "offices": [
                {
                    "office": t.what,
                    "org": t.id or None,
                    "org_name": t.name or None,
                    "from": t.start,
                    "to": t.end,
                }
                for t in self.offices
            ],
            "affiliations": [tenure(t, "relation") for t in self.affiliations],
            "members": [tenure(t, "as") for t in self.members],
            "merged_from": [{"id": i, "name": n} for i, n in self.merged_from],
            "events": self.events,
            "first_contact": self.first,
            "last_contact": self.last,
            "top_counterparts": [{"name": n, "events": c} for n, c in self.counterparts],
        }


def actor_profile(conn: sqlite3.Connection, actor_id: str) -> ActorProfile:
    row = conn.execute(
        "SELECT id, name, kind, country, aliases, external_ids FROM actors WHERE id = ?",
        (actor_id,),
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no actor with id {actor_id!r}")
    known = names(conn)
    merges = merge_map(conn)
    ids = [actor_id, *sorted(a for a, t in merges.items() if t == actor_id)]
    marks = ", ".join("?" * len(ids))

    def name_of(other: str | None) -> str:
        return known.get(other, (other, other))[1] if other else ""

    offices = tuple(
        Tenure(org or "", name_of(org), title, start, end)
        for title, org, start, end in conn.execute(
            f"SELECT title, org_id, start_text, end_text FROM offices WHERE actor_id IN ({marks})"
            " ORDER BY day_first",
            ids,
        )
    )
    affiliations = tuple(
        Tenure(org, name_of(org), relation, start, end)
        for org, relation, start, end in conn.execute(
            f"SELECT org_id, relation, start_text, end_text FROM affiliations"
            f" WHERE actor_id IN ({marks}) ORDER BY day_first",
            ids,
        )
    )
    member_rows = conn.execute(
        f"SELECT actor_id, relation, start_text, end_text, day_first FROM affiliations"
        f" WHERE org_id IN ({marks}) UNION ALL SELECT actor_id, title, start_text, end_text,"
        f" day_first FROM offices WHERE org_id IN ({marks}) ORDER BY 5",
        [*ids, *ids],
    ).fetchall()
    members = tuple(
        Tenure(known.get(m, (m, m))[0], name_of(m), how, start, end)
        for m, how, start, end, _ in member_rows
    )
    count, first, last = _contact_stats(conn, ids)
    together = conn.execute(
        f"SELECT p2.actor_id, COUNT(DISTINCT p2.event_id) FROM participations p1"
        f" JOIN participations p2 ON p2.event_id = p1.event_id AND p2.actor_id NOT IN ({marks})"
        f" JOIN events e ON e.id = p1.event_id AND e.retracted = 0"
        f" WHERE p1.actor_id IN ({marks}) GROUP BY p2.actor_id",
        [*ids, *ids],
    ).fetchall()
    counts: dict[str, int] = {}
    for other, n in together:
        label = name_of(other)
        counts[label] = counts.get(label, 0) + n
    top = tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:10])
    return ActorProfile(
        id=row[0],
        name=row[1],
        kind=row[2],
        country=row[3],
        aliases=tuple(orjson.loads(row[4])),
        external_ids=dict(orjson.loads(row[5])),
        offices=offices,
        affiliations=affiliations,
        members=members,
        merged_from=tuple((i, actor_name(conn, i)) for i in ids[1:]),
        events=count,
        first=first,
        last=last,
        counterparts=top,
    )
