"""Idempotent appends: two processes appending the same caller-given ids make each once;
the same id with other content is a conflict, and nothing is written."""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SOURCE, file_digest
from tests.reliability import _workers
from tests.reliability.conftest import Report, call
from tracker.domain.errors import ConflictError, ExitCode
from tracker.log.envelope import Pending
from tracker.log.file import EventLog

COUNT = 100


def test_two_processes_appending_the_same_ids_make_each_event_once(
    tmp_path: Path, figures: Report
) -> None:
    path = EventLog.create(tmp_path / "events.jsonl").path
    ids = [_workers.fixed_id(1, i) for i in range(COUNT)]
    ctx = multiprocessing.get_context("fork")
    children = [
        ctx.Process(target=_workers.append_given_ids, args=(str(path), order))
        for order in (ids, ids[::-1])
    ]
    started = time.monotonic()
    for child in children:
        child.start()
    for child in children:
        child.join(timeout=120)
    took = time.monotonic() - started
    assert [c.exitcode for c in children] == [0, 0]
    log = EventLog(path)
    records = list(log.read())
    assert log.verify().events == COUNT
    assert sorted(r.id for r in records) == sorted(ids)
    figures(
        f"idempotency: 2 procs x {COUNT} same ids (opposite orders) = {len(records)} events,"
        f" {2 * COUNT - len(records)} duplicates skipped, chain ok, {took:.1f} s"
    )


def test_same_id_other_content_is_a_conflict_and_writes_nothing(
    tmp_path: Path, figures: Report
) -> None:
    path = EventLog.create(tmp_path / "events.jsonl").path
    log = EventLog(path)
    ids = [_workers.fixed_id(2, i) for i in range(COUNT)]
    log.append([Pending(call(f"idempotent {i}"), i) for i in ids])
    before = file_digest(path)
    conflicts = 0
    for event_id in ids:
        with pytest.raises(ConflictError, match="with different content; nothing was written"):
            log.append([Pending(call("fresh"), _workers.fixed_id(3, 0)),
                        Pending(call("other content"), event_id)])  # fmt: skip
        conflicts += 1
    assert file_digest(path) == before
    figures(
        f"idempotency: {conflicts} conflicting re-appends (in 2-event batches), 0 bytes written"
    )


def test_cli_conflict_exits_5_and_writes_nothing(
    cli: Callable[..., Any], seed_log: Path, figures: Report
) -> None:
    event_id = _workers.fixed_id(4, 1)
    args = ["add-event", "--type", "phone_call", "--initiator", "Blinken", "--recipient",
            "Lavrov", "--date", "2021-08-20", "--source", SOURCE, "--id", event_id]  # fmt: skip
    first = cli(*args, "--summary", "first")
    assert first.exit_code == 0 and first.stdout.strip() == event_id
    digest = file_digest(seed_log)
    again = cli(*args, "--summary", "first")
    assert again.exit_code == 0 and "already in the log, nothing written" in again.stderr
    other = cli(*args, "--summary", "second")
    assert other.exit_code == ExitCode.CONFLICT
    assert other.stdout == "" and "Traceback" not in other.stderr
    assert other.stderr.startswith("Error: event id") and other.stderr.count("\n") == 1
    assert file_digest(seed_log) == digest
    figures(
        "idempotency via CLI: same --id same content exit 0 (nothing written),"
        f" other content exit {other.exit_code}, log unchanged"
    )
