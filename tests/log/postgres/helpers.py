"""Events and checks shared by the server store's tests (module level: child processes
import it too)."""

from __future__ import annotations

import uuid
from pathlib import Path

import orjson

from tracker.domain.events import OccurrenceRecorded, Participant, build_occurrence
from tracker.log.envelope import seal
from tracker.log.file import EventLog


def call(summary: str, a: str = "antony-blinken", b: str = "wang-yi") -> OccurrenceRecorded:
    """A phone call between two actor ids (the log does not check that they exist)."""
    return build_occurrence(
        event_type="phone_call",
        when="2021-08-16",
        participants=[Participant(a, "initiator"), Participant(b, "recipient")],
        summary=summary,
        sources=["https://example.org/story"],
    )


def fixed_id(group: int, index: int) -> str:
    """A caller-given event id that says who made it: group and index."""
    return str(uuid.UUID(f"00000000-0000-7000-8000-{group:06d}{index:06d}"))


def resealed(line: str | bytes) -> bytes:
    """The line ``tracker.log.envelope.seal`` writes for the envelope this line holds."""
    envelope = orjson.loads(line)
    envelope.pop("chain")
    return seal(envelope)[0]


def verified(lines: list[str], path: Path) -> int:
    """Write lines as a file log and verify it like ``tracker verify``: the event count."""
    path.write_bytes(b"".join(line.encode() + b"\n" for line in lines))
    return EventLog(path).verify().events
