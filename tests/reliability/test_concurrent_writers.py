"""Concurrent writers: 8 processes appending one event at a time end with a perfect chain.

The negative control runs the same writers with the lock switched off (inside the child
processes only) and shows that the test can fail: the chain breaks.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

import pytest

from tests.reliability import _workers
from tests.reliability.conftest import Report
from tracker.domain.errors import DamagedLogError
from tracker.log.file import EventLog

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


def test_writers_through_every_path_to_one_log_share_its_lock(
    tmp_path: Path, figures: Report
) -> None:
    """Issue 11, item 4: the log's lock is the file's own (a flock on it), so a symlink to
    the log, a symlinked folder, a hard link and the real path all take one lock. Before,
    the lock was a sidecar named from the unresolved path: three locks for these four
    paths, and the chain broke ("sequence number 78, expected 79")."""
    real = EventLog.create(tmp_path / "data" / "events.jsonl").path
    (tmp_path / "elsewhere").mkdir()
    link = tmp_path / "elsewhere" / "team.jsonl"
    link.symlink_to(real)
    (tmp_path / "linked").symlink_to(real.parent)
    hard = tmp_path / "elsewhere" / "hard.jsonl"
    os.link(real, hard)
    paths = [real, link, tmp_path / "linked" / "events.jsonl", hard]
    each = 100
    ctx = multiprocessing.get_context("fork")
    children = [
        ctx.Process(target=_workers.append_one_by_one, args=(str(p), w, each, True))
        for w, p in enumerate(paths)
    ]
    started = time.monotonic()
    for child in children:
        child.start()
    for child in children:
        child.join(timeout=120)
    took = time.monotonic() - started
    assert [c.exitcode for c in children] == [0] * len(paths)
    log = EventLog(real)
    report = log.verify()
    records = list(log.read())
    summaries = [r.data["summary"] for r in records]
    assert report.events == len(records) == len(paths) * each
    assert sorted(summaries) == sorted(
        f"writer {w} event {i}" for w in range(len(paths)) for i in range(each)
    )
    assert [r.seq for r in records] == list(range(1, len(records) + 1))
    locks = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.lock"))
    assert locks == []
    figures(
        f"one log, {len(paths)} paths (real, symlink, symlinked folder, hard link):"
        f" {len(paths)} procs x {each} = {len(records)} events, each once, chain ok,"
        f" no lock file, {took:.1f} s"
    )
