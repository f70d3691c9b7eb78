"""Concurrent writers: 8 processes appending one event at a time end with a perfect chain.

The negative control runs the same writers with the lock switched off (inside the child
processes only) and shows that the test can fail: the chain breaks.
"""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest

from tracker.errors import DamagedLogError
from tracker.log import EventLog

from . import _workers
from .conftest import Report

PROCS, EACH = 8, 250


def run_writers(path: Path, procs: int, each: int, *, lock: bool) -> list[int | None]:
    ctx = multiprocessing.get_context("fork")
    children = [
        ctx.Process(target=_workers.append_one_by_one, args=(str(path), w, each, lock))
        for w in range(procs)
    ]
    for child in children:
        child.start()
    for child in children:
        child.join(timeout=120)
    codes = [child.exitcode for child in children]
    for child in children:
        if child.is_alive():
            child.kill()
    return codes


def test_eight_writers_lose_nothing_and_keep_the_chain(tmp_path: Path, figures: Report) -> None:
    path = EventLog.create(tmp_path / "events.jsonl").path
    started = time.monotonic()
    assert run_writers(path, PROCS, EACH, lock=True) == [0] * PROCS
    took = time.monotonic() - started
    log = EventLog(path)
    report = log.verify()
    records = list(log.read())
    ids = {r.id for r in records}
    summaries = {r.data["summary"] for r in records}
    assert report.events == len(records) == PROCS * EACH
    assert len(ids) == PROCS * EACH
    assert [r.seq for r in records] == list(range(1, PROCS * EACH + 1))
    assert summaries == {f"writer {w} event {i}" for w in range(PROCS) for i in range(EACH)}
    assert report.torn_tail_bytes == 0
    figures(
        f"concurrent writers: {PROCS} procs x {EACH} = {len(records)} events,"
        f" {len(ids)} unique ids, seq 1..{records[-1].seq} gap-free, chain ok, {took:.1f} s"
    )


def test_negative_control_without_the_lock_the_chain_breaks(
    tmp_path: Path, figures: Report
) -> None:
    """The same writers, flock disabled in the children: verify must catch the damage."""
    started = time.monotonic()
    caught: list[str] = []
    for attempt in range(1, 4):  # a race is near certain; retry rather than be flaky
        path = EventLog.create(tmp_path / f"unlocked-{attempt}.jsonl").path
        run_writers(path, PROCS, 50, lock=False)
        try:
            EventLog(path).verify()
        except DamagedLogError as exc:
            caught.append(f"line {exc.line}: {exc.problem}")
            break
    assert caught, "without the lock the writers should have broken the chain"
    lines = len(path.read_bytes().splitlines())
    figures(
        f"negative control (no lock): {PROCS} procs x 50, broken on attempt {attempt},"
        f" {lines} lines written, verify says {caught[0]!r}, {time.monotonic() - started:.1f} s"
    )
    with pytest.raises(DamagedLogError):
        EventLog(path).verify()
