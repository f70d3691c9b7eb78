"""Every event class by its type name, and the upcasters that read older versions.

When a type's payload changes shape, bump its ``VERSION`` and add a function to
``UPCASTERS`` that turns the old ``data`` into the new one: the log is never rewritten.

An event is recorded at the lowest version of its type that holds its payload
(``version_needed``): a log without the newer forms is byte for byte what older trackers
write and read, and one with them is refused by an older tracker as "newer than this
tracker understands" rather than as a bad line. Occurrences and amendments are v2 since
an event's date may be an interval (``2021-03-15/2021-03-17``); v1 is the same payload
with single dates only, so its upcaster changes nothing.

>>> sorted(EVENT_CLASSES)[:3]
['ActorAffiliated', 'ActorAliasAdded', 'ActorAliasRemoved']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from tracker.domain.errors import NewerEventError, ValidationError
from tracker.domain.events.actors import (
    ActorAffiliated,
    ActorAliasAdded,
    ActorAliasRemoved,
    ActorRegistered,
    ActorRenamed,
    ActorsMerged,
    ActorsUnmerged,
    OfficeHeld,
)
from tracker.domain.events.base import Event
from tracker.domain.events.corrections import EventAmended, EventRetracted, LogsMerged
from tracker.domain.events.occurrences import (
    DevelopmentRecorded,
    InteractionRecorded,
    StatementRecorded,
)

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


def _single_dates_v1_v2(data: dict[str, Any]) -> dict[str, Any]:
    """v1 of an occurrence or an amendment is v2 with single dates only: the same data."""
    return data


_DATED = ("InteractionRecorded", "StatementRecorded", "DevelopmentRecorded", "EventAmended")

# (type name, version it reads) -> function returning the data of the next version.
UPCASTERS: dict[tuple[str, int], Callable[[dict[str, Any]], dict[str, Any]]] = {
    (name, 1): _single_dates_v1_v2 for name in _DATED
}


def version_needed(type_name: str, data: Mapping[str, Any]) -> int:
    """The lowest version of its type that holds ``data``: the version it is recorded at.

    >>> version_needed("InteractionRecorded", {"when": "2021-03-15"})
    1
    >>> version_needed("InteractionRecorded", {"when": "2021-03-15/2021-03-17"})
    2
    """
    if type_name not in _DATED:
        return 1
    when = data.get("when")
    if type_name == "EventAmended":
        changes = data.get("changes")
        when = changes.get("when") if isinstance(changes, Mapping) else None
    return 2 if isinstance(when, str) and "/" in when else 1


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
