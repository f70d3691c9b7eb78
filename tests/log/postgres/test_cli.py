"""The team server's commands end to end against the throwaway server: ``--store`` and
``TRACKER_STORE`` on the reading and writing commands, ``store init``, ``push``, ``pull``,
``watch``, and the one-line errors (the URL's password never in them)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.conftest import SHIPPED_LOG
from tests.log.postgres.conftest import OWNER, Report, Server, StoreDB, new_database, with_user
from tests.log.postgres.helpers import call
from tracker.log.envelope import Pending
from tracker.log.file import EventLog
from tracker.log.postgres.mirror import cache_folder

CLI = Callable[..., Any]
SOURCE = "https://example.org/story"


@pytest.fixture(autouse=True)
def _cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def ok(result: Any) -> str:
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def one_error(result: Any, code: int, password: str) -> str:
    """The result is one ``Error:`` line, exit ``code``, without the password."""
    assert result.exit_code == code, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.stderr
    assert password not in result.stderr + result.stdout
    return str(lines[0])


def actors_and_a_call(cli: CLI, *where: str) -> str:
    ok(cli(*where, "actor", "add", "Antony Blinken", "--country", "USA", "--alias", "Blinken"))
    ok(cli(*where, "actor", "add", "Wang Yi", "--country", "CHN"))
    out = ok(
        cli(
            "add-event", *where, "--type", "phone_call", "--initiator", "Blinken",
            "--recipient", "Wang Yi", "--date", "2021-08-16", "--summary",
            "Discussed Afghanistan", "--source", SOURCE,
        )
    )  # fmt: skip
    return out.strip()


def test_store_init_prints_the_roles(pg_server: Server, cli: CLI, figures: Report) -> None:
    with new_database(pg_server) as name:
        url = pg_server.url(OWNER, name)
        first = ok(cli("store", "init", url))
        again = ok(cli("store", "init", url))
        assert f"{name}_writer" in first and f"{name}_reader" in first
        assert "may read the log and append events" in first
        assert "may read the log only" in first
        assert "update, delete or truncate" in first
        assert pg_server.password not in first + again
        assert "0 events" in again
        granted = ok(cli("store", "grant", url, "alice", "--access", "writer"))
        assert granted.strip() == "alice is now a writer of the store"
    figures(f"store init: {len(first.splitlines())} lines (the roles and what each may do), twice")


def test_writing_and_reading_commands_on_a_store(
    store_db: StoreDB, cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, figures: Report
) -> None:
    url = store_db.url("alice")
    event_id = actors_and_a_call(cli, "--store", url)
    assert len(event_id) == 36
    lines = store_db.lines()
    assert len(lines) == 3
    assert {orjson.loads(line)["recorded_by"] for line in lines} == {"alice"}

    timeline = ok(cli("--store", url, "timeline", "--actor", "Blinken"))  # before the name
    assert "Timeline of Antony Blinken: 1 event(s)" in timeline
    assert "Discussed Afghanistan" in timeline
    monkeypatch.setenv("TRACKER_STORE", store_db.url("bob"))  # the environment
    ok(cli("amend", event_id, "--summary", "Discussed Kabul", "--reason", "the readout"))
    shown = ok(cli("show", event_id))
    assert "Discussed Kabul" in shown
    history = ok(cli("history", event_id))
    assert "alice" in history and "bob" in history
    assert "Antony Blinken" in ok(cli("actors"))
    exported = tmp_path / "blinken.jsonl"
    ok(cli("export", "jsonl", "--actor", "Blinken", "-o", str(exported)))
    assert EventLog(exported).verify().events >= 1
    verified = ok(cli("verify"))
    assert verified.startswith("ok: 4 events, chain intact")

    # a --log on the command line wins over TRACKER_STORE; --log and --store at once: no
    data = tmp_path / "data" / "events.jsonl"
    data.parent.mkdir()
    data.write_bytes(SHIPPED_LOG.read_bytes())
    assert "Lavrov" in ok(cli("timeline", "--actor", "Blinken", "--log", str(data)))
    both = cli("timeline", "--actor", "Blinken", "--log", str(data), "--store", url)
    assert "give --log or --store" in one_error(both, 2, store_db.server.password)
    ok(cli("retract", event_id, "--reason", "duplicate report", "--store", url))  # after
    assert "0 event(s)" in ok(cli("timeline", "--actor", "Blinken"))
    assert len(store_db.lines()) == 5
    copy = cache_folder(url) / "events.jsonl"
    assert copy.is_file() and store_db.server.password not in str(copy)
    figures(
        "add-event, actor add, amend, retract on the server (5 lines, recorded_by alice and"
        " bob); timeline, show, history, actors, export, verify from the local read model"
    )


def test_annotations_and_views_take_the_store_after_the_command(
    store_db: StoreDB, cli: CLI, figures: Report
) -> None:
    url = store_db.url("alice")
    event_id = actors_and_a_call(cli, "--store", url)
    tagged = cli("tag", event_id, "follow-up", "--store", url)
    assert len(ok(tagged).strip()) == 36 and "tagged 'follow-up':" in tagged.stderr
    ok(cli("star", event_id, "--store", url))
    ok(cli("note", event_id, "Check the Chinese readout", "--store", url))
    ok(cli("untag", event_id, "follow-up", "--store", url))
    ok(cli("unstar", event_id, "--store", url))
    ok(cli("view", "save", "calls", "--type", "phone_call", "--store", url))
    assert "calls" in ok(cli("view", "list", "--store", url))
    assert "phone_call" in ok(cli("view", "show", "calls", "--store", url))
    ok(cli("view", "delete", "calls", "--store", url))
    types = [orjson.loads(line)["type"] for line in store_db.lines()[3:]]
    assert types == [
        "TagAdded", "StarAdded", "NoteAdded", "TagRemoved", "StarRemoved", "ViewSaved",
        "ViewDeleted",
    ]  # fmt: skip
    figures(
        "tag, star, note, untag, unstar, view save/list/show/delete with --store after the command"
    )


def test_a_readers_append_is_refused(store_db: StoreDB, cli: CLI, figures: Report) -> None:
    actors_and_a_call(cli, "--store", store_db.url("alice"))
    before = store_db.lines()
    reader = store_db.url("rita")
    assert "1 event(s)" in ok(cli("--store", reader, "timeline", "--actor", "Blinken"))
    attempts = [
        ["actor", "add", "Sergey Lavrov", "--country", "RUS"],
        ["add-event", "--type", "meeting", "--actor", "Blinken", "--actor", "Wang Yi",
         "--date", "2021-08-20", "--summary", "x", "--source", SOURCE],
    ]  # fmt: skip
    messages = [
        one_error(cli("--store", reader, *a), 7, store_db.server.password) for a in attempts
    ]
    for message in messages:
        assert "role rita may not append to the store" in message
        assert "nothing was written" in message
    assert store_db.lines() == before
    figures(f"reader's appends: {len(messages)}/2 refused, exit 7, one line: {messages[0]}")


def test_errors_are_one_line_without_the_password(
    store_db: StoreDB, cli: CLI, tmp_path: Path, figures: Report
) -> None:
    secret = "s3cr3t-Pass"
    good = store_db.url("alice")
    base = with_user(good, "alice", store_db.name, secret)
    host = base.split("host=")[1]
    bad_urls = {
        "server down": base.replace(f"host={host}", "host=/nonexistent"),
        "no database": with_user(good, "alice", "no_such_db", secret),
        "unknown role": with_user(good, "mallory", store_db.name, secret),
        "bad URL": f"postgresql://alice:{secret}@[bad/desk",
        "bad option": base + "&sslmode=bogus",
    }
    log = tmp_path / "file.jsonl"
    log.write_bytes(SHIPPED_LOG.read_bytes())
    commands = [
        ["timeline", "--actor", "Blinken"],
        ["add-event", "--type", "meeting", "--actor", "Blinken", "--date", "2021",
         "--summary", "x", "--source", SOURCE],
        ["push", str(log)],
        ["pull", "-o", str(tmp_path / "out.jsonl")],
        ["watch"],
        ["verify"],
    ]  # fmt: skip
    seen = 0
    for url in bad_urls.values():
        for command in commands:
            one_error(cli("--store", url, *command), 7, secret)
            seen += 1
    assert not (tmp_path / "out.jsonl").exists()
    assert log.read_bytes() == SHIPPED_LOG.read_bytes()
    no_store = cli("push", str(log))
    assert "no store given" in one_error(no_store, 2, secret)
    figures(
        f"{seen} failures ({len(bad_urls)} bad stores x {len(commands)} commands): one"
        " `Error:` line each, exit 7, no password, nothing written"
    )


def test_push_pull_and_verify(store_db: StoreDB, cli: CLI, tmp_path: Path, figures: Report) -> None:
    url = store_db.url("alice")
    mine = tmp_path / "mine.jsonl"
    mine.write_bytes(SHIPPED_LOG.read_bytes())
    events = EventLog(mine).verify().events
    pushed = ok(cli("push", str(mine), "--store", url))
    assert f"appended {events}, skipped 0 already there (by id), conflicts 0" in pushed
    again = ok(cli("push", str(mine), "--store", url))
    assert "nothing to push" in again and f"{events} skipped by id" in again
    assert len(store_db.lines()) == events + 1  # + LogsMerged

    out = tmp_path / "pulled" / "events.jsonl"
    ok(cli("pull", "-o", str(out), "--store", url))
    server = [line.encode() + b"\n" for line in store_db.lines()]
    assert out.read_bytes() == b"".join(server)
    assert mine.read_bytes() == b"".join(server[:events])  # pushed onto an empty server
    assert ok(cli("verify", "--log", str(out))).startswith(f"ok: {events + 1} events")

    # a conflict: the same id with other content; nothing written
    lines = mine.read_bytes().splitlines(keepends=True)
    other = tmp_path / "other" / "events.jsonl"
    other.parent.mkdir()
    other.write_bytes(b"".join(lines[:-1]))
    ok(cli("add-event", "--log", str(other), "--type", "meeting", "--actor", "Blinken",
           "--actor", "Lavrov", "--date", "2021-08-20", "--summary", "only here",
           "--source", SOURCE))  # fmt: skip
    before = store_db.lines()
    ok(cli("pull", "-o", str(out), "--store", url))  # out has nothing the server lacks
    refused = cli("pull", "-o", str(other), "--store", url)  # other has an unpushed event
    assert "holds events the store lacks" in one_error(refused, 5, store_db.server.password)
    conflicting = EventLog.create(tmp_path / "conflict.jsonl")
    taken = orjson.loads(lines[-1])["id"]  # an id the server has, with other content
    conflicting.append([Pending(call("edited elsewhere"), taken)])
    conflict = cli("push", str(conflicting.path), "--store", url)
    assert "differs between the store and" in one_error(conflict, 5, store_db.server.password)
    assert store_db.lines() == before

    protected = [
        cache_folder(url) / "events.jsonl",
        cache_folder(url) / ".events.jsonl.readmodel.sqlite",
        tmp_path / "data" / ".events.jsonl.readmodel.sqlite",
    ]
    for path in protected:
        one_error(cli("pull", "-o", str(path), "--store", url), 2, store_db.server.password)
    figures(
        f"push {events} events: appended {events} + LogsMerged, again 0; pull byte-identical,"
        f" verifies; unpushed file refused (exit 5); conflict exit 5, 0 lines written;"
        f" {len(protected)} protected outputs refused (exit 2)"
    )


def _wait_for(path: Path, text: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text():
            return
        time.sleep(0.05)
    raise AssertionError(f"{text!r} not in {path}: {path.read_text() if path.exists() else ''}")


def test_watch_prints_new_events_and_stops_cleanly(
    pg_server: Server, store_db: StoreDB, cli: CLI, tmp_path: Path, figures: Report
) -> None:
    url = store_db.url("rita")  # a reader may watch
    writer = store_db.url("alice")
    actors_and_a_call(cli, "--store", writer)
    env = {**os.environ, "TRACKER_STORE": url, "XDG_CACHE_HOME": str(tmp_path / "cache-w")}
    out, err = tmp_path / "watch.out", tmp_path / "watch.err"
    with open(out, "w") as stdout, open(err, "w") as stderr:
        watcher = subprocess.Popen(
            [sys.executable, "-m", "tracker", "watch", "--actor", "Blinken", "--poll", "0.5"],
            stdout=stdout, stderr=stderr, env=env, text=True,
        )  # fmt: skip
        try:
            _wait_for(err, "watching")
            started = time.monotonic()
            for who, summary in (("Blinken", "Second call"), ("Lavrov", "Not Blinken's")):
                ok(cli("add-event", "--store", writer, "--type", "phone_call", "--actor", who,
                       "--actor", "Wang Yi", "--date", "2021-08-17", "--summary", summary,
                       "--source", SOURCE, "--create-actors"))  # fmt: skip
            _wait_for(out, "Second call")
            latency = time.monotonic() - started
            restarted = pg_server.ours
            if restarted:
                pg_server.restart()
                ok(cli("add-event", "--store", writer, "--type", "phone_call", "--actor",
                       "Blinken", "--actor", "Wang Yi", "--date", "2021-08-18", "--summary",
                       "After the restart", "--source", SOURCE))  # fmt: skip
                _wait_for(out, "After the restart", timeout=30)
            time.sleep(0.3)
            watcher.send_signal(signal.SIGINT)
            code = watcher.wait(timeout=20)
        finally:
            if watcher.poll() is None:
                watcher.kill()
    printed = out.read_text().splitlines()
    notes = err.read_text().strip().splitlines()
    assert code == 0
    assert "Not Blinken" not in out.read_text()
    assert [line.split("  ")[0] for line in printed] == (["4", "7"] if restarted else ["4"])
    assert "Second call" in printed[0] and "by alice" in printed[0]
    assert notes[-1] == f"stopped watching after seq {7 if restarted else 5}"
    assert "Traceback" not in err.read_text()
    assert store_db.server.password not in err.read_text() + out.read_text()
    figures(
        f"watch: the new Blinken event printed {latency:.2f} s after the appends began, the"
        f" other one not; {'after pg_ctl restart: resumed, the next event printed once; ' if restarted else ''}"
        f"Ctrl-C: exit 0, one line ({notes[-1]!r})"
    )


def _watching(args: list[str], env: dict[str, str], out: Path, err: Path) -> subprocess.Popen[str]:
    with open(out, "w") as stdout, open(err, "w") as stderr:
        return subprocess.Popen(
            [sys.executable, "-m", "tracker", "watch", *args, "--poll", "0.3"],
            stdout=stdout, stderr=stderr, env=env, text=True,
        )  # fmt: skip


def _stop(watcher: subprocess.Popen[str]) -> int:
    watcher.send_signal(signal.SIGINT)
    try:
        return watcher.wait(timeout=20)
    finally:
        if watcher.poll() is None:
            watcher.kill()


def test_watch_prints_amendments_retractions_and_annotations(
    store_db: StoreDB, cli: CLI, tmp_path: Path, figures: Report
) -> None:
    writer = store_db.url("alice")
    blinken_call = actors_and_a_call(cli, "--store", writer)  # seq 1, 2: actors; 3: the call
    env = {**os.environ, "TRACKER_STORE": store_db.url("rita"),
           "XDG_CACHE_HOME": str(tmp_path / "cache-w")}  # fmt: skip
    out, err = tmp_path / "watch.out", tmp_path / "watch.err"
    watcher = _watching(["--actor", "Blinken"], env, out, err)
    try:
        _wait_for(err, "watching")
        w = ["--store", writer]
        other = ok(cli("add-event", *w, "--type", "meeting", "--actor", "Wang Yi", "--actor",
                       "Lavrov", "--date", "2021-08-17", "--summary", "Without Blinken",
                       "--source", SOURCE, "--create-actors")).strip()  # fmt: skip  # 4, 5
        for args in (
            ["amend", other, "--summary", "Not his", "--reason", "typo"],  # 6: not printed
            ["amend", blinken_call, "--summary", "Discussed Kabul", "--reason", "readout"],  # 7
            ["tag", blinken_call, "afghanistan"],  # 8
            ["star", blinken_call],  # 9
            ["note", blinken_call, "follow up Monday"],  # 10
            ["retract", blinken_call, "--reason", "a duplicate"],  # 11
        ):
            ok(cli(*w, *args))
        _wait_for(out, "retracted")
        code = _stop(watcher)
    finally:
        if watcher.poll() is None:
            watcher.kill()
    printed = out.read_text().splitlines()
    ids = [orjson.loads(line)["id"] for line in store_db.lines()]
    assert code == 0
    assert printed == [
        f"7  amended {blinken_call}: summary = Discussed Kabul (reason: readout)  ({ids[6]}, by alice)",
        f"8  tagged {blinken_call}: afghanistan  ({ids[7]}, by alice)",
        f"9  starred {blinken_call}  ({ids[8]}, by alice)",
        f"10  noted on {blinken_call}: follow up Monday  ({ids[9]}, by alice)",
        f"11  retracted {blinken_call} (reason: a duplicate)  ({ids[10]}, by alice)",
    ]
    assert err.read_text().strip().splitlines()[-1] == "stopped watching after seq 11"

    # without filters, resumed from a seq: every line, the actors' too
    watcher = _watching(["--after", "3"], env, out, err)
    try:
        _wait_for(out, "retracted")
        code = _stop(watcher)
    finally:
        if watcher.poll() is None:
            watcher.kill()
    printed = out.read_text().splitlines()
    assert code == 0
    assert [line.split("  ")[:2] for line in printed] == [
        ["4", "ActorRegistered lavrov"], ["5", "2021-08-17"],
        ["6", f"amended {other}: summary = Not his (reason: typo)"],
        ["7", f"amended {blinken_call}: summary = Discussed Kabul (reason: readout)"],
        ["8", f"tagged {blinken_call}: afghanistan"], ["9", f"starred {blinken_call}"],
        ["10", f"noted on {blinken_call}: follow up Monday"],
        ["11", f"retracted {blinken_call} (reason: a duplicate)"],
    ]  # fmt: skip
    figures(
        f"watch --actor Blinken: 5/5 changes to his event printed (amend, tag, star, note,"
        f" retract), 0 of the others; resumed --after 3 without filters: {len(printed)} lines"
    )


def test_imports_append_on_the_store(
    store_db: StoreDB, cli: CLI, tmp_path: Path, figures: Report
) -> None:
    url = store_db.url("alice")
    actors_and_a_call(cli, "--store", url)
    rows = tmp_path / "events.csv"
    rows.write_text(
        "type,date,actors,roles,summary,topics,location,cameo,source_url,source_outlet,"
        "source_published,source_quote,id\n"
        f"phone_call,2021-08-18,Blinken;Wang Yi,initiator;recipient,Third call,,,,{SOURCE},,,,c-1\n"
        f"meeting,2021-08-19,Blinken;Wang Yi,,Met,,,,{SOURCE},,,,c-2\n",
        encoding="utf-8",
    )
    first = ok(cli("import", "csv", str(rows), "--store", url))
    again = ok(cli("import", "csv", str(rows), "--store", url))
    assert "read 2" in first and "added 2" in first.replace("  ", " ")
    assert "added 0" in again
    assert len(store_db.lines()) == 5
    other = tmp_path / "colleague.jsonl"
    other.write_bytes(SHIPPED_LOG.read_bytes())
    merged = ok(cli("import", "jsonl", str(other), "--store", url))
    events = EventLog(other).verify().events
    assert f"added {events}" in merged
    lines = [orjson.loads(line) for line in store_db.lines()]
    assert len(lines) == 5 + events + 1 and lines[-1]["type"] == "LogsMerged"
    assert "Third call" in ok(cli("timeline", "--actor", "Blinken", "--store", url))
    figures(
        f"import csv on a store: 2 added, again 0; import jsonl: {events} pushed + LogsMerged;"
        " the timeline reads them back"
    )


def test_extract_review_appends_the_accepted_on_the_store(
    store_db: StoreDB, cli: CLI, tmp_path: Path, figures: Report
) -> None:
    from tests.cli.test_extract_cli import READOUT, review_on_a_terminal

    url = store_db.url("alice")
    seed = tmp_path / "seed.jsonl"
    seed.write_bytes(SHIPPED_LOG.read_bytes())
    ok(cli("push", str(seed), "--store", url))  # the registry: the shipped log's actors
    before = len(store_db.lines())
    (tmp_path / "r.txt").write_text(READOUT, encoding="utf-8")
    env = {"TRACKER_STORE": url, "XDG_CACHE_HOME": str(tmp_path / "cache-review")}
    code, text = review_on_a_terminal(tmp_path, env, [b"a\n", b"s\n"])
    assert code == 0, text
    lines = [orjson.loads(line) for line in store_db.lines()]
    assert len(lines) == before + 1  # the accepted call; the meeting was skipped
    assert lines[-1]["type"] == "InteractionRecorded" and lines[-1]["id"] in text
    assert lines[-1]["recorded_by"] == "alice"
    assert {p["actor"] for p in lines[-1]["data"]["participants"]} == {"antony-blinken", "wang-yi"}
    assert store_db.server.password not in text
    figures("extract --review on a store: 1 accepted, 1 skipped: 1 line on the server, by alice")


def test_init_and_merge_refuse_a_store(cli: CLI, tmp_path: Path) -> None:
    """They work on files: a --store before them is exit 2 (no server is needed to say so)."""
    url = "postgresql://alice:s3cr3t@/desk"
    made = cli("--store", url, "init", str(tmp_path / "new"))
    assert "tracker store init URL" in one_error(made, 2, "s3cr3t")
    assert not (tmp_path / "new").exists()
    ours, theirs = tmp_path / "ours.jsonl", tmp_path / "theirs.jsonl"
    for path in (ours, theirs):
        path.write_bytes(SHIPPED_LOG.read_bytes())
    merged = cli("--store", url, "merge", str(ours), str(theirs))
    assert "tracker push FILE" in one_error(merged, 2, "s3cr3t")
    assert ours.read_bytes() == SHIPPED_LOG.read_bytes()
