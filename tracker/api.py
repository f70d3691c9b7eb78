"""The library's front door: a ``Tracker`` over one log. The CLI is a thin layer on this.

>>> from tracker import Tracker
>>> t = Tracker("data/events.jsonl")            # doctest: +SKIP
>>> [e.summary for e in t.timeline(["Blinken"]).entries]  # doctest: +SKIP
"""

from __future__ import annotations

import functools
import inspect
import itertools
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from tracker.queries import events as queries
    from tracker.queries import profiles
else:
    from tracker._lazy import lazy_module

    queries = lazy_module("tracker.queries.events")  # not needed to add an event: loaded on use
    profiles = lazy_module("tracker.queries.profiles")
from tracker.domain.dates import parse_event_date
from tracker.domain.errors import (
    ModelIOError,
    NotFoundError,
    Notice,
    TrackerError,
    UnknownActorError,
    ValidationError,
)
from tracker.domain.events import (
    AMENDABLE,
    ActorAffiliated,
    ActorAliasAdded,
    ActorAliasRemoved,
    ActorRegistered,
    ActorRenamed,
    ActorsMerged,
    ActorsUnmerged,
    Event,
    EventAmended,
    EventRetracted,
    OccurrenceRecorded,
    OfficeHeld,
    Participant,
    build_actor,
    build_occurrence,
    check_relation,
    check_span,
)
from tracker.domain.names import name_key
from tracker.domain.text import clean_name, clean_text
from tracker.log.envelope import AppendResult, Pending
from tracker.log.file import EventLog
from tracker.log.paths import default_db_path
from tracker.log.verify import VerifyReport
from tracker.queries.actors import actor_name, canonical, resolve, resolve_spans
from tracker.readmodel.projector import Progress
from tracker.readmodel.store import ModelConnection, is_damage
from tracker.readmodel.store import recover as recover_model
from tracker.readmodel.sync import SyncResult, bad_event, project_as_of, project_in_memory, sync

if TYPE_CHECKING:
    import networkx as nx

DEFAULT_LOG = Path("data") / "events.jsonl"
T = TypeVar("T")

# What to do with a participant name that no actor has: True creates it, False refuses,
# a function is asked (the CLI asks on a terminal).
CreatePolicy = bool | Callable[[str], bool]


def default_log_path() -> Path:
    return Path(os.environ.get("TRACKER_LOG") or DEFAULT_LOG)


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


@dataclass(frozen=True)
class Timeline:
    actors: tuple[tuple[str, str], ...]  # (what was asked, the name it resolved to)
    entries: list[queries.Entry]
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
    hops: list[tuple[str, str, queries.Entry]] | None


@dataclass(frozen=True)
class Dyad:
    a: str
    b: str
    timeline: Timeline
    months: dict[str, int]  # YYYY-MM -> events
    mean_goldstein: float | None
    coded: int  # events with a CAMEO code


_UNWRAPPED = ("close", "recover")


def _recovering(cls: type[T]) -> type[T]:
    """Wrap every public method of ``cls`` (a ``Tracker``): when SQLite finds the read
    model damaged while a query reads it, the file is moved aside (a notice says so) and
    the call runs once more on a model rebuilt from the log, unless it had already
    appended something. Nested calls leave it to the outermost one."""

    def wrap(method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def run(self: Tracker, *args: Any, **kwargs: Any) -> Any:
            local = self._local
            if getattr(local, "running", False):
                return method(self, *args, **kwargs)
            local.running = True
            try:
                appended = self._appended
                try:
                    return method(self, *args, **kwargs)
                except sqlite3.DatabaseError as exc:
                    if not is_damage(exc) or self._appended != appended:
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
    """One log and its read model."""

    def __init__(
        self,
        log_path: str | os.PathLike[str] | None = None,
        *,
        db_path: str | os.PathLike[str] | None = None,
        notice: Notice | None = None,
    ) -> None:
        self.log = EventLog(log_path if log_path is not None else default_log_path())
        self.db_path = Path(db_path) if db_path else None
        self.notice = notice
        # One read-model connection kept between calls of the thread that opened it: its
        # page cache stays warm (a timeline of thousands of events reads as many pages).
        self._kept: ModelConnection | None = None
        self._kept_by: int | None = None
        self._local = threading.local()  # per thread: the model file read, a call running
        self._appended = 0  # appends made, so that a call that appended is never run twice

    def close(self) -> None:
        """Close the kept read-model connection (the next call opens another)."""
        if self._kept is not None:
            self._kept.release()
            self._kept = None

    def __enter__(self) -> Tracker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ read model

    def _synced(
        self, force: bool = False, progress: Progress | None = None
    ) -> tuple[ModelConnection, SyncResult]:
        thread = threading.get_ident()
        mine = self._kept is None or self._kept_by == thread
        reuse, self._kept = (self._kept, None) if mine else (None, self._kept)
        conn, result = sync(
            self.log,
            self.db_path,
            force=force,
            progress=progress,
            reuse=reuse,
            notice=self.notice,
        )
        self._local.inode = conn.inode
        if mine:
            conn.kept, self._kept, self._kept_by = True, conn, thread
        return conn, result

    def recover(self, exc: BaseException) -> None:
        """``exc``, SQLite's error, says that the read model is damaged: close it and move
        it aside (unless another process already has), so that the next use rebuilds it."""
        inode = getattr(self._local, "inode", None)
        self.close()
        recover_model(self.db_path or default_db_path(self.log.path), inode, exc, self.notice)

    def sync(self, *, force: bool = False, progress: Progress | None = None) -> SyncResult:
        conn, result = self._synced(force, progress)
        conn.close()
        return result

    def model(self, as_of: datetime | None = None, *, bad_ok: bool = False) -> sqlite3.Connection:
        """An up-to-date read model, or the state of the log at ``as_of``.

        A bad event in the log (one set aside by the projector: see ``bad_events``) is a
        ``BadEventError`` naming its line and how to retract it, unless ``bad_ok`` (for
        ``retract``, which settles it)."""
        if as_of is not None:
            conn: sqlite3.Connection = project_as_of(self.log, as_of)
        else:
            conn, _ = self._synced()
        if not bad_ok:
            problem = bad_event(conn, self.log)
            if problem is not None:
                conn.close()
                raise problem
        return conn

    def _writing_model(self, *, bad_ok: bool = False) -> sqlite3.Connection:
        """The read model that a writing command checks its input against. Appending does
        not depend on a healthy cache: a damaged one is rebuilt (``sync``), and if it
        cannot be written (a full disk, a read-only file), the log is read into a model in
        memory for this command. ``bad_ok`` as for ``model``."""
        try:
            return self.model(bad_ok=bad_ok)
        except ModelIOError as exc:
            if self.notice:
                self.notice(f"warning: {exc}; reading the log into memory for this command")
            conn = project_in_memory(self.log)
            problem = None if bad_ok else bad_event(conn, self.log)
            if problem is not None:
                conn.close()
                raise problem from None
            return conn

    # ------------------------------------------------------------------ writing

    def _append(self, items: Iterable[Pending | Event]) -> AppendResult:
        result = self.log.append(items, notice=self.notice)
        self._appended += 1
        return result

    def register_actor(
        self,
        name: str,
        *,
        kind: str = "person",
        aliases: Sequence[str] = (),
        country: str | None = None,
        external_ids: Mapping[str, str] | None = None,
    ) -> str:
        """Register an actor; returns its id (a slug of the name, made unique)."""
        actor = build_actor(name, kind, aliases, country, external_ids)
        conn = self._writing_model()
        try:
            actor = self._unique_actor(conn, actor, set())
        finally:
            conn.close()
        self._append([actor])
        return actor.actor

    def _unique_actor(
        self, conn: sqlite3.Connection, actor: ActorRegistered, taken: set[str]
    ) -> ActorRegistered:
        """Refuse names already used; give the actor an id nobody has."""

        for name in (actor.name, *actor.aliases):
            _check_name_free(conn, name)
        base, n, actor_id = actor.actor, 1, actor.actor
        while (
            actor_id in taken
            or conn.execute("SELECT 1 FROM actors WHERE id = ?", (actor_id,)).fetchone()
        ):
            n += 1
            actor_id = f"{base}-{n}"
        taken.add(actor_id)
        return replace(actor, actor=actor_id)

    def _participants(
        self,
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
                out.append(Participant(resolve(conn, name, on), ref.role))
                continue
            except UnknownActorError:
                pending = build_actor(name, ref.kind or "other", (), ref.country)
                made = next(
                    (
                        a
                        for a in new_actors.values()
                        if a.name.casefold() == pending.name.casefold()
                    ),
                    None,
                )
                if made is None:
                    if not (create(name) if callable(create) else create):
                        raise
                    made = self._unique_actor(conn, pending, set(new_actors))
                    free = [a for a in ref.aliases if _name_is_free(conn, a, new_actors)]
                    made = replace(made, aliases=build_actor(name, made.kind, free).aliases)
                    new_actors[made.actor] = made
                    if ref.office and offices is not None:
                        offices[made.actor] = clean_name(ref.office, "office")
                out.append(Participant(made.actor, ref.role))
        return out

    def _occurrence(
        self,
        conn: sqlite3.Connection,
        raw: Mapping[str, Any],
        create: CreatePolicy,
        new_actors: dict[str, ActorRegistered],
        offices: dict[str, str] | None = None,
    ) -> OccurrenceRecorded:
        refs = [
            r if isinstance(r, ActorRef) else ActorRef(**r) for r in raw.get("participants", [])
        ]
        if not refs:
            raise ValidationError("an event needs at least one actor (--actor NAME)")
        when = raw.get("when")
        on = parse_event_date(when).first if isinstance(when, str) else None
        return build_occurrence(
            event_type=raw.get("type"),
            when=when,
            participants=self._participants(conn, refs, create, new_actors, on, offices),
            summary=raw.get("summary"),
            sources=raw.get("sources") or [],
            topics=raw.get("topics"),
            location=raw.get("location"),
            cameo=raw.get("cameo"),
        )

    def add_events(
        self, raws: Sequence[Mapping[str, Any]], *, create_actors: CreatePolicy = False
    ) -> AddResult:
        """Validate every event, then append them (and any new actors) in one write.

        Each raw event: ``type``, ``when``, ``participants`` (``ActorRef`` or
        ``{"name", "role"}``), ``summary``, ``sources``, and optionally ``topics``,
        ``location``, ``cameo`` and ``id`` (an idempotency key).
        """
        conn = self._writing_model()
        new_actors: dict[str, ActorRegistered] = {}
        offices: dict[str, str] = {}  # a new actor's office, as the text gave it
        held: list[Pending] = []
        pending: list[Pending] = []
        try:
            for index, raw in enumerate(raws, 1):
                try:
                    before = set(offices)
                    event = self._occurrence(conn, raw, create_actors, new_actors, offices)
                    for actor_id in [a for a in offices if a not in before]:
                        # the office on the day the text attests, no wider
                        day = event.when
                        held.append(
                            Pending(OfficeHeld(actor_id, offices[actor_id], None, day, day))
                        )
                    given = raw.get("id")
                    if given is not None:
                        from tracker.domain.ids import canonical_id

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
        result = self._append([*actors, *pending])
        ids = result.ids[len(actors) :]
        return AddResult(ids, [(a.actor, a.name) for a in new_actors.values()], result.duplicates)

    def add_event(self, *, create_actors: CreatePolicy = False, **raw: Any) -> AddResult:
        return self.add_events([raw], create_actors=create_actors)

    def amend(
        self,
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
        conn = self._writing_model()
        new_actors: dict[str, ActorRegistered] = {}
        try:
            target = queries.find_event_id(conn, event_id)
            current = queries.get_event(conn, target)
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
            event = self._occurrence(conn, merged, create_actors, new_actors)
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
        result = self._append([*new_actors.values(), EventAmended(target, diff, why)])
        return result.ids[-1]

    def retract(self, event_id: str, reason: str) -> str:
        """Record a retraction. A bad event the projector set aside (``bad_events``) can be
        retracted too: that is how it is settled."""
        why = clean_text(reason, "reason")
        conn = self._writing_model(bad_ok=True)
        try:
            try:
                target = queries.find_event_id(conn, event_id)
            except NotFoundError:
                bad = queries.find_bad_event(conn, event_id)
                if bad is None:
                    raise
                return self._append([EventRetracted(bad, why)]).ids[-1]
            current = queries.get_event(conn, target)
        finally:
            conn.close()
        if current.retracted:
            raise ValidationError(f"event {target} is already retracted")
        return self._append([EventRetracted(target, why)]).ids[-1]

    # ------------------------------------------------------------------ actors

    def _actor_event(self, build: Callable[[sqlite3.Connection], Event]) -> str:
        """Validate against the read model, then append one actor event; returns its id."""
        conn = self._writing_model()
        try:
            event = build(conn)
        finally:
            conn.close()
        return self._append([event]).ids[-1]

    def add_alias(self, name: str, alias: str) -> str:
        def build(conn: sqlite3.Connection) -> Event:
            actor_id = resolve(conn, name)
            clean = clean_name(alias, "alias")
            _check_name_free(conn, clean, actor_id)
            return ActorAliasAdded(actor_id, clean)

        return self._actor_event(build)

    def remove_alias(self, name: str, alias: str) -> str:
        def build(conn: sqlite3.Connection) -> Event:
            actor_id = resolve(conn, name)
            profile = profiles.actor_profile(conn, actor_id)
            key = name_key(alias)
            match = next((a for a in profile.aliases if name_key(a) == key), None)
            if match is None:
                raise NotFoundError(f"{profile.name} has no alias {alias!r}")
            return ActorAliasRemoved(actor_id, match)

        return self._actor_event(build)

    def rename(self, name: str, new_name: str) -> str:
        def build(conn: sqlite3.Connection) -> Event:
            actor_id = resolve(conn, name)
            clean = clean_name(new_name)
            _check_name_free(conn, clean, actor_id)
            return ActorRenamed(actor_id, clean)

        return self._actor_event(build)

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

        def build(conn: sqlite3.Connection) -> Event:
            actor_id = resolve(conn, name)
            org_id = resolve(conn, org) if org else None
            if org_id == actor_id:
                raise ValidationError("an actor cannot hold an office of itself")
            first, last = check_span(start, end, "the office")
            names = tuple(dict.fromkeys(clean_name(a, "office alias") for a in aliases))
            return OfficeHeld(actor_id, clean_name(office, "office"), org_id, first, last, names)

        return self._actor_event(build)

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

        def build(conn: sqlite3.Connection) -> Event:
            actor_id, org_id = resolve(conn, name), resolve(conn, org)
            if org_id == actor_id:
                raise ValidationError("an actor cannot be affiliated with itself")
            first, last = check_span(start, end, "the affiliation")
            return ActorAffiliated(actor_id, org_id, check_relation(relation), first, last)

        return self._actor_event(build)

    def merge(self, source: str, target: str, reason: str) -> str:
        """``source`` turns out to be ``target``: queries follow; nothing is rewritten."""
        why = clean_text(reason, "reason")

        def build(conn: sqlite3.Connection) -> Event:
            source_id, target_id = resolve(conn, source), resolve(conn, target)
            if source_id == target_id:
                raise ValidationError(f"cannot merge {source!r} into itself ({source_id})")
            return ActorsMerged(source_id, target_id, why)

        return self._actor_event(build)

    def unmerge(self, source: str, reason: str) -> str:
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

        return self._actor_event(build)

    def actor(self, name: str, *, as_of: datetime | None = None) -> profiles.ActorProfile:
        """Names, aliases, offices, affiliations, members, merges, counts, first/last contact."""
        conn = self.model(as_of)
        try:
            return profiles.actor_profile(conn, resolve(conn, name))
        finally:
            conn.close()

    # ------------------------------------------------------------------ reading

    def timeline(
        self,
        actors: Sequence[str],
        *,
        with_actors: Sequence[str] = (),
        start: date | None = None,
        end: date | None = None,
        types: Sequence[str] = (),
        as_of: datetime | None = None,
        limit: int | None = None,
        members: bool = False,
    ) -> Timeline:
        """The events of ``actors`` (names, aliases, ids or offices), in time order.

        An office ("US Secretary of State") stands for whoever held it, over their tenure,
        within the window. ``members`` widens each actor to everything affiliated with it
        at the time of each event.
        """
        asked, entries = self._query(
            actors, with_actors, start, end, types, as_of, members,
            lambda conn, spans, withs, kinds: queries.timeline(
                conn, spans, with_actors=withs, start=start, end=end, types=kinds, limit=limit
            ),
        )  # fmt: skip
        spans = [span for _, _, group in asked for span in group]
        ids = tuple(dict.fromkeys(span.actor_id for span in spans))
        named = tuple((a, label) for a, label, _ in asked)
        groups = tuple(tuple(dict.fromkeys(s.actor_id for s in group)) for _, _, group in asked)
        return Timeline(named, entries, start, end, as_of, ids, groups)

    def timeline_json(
        self,
        actors: Sequence[str],
        *,
        with_actors: Sequence[str] = (),
        start: date | None = None,
        end: date | None = None,
        types: Sequence[str] = (),
        as_of: datetime | None = None,
        limit: int | None = None,
        members: bool = False,
    ) -> bytes:
        """``timeline`` as JSON (what ``--format json`` prints), made straight from rows."""
        _, data = self._query(
            actors, with_actors, start, end, types, as_of, members,
            lambda conn, spans, withs, kinds: queries.timeline_json(
                conn, spans, with_actors=withs, start=start, end=end, types=kinds, limit=limit
            ),
        )  # fmt: skip
        return data

    def _query(
        self,
        actors: Sequence[str],
        with_actors: Sequence[str],
        start: date | None,
        end: date | None,
        types: Sequence[str],
        as_of: datetime | None,
        members: bool,
        run: Callable[[sqlite3.Connection, list[Any], list[Any], list[str]], T],
    ) -> tuple[list[tuple[str, str, list[Any]]], T]:
        """Resolve the actors asked about (and ``--with``) to spans, then ``run`` a query."""
        if not actors:
            raise ValidationError("give at least one --actor")
        from tracker.domain.events import check_event_type

        kinds = [check_event_type(t) for t in types]
        first = start.isoformat() if start else None
        last = end.isoformat() if end else None
        if first and last and first > last:
            raise ValidationError(f"--from {first} is after --to {last}")
        conn = self.model(as_of)
        try:
            asked = [(a, *resolve_spans(conn, a, first, last, members=members)) for a in actors]
            spans = [span for _, _, group in asked for span in group]
            withs = [resolve_spans(conn, w, first, last)[1] for w in with_actors]
            return asked, run(conn, spans, withs, kinds)
        finally:
            conn.close()

    def show(self, event_id: str, *, as_of: datetime | None = None) -> queries.Entry:
        conn = self.model(as_of)
        try:
            return queries.get_event(conn, queries.find_event_id(conn, event_id))
        finally:
            conn.close()

    def history(self, event_id: str) -> tuple[str, list[queries.Change]]:
        conn = self.model()
        try:
            try:
                target = queries.find_event_id(conn, event_id)
            except NotFoundError:  # not an event id: an actor, or neither
                try:
                    target = resolve(conn, event_id)
                except UnknownActorError as exc:
                    hint = exc.message.partition(";")[2]  # " did you mean ...?"
                    raise NotFoundError(
                        f"no event or actor {event_id.strip()!r}" + (f";{hint}" if hint else "")
                    ) from None
            return target, queries.history(conn, target, self._payload_at)
        finally:
            conn.close()

    def _payload_at(self, end: int) -> dict[str, Any]:
        record = self.log.record_at(end)
        return record.upcast_data() if record is not None else {}

    def actors(
        self,
        *,
        as_of: datetime | None = None,
        country: str | None = None,
        kind: str | None = None,
    ) -> list[profiles.ActorSummary]:
        conn = self.model(as_of)
        try:
            return profiles.actor_summaries(conn, country=country, kind=kind)
        finally:
            conn.close()

    # ------------------------------------------------------------------ the graph

    def contact_graph(
        self,
        *,
        start: date | None = None,
        end: date | None = None,
        as_of: datetime | None = None,
        detail: bool = False,
        stats: bool = True,
    ) -> nx.Graph:
        """The weighted contact graph of a window (see ``tracker.graph``)."""
        from tracker.domain.perf import no_gc
        from tracker.queries import graph

        conn = self.model(as_of)
        try:
            with no_gc():  # a graph is many small dicts
                return graph.contact_graph(conn, start, end, detail=detail, stats=stats)
        finally:
            conn.close()

    def ego_graph(
        self,
        actor: str,
        depth: int = 1,
        *,
        start: date | None = None,
        end: date | None = None,
        as_of: datetime | None = None,
    ) -> tuple[str, nx.Graph]:
        """The actor's id and its neighbourhood up to ``depth`` contacts away."""
        from tracker.queries import graph, metrics

        if depth < 1:
            raise ValidationError(f"--depth must be at least 1, not {depth}")
        conn = self.model(as_of)
        try:
            center = resolve(conn, actor, end)
            name = actor_name(conn, center)
            g = graph.contact_graph(conn, start, end, detail=True)
        finally:
            conn.close()
        metrics.require_node(g, center, name, start, end)
        return center, metrics.ego(g, center, depth)

    def rank(
        self,
        by: str = "degree",
        *,
        top: int | None = 20,
        kind: str | None = None,
        start: date | None = None,
        end: date | None = None,
        as_of: datetime | None = None,
    ) -> list[Any]:
        from tracker.queries import metrics

        if by not in metrics.METRICS:
            raise ValidationError(f"unknown metric {by!r}; use {', '.join(metrics.METRICS)}")
        # Ranks need the contacts only: not each actor's event count (a pass over every
        # participation, a third of the time at a million events).
        contacts = self.contact_graph(start=start, end=end, as_of=as_of, stats=False)
        g = metrics.in_contact(contacts)
        if g.number_of_nodes() == 0:
            raise NotFoundError(f"no contacts {metrics.window_text(start, end)}")
        return metrics.rank(g, by, top=top, kind=kind)

    def path(
        self,
        source: str,
        target: str,
        *,
        start: date | None = None,
        end: date | None = None,
        as_of: datetime | None = None,
    ) -> Path_:
        """The shortest chain of contacts from ``source`` to ``target``, with the latest
        event behind each hop; ``hops`` is None when nothing links them."""
        from tracker.domain.events import INTERACTION_TYPES
        from tracker.queries import graph, metrics

        conn = self.model(as_of)
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
                found = queries.timeline(
                    conn, spans_x, with_actors=[spans_y], start=start, end=end,
                    types=INTERACTION_TYPES, limit=1, newest_first=True,
                )  # fmt: skip
                hops.append((actor_name(conn, x), actor_name(conn, y), found[0]))
            return Path_(names, hops)
        finally:
            conn.close()

    def dyad(
        self,
        a: str,
        b: str,
        *,
        start: date | None = None,
        end: date | None = None,
        as_of: datetime | None = None,
    ) -> Dyad:
        """Everything two actors took part in together, by month, with mean Goldstein."""
        from tracker.domain.cameo import goldstein

        timeline = self.timeline([a], with_actors=[b], start=start, end=end, as_of=as_of)
        conn = self.model(as_of)
        try:
            label_b, spans_b = resolve_spans(conn, b)
        finally:
            conn.close()
        if set(timeline.ids) & {s.actor_id for s in spans_b}:
            raise ValidationError(f"{a!r} and {b!r} are the same actor")
        months: dict[str, int] = {}
        for e in timeline.entries:
            months[e.day_first[:7]] = months.get(e.day_first[:7], 0) + 1
        # The tone of their contacts: a third party's statement about both is left out.
        contacts = [e for e in timeline.entries if e.category == "interaction"]
        scores = [s for s in (goldstein(e.cameo) for e in contacts) if s is not None]
        mean = sum(scores) / len(scores) if scores else None
        return Dyad(timeline.actors[0][1], label_b, timeline, months, mean, len(scores))

    def communities(
        self,
        *,
        start: date | None = None,
        end: date | None = None,
        as_of: datetime | None = None,
    ) -> tuple[nx.Graph, list[list[str]]]:
        from tracker.queries import metrics

        g = metrics.in_contact(self.contact_graph(start=start, end=end, as_of=as_of))
        if g.number_of_nodes() == 0:
            raise NotFoundError(f"no contacts {metrics.window_text(start, end)}")
        return g, metrics.communities(g)

    def verify(self, head: str | None = None) -> VerifyReport:
        return self.log.verify(head)

    def rebuild(self, progress: Progress | None = None) -> SyncResult:
        return self.sync(force=True, progress=progress)


def _name_is_free(
    conn: sqlite3.Connection, name: str, new_actors: Mapping[str, ActorRegistered]
) -> bool:
    """Whether a proposed alias is nobody's name yet (in the log or in this batch)."""
    try:
        _check_name_free(conn, name)
    except ValidationError:
        return False
    key = name_key(name)
    return not any(key in {name_key(n) for n in (a.name, *a.aliases)} for a in new_actors.values())


def _check_name_free(conn: sqlite3.Connection, name: str, owner: str | None = None) -> None:
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


def init(folder: str | os.PathLike[str]) -> Path:
    """Start an empty tracker in ``folder``: ``data/events.jsonl``, ignore rules and the
    log's ``.gitattributes`` rule."""
    root = Path(folder)
    log_path = root / DEFAULT_LOG
    if log_path.exists() and not log_path.is_file():
        from tracker.domain.errors import LogIOError

        raise LogIOError(f"{log_path} exists and is not a file; nothing was changed")
    if log_path.exists() and log_path.stat().st_size:
        raise ValidationError(f"{log_path} already exists and holds events; nothing was changed")
    EventLog.create(log_path)
    from tracker.log.merge import write_attributes

    write_attributes(root)  # the log's bytes kept as they are (-text), and the merge driver
    ignore = root / ".gitignore"
    # the caches and the writers' record; a torn tail moved aside is NOT ignored (nor lost)
    rules = ["data/.events.jsonl.*", "reports/*", "!reports/.gitkeep"]
    try:
        existing = ignore.read_text(encoding="utf-8").splitlines() if ignore.exists() else []
        missing = [r for r in rules if r not in existing]
        if missing:
            with ignore.open("a", encoding="utf-8") as f:
                f.write(("\n" if existing and existing[-1] else "") + "\n".join(missing) + "\n")
        (root / "reports").mkdir(exist_ok=True)
    except OSError as exc:
        from tracker.domain.errors import LogIOError

        raise LogIOError(f"cannot write {ignore}: {exc.strerror}") from None
    return log_path
