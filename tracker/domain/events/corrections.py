"""Corrections, and how the log came to be: an event amended or retracted (the original
line stays), and two copies of the log merged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from tracker.domain.errors import ValidationError
from tracker.domain.events.base import Event, FlatEvent
from tracker.domain.ids import is_canonical_id
from tracker.domain.text import shown


@dataclass(frozen=True)
class EventAmended(Event):
    TYPE: ClassVar[str] = "EventAmended"
    VERSION: ClassVar[int] = 2  # v2: a changed ``when`` may be an interval (see ``registry``)

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
class LogsMerged(FlatEvent):
    """Two copies of the log were merged (``tracker merge``): the heads merged and what
    was taken. It changes no event; it records how the log came to be."""

    TYPE: ClassVar[str] = "LogsMerged"

    ours_head: str
    theirs_head: str
    added: int
    duplicates: int


def check_event_ref(value: Any, what: str = "target") -> str:
    """A reference to an event: its id, in the one spelling the log holds."""
    if not is_canonical_id(value):
        raise ValidationError(
            f"{what} {shown(value)} is not an event id (a UUID, lower-case and hyphenated)"
        )
    return str(value)
