"""What every event is: the ``Event`` base class, and the names of types, roles and kinds.

Every line of the log holds an event as its ``data``, with the event's ``type`` name and
``type_v`` version in the envelope (``tracker.log.envelope``). Three kinds of thing happen
in diplomacy, and each is one event however many take part (``occurrences``): a contact
of two or more participants, each with a role (never doubled into directed pairs); a
statement, with its speaker and whom it addresses or is about; a development, with the
actors involved. Corrections are events too (``corrections``), and so is who is who
(``actors``). ``registry`` lists every class by its type name, with the upcasters that read
older versions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, ClassVar

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


def roles_for(event_type: str) -> tuple[str, ...]:
    """The roles a participant of an event of this type may have.

    >>> roles_for("statement")
    ('speaker', 'addressee', 'about')
    """
    if event_type == STATEMENT_TYPE:
        return STATEMENT_ROLES
    if event_type == DEVELOPMENT_TYPE:
        return DEVELOPMENT_ROLES
    return INTERACTION_ROLES


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
class FlatEvent(Event):
    """An event whose payload is its fields, flat (the actor events, ``LogsMerged``)."""

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
