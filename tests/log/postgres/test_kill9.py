"""SIGKILL a client in the middle of its appends, 50 times: nothing acknowledged is lost.

Each writer records its batch's ids in an intent file before ``append`` and in an ack file
after it returned (after the commit); both are fsynced. After every kill the server must
hold every acknowledged id, only ids some writer meant to append, each once, and a log
that verifies; and the next writer must not wait on a lock the dead one held.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import orjson

from tests.log.postgres import _workers
from tests.log.postgres.conftest import Report, StoreDB
from tests.log.postgres.helpers import call, verified
from tracker.log.postgres.store import Store

KILLS = 50


def complete_lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [line for line in path.read_text().split("\n")[:-1] if line]


def test_sigkill_loses_no_acknowledged_event(
    store_db: StoreDB, tmp_path: Path, figures: Report
) -> None:
    intents, acks = tmp_path / "intents", tmp_path / "acks"
    ctx = multiprocessing.get_context("fork")
    rng = random.Random(16)
    url = store_db.url("alice")
    started = time.monotonic()
    for run in range(KILLS):
        child = ctx.Process(
            target=_workers.acknowledging_writer, args=(url, str(intents), str(acks), run)
        )
        child.start()
        time.sleep(rng.uniform(0.03, 0.15))  # past the connection: in the middle of appends
        os.kill(child.pid or 0, signal.SIGKILL)
        child.join(timeout=10)
        assert child.exitcode == -signal.SIGKILL
        in_log = {orjson.loads(line)["id"] for line in store_db.lines()}
        assert set(complete_lines(acks)) <= in_log
    took = time.monotonic() - started

    lines = store_db.lines()
    in_log_list = [orjson.loads(line)["id"] for line in lines]
    acked, meant = set(complete_lines(acks)), set(complete_lines(intents))
    lost = acked - set(in_log_list)
    unknown = set(in_log_list) - meant
    assert not lost, f"{len(lost)} acknowledged events lost"
    assert not unknown, f"{len(unknown)} events nobody appended"
    assert len(in_log_list) == len(set(in_log_list))
    assert verified(lines, tmp_path / "events.jsonl") == len(lines)
    # the dead clients' transactions are gone: the next append takes the lock at once
    with Store(store_db.url("bob")) as store:
        t0 = time.monotonic()
        head = store.append([call("after the kills")]).head
        append_ms = (time.monotonic() - t0) * 1000
    assert head.seq == len(lines) + 1
    with store_db.connect() as su:
        open_transactions = su.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND state LIKE 'idle in transaction%'"
        ).fetchone()
    assert open_transactions == (0,)
    figures(
        f"kill -9: {KILLS} kills in {took:.1f} s (every other client on libpq), {len(lines)} events on the server,"
        f" {len(acked)} acknowledged, 0 lost, {len(set(in_log_list) - acked)} committed but"
        f" not yet acknowledged, {len(meant - set(in_log_list))} meant but not committed,"
        f" 0 unknown; chain ok; next append {append_ms:.0f} ms"
    )
