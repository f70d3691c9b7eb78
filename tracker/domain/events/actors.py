"""Who is who, as events: an actor registered, its aliases and names, offices held,
affiliations, and merges of two ids that turned out to be one actor.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from tracker.domain.dates import parse_event_date
from tracker.domain.errors import ValidationError
from tracker.domain.events.base import ACTOR_KINDS, KIND_SYNONYMS, RELATIONS, FlatEvent
from tracker.domain.names import slugify
from tracker.domain.text import MAX_NAME, clean_name, clean_text, shown

ACTOR_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*", re.ASCII)  # what slugify makes


@dataclass(frozen=True)
class ActorEvent(FlatEvent):
    """Base of the actor lifecycle events."""


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


def check_actor_id(value: Any, what: str = "actor") -> str:
    """An actor id as tracker makes them (``slugify``, then ``-2``, ``-3``...)."""
    if not isinstance(value, str) or len(value) > MAX_NAME + 20 or not ACTOR_ID.fullmatch(value):
        raise ValidationError(
            f"{what} {shown(value)} is not an actor id (lower-case letters, digits, hyphens)"
        )
    return value
