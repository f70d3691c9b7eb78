"""Asking the log: timelines, one event and its history, who an actor is, and the actor
graph (contacts, ranks, paths, pairs, communities). Every question takes one
``EventFilter``; names are resolved (``tracker.queries.actors``) before the read model
is queried.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

import orjson

from tracker.domain.cameo import goldstein
from tracker.domain.errors import NotFoundError, UnknownActorError, ValidationError
from tracker.domain.events import INTERACTION_TYPES
from tracker.domain.filters import EventFilter
from tracker.domain.perf import no_gc
from tracker.queries import graph, metrics
from tracker.queries.actors import Span, actor_name, resolve, resolve_spans
from tracker.queries.annotations import annotation_clause
from tracker.queries.events import Change, Entry, find_event_id, get_event
from tracker.queries.events import history as history_of
from tracker.queries.events import timeline as timeline_rows
from tracker.queries.events import timeline_json as timeline_json_rows
from tracker.queries.metrics import Ranked
from tracker.queries.profiles import ActorProfile, ActorSummary, actor_profile, actor_summaries
from tracker.services.session import Session

if TYPE_CHECKING:
    import networkx as nx

T = TypeVar("T")


@dataclass(frozen=True)
class Timeline:
    actors: tuple[tuple[str, str], ...]  # (what was asked, the name it resolved to)
    entries: list[Entry]
    start: date | None = None
    end: date | None = None
    as_of: datetime | None = None
    ids: tuple[str, ...] = ()  # every actor id the question stands for (merges, members)
    groups: tuple[tuple[str, ...], ...] = ()  # those ids, per actor asked about

    @property
    def actor_ids(self) -> list[str]:
        return list(self.ids) or [a for a, _ in self.actors]


@dataclass(frozen=True)
class Path_:
    """A chain of contacts: (from, to, the latest event behind the hop) per hop."""

    ends: tuple[str, str]
    hops: list[tuple[str, str, Entry]] | None


@dataclass(frozen=True)
class Dyad:
    a: str
    b: str
    timeline: Timeline
    months: dict[str, int]  # YYYY-MM -> events
    mean_goldstein: float | None
    coded: int  # events with a CAMEO code


Asked = list[tuple[str, str, list[Span]]]  # (what was asked, its label, its spans)
Run = Callable[[sqlite3.Connection, list[Span], list[list[Span]], list[str]], T]


# --------------------------------------------------------------------------- timelines


def timeline(session: Session, query: EventFilter) -> Timeline:
    """The events of ``query.actors`` (names, aliases, ids or offices), in time order.

    An office ("US Secretary of State") stands for whoever held it, over their tenure,
    within the window. ``members`` widens each actor to everything affiliated with it
    at the time of each event.
    """
    asked, entries = _resolved(
        session, query,
        lambda conn, spans, withs, kinds: timeline_rows(
            conn, spans, with_actors=withs, start=query.start, end=query.end, types=kinds,
            limit=query.limit, latest=query.latest,
            extra=annotation_clause(query.tags, query.starred),
        ),
    )  # fmt: skip
    spans = [span for _, _, group in asked for span in group]
    ids = tuple(dict.fromkeys(span.actor_id for span in spans))
    named = tuple((a, label) for a, label, _ in asked)
    groups = tuple(tuple(dict.fromkeys(s.actor_id for s in group)) for _, _, group in asked)
    return Timeline(named, entries, query.start, query.end, query.as_of, ids, groups)


def timeline_json(session: Session, query: EventFilter) -> bytes:
    """``timeline`` as JSON (what ``--format json`` prints), made straight from rows."""
    _, data = _resolved(
        session, query,
        lambda conn, spans, withs, kinds: timeline_json_rows(
            conn, spans, with_actors=withs, start=query.start, end=query.end, types=kinds,
            limit=query.limit, latest=query.latest,
            extra=annotation_clause(query.tags, query.starred),
        ),
    )  # fmt: skip
    return data


def _resolved(session: Session, query: EventFilter, run: Run[T]) -> tuple[Asked, T]:
    """Resolve the actors asked about (and ``--with``) to spans, then ``run`` a query."""
    if not query.actors:
        raise ValidationError("give at least one --actor")
    kinds = list(query.event_types())
    query.check_window()
    first = query.start.isoformat() if query.start else None
    last = query.end.isoformat() if query.end else None
    conn = session.model(query.as_of)
    try:
        asked = [
            (a, *resolve_spans(conn, a, first, last, members=query.members)) for a in query.actors
        ]
        spans = [span for _, _, group in asked for span in group]
        withs = [resolve_spans(conn, w, first, last)[1] for w in query.with_actors]
        return asked, run(conn, spans, withs, kinds)
    finally:
        conn.close()


def every_event(session: Session, query: EventFilter) -> list[Entry]:
    """The events of every actor that ``query`` keeps by its window and types."""
    kinds = list(query.event_types())
    conn = session.model(query.as_of)
    try:
        return timeline_rows(
            conn, [], start=query.start, end=query.end, types=kinds,
            extra=annotation_clause(query.tags, query.starred),
        )  # fmt: skip
    finally:
        conn.close()


# --------------------------------------------------------------------------- one event, one actor


def events_after(
    session: Session, after: int, query: EventFilter, upto: int | None = None
) -> list[Entry]:
    """The events recorded on lines ``after`` < seq <= ``upto`` that ``query`` selects, in
    log order (``tracker watch``): a timeline's when actors are given, else every new
    event of ``query.types`` (all types if none)."""
    last = upto if upto is not None else 2**62
    if query.actors:
        entries = [e for e in timeline(session, query).entries if after < e.seq <= last]
        return sorted(entries, key=lambda e: e.seq)
    conn = session.model()
    try:
        rows = conn.execute(
            "SELECT id FROM events WHERE seq > ? AND seq <= ? ORDER BY seq", (after, last)
        )
        entries = [get_event(conn, row[0]) for row in rows.fetchall()]
    finally:
        conn.close()
    return [e for e in entries if not query.types or e.type in query.types]


def selected_ids(session: Session, query: EventFilter) -> set[str]:
    """The ids of the events ``query`` selects now (``watch``: whose amendments, retractions
    and annotations it prints); with actors, as the timeline (retracted ones left out: a
    watch keeps the ids it knew), else from every event row, retracted ones included."""
    if query.actors:
        return {e.id for e in timeline(session, query).entries}
    conn = session.model()
    try:
        if not query.types:
            return {row[0] for row in conn.execute("SELECT id FROM events")}
        kinds = list(query.event_types())
        marks = ",".join("?" * len(kinds))
        return {
            row[0] for row in conn.execute(f"SELECT id FROM events WHERE type IN ({marks})", kinds)
        }
    finally:
        conn.close()


def changes_after(
    session: Session, after: int, upto: int, targets: set[str] | None
) -> list[tuple[str, Change]]:
    """(target, change) of every line after ``after`` up to ``upto`` that changes something
    rather than records an event: an amendment, a retraction, an annotation (whose target is
    an event), and the actor, view and merge events (whose target is no event). Only those
    whose target is in ``targets``, unless it is None (every line). One per line, in log
    order (``watch``)."""
    conn = session.model()
    try:
        rows = conn.execute(
            "SELECT seq, target, event_id, type, recorded_at, recorded_by, reason, data"
            " FROM changes WHERE seq > ? AND seq <= ? AND event_id <> target ORDER BY seq, target",
            (after, upto),
        ).fetchall()
    finally:
        conn.close()
    found: list[tuple[str, Change]] = []
    seen: set[int] = set()
    for seq, target, event_id, kind, at, by, reason, data in rows:
        if seq in seen or (targets is not None and target not in targets):
            continue
        seen.add(seq)
        change = Change(seq, event_id, kind, at, by, reason, orjson.loads(data) if data else {})
        found.append((target, change))
    return found


@dataclass(frozen=True)
class Watched:
    """What ``watch`` prints of some new lines: the new events its query selects, and the
    changes (target, change) to the events it knows (every line's if it knows None)."""

    entries: list[Entry]
    changes: list[tuple[str, Change]]


def watched(
    session: Session, after: int, upto: int, query: EventFilter, known: set[str] | None
) -> Watched:
    """The lines ``after`` < seq <= ``upto`` that ``watch`` prints. ``known`` (the ids whose
    changes it prints) first takes in every id ``query`` selects now: called with
    ``after == upto``, this only fills it."""
    entries = events_after(session, after, query, upto) if upto > after else []
    if known is not None:
        known |= selected_ids(session, query)
    return Watched(entries, changes_after(session, after, upto, known) if upto > after else [])


def show(session: Session, event_id: str, as_of: datetime | None = None) -> Entry:
    conn = session.model(as_of)
    try:
        return get_event(conn, find_event_id(conn, event_id))
    finally:
        conn.close()


def history(session: Session, event_id: str) -> tuple[str, list[Change]]:
    """The trail of an event or an actor; a new event's payload read back from its line."""
    conn = session.model()
    try:
        try:
            target = find_event_id(conn, event_id)
        except NotFoundError:  # not an event id: an actor, or neither
            try:
                target = resolve(conn, event_id)
            except UnknownActorError as exc:
                hint = exc.message.partition(";")[2]  # " did you mean ...?"
                raise NotFoundError(
                    f"no event or actor {event_id.strip()!r}" + (f";{hint}" if hint else "")
                ) from None

        def payload_at(end: int) -> dict[str, Any]:
            record = session.log.record_at(end)
            return record.upcast_data() if record is not None else {}

        return target, history_of(conn, target, payload_at)
    finally:
        conn.close()


def actor(session: Session, name: str, as_of: datetime | None = None) -> ActorProfile:
    """Names, aliases, offices, affiliations, members, merges, counts, first/last contact."""
    conn = session.model(as_of)
    try:
        return actor_profile(conn, resolve(conn, name))
    finally:
        conn.close()


def actors(
    session: Session,
    *,
    as_of: datetime | None = None,
    country: str | None = None,
    kind: str | None = None,
) -> list[ActorSummary]:
    conn = session.model(as_of)
    try:
        return actor_summaries(conn, country=country, kind=kind)
    finally:
        conn.close()


# --------------------------------------------------------------------------- the graph


def contact_graph(
    session: Session, query: EventFilter, *, detail: bool = False, stats: bool = True
) -> nx.Graph:
    """The weighted contact graph of a window (see ``tracker.queries.graph``)."""
    conn = session.model(query.as_of)
    try:
        with no_gc():  # a graph is many small dicts
            return graph.contact_graph(conn, query.start, query.end, detail=detail, stats=stats)
    finally:
        conn.close()


def ego_graph(
    session: Session, center: str, depth: int, query: EventFilter
) -> tuple[str, nx.Graph]:
    """The actor's id and its neighbourhood up to ``depth`` contacts away."""
    if depth < 1:
        raise ValidationError(f"--depth must be at least 1, not {depth}")
    start, end = query.start, query.end
    conn = session.model(query.as_of)
    try:
        actor_id = resolve(conn, center, end)
        name = actor_name(conn, actor_id)
        g = graph.contact_graph(conn, start, end, detail=True)
    finally:
        conn.close()
    metrics.require_node(g, actor_id, name, start, end)
    return actor_id, metrics.ego(g, actor_id, depth)


def rank(
    session: Session, by: str, query: EventFilter, *, top: int | None, kind: str | None
) -> list[Ranked]:
    if by not in metrics.METRICS:
        raise ValidationError(f"unknown metric {by!r}; use {', '.join(metrics.METRICS)}")
    # Ranks need the contacts only: not each actor's event count (a pass over every
    # participation, a third of the time at a million events).
    g = metrics.in_contact(contact_graph(session, query, stats=False))
    if g.number_of_nodes() == 0:
        raise NotFoundError(f"no contacts {metrics.window_text(query.start, query.end)}")
    return metrics.rank(g, by, top=top, kind=kind)


def path(session: Session, source: str, target: str, query: EventFilter) -> Path_:
    """The shortest chain of contacts from ``source`` to ``target``, with the latest
    event behind each hop; ``hops`` is None when nothing links them."""
    start, end = query.start, query.end
    conn = session.model(query.as_of)
    try:
        a, b = resolve(conn, source, end), resolve(conn, target, end)
        names = (actor_name(conn, a), actor_name(conn, b))
        if a == b:
            raise ValidationError(f"{source!r} and {target!r} are the same actor")
        g = graph.contact_graph(conn, start, end)
        for actor_id in (a, b):
            if actor_id not in g:
                g.add_node(actor_id)  # an actor without contacts: no path, not an error
        chain = metrics.shortest_path(g, a, b)
        if chain is None:
            return Path_(names, None)
        hops = []
        for x, y in itertools.pairwise(chain):
            spans_x = resolve_spans(conn, x)[1]
            spans_y = resolve_spans(conn, y)[1]
            found = timeline_rows(
                conn, spans_x, with_actors=[spans_y], start=start, end=end,
                types=INTERACTION_TYPES, limit=1, newest_first=True,
            )  # fmt: skip
            hops.append((actor_name(conn, x), actor_name(conn, y), found[0]))
        return Path_(names, hops)
    finally:
        conn.close()


def dyad(session: Session, a: str, b: str, query: EventFilter) -> Dyad:
    """Everything two actors took part in together, by month, with mean Goldstein."""
    together = timeline(session, EventFilter.of(query, actors=[a], with_actors=[b]))
    conn = session.model(query.as_of)
    try:
        label_b, spans_b = resolve_spans(conn, b)
    finally:
        conn.close()
    if set(together.ids) & {s.actor_id for s in spans_b}:
        raise ValidationError(f"{a!r} and {b!r} are the same actor")
    months: dict[str, int] = {}
    for e in together.entries:
        months[e.day_first[:7]] = months.get(e.day_first[:7], 0) + 1
    # The tone of their contacts: a third party's statement about both is left out.
    contacts = [e for e in together.entries if e.category == "interaction"]
    scores = [s for s in (goldstein(e.cameo) for e in contacts) if s is not None]
    mean = sum(scores) / len(scores) if scores else None
    return Dyad(together.actors[0][1], label_b, together, months, mean, len(scores))


def communities(session: Session, query: EventFilter) -> tuple[nx.Graph, list[list[str]]]:
    g = metrics.in_contact(contact_graph(session, query))
    if g.number_of_nodes() == 0:
        raise NotFoundError(f"no contacts {metrics.window_text(query.start, query.end)}")
    return g, metrics.communities(g)
