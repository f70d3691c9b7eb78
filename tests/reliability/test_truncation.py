"""Truncation fuzz and bit flips on a 300-event log.

A log cut at any byte (a crash mid-write), with or without a NUL-filled tail (what some
file systems leave after a power loss), reads as exactly its complete lines (a last line
cut just before its newline is a complete event, and counts); the next append moves the
torn tail aside (or restores the newline) and the log verifies. One flipped byte in the middle is
named by ``verify`` with its line, and verifying changes nothing.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from tests.conftest import file_digest
from tests.reliability.conftest import Report, call, fill
from tracker.domain.errors import DamagedLogError
from tracker.log.file import EventLog

EVENTS, CUTS, FLIPS = 300, 200, 200


@pytest.fixture(scope="module")
def full_log(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return fill(tmp_path_factory.mktemp("full") / "events.jsonl", EVENTS).path.read_bytes()


def test_a_log_cut_anywhere_reads_as_its_complete_lines(
    full_log: bytes, tmp_path: Path, figures: Report
) -> None:
    reference = tmp_path / "reference.jsonl"
    reference.write_bytes(full_log)
    ids = [r.id for r in EventLog(reference).read()]
    rng = random.Random(5)
    path = tmp_path / "events.jsonl"
    log = EventLog(path)
    started = time.monotonic()
    moved = boundary = restored = 0
    for n in range(CUTS):
        cut = rng.randrange(0, len(full_log) + 1)
        if n % 10 == 0:  # now and then exactly on a line boundary
            cut = full_log[:cut].rfind(b"\n") + 1
        if n % 10 == 4:  # and just before a newline: a complete last event without it
            cut = full_log.find(b"\n", min(cut, len(full_log) - 1))
        nul = n % 2 == 1
        data = full_log[:cut] + (b"\0" * rng.randrange(1, 4096) if nul else b"")
        for old in tmp_path.glob("events.jsonl-torn-*"):
            old.unlink()
        path.write_bytes(data)
        complete = full_log[:cut].count(b"\n")
        whole = not nul and full_log[cut : cut + 1] == b"\n"  # the last event, unterminated
        torn = b"" if whole else data[full_log[:cut].rfind(b"\n") + 1 :]
        boundary += not torn and not whole
        assert [r.id for r in log.read()] == ids[: complete + whole]
        report = log.verify()
        assert (report.torn_tail_bytes, report.unterminated) == (len(torn), whole)
        notices: list[str] = []
        log.append([call(f"after cut {n}")], notice=notices.append)
        aside = list(tmp_path.glob("events.jsonl-torn-*"))
        if torn:
            assert len(notices) == 1 and len(aside) == 1 and aside[0].read_bytes() == torn
            moved += 1
        elif whole:
            assert len(notices) == 1 and "restored the newline" in notices[0] and aside == []
            restored += 1
        else:
            assert notices == [] and aside == []
        report = log.verify()
        assert report.events == complete + whole + 1 and report.torn_tail_bytes == 0
        kept = cut + 1 if whole else full_log[:cut].rfind(b"\n") + 1
        assert path.read_bytes().startswith(full_log[:kept])
    figures(
        f"truncation fuzz: {EVENTS}-event log cut at {CUTS} random points ({CUTS // 2} with a"
        f" NUL tail), readers saw exactly the complete lines every time; {moved} torn tails"
        f" moved aside, {restored} complete last events kept (newline restored), {boundary}"
        f" cuts on a line boundary; all verify after the next append,"
        f" {time.monotonic() - started:.1f} s"
    )


def test_one_flipped_byte_is_named_with_its_line_and_nothing_is_dropped(
    full_log: bytes, tmp_path: Path, figures: Report
) -> None:
    rng = random.Random(7)
    path = tmp_path / "events.jsonl"
    log = EventLog(path)
    first_line_end = full_log.index(b"\n") + 1
    last_line_start = full_log.rstrip(b"\n").rfind(b"\n") + 1
    problems: dict[str, int] = {}
    started = time.monotonic()
    for _ in range(FLIPS):
        pos = rng.randrange(first_line_end, last_line_start)
        damaged = bytearray(full_log)
        damaged[pos] ^= rng.randrange(1, 256)
        path.write_bytes(bytes(damaged))
        digest = file_digest(path)
        line = full_log[:pos].count(b"\n") + 1
        with pytest.raises(DamagedLogError) as caught:
            log.verify()
        assert caught.value.line == line, (pos, caught.value)
        with pytest.raises(DamagedLogError):
            list(log.read())
        assert file_digest(path) == digest
        kind = caught.value.problem.split(" (")[0].split(":")[0]
        problems[kind] = problems.get(kind, 0) + 1
    kinds = "; ".join(f"{n} {k}" for k, n in sorted(problems.items(), key=lambda kv: -kv[1]))
    figures(
        f"bit flips: {FLIPS}/{FLIPS} flipped bytes named with their line, file unchanged by"
        f" verify ({kinds}), {time.monotonic() - started:.1f} s"
    )
