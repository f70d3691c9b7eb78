"""The library's front door: a ``Tracker`` over one log. It only wires: each method hands
its ``Session`` (the log and its read model) to one function of ``recording``,
``registering`` or ``analysis``. The CLI is a thin layer on this.

>>> from tracker import Tracker
>>> t = Tracker("data/events.jsonl")            # doctest: +SKIP
>>> [e.summary for e in t.timeline(["Blinken"]).entries]  # doctest: +SKIP
"""

from __future__ import annotations

import functools
import inspect
import os
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, Unpack

from tracker.domain.errors import Notice
from tracker.domain.filters import EventFilter, QueryFields, WindowFields
from tracker.log.file import EventLog
from tracker.log.paths import default_log_path
from tracker.log.verify import VerifyReport
from tracker.queries.annotations import Annotations, SavedView
from tracker.queries.events import Change, Entry
from tracker.queries.metrics import Ranked
from tracker.queries.profiles import ActorProfile, ActorSummary
from tracker.readmodel.projector import Progress
from tracker.readmodel.store import is_damage
from tracker.readmodel.sync import SyncResult
from tracker.services import analysis, annotating, recording, registering, searching
from tracker.services.analysis import Dyad, Path_, Timeline, Watched
from tracker.services.annotating import Target
from tracker.services.recording import AddResult, CreatePolicy
from tracker.services.searching import SearchResult
from tracker.services.session import Session

if TYPE_CHECKING:
    import networkx as nx

T = TypeVar("T")
_UNWRAPPED = ("close", "recover")


def _recovering(cls: type[T]) -> type[T]:
    """Wrap every public method of ``cls`` (a ``Tracker``): when SQLite finds the read
    model damaged while a query reads it, the file is moved aside (a notice says so) and
    the call runs once more on a model rebuilt from the log, unless it had already
    appended something. Nested calls leave it to the outermost one."""

    def wrap(method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def run(self: Tracker, *args: Any, **kwargs: Any) -> Any:
            local = self.session.local
            if getattr(local, "running", False):
                return method(self, *args, **kwargs)
            local.running = True
            try:
                appended = self.session.appended
                try:
                    return method(self, *args, **kwargs)
                except sqlite3.DatabaseError as exc:
                    if not is_damage(exc) or self.session.appended != appended:
                        raise
                    self.recover(exc)
                return method(self, *args, **kwargs)
            finally:
                local.running = False

        return run

    for name, value in list(vars(cls).items()):
        if not name.startswith("_") and inspect.isfunction(value) and name not in _UNWRAPPED:
            setattr(cls, name, wrap(value))
    return cls


@_recovering
class Tracker:
    """One log (or, with ``store=URL``, the team server's) and its read model. Filters are
    ``EventFilter``'s fields as keywords, or an ``EventFilter`` in place of the actors."""

    def __init__(
        self,
        log_path: str | os.PathLike[str] | None = None,
        *,
        db_path: str | os.PathLike[str] | None = None,
        notice: Notice | None = None,
        store: str | None = None,
        progress: Progress | None = None,
    ) -> None:
        """``notice`` is told what the user should know (a torn tail moved aside);
        ``progress`` is called by every rebuild or catch-up of the read model."""
        where = log_path if log_path is not None else default_log_path()
        self.session = Session(where, db_path, notice, store, progress)

    @property
    def log(self) -> EventLog:
        return self.session.log

    @property
    def db_path(self) -> Path | None:
        return self.session.db_path

    @property
    def notice(self) -> Notice | None:
        return self.session.notice

    def close(self) -> None:
        """Close the kept read-model connection (the next call opens another)."""
        self.session.close()

    def __enter__(self) -> Tracker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ the read model

    def recover(self, exc: BaseException) -> None:
        """SQLite's ``exc`` says the read model is damaged: set it aside to be rebuilt."""
        self.session.recover(exc)

    def sync(self, *, force: bool = False, progress: Progress | None = None) -> SyncResult:
        return self.session.sync(force=force, progress=progress)

    def rebuild(self, progress: Progress | None = None) -> SyncResult:
        return self.session.sync(force=True, progress=progress)

    def model(self, as_of: datetime | None = None, *, bad_ok: bool = False) -> sqlite3.Connection:
        """An up-to-date read model, or the state of the log at ``as_of``."""
        return self.session.model(as_of, bad_ok=bad_ok)

    def verify(self, head: str | None = None) -> VerifyReport:
        self.session.refresh()
        return self.log.verify(head)

    # ------------------------------------------------------------------ recording

    def add_events(
        self, raws: Sequence[Mapping[str, Any]], *, create_actors: CreatePolicy = False
    ) -> AddResult:
        """Validate every event, then append them (and any new actors) in one write."""
        return recording.add_events(self.session, raws, create_actors=create_actors)

    def add_event(self, *, create_actors: CreatePolicy = False, **raw: Any) -> AddResult:
        return recording.add_events(self.session, [raw], create_actors=create_actors)

    def amend(
        self,
        event_id: str,
        changes: Mapping[str, Any],
        reason: str,
        *,
        create_actors: CreatePolicy = False,
    ) -> str:
        return recording.amend(self.session, event_id, changes, reason, create_actors=create_actors)

    def retract(self, event_id: str, reason: str) -> str:
        return recording.retract(self.session, event_id, reason)

    # ------------------------------------------------------------------ registering

    def register_actor(
        self,
        name: str,
        *,
        kind: str = "person",
        aliases: Sequence[str] = (),
        country: str | None = None,
        external_ids: Mapping[str, str | None] | None = None,
    ) -> str:
        """Register an actor; returns its id (a slug of the name, made unique)."""
        return registering.register_actor(
            self.session, name, kind=kind, aliases=aliases, country=country,
            external_ids=external_ids,
        )  # fmt: skip

    def add_alias(self, name: str, alias: str) -> str:
        return registering.add_alias(self.session, name, alias)

    def remove_alias(self, name: str, alias: str) -> str:
        return registering.remove_alias(self.session, name, alias)

    def rename(self, name: str, new_name: str) -> str:
        return registering.rename(self.session, name, new_name)

    def hold_office(
        self,
        name: str,
        office: str,
        *,
        org: str | None = None,
        start: str | None = None,
        end: str | None = None,
        aliases: Sequence[str] = (),
    ) -> str:
        """Record that an actor held an office (of ``org``), from/to dates of any precision."""
        return registering.hold_office(
            self.session, name, office, org=org, start=start, end=end, aliases=aliases
        )

    def affiliate(
        self,
        name: str,
        org: str,
        *,
        relation: str = "member_of",
        start: str | None = None,
        end: str | None = None,
    ) -> str:
        """Record that an actor is a member (or part) of an organization or state."""
        return registering.affiliate(
            self.session, name, org, relation=relation, start=start, end=end
        )

    def merge(self, source: str, target: str, reason: str) -> str:
        return registering.merge(self.session, source, target, reason)

    def unmerge(self, source: str, reason: str) -> str:
        return registering.unmerge(self.session, source, reason)

    # ------------------------------------------------------------------ annotating

    def tag(self, target: str, tag: str) -> tuple[Target, str | None]:
        """Tag an event (id or its last 8+ characters) or an actor; the line's id, or None
        if it already had the tag."""
        return annotating.tag(self.session, target, tag)

    def untag(self, target: str, tag: str) -> tuple[Target, str | None]:
        return annotating.untag(self.session, target, tag)

    def star(self, target: str, *, on: bool = True) -> tuple[Target, str | None]:
        return annotating.star(self.session, target, on)

    def note(self, target: str, text: str) -> tuple[Target, str | None]:
        return annotating.note(self.session, target, text)

    def annotations(
        self, targets: Sequence[str], *, as_of: datetime | None = None
    ) -> dict[str, Annotations]:
        """The tags, star and notes of each event or actor id that has any."""
        return annotating.annotations_for(self.session, list(targets), as_of)

    def save_view(self, name: str, query: EventFilter) -> str:
        """Save ``query`` as the view ``name`` (an event); ``--view NAME`` brings it back."""
        return annotating.save_view(self.session, name, query)

    def delete_view(self, name: str) -> str:
        return annotating.delete_view(self.session, name)

    def view(self, name: str) -> SavedView:
        return annotating.view(self.session, name)

    def views(self) -> list[SavedView]:
        return annotating.views(self.session)

    # ------------------------------------------------------------------ asking

    def timeline(
        self, actors: Sequence[str] | EventFilter = (), **query: Unpack[QueryFields]
    ) -> Timeline:
        return analysis.timeline(self.session, EventFilter.of(actors, **query))

    def timeline_json(
        self, actors: Sequence[str] | EventFilter = (), **query: Unpack[QueryFields]
    ) -> bytes:
        return analysis.timeline_json(self.session, EventFilter.of(actors, **query))

    def search(
        self, text: str, actors: Sequence[str] | EventFilter = (), **query: Unpack[QueryFields]
    ) -> SearchResult:
        """Events matching ``text`` (FTS5 syntax: words, "phrases", prefix*, AND, OR, NOT,
        NEAR), best first (bm25), with a timeline's filters; at most ``limit`` (20)."""
        return searching.search(self.session, text, EventFilter.of(actors, **query))

    def watched(self, after: int, upto: int, query: EventFilter, known: set[str] | None) -> Watched:
        """What ``watch`` prints of lines ``after`` < seq <= ``upto`` (``known`` grows)."""
        return analysis.watched(self.session, after, upto, query, known)

    def show(self, event_id: str, *, as_of: datetime | None = None) -> Entry:
        return analysis.show(self.session, event_id, as_of)

    def history(self, event_id: str) -> tuple[str, list[Change]]:
        return analysis.history(self.session, event_id)

    def actor(self, name: str, *, as_of: datetime | None = None) -> ActorProfile:
        return analysis.actor(self.session, name, as_of)

    def actors(
        self, *, as_of: datetime | None = None, country: str | None = None, kind: str | None = None
    ) -> list[ActorSummary]:
        return analysis.actors(self.session, as_of=as_of, country=country, kind=kind)

    def contact_graph(
        self, *, detail: bool = False, stats: bool = True, **window: Unpack[WindowFields]
    ) -> nx.Graph:
        return analysis.contact_graph(
            self.session, EventFilter.of(**window), detail=detail, stats=stats
        )

    def ego_graph(
        self, actor: str, depth: int = 1, **window: Unpack[WindowFields]
    ) -> tuple[str, nx.Graph]:
        return analysis.ego_graph(self.session, actor, depth, EventFilter.of(**window))

    def rank(
        self,
        by: str = "degree",
        *,
        top: int | None = 20,
        kind: str | None = None,
        **window: Unpack[WindowFields],
    ) -> list[Ranked]:
        return analysis.rank(self.session, by, EventFilter.of(**window), top=top, kind=kind)

    def path(self, source: str, target: str, **window: Unpack[WindowFields]) -> Path_:
        return analysis.path(self.session, source, target, EventFilter.of(**window))

    def dyad(self, a: str, b: str, **window: Unpack[WindowFields]) -> Dyad:
        return analysis.dyad(self.session, a, b, EventFilter.of(**window))

    def communities(self, **window: Unpack[WindowFields]) -> tuple[nx.Graph, list[list[str]]]:
        return analysis.communities(self.session, EventFilter.of(**window))
