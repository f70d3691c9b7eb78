"""Every event class by its type name, and the upcasters that read older versions.

When a type's payload changes shape, bump its ``VERSION`` and add a function to
``UPCASTERS`` that turns the old ``data`` into the new one: the log is never rewritten.

>>> sorted(EVENT_CLASSES)[:3]
['ActorAffiliated', 'ActorAliasAdded', 'ActorAliasRemoved']
"""

from __future__ import annotations

from collections.abc import Callable
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
from tracker.domain.events.annotations import ANNOTATION_CLASSES, VIEW_CLASSES
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
        *ANNOTATION_CLASSES,
        *VIEW_CLASSES,
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
