"""The extractor's registry snapshot, read from a tracker's read model.

The one place where the extractor (pure: text and a snapshot in, proposals out)
meets the read model: actors with their names and aliases, merges, offices with their
holders and dates (the first and last day each covers), and ``part_of`` ties. Three
read-only SELECTs over the registry tables; no event is read.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

import orjson

from tracker.extract.registry import Actor, Office, Registry, Tie, build
from tracker.queries.actors import merge_map

if TYPE_CHECKING:
    from tracker.services.tracker import Tracker


def snapshot(tracker: Tracker) -> Registry:
    """The registry of ``tracker``'s log as it stands now (the read model is synced)."""
    conn = tracker.model()
    try:
        return from_model(conn)
    finally:
        conn.close()


def from_model(conn: sqlite3.Connection) -> Registry:
    actors = [
        Actor(r[0], r[1], r[2], r[3], tuple(orjson.loads(r[4])))
        for r in conn.execute("SELECT id, name, kind, country, aliases FROM actors")
    ]
    countries = {a.id: a.country for a in actors}
    offices = [
        Office(
            r[0],
            r[1],
            tuple(orjson.loads(r[2])),
            r[3],
            (countries.get(r[3]) if r[3] else None) or countries.get(r[0]),
            r[4],
            r[5],
        )
        for r in conn.execute(
            "SELECT actor_id, title, aliases, org_id, day_first, day_last FROM offices"
        )
    ]
    ties = [
        Tie(r[0], r[1], r[2])
        for r in conn.execute("SELECT actor_id, org_id, relation FROM affiliations")
    ]
    return build(actors, offices, ties, merge_map(conn))
