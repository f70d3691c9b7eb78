"""The benchmark suite: each figure next to its baseline, measured in the same run.

    python -m benchmarks.run --size 1000000 [--repeat 3] [--write]

Logs are generated once per size by ``benchmarks.generate`` (through tracker's own append
path) and kept in ``benchmarks/.cache/`` (git-ignored). Every benchmark prints the tool's
figure, the baseline's, their ratio and the target; times are medians of ``--repeat``
runs, memory is the peak RSS of the process. The targets are ratios because these machines
are noisy: absolute times are for information. ``--write`` puts the table into
``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / ".cache"
PY = sys.executable


@dataclass
class Row:
    what: str
    tool: str
    baseline: str
    ratio: str
    target: str
    verdict: str


ROWS: list[Row] = []


def record(what: str, tool: str, baseline: str, ratio: str, target: str, ok: bool | None) -> None:
    verdict = "n/a" if ok is None else ("met" if ok else "NOT met")
    row = Row(what, tool, baseline, ratio, target, verdict)
    ROWS.append(row)
    print(
        f"- {what}: tool {tool} | baseline {baseline} | ratio {ratio} | target {target} | {verdict}"
    )
    sys.stdout.flush()


def process(
    cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> tuple[float, float]:
    """Run a whole process (``env``: variables to add); its wall time (s) and peak RSS (MB)."""
    env = {**os.environ, **(env or {})}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # or the project's modules recompile each start
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if status != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({status}): {err.strip()[-500:]}")
    return elapsed, usage.ru_maxrss / 1024


def median_process(cmd: list[str], repeat: int, cwd: Path | None = None) -> tuple[float, float]:
    runs = [process(cmd, cwd) for _ in range(repeat)]
    return statistics.median(t for t, _ in runs), max(m for _, m in runs)


def median_call(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def cached_log(size: int) -> Path:
    from benchmarks.generate import generate

    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"log-{size}.jsonl"
    if not path.exists():
        print(f"generating {size} events (once; cached in {path}) ...", flush=True)
        tmp = path.with_name(path.name + ".tmp")
        for old in (tmp, *tmp.parent.glob(f".{tmp.name}*")):
            old.unlink(missing_ok=True)
        seconds = generate(tmp, size, 300, seed=1)
        tmp.rename(path)
        print(f"generated in {seconds:.0f} s ({size / seconds:.0f} events/s)", flush=True)
    return path


def machine() -> str:
    cpu = "unknown cpu"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), "
        f"{mem:.0f} GiB, Python {platform.python_version()}"
    )


# --------------------------------------------------------------------------- benchmarks


def bench_rebuild(log: Path, work: Path, repeat: int) -> None:
    from tracker.readmodel.schema import ddl

    ddl_file = work / "ddl.json"
    ddl_file.write_bytes(orjson.dumps({"tables": ddl(indexes=False), "indexes": ddl(tables=False)}))
    tool_t, tool_m = median_process([PY, "-m", "tracker", "rebuild", "--log", str(log)], repeat)
    base_runs = []
    for i in range(repeat):
        db = work / f"baseline-{i}.sqlite"
        base_runs.append(
            process(
                [
                    PY,
                    str(ROOT / "benchmarks" / "baseline_rebuild.py"),
                    str(log),
                    str(db),
                    str(ddl_file),
                ]
            )
        )
        db.unlink(missing_ok=True)
    base_t = statistics.median(t for t, _ in base_runs)
    base_m = max(m for _, m in base_runs)
    ratio = tool_t / base_t
    record("full rebuild of the read model (whole process)", s(tool_t), s(base_t),
           f"{ratio:.2f}x", "<= 1.3x", ratio <= 1.3)  # fmt: skip
    record("peak RSS of the rebuild", f"{tool_m:.0f} MB", f"{base_m:.0f} MB",
           f"{tool_m / base_m:.2f}x", "<= 400 MB", tool_m <= 400)  # fmt: skip


def bench_incremental(log: Path, repeat: int) -> None:
    from tracker.domain.events import Participant, build_occurrence
    from tracker.log.file import EventLog
    from tracker.readmodel.sync import sync

    elog = EventLog(log)
    sync(elog)[0].close()
    times = []
    for i in range(max(repeat, 5)):
        event = build_occurrence(
            event_type="phone_call",
            when="2024-01-01",
            participants=[
                Participant("actor-0001", "initiator"),
                Participant("actor-0002", "recipient"),
            ],
            summary=f"benchmark incremental {i}",
            sources=["https://example.org/bench"],
        )
        elog.append([event], recorded_by="bench")
        started = time.perf_counter()
        conn, result = sync(elog)
        times.append(time.perf_counter() - started)
        conn.close()
        assert (result.mode, result.applied) == ("incremental", 1), result
    t = statistics.median(times)
    record("incremental sync after 1 new event (in-process)", ms(t), "-", "-", "<= 50 ms",
           t <= 0.05)  # fmt: skip


def bench_processes(log: Path, shipped: Path, repeat: int) -> None:
    runs = max(repeat, 5)
    typer_t, _ = median_process([PY, "-c", "import typer"], runs)
    add = [PY, "-m", "tracker", "add-event", "--type", "phone_call", "--actor", "Actor 0001",
           "--actor", "Actor 0002", "--date", "2024-01-01", "--summary", "benchmark add-event",
           "--source", "https://example.org/bench", "--log", str(log)]  # fmt: skip
    process(add)  # warm: the read model catches up once
    add_t, _ = median_process(add, runs)
    record("`tracker add-event` (whole process)", ms(add_t), f"{ms(typer_t)} (import typer)",
           f"{add_t / typer_t:.2f}x", "<= 3x", add_t / typer_t <= 3)  # fmt: skip
    help_t, _ = median_process([PY, "-m", "tracker", "--help"], runs)
    record("`tracker --help` (whole process)", ms(help_t), f"{ms(typer_t)} (import typer)",
           f"{help_t / typer_t:.2f}x", "<= 2x", help_t / typer_t <= 2)  # fmt: skip
    libs_t, _ = median_process([PY, "-c", "import sqlmodel, typer"], runs)
    timeline = [PY, "-m", "tracker", "timeline", "--actor", "Blinken", "--log", str(shipped)]
    process(timeline)  # warm read model
    tl_t, _ = median_process(timeline, runs)
    record("`tracker timeline --actor Blinken`, shipped log, warm (whole process)", ms(tl_t),
           f"{ms(libs_t)} (import sqlmodel, typer)", f"{tl_t / libs_t:.2f}x", "<= 1.3x",
           tl_t / libs_t <= 1.3)  # fmt: skip


def _actor_near(conn, count: int) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    rows = conn.execute(
        "SELECT actor_id, COUNT(*) FROM participations GROUP BY actor_id"
    ).fetchall()
    return min(rows, key=lambda r: (abs(r[1] - count), r[0]))


def bench_queries(log: Path, size: int, repeat: int) -> None:
    import networkx as nx

    from tracker.queries import events as queries
    from tracker.services.tracker import Tracker

    tracker = Tracker(log)
    conn = tracker.model()
    target = max(50, 5000 * size // 1_000_000)
    median_id, median_n = _actor_near(conn, target)
    busiest_id, busiest_n = conn.execute(
        "SELECT actor_id, COUNT(*) AS n FROM participations GROUP BY actor_id ORDER BY n DESC"
    ).fetchone()

    def scan() -> int:
        found = 0
        with open(log, "rb") as f:
            for line in f:
                data = orjson.loads(line)["data"]
                if any(p["actor"] == median_id for p in data.get("participants", ())):
                    found += 1
        return found

    started = time.perf_counter()
    tracker.timeline([median_id])  # the first call reads its pages from the file
    first = time.perf_counter() - started
    tool_t = median_call(lambda: tracker.timeline([median_id]), max(repeat, 5))
    base_t = median_call(scan, repeat)
    record(f"timeline of a median actor ({median_n} events, in-process; the first call"
           f" {ms(first)}, {base_t / first:.0f}x)", ms(tool_t),
           f"{s(base_t)} (orjson scan of the log)", f"{base_t / tool_t:.0f}x faster",
           ">= 50x faster", base_t / tool_t >= 50)  # fmt: skip

    pages = []
    for _ in range(21):
        started = time.perf_counter()
        queries.timeline(conn, [busiest_id], limit=50, newest_first=True)
        pages.append(time.perf_counter() - started)
    p50 = statistics.median(pages)
    record(f"busiest actor ({busiest_n} events): latest 50, p50 (in-process)", ms(p50), "-", "-",
           "<= 50 ms", p50 <= 0.05)  # fmt: skip

    # `timeline --last 20`: read newest first off the (actor, day, time, line) index and put
    # back in time order; the same cost as the earliest 20 (`--limit 20`), no sort of all
    sql, params = queries._timeline_of_one_sql(busiest_id, None, None, (), 20, True)
    plan = " / ".join(r[-1] for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))
    last_t = median_call(lambda: tracker.timeline([busiest_id], limit=20, latest=True), 21)
    first_t = median_call(lambda: tracker.timeline([busiest_id], limit=20), 21)
    indexed = "ix_participations_actor_time" in plan and "TEMP B-TREE" not in plan
    record(f"busiest actor ({busiest_n} events): `--last 20` vs `--limit 20`, p50 (in-process;"
           f" plan: {plan})", ms(last_t), f"{ms(first_t)} (`--limit 20`)",
           f"{last_t / first_t:.2f}x", "<= 1.5x, on the index", indexed and last_t / first_t <= 1.5)  # fmt: skip

    def export() -> bytes:
        return tracker.timeline_json([busiest_id])

    cols = queries._ENTRY_COLUMNS
    names = [c.split(".")[1] for c in cols.split(", ")]

    def baseline_export() -> bytes:
        rows = conn.execute(
            f"SELECT {cols} FROM participations p JOIN events e ON e.seq = p.seq"
            " WHERE p.actor_id = ? AND e.retracted = 0"
            " ORDER BY p.day_first, p.time_utc, p.seq",
            (busiest_id,),
        ).fetchall()
        return orjson.dumps([dict(zip(names, row, strict=True)) for row in rows])

    tool_t = median_call(export, repeat)
    base_t = median_call(baseline_export, repeat)
    record(f"JSON export of the busiest actor's timeline ({busiest_n} events)", s(tool_t),
           f"{s(base_t)} (sqlite3 + orjson)", f"{tool_t / base_t:.2f}x", "<= 1.5x",
           tool_t / base_t <= 1.5)  # fmt: skip

    def baseline_rank() -> object:
        pairs = conn.execute(
            "SELECT a.actor_id, b.actor_id, COUNT(*) FROM events e"
            " JOIN participations a ON a.seq = e.seq"
            " JOIN participations b ON b.seq = e.seq AND a.actor_id < b.actor_id"
            " WHERE e.retracted = 0 AND e.category = 'interaction' GROUP BY 1, 2"
        ).fetchall()
        g = nx.Graph()
        g.add_weighted_edges_from(pairs)
        return sorted(nx.degree_centrality(g).items(), key=lambda kv: -kv[1])[:20]

    tool_t = median_call(lambda: tracker.rank("degree", top=20), repeat)
    base_t = median_call(baseline_rank, repeat)
    record("`rank --by degree` (in-process)", s(tool_t),
           f"{s(base_t)} (SQL pair counts + networkx)", f"{tool_t / base_t:.2f}x", "<= 1.5x",
           tool_t / base_t <= 1.5)  # fmt: skip
    conn.close()


def gdelt_file(path: Path, rows: int, seed: int = 1) -> None:
    """A GDELT 2.0 events export of ``rows`` rows (61 tab-separated columns, no header),
    among 300 actors of 30 countries, power-law distributed like the generated logs."""
    import random

    from benchmarks.generate import CAMEO, COUNTRIES
    from tracker.exchange.importing.gdelt import GDELT_COLUMNS

    rng = random.Random(seed)
    actors = [(f"{COUNTRIES[i % 30]}GOV", f"OFFICIAL {i:04d}") for i in range(300)]
    weights = [1 / (rank + 1) ** 1.1 for rank in range(300)]
    index = {c: i for i, c in enumerate(GDELT_COLUMNS)}
    with open(path, "w", encoding="utf-8") as out:
        for n in range(rows):
            a, b = rng.choices(actors, weights, k=2)
            while b == a:
                b = rng.choices(actors, weights)[0]
            day = f"{rng.randrange(2015, 2026)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
            code = rng.choice(CAMEO)
            cells = [""] * len(GDELT_COLUMNS)
            for name, value in (
                ("GLOBALEVENTID", str(900_000_000 + n)), ("SQLDATE", day),
                ("MonthYear", day[:6]), ("Year", day[:4]), ("FractionDate", f"{day[:4]}.5"),
                ("Actor1Code", a[0]), ("Actor1Name", a[1]), ("Actor1CountryCode", a[0][:3]),
                ("Actor2Code", b[0]), ("Actor2Name", b[1]), ("Actor2CountryCode", b[0][:3]),
                ("IsRootEvent", "1"), ("EventCode", code), ("EventBaseCode", code[:3]),
                ("EventRootCode", code[:2]), ("QuadClass", "1"), ("GoldsteinScale", "1.0"),
                ("NumMentions", "5"), ("NumSources", "1"), ("NumArticles", "5"),
                ("AvgTone", "-1.5"), ("DATEADDED", day + "120000"),
                ("SOURCEURL", f"https://news.example.org/{day}/{n}"),
            ):  # fmt: skip
                cells[index[name]] = value
            out.write("\t".join(cells) + "\n")


def bench_gdelt(rows: int, work: Path) -> None:
    source = work / f"gdelt-{rows}.CSV"
    gdelt_file(source, rows)
    log = work / "gdelt" / "events.jsonl"
    log.parent.mkdir()
    log.touch()
    tool_t, tool_m = process(
        [PY, "-m", "tracker", "import", "gdelt", str(source), "--log", str(log)]
    )

    def baseline() -> None:
        target = work / "gdelt-baseline.jsonl"
        with open(source, "rb") as f, open(target, "wb") as out:
            for line in f:
                cells = line.rstrip(b"\n").split(b"\t")
                out.write(
                    orjson.dumps({"id": cells[0].decode(), "cells": [c.decode() for c in cells]})
                    + b"\n"
                )
            out.flush()
            os.fsync(out.fileno())
        target.unlink()

    base_t = median_call(baseline, 1)
    ratio = tool_t / base_t
    record(f"import of a {rows:,}-row GDELT file (whole process)",
           f"{s(tool_t)} ({rows / tool_t:,.0f} rows/s), {tool_m:.0f} MB",
           f"{s(base_t)} (orjson lines + one fsync)", f"{ratio:.1f}x", "<= 3x, bounded memory",
           ratio <= 3)  # fmt: skip


def bench_chart(log: Path, size: int, work: Path) -> None:
    from tracker.services.tracker import Tracker
    from tracker.views.charts.html import write_html
    from tracker.views.charts.timeline import timeline_figure

    tracker = Tracker(log)
    conn = tracker.model()
    actor_id, n = _actor_near(conn, min(20_000, max(100, size // 50)))
    conn.close()
    path = write_html(timeline_figure(tracker.timeline([actor_id])), work / "big-timeline.html")
    mb = path.stat().st_size / 2**20
    seconds = _render_seconds(path)
    if seconds is None:
        record(f"timeline HTML, {n} events", f"{mb:.1f} MB", "-", "-", "<= 10 MB, <= 5 s",
               None)  # fmt: skip
        return
    record(f"timeline HTML, {n} events: file size, render in headless Chromium",
           f"{mb:.1f} MB, {seconds:.1f} s", "-", "-", "<= 10 MB, <= 5 s",
           mb <= 10 and seconds <= 5)  # fmt: skip


def _render_seconds(path: Path) -> float | None:
    chromium = shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if chromium is None:
        return None
    flags = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=flags)
        page = browser.new_page()
        page.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
        )
        started = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_function(
            "() => { const g = document.querySelector('.js-plotly-plot');"
            " return g && g._fullData && g._fullData.length > 0; }",
            timeout=60_000,
        )
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => r(null)))")
        seconds = time.perf_counter() - started
        browser.close()
    return seconds


# --------------------------------------------------------------------------- main


def table(size: int) -> str:
    lines = [
        f"### {size:,} events — {datetime.now(UTC):%Y-%m-%d}",
        "",
        f"Machine: {machine()}.",
        "",
        "| what | tool | baseline | ratio | target | verdict |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    lines += [
        f"| {r.what} | {r.tool} | {r.baseline} | {r.ratio} | {r.target} | {r.verdict} |"
        for r in ROWS
    ]
    return "\n".join(lines)


def write_readme(size: int, text: str) -> None:
    readme = ROOT / "benchmarks" / "README.md"
    begin, end = f"<!-- results {size} -->", f"<!-- /results {size} -->"
    body = readme.read_text(encoding="utf-8") if readme.exists() else "# Benchmarks\n"
    block = f"{begin}\n{text}\n{end}"
    if begin in body and end in body:
        body = body[: body.index(begin)] + block + body[body.index(end) + len(end) :]
    else:
        body = body.rstrip("\n") + "\n\n" + block + "\n"
    readme.write_text(body, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="update benchmarks/README.md")
    parser.add_argument("--skip-chart", action="store_true", help="no browser benchmark")
    parser.add_argument(
        "--skip-server", action="store_true", help="no team server (PostgreSQL) benchmark"
    )
    parser.add_argument(
        "--gdelt", type=int, default=1_000_000, help="rows of the GDELT import (0: skip it)"
    )
    args = parser.parse_args()
    print(f"tracker benchmarks at {args.size:,} events on {machine()}", flush=True)
    source = cached_log(args.size)
    with tempfile.TemporaryDirectory(prefix="tracker-bench-") as tmp:
        work = Path(tmp)
        log = work / "events.jsonl"
        shutil.copyfile(source, log)  # the suite appends to its own copy
        shipped = work / "shipped" / "events.jsonl"
        shipped.parent.mkdir()
        shutil.copyfile(ROOT / "data" / "events.jsonl", shipped)
        bench_rebuild(log, work, args.repeat)
        bench_incremental(log, args.repeat)
        bench_processes(log, shipped, args.repeat)
        if not args.skip_server:
            from benchmarks.server import bench_server

            bench_server(log, work, args.repeat, record, process)
        # Before the queries: a process started from this one inherits this one's peak
        # memory in its own (Linux counts the pages it had until exec), and the queries
        # make this process big.
        if args.gdelt:
            bench_gdelt(args.gdelt, work)
        bench_queries(log, args.size, args.repeat)
        if not args.skip_chart:
            bench_chart(log, args.size, work)
    text = table(args.size)
    print()
    print(text)
    if args.write:
        write_readme(args.size, text)
        print(f"\nwrote the table into {ROOT / 'benchmarks' / 'README.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
