"""The domain: immutable, past-tense, versioned events. Imports nothing from storage or CLI.

Every line of the log holds one of these as its ``data``, with the event's ``type`` name
and ``type_v`` version in the envelope. Readers of old versions (upcasters) live in
``UPCASTERS``: when a type's payload changes shape, bump its version and add a function
that turns the old ``data`` into the new one. The log is never rewritten.

Three kinds of thing happen in diplomacy, and each is one event however many take part:

- ``InteractionRecorded``: a contact of two or more participants (a call, a meeting...),
  each with a role. Never doubled into directed pairs.
- ``StatementRecorded``: a speaker, and optionally whom it addresses and what it is about.
- ``DevelopmentRecorded``: context on the timeline, with the actors involved.

Corrections are events too: ``EventAmended`` and ``EventRetracted``. Actors are
registered with ``ActorRegistered``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

from .dates import parse_event_date
from .errors import ValidationError

INTERACTION_TYPES = (
    "phone_call",
    "meeting",
    "visit",
    "video_call",
    "letter",
    "message",
    "negotiation_round",
    "summit",
    "multilateral_meeting",
)
STATEMENT_TYPE = "statement"
DEVELOPMENT_TYPE = "development"
EVENT_TYPES = (*INTERACTION_TYPES, STATEMENT_TYPE, DEVELOPMENT_TYPE)

INTERACTION_ROLES = ("initiator", "recipient", "host", "visitor", "participant")
STATEMENT_ROLES = ("speaker", "addressee", "about")
DEVELOPMENT_ROLES = ("involved",)

ACTOR_KINDS = (
    "person",
    "state",
    "government_body",  # a ministry, department, embassy
    "international_organization",
    "group",  # an armed or political group
    "other",
)
KIND_SYNONYMS = {
    "ministry": "government_body",
    "department": "government_body",
    "embassy": "government_body",
    "government": "government_body",
    "agency": "government_body",
    "organization": "international_organization",
    "organisation": "international_organization",
    "igo": "international_organization",
    "io": "international_organization",
    "armed_group": "group",
    "political_group": "group",
    "party": "group",
    "country": "state",
}
RELATIONS = ("member_of", "part_of")

# Fields an amendment may change, and the order they are shown in.
AMENDABLE = ("type", "when", "summary", "topics", "location", "sources", "cameo", "participants")

MAX_NAME = 200
MAX_TEXT = 20_000
_CAMEO = re.compile(r"^\d{2,4}$")
# Unicode category Cc (C0 and C1 controls), tab and newline excepted.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")  # and lone surrogates
_URL = re.compile(r"^https?://[^\s]+$", re.IGNORECASE)


# --------------------------------------------------------------------------- text checks


def clean_text(value: Any, what: str, *, limit: int = MAX_TEXT, required: bool = True) -> str:
    """Validate a user string: UTF-8 encodable, no control characters, within a size."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(f"{what} must be text, not {type(value).__name__}")
    bad = _CONTROL.search(value)
    if bad:
        if "\ud800" <= bad.group() <= "\udfff":  # a lone surrogate: bytes that were not UTF-8
            raise ValidationError(f"{what} is not valid UTF-8")
        raise ValidationError(f"{what} contains a control character (U+{ord(bad.group()):04X})")
    value = value.strip()
    if required and not value:
        raise ValidationError(f"{what} is empty")
    if len(value) > limit:
        raise ValidationError(f"{what} is too long ({len(value)} characters, at most {limit})")
    return value


# has_control(text): whether ``clean_text`` would refuse a character of ``text`` (a control
# character other than tab and newline, or a lone surrogate): a match, else None. Importers
# check a whole row at once. is_source_url(text): whether ``Source.parse`` takes ``text``
# (clean and stripped) as a url: a match, else None. Bound methods: they run once a row.
has_control = _CONTROL.search
is_source_url = _URL.match


def clean_name(value: Any, what: str = "actor name") -> str:
    name = clean_text(value, what, limit=MAX_NAME)
    if "\n" in name or "\t" in name:
        raise ValidationError(f"{what} must be on one line")
    return " ".join(name.split())


def slugify(name: str) -> str:
    """An actor id from a name: ``Antony Blinken`` -> ``antony-blinken``."""
    ascii_form = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_form.lower()).strip("-")
    return slug or "actor"


# --------------------------------------------------------------------------- value objects


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
        unknown = set(raw) - {"url", "outlet", "published", "quote"}
        if unknown:
            raise ValidationError(f"unknown source field(s): {', '.join(sorted(unknown))}")
        url = clean_text(raw.get("url"), "source url", limit=2000, required=False) or None
        outlet = clean_text(raw.get("outlet"), "source outlet", limit=MAX_NAME, required=False)
        published = clean_text(raw.get("published"), "source date", limit=40, required=False)
        quote = clean_text(raw.get("quote"), "source quote", required=False)
        if url is not None and not _URL.match(url):
            raise ValidationError(f"bad source url {url!r}: it must start with http:// or https://")
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


def roles_for(event_type: str) -> tuple[str, ...]:
    if event_type == STATEMENT_TYPE:
        return STATEMENT_ROLES
    if event_type == DEVELOPMENT_TYPE:
        return DEVELOPMENT_ROLES
    return INTERACTION_ROLES


def check_event_type(value: Any) -> str:
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
    if not _CAMEO.match(code):
        raise ValidationError(f"bad CAMEO code {code!r}: 2 to 4 digits, e.g. 041")
    return code


# --------------------------------------------------------------------------- events


@dataclass(frozen=True)
class Event:
    """Base of every event type. ``TYPE`` and ``VERSION`` go in the log envelope."""

    TYPE: ClassVar[str] = ""
    VERSION: ClassVar[int] = 1

    def to_data(self) -> dict[str, Any]:
        raise NotImplementedError

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Event:
        raise NotImplementedError


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


@dataclass(frozen=True)
class EventAmended(Event):
    TYPE: ClassVar[str] = "EventAmended"

    target: str
    changes: Mapping[str, Any]
    reason: str

    def to_data(self) -> dict[str, Any]:
        return {"target": self.target, "changes": dict(self.changes), "reason": self.reason}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> EventAmended:
        return cls(data["target"], data["changes"], data["reason"])


@dataclass(frozen=True)
class EventRetracted(Event):
    TYPE: ClassVar[str] = "EventRetracted"

    target: str
    reason: str

    def to_data(self) -> dict[str, Any]:
        return {"target": self.target, "reason": self.reason}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> EventRetracted:
        return cls(data["target"], data["reason"])


@dataclass(frozen=True)
class ActorEvent(Event):
    """Base of the actor lifecycle events: a flat payload of their fields."""

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            if isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, Mapping):
                value = dict(value)
            data[f.name] = value
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Event:
        kwargs = {
            f.name: tuple(data[f.name]) if isinstance(data[f.name], list) else data[f.name]
            for f in fields(cls)
            if f.name in data
        }
        return cls(**kwargs)


@dataclass(frozen=True)
class ActorRegistered(ActorEvent):
    TYPE: ClassVar[str] = "ActorRegistered"

    actor: str  # the actor's id
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    country: str | None = None  # ISO 3166-1 alpha-3
    external_ids: Mapping[str, str] = field(default_factory=dict)  # wikidata, cameo

    def to_data(self) -> dict[str, Any]:
        data = super().to_data()
        data["aliases"] = list(self.aliases)
        if not self.external_ids:
            data.pop("external_ids", None)
        return data


@dataclass(frozen=True)
class ActorAliasAdded(ActorEvent):
    TYPE: ClassVar[str] = "ActorAliasAdded"

    actor: str
    alias: str


@dataclass(frozen=True)
class ActorAliasRemoved(ActorEvent):
    TYPE: ClassVar[str] = "ActorAliasRemoved"

    actor: str
    alias: str


@dataclass(frozen=True)
class ActorRenamed(ActorEvent):
    """A new display name. The former name stays as an alias, so old references resolve."""

    TYPE: ClassVar[str] = "ActorRenamed"

    actor: str
    name: str


@dataclass(frozen=True)
class OfficeHeld(ActorEvent):
    """An actor held an office (of an organization), from/to dates of any precision."""

    TYPE: ClassVar[str] = "OfficeHeld"

    actor: str
    office: str
    org: str | None = None  # an actor id
    start: str | None = None
    end: str | None = None
    aliases: tuple[str, ...] = ()  # other names of the office, e.g. "Chinese Foreign Minister"


@dataclass(frozen=True)
class ActorAffiliated(ActorEvent):
    """An actor is a member of, or part of, an organization or state, over a time."""

    TYPE: ClassVar[str] = "ActorAffiliated"

    actor: str
    org: str
    relation: str = "member_of"  # member_of | part_of
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class ActorsMerged(ActorEvent):
    """Two ids turned out to be one actor: ``source`` now answers as ``target``."""

    TYPE: ClassVar[str] = "ActorsMerged"

    source: str
    target: str
    reason: str


@dataclass(frozen=True)
class ActorsUnmerged(ActorEvent):
    TYPE: ClassVar[str] = "ActorsUnmerged"

    source: str
    target: str
    reason: str


@dataclass(frozen=True)
class LogsMerged(ActorEvent):
    """Two copies of the log were merged (``tracker merge``): the heads merged and what
    was taken. It changes no event; it records how the log came to be."""

    TYPE: ClassVar[str] = "LogsMerged"

    ours_head: str
    theirs_head: str
    added: int
    duplicates: int


EVENT_CLASSES: dict[str, type[Event]] = {
    cls.TYPE: cls
    for cls in (
        InteractionRecorded,
        StatementRecorded,
        DevelopmentRecorded,
        EventAmended,
        EventRetracted,
        ActorRegistered,
        ActorAliasAdded,
        ActorAliasRemoved,
        ActorRenamed,
        OfficeHeld,
        ActorAffiliated,
        ActorsMerged,
        ActorsUnmerged,
        LogsMerged,
    )
}

# (type name, version it reads) -> function returning the data of the next version.
# Example for a future change: UPCASTERS[("InteractionRecorded", 1)] = _interaction_v1_v2
UPCASTERS: dict[tuple[str, int], Callable[[dict[str, Any]], dict[str, Any]]] = {}


def upcast(type_name: str, version: int, data: dict[str, Any]) -> dict[str, Any]:
    """Bring ``data`` written at ``version`` up to the current version of its type."""
    cls = EVENT_CLASSES.get(type_name)
    if cls is None:
        raise ValidationError(f"unknown event type {type_name!r} in the log")
    while version < cls.VERSION:
        step = UPCASTERS.get((type_name, version))
        if step is None:
            raise ValidationError(f"no upcaster for {type_name} v{version}")
        data = step(data)
        version += 1
    if version > cls.VERSION:
        raise ValidationError(
            f"{type_name} v{version} is newer than this tracker understands (v{cls.VERSION});"
            " upgrade tracker"
        )
    return data


# --------------------------------------------------------------------------- builders


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
    date_text = parse_event_date(when).text
    parts = check_participants(etype, participants)
    text = clean_text(summary, "summary")
    srcs = tuple(Source.parse(s) for s in sources)
    if not srcs:
        raise ValidationError("an event needs at least one source (--source URL)")
    loc = clean_name(location, "location") if location else None
    return occurrence_class(etype)(
        type=etype,
        when=date_text,
        participants=parts,
        summary=text,
        sources=srcs,
        topics=check_topics(topics),
        location=loc,
        cameo=check_cameo(cameo),
        extra=check_extra(extra),
    )


def check_extra(value: Mapping[str, Any] | None) -> dict[str, Any]:
    """Importer metadata: text keys; text, number, bool or lists of them as values."""
    out: dict[str, Any] = {}
    for key, item in (value or {}).items():
        name = clean_text(key, "extra field", limit=40)
        if item is None or (isinstance(item, str | list | tuple) and not item):
            continue
        items = item if isinstance(item, list | tuple) else [item]
        for v in items:
            if isinstance(v, str):
                clean_text(v, f"extra {name}", limit=2000, required=False)
            elif not isinstance(v, bool | int | float) or v != v:  # NaN is no JSON
                raise ValidationError(f"extra {name} must be text, a number or a list of them")
        out[name] = list(item) if isinstance(item, list | tuple) else item
    return out


def check_kind(kind: Any) -> str:
    text = clean_text(kind, "actor kind", limit=40).lower().replace("-", "_").replace(" ", "_")
    text = KIND_SYNONYMS.get(text, text)
    if text not in ACTOR_KINDS:
        raise ValidationError(f"unknown actor kind {kind!r}; known: {', '.join(ACTOR_KINDS)}")
    return text


def check_country(code: Any) -> str:
    """An ISO 3166-1 alpha-3 code, checked against pycountry's ISO tables."""
    import pycountry

    text = clean_text(code, "country code", limit=60)
    found = pycountry.countries.get(alpha_3=text.upper()) if len(text) == 3 else None
    if found is not None:
        return str(found.alpha_3)
    hint = ""
    try:
        guesses = pycountry.countries.search_fuzzy(text)
        hint = "; did you mean " + ", ".join(f"{c.alpha_3} ({c.name})" for c in guesses[:3]) + "?"
    except LookupError:
        pass
    raise ValidationError(f"unknown country code {text!r}: not an ISO 3166-1 alpha-3 code{hint}")


def check_external_ids(ids: Mapping[str, Any] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in (ids or {}).items():
        if value in (None, ""):
            continue
        text = clean_text(str(value), f"{key} id", limit=40).strip()
        if key == "wikidata":
            text = text.upper()
            if not re.fullmatch(r"Q[1-9]\d*", text):
                raise ValidationError(f"bad Wikidata id {value!r}: Q followed by digits, e.g. Q30")
        elif key == "cameo":
            text = text.upper()
            if not re.fullmatch(r"(?:[A-Z]{3}){1,5}", text):
                raise ValidationError(
                    f"bad CAMEO actor code {value!r}: 3-letter pieces, e.g. USAGOV"
                )
        else:
            raise ValidationError(f"unknown external id {key!r}; known: wikidata, cameo")
        out[key] = text
    return out


def check_span(start: Any, end: Any, what: str) -> tuple[str | None, str | None]:
    """Validated from/to dates (any precision); the end may not come before the start."""
    first = parse_event_date(start) if start else None
    last = parse_event_date(end) if end else None
    if first and last and last.last < first.first:
        raise ValidationError(f"{what} ends ({last.text}) before it starts ({first.text})")
    return (first.text if first else None, last.text if last else None)


def check_relation(relation: Any) -> str:
    text = clean_text(relation, "relation", limit=20).lower().replace("-", "_")
    if text not in RELATIONS:
        raise ValidationError(f"unknown relation {relation!r}; use {' or '.join(RELATIONS)}")
    return text


def build_actor(
    name: Any,
    kind: Any = "person",
    aliases: Iterable[Any] = (),
    country: Any = None,
    external_ids: Mapping[str, Any] | None = None,
) -> ActorRegistered:
    clean = clean_name(name)
    alias_list: list[str] = []
    for a in aliases:
        alias = clean_name(a, "alias")
        if alias.casefold() != clean.casefold() and alias not in alias_list:
            alias_list.append(alias)
    return ActorRegistered(
        slugify(clean),
        clean,
        check_kind(kind),
        tuple(alias_list),
        check_country(country) if country else None,
        check_external_ids(external_ids),
    )
