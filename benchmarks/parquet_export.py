"""`tracker export parquet` of a big log: time, peak memory and rows/s, beside a baseline
(the same columns read with plain sqlite3 and written by pyarrow as they are stored, no
conversion), then the files read back by DuckDB and pandas.

    python -m benchmarks.parquet_export --size 1000000

The log is the suite's cached synthetic log (``benchmarks/.cache/``, made by
``benchmarks/generate.py`` on first use), copied to a temporary folder; its read model is
built first and not timed. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.run import cached_log

BASELINE = """
import sqlite3, sys, pyarrow as pa, pyarrow.parquet as pq
conn = sqlite3.connect(sys.argv[1])
cur = conn.execute(
    "SELECT id, seq, type, category, when_text, precision, day_first, day_last, time_utc,"
    " summary, topics, location, cameo, sources, participants, recorded_at, recorded_by,"
    " amendments FROM events WHERE retracted = 0 ORDER BY day_first, COALESCE(time_utc, ''), seq"
)
names = [d[0] for d in cur.description]
writer = None
while rows := cur.fetchmany(50_000):
    table = pa.Table.from_pydict({n: [r[i] for r in rows] for i, n in enumerate(names)})
    writer = writer or pq.ParquetWriter(sys.argv[2], table.schema)
    writer.write_table(table)
writer.close()
"""


# runs its arguments as a process and prints that process's peak RSS (kB), alone
WRAP = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True,"
    " stdout=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def _child(argv: list[str]) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of running ``argv`` as a process of its own."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", WRAP, *argv], check=True, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    return seconds, int(done.stdout.split()[-1]) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="events in the log")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tracker-parquet-") as tmp:
        log = Path(tmp) / "events.jsonl"
        shutil.copy(cached_log(args.size), log)
        python = sys.executable
        print(f"building the read model of {args.size} events ...", flush=True)
        subprocess.run([python, "-m", "tracker", "rebuild", "--log", str(log)], check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        model = next(Path(tmp).glob(".events.jsonl.readmodel.sqlite"))
        base_s, base_rss = _child([python, "-c", BASELINE, str(model), f"{tmp}/raw.parquet"])
        out = Path(tmp) / "out"
        tool_s, tool_rss = _child(
            [python, "-m", "tracker", "export", "parquet", "-o", str(out), "--log", str(log)]
        )
        import duckdb
        import pandas as pd

        started = time.perf_counter()
        by_type = duckdb.sql(
            f"SELECT type, count(*) FROM '{out}/events.parquet' GROUP BY type"
        ).fetchall()
        join = duckdb.sql(
            f"SELECT count(*) FROM '{out}/events.parquet' e"
            f" JOIN '{out}/participants.parquet' p ON p.event_id = e.id"
        ).fetchall()[0][0]
        duck_s = time.perf_counter() - started
        started = time.perf_counter()
        frame = pd.read_parquet(out / "events.parquet", columns=["id", "type", "day_first"])
        pandas_s = time.perf_counter() - started
        events = sum(n for _, n in by_type)
        sizes = {p.name: p.stat().st_size / 2**20 for p in out.iterdir()}
    print()
    print("| what | figure |")
    print("| --- | --- |")
    print(f"| events exported | {events:,} ({len(frame):,} read back by pandas) |")
    print(f"| participant rows (DuckDB join) | {join:,} |")
    print(
        f"| `tracker export parquet`, whole process | {tool_s:.1f} s, {events / tool_s:,.0f} events/s |"
    )
    print(f"| baseline: sqlite3 rows written by pyarrow as stored | {base_s:.1f} s |")
    print(f"| ratio tool / baseline | {tool_s / base_s:.2f}x |")
    print(f"| peak RSS: tool / baseline | {tool_rss:.0f} MB / {base_rss:.0f} MB |")
    print("| files | " + ", ".join(f"{k} {v:.0f} MB" for k, v in sorted(sizes.items())) + " |")
    print(f"| DuckDB: count by type + join | {duck_s:.2f} s |")
    print(f"| pandas: read 3 columns of the events | {pandas_s:.2f} s |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
