"""push and pull: a file log onto the server by tracker merge's rules, and back, byte for byte."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from tests.log.postgres.conftest import Report, StoreDB
from tests.log.postgres.helpers import call, fixed_id
from tracker.domain.errors import ConflictError, DamagedLogError, ExitCode
from tracker.log.envelope import Pending
from tracker.log.file import EventLog
from tracker.log.merge import merge_logs
from tracker.log.postgres.store import Store
from tracker.log.postgres.transfer import pull, push

# recorders as a file may name them: the server must write them back exactly
RECORDERS = [
    'Ünïcødé "quoted" \\ back/slash',
    "中文 \U0001f600 «»",
    "plain",
]  # odd, but valid recorders


def _file_log(path: Path, count: int, group: int = 1) -> EventLog:
    log = EventLog.create(path)
    for i in range(count):
        log.append(
            [Pending(call(f"file event {i} «{RECORDERS[i % 3]}»"), fixed_id(group, i))],
            recorded_by=RECORDERS[i % 3],
        )
    return log


def test_push_then_pull_gives_the_files_lines_back(
    store_db: StoreDB, tmp_path: Path, figures: Report
) -> None:
    log = _file_log(tmp_path / "mine.jsonl", 30)
    original = log.path.read_bytes()
    with Store(store_db.url("alice")) as store:
        pushed = push(store, log.path)
        pulled = pull(store, tmp_path / "pulled.jsonl")
        again = push(store, log.path)  # everything is there already: nothing is written
    assert log.path.read_bytes() == original  # push leaves the file as it was
    assert (pushed.added, pushed.duplicates, pushed.head.seq) == (30, 0, 31)
    assert (again.added, again.duplicates, again.head) == (0, 30, pushed.head)
    lines = pulled.path.read_bytes().splitlines(keepends=True)
    assert b"".join(lines[:30]) == original  # byte for byte
    merged = orjson.loads(lines[30])
    assert merged["type"] == "LogsMerged" and merged["recorded_by"] == "alice"
    assert merged["data"] == {
        "ours_head": "", "theirs_head": log.verify().head, "added": 30, "duplicates": 0,
    }  # fmt: skip
    assert EventLog(pulled.path).verify().events == pulled.events == 31
    assert pulled.head == pushed.head
    figures(
        f"push of 30 events (3 recorders, quotes, tabs, U+2028, emoji) then pull: 30/30 lines"
        f" byte-identical, + 1 LogsMerged by alice; pull verifies ({pulled.events} events);"
        " a second push writes 0"
    )


def test_push_after_the_servers_head_follows_the_merge_drivers_rules(
    store_db: StoreDB, tmp_path: Path, figures: Report
) -> None:
    """The server as "ours": the result is what ``tracker merge server file`` gives."""
    with Store(store_db.url("bob")) as store:
        store.append([Pending(call(f"server event {i}"), fixed_id(2, i)) for i in range(5)])
        server_file = pull(store, tmp_path / "server.jsonl").path
        # the file shares two of the server's events and has 10 of its own
        log = EventLog.create(tmp_path / "theirs.jsonl")
        log.append([Pending(call(f"server event {i}"), fixed_id(2, i)) for i in (1, 3)])
        log.append([Pending(call(f"file event {i}"), fixed_id(3, i)) for i in range(10)])
        pushed = push(store, log.path)
        pulled = pull(store, tmp_path / "pulled.jsonl").path
    assert (pushed.added, pushed.duplicates) == (10, 2)
    expected = merge_logs(server_file, log.path, recorded_by="bob")  # server_file is ours
    ours, got = server_file.read_bytes().splitlines(), pulled.read_bytes().splitlines()
    assert len(got) == len(ours) == 16 and expected.added == 10
    # the same lines but the merge record's own id and time
    assert got[:15] == ours[:15]
    a, b = orjson.loads(got[15]), orjson.loads(ours[15])
    for envelope in (a, b):
        for key in ("id", "recorded_at", "chain"):
            envelope.pop(key)
    assert a == b
    pulled_records = list(EventLog(pulled).read(full=True))
    assert [r.recorded_by for r in pulled_records[5:15]] == ["tester"] * 10  # the file's
    figures("5 on the server, 12 in the file (2 shared): 10 added re-chained, 2 skipped;"
            " the pull equals `tracker merge` of the two but the merge record's id and time")  # fmt: skip


def test_a_push_conflict_writes_nothing(store_db: StoreDB, tmp_path: Path) -> None:
    log = _file_log(tmp_path / "mine.jsonl", 4)
    with Store(store_db.url("alice")) as store:
        store.append([Pending(call("the server's version"), fixed_id(1, 2))])
        before = store_db.lines()
        with pytest.raises(ConflictError) as caught:
            push(store, log.path)
    assert str(caught.value) == (
        f"event {fixed_id(1, 2)} differs between the store and {log.path} (line 3 of the"
        " file); nothing was pushed"
    )
    assert caught.value.exit_code == ExitCode.CONFLICT
    assert store_db.lines() == before


def test_pull_refuses_a_server_log_the_owner_edited(
    store_db: StoreDB, tmp_path: Path, figures: Report
) -> None:
    """The owner is the one role the trigger lets edit; the chain still tells."""
    with Store(store_db.url("alice")) as store:
        store.append([call(f"event {i}") for i in range(3)])
    with store_db.connect("tracker_owner") as owner:
        owner.execute(
            "UPDATE tracker.log SET line = replace(line, 'event 1', 'event X') WHERE seq = 2"
        )
    target = tmp_path / "pulled.jsonl"
    target.write_bytes(b"what was there before\n")
    with Store(store_db.url("rita")) as reader, pytest.raises(DamagedLogError) as caught:
        pull(reader, target)
    assert caught.value.line == 2 and str(caught.value).startswith(
        f"damaged log on the store {store_db.url('rita')}".replace(store_db.server.password, "***")
    )
    assert "content does not match its hash" in str(caught.value)
    assert target.read_bytes() == b"what was there before\n"  # left as it was
    assert not list(tmp_path.glob(".pulled.jsonl.pull-*"))
    figures(f"an owner's edit of line 2: pull refused ({caught.value.problem}), file untouched")
