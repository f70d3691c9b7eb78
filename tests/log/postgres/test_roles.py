"""Append-only, enforced by the server: every way around the client is refused.

These tests talk SQL to the server directly, as a user bypassing tracker would."""

from __future__ import annotations

from collections.abc import Callable

import orjson
import psycopg
import psycopg.errors
import pytest

from tests.log.postgres.conftest import Report, StoreDB
from tests.log.postgres.helpers import call, fixed_id
from tracker.log.envelope import content_hash
from tracker.log.postgres.store import Store

EDITS = {
    "UPDATE": "UPDATE tracker.log SET recorded_by = 'someone else' WHERE seq = 1",
    "DELETE": "DELETE FROM tracker.log WHERE seq = 2",
    "TRUNCATE": "TRUNCATE tracker.log",
    "UPDATE of nothing": "UPDATE tracker.log SET line = line WHERE false",
}


def _filled(store_db: StoreDB) -> list[str]:
    with Store(store_db.url("alice")) as store:
        store.append([call("one"), call("two")])
    return store_db.lines()


def _refused(conn: psycopg.Connection[object], statement: str) -> str:
    """The server's one-line refusal of ``statement`` (the transaction rolled back)."""
    with pytest.raises(psycopg.Error) as caught, conn.transaction():
        conn.execute(statement)
    return caught.value.diag.message_primary or str(caught.value)


def test_nobody_but_the_owner_can_update_delete_or_truncate(
    store_db: StoreDB, figures: Report
) -> None:
    before = _filled(store_db)
    with store_db.connect() as su:  # a role with UPDATE, DELETE and TRUNCATE granted
        su.execute("DROP ROLE IF EXISTS tracker_test_editor")
        su.execute("CREATE ROLE tracker_test_editor LOGIN")
        su.execute("GRANT USAGE ON SCHEMA tracker TO tracker_test_editor")
        su.execute("GRANT ALL ON tracker.log TO tracker_test_editor")
    refusals: dict[str, str] = {}
    try:
        for who in ("alice", "rita", "tracker_test_editor", None):  # None: the superuser
            with store_db.connect(who) as conn:
                for what, statement in EDITS.items():
                    refusals[f"{who or 'postgres'} {what}"] = _refused(conn, statement)
    finally:
        with store_db.connect() as su:
            su.execute("REVOKE ALL ON tracker.log FROM tracker_test_editor")
            su.execute("REVOKE ALL ON SCHEMA tracker FROM tracker_test_editor")
            su.execute("DROP ROLE tracker_test_editor")
    assert store_db.lines() == before
    for user in ("alice", "rita"):  # no privilege at all
        assert {refusals[f"{user} {what}"] for what in EDITS} == {"permission denied for table log"}
    for user in ("tracker_test_editor", "postgres"):  # privileged: the trigger refuses
        for what in EDITS:
            op = what.split()[0]
            assert refusals[f"{user} {what}"] == (
                f"the log is append-only: {op} refused for role {user}"
            )
    figures(
        f"{len(refusals)}/{len(refusals)} edits refused (writer, reader: no privilege; a role"
        " granted ALL and the superuser: the trigger), lines unchanged"
    )


def _insert(conn: psycopg.Connection[object], **columns: object) -> None:
    event = call("typed by hand")
    data = event.to_data()
    row: dict[str, object] = {
        "id": fixed_id(9, 0),
        "type": event.TYPE,
        "type_v": event.VERSION,
        "data": orjson.dumps(data).decode(),
        "hash": content_hash(event.TYPE, event.VERSION, data),
        **columns,
    }
    names = ", ".join(row)
    marks = ", ".join(["%s"] * len(row))
    conn.execute(f"INSERT INTO tracker.log ({names}) VALUES ({marks})", list(row.values()))


def test_a_forged_recorded_by_is_overwritten_by_the_server(
    store_db: StoreDB, figures: Report
) -> None:
    _filled(store_db)
    with store_db.connect("alice") as conn, conn.transaction():
        conn.execute("SELECT tracker.lock_log()")
        _insert(conn, recorded_by="bob", recorded_at="2001-01-01T00:00:00.000000Z")
    envelope = orjson.loads(store_db.lines()[-1])
    assert envelope["recorded_by"] == "alice"
    assert envelope["recorded_at"] > "2020"
    with store_db.connect() as su:
        row = su.execute("SELECT recorded_by, appended_by FROM tracker.log WHERE seq = 3")
        assert row.fetchone() == ("alice", "alice")
    figures("recorded_by 'bob' and recorded_at 2001 typed by alice: stored as alice, now")


ForgeryCase = Callable[[psycopg.Connection[object]], None]


def _sealed_columns(conn: psycopg.Connection[object]) -> None:
    conn.execute("SELECT tracker.lock_log()")
    _insert(conn, seq=99)


def _line_column(conn: psycopg.Connection[object]) -> None:
    conn.execute("SELECT tracker.lock_log()")
    _insert(conn, line='{"v":1}', chain="0" * 64)


def _no_lock(conn: psycopg.Connection[object]) -> None:
    _insert(conn)


def _repeatable_read(conn: psycopg.Connection[object]) -> None:
    conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
    conn.execute("SELECT tracker.lock_log()")
    _insert(conn)


def _pushed_without_merge(conn: psycopg.Connection[object]) -> None:
    conn.execute("SELECT tracker.lock_log()")
    _insert(conn, pushed=True, recorded_by="bob", recorded_at="2021-08-16T00:00:00.000000Z")


def _a_reader(conn: psycopg.Connection[object]) -> None:
    conn.execute("SELECT tracker.lock_log()")


CASES: dict[str, tuple[str | None, ForgeryCase, str]] = {
    "seq given": ("alice", _sealed_columns, "permission denied for table log"),
    "line and chain given": ("alice", _line_column, "permission denied for table log"),
    "no lock": (
        "alice", _no_lock,
        "an append must hold the log lock: call tracker.lock_log() first, in the same transaction",
    ),
    "REPEATABLE READ": (
        "alice", _repeatable_read, "appends need READ COMMITTED isolation, not repeatable read",
    ),
    "pushed without a LogsMerged": (
        "alice", _pushed_without_merge,
        f"event {fixed_id(9, 0)} keeps recorded_by bob from a file, but no LogsMerged event"
        " of the same transaction records the push",
    ),
    "reader takes the lock": ("rita", _a_reader, "permission denied for function lock_log"),
}  # fmt: skip


def test_appends_around_the_client_are_refused(store_db: StoreDB, figures: Report) -> None:
    before = _filled(store_db)
    for name, (user, case, expected) in CASES.items():
        conn = psycopg.connect(store_db.url(user or "alice"))  # one transaction, then commit
        try:
            with pytest.raises(psycopg.Error) as caught:
                case(conn)
                conn.commit()  # the push check is deferred to here
            assert caught.value.diag.message_primary == expected, name
        finally:
            conn.close()
    assert store_db.lines() == before
    figures(f"{len(CASES)}/{len(CASES)} appends around the client refused: {', '.join(CASES)}")


def test_an_id_that_no_retraction_could_name_is_refused(store_db: StoreDB, figures: Report) -> None:
    """An event whose id is no UUID could never be retracted, and the log is append-only:
    the server refuses it, as ``tracker verify`` would refuse it in a file."""
    _filled(store_db)
    before = store_db.lines()
    refused = []
    for bad in ("t-1", "0192A0B0-1234-7ABC-8DEF-0123456789AB", "{" + fixed_id(9, 2) + "}", ""):
        with (
            pytest.raises(psycopg.errors.InvalidParameterValue) as caught,
            store_db.connect("alice") as conn,
            conn.transaction(),
        ):
            conn.execute("SELECT tracker.lock_log()")
            _insert(conn, id=bad)
        refused.append(str(caught.value).splitlines()[0])
    assert store_db.lines() == before
    assert all("the id is not a UUID" in message for message in refused)
    figures(f"{len(refused)}/4 ids that are no canonical UUID refused by the server: {refused[0]}")
