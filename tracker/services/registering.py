"""Registering who is who: actors, their aliases and names, offices held, affiliations,
and merges. Each command checks its input against the read model, then appends one event.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from tracker.domain.errors import NotFoundError, ValidationError
from tracker.domain.events import (
    ActorAffiliated,
    ActorAliasAdded,
    ActorAliasRemoved,
    ActorRegistered,
    ActorRenamed,
    ActorsMerged,
    ActorsUnmerged,
    Event,
    OfficeHeld,
    build_actor,
    check_relation,
    check_span,
)
from tracker.domain.names import name_key
from tracker.domain.text import clean_name, clean_text
from tracker.queries.actors import canonical, resolve
from tracker.queries.profiles import actor_profile
from tracker.services.session import Session


def register_actor(
    session: Session,
    name: str,
    *,
    kind: str = "person",
    aliases: Sequence[str] = (),
    country: str | None = None,
    external_ids: Mapping[str, str | None] | None = None,
) -> str:
    """Register an actor; returns its id (a slug of the name, made unique)."""
    actor = build_actor(name, kind, aliases, country, external_ids)
    conn = session.writing_model()
    try:
        actor = unique_actor(conn, actor, set())
    finally:
        conn.close()
    session.append([actor])
    return actor.actor


def unique_actor(
    conn: sqlite3.Connection, actor: ActorRegistered, taken: set[str]
) -> ActorRegistered:
    """Refuse names already used; give the actor an id nobody has."""

    for name in (actor.name, *actor.aliases):
        check_name_free(conn, name)
    base, n, actor_id = actor.actor, 1, actor.actor
    while (
        actor_id in taken
        or conn.execute("SELECT 1 FROM actors WHERE id = ?", (actor_id,)).fetchone()
    ):
        n += 1
        actor_id = f"{base}-{n}"
    taken.add(actor_id)
    return replace(actor, actor=actor_id)


def actor_event(session: Session, build: Callable[[sqlite3.Connection], Event]) -> str:
    """Validate against the read model, then append one actor event; returns its id."""
    conn = session.writing_model()
    try:
        event = build(conn)
    finally:
        conn.close()
    return session.append([event]).ids[-1]


def add_alias(session: Session, name: str, alias: str) -> str:
    def build(conn: sqlite3.Connection) -> Event:
        actor_id = resolve(conn, name)
        clean = clean_name(alias, "alias")
        check_name_free(conn, clean, actor_id)
        return ActorAliasAdded(actor_id, clean)

    return actor_event(session, build)


def remove_alias(session: Session, name: str, alias: str) -> str:
    def build(conn: sqlite3.Connection) -> Event:
        actor_id = resolve(conn, name)
        profile = actor_profile(conn, actor_id)
        key = name_key(alias)
        match = next((a for a in profile.aliases if name_key(a) == key), None)
        if match is None:
            raise NotFoundError(f"{profile.name} has no alias {alias!r}")
        return ActorAliasRemoved(actor_id, match)

    return actor_event(session, build)


def rename(session: Session, name: str, new_name: str) -> str:
    def build(conn: sqlite3.Connection) -> Event:
        actor_id = resolve(conn, name)
        clean = clean_name(new_name)
        check_name_free(conn, clean, actor_id)
        return ActorRenamed(actor_id, clean)

    return actor_event(session, build)


def hold_office(
    session: Session,
    name: str,
    office: str,
    *,
    org: str | None = None,
    start: str | None = None,
    end: str | None = None,
    aliases: Sequence[str] = (),
) -> str:
    """Record that an actor held an office (of ``org``), from/to dates of any precision."""

    def build(conn: sqlite3.Connection) -> Event:
        actor_id = resolve(conn, name)
        org_id = resolve(conn, org) if org else None
        if org_id == actor_id:
            raise ValidationError("an actor cannot hold an office of itself")
        first, last = check_span(start, end, "the office")
        names = tuple(dict.fromkeys(clean_name(a, "office alias") for a in aliases))
        return OfficeHeld(actor_id, clean_name(office, "office"), org_id, first, last, names)

    return actor_event(session, build)


def affiliate(
    session: Session,
    name: str,
    org: str,
    *,
    relation: str = "member_of",
    start: str | None = None,
    end: str | None = None,
) -> str:
    """Record that an actor is a member (or part) of an organization or state."""

    def build(conn: sqlite3.Connection) -> Event:
        actor_id, org_id = resolve(conn, name), resolve(conn, org)
        if org_id == actor_id:
            raise ValidationError("an actor cannot be affiliated with itself")
        first, last = check_span(start, end, "the affiliation")
        return ActorAffiliated(actor_id, org_id, check_relation(relation), first, last)

    return actor_event(session, build)


def merge(session: Session, source: str, target: str, reason: str) -> str:
    """``source`` turns out to be ``target``: queries follow; nothing is rewritten."""
    why = clean_text(reason, "reason")

    def build(conn: sqlite3.Connection) -> Event:
        source_id, target_id = resolve(conn, source), resolve(conn, target)
        if source_id == target_id:
            raise ValidationError(f"cannot merge {source!r} into itself ({source_id})")
        return ActorsMerged(source_id, target_id, why)

    return actor_event(session, build)


def unmerge(session: Session, source: str, reason: str) -> str:
    """Undo a merge: ``source`` (an id, or a name it had) answers as itself again."""
    why = clean_text(reason, "reason")

    def build(conn: sqlite3.Connection) -> Event:
        text = source.strip()
        row = conn.execute(
            "SELECT id, merged_into FROM actors WHERE id = ? AND merged_into IS NOT NULL",
            (text,),
        ).fetchone()
        if row is None:
            row = conn.execute(
                "SELECT a.id, a.merged_into FROM actor_names n JOIN actors a"
                " ON a.id = n.actor_id WHERE n.key = ? AND a.merged_into IS NOT NULL",
                (name_key(text),),
            ).fetchone()
        if row is None:
            raise ValidationError(f"{text!r} is not a merged actor; give the merged id")
        return ActorsUnmerged(row[0], row[1], why)

    return actor_event(session, build)


def name_is_free(
    conn: sqlite3.Connection, name: str, new_actors: Mapping[str, ActorRegistered]
) -> bool:
    """Whether a proposed alias is nobody's name yet (in the log or in this batch)."""
    try:
        check_name_free(conn, name)
    except ValidationError:
        return False
    key = name_key(name)
    return not any(key in {name_key(n) for n in (a.name, *a.aliases)} for a in new_actors.values())


def check_name_free(conn: sqlite3.Connection, name: str, owner: str | None = None) -> None:
    """A name or alias may belong to one actor only (merged ids count as their target)."""
    rows = conn.execute(
        "SELECT a.id, a.name FROM actor_names n JOIN actors a ON a.id = n.actor_id WHERE n.key = ?",
        (name_key(name),),
    ).fetchall()
    for actor_id, owner_name in rows:
        if owner is None or canonical(conn, actor_id) != canonical(conn, owner):
            raise ValidationError(
                f"the name {name!r} is already used by actor {actor_id} ({owner_name})"
            )
