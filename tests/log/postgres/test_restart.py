"""The server restarted in the middle of a run (``pg_ctl restart -m fast``).

Four writers append 150 events each with given ids. The restart cuts every connection:
each client fails with one line (``StoreIOError``, exit 7) that says whether the append
may have been committed, reconnects and appends the same id again. In the end every event
is there exactly once; a retry of an append that had been committed was a duplicate.
"""

from __future__ import annotations

import json
import multiprocessing
import time
from pathlib import Path

import orjson
import pytest

from tests.log.postgres import _workers
from tests.log.postgres.conftest import Report, Server, StoreDB
from tests.log.postgres.helpers import fixed_id, verified
from tracker.log.postgres.store import Store

PROCS, EACH = 4, 150


def test_a_restart_loses_and_doubles_nothing(
    pg_server: Server, store_db: StoreDB, tmp_path: Path, figures: Report
) -> None:
    if not pg_server.ours:
        pytest.skip("restarts only the throwaway server, not one given by TRACKER_TEST_PG_URL")
    ctx = multiprocessing.get_context("fork")
    outs = [tmp_path / f"writer-{w}.json" for w in range(PROCS)]
    children = [
        ctx.Process(
            target=_workers.retrying_writer, args=(store_db.url("alice"), w, EACH, str(outs[w]))
        )
        for w in range(PROCS)
    ]
    for child in children:
        child.start()
    with Store(store_db.url("rita")) as reader:  # restart once the run is well under way
        reader.wait_for(PROCS * EACH // 3, timeout=60, poll=0.1)
        at = reader.head().seq
    started = time.monotonic()
    pg_server.restart()
    restart_s = time.monotonic() - started
    for child in children:
        child.join(timeout=120)
    assert [c.exitcode for c in children] == [0] * PROCS
    results = [json.loads(out.read_text()) for out in outs]
    failures = [f for r in results for f in r["failures"]]
    retried_duplicates = sum(r["duplicates"] for r in results)

    lines = store_db.lines()
    ids = [orjson.loads(line)["id"] for line in lines]
    expected = {fixed_id(100 + w, i) for w in range(PROCS) for i in range(EACH)}
    assert set(ids) == expected and len(ids) == len(expected)  # nothing lost or doubled
    assert verified(lines, tmp_path / "events.jsonl") == PROCS * EACH
    assert failures, "the restart cut no append: the test did not test anything"
    assert all("\n" not in f and f.startswith("cannot") for f in failures)
    assert all(pg_server.password not in f for f in failures)
    maybe = sum("may have been committed" in f for f in failures)
    kinds = sorted({f.split(": ", 1)[0] for f in failures})
    figures(
        f"pg_ctl restart -m fast at seq {at} ({restart_s:.1f} s): {len(failures)} one-line"
        f" failures in {PROCS} clients, 2 of them on libpq ({maybe} during a commit), each retried by id;"
        f" {len(ids)} events, 0 lost, 0 doubled, {retried_duplicates} retries found their"
        f" event already committed; chain ok. Messages: {'; '.join(kinds)}."
        f" First: {failures[0]}"
    )
