"""Appending to the server: idempotent by id, all or nothing, one clear error each time."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.log.postgres.conftest import Report, StoreDB
from tests.log.postgres.helpers import call, fixed_id
from tracker.domain.errors import ConflictError, ExitCode
from tracker.log.envelope import Pending, encode
from tracker.log.postgres.common import StoreError, StoreIOError, StorePermissionError
from tracker.log.postgres.store import Store


def test_same_id_same_content_writes_nothing(store_db: StoreDB, figures: Report) -> None:
    ids = [fixed_id(1, i) for i in range(5)]
    with Store(store_db.url("alice")) as store:
        first = store.append([Pending(call(f"event {i}"), ids[i]) for i in range(5)])
        before = store_db.lines()
        again = store.append([Pending(call(f"event {i}"), ids[i]) for i in range(5)])
        # a retry by another writer is a duplicate too: the id is the key, not the writer
        with Store(store_db.url("bob")) as other:
            third = other.append([Pending(call("event 2"), ids[2])])
    assert first.written == ids and not first.duplicates
    assert again.written == [] and again.duplicates == ids and again.head == first.head
    assert third.duplicates == [ids[2]] and third.written == []
    assert store_db.lines() == before
    figures("5 events appended, then 5 + 1 retries by id: 0 lines written, head unchanged")


def test_same_id_other_content_is_a_conflict_and_writes_nothing(
    store_db: StoreDB, figures: Report
) -> None:
    event_id = fixed_id(2, 0)
    with Store(store_db.url("alice")) as store:
        store.append([Pending(call("the first version"), event_id)])
        before = store_db.lines()
        with pytest.raises(ConflictError) as caught:
            store.append([Pending(call("new"), None), Pending(call("other content"), event_id)])
        assert str(caught.value) == (
            f"event id {event_id} is already in the log with different content; nothing was written"
        )
        assert caught.value.exit_code == ExitCode.CONFLICT
        with pytest.raises(ConflictError, match="given twice in this input"):
            store.append([Pending(call("a"), fixed_id(2, 1)), Pending(call("b"), fixed_id(2, 1))])
        assert store_db.lines() == before
        # the connection is still good after a refused batch
        assert store.append([call("after the conflicts")]).head.seq == 2
    figures("2/2 conflicts (on the server, within the batch) wrote 0 lines")


def test_a_failed_batch_leaves_nothing(store_db: StoreDB) -> None:
    good, bad = encode(call("good"), fixed_id(3, 0)), encode(call("bad"), fixed_id(3, 1))
    with Store(store_db.url("alice")) as store:
        store.append([call("already there")])
        before = store_db.lines()
        with pytest.raises(StoreError) as caught:
            store.append([good, replace(bad, hash="not a hash")])
        message = str(caught.value)
        assert "\n" not in message and message.endswith("; nothing was written")
        assert f"event {fixed_id(3, 1)}: the content hash is not 64 hex digits" in message
        assert store_db.lines() == before
        assert store.append([good]).written == [fixed_id(3, 0)]  # it was not half there


def test_a_reader_cannot_append(store_db: StoreDB) -> None:
    with Store(store_db.url("alice")) as store:
        store.append([call("by a writer")])
    before = store_db.lines()
    with Store(store_db.url("rita")) as reader:
        assert reader.head().seq == 1  # it may read
        with pytest.raises(StorePermissionError) as caught:
            reader.append([call("by a reader")])
    assert caught.value.exit_code == ExitCode.IO
    assert str(caught.value) == (
        f"role rita may not append to the store {store_db.url('rita')}: it is not a member"
        " of the store's writer role; nothing was written"
    ).replace(store_db.server.password, "***")
    assert store_db.lines() == before


def test_an_unreachable_server_is_one_line_without_the_password(tmp_path: object) -> None:
    url = f"postgresql://alice:s3cr%40t-pw@/desk?host={tmp_path}&connect_timeout=2"
    store = Store(url)
    assert "s3cr" not in repr(store)
    with pytest.raises(StoreIOError) as caught:
        store.append([call("nowhere to go")])
    message = str(caught.value)
    assert caught.value.exit_code == ExitCode.IO
    assert message.startswith(
        f"cannot connect to the store postgresql://alice:***@/desk?host={tmp_path}"
    )
    assert "\n" not in message and "s3cr" not in message
