"""Functions run in child processes (module level, so any start method can import them).

Each opens its own connection: nothing of the parent's is shared. The writers use both
clients, half of them psycopg's ``Store`` and half ``LibpqStore`` (libpq through ctypes,
what a command's append uses), in the same run: ``client``."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from tests.log.postgres.helpers import call, fixed_id
from tracker.log.envelope import Pending
from tracker.log.postgres.common import StoreIOError
from tracker.log.postgres.libpq import LibpqStore
from tracker.log.postgres.store import Store


def client(url: str, libpq: bool) -> Store | LibpqStore:
    """psycopg's client, or the libpq one."""
    return LibpqStore(url) if libpq else Store(url)


def append_one_by_one(url: str, worker: int, count: int, out: str) -> None:
    """Append ``count`` calls, one transaction each; record every refusal's message."""
    errors: list[str] = []
    with client(url, libpq=(worker // 2) % 2 == 1) as store:  # 0, 1: psycopg; 2, 3: libpq
        for i in range(count):
            try:
                store.append([call(f"writer {worker} event {i}")])
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
    Path(out).write_text(json.dumps(errors))


def read_along(url: str, stop: Any, out: str) -> None:
    """Catch up again and again while others append: every read must continue the last one
    (seq gap-free, each line linking to the one before), until ``stop`` is set."""
    import orjson

    seq, chain, reads, errors = 0, "0" * 64, 0, []
    with Store(url) as store:
        while True:
            last_round = stop.is_set()
            try:
                for number, line in store.lines(after=seq):
                    envelope = orjson.loads(line)
                    if number != seq + 1 or envelope["seq"] != number or envelope["prev"] != chain:
                        errors.append(f"line {number} after {seq}: not the next line")
                    seq, chain = number, envelope["chain"]
                reads += 1
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
            if last_round:
                break
            time.sleep(0.002)  # leave the two cores to the writers and the server
    Path(out).write_text(json.dumps({"seq": seq, "reads": reads, "errors": errors}))


def acknowledging_writer(url: str, intents: str, acks: str, run: int) -> None:
    """Append forever; record each id before the append and again once it returned."""
    intent_fd = os.open(intents, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    ack_fd = os.open(acks, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    with client(url, libpq=run % 2 == 1) as store:
        index = 0
        while True:
            ids = [fixed_id(run, index + k) for k in range(3)]  # batches of 1 to 3
            ids = ids[: 1 + index % 3]
            os.write(intent_fd, "".join(f"{i}\n" for i in ids).encode())
            os.fsync(intent_fd)
            store.append([Pending(call(f"run {run} event {i}"), i) for i in ids])
            os.write(ack_fd, "".join(f"{i}\n" for i in ids).encode())
            os.fsync(ack_fd)
            index += len(ids)
            if index > 100_000:  # never reached: the parent kills it long before
                time.sleep(1)


def retrying_writer(url: str, worker: int, count: int, out: str) -> None:
    """Append ``count`` events with given ids; when the connection is lost, note the
    one-line error and append the same id again until it is acknowledged."""
    failures: list[str] = []
    duplicates = 0
    with client(url, libpq=worker % 2 == 1) as store:
        for i in range(count):
            event_id = fixed_id(100 + worker, i)
            while True:
                try:
                    result = store.append([Pending(call(f"worker {worker} event {i}"), event_id)])
                except StoreIOError as exc:
                    failures.append(str(exc))
                    time.sleep(0.05)
                    continue
                duplicates += len(result.duplicates)
                break
    Path(out).write_text(json.dumps({"failures": failures, "duplicates": duplicates}))


def catch_up_loop(url: str, stop: Any, out: str) -> None:
    """A reader's tracker on the store: catch its read model up and ask it a question,
    again and again, until ``stop`` is set; record each sync's mode and every error."""
    from tracker.services.tracker import Tracker

    modes: dict[str, int] = {}
    errors: list[str] = []
    with Tracker(store=url) as tracker:
        while True:
            last_round = stop.is_set()
            try:
                result = tracker.sync()
                modes[result.mode] = modes.get(result.mode, 0) + 1
                tracker.timeline(["antony-blinken"])
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
            if last_round:
                break
    Path(out).write_text(json.dumps({"modes": modes, "errors": errors}))
