"""The full-text search's figures (issue 15), for ``benchmarks.run``:

- what the FTS5 index costs a rebuild: the same in-process rebuild (``sync(force=True)``,
  the two-process path at this size) with the index and with its build left out, and
  the read model's size with and without the index's tables;
- ``Tracker.search`` in-process, warm: a selective phrase (20 events planted with words
  no generated summary has, as a real phrase of rare words would be), and the first page
  of a common word (one in about 40% of the generated summaries).

    python -m benchmarks.run --size 1000000 --only search
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path

Record = Callable[[str, str, str, str, str, "bool | None"], None]
PLANTED = 20
PHRASE = '"intra-Afghan dialogue"'
COMMON = "dialogue"


def _index_bytes(db: Path) -> tuple[int, int]:
    """(bytes of the FTS5 tables, bytes of everything else) in the read model ``db``."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
    finally:
        conn.close()
    fts = sum(size for name, size in rows if name == "search" or name.startswith("search_"))
    return fts, sum(size for _, size in rows) - fts


def bench_rebuild_cost(log: Path, work: Path, record: Record, repeat: int = 3) -> None:
    """Rebuilds with and without the index, alternated (this machine's load drifts), the
    median of ``repeat`` each."""
    from tracker.log.file import EventLog
    from tracker.readmodel import fulltext, sync

    elog = EventLog(log)
    index = fulltext.SearchIndex
    kept = index._index_new, index.finish
    timings: dict[str, list[float]] = {"with": [], "without": []}
    for _ in range(repeat):
        for label in ("without", "with"):
            db = work / f"fts-{label}.sqlite"
            if label == "without":  # the index's tables stay empty
                index._index_new = lambda self, at_least: None  # type: ignore[method-assign]
                index.finish = lambda self: None  # type: ignore[method-assign]
            try:
                started = time.perf_counter()
                conn, _ = sync.sync(elog, db, force=True)
                timings[label].append(time.perf_counter() - started)
                conn.close()
            finally:
                index._index_new, index.finish = kept  # type: ignore[method-assign]
    with_t, without_t = (statistics.median(timings[k]) for k in ("with", "without"))
    extra = with_t / without_t - 1
    pairs = zip(timings["with"], timings["without"], strict=True)
    runs = ", ".join(f"{a:.0f}/{b:.0f}" for a, b in pairs)
    record(f"rebuild with the FTS5 index (in-process; with/without s: {runs})", f"{with_t:.1f} s",
           f"{without_t:.1f} s (index build left out)", f"{extra:+.0%}", "<= +25%",
           extra <= 0.25)  # fmt: skip
    fts, rest = _index_bytes(work / "fts-with.sqlite")
    record("read-model size with the FTS5 index", f"{(fts + rest) / 1e6:.0f} MB",
           f"{rest / 1e6:.0f} MB (without its tables)", f"{fts / rest:+.0%}", "<= +40%",
           fts / rest <= 0.40)  # fmt: skip
    for label in ("with", "without"):
        (work / f"fts-{label}.sqlite").unlink(missing_ok=True)


def _plant(log: Path) -> None:
    from tracker.domain.events import Participant, build_occurrence
    from tracker.log.file import EventLog

    events = [
        build_occurrence(
            event_type="phone_call",
            when=f"2021-08-{1 + i:02d}",
            participants=[
                Participant("actor-0001", "initiator"),
                Participant(f"actor-{10 + i:04d}", "recipient"),
            ],
            summary=f"Pressed for an intra-Afghan dialogue, call {i}",
            sources=["https://example.org/bench"],
        )
        for i in range(PLANTED)
    ]
    EventLog(log).append(events, recorded_by="bench")


def _p50(fn: Callable[[], object], runs: int = 21) -> tuple[float, float]:
    """(first call, median of the next ``runs``) in seconds."""
    started = time.perf_counter()
    fn()
    first = time.perf_counter() - started
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return first, statistics.median(times)


def bench_search(log: Path, record: Record) -> None:
    from tracker.services.tracker import Tracker

    _plant(log)
    tracker = Tracker(log)
    tracker.sync()
    found = tracker.search(PHRASE)
    assert len(found.hits) == PLANTED, len(found.hits)
    first, p50 = _p50(lambda: tracker.search(PHRASE))
    record(f"`search '{PHRASE}'` ({PLANTED} matches; in-process, p50; first {first * 1000:.0f} ms)",
           f"{p50 * 1000:.1f} ms", "-", "-", "<= 50 ms", p50 <= 0.05)  # fmt: skip
    conn = tracker.model()
    matches = conn.execute(
        "SELECT count(*) FROM search WHERE search MATCH ?", (COMMON,)
    ).fetchone()[0]
    conn.close()
    first, p50 = _p50(lambda: tracker.search(COMMON))
    record(f"`search {COMMON}`, first page of 20 ({matches:,} matches; in-process, p50;"
           f" first {first * 1000:.0f} ms)", f"{p50 * 1000:.1f} ms", "-", "-", "<= 100 ms",
           p50 <= 0.1)  # fmt: skip
    tracker.close()
