"""Rebuild determinism: two full rebuilds, and incremental syncs against a rebuild, give
the same read model (every table, hashed) and the same contact graph."""

from __future__ import annotations

import hashlib
import random
import time
from pathlib import Path

from tests.reliability.conftest import Report
from tracker.log.file import EventLog
from tracker.queries import events as queries
from tracker.queries import graph
from tracker.readmodel.sync import sync
from tracker.services.tracker import Tracker

ACTORS = ["Antony Blinken", "Wang Yi", "Sergey Lavrov", "Jake Sullivan", "Zarif", "Guterres"]


def digest(db: Path, log: EventLog) -> tuple[str, str, int]:
    conn, _ = sync(log, db)
    try:
        rows = hashlib.sha256(repr(queries.dump(conn)).encode()).hexdigest()
        g = graph.contact_graph(conn)
        edges = sorted((min(a, b), max(a, b), sorted(d.items())) for a, b, d in g.edges(data=True))
        return rows, hashlib.sha256(repr(edges).encode()).hexdigest(), len(edges)
    finally:
        conn.close()


def test_rebuilds_and_incremental_syncs_agree(tmp_path: Path, figures: Report) -> None:
    started = time.monotonic()
    incremental = tmp_path / "incremental.sqlite"
    t = Tracker(tmp_path / "data" / "events.jsonl", db_path=incremental)
    EventLog.create(t.log.path)
    for name in ACTORS:
        t.register_actor(name)
    rng = random.Random(8)
    ids: list[str] = []
    syncs = 0
    for i in range(150):
        a, b = rng.sample(ACTORS, 2)
        roll = rng.random()
        if ids and roll < 0.15:
            t.amend(rng.choice(ids), {"summary": f"amended {i}"}, "readout")
        elif ids and roll < 0.22:
            target = ids.pop(rng.randrange(len(ids)))
            t.retract(target, "duplicate")
        else:
            raws = [
                {"type": rng.choice(["phone_call", "meeting", "video_call"]),
                 "when": f"2021-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                 "participants": [{"name": a, "role": "participant"},
                                  {"name": b, "role": "participant"}],
                 "summary": f"contact {i}.{k}", "sources": ["https://example.org/s"]}
                for k in range(rng.randint(1, 3))
            ]  # fmt: skip
            ids += t.add_events(raws).ids
        syncs += 1  # every write above synced the incremental model first
    t.sync()
    log = t.log
    first, second = tmp_path / "rebuild-1.sqlite", tmp_path / "rebuild-2.sqlite"
    for db in (first, second):
        sync(log, db, force=True)[0].close()
    results = {db.name: digest(db, log) for db in (incremental, first, second)}
    assert len(set(results.values())) == 1, results
    rows, edges, n_edges = results[first.name]
    events = log.verify().events
    figures(
        f"rebuild determinism: {events} lines ({syncs} incremental syncs), 2 rebuilds +"
        f" incremental: dump sha256 {rows[:12]}… x3, contact graph {n_edges} edges sha256"
        f" {edges[:12]}… x3, {time.monotonic() - started:.1f} s"
    )
