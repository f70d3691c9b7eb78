"""Recording what happened: interactions, statements and developments, their amendments
and retractions. Every event is validated against the read model (names resolved, new
actors made if allowed), then all of a command's events go in one append.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from tracker.domain.dates import parse_event_when
from tracker.domain.errors import NotFoundError, TrackerError, UnknownActorError, ValidationError
from tracker.domain.events import (
    AMENDABLE,
    ActorRegistered,
    EventAmended,
    EventRetracted,
    OccurrenceRecorded,
    OfficeHeld,
    Participant,
    build_actor,
    build_occurrence,
)
from tracker.domain.ids import canonical_id
from tracker.domain.text import clean_name, clean_text
from tracker.log.envelope import Pending
from tracker.queries.actors import resolve
from tracker.queries.events import find_bad_event, find_event_id, get_event
from tracker.services.registering import name_is_free, unique_actor
from tracker.services.session import Session

# What to do with a participant name that no actor has: True creates it, False refuses,
# a function is asked (the CLI asks on a terminal).
CreatePolicy = bool | Callable[[str], bool]


@dataclass(frozen=True)
class ActorRef:
    """A participant as the user wrote it: a name (or id) and a role."""

    name: str
    role: str = "participant"
    # A proposed new actor (``tracker extract``): registered with these if it is new.
    kind: str | None = None
    country: str | None = None
    office: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass
class AddResult:
    ids: list[str]
    new_actors: list[tuple[str, str]] = field(default_factory=list)  # (id, name)
    duplicates: list[str] = field(default_factory=list)


def participants(
    conn: sqlite3.Connection,
    refs: Sequence[ActorRef],
    create: CreatePolicy,
    new_actors: dict[str, ActorRegistered],
    on: date | None = None,
    offices: dict[str, str] | None = None,
) -> list[Participant]:
    out: list[Participant] = []
    for ref in refs:
        name = ref.name.strip() if isinstance(ref.name, str) else ""
        if not name:
            raise ValidationError("an actor is empty")
        try:
            # (no suggestions when the actor will be made: 2,600 drafts took 139 s for them)
            actor_id = resolve(conn, name, on, suggestions=create is not True)
            out.append(Participant(actor_id, ref.role))
            continue
        except UnknownActorError:
            pending = build_actor(name, ref.kind or "other", (), ref.country)
            made = next(
                (a for a in new_actors.values() if a.name.casefold() == pending.name.casefold()),
                None,
            )
            if made is None:
                if not (create(name) if callable(create) else create):
                    raise
                made = unique_actor(conn, pending, set(new_actors))
                free = [a for a in ref.aliases if name_is_free(conn, a, new_actors)]
                made = replace(made, aliases=build_actor(name, made.kind, free).aliases)
                new_actors[made.actor] = made
                if ref.office and offices is not None:
                    offices[made.actor] = clean_name(ref.office, "office")
            out.append(Participant(made.actor, ref.role))
    return out


def occurrence(
    conn: sqlite3.Connection,
    raw: Mapping[str, Any],
    create: CreatePolicy,
    new_actors: dict[str, ActorRegistered],
    offices: dict[str, str] | None = None,
) -> OccurrenceRecorded:
    refs = [r if isinstance(r, ActorRef) else ActorRef(**r) for r in raw.get("participants", [])]
    if not refs:
        raise ValidationError("an event needs at least one actor (--actor NAME)")
    when = raw.get("when")
    on = parse_event_when(when).first if isinstance(when, str) else None
    return build_occurrence(
        event_type=raw.get("type"),
        when=when,
        participants=participants(conn, refs, create, new_actors, on, offices),
        summary=raw.get("summary"),
        sources=raw.get("sources") or [],
        topics=raw.get("topics"),
        location=raw.get("location"),
        cameo=raw.get("cameo"),
    )


def add_events(
    session: Session, raws: Sequence[Mapping[str, Any]], *, create_actors: CreatePolicy = False
) -> AddResult:
    """Validate every event, then append them (and any new actors) in one write.

    Each raw event: ``type``, ``when``, ``participants`` (``ActorRef`` or
    ``{"name", "role"}``), ``summary``, ``sources``, and optionally ``topics``,
    ``location``, ``cameo`` and ``id`` (an idempotency key).
    """
    conn = session.writing_model()
    new_actors: dict[str, ActorRegistered] = {}
    offices: dict[str, str] = {}  # a new actor's office, as the text gave it
    held: list[Pending] = []
    pending: list[Pending] = []
    try:
        for index, raw in enumerate(raws, 1):
            try:
                before = set(offices)
                event = occurrence(conn, raw, create_actors, new_actors, offices)
                for actor_id in [a for a in offices if a not in before]:
                    # the office on the day the text attests, no wider
                    dates = event.dates
                    first, last = dates.start.text, dates.end_text or dates.start.text
                    held.append(Pending(OfficeHeld(actor_id, offices[actor_id], None, first, last)))
                given = raw.get("id")
                if given is not None:
                    given = canonical_id(given)  # braces, urn:uuid:, no hyphens: one id
                pending.append(Pending(event, given))
            except TrackerError as exc:
                if len(raws) > 1:
                    exc.message = f"event {index}: {exc.message}"
                    exc.args = (exc.message,)
                raise
    finally:
        conn.close()
    actors = [Pending(a) for a in new_actors.values()] + held
    result = session.append([*actors, *pending])
    ids = result.ids[len(actors) :]
    return AddResult(ids, [(a.actor, a.name) for a in new_actors.values()], result.duplicates)


def add_event(session: Session, *, create_actors: CreatePolicy = False, **raw: Any) -> AddResult:
    return add_events(session, [raw], create_actors=create_actors)


def amend(
    session: Session,
    event_id: str,
    changes: Mapping[str, Any],
    reason: str,
    *,
    create_actors: CreatePolicy = False,
) -> str:
    """Record an amendment: the changed fields, validated as a whole event would be."""
    why = clean_text(reason, "reason")
    unknown = set(changes) - set(AMENDABLE)
    if unknown:
        raise ValidationError(
            f"cannot amend {', '.join(sorted(unknown))}; amendable: {', '.join(AMENDABLE)}"
        )
    if not changes:
        raise ValidationError("nothing to amend: give at least one field to change")
    conn = session.writing_model()
    new_actors: dict[str, ActorRegistered] = {}
    try:
        target = find_event_id(conn, event_id)
        current = get_event(conn, target)
        if current.retracted:
            raise ValidationError(f"event {target} was retracted; it cannot be amended")
        merged: dict[str, Any] = {
            "type": current.type,
            "when": current.when,
            "summary": current.summary,
            "sources": list(current.sources),
            "topics": list(current.topics),
            "location": current.location,
            "cameo": current.cameo,
            "participants": [ActorRef(p.actor_id, p.role) for p in current.participants],
        }
        merged.update(changes)
        event = occurrence(conn, merged, create_actors, new_actors)
    finally:
        conn.close()
    new_data, old = event.to_data(), current
    old_data = {
        "type": old.type,
        "when": old.when,
        "summary": old.summary,
        "sources": list(old.sources),
        "topics": list(old.topics),
        "location": old.location,
        "cameo": old.cameo,
        "participants": [{"actor": p.actor_id, "role": p.role} for p in old.participants],
    }
    diff = {k: new_data.get(k) for k in changes if new_data.get(k) != old_data.get(k)}
    if not diff:
        raise ValidationError("nothing would change: the event already says that")
    result = session.append([*new_actors.values(), EventAmended(target, diff, why)])
    return result.ids[-1]


def retract(session: Session, event_id: str, reason: str) -> str:
    """Record a retraction. A bad event the projector set aside (``bad_events``) can be
    retracted too: that is how it is settled."""
    why = clean_text(reason, "reason")
    conn = session.writing_model(bad_ok=True)
    try:
        try:
            target = find_event_id(conn, event_id)
        except NotFoundError:
            bad = find_bad_event(conn, event_id)
            if bad is None:
                raise
            return session.append([EventRetracted(bad, why)]).ids[-1]
        current = get_event(conn, target)
    finally:
        conn.close()
    if current.retracted:
        raise ValidationError(f"event {target} is already retracted")
    return session.append([EventRetracted(target, why)]).ids[-1]


# ------------------------------------------------------------------ actors
