"""A reader syncing the read model in a loop while 4 writers append: no errors, no loss."""

from __future__ import annotations

import json
import multiprocessing
import time
from pathlib import Path

from tests.reliability import _workers
from tests.reliability.conftest import Report
from tracker.log.file import EventLog
from tracker.readmodel.sync import sync

WRITERS, EACH = 4, 150


def test_a_reader_syncing_during_writes_sees_no_errors(tmp_path: Path, figures: Report) -> None:
    path = EventLog.create(tmp_path / "events.jsonl").path
    db, out = tmp_path / "model.sqlite", tmp_path / "reader.json"
    ctx = multiprocessing.get_context("fork")
    stop = ctx.Event()
    reader = ctx.Process(target=_workers.sync_loop, args=(str(path), str(db), stop, str(out)))
    writers = [
        ctx.Process(target=_workers.append_one_by_one, args=(str(path), w, EACH))
        for w in range(WRITERS)
    ]
    started = time.monotonic()
    reader.start()
    for w in writers:
        w.start()
    for w in writers:
        w.join(timeout=120)
    stop.set()
    reader.join(timeout=60)
    took = time.monotonic() - started
    assert [w.exitcode for w in writers] == [0] * WRITERS
    assert reader.exitcode == 0
    seen = json.loads(out.read_text())
    assert seen["errors"] == [], seen["errors"][:5]

    log = EventLog(path)
    occurrences = sum(1 for r in log.read() if r.type == "InteractionRecorded")
    conn, result = sync(log, db)
    try:
        rows = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        ids = {row[0] for row in conn.execute("SELECT id FROM events")}
    finally:
        conn.close()
    assert occurrences == WRITERS * EACH == rows
    assert ids == {r.id for r in log.read()}
    assert log.verify().events == WRITERS * EACH
    syncs = sum(seen["modes"].values())
    modes = ", ".join(f"{n} {mode}" for mode, n in sorted(seen["modes"].items()))
    figures(
        f"readers during writes: {WRITERS} writers x {EACH} = {occurrences} events,"
        f" {syncs} syncs during the writes ({modes}), 0 errors, final sync {result.mode},"
        f" {rows} rows == {occurrences} occurrences, {took:.1f} s"
    )
