"""An analyst's annotations and saved views, recorded as events of their own.

``tag``, ``untag``, ``star``, ``unstar`` and ``note`` point at an event (its id, or its
last 8+ characters) or, when no event has that id, an actor (a name, alias or id). They
never change the event: its line, its fields and its content hash stay as they are.
Adding a tag it already has, or taking away one it has not, writes nothing (``None``).

``save_view`` records a name for a set of filters; ``--view NAME`` brings them back.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tracker.domain.errors import NotFoundError, UnknownActorError, ValidationError
from tracker.domain.events import (
    NoteAdded,
    StarAdded,
    StarRemoved,
    TagAdded,
    TagRemoved,
    ViewDeleted,
    ViewSaved,
    check_note,
    check_tag,
    check_view_filters,
    check_view_name,
)
from tracker.domain.events.base import Event
from tracker.domain.filters import EventFilter
from tracker.domain.names import name_key
from tracker.queries.actors import actor_name, resolve, resolve_spans
from tracker.queries.annotations import (
    Annotations,
    SavedView,
    annotations_of,
    saved_view,
    saved_views,
)
from tracker.queries.events import find_event_id, get_event
from tracker.services.session import Session


@dataclass(frozen=True)
class Target:
    id: str
    on: str  # event | actor
    label: str  # how to name it to the user


def find_target(conn: sqlite3.Connection, text: str) -> Target:
    """The event (by id or its last 8+ characters) or, failing that, the actor ``text``
    names. A retracted event takes no new annotation."""
    try:
        event_id = find_event_id(conn, text)
    except NotFoundError:
        try:
            actor_id = resolve(conn, text)
        except UnknownActorError as exc:
            hint = exc.message.partition(";")[2]
            raise NotFoundError(
                f"no event or actor {text.strip()!r}" + (f";{hint}" if hint else "")
            ) from None
        return Target(actor_id, "actor", f"actor {actor_name(conn, actor_id)}")
    try:
        entry = get_event(conn, event_id)
    except NotFoundError:
        raise ValidationError(f"{event_id} is not an event that can be annotated") from None
    if entry.retracted:
        raise ValidationError(f"event {event_id} was retracted; it takes no annotation")
    return Target(event_id, "event", f"event {event_id}")


def _annotate(session: Session, text: str, make: Any) -> tuple[Target, str | None]:
    """Find the target, ask ``make(target, its annotations)`` for the event (None: there
    is nothing to write), append it; the target and the new line's id."""
    conn = session.writing_model()
    try:
        target = find_target(conn, text)
        current = annotations_of(conn, [target.id]).get(target.id, Annotations())
        event: Event | None = make(target, current)
    finally:
        conn.close()
    if event is None:
        return target, None
    return target, session.append([event]).ids[-1]


def _has(current: Annotations, tag: str) -> str | None:
    return next((t for t in current.tags if name_key(t) == name_key(tag)), None)


def tag(session: Session, text: str, tag: str) -> tuple[Target, str | None]:
    clean = check_tag(tag)
    return _annotate(
        session, text,
        lambda t, now: None if _has(now, clean) else TagAdded(t.id, t.on, clean),
    )  # fmt: skip


def untag(session: Session, text: str, tag: str) -> tuple[Target, str | None]:
    clean = check_tag(tag)

    def make(t: Target, now: Annotations) -> Event | None:
        held = _has(now, clean)
        return None if held is None else TagRemoved(t.id, t.on, held)

    return _annotate(session, text, make)


def star(session: Session, text: str, on: bool = True) -> tuple[Target, str | None]:
    def make(t: Target, now: Annotations) -> Event | None:
        if now.starred == on:
            return None
        return StarAdded(t.id, t.on) if on else StarRemoved(t.id, t.on)

    return _annotate(session, text, make)


def note(session: Session, text: str, body: str) -> tuple[Target, str | None]:
    clean = check_note(body)
    return _annotate(session, text, lambda t, now: NoteAdded(t.id, t.on, clean))


def annotations_for(
    session: Session, targets: list[str], as_of: datetime | None = None
) -> dict[str, Annotations]:
    conn = session.model(as_of)
    try:
        return annotations_of(conn, targets)
    finally:
        conn.close()


# --------------------------------------------------------------------------- saved views


def save_view(session: Session, name: str, query: EventFilter) -> str:
    """Record the view ``name`` (replacing one of that name); returns the line's id. Its
    types, dates and actors are checked now, as a timeline would check them."""
    event = ViewSaved(check_view_name(name), check_view_filters(query.to_view()))
    if not event.filters:
        raise ValidationError("a view needs at least one filter (--actor, --from, --tag...)")
    query.event_types()
    query.check_window()
    conn = session.writing_model()
    try:
        for actor in (*query.actors, *query.with_actors):
            resolve_spans(conn, actor)
    finally:
        conn.close()
    return session.append([event]).ids[-1]


def delete_view(session: Session, name: str) -> str:
    conn = session.writing_model()
    try:
        found = saved_view(conn, name)
    finally:
        conn.close()
    return session.append([ViewDeleted(found.name)]).ids[-1]


def view(session: Session, name: str) -> SavedView:
    conn = session.model()
    try:
        return saved_view(conn, name)
    finally:
        conn.close()


def views(session: Session) -> list[SavedView]:
    conn = session.model()
    try:
        return saved_views(conn)
    finally:
        conn.close()
