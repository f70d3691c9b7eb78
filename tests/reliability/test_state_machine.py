"""A hypothesis state machine over the whole write path: add, duplicate, amend, retract,
a torn tail (a crash mid-write, by hand), reopen and rebuild, in any order.

After every step: the chain verifies, event ids are unique, and the read model equals both
a pure fold of the log and the machine's own model (event id -> summary, retracted). The
read model ``--as-of`` a recorded moment equals the model as it was at that moment.

Profiles: the CI profile (200 examples of up to 20 steps) runs by default. For a long soak
(2,000 examples of up to 50 steps; tens of minutes) set ``TRACKER_SOAK=1``::

    TRACKER_SOAK=1 .venv/bin/pytest tests/reliability
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from tests.reliability.conftest import Report
from tracker.domain.dates import parse_utc
from tracker.domain.errors import ValidationError
from tracker.domain.ids import uuid7
from tracker.domain.text import has_control
from tracker.log.file import EventLog
from tracker.services.tracker import Tracker

settings.register_profile(
    "tracker-ci",
    max_examples=200,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
settings.register_profile(
    "tracker-soak",
    max_examples=2000,
    stateful_step_count=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
SOAK = os.environ.get("TRACKER_SOAK") == "1"
PROFILE = settings.get_profile("tracker-soak" if SOAK else "tracker-ci")

SOURCE = "https://example.org/story"
State = dict[str, tuple[str, bool]]  # event id -> (summary, retracted)
STATS: Counter[str] = Counter()

summaries = (
    st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=24)
    .map(str.strip)
    .filter(bool)
    .filter(lambda s: not has_control(s))  # noncharacters (U+FDD0...) are refused, rightly
)


def fold(log: EventLog) -> State:
    """The pure fold of the log's lines into the model's shape."""
    state: State = {}
    for record in log.read():
        data = record.upcast_data()
        if record.type == "InteractionRecorded":
            state[record.id] = (data["summary"], False)
        elif record.type == "EventAmended" and "summary" in data["changes"]:
            state[data["target"]] = (data["changes"]["summary"], state[data["target"]][1])
        elif record.type == "EventRetracted":
            state[data["target"]] = (state[data["target"]][0], True)
    return state


def read_model(tracker: Tracker, as_of: datetime | None = None) -> State:
    conn = tracker.model(as_of)
    try:
        rows = conn.execute("SELECT id, summary, retracted FROM events").fetchall()
    finally:
        conn.close()
    return {row[0]: (row[1], bool(row[2])) for row in rows}


class LogMachine(RuleBasedStateMachine):
    events = Bundle("events")

    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="tracker-machine-"))
        self.path = EventLog.create(self.dir / "data" / "events.jsonl").path
        self.notices: list[str] = []
        self.tracker = self._open()
        self.model: State = {}
        self.given: dict[str, str] = {}  # caller-given id -> summary it was added with
        self.moments: list[tuple[datetime, State]] = []
        self.torn = 0
        self.steps = 0

    def _open(self) -> Tracker:
        return Tracker(self.path, notice=self.notices.append)

    def _recorded(self) -> None:
        last = list(self.tracker.log.read())[-1]
        self.moments.append((parse_utc(last.recorded_at), dict(self.model)))

    @initialize()
    def actors(self) -> None:
        self.tracker.register_actor("Antony Blinken", aliases=["Blinken"], country="USA")
        self.tracker.register_actor("Wang Yi", country="CHN")

    def _add(self, summary: str, event_id: str | None) -> list[str]:
        result = self.tracker.add_event(
            type="phone_call",
            when="2021-08-16",
            participants=[
                {"name": "Blinken", "role": "initiator"},
                {"name": "Wang Yi", "role": "recipient"},
            ],
            summary=summary,
            sources=[SOURCE],
            id=event_id,
        )
        return result.duplicates if event_id in result.duplicates else result.ids

    @rule(target=events, summary=summaries, own_id=st.booleans())
    def add(self, summary: str, own_id: bool) -> str:
        given = uuid7() if own_id else None
        (new,) = self._add(summary, given)
        assert given is None or new == given
        self.model[new] = (summary, False)
        if given:
            self.given[given] = summary
        self._recorded()
        return new

    @precondition(lambda self: self.given)
    @rule(data=st.data())
    def duplicate(self, data: st.DataObject) -> None:
        event_id = data.draw(st.sampled_from(sorted(self.given)))
        size = self.path.stat().st_size
        assert self._add(self.given[event_id], event_id) == [event_id]
        assert self.path.stat().st_size <= size  # nothing written (a torn tail may go)

    @rule(event=events, summary=summaries)
    def amend(self, event: str, summary: str) -> None:
        current, retracted = self.model[event]
        if retracted or summary == current:
            try:
                self.tracker.amend(event, {"summary": summary}, "a better readout")
            except ValidationError:
                return
            raise AssertionError("amending a retracted event or to the same text should fail")
        self.tracker.amend(event, {"summary": summary}, "a better readout")
        self.model[event] = (summary, False)
        self._recorded()

    @rule(event=events)
    def retract(self, event: str) -> None:
        summary, retracted = self.model[event]
        if retracted:
            try:
                self.tracker.retract(event, "duplicate report")
            except ValidationError:
                return
            raise AssertionError("retracting twice should fail")
        self.tracker.retract(event, "duplicate report")
        self.model[event] = (summary, True)
        self._recorded()

    @rule(cut=st.floats(0.05, 0.95))
    def torn_tail(self, cut: float) -> None:
        """A writer died mid-line: part of a plausible next line, no newline."""
        last = self.path.read_bytes().rsplit(b"\n", 2)[-2]
        with self.path.open("ab") as f:
            f.write(last[: max(1, int(len(last) * cut))])
        self.torn += 1

    @rule()
    def reopen(self) -> None:
        self.tracker = self._open()

    @rule()
    def rebuild(self) -> None:
        assert self.tracker.rebuild().mode == "rebuild"

    @invariant()
    def log_verifies_and_the_model_matches(self) -> None:
        self.steps += 1
        STATS["invariant checks"] += 1
        report = self.tracker.verify()
        ids = [r.id for r in self.tracker.log.read()]
        assert len(ids) == len(set(ids)) == report.events
        assert read_model(self.tracker) == fold(self.tracker.log) == self.model

    @invariant()
    def as_of_a_recorded_moment_matches(self) -> None:
        if not self.moments:
            return
        for index in {len(self.moments) // 2, len(self.moments) - 1}:
            moment, state = self.moments[index]
            assert read_model(self.tracker, as_of=moment) == state
        STATS["as_of checks"] += 1

    def teardown(self) -> None:
        # every torn tail was moved aside (and reported) by the next append, or is still last
        assert len(self.notices) <= self.torn
        STATS["runs"] += 1
        STATS["events"] += len(self.model)
        STATS["torn tails"] += self.torn
        STATS["moved aside"] += len(self.notices)
        shutil.rmtree(self.dir, ignore_errors=True)


def test_state_machine(figures: Report) -> None:
    STATS.clear()
    started = time.monotonic()
    run_state_machine_as_test(LogMachine, settings=PROFILE)
    counts = ", ".join(f"{n} {what}" for what, n in STATS.items())
    figures(
        f"state machine ({'soak' if SOAK else 'ci'} profile, max_examples="
        f"{PROFILE.max_examples}, steps<={PROFILE.stateful_step_count}): {counts};"
        f" every invariant held, {time.monotonic() - started:.1f} s"
    )
