"""An event that spans days (issue 13) on the server: recorded at v2 of its type, a single
date at v1, as the file log records them, and the lines verify as a file log."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import orjson

from tests.log.postgres.conftest import StoreDB
from tests.log.postgres.helpers import call, fixed_id, verified
from tracker.log.envelope import Pending, encode
from tracker.log.postgres.store import Store


def test_an_interval_is_v2_and_a_single_date_v1(store_db: StoreDB, tmp_path: Path) -> None:
    trip = replace(call("three days of talks"), type="meeting", when="2021-03-15/2021-03-17")
    single = call("one call")
    with Store(store_db.url("alice")) as store:
        store.append([Pending(trip, fixed_id(9, 0)), Pending(single, fixed_id(9, 1))])
    lines = store_db.lines()
    stored = [orjson.loads(line) for line in lines]
    assert [(e["type_v"], e["data"]["when"]) for e in stored] == [
        (2, "2021-03-15/2021-03-17"),
        (1, "2021-08-16"),
    ]
    assert [e["hash"] for e in stored] == [encode(trip).hash, encode(single).hash]
    assert verified(lines, tmp_path / "copy.jsonl") == 2
