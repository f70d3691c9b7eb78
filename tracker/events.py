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

import functools
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, ClassVar

from tracker.dates import parse_event_date
from tracker.errors import NewerEventError, ValidationError
from tracker.ids import is_canonical_id

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
# re.ASCII: \d alone would take other scripts' digits ("０41", "٠٤١") as a code.
_CAMEO = re.compile(r"^\d{2,4}$", re.ASCII)
# What no text may hold, in any field, by any path (one pattern, used by clean_text and by
# the importers' whole-row check):
# - the C0 controls but tab and newline, DEL and the C1 controls (Unicode category Cc);
# - lone surrogates (bytes that were not UTF-8, as Python decodes them with surrogateescape);
# - the 66 noncharacters: U+FDD0..U+FDEF and the last two code points of every plane.
# XML 1.0 forbids the controls, the surrogates, U+FFFE and U+FFFF, so a GEXF or GraphML
# export could not carry them. It allows the other noncharacters, but Unicode reserves them
# for a program's internal use, never for text that is interchanged; tracker refuses them
# all alike rather than keep a second rule for 64 code points no source text contains.
# (A character class holding astral code points is ten times slower to search: those 32 are
# looked for apart, and only in text that has an astral character at all.)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_ASTRAL_NONCHARACTER = re.compile(
    "[" + "".join(f"{chr(p << 16 | 0xFFFE)}{chr(p << 16 | 0xFFFF)}" for p in range(1, 17)) + "]"
)
_URL = re.compile(r"^https?://[^\s]+$", re.IGNORECASE)
_URL_START = re.compile(r"^https?://", re.IGNORECASE)


# --------------------------------------------------------------------------- text checks


def clean_text(value: Any, what: str, *, limit: int = MAX_TEXT, required: bool = True) -> str:
    """Validate a user string: UTF-8 encodable, no control characters, within a size."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(f"{what} must be text, not {type(value).__name__}")
    bad = has_control(value)
    if bad:
        raise ValidationError(f"{what} {forbidden_reason(bad.group())}")
    value = value.strip()
    if required and not value:
        raise ValidationError(f"{what} is empty")
    if len(value) > limit:
        raise ValidationError(f"{what} is too long ({len(value)} characters, at most {limit})")
    return value


def forbidden_reason(char: str) -> str:
    """What is wrong with a character ``has_control`` found, after the field's name."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:  # a lone surrogate: bytes that were not UTF-8
        return "is not valid UTF-8"
    if code <= 0x9F:
        return f"contains a control character (U+{code:04X})"
    return f"contains a noncharacter (U+{code:04X}), which XML and other formats refuse"


def has_control(text: str) -> re.Match[str] | None:
    """The first character of ``text`` that ``clean_text`` refuses (see ``_CONTROL``), else
    None. Importers check a whole row at once. Every refused character is one
    ``str.isprintable`` refuses too, so most text is passed by that one quick look."""
    if text.isprintable():
        return None
    found = _CONTROL.search(text)
    if found is None and not text.isascii() and _ASTRAL.search(text):
        found = _ASTRAL_NONCHARACTER.search(text)
    return found


# is_source_url(text): whether ``Source.parse`` takes ``text`` (clean and stripped) as a
# url: a match, else None. A bound method: it runs once a row.
is_source_url = _URL.match


def url_problem(url: str) -> str | None:
    """Why ``url`` (clean and stripped) is not a source url, or None when it is one."""
    if _URL.match(url):
        return None
    if not _URL_START.match(url):
        return "it must start with http:// or https://"
    space = re.search(r"\s", url)
    if space is None:
        return "it has no address after the scheme"
    from urllib.parse import quote

    char = space.group()
    return (
        f"it contains a space character (U+{ord(char):04X}) at character {space.start() + 1};"
        f" a url writes it as {quote(char)}"
    )


def _shown(value: Any, limit: int = 80) -> str:
    """``repr`` of a value for an error message, cut to about ``limit`` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


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


_SOURCE_FIELDS = frozenset({"url", "outlet", "published", "quote"})


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
        unknown = raw.keys() - _SOURCE_FIELDS
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
                raise ValidationError(f"bad source url {_shown(url)}: {problem}")
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
        raise NewerEventError(
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
    date_text = _date_text(when)
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


@functools.lru_cache(maxsize=65536)
def _date_text(when: str) -> str:
    """``parse_event_date(when).text``: the same few thousand dates come back in a log."""
    return parse_event_date(when).text


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
            if not re.fullmatch(r"Q[1-9][0-9]*", text):
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


# --------------------------------------------------------------------------- what may enter the log
#
# One check per event type (of its current version; older payloads are upcast first):
# ``build(data)``, on each class, makes the event from a stored payload through the same
# builders and checks ``add-event`` and the actor commands use, and ``check_payload`` then
# asks that the payload be exactly what tracker would have written of it. Every path by
# which an event enters the log (the append path, the importers, ``import jsonl``,
# ``merge`` and the git merge driver) runs it, ``verify`` runs it on every line, and the
# projector runs it on every line it applies (a bad one is set aside, not applied).

_ACTOR_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*", re.ASCII)  # what slugify makes
_HEAD = re.compile(r"[0-9a-f]{64}", re.ASCII)
_RECORDED_AT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z", re.ASCII)
_EMPTY: tuple[Any, ...] = (None, [], {}, ())


def check_actor_id(value: Any, what: str = "actor") -> str:
    """An actor id as tracker makes them (``slugify``, then ``-2``, ``-3``...)."""
    if not isinstance(value, str) or len(value) > MAX_NAME + 20 or not _ACTOR_ID.fullmatch(value):
        raise ValidationError(
            f"{what} {_shown(value)} is not an actor id (lower-case letters, digits, hyphens)"
        )
    return value


def check_event_ref(value: Any, what: str = "target") -> str:
    """A reference to an event: its id, in the one spelling the log holds."""
    if not is_canonical_id(value):
        raise ValidationError(
            f"{what} {_shown(value)} is not an event id (a UUID, lower-case and hyphenated)"
        )
    return str(value)


def _fields(
    data: Any, what: str, required: Iterable[str], optional: Iterable[str] = ()
) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise ValidationError(f"{what} is not a JSON object")
    required = tuple(required)
    missing = [k for k in required if k not in data]
    if missing:
        raise ValidationError(f"{what} has no {', '.join(missing)}")
    unknown = sorted(str(k) for k in set(data) - set(required) - set(optional))
    if unknown:
        raise ValidationError(f"{what} has unknown field(s) {_shown(', '.join(unknown))}")
    return data


def _list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise ValidationError(f"{what} must be a list, not {_type_name(value)}")
    return value


def _text_or_none(value: Any, what: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise ValidationError(f"{what} must be text, not {_type_name(value)}")
    return value


def _type_name(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "a boolean"}.get(
        type(value), "null" if value is None else "a number"
    )


def _participants(value: Any, what: str = "participants") -> list[Participant]:
    parts = []
    for p in _list(value, what):
        if not isinstance(p, Mapping) or set(p) != {"actor", "role"}:
            raise ValidationError(f"a participant must be an object of actor and role: {_shown(p)}")
        if not isinstance(p["role"], str):
            raise ValidationError(f"the role of a participant must be text: {_shown(p)}")
        parts.append(Participant(check_actor_id(p["actor"], "participant"), p["role"]))
    return parts


def _occurrence_build(cls: type[OccurrenceRecorded], data: Any) -> OccurrenceRecorded:
    _fields(
        data,
        "the event",
        ("type", "when", "participants", "summary", "sources"),
        ("topics", "location", "cameo", "extra"),
    )
    sources = _list(data["sources"], "sources")
    for s in sources:
        if not isinstance(s, Mapping):
            raise ValidationError(f"a source must be an object with a url or outlet: {_shown(s)}")
    topics = data.get("topics")
    if topics is not None:
        _list(topics, "topics")
    extra = data.get("extra")
    if extra is not None and not isinstance(extra, Mapping):
        raise ValidationError(f"extra must be an object, not {_type_name(extra)}")
    event = build_occurrence(
        event_type=data["type"],
        when=data["when"],
        participants=_participants(data["participants"]),
        summary=data["summary"],
        sources=sources,
        topics=topics,
        location=data.get("location"),
        cameo=data.get("cameo"),
        extra=extra,
    )
    if type(event) is not cls:
        raise ValidationError(f"a {event.type} is a {type(event).TYPE} event, not {cls.TYPE}")
    return event


def _change(key: str, value: Any, new_type: str | None) -> Any:
    """One field of an amendment, as ``Tracker.amend`` records it."""
    if key == "type":
        return check_event_type(value)
    if key == "when":
        if not isinstance(value, str):
            raise ValidationError("the date must be text such as 2021-08-16")
        return parse_event_date(value).text
    if key == "summary":
        return clean_text(value, "summary")
    if key == "topics":
        return list(check_topics(_list(value, "topics")))
    if key == "location":
        return None if value is None else clean_name(value, "location")
    if key == "cameo":
        return None if value is None else check_cameo(value)
    if key == "sources":
        sources = [Source.parse(s).to_data() for s in _list(value, "sources")]
        if not sources or not all(isinstance(s, Mapping) for s in value):
            raise ValidationError("an amendment's sources must be a list of objects, not empty")
        return sources
    # participants: the roles must fit the new type, or at least be roles of some type
    parts = _participants(value)
    if new_type is not None:
        return [p.to_data() for p in check_participants(new_type, parts)]
    every = (*INTERACTION_ROLES, *STATEMENT_ROLES, *DEVELOPMENT_ROLES)
    if not parts:
        raise ValidationError("an amendment's participants are empty")
    seen: set[str] = set()
    for p in parts:
        if p.role not in every:
            raise ValidationError(
                f"role {_shown(p.role)} is not a role; use one of {', '.join(every)}"
            )
        if p.actor in seen:
            raise ValidationError(f"actor {p.actor!r} is listed twice in one event")
        seen.add(p.actor)
    return [p.to_data() for p in parts]


def _amended_build(cls: type[EventAmended], data: Any) -> EventAmended:
    _fields(data, "the amendment", ("target", "changes", "reason"))
    changes = data["changes"]
    if not isinstance(changes, Mapping) or not changes:
        raise ValidationError("an amendment's changes must be an object of the changed fields")
    unknown = sorted(str(k) for k in set(changes) - set(AMENDABLE))
    if unknown:
        raise ValidationError(f"cannot amend {_shown(', '.join(unknown))}")
    new_type = check_event_type(changes["type"]) if "type" in changes else None
    checked = {key: _change(key, value, new_type) for key, value in changes.items()}
    return cls(check_event_ref(data["target"]), checked, clean_text(data["reason"], "reason"))


def _retracted_build(cls: type[EventRetracted], data: Any) -> EventRetracted:
    _fields(data, "the retraction", ("target", "reason"))
    return cls(check_event_ref(data["target"]), clean_text(data["reason"], "reason"))


def _registered_build(cls: type[ActorRegistered], data: Any) -> ActorRegistered:
    _fields(data, "the actor", ("actor", "name", "kind"), ("aliases", "country", "external_ids"))
    aliases = _list(data.get("aliases") or [], "aliases")
    ids = data.get("external_ids")
    if ids is not None and not isinstance(ids, Mapping):
        raise ValidationError(f"external_ids must be an object, not {_type_name(ids)}")
    country = _text_or_none(data.get("country"), "country code")
    actor = build_actor(data["name"], data["kind"], aliases, country, ids)
    return cls(check_actor_id(data["actor"]), actor.name, actor.kind, actor.aliases,
               actor.country, actor.external_ids)  # fmt: skip


def _alias_build(cls: type[ActorAliasAdded] | type[ActorAliasRemoved], data: Any) -> Event:
    _fields(data, "the alias", ("actor", "alias"))
    return cls(check_actor_id(data["actor"]), clean_name(data["alias"], "alias"))


def _renamed_build(cls: type[ActorRenamed], data: Any) -> ActorRenamed:
    _fields(data, "the rename", ("actor", "name"))
    return cls(check_actor_id(data["actor"]), clean_name(data["name"]))


def _office_build(cls: type[OfficeHeld], data: Any) -> OfficeHeld:
    _fields(data, "the office", ("actor", "office"), ("org", "start", "end", "aliases"))
    org = data.get("org")
    start = _text_or_none(data.get("start"), "the office's start")
    end = _text_or_none(data.get("end"), "the office's end")
    first, last = check_span(start, end, "the office")
    names = tuple(
        dict.fromkeys(
            clean_name(a, "office alias") for a in _list(data.get("aliases") or [], "aliases")
        )
    )
    return cls(
        check_actor_id(data["actor"]), clean_name(data["office"], "office"),
        None if org is None else check_actor_id(org, "org"), first, last, names,
    )  # fmt: skip


def _affiliated_build(cls: type[ActorAffiliated], data: Any) -> ActorAffiliated:
    _fields(data, "the affiliation", ("actor", "org"), ("relation", "start", "end"))
    start = _text_or_none(data.get("start"), "the affiliation's start")
    end = _text_or_none(data.get("end"), "the affiliation's end")
    first, last = check_span(start, end, "the affiliation")
    actor, org = check_actor_id(data["actor"]), check_actor_id(data["org"], "org")
    if actor == org:
        raise ValidationError("an actor cannot be affiliated with itself")
    return cls(actor, org, check_relation(data.get("relation", "member_of")), first, last)


def _merge_build(cls: type[ActorsMerged] | type[ActorsUnmerged], data: Any) -> Event:
    _fields(data, "the actor merge", ("source", "target", "reason"))
    source, target = check_actor_id(data["source"], "source"), check_actor_id(data["target"])
    if source == target:
        raise ValidationError(f"an actor cannot be merged into itself ({source})")
    return cls(source, target, clean_text(data["reason"], "reason"))


def _logs_merged_build(cls: type[LogsMerged], data: Any) -> LogsMerged:
    _fields(data, "the log merge", ("ours_head", "theirs_head", "added", "duplicates"))
    for key in ("ours_head", "theirs_head"):
        head = data[key]
        if not (head == "" or (isinstance(head, str) and _HEAD.fullmatch(head))):
            raise ValidationError(f"{key} {_shown(head)} is not a chain hash")
    for key in ("added", "duplicates"):
        count = data[key]
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise ValidationError(f"{key} {_shown(count)} is not a count")
    return cls(data["ours_head"], data["theirs_head"], data["added"], data["duplicates"])


_BUILDERS: dict[type[Event], Callable[[Any, Any], Event]] = {
    InteractionRecorded: _occurrence_build,
    StatementRecorded: _occurrence_build,
    DevelopmentRecorded: _occurrence_build,
    EventAmended: _amended_build,
    EventRetracted: _retracted_build,
    ActorRegistered: _registered_build,
    ActorAliasAdded: _alias_build,
    ActorAliasRemoved: _alias_build,
    ActorRenamed: _renamed_build,
    OfficeHeld: _office_build,
    ActorAffiliated: _affiliated_build,
    ActorsMerged: _merge_build,
    ActorsUnmerged: _merge_build,
    LogsMerged: _logs_merged_build,
}
_PLAIN = frozenset((InteractionRecorded, StatementRecorded, DevelopmentRecorded))
# (type name, version) -> the check of a payload of that version (after upcasting, only the
# current version of each type is ever checked; a new version brings its own check).
PAYLOAD_CHECKS: dict[tuple[str, int], Callable[[Any], Event]] = {
    (cls.TYPE, cls.VERSION): functools.partial(build, cls) for cls, build in _BUILDERS.items()
}


# The quick look at the usual stored occurrence (see ``_plain_occurrence``).
_OCCURRENCE_KEYS = frozenset(
    ("type", "when", "participants", "summary", "sources", "topics", "location", "cameo", "extra")
)
_CLASS_OF: dict[str, type[OccurrenceRecorded]] = {t: occurrence_class(t) for t in EVENT_TYPES}
_ROLES_OF = {t: frozenset(roles_for(t)) for t in EVENT_TYPES}


@functools.lru_cache(maxsize=65536)
def _plain_actor_id(actor: str) -> bool:
    return len(actor) <= MAX_NAME + 20 and _ACTOR_ID.fullmatch(actor) is not None


def _plain_text(value: Any, limit: int) -> bool:
    """Whether ``clean_text(value, limit=limit)`` would return ``value`` itself, by a quick
    look: printable text (then its only possible whitespace is the ASCII space) that does
    not start or end with a space."""
    return (
        type(value) is str
        and 0 < len(value) <= limit
        and value.isprintable()
        and value[0] != " "
        and value[-1] != " "
    )


def _plain_source(source: dict[str, Any]) -> bool:
    """Whether ``Source.parse(source).to_data()`` is certainly ``source`` (a quick look)."""
    if "url" not in source or not source.keys() <= _SOURCE_FIELDS:
        return False
    url = source["url"]
    if url is None:
        if "outlet" not in source:
            return False
    elif not _plain_text(url, 2000) or not _URL.match(url):
        return False
    if "outlet" in source and not _plain_text(source["outlet"], MAX_NAME):
        return False
    if "quote" in source and not _plain_text(source["quote"], MAX_TEXT):
        return False
    if "published" in source:
        published = source["published"]
        if not _plain_text(published, 40):
            return False
        try:
            return _date_text(published) == published
        except ValidationError:
            return False
    return True


def _plain_occurrence(cls: type[Event], d: dict[str, Any]) -> bool:
    """True when ``d`` is certainly what ``_occurrence_build`` makes of it: the usual stored
    occurrence, made of printable text and url sources. False when unsure: the full
    check then decides. A log is read through this on every rebuild, so it is quick (a
    test checks it never passes what the full check refuses)."""
    if not d.keys() <= _OCCURRENCE_KEYS:
        return False
    etype = d.get("type")
    if type(etype) is not str or _CLASS_OF.get(etype) is not cls:
        return False
    when = d.get("when")
    if type(when) is not str:
        return False
    try:
        if _date_text(when) != when:
            return False
    except ValidationError:
        return False
    parts = d.get("participants")
    if type(parts) is not list:
        return False
    roles, seen, speaker = _ROLES_OF[etype], set(), False
    for p in parts:
        if type(p) is not dict or len(p) != 2:
            return False
        actor, role = p.get("actor"), p.get("role")
        if type(actor) is not str or type(role) is not str or role not in roles:
            return False
        if actor in seen or not _plain_actor_id(actor):
            return False
        seen.add(actor)
        speaker = speaker or role == "speaker"
    if etype == STATEMENT_TYPE:
        if not speaker:
            return False
    elif not parts or (etype != DEVELOPMENT_TYPE and len(parts) < 2):
        return False
    if not _plain_text(d.get("summary"), MAX_TEXT):
        return False
    sources = d.get("sources")
    if type(sources) is not list or not sources:
        return False
    for source in sources:
        if type(source) is not dict or not _plain_source(source):
            return False
    topics = d.get("topics", [])
    if type(topics) is not list:
        return False
    if topics:
        for topic in topics:
            if not _plain_text(topic, MAX_NAME) or "  " in topic:
                return False
        if len(set(topics)) != len(topics):
            return False
    location = d.get("location")
    if location is not None and (not _plain_text(location, MAX_NAME) or "  " in location):
        return False
    cameo = d.get("cameo")
    if cameo is not None and (type(cameo) is not str or not _CAMEO.match(cameo)):
        return False
    extra = d.get("extra")
    return extra is None or (type(extra) is dict and _plain_extra(extra))


_PLAIN_EXTRA_KEYS: set[str] = set()  # keys seen to be their own clean form (a few dozen)


def _plain_value(value: Any) -> bool:
    kind = type(value)
    if kind is str:
        return len(value) <= 2000 and value.isprintable()
    if kind is float:
        return math.isfinite(value)
    return kind is int or kind is bool


def _plain_extra(extra: dict[str, Any]) -> bool:
    """Whether ``check_extra(extra)`` is certainly ``extra`` itself (a quick look)."""
    if not extra.keys() <= _PLAIN_EXTRA_KEYS:
        for key in extra:
            if not _plain_text(key, 40):
                return False
            if len(_PLAIN_EXTRA_KEYS) < 4096:
                _PLAIN_EXTRA_KEYS.add(key)
    for item in extra.values():  # _plain_value, unrolled: a GDELT event has fifteen
        kind = type(item)
        if kind is str:
            if not item or len(item) > 2000 or not item.isprintable():
                return False
        elif kind is float:
            if not math.isfinite(item):
                return False
        elif kind is list:
            if not item or not all(map(_plain_value, item)):
                return False
        elif kind is not int and kind is not bool:
            return False
    return True


def _stored(data: Mapping[str, Any]) -> dict[str, Any]:
    """A payload with its empty optional fields left out (absent, null and empty are one)."""
    return {k: v for k, v in data.items() if v not in _EMPTY or isinstance(v, bool)}


def check_payload(type_name: Any, type_v: Any, data: Any) -> dict[str, Any]:
    """Check one payload as the command that records such an event would have made it, and
    return it upcast to the current version. ``ValidationError`` names what is wrong."""
    if not isinstance(type_name, str):
        raise ValidationError(f"event type {_shown(type_name)} is not text")
    if not isinstance(type_v, int) or isinstance(type_v, bool) or type_v < 1:
        raise ValidationError(f"type version {_shown(type_v)} is not a version number")
    if not isinstance(data, dict):
        raise ValidationError("the payload is not a JSON object")
    current = upcast(type_name, type_v, data)
    cls = EVENT_CLASSES[type_name]
    if cls in _PLAIN and _plain_occurrence(cls, current):
        return current
    check = PAYLOAD_CHECKS[type_name, cls.VERSION]
    made = check(current).to_data()
    if made == current:
        return current
    made, given = _stored(made), _stored(current)
    if made != given:
        key = next(k for k in sorted(made.keys() | given.keys()) if made.get(k) != given.get(k))
        raise ValidationError(
            f"{key} is {_shown(given.get(key))}, not what tracker records ({_shown(made.get(key))})"
        )
    return current


def check_event(
    event_id: Any, type_name: Any, type_v: Any, recorded_at: Any, recorded_by: Any, data: Any
) -> dict[str, Any]:
    """``check_payload``, and the envelope's own values: the id (a canonical UUID), when
    and by whom the event was recorded. Returns the payload upcast."""
    check_event_ref(event_id, "event id")
    if not (isinstance(recorded_at, str) and _RECORDED_AT.fullmatch(recorded_at)):
        raise ValidationError(f"recorded_at {_shown(recorded_at)} is not a UTC time of the log")
    try:
        datetime.fromisoformat(recorded_at[:-1])
    except ValueError:
        raise ValidationError(f"recorded_at {_shown(recorded_at)} is not a real time") from None
    if type(recorded_by) is not str or _recorder(recorded_by) != recorded_by:
        raise ValidationError(f"recorded_by {_shown(recorded_by)} is not a user name")
    return check_payload(type_name, type_v, data)


@functools.lru_cache(maxsize=256)
def _recorder(name: str) -> str:
    return clean_name(name, "recorded_by")
