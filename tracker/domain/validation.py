"""What may enter the log: one check per event type, of its current version.

``check_payload`` makes the event from a stored payload through the same builders and
checks that ``add-event`` and the actor commands use, and asks that the payload be exactly
what tracker would have written of it (older payloads are upcast first). Every path by
which an event enters the log (the append path, the importers, ``import jsonl``,
``merge`` and the git merge driver) runs it, ``verify`` runs it on every line, and the
projector runs it on every line it applies (a bad one is set aside, not applied). The
usual stored occurrence is passed by a quick look first (``tracker.domain.quick``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from tracker.domain.dates import parse_event_when
from tracker.domain.errors import ValidationError
from tracker.domain.events.actors import (
    ActorAffiliated,
    ActorAliasAdded,
    ActorAliasRemoved,
    ActorRegistered,
    ActorRenamed,
    ActorsMerged,
    ActorsUnmerged,
    OfficeHeld,
    build_actor,
    check_actor_id,
    check_relation,
    check_span,
)
from tracker.domain.events.base import (
    AMENDABLE,
    DEVELOPMENT_ROLES,
    INTERACTION_ROLES,
    STATEMENT_ROLES,
    Event,
)
from tracker.domain.events.corrections import (
    EventAmended,
    EventRetracted,
    LogsMerged,
    check_event_ref,
)
from tracker.domain.events.occurrences import (
    DevelopmentRecorded,
    InteractionRecorded,
    OccurrenceRecorded,
    Participant,
    Source,
    StatementRecorded,
    build_occurrence,
    check_cameo,
    check_event_type,
    check_participants,
    check_topics,
)
from tracker.domain.events.registry import EVENT_CLASSES, upcast, version_needed
from tracker.domain.quick import plain_occurrence
from tracker.domain.text import clean_name, clean_text, shown

_HEAD = re.compile(r"[0-9a-f]{64}", re.ASCII)
_RECORDED_AT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z", re.ASCII)
_EMPTY: tuple[Any, ...] = (None, [], {}, ())


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
        raise ValidationError(f"{what} has unknown field(s) {shown(', '.join(unknown))}")
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
            raise ValidationError(f"a participant must be an object of actor and role: {shown(p)}")
        if not isinstance(p["role"], str):
            raise ValidationError(f"the role of a participant must be text: {shown(p)}")
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
            raise ValidationError(f"a source must be an object with a url or outlet: {shown(s)}")
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
        return parse_event_when(value).text
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
                f"role {shown(p.role)} is not a role; use one of {', '.join(every)}"
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
        raise ValidationError(f"cannot amend {shown(', '.join(unknown))}")
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
            raise ValidationError(f"{key} {shown(head)} is not a chain hash")
    for key in ("added", "duplicates"):
        count = data[key]
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise ValidationError(f"{key} {shown(count)} is not a count")
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


def _stored(data: Mapping[str, Any]) -> dict[str, Any]:
    """A payload with its empty optional fields left out (absent, null and empty are one)."""
    return {k: v for k, v in data.items() if v not in _EMPTY or isinstance(v, bool)}


def check_payload(type_name: Any, type_v: Any, data: Any) -> dict[str, Any]:
    """Check one payload as the command that records such an event would have made it, and
    return it upcast to the current version. ``ValidationError`` names what is wrong."""
    if not isinstance(type_name, str):
        raise ValidationError(f"event type {shown(type_name)} is not text")
    if not isinstance(type_v, int) or isinstance(type_v, bool) or type_v < 1:
        raise ValidationError(f"type version {shown(type_v)} is not a version number")
    if not isinstance(data, dict):
        raise ValidationError("the payload is not a JSON object")
    current = upcast(type_name, type_v, data)
    needed = version_needed(type_name, data)
    if type_v < needed:
        raise ValidationError(
            f"a date interval ({shown(_when_of(data))}) needs {type_name} v{needed}, not v{type_v}"
        )
    cls = EVENT_CLASSES[type_name]
    if cls in _PLAIN and plain_occurrence(cls, current):
        return current
    check = PAYLOAD_CHECKS[type_name, cls.VERSION]
    made = check(current).to_data()
    if made == current:
        return current
    made, given = _stored(made), _stored(current)
    if made != given:
        key = next(k for k in sorted(made.keys() | given.keys()) if made.get(k) != given.get(k))
        raise ValidationError(
            f"{key} is {shown(given.get(key))}, not what tracker records ({shown(made.get(key))})"
        )
    return current


def _when_of(data: Mapping[str, Any]) -> Any:
    changes = data.get("changes")
    return changes.get("when") if isinstance(changes, Mapping) else data.get("when")


def check_event(
    event_id: Any, type_name: Any, type_v: Any, recorded_at: Any, recorded_by: Any, data: Any
) -> dict[str, Any]:
    """``check_payload``, and the envelope's own values: the id (a canonical UUID), when
    and by whom the event was recorded. Returns the payload upcast."""
    check_event_ref(event_id, "event id")
    if not (isinstance(recorded_at, str) and _RECORDED_AT.fullmatch(recorded_at)):
        raise ValidationError(f"recorded_at {shown(recorded_at)} is not a UTC time of the log")
    try:
        datetime.fromisoformat(recorded_at[:-1])
    except ValueError:
        raise ValidationError(f"recorded_at {shown(recorded_at)} is not a real time") from None
    if type(recorded_by) is not str or _recorder(recorded_by) != recorded_by:
        raise ValidationError(f"recorded_by {shown(recorded_by)} is not a user name")
    return check_payload(type_name, type_v, data)


@functools.lru_cache(maxsize=256)
def _recorder(name: str) -> str:
    return clean_name(name, "recorded_by")
