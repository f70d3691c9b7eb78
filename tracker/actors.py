"""Who is this? Resolving the names a user types to actor ids.

In order: the exact id, then a name or alias ignoring case and accents. An ambiguous
name lists every candidate; an unknown one suggests the closest names (rapidfuzz).
"""

from __future__ import annotations

import sqlite3

from .errors import AmbiguousActorError, UnknownActorError, ValidationError
from .projection import name_key


def resolve(conn: sqlite3.Connection, name: str) -> str:
    """The actor id for ``name``, or ``UnknownActorError``/``AmbiguousActorError``."""
    text = name.strip()
    if not text:
        raise ValidationError("an actor is empty")
    row = conn.execute("SELECT id FROM actors WHERE id = ?", (text,)).fetchone()
    if row:
        return str(row[0])
    rows = conn.execute(
        "SELECT DISTINCT n.actor_id, a.name FROM actor_names n JOIN actors a ON a.id = n.actor_id "
        "WHERE n.key = ? ORDER BY a.name",
        (name_key(text),),
    ).fetchall()
    if len(rows) == 1:
        return str(rows[0][0])
    if len(rows) > 1:
        raise AmbiguousActorError(text, [(r[0], r[1]) for r in rows])
    raise UnknownActorError(text, suggest(conn, text))


def suggest(conn: sqlite3.Connection, text: str, limit: int = 3) -> list[str]:
    """The closest actor names to ``text`` (display names, best first)."""
    from rapidfuzz import fuzz, process, utils

    names = conn.execute(
        "SELECT n.name, a.name FROM actor_names n JOIN actors a ON a.id = n.actor_id"
    ).fetchall()
    if not names:
        return []
    choices = [n for n, _ in names]
    found = process.extract(
        text,
        choices,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=limit * 3,
        score_cutoff=60,
    )
    out: list[str] = []
    for _, _, index in found:
        display = names[index][1]
        if display not in out:
            out.append(display)
    return out[:limit]


def resolve_many(conn: sqlite3.Connection, names: list[str]) -> list[str]:
    return [resolve(conn, n) for n in names]
