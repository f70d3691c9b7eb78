"""The two-process rebuild (``tracker/parallel_rebuild.py``) gives the serial rebuild's read
model, row for row, and fails the same way on a damaged log.

Logs here are small, so the size threshold is lowered to force the two-process path.
"""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from tests.conftest import SOURCE
from tracker.domain.errors import DamagedLogError
from tracker.log.envelope import seal
from tracker.log.file import EventLog
from tracker.queries.events import dump
from tracker.readmodel import parallel as parallel_rebuild
from tracker.readmodel.sync import sync
from tracker.services.recording import ActorRef
from tracker.services.tracker import Tracker


@pytest.fixture
def two_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel_rebuild, "MIN_BYTES", 0)
    monkeypatch.delenv("TRACKER_SERIAL_REBUILD", raising=False)


def _rebuild(log: Path, name: str) -> list:  # type: ignore[type-arg]
    conn, result = sync(EventLog(log), log.parent / name, force=True)
    try:
        assert result.mode == "rebuild"
        return dump(conn)
    finally:
        conn.close()


def _busy_log(seed_log: Path, events: int = 2_500) -> Path:
    """The shipped log plus every kind of line: many calls, amendments, a retraction, a
    rename, an alias, an office, an affiliation, a merge."""
    t = Tracker(seed_log)
    batch = [
        dict(
            type="phone_call" if i % 3 else "meeting",
            when=f"20{10 + i % 15}-{1 + i % 12:02d}-{1 + i % 28:02d}",
            participants=[
                ActorRef("Blinken", "initiator"),
                ActorRef(("Wang Yi", "Lavrov", "Ned Price")[i % 3], "recipient"),
            ],
            summary=f"call number {i}",
            sources=[SOURCE],
        )
        for i in range(events)
    ]
    ids = t.add_events(batch).ids
    t.amend(ids[10], {"summary": "amended call"}, "typo")
    t.retract(ids[20], "never happened")
    t.rename("Ned Price", "Edward Price")
    t.add_alias("Wang Yi", "WY")
    t.register_actor("Someone Else", kind="person", country="USA")
    t.merge("Someone Else", "Blinken", "same person")
    more = t.add_events(batch[:50]).ids
    t.amend(more[0], {"when": "2019-05-05"}, "date fixed")
    return seed_log


def test_two_process_rebuild_equals_the_serial_one(
    seed_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = _busy_log(seed_log)
    monkeypatch.setenv("TRACKER_SERIAL_REBUILD", "1")
    assert not parallel_rebuild.usable(log.stat().st_size)
    serial = _rebuild(log, "serial.sqlite")
    monkeypatch.delenv("TRACKER_SERIAL_REBUILD")
    monkeypatch.setattr(parallel_rebuild, "MIN_BYTES", 0)
    assert parallel_rebuild.usable(log.stat().st_size)
    calls: list[str] = []
    real = parallel_rebuild.apply_log
    monkeypatch.setattr(parallel_rebuild, "apply_log", lambda *a: calls.append("two") or real(*a))
    two = _rebuild(log, "two.sqlite")
    assert calls == ["two"]
    assert two == serial
    events = dict(two)["events"]
    assert len(events) == 6 + 2_500 + 50


def test_progress_is_reported_to_the_end(seed_log: Path, two_process: None) -> None:
    log = _busy_log(seed_log, events=200)
    seen: list[tuple[int, int, int, str]] = []
    conn, result = sync(
        EventLog(log),
        log.parent / "p.sqlite",
        force=True,
        progress=lambda d, t, n, stage: seen.append((d, t, n, stage)),
    )
    conn.close()
    size = log.stat().st_size
    assert seen[0] == (0, size, 0, "rebuild")  # the start, said before any work
    assert seen[-1] == (size, size, result.applied, "rebuild")
    assert [n for _, _, n, _ in seen] == sorted(n for _, _, n, _ in seen)


def _lines(log: Path) -> list[bytes]:
    return log.read_bytes().splitlines(keepends=True)


def test_a_damaged_line_is_named_as_the_serial_rebuild_names_it(
    seed_log: Path, two_process: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = _busy_log(seed_log, events=300)
    lines = _lines(log)
    lines[150] = lines[150].replace(b"call number", b"call NUMBER")
    log.write_bytes(b"".join(lines))
    before = log.read_bytes()
    with pytest.raises(DamagedLogError) as two:
        _rebuild(log, "two.sqlite")
    monkeypatch.setenv("TRACKER_SERIAL_REBUILD", "1")
    with pytest.raises(DamagedLogError) as serial:
        _rebuild(log, "serial.sqlite")
    assert two.value.line == serial.value.line == 151
    assert str(two.value) == str(serial.value)
    assert log.read_bytes() == before
    assert not (log.parent / "two.sqlite").exists()


def test_an_id_used_twice_in_a_well_chained_log_is_refused(
    seed_log: Path, two_process: None
) -> None:
    log = _busy_log(seed_log, events=100)
    lines = _lines(log)
    last = orjson.loads(lines[-1])
    copy = orjson.loads(lines[-2])  # an event line: same id again, new line, valid chain
    copy.update(seq=last["seq"] + 1, prev=last["chain"])
    del copy["chain"]
    line, _ = seal(copy)
    log.write_bytes(b"".join(lines) + line)
    with pytest.raises(DamagedLogError, match="an event id appears twice"):
        _rebuild(log, "two.sqlite")


def test_small_logs_stay_serial(seed_log: Path) -> None:
    assert not parallel_rebuild.usable(seed_log.stat().st_size)
    two_cores = (os.cpu_count() or 1) > 1
    assert parallel_rebuild.usable(parallel_rebuild.MIN_BYTES) == two_cores
