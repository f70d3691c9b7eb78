"""8 processes x 250 appends through the server: 2,000 events, gap-free, chain intact.

A reader catches up all along and must see each read continue the last (a prefix of the
log every time: no seq seen before an earlier one is committed). The negative control runs
the same writers with the lock switched off on the server (``set_append_lock``, owner
only, tests only): the appends race for the same seq and the server refuses the losers.
"""

from __future__ import annotations

import collections
import json
import multiprocessing
import time
from pathlib import Path

import orjson

from tests.log.postgres import _workers
from tests.log.postgres.conftest import Report, StoreDB
from tests.log.postgres.helpers import verified
from tracker.log.postgres.schema import set_append_lock

PROCS, EACH = 8, 250


def run_writers(store_db: StoreDB, tmp_path: Path, *, reader: bool) -> tuple[list[str], dict]:
    ctx = multiprocessing.get_context("fork")
    outs = [tmp_path / f"writer-{w}.json" for w in range(PROCS)]
    users = ["alice", "bob"]
    children = [
        ctx.Process(
            target=_workers.append_one_by_one,
            args=(store_db.url(users[w % 2]), w, EACH, str(outs[w])),
        )
        for w in range(PROCS)
    ]
    stop = ctx.Event()
    read_out = tmp_path / "reader.json"
    follower = ctx.Process(
        target=_workers.read_along, args=(store_db.url("rita"), stop, str(read_out))
    )
    if reader:
        follower.start()
    for child in children:
        child.start()
    for child in children:
        child.join(timeout=120)
    stop.set()
    if reader:
        follower.join(timeout=60)
    for child in [*children, follower]:
        if child.is_alive():
            child.kill()
    assert [c.exitcode for c in children] == [0] * PROCS
    errors = [e for out in outs for e in json.loads(out.read_text())]
    return errors, json.loads(read_out.read_text()) if reader else {}


def test_eight_writers_make_a_perfect_log(
    store_db: StoreDB, tmp_path: Path, figures: Report
) -> None:
    started = time.monotonic()
    errors, read = run_writers(store_db, tmp_path, reader=True)
    took = time.monotonic() - started
    assert errors == []
    lines = store_db.lines()
    envelopes = [orjson.loads(line) for line in lines]
    ids = [e["id"] for e in envelopes]
    assert [e["seq"] for e in envelopes] == list(range(1, PROCS * EACH + 1))
    assert len(set(ids)) == len(ids) == PROCS * EACH
    by = collections.Counter(e["recorded_by"] for e in envelopes)
    assert by == {"alice": 1000, "bob": 1000}
    assert verified(lines, tmp_path / "events.jsonl") == PROCS * EACH  # the chain
    assert read["errors"] == [] and read["seq"] == PROCS * EACH
    figures(
        f"{PROCS} x {EACH} = {len(lines)} events (4 writers on psycopg, 4 on libpq), seq 1..{len(lines)} gap-free,"
        f" {len(set(ids))} unique ids, chain ok (verify), {took:.1f} s"
        f" ({len(lines) / took:.0f} appends/s); a reader caught up {read['reads']} times:"
        " 0 gaps, 0 errors"
    )


def test_without_the_lock_the_same_run_breaks(
    store_db: StoreDB, tmp_path: Path, figures: Report
) -> None:
    set_append_lock(store_db.owner_url, False)
    errors, _ = run_writers(store_db, tmp_path, reader=False)
    lines = store_db.lines()
    assert errors  # the negative control: this is what the lock prevents
    assert len(lines) + len(errors) == PROCS * EACH
    assert len(lines) < PROCS * EACH
    kinds = collections.Counter(e.split(": the store")[0].split(":")[0] for e in errors)
    sample = errors[0].split("refused it: ")[-1]
    set_append_lock(store_db.owner_url, True)
    figures(
        f"without the lock: {len(errors)} of {PROCS * EACH} appends refused"
        f" ({', '.join(f'{k} x{n}' for k, n in kinds.items())}: {sample}); {len(lines)} written"
    )
