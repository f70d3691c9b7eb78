"""The full-text index (``tracker/readmodel/fulltext.py``): the same on every path that
builds it (incremental syncs, a rebuild, the two-process rebuild, an as-of model), kept in
the transaction of the rows, and always the events' current state."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import SOURCE
from tracker.domain.errors import DamagedLogError
from tracker.log.file import EventLog
from tracker.log.paths import default_db_path
from tracker.queries.events import dump
from tracker.readmodel import fulltext, parallel
from tracker.readmodel.sync import project_in_memory, sync
from tracker.services.recording import ActorRef
from tracker.services.tracker import Tracker


def call(t: Tracker, summary: str, other: str = "Wang Yi", **more: object) -> str:
    return t.add_event(
        type="phone_call",
        when="2021-08-16",
        participants=[ActorRef("Blinken", "initiator"), ActorRef(other, "recipient")],
        summary=summary,
        sources=[{"url": SOURCE, "outlet": "Agence Métropole", "quote": "a frank exchange"}],
        **more,
    ).ids[0]


def documents(conn: sqlite3.Connection) -> dict[int, tuple[object, ...]]:
    return {r[0]: tuple(r[1:]) for r in conn.execute("SELECT rowid, * FROM search")}


def matches(conn: sqlite3.Connection, query: str) -> list[int]:
    rows = conn.execute("SELECT rowid FROM search WHERE search MATCH ? ORDER BY rowid", (query,))
    return [r[0] for r in rows]


def test_a_document_holds_every_field_and_the_participants_names(tracker: Tracker) -> None:
    call(tracker, "Discussed the intra-Afghan dialogue", topics=["Afghanistan"], location="Kabul")
    conn = tracker.model()
    (doc,) = documents(conn).values()
    assert doc == (
        "Discussed the intra-Afghan dialogue",
        "a frank exchange",
        "Afghanistan",
        "Kabul",
        "Agence Métropole",
        "Antony Blinken Blinken Wang Yi",
        None,
        None,
    )
    assert matches(conn, "metropole") == matches(conn, "METROPOLE") == [3]  # accents, case
    assert matches(conn, "actors:blinken") == [3]
    assert matches(conn, "summary:blinken") == []


def _every_change(t: Tracker) -> None:
    """New events, amendments, a retraction, a rename, aliases, a merge and an unmerge,
    each followed by an incremental sync."""
    t.register_actor("Sergey Lavrov", country="RUS")
    t.register_actor("S. Lavrov")
    first = call(t, "Talked about evacuations", "Sergey Lavrov")
    second = call(t, "Spoke of sanctions")
    third = call(t, "A call about ceasefire monitors", "S. Lavrov")
    t.sync()
    t.amend(first, {"summary": "Talked about the airport"}, "the readout says so")
    t.sync()
    t.retract(second, "duplicate")
    t.rename("Wang Yi", "WANG Yì")
    t.add_alias("Sergey Lavrov", "Lavrov the minister")
    t.sync()
    t.merge("S. Lavrov", "Sergey Lavrov", "same person")
    t.sync()
    t.remove_alias("Sergey Lavrov", "Lavrov the minister")
    t.amend(third, {"topics": ["monitoring"]}, "tagged")
    t.sync()
    call(t, "Late call")
    t.sync()


def test_incremental_syncs_equal_a_rebuild_index_included(tracker: Tracker, tmp_path: Path) -> None:
    _every_change(tracker)
    conn = tracker.model()
    incremental = dump(conn)
    conn.execute("INSERT INTO search (search) VALUES ('integrity-check')")  # FTS5's own check
    log = EventLog(tracker.log.path)
    fresh, result = sync(log, tmp_path / "fresh.sqlite", force=True)
    assert result.mode == "rebuild"
    assert dump(fresh) == incremental
    memory = project_in_memory(log)
    assert dump(memory) == incremental
    terms = dict(incremental)["search terms"]
    (seq,) = conn.execute("SELECT seq FROM events WHERE summary LIKE '%airport'").fetchone()
    assert ("airport", seq, "summary", 3) in terms  # term, event, column, position
    assert not [t for t in terms if t[0] in ("evacuations", "sanctions")]


def test_the_two_process_rebuild_builds_the_same_index(
    tracker: Tracker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _every_change(tracker)
    serial = dump(tracker.model())
    monkeypatch.setattr(parallel, "MIN_BYTES", 0)
    monkeypatch.delenv("TRACKER_SERIAL_REBUILD", raising=False)
    assert parallel.usable(1)
    conn, result = sync(EventLog(tracker.log.path), tmp_path / "two.sqlite", force=True)
    assert result.mode == "rebuild"
    assert dump(conn) == serial


@pytest.mark.parametrize("two_process", [False, True], ids=["serial", "two-process"])
def test_a_rebuild_that_indexes_as_it_goes_makes_the_same_index(
    tracker: Tracker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, two_process: bool
) -> None:
    """Documents made at every flush of a rebuild, before the renames, aliases, merges,
    amendments, retraction and annotations that follow them, are made again at the end."""
    _every_change(tracker)
    first = tracker.model().execute("SELECT id FROM events ORDER BY seq LIMIT 1").fetchone()[0]
    tracker.tag(first, "follow-up")
    tracker.note(first, "Check the readout")
    tracker.rename("Sergey Lavrov", "Sergei Lavrov")  # after all of his events
    tracker.register_actor("Dmytro Kuleba", country="UKR")
    untouched = call(tracker, "Talks on grain exports", "Dmytro Kuleba")
    tracker.amend(first, {"location": "Doha"}, "moved")  # a flush of the rows between
    tracker.rename("Dmytro Kuleba", "Dmytro Ivanovych Kuleba")  # his one event is untouched
    tracker.sync()
    incremental = dump(tracker.model())
    made: list[int] = []
    index_new = fulltext.SearchIndex._index_new

    def counted(self: fulltext.SearchIndex, at_least: int) -> None:
        before = self.indexed
        index_new(self, at_least)
        if self.indexed != before:
            made.append(self.indexed)

    monkeypatch.setattr(fulltext.SearchIndex, "_index_new", counted)
    monkeypatch.setattr(fulltext, "STREAM_EVERY", 1)
    monkeypatch.setattr(parallel, "MIN_BYTES", 0 if two_process else 1 << 40)
    monkeypatch.delenv("TRACKER_SERIAL_REBUILD", raising=False)
    log = EventLog(tracker.log.path)
    conn, result = sync(log, tmp_path / "streamed.sqlite", force=True)
    assert result.mode == "rebuild"
    assert len(made) == 3  # before the amendments, before the second, and at the end
    assert dump(conn) == incremental
    conn.execute("INSERT INTO search (search) VALUES ('integrity-check')")
    assert len(matches(conn, "actors:sergei")) == 2  # his call, and the merged one
    assert matches(conn, "tags:follow") == matches(conn, "notes:readout") != []
    (seq,) = conn.execute("SELECT seq FROM events WHERE id = ?", (untouched,)).fetchone()
    assert matches(conn, "ivanovych") == [seq]
    if not two_process:
        made.clear()
        assert dump(project_in_memory(log)) == incremental
        assert len(made) == 3


def test_the_index_follows_the_current_state(tracker: Tracker) -> None:
    _every_change(tracker)
    conn = tracker.model()
    assert matches(conn, "evacuations") == []  # amended away
    assert len(matches(conn, "airport")) == 1
    assert matches(conn, "sanctions") == []  # retracted
    assert len(matches(conn, "wang")) == 1  # the live call with him; accents ignored
    assert matches(conn, '"lavrov the minister"') == []  # the alias was removed
    # the call with S. Lavrov, merged into Sergey Lavrov, is found by the target's name
    assert len(matches(conn, '"sergey lavrov" AND ceasefire')) == 1
    assert len(matches(conn, "topics:monitoring")) == 1


def test_a_sync_that_fails_leaves_rows_and_index_as_they_were(tracker: Tracker) -> None:
    call(tracker, "Before")
    tracker.sync()
    db = default_db_path(tracker.log.path)
    before = sqlite3.connect(db)
    rows = dump(before)
    before.close()
    with open(tracker.log.path, "ab") as f:  # a complete line that is not an event
        f.write(b'{"v": 1}\n')
    with pytest.raises(DamagedLogError):
        tracker.model()
    after = sqlite3.connect(db)
    assert dump(after) == rows
    after.close()
