"""SIGKILL a writer at random moments, 100 times: nothing acknowledged is ever lost.

Every fourth run starts with a torn tail (part of a line appended by hand), so some kills
land while the writer moves it aside.

Each writer records an event id in an intent file before ``append`` and in an ack file
after ``append`` returned (after the log's fsync); both files are fsynced. After every
kill the log must hold every acknowledged id, only ids some writer meant to append, each
once, and must verify; the lock must be free.
"""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

from tests.reliability import _workers
from tests.reliability.conftest import Report, call
from tracker.log.file import EventLog

KILLS = 100
ID_LENGTH = len(_workers.fixed_id(0, 0))  # 36: every id the writers use


def complete_lines(path: Path) -> list[str]:
    """The whole ids in an intent or ack file: a SIGKILL can cut a write where it crosses
    a page boundary, and the part of an id it leaves was never acknowledged nor appended."""
    if not path.exists():
        return []
    return [line for line in path.read_text().split("\n")[:-1] if len(line) == ID_LENGTH]


def lock_is_free(log: EventLog) -> bool:
    fd = os.open(log.path, os.O_RDONLY)  # writers lock the log file itself
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


def test_sigkill_loses_no_acknowledged_event(tmp_path: Path, figures: Report) -> None:
    path = EventLog.create(tmp_path / "events.jsonl").path
    log = EventLog(path)
    intents, acks = tmp_path / "intents", tmp_path / "acks"
    ctx = multiprocessing.get_context("fork")
    rng = random.Random(6)
    notices: list[str] = []
    torn_seen = planted = 0
    started = time.monotonic()
    for run in range(KILLS):
        child = ctx.Process(
            target=_workers.acknowledging_writer, args=(str(path), str(intents), str(acks), run)
        )
        data = path.read_bytes()
        if run % 4 == 3 and data.endswith(b"\n"):
            # a torn tail for the writer to recover (and maybe die doing it): part of a line,
            # no newline in it (planted only on a whole log: a torn tail the last writer was
            # killed before repairing, followed by a newline from the slice, would make a
            # damaged line inside the log, which no crash can)
            last = data[:-1].rsplit(b"\n", 1)[-1]
            with path.open("ab") as f:
                f.write(last[: max(1, len(last) // 2)])
            planted += 1
        child.start()
        time.sleep(rng.uniform(0.005, 0.08))
        os.kill(child.pid or 0, signal.SIGKILL)
        child.join(timeout=10)
        assert child.exitcode == -signal.SIGKILL
        # after each kill: everything acknowledged is there, the log verifies
        report = log.verify()
        torn_seen += bool(report.torn_tail_bytes)
        in_log = [r.id for r in log.read()]
        assert set(complete_lines(acks)) <= set(in_log)
    took = time.monotonic() - started

    acked, meant = set(complete_lines(acks)), set(complete_lines(intents))
    records = list(log.read())
    in_log = [r.id for r in records]
    lost = acked - set(in_log)
    unknown = set(in_log) - meant
    assert not lost, f"{len(lost)} acknowledged events lost"
    assert not unknown, f"{len(unknown)} events nobody appended"
    assert len(in_log) == len(set(in_log))
    # the lock is free, and a new append succeeds within a second (recovering any torn tail)
    assert lock_is_free(log)
    torn_before = log.verify().torn_tail_bytes
    t0 = time.monotonic()
    log.append([call("after the kills")], notice=notices.append)
    append_s = time.monotonic() - t0
    assert append_s < 1.0
    final = log.verify()
    assert final.events == len(records) + 1 and final.torn_tail_bytes == 0
    aside = sorted(path.parent.glob("events.jsonl-torn-*"))
    assert len(notices) == (1 if torn_before else 0)  # reported when moved aside
    assert b"".join(p.read_bytes() for p in aside)  # and kept, never deleted
    figures(
        f"kill -9: {KILLS} kills in {took:.1f} s, {len(in_log)} events in the log,"
        f" {len(acked)} acknowledged, 0 lost, {len(in_log) - len(acked)} written but not yet"
        f" acknowledged, 0 unknown; {planted} torn tails planted, {len(aside)} moved aside,"
        f" {torn_seen} left after a kill; lock free, next append"
        f" {append_s * 1000:.0f} ms, chain ok ({final.events} events)"
    )
