"""Building an import's events from its drafts: actors resolved through the registry (a
new actor made for an unknown name, once), dates read once, and the payload made as
``build_occurrence(...).to_data()`` would make it: straight from a draft the parser has
checked (``payload``), else through ``build_occurrence`` itself.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from typing import Any

import orjson

from tracker.domain.dates import EventDate, parse_event_when
from tracker.domain.errors import NotFoundError, TrackerError, UnknownActorError, ValidationError
from tracker.domain.events import (
    DEVELOPMENT_TYPE,
    EVENT_CLASSES,
    INTERACTION_TYPES,
    STATEMENT_TYPE,
    ActorRegistered,
    OccurrenceRecorded,
    Participant,
    build_actor,
    build_occurrence,
    occurrence_class,
    roles_for,
    version_needed,
)
from tracker.domain.markup import csv_cell
from tracker.domain.names import name_key, y_variants
from tracker.exchange.importing.rows import (
    REMEMBERED,
    ActorSpec,
    BadRow,
    Built,
    Draft,
    LeftOut,
    Row,
    event_key,
)
from tracker.exchange.template import csv_values
from tracker.log.envelope import Record
from tracker.log.file import EventLog
from tracker.queries.actors import actors_named, every_office_key, resolve
from tracker.queries.events import get_event
from tracker.services.registering import unique_actor


def payload(d: Draft, parts: list[tuple[str, str]], when: str) -> dict[str, Any] | None:
    """What ``build_occurrence(...).to_data()`` makes of a checked draft (``Draft.checked``)
    with these participants, built directly; None when it could differ (or refuse), for
    ``build_occurrence`` to decide."""
    allowed = roles_for(d.type)
    seen: set[str] = set()
    for actor, role in parts:
        if not actor or role not in allowed or actor in seen:
            return None
        seen.add(actor)
    if d.type in INTERACTION_TYPES:
        if len(parts) < 2:
            return None
    elif d.type == STATEMENT_TYPE:
        if not any(role == "speaker" for _, role in parts):
            return None
    elif d.type != DEVELOPMENT_TYPE:
        return None
    sources = []
    for source in d.sources:
        url = source.get("url")
        if len(source) != 1 or not isinstance(url, str):
            return None
        sources.append({"url": url})
    if not sources or d.topics:
        return None
    data: dict[str, Any] = {
        "type": d.type,
        "when": when,
        "participants": [{"actor": actor, "role": role} for actor, role in parts],
        "summary": d.summary,
        "topics": [],
        "sources": sources,
    }
    if d.location:
        data["location"] = " ".join(d.location.split())
    if d.cameo:
        data["cameo"] = d.cameo
    if d.extra:
        data["extra"] = d.extra
    return data


CODED = ("gdelt:", "icews:")  # coded data: a contact with one actor is a development
# What a source row gives an event itself; the participants, and the type and summary made
# of them, are tracker's reading of the row's actors, which its rules may change.
_ROW_VALUES = ("when", "cameo", "location", "topics", "sources", "extra")


# what an import notes of how it read a row, not the row's own values: an older tracker
# noted otherwise (a visitor's office, the name as written when another name is the person's)
_READING = frozenset({"visitor_office", "visitor_written"})


def same_row(new: dict[str, Any], logged: dict[str, Any]) -> bool:
    """Whether two payloads are one source row's (an import's: ``extra`` names its source
    and the row's id there) with every value the row gives the same, or held by the logged
    event it was folded into: the same row, read by older rules for who its actors are
    ("AARHUS" ``DNKGOV`` a person, "Surangel Whipps, Jr" another person than "Surangel
    Whipps Jr.")."""
    extra, held = new.get("extra"), logged.get("extra")
    if not isinstance(extra, dict) or not extra.get("source") or not extra.get("source_id"):
        return False
    if not isinstance(held, dict) or any(
        not _holds(held.get(k), v) for k, v in extra.items() if k not in _READING
    ):
        return False
    if any(source not in logged.get("sources", ()) for source in new.get("sources", ())):
        return False
    return all(new.get(key) == logged.get(key) for key in _ROW_VALUES[:-2])


def _holds(logged: Any, new: Any) -> bool:
    """Whether a logged value is ``new`` or, for an event folded of several rows (its
    values one list of each row's), holds it."""
    if logged == new:
        return True
    items = new if isinstance(new, list) else [new]
    return isinstance(logged, list) and all(item in logged for item in items)


class Builder:
    """Builds the drafts of one import against the read model ``conn`` of ``log``: the new
    actors it makes (by name key: case and accents ignored, as names resolve) and what it
    has resolved are kept for the next rows."""

    def __init__(self, log: EventLog, conn: sqlite3.Connection) -> None:
        self.log = log
        self.conn = conn
        self.new_actors: dict[str, ActorRegistered] = {}  # name key -> actor
        self.parents: dict[str, str] = {}  # a new actor's id -> the state it is part of
        self.taken: set[str] = set()
        # name -> (its name key, what it resolved to), for names not naming an office
        self._resolved: dict[str, tuple[str, tuple[str, bool]]] = {}
        self._dates: dict[str, EventDate] = {}
        self._actors: dict[str, dict[str, Any]] | None = None  # for _exported_as
        self._office_keys: set[str] | None = None

    def built(self, row: Row) -> Built | BadRow | LeftOut:
        """A row built by ``build``, or a bad row with the reason it is not."""
        if not isinstance(row, Draft):
            return row
        try:
            return self.build(row)
        except TrackerError as exc:
            reason = exc.message
            if len(row.lines) > 1:
                reason += f" (folded with line {row.lines[1]})"
            return BadRow(row.lines[0], reason, row.raw)

    def date(self, when: str) -> EventDate:
        day = self._dates.get(when)
        if day is None:
            day = parse_event_when(when)
            if len(self._dates) >= REMEMBERED:
                self._dates.clear()
            self._dates[when] = day
        return day

    def resolve(self, spec: ActorSpec, on: Any) -> tuple[str, bool]:
        """The actor id of a participant, and whether the import makes it (a new actor).

        A name resolves the same way on every row unless it is an office's (then it is the
        holder on the day), so the answer is kept for the next rows; a new actor made
        under the name's key since is found first, as before."""
        hit = self._resolved.get(spec.name)
        if hit is not None:
            made = self.new_actors.get(hit[0])
            return (made.actor, True) if made is not None else hit[1]
        key = name_key(spec.name)  # as names resolve: case and accents ignored
        if self._office_keys is None:  # an import adds no office: asked once
            self._office_keys = every_office_key(self.conn)
        office = key in self._office_keys
        found = self._resolve_now(spec, on, key, office)
        if not office:
            if len(self._resolved) >= REMEMBERED:
                self._resolved.clear()
            self._resolved[spec.name] = (key, found)
        return found

    def _resolve_now(self, spec: ActorSpec, on: Any, key: str, office: bool) -> tuple[str, bool]:
        made = self.new_actors.get(key)
        if made is not None:
            return made.actor, True
        # A name no actor has and no office's is new: ``resolve`` would say so only after
        # looking for the closest names to suggest, for nothing here.
        if office or actors_named(self.conn, spec.name):
            try:
                return resolve(self.conn, spec.name, on), False
            except UnknownActorError:
                pass
        if spec.kind == "person" and spec.country:
            spelt = self._spelt_otherwise(spec)
            if spelt is not None:
                return spelt
        parent = self.resolve(spec.parent, on)[0] if spec.parent is not None else None
        ids = {"cameo": spec.code} if spec.code else None
        aliases = [a for a in spec.aliases if self._free(a)]
        try:
            actor = build_actor(spec.name, spec.kind, aliases, spec.country, ids)
        except ValidationError:
            actor = build_actor(spec.name, spec.kind)  # an odd code or country: leave it out
        try:
            actor = unique_actor(self.conn, actor, self.taken)
        except ValidationError:  # an alias another actor has: the name alone
            actor = unique_actor(self.conn, replace(actor, aliases=()), self.taken)
        self.new_actors[key] = actor
        if parent is not None and parent != actor.actor:
            self.parents[actor.actor] = parent
        for alias in actor.aliases:
            self.new_actors.setdefault(name_key(alias), actor)
        return actor.actor, True

    def _spelt_otherwise(self, spec: ActorSpec) -> tuple[str, bool] | None:
        """The one person of ``spec``'s country, in the log or made by this import, whose
        name is ``spec``'s spelt with another word-final -y ("Volodymyr Zelenskyy" for
        "VOLODYMYR ZELENSKY"; ``y_variants``); None when there is none, or more than one:
        two actors are never made one."""
        found: dict[str, bool] = {}
        for key in y_variants(spec.name):
            made = self.new_actors.get(key)
            if made is not None and made.kind == "person" and made.country == spec.country:
                found[made.actor] = True
            for actor_id, _name in actors_named(self.conn, key):
                row = self.conn.execute(
                    "SELECT kind, country FROM actors WHERE id = ?", (actor_id,)
                ).fetchone()
                if row is not None and tuple(row) == ("person", spec.country):
                    found.setdefault(actor_id, False)
        return next(iter(found.items())) if len(found) == 1 else None

    def _free(self, name: str) -> bool:
        """Whether no actor in the log, nor one this import makes, answers to ``name``."""
        return name_key(name) not in self.new_actors and not actors_named(self.conn, name)

    def _exported_as(self, d: Draft) -> bool:
        """Whether ``d`` is exactly what `export csv` (every cell) or `export plover` (the
        whole record) writes now for the event of its id."""
        assert d.event_id is not None
        try:
            entry = get_event(self.conn, d.event_id)
        except NotFoundError:
            return False
        if d.csv_cells is not None:
            values = csv_values(entry)
            return all(csv_cell(values.get(c, "")) == cell for c, cell in d.csv_cells.items())
        from tracker.exchange.exporting.plover import plover_record
        from tracker.exchange.exporting.selection import actors_of

        if self._actors is None:
            self._actors = actors_of(self.conn)
        record = plover_record(entry, self._actors)
        return record is not None and orjson.loads(orjson.dumps(record)) == d.exported

    def logged(self, event_id: str) -> Record | None:
        """The log's record that made the event ``event_id``, or None."""
        row = self.conn.execute(
            "SELECT line_end FROM changes WHERE target = ? AND event_id = ?", (event_id, event_id)
        ).fetchone()
        record = self.log.record_at(row[0]) if row else None
        if record is None or record.id != event_id or record.type not in EVENT_CLASSES:
            return None
        return record

    def read_before(self, event_id: str, data: dict[str, Any]) -> bool:
        """Whether the log's event ``event_id`` is the source's row of ``data`` as an older
        tracker read it (``same_row``): then the import counts it a duplicate, not a
        conflict, when tracker's rules for actors have changed since."""
        record = self.logged(event_id)
        return record is not None and same_row(data, record.data)

    def _same_as_logged(self, d: Draft) -> Built | None:
        """A csv row or PLOVER record with the id of an event in the log that is what the
        export writes for that event now is that event, whatever the format cannot carry
        (more sources, ``extra``): its own payload, so that the import counts it a
        duplicate."""
        assert d.event_id is not None
        if not self._exported_as(d):
            return None
        record = self.logged(d.event_id)
        if record is None:
            return None
        kind = EVENT_CLASSES[record.type]
        if not issubclass(kind, OccurrenceRecorded) or record.type_v != version_needed(
            record.type, record.data
        ):
            return None  # an older version: its hash is not the current one's
        return Built(d.lines, d.key, d.raw, d.event_id, kind, record.data, [])

    def _logged_under_older_key(self, d: Draft) -> Built | None:
        """The log's event of ``d.older_key``'s id when it is on ``d``'s day: the row as an
        older tracker imported it, its own payload (so the import counts it a duplicate, and
        a later row of its contact folds into it, as into any event of the log)."""
        assert d.older_key is not None
        older = event_key(d.older_key)
        record = self.logged(older)
        if record is None:
            return None
        kind = EVENT_CLASSES[record.type]
        if (
            not issubclass(kind, OccurrenceRecorded)
            or record.data.get("when") != d.when
            or record.type_v != version_needed(record.type, record.data)
        ):
            return None  # another day's event of a reused Event ID, or an older version
        return Built(d.lines, d.older_key, d.raw, older, kind, record.data, [])

    def build(self, d: Draft) -> Built:
        if d.event_id is not None and (d.csv_cells is not None or d.exported is not None):
            logged = self._same_as_logged(d)
            if logged is not None:
                return logged
        if d.older_key is not None:
            older = self._logged_under_older_key(d)
            if older is not None:
                return older
        if not isinstance(d.when, str) or not d.when.strip():
            raise ValidationError("no date")
        day = self.date(d.when)
        parts: list[tuple[str, str]] = []
        new: list[str] = []
        once = d.type in (STATEMENT_TYPE, DEVELOPMENT_TYPE)
        for spec, role in d.actors:
            actor_id, is_new = self.resolve(spec, day.first)
            if is_new and actor_id not in new:
                new.append(actor_id)
            if once and any(actor == actor_id for actor, _ in parts):
                continue  # two names of one actor
            parts.append((actor_id, role))
        if not parts:
            raise ValidationError("no actor")
        if (
            d.type in INTERACTION_TYPES
            and d.key.startswith(CODED)
            and len({actor for actor, _ in parts}) < 2
        ):
            d = replace(d, type=DEVELOPMENT_TYPE, checked=False)  # one actor: see honest_type
            parts = [(parts[0][0], "involved")]
        event_id = d.event_id or event_key(d.key)
        data = payload(d, parts, day.text) if d.checked else None
        if data is not None:
            return Built(d.lines, d.key, d.raw, event_id, occurrence_class(d.type), data, new)
        event = build_occurrence(
            event_type=d.type,
            when=d.when,
            participants=[Participant(actor, role) for actor, role in parts],
            summary=d.summary,
            sources=d.sources,
            topics=d.topics,
            location=d.location,
            cameo=d.cameo,
            extra=d.extra,
        )
        if event.type in INTERACTION_TYPES and len({actor for actor, _ in parts}) < 2:
            raise ValidationError(f"a {event.type} needs two different actors")
        return Built(d.lines, d.key, d.raw, event_id, type(event), event.to_data(), new)

    # ------------------------------------------------------------------ the two steps
