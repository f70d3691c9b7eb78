"""Occurrences: what happened, to whom, when, according to which source.

- ``InteractionRecorded``: a contact of two or more participants (a call, a meeting...),
  each with a role. Never doubled into directed pairs.
- ``StatementRecorded``: a speaker, and optionally whom it addresses and what it is about.
- ``DevelopmentRecorded``: context on the timeline, with the actors involved.

``build_occurrence`` validates raw values (from the CLI, JSON or an importer) into one.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from tracker.domain.dates import EventDate, parse_event_date, parse_event_when
from tracker.domain.errors import ValidationError
from tracker.domain.events.base import (
    DEVELOPMENT_TYPE,
    EVENT_TYPES,
    INTERACTION_TYPES,
    STATEMENT_TYPE,
    Event,
    roles_for,
)
from tracker.domain.text import MAX_NAME, clean_name, clean_text, shown, url_problem

# re.ASCII: \d alone would take other scripts' digits ("０41", "٠٤١") as a code.
CAMEO_CODE = re.compile(r"^\d{2,4}$", re.ASCII)
SOURCE_FIELDS = frozenset({"url", "outlet", "published", "quote"})


@dataclass(frozen=True, slots=True)
class Source:
    url: str | None
    outlet: str | None = None
    published: str | None = None  # a date of any precision
    quote: str | None = None

    @classmethod
    def parse(cls, raw: Mapping[str, Any] | str) -> Source:
        if isinstance(raw, str):
            raw = {"url": raw}
        if not isinstance(raw, Mapping):
            raise ValidationError(
                "a source must be a URL or an object with url/outlet/published/quote"
            )
        unknown = raw.keys() - SOURCE_FIELDS
        if unknown:
            raise ValidationError(
                f"unknown source field(s): {', '.join(sorted(map(str, unknown)))}"
            )
        url = clean_text(raw.get("url"), "source url", limit=2000, required=False) or None
        outlet = published = quote = ""
        if raw.get("outlet") is not None:
            outlet = clean_text(raw["outlet"], "source outlet", limit=MAX_NAME, required=False)
        if raw.get("published") is not None:
            published = clean_text(raw["published"], "source date", limit=40, required=False)
        if raw.get("quote") is not None:
            quote = clean_text(raw["quote"], "source quote", required=False)
        if url is not None:
            problem = url_problem(url)
            if problem:
                raise ValidationError(f"bad source url {shown(url)}: {problem}")
        if url is None and not outlet:
            raise ValidationError("a source needs a url or an outlet")
        if published:
            published = parse_event_date(published).text
        return cls(url, outlet or None, published or None, quote or None)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"url": self.url}
        if self.outlet:
            data["outlet"] = self.outlet
        if self.published:
            data["published"] = self.published
        if self.quote:
            data["quote"] = self.quote
        return data


@dataclass(frozen=True, slots=True)
class Participant:
    actor: str  # an actor id
    role: str

    def to_data(self) -> dict[str, str]:
        return {"actor": self.actor, "role": self.role}


def check_event_type(value: Any) -> str:
    if type(value) is str:
        return _event_type(value)
    return _event_type_of(value)


@functools.lru_cache(maxsize=256)
def _event_type(value: str) -> str:
    return _event_type_of(value)


def _event_type_of(value: Any) -> str:
    text = clean_text(value, "event type", limit=40)
    normal = text.lower().replace("-", "_").replace(" ", "_")
    if normal not in EVENT_TYPES:
        raise ValidationError(f"unknown event type {text!r}; known: {', '.join(EVENT_TYPES)}")
    return normal


def check_participants(
    event_type: str, participants: Iterable[Participant]
) -> tuple[Participant, ...]:
    parts = tuple(participants)
    allowed = roles_for(event_type)
    seen: set[str] = set()
    for p in parts:
        if not p.actor:
            raise ValidationError("an actor is empty")
        if p.role not in allowed:
            raise ValidationError(
                f"role {p.role!r} does not fit a {event_type}; use one of {', '.join(allowed)}"
            )
        if p.actor in seen:
            raise ValidationError(f"actor {p.actor!r} is listed twice in one event")
        seen.add(p.actor)
    if event_type in INTERACTION_TYPES and len(parts) < 2:
        raise ValidationError(f"a {event_type} needs at least two participants")
    if event_type == STATEMENT_TYPE and not any(p.role == "speaker" for p in parts):
        raise ValidationError("a statement needs a speaker")
    if event_type == DEVELOPMENT_TYPE and not parts:
        raise ValidationError("a development needs at least one actor involved")
    return parts


def check_topics(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    topics: list[str] = []
    for t in value:
        topic = clean_name(t, "topic")
        if topic not in topics:
            topics.append(topic)
    return tuple(topics)


def check_cameo(value: Any) -> str | None:
    if value in (None, ""):
        return None
    code = clean_text(str(value), "CAMEO code", limit=4)
    if not CAMEO_CODE.match(code):
        raise ValidationError(f"bad CAMEO code {code!r}: 2 to 4 digits, e.g. 041")
    return code


@dataclass(frozen=True)
class OccurrenceRecorded(Event):
    """What the three kinds of occurrence share."""

    type: str
    when: str
    participants: tuple[Participant, ...]
    summary: str
    sources: tuple[Source, ...]
    topics: tuple[str, ...] = ()
    location: str | None = None
    cameo: str | None = None
    # What an importer keeps from its source that has no field of its own (the source's
    # id, original codes, Goldstein/intensity). Left out of the payload when empty.
    extra: Mapping[str, Any] = field(default_factory=dict)
    VERSION: ClassVar[int] = 2  # v2: ``when`` may be an interval (see ``registry``)

    @property
    def dates(self) -> EventDate:
        """``when`` parsed: ``first``/``last`` days covered, ``start``, an interval's ``end``."""
        return when_date(self.when)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "type": self.type,
            "when": self.when,
            "participants": [p.to_data() for p in self.participants],
            "summary": self.summary,
            "topics": list(self.topics),
            "sources": [s.to_data() for s in self.sources],
        }
        if self.location:
            data["location"] = self.location
        if self.cameo:
            data["cameo"] = self.cameo
        if self.extra:
            data["extra"] = dict(self.extra)
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> OccurrenceRecorded:
        return cls(
            type=data["type"],
            when=data["when"],
            participants=tuple(Participant(p["actor"], p["role"]) for p in data["participants"]),
            summary=data["summary"],
            sources=tuple(Source(**s) for s in data.get("sources", [])),
            topics=tuple(data.get("topics", [])),
            location=data.get("location"),
            cameo=data.get("cameo"),
            extra=dict(data.get("extra") or {}),
        )


@dataclass(frozen=True)
class InteractionRecorded(OccurrenceRecorded):
    TYPE: ClassVar[str] = "InteractionRecorded"


@dataclass(frozen=True)
class StatementRecorded(OccurrenceRecorded):
    TYPE: ClassVar[str] = "StatementRecorded"


@dataclass(frozen=True)
class DevelopmentRecorded(OccurrenceRecorded):
    TYPE: ClassVar[str] = "DevelopmentRecorded"


def occurrence_class(event_type: str) -> type[OccurrenceRecorded]:
    if event_type == STATEMENT_TYPE:
        return StatementRecorded
    if event_type == DEVELOPMENT_TYPE:
        return DevelopmentRecorded
    return InteractionRecorded


def build_occurrence(
    *,
    event_type: Any,
    when: Any,
    participants: Iterable[Participant],
    summary: Any,
    sources: Iterable[Mapping[str, Any] | str],
    topics: Any = None,
    location: Any = None,
    cameo: Any = None,
    extra: Mapping[str, Any] | None = None,
) -> OccurrenceRecorded:
    """Validate raw values (from the CLI, JSON or an importer) into an event."""
    etype = check_event_type(event_type)
    if not isinstance(when, str):
        raise ValidationError("the date must be text such as 2021-08-16")
    when_text = when_date(when).text
    parts = check_participants(etype, participants)
    text = clean_text(summary, "summary")
    srcs = tuple(Source.parse(s) for s in sources)
    if not srcs:
        raise ValidationError("an event needs at least one source (--source URL)")
    loc = clean_name(location, "location") if location else None
    return occurrence_class(etype)(
        type=etype,
        when=when_text,
        participants=parts,
        summary=text,
        sources=srcs,
        topics=check_topics(topics),
        location=loc,
        cameo=check_cameo(cameo),
        extra=check_extra(extra),
    )


@functools.lru_cache(maxsize=65536)
def date_text(when: str) -> str:
    """``parse_event_date(when).text``: the same few thousand dates come back in a log."""
    return parse_event_date(when).text


@functools.lru_cache(maxsize=65536)
def when_date(when: str) -> EventDate:
    """An event's date, a single one or an interval (``parse_event_when``), remembered."""
    return parse_event_when(when)


def check_extra(value: Mapping[str, Any] | None) -> dict[str, Any]:
    """Importer metadata: text keys; text, number, bool or lists of them as values.

    Text values are kept as given (only checked); the keys are cleaned. Every imported
    event and every line a reader checks goes through here, so the usual value (short,
    printable text, or a finite number) is passed by a quick look first."""
    out: dict[str, Any] = {}
    for key, item in (value or {}).items():
        name = _extra_key(key) if type(key) is str else clean_text(key, "extra field")
        kind = type(item)
        if kind is str:
            if not item:
                continue
            if len(item) > 2000 or not item.isprintable():
                clean_text(item, f"extra {name}", limit=2000, required=False)
        elif kind is int or kind is bool:
            pass
        elif kind is float:
            if not math.isfinite(item):  # NaN and infinities are no JSON
                raise ValidationError(f"extra {name} must be a finite number, not {item}")
        elif item is None:
            continue
        elif isinstance(item, list | tuple):
            if not item:
                continue
            for v in item:
                _extra_value(v, name)
            item = list(item)
        else:
            _extra_value(item, name)
        out[name] = item
    return out


@functools.lru_cache(maxsize=4096)
def _extra_key(key: str) -> str:
    return clean_text(key, "extra field", limit=40)


def _extra_value(v: Any, name: str) -> None:
    if isinstance(v, str):
        clean_text(v, f"extra {name}", limit=2000, required=False)
    elif isinstance(v, float) and not math.isfinite(v):
        raise ValidationError(f"extra {name} must be a finite number, not {v}")
    elif not isinstance(v, bool | int | float):
        raise ValidationError(f"extra {name} must be text, a number or a list of them")
