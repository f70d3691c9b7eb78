"""The GDELT import alone: ``python -m benchmarks.gdelt_import --rows 1000000``.

Generates the GDELT 2.0 file of ``benchmarks/run.py`` (300 actors, power-law contacts,
dates over 11 years, every CAMEO code of the generated logs), imports it into an empty log
with the plain command (a whole process), then runs the baseline (orjson lines of the
cells and one fsync), and prints the times (wall and CPU: these machines are shared, and
CPU time varies less), rows/s, the ratios, the peak memory and the
import's own summary (added, folded, left out). ``--profile PATH`` runs the import under
cProfile and writes its profile to ``PATH``.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

from benchmarks.run import gdelt_file

PY = sys.executable


def baseline(source: Path, target: Path) -> tuple[float, float]:
    """(wall, CPU seconds) of the baseline."""
    start, cpu = time.perf_counter(), time.process_time()
    with open(source, "rb") as f, open(target, "wb") as out:
        for line in f:
            cells = line.rstrip(b"\n").split(b"\t")
            out.write(orjson.dumps({"id": cells[0].decode(), "cells": [c.decode() for c in cells]}))
            out.write(b"\n")
        out.flush()
        os.fsync(out.fileno())
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--profile", type=Path, help="write a cProfile of the import here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tracker-gdelt-") as tmp:
        work = Path(tmp)
        source = work / f"gdelt-{args.rows}.CSV"
        gdelt_file(source, args.rows)
        log = work / "data" / "events.jsonl"
        log.parent.mkdir()
        log.touch()
        command = [PY, "-m", "tracker", "import", "gdelt", str(source), "--log", str(log)]
        if args.profile:
            command[1:1] = ["-m", "cProfile", "-o", str(args.profile)]
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        took = time.perf_counter() - start
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak, cpu = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return 1
        base, base_cpu = baseline(source, work / "baseline.jsonl")
    print(f"GDELT import of {args.rows:,} rows: {took:.2f} s ({args.rows / took:,.0f} rows/s),"
          f" {cpu:.2f} s CPU, peak {peak:.0f} MB; baseline {base:.2f} s, {base_cpu:.2f} s CPU;"
          f" ratio {took / base:.1f}x (CPU {cpu / base_cpu:.1f}x)")  # fmt: skip
    print(f"summary: {done.stdout.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
