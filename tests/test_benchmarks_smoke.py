"""The benchmark suite still runs: every benchmark at 10,000 events, once, without the
browser. Only that it works and prints every row is checked here; its figures are
information (timed targets are never asserted in the test suite)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

ROWS = (
    "full rebuild of the read model",
    "peak RSS of the rebuild",
    "rebuild with the FTS5 index",
    "read-model size with the FTS5 index",
    "incremental sync after 1 new event",
    "`tracker add-event`",
    "`tracker --help`",
    "`tracker timeline --actor Blinken`",
    "import of a 2,000-row GDELT file",
    "timeline of a median actor",
    "busiest actor",
    "busiest actor (",  # `--last 20` vs `--limit 20`
    "JSON export of the busiest actor's timeline",
    "`rank --by degree`",
    "`search '\"intra-Afghan dialogue\"'`",
    "`search dialogue`, first page of 20",
)


def test_the_benchmark_suite_runs_at_10k_events() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--size", "10000", "--repeat", "1",
         "--gdelt", "2000", "--skip-chart", "--skip-server"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    table = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    assert table[0].startswith("| what | tool | baseline | ratio | target | verdict |")
    rows = table[2:]
    assert len(rows) == len(ROWS)
    for row, name in zip(rows, ROWS, strict=True):
        assert row.startswith(f"| {name}"), row
        assert row.rstrip().endswith(("| met |", "| NOT met |")), row
    assert "Traceback" not in done.stderr


def test_the_gdelt_import_benchmark_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.gdelt_import", "--rows", "2000"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    first, summary = done.stdout.splitlines()
    assert first.startswith("GDELT import of 2,000 rows: ") and " rows/s)" in first
    assert "ratio " in first and "CPU" in first
    assert summary.startswith("summary: read 2000, added ") and " folded " in summary
