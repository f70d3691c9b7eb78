"""The team server's figures (issue 16), beside the file log's in the same run.

- appends per second, 1 writer and 8 writers (one event per transaction), against the
  file log's own appends (one event per locked write and fsync);
- catching up the whole log from the server into a fresh local read model
  (``tracker --store URL rebuild`` with an empty cache: the copy fetched, then the read
  model built), against ``tracker rebuild --log FILE`` of the same events (target <= 1.5x);
- ``tracker add-event --store URL`` as a whole process, against ``python -c "import typer"``
  (target <= 3x, as for the file log), alternated with the same command on psycopg's client
  (``TRACKER_LIBPQ=psycopg``) and a file-log ``add-event``, for reference; the load average
  is printed beside them.

The server is a throwaway PostgreSQL (``initdb`` in a temporary folder, a unix socket, as
the ``postgres`` user when run as root), or ``TRACKER_BENCH_PG_URL`` (a superuser's URL).
Without PostgreSQL the rows say so and are skipped.
"""

from __future__ import annotations

import multiprocessing
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PY = sys.executable
EACH, WRITERS = 250, 8


def _bindir() -> Path | None:
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / "initdb").is_file():
            return folder
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _as_postgres(args: list[str]) -> None:
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    subprocess.run(args, check=True, capture_output=True, cwd="/")


@contextmanager
def server() -> Iterator[str | None]:
    """A superuser's URL of a PostgreSQL to use, or None if there is none."""
    given = os.environ.get("TRACKER_BENCH_PG_URL")
    if given:
        yield given
        return
    bindir = _bindir()
    if bindir is None:
        yield None
        return
    root = Path(tempfile.mkdtemp(prefix="tracker-bench-pg-"))
    if os.geteuid() == 0:
        entry = pwd.getpwnam("postgres")
        os.chown(root, entry.pw_uid, entry.pw_gid)
    data = root / "data"
    _as_postgres([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-E", "UTF8",
                  "--locale=C", "-A", "trust", "--no-sync"])  # fmt: skip
    with open(data / "postgresql.conf", "a") as conf:
        conf.write(f"listen_addresses = ''\nunix_socket_directories = '{root}'\n")
    ctl = [str(bindir / "pg_ctl"), "-D", str(data), "-w", "-t", "60"]
    _as_postgres([*ctl, "start", "-l", str(root / "server.log")])
    try:
        yield f"postgresql://postgres@/postgres?host={urllib.parse.quote(str(root))}"
    finally:
        _as_postgres([*ctl, "stop", "-m", "immediate"])
        shutil.rmtree(root, ignore_errors=True)


def _database(superuser: str, name: str) -> str:
    """A new database with the store set up; its URL (as the superuser, its owner)."""
    import psycopg

    from tracker.log.postgres.schema import init_store

    with psycopg.connect(superuser, autocommit=True) as su:
        su.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        su.execute(f"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0")
    parts = urllib.parse.urlsplit(superuser)
    url = urllib.parse.urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))
    init_store(url)
    return url


def _event(i: int) -> Any:
    from tracker.domain.events import Participant, build_occurrence

    return build_occurrence(
        event_type="phone_call",
        when="2024-01-01",
        participants=[
            Participant("actor-0001", "initiator"),
            Participant("actor-0002", "recipient"),
        ],
        summary=f"benchmark append {i}",
        sources=["https://example.org/bench"],
    )


def _append_server(url: str, worker: int, count: int) -> None:
    from tracker.log.postgres.store import Store

    with Store(url) as store:
        for i in range(count):
            store.append([_event(worker * 100_000 + i)])


def _append_file(path: str, worker: int, count: int) -> None:
    from tracker.log.file import EventLog

    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)  # the lock's "waiting for ..." notices: 8 writers wait by design
    log = EventLog(path)
    for i in range(count):
        log.append([_event(worker * 100_000 + i)], recorded_by="bench")


def _writers(target: Callable[[str, int, int], None], where: str, procs: int) -> float:
    """Events per second of ``procs`` processes appending ``EACH`` events each."""
    ctx = multiprocessing.get_context("fork")
    children = [ctx.Process(target=target, args=(where, w, EACH)) for w in range(procs)]
    started = time.perf_counter()
    for child in children:
        child.start()
    for child in children:
        child.join()
    elapsed = time.perf_counter() - started
    if any(c.exitcode != 0 for c in children):
        raise RuntimeError(f"a writer failed: {[c.exitcode for c in children]}")
    return procs * EACH / elapsed


def _fill(url: str, log: Path) -> int:
    """The file log's events appended to the server in batches (10,000 a transaction)."""
    import orjson

    from tracker.log.envelope import Encoded
    from tracker.log.file import EventLog
    from tracker.log.postgres.store import Store

    count = 0
    batch: list[Encoded] = []
    with Store(url) as store:
        for record in EventLog(log).read(full=True):
            batch.append(
                Encoded(record.type, record.type_v, orjson.dumps(record.data), record.hash,
                        record.id)
            )  # fmt: skip
            if len(batch) == 10_000:
                count += len(store.append(batch).written)
                batch = []
        if batch:
            count += len(store.append(batch).written)
    return count


def bench_server(
    log: Path,
    work: Path,
    repeat: int,
    record: Callable[[str, str, str, str, str, bool | None], None],
    process: Callable[..., tuple[float, float]],
) -> None:
    with server() as superuser:
        if superuser is None:
            for what in ("server appends", "server catch-up", "`tracker add-event --store`"):
                record(what, "skipped: no PostgreSQL", "-", "-", "-", None)
            return
        _bench(superuser, log, work, repeat, record, process)


def _bench(
    superuser: str,
    log: Path,
    work: Path,
    repeat: int,
    record: Callable[[str, str, str, str, str, bool | None], None],
    process: Callable[..., tuple[float, float]],
) -> None:
    import statistics

    from tracker.log.file import EventLog

    for procs in (1, WRITERS):
        url = _database(superuser, f"bench_appends_{procs}")
        server_rate = _writers(_append_server, url, procs)
        path = work / f"appends-{procs}.jsonl"
        EventLog.create(path)
        file_rate = _writers(_append_file, str(path), procs)
        record(f"appends/s, {procs} writer{'s' if procs > 1 else ''} x {EACH} (server)",
               f"{server_rate:.0f}/s", f"{file_rate:.0f}/s (file log)",
               f"{server_rate / file_rate:.2f}x", "-", None)  # fmt: skip

    url = _database(superuser, "bench_catch_up")
    started = time.perf_counter()
    filled = _fill(url, log)
    print(f"  (put {filled:,} events on the server in {time.perf_counter() - started:.0f} s)")
    catch_runs, file_runs = [], []
    for i in range(repeat):  # alternated, so that a change in the machine's load hits both
        env_cache = work / f"cache-{i}"
        catch_runs.append(process([PY, "-m", "tracker", "--store", url, "rebuild"],
                                  env={"XDG_CACHE_HOME": str(env_cache)})[0])  # fmt: skip
        shutil.rmtree(env_cache, ignore_errors=True)
        file_runs.append(process([PY, "-m", "tracker", "rebuild", "--log", str(log)])[0])
    catch_t, file_t = statistics.median(catch_runs), statistics.median(file_runs)
    record(f"catching up {filled:,} events from the server into a fresh read model (whole process)",
           f"{catch_t:.2f} s", f"{file_t:.2f} s (rebuild from the file)",
           f"{catch_t / file_t:.2f}x", "<= 1.5x", catch_t / file_t <= 1.5)  # fmt: skip

    small = _database(superuser, "bench_add_event")
    cache = {"XDG_CACHE_HOME": str(work / "cache-add")}
    event = ["--type", "phone_call", "--actor", "Actor 0001", "--actor", "Actor 0002",
             "--date", "2024-01-01", "--summary", "benchmark add-event", "--source",
             "https://example.org/bench", "--create-actors"]  # fmt: skip
    add = [PY, "-m", "tracker", "add-event", "--store", small, *event]
    file_log = work / "add-event" / "data" / "events.jsonl"
    subprocess.run([PY, "-m", "tracker", "init", str(file_log.parent.parent)], check=True,
                   capture_output=True)  # fmt: skip
    add_file = [PY, "-m", "tracker", "add-event", "--log", str(file_log), *event]
    fallback = {**cache, "TRACKER_LIBPQ": "psycopg"}  # psycopg's client, as before the change
    for cmd, env in ((add, cache), (add, fallback), (add_file, None)):
        process(cmd, env=env)  # warm: the copy and read model caught up, the .pyc written
    runs_n = max(repeat, 7)
    runs: dict[str, list[float]] = {"store": [], "psycopg": [], "file": [], "typer": []}
    load_before = os.getloadavg()
    for _ in range(runs_n):  # alternated: a change in the machine's load hits all four
        runs["store"].append(process(add, env=cache)[0])
        runs["typer"].append(process([PY, "-c", "import typer"])[0])
        runs["psycopg"].append(process(add, env=fallback)[0])
        runs["file"].append(process(add_file)[0])
    load = f"load {load_before[0]:.2f} before, {os.getloadavg()[0]:.2f} after"
    t = {name: statistics.median(times) for name, times in runs.items()}
    typer_t = t["typer"]
    print(f"  (add-event: {runs_n} runs of each, alternated; {load})")
    record("`tracker add-event --store` (whole process, libpq)", f"{t['store'] * 1000:.1f} ms",
           f"{typer_t * 1000:.1f} ms (import typer)", f"{t['store'] / typer_t:.2f}x", "<= 3x",
           t["store"] / typer_t <= 3)  # fmt: skip
    record("`tracker add-event --store` with TRACKER_LIBPQ=psycopg (the fallback)",
           f"{t['psycopg'] * 1000:.1f} ms", f"{typer_t * 1000:.1f} ms (import typer)",
           f"{t['psycopg'] / typer_t:.2f}x", "-", None)  # fmt: skip
    record("`tracker add-event --log FILE` (whole process, for reference)",
           f"{t['file'] * 1000:.1f} ms", f"{typer_t * 1000:.1f} ms (import typer)",
           f"{t['file'] / typer_t:.2f}x", "-", None)  # fmt: skip


def main() -> int:
    """Only these figures: ``python -m benchmarks.server --size 100000``."""
    import argparse

    from benchmarks import run

    parser = argparse.ArgumentParser(description="the team server's benchmarks alone")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    source = run.cached_log(args.size)
    with tempfile.TemporaryDirectory(prefix="tracker-bench-") as tmp:
        work = Path(tmp)
        log = work / "events.jsonl"
        shutil.copyfile(source, log)
        bench_server(log, work, args.repeat, run.record, run.process)
    print()
    print(run.table(args.size))
    return 0


if __name__ == "__main__":
    sys.exit(main())
