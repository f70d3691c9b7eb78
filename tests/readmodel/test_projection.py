"""The read model: incremental sync equals a full rebuild, and it follows the log."""

from __future__ import annotations

import shutil
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT, SOURCE
from tracker.domain.errors import DamagedLogError
from tracker.domain.events import EventRetracted
from tracker.log.file import EventLog
from tracker.log.paths import default_db_path
from tracker.queries.events import dump
from tracker.readmodel import ddl, schema
from tracker.readmodel import sync as projection
from tracker.readmodel.sync import sync
from tracker.services.recording import ActorRef
from tracker.services.tracker import Tracker


def call(tracker: Tracker, summary: str, when: str = "2021-08-16", with_: str = "Wang Yi") -> str:
    result = tracker.add_event(
        type="phone_call",
        when=when,
        participants=[ActorRef("Blinken", "initiator"), ActorRef(with_, "recipient")],
        summary=summary,
        sources=[SOURCE],
    )
    return result.ids[0]


def rebuilt_dump(log: Path) -> list:  # type: ignore[type-arg]
    fresh = log.parent / "fresh.sqlite"
    conn, result = sync(EventLog(log), fresh, force=True)
    assert result.mode == "rebuild"
    try:
        return dump(conn)
    finally:
        conn.close()


def synced_dump(log: Path) -> list:  # type: ignore[type-arg]
    conn, _ = sync(EventLog(log))
    try:
        return dump(conn)
    finally:
        conn.close()


def test_schema_versions_agree() -> None:
    assert projection.SCHEMA_VERSION == schema.SCHEMA_VERSION == ddl.SCHEMA_VERSION


def test_the_kept_ddl_is_what_the_sqlmodel_classes_compile_to(tmp_path: Path) -> None:
    """Commands create tables from tracker/readmodel/ddl.py (no SQLModel import); it must be
    current: after changing tracker/readmodel/schema.py, run
    `python -m tracker.readmodel.schema`."""
    assert [schema.one_line(s) for s in schema.ddl(indexes=False)] == ddl.TABLES
    assert [schema.one_line(s) for s in schema.ddl(tables=False)] == ddl.INDEXES
    written = tmp_path / "ddl.py"
    schema.write_ddl_module(str(written))
    assert written.read_text(encoding="utf-8") == (
        ROOT / "tracker" / "readmodel" / "ddl.py"
    ).read_text(encoding="utf-8")


def test_sync_modes(tracker: Tracker) -> None:
    log = tracker.log

    def mode() -> tuple[str, int, int]:
        conn, result = sync(log)
        conn.close()
        return result.mode, result.applied, result.seq

    # register_actor synced before appending Wang Yi, so one line is new
    assert mode() == ("incremental", 1, 2)
    assert mode() == ("current", 0, 2)
    log.append([EventRetracted("0190aaaa-0000-7000-8000-000000000000", "no such event")])
    assert mode() == ("incremental", 1, 3)
    default_db_path(log.path).unlink()
    assert mode() == ("rebuild", 3, 3)


def test_incremental_equals_rebuild_row_for_row(tracker: Tracker) -> None:
    ids = [call(tracker, f"call {i}", when=f"2021-08-{10 + i:02d}") for i in range(5)]
    tracker.amend(ids[1], {"summary": "amended", "when": "2021-09"}, "better source")
    tracker.retract(ids[2], "duplicate")
    tracker.add_event(
        type="statement",
        when="2021-08-20T10:00+04:30",
        participants=[ActorRef("Wang Yi", "speaker"), ActorRef("New Person", "about")],
        summary="said something",
        sources=[{"url": SOURCE, "outlet": "Outlet", "published": "2021-08-21", "quote": "q"}],
        create_actors=True,
    )
    tracker.amend(
        ids[3],
        {
            "participants": [ActorRef("Blinken", "host"), ActorRef("New Person", "visitor")],
            "type": "visit",
        },
        "it was a visit",
    )
    assert synced_dump(tracker.log.path) == rebuilt_dump(tracker.log.path)


def test_deleting_the_read_model_loses_nothing(tracker: Tracker) -> None:
    call(tracker, "one")
    before = synced_dump(tracker.log.path)
    db = default_db_path(tracker.log.path)
    assert db.exists() and db.name == ".events.jsonl.readmodel.sqlite"
    db.unlink()
    assert synced_dump(tracker.log.path) == before


def test_a_replaced_log_is_rebuilt_not_mixed(tracker: Tracker, tmp_path: Path) -> None:
    call(tracker, "one")
    other = Tracker(tmp_path / "other.jsonl")
    EventLog.create(other.log.path)
    other.register_actor("Antony Blinken", aliases=["Blinken"])
    other.register_actor("Sergey Lavrov")
    call(other, "elsewhere", with_="Sergey Lavrov")
    shutil.copy(other.log.path, tracker.log.path)  # e.g. git checkout of another branch
    conn, result = sync(tracker.log)
    conn.close()
    assert result.mode == "rebuild"
    assert [e.summary for e in tracker.timeline(["Blinken"]).entries] == ["elsewhere"]


def test_an_edited_line_in_the_applied_part_is_refused(tracker: Tracker) -> None:
    call(tracker, "original text")
    tracker.sync()
    raw = tracker.log.path.read_bytes()
    tracker.log.path.write_bytes(raw.replace(b"original text", b"0riginal text"))
    with pytest.raises(DamagedLogError, match="line 3: content does not match its hash"):
        tracker.timeline(["Blinken"])


def test_rebuild_is_deterministic(tracker: Tracker) -> None:
    for i in range(3):
        call(tracker, f"call {i}")
    assert rebuilt_dump(tracker.log.path) == rebuilt_dump(tracker.log.path)


def test_as_of_shows_what_the_log_said_then(tracker: Tracker) -> None:
    event_id = call(tracker, "first version")
    time.sleep(0.01)
    moment = datetime.now(UTC)
    time.sleep(0.01)
    tracker.amend(event_id, {"summary": "second version"}, "new readout")
    later_id = call(tracker, "later call")
    assert tracker.show(event_id).summary == "second version"
    assert tracker.show(event_id, as_of=moment).summary == "first version"
    then = tracker.timeline(["Blinken"], as_of=moment).entries
    assert [e.id for e in then] == [event_id]
    now = tracker.timeline(["Blinken"]).entries
    assert {e.id for e in now} == {event_id, later_id}


events_strategy = st.lists(
    st.tuples(
        st.sampled_from(["add", "amend", "retract", "sync"]),
        st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=30),
        st.integers(min_value=1, max_value=28),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=events_strategy)
def test_property_incremental_sync_at_any_points_equals_rebuild(steps, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("prop")
    log = EventLog.create(folder / "events.jsonl")
    tracker = Tracker(log.path)
    tracker.register_actor("Antony Blinken", aliases=["Blinken"])
    tracker.register_actor("Wang Yi")
    live: list[str] = []
    for action, text, day in steps:
        summary = text.strip() or "x"
        if action == "add" or not live:
            live.append(call(tracker, summary, when=f"2021-08-{day:02d}"))
        elif action == "amend":
            try:
                tracker.amend(live[day % len(live)], {"summary": summary + " (amended)"}, "why")
            except Exception as exc:  # nothing to change is a legitimate refusal
                assert "nothing would change" in str(exc)
        elif action == "retract":
            tracker.retract(live.pop(day % len(live)), "wrong")
        else:
            tracker.sync()
    assert synced_dump(log.path) == rebuilt_dump(log.path)
    assert {e.id for e in tracker.timeline(["Blinken"]).entries} == set(live)


def test_json_rows_equal_the_entries(seed_log: Path) -> None:
    """`--format json` is made straight from rows; it must say what the entries say."""
    import orjson

    t = Tracker(seed_log)
    t.amend(t.timeline(["Blinken"]).entries[0].id, {"topics": ["a", "b"]}, "why")
    for actors, kwargs in (
        (["Blinken"], {}),
        (["USA"], {"members": True}),
        (["Lavrov"], {"with_actors": ["Blinken"]}),
    ):
        entries = t.timeline(actors, **kwargs).entries  # type: ignore[arg-type]
        assert orjson.loads(t.timeline_json(actors, **kwargs)) == [e.to_json() for e in entries]  # type: ignore[arg-type]
        assert entries


def test_entries_share_decoded_participants_and_decode_sources_on_demand(
    tracker: Tracker,
) -> None:
    """The same stored participants are decoded once per query; a rename shows at once."""
    first = call(tracker, "first call")
    second = call(tracker, "second call", when="2021-08-17")
    entries = tracker.timeline(["Blinken"]).entries
    assert [e.id for e in entries] == [first, second]
    assert entries[0].participants is entries[1].participants
    assert [(p.name, p.role) for p in entries[0].participants] == [
        ("Antony Blinken", "initiator"),
        ("Wang Yi", "recipient"),
    ]
    assert entries[0].sources == ({"url": SOURCE},)
    assert entries[0].topics == ()
    tracker.rename("Wang Yi", "Wang Yi (FM)")
    renamed = tracker.timeline(["Blinken"]).entries
    assert [p.name for p in renamed[1].participants] == ["Antony Blinken", "Wang Yi (FM)"]


def test_a_tracker_keeps_one_read_model_connection_between_calls(tracker: Tracker) -> None:
    call(tracker, "first")
    first = tracker.model()
    first.close()  # kept: close() leaves it open for the next call
    again = tracker.model()
    assert again is first
    assert again.execute("SELECT COUNT(*) FROM events").fetchone() == (1,)
    # another writer appends: the kept connection catches up (incremental sync)
    other = Tracker(tracker.log.path)
    call(other, "second")
    assert [e.summary for e in tracker.timeline(["Blinken"]).entries] == ["first", "second"]
    assert tracker.model() is first
    # another tracker rebuilds the read model into a new file: the kept connection no
    # longer reads the live file, so it is closed and a new one opened
    other.sync(force=True)
    call(other, "third")
    assert [e.summary for e in tracker.timeline(["Blinken"]).entries] == [
        "first",
        "second",
        "third",
    ]
    renewed = tracker.model()
    assert renewed is not first
    with pytest.raises(sqlite3.ProgrammingError):
        first.execute("SELECT 1")
    tracker.close()
    with pytest.raises(sqlite3.ProgrammingError):
        renewed.execute("SELECT 1")
    assert len(tracker.timeline(["Blinken"]).entries) == 3
    other.close()


def test_a_deleted_read_model_is_rebuilt_even_with_a_kept_connection(tracker: Tracker) -> None:
    call(tracker, "first")
    kept = tracker.model()
    default_db_path(tracker.log.path).unlink()
    assert tracker.sync().mode == "rebuild"
    assert tracker.model() is not kept
    assert [e.summary for e in tracker.timeline(["Blinken"]).entries] == ["first"]


def test_other_threads_get_their_own_connections(tracker: Tracker) -> None:
    import threading

    call(tracker, "first")
    kept = tracker.model()
    seen: list[object] = []

    def other_thread() -> None:
        conn = tracker.model()
        seen.append(conn)
        seen.append(conn.execute("SELECT COUNT(*) FROM events").fetchone())
        conn.close()

    worker = threading.Thread(target=other_thread)
    worker.start()
    worker.join()
    assert seen[0] is not kept and seen[1] == (1,)
    with pytest.raises(sqlite3.ProgrammingError):
        seen[0].execute("SELECT 1")  # type: ignore[attr-defined]
    assert tracker.model() is kept
