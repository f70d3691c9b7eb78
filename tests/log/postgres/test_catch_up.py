"""The local read model of a store: caught up by ``seq`` from the server, equal to a
rebuild, and rebuilt when the server's chain no longer matches what it applied."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import time
from pathlib import Path

import psycopg
import pytest

from tests.log.postgres import _workers
from tests.log.postgres.conftest import Report, StoreDB
from tests.log.postgres.helpers import call
from tracker.domain.events import build_actor
from tracker.log.file import EventLog
from tracker.log.postgres.mirror import StoreLog, cache_folder
from tracker.log.postgres.store import Store
from tracker.log.postgres.transfer import pull
from tracker.queries import events as queries
from tracker.readmodel.sync import sync
from tracker.services.tracker import Tracker

WRITERS, EACH = 4, 150


@pytest.fixture(autouse=True)
def _cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def dump_digest(conn: object) -> str:
    return hashlib.sha256(repr(queries.dump(conn)).encode()).hexdigest()  # type: ignore[arg-type]


def rebuilt_digest(store_db: StoreDB, tmp_path: Path) -> str:
    """The read model rebuilt from scratch from a pull of the server's log."""
    with Store(store_db.url("rita")) as store:
        pulled = pull(store, tmp_path / "fresh" / "events.jsonl")
    conn, result = sync(EventLog(pulled.path), tmp_path / "fresh" / "model.sqlite")
    assert result.mode == "rebuild"
    try:
        return dump_digest(conn)
    finally:
        conn.close()


def registered(url: str) -> None:
    with Tracker(store=url) as tracker:
        tracker.register_actor("Antony Blinken", aliases=["Blinken"], country="USA")
        tracker.register_actor("Wang Yi", country="CHN")


def test_a_reader_catching_up_during_writes_ends_equal_to_a_rebuild(
    store_db: StoreDB, tmp_path: Path, figures: Report
) -> None:
    registered(store_db.url("alice"))
    ctx = multiprocessing.get_context("fork")
    outs = [tmp_path / f"writer-{w}.json" for w in range(WRITERS)]
    writers = [
        ctx.Process(
            target=_workers.append_one_by_one,
            args=(store_db.url(("alice", "bob")[w % 2]), w, EACH, str(outs[w])),
        )
        for w in range(WRITERS)
    ]
    stop = ctx.Event()
    read_out = tmp_path / "reader.json"
    reader = ctx.Process(
        target=_workers.catch_up_loop, args=(store_db.url("rita"), stop, str(read_out))
    )
    started = time.monotonic()
    reader.start()
    for child in writers:
        child.start()
    for child in writers:
        child.join(timeout=120)
    stop.set()
    reader.join(timeout=120)
    for child in [*writers, reader]:
        if child.is_alive():
            child.kill()
    assert [c.exitcode for c in [*writers, reader]] == [0] * (WRITERS + 1)
    assert [e for out in outs for e in json.loads(out.read_text())] == []
    seen = json.loads(read_out.read_text())
    assert seen["errors"] == []
    assert seen["modes"].get("incremental", 0) > 1

    with Tracker(store=store_db.url("rita")) as tracker:  # the reader's cache, once more
        conn = tracker.model()
        mine = dump_digest(conn)
        rows = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        conn.close()
        copy = tracker.log.path
    assert rows == WRITERS * EACH
    assert mine == rebuilt_digest(store_db, tmp_path)
    assert copy.read_bytes() == (tmp_path / "fresh" / "events.jsonl").read_bytes()
    figures(
        f"{WRITERS} writers x {EACH} appends while a reader catches up: "
        f"{sum(seen['modes'].values())} catch-ups ({seen['modes']}), 0 errors, "
        f"{rows} events; read model equal to a fresh rebuild (sha256 {mine[:12]}), the copy"
        f" byte-identical to a pull ({time.monotonic() - started:.1f} s)"
    )


def test_catching_up_fetches_only_new_lines(store_db: StoreDB, figures: Report) -> None:
    url = store_db.url("alice")
    registered(url)
    with Tracker(store=url) as tracker:
        first = tracker.sync()
        with Store(url) as other:  # another analyst appends
            other.append([call(f"call {i}") for i in range(5)])
        second = tracker.sync()
        third = tracker.sync()
    assert (first.mode, first.seq) in {("rebuild", 2), ("incremental", 2), ("current", 2)}
    assert (second.mode, second.applied, second.seq) == ("incremental", 5, 7)
    assert (third.mode, third.applied) == ("current", 0)
    figures(f"catch-ups: {first.mode} to seq 2, incremental +5 to seq 7, then current")


def test_a_server_whose_chain_changed_is_read_again(
    store_db: StoreDB, tmp_path: Path, figures: Report
) -> None:
    """The database is dropped and made again under the same name, with other lines:
    the copy's last line no longer matches the server's, so it is fetched whole and the
    read model rebuilt, never applied on top."""
    url = store_db.url("alice")
    registered(url)
    with Store(url) as store:
        store.append([call("before")])
    notes: list[str] = []
    with Tracker(store=url, notice=notes.append) as tracker:
        assert tracker.sync().seq == 3
    with psycopg.connect(store_db.server.superuser_url, autocommit=True) as su:
        template = su.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'tracker_test_%%' AND"
            " datname <> %s ORDER BY oid LIMIT 1",
            (store_db.name,),
        ).fetchone()
        assert template is not None
        su.execute(f"DROP DATABASE {store_db.name} WITH (FORCE)")
        su.execute(f"CREATE DATABASE {store_db.name} TEMPLATE {template[0]} OWNER tracker_owner")
    with Store(url) as store:  # the same two actors, then other events: other chains
        store.append(
            [
                build_actor("Antony Blinken", "person", ["Blinken"], "USA"),
                build_actor("Wang Yi", "person", [], "CHN"),
                *[call(f"after {i}") for i in range(4)],
            ]
        )
    with Tracker(store=url, notice=notes.append) as tracker:
        result = tracker.sync()
        conn = tracker.model()
        summaries = [r[0] for r in conn.execute("SELECT summary FROM events ORDER BY seq")]
        mine = dump_digest(conn)
        conn.close()
    assert (result.mode, result.seq) == ("rebuild", 6)
    assert summaries == [f"after {i}" for i in range(4)]
    assert any("no longer holds the lines this copy applied" in n for n in notes)
    assert mine == rebuilt_digest(store_db, tmp_path)
    figures(
        "server log replaced under the same URL: copy fetched again, read model rebuilt"
        " (6 lines), equal to a fresh rebuild; 1 notice"
    )


def test_the_cache_is_per_url_without_its_password(store_db: StoreDB) -> None:
    url = store_db.url("alice")
    assert store_db.server.password in url
    folder = cache_folder(url)
    assert store_db.server.password not in str(folder)
    assert folder == cache_folder(url.replace(store_db.server.password, "another"))
    assert folder != cache_folder(store_db.url("bob"))
    log = StoreLog(url)
    log.catch_up()
    assert log.path.parent == folder and log.path.is_file()
    log.close()
