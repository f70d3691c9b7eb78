"""Fixtures of the reliability suite (issue 6): building events, and reporting figures.

Every test reports its figures through the ``figures`` fixture: the line is printed (seen
with ``-s``), stored as a junit property, and listed again in a "reliability figures"
section at the end of the run, so ``pytest -q`` shows them too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tracker.domain.events import OccurrenceRecorded, Participant, build_occurrence
from tracker.log.file import EventLog

Report = Callable[[str], None]  # the type of the figures fixture (tests/conftest.py)


def call(summary: str, a: str = "antony-blinken", b: str = "wang-yi") -> OccurrenceRecorded:
    """A phone call between two actor ids (the log does not check that they exist)."""
    return build_occurrence(
        event_type="phone_call",
        when="2021-08-16",
        participants=[Participant(a, "initiator"), Participant(b, "recipient")],
        summary=summary,
        sources=["https://example.org/story"],
    )


def fill(path: Path, count: int, batch: int = 50) -> EventLog:
    """A log of ``count`` calls, appended in batches."""
    log = EventLog.create(path)
    for start in range(0, count, batch):
        log.append([call(f"call {i}") for i in range(start, min(count, start + batch))])
    return log
