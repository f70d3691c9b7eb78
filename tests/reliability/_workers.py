"""Functions run in child processes (module level, so any start method can import them)."""

from __future__ import annotations

import contextlib
import json
import os
import time
import uuid
from pathlib import Path
from typing import Any

from tests.reliability.conftest import call
from tracker.log.envelope import Pending
from tracker.log.file import EventLog
from tracker.readmodel.sync import sync


def append_one_by_one(path: str, worker: int, count: int, lock: bool = True) -> None:
    """Append ``count`` calls, one ``append`` each; without ``lock``, flock is skipped."""
    if not lock:
        EventLog.locked = lambda self: contextlib.nullcontext()  # type: ignore[method-assign,assignment,return-value]
    log = EventLog(path)
    for i in range(count):
        try:
            log.append([call(f"writer {worker} event {i}")])
        except Exception:
            if lock:
                raise


def sync_loop(path: str, db: str, stop: Any, out: str) -> None:
    """Bring the read model up to date again and again until ``stop`` is set."""
    modes: dict[str, int] = {}
    errors: list[str] = []
    rows = 0
    while not stop.is_set():
        try:
            conn, result = sync(EventLog(path), Path(db))
            try:
                rows = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
            finally:
                conn.close()
            modes[result.mode] = modes.get(result.mode, 0) + 1
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
    Path(out).write_text(json.dumps({"modes": modes, "errors": errors, "rows": rows}))


def fixed_id(group: int, index: int) -> str:
    """A caller-given event id that says who made it: group and index."""
    return str(uuid.UUID(f"00000000-0000-7000-8000-{group:06d}{index:06d}"))


def append_given_ids(path: str, ids: list[str]) -> None:
    """Append each id with content that depends only on the id (so retries are duplicates)."""
    log = EventLog(path)
    for event_id in ids:
        log.append([Pending(call(f"idempotent {event_id}"), event_id)])


def acknowledging_writer(path: str, intents: str, acks: str, run: int) -> None:
    """Append forever; record each id before the append and again once append returned."""
    log = EventLog(path)
    intent_fd = os.open(intents, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    ack_fd = os.open(acks, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    # A SIGKILL can cut a write where it crosses a page boundary, leaving a part-line at
    # the end of either file; a newline first keeps our first id off the end of it.
    os.write(intent_fd, b"\n")
    os.write(ack_fd, b"\n")
    index = 0
    while True:
        event_id = fixed_id(run, index)
        os.write(intent_fd, f"{event_id}\n".encode())
        os.fsync(intent_fd)
        log.append([Pending(call(f"run {run} event {index}"), event_id)])
        os.write(ack_fd, f"{event_id}\n".encode())
        os.fsync(ack_fd)
        index += 1
        if index > 10_000:  # never reached: the parent kills it long before
            time.sleep(1)
