"""The server recomputes every event's content hash, and takes a payload only in the form
tracker writes it: a line whose hash does not match its data would otherwise be stored, and
then fail ``verify`` and ``pull`` for everybody.

The content hash is sha256 of the canonical ``{"data":...,"type":...,"type_v":...}``
(orjson, keys sorted, no spaces). The server rebuilds the payload from its parsed JSON,
once in its own key order (which must give back its bytes exactly) and once with its keys
sorted (what the hash covers). A refusal is ``StoreContentError``, exit 6, nothing written.
"""

from __future__ import annotations

import math
import random
import struct
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import orjson
import psycopg
import pytest

from tests.log.postgres.conftest import Report, StoreDB
from tests.log.postgres.helpers import call, fixed_id, verified
from tracker.domain.errors import ExitCode
from tracker.log.envelope import Encoded, content_hash, encode
from tracker.log.postgres.common import BAD_CONTENT, StoreContentError
from tracker.log.postgres.libpq import LibpqStore
from tracker.log.postgres.store import Store

CLIENTS: dict[str, Callable[[str], Any]] = {"psycopg": Store, "libpq": LibpqStore}


def _encoded(data: bytes, event_id: str, hash_: str | None = None) -> Encoded:
    """An event of type ``Test`` with these payload bytes; its hash right unless given."""
    digest = hash_ or content_hash("Test", 1, orjson.loads(data))
    return Encoded("Test", 1, data, digest, event_id)


def _raw_insert(conn: psycopg.Connection[Any], item: Encoded) -> None:
    conn.execute("SELECT tracker.lock_log()")
    conn.execute(
        "INSERT INTO tracker.log (id, type, type_v, data, hash) VALUES (%s, %s, %s, %s, %s)",
        (item.id, item.type, item.type_v, item.data.decode(), item.hash),
    )


# payloads orjson would not write back the same (each hashed as verify would hash it)
NOT_CANONICAL = {
    "a space": b'{"b":1, "a":2}',
    "a float's trailing zero": b'{"b":1.50}',
    "an exponent": b'{"b":1E2}',
    "minus zero": b'{"b":-0}',
    "an integer beyond 64 bits": b'{"b":123456789012345678901}',
    "a duplicate key": b'{"b":1,"b":2}',
    "a duplicate key inside": b'{"b":[1,{"a":1,"a":1}]}',
    "an escaped letter": b'{"b":"\\u0061"}',
    "an escaped slash": b'{"b":"\\/"}',
}


def test_a_forged_hash_and_foreign_payloads_are_refused_by_raw_sql(
    store_db: StoreDB, figures: Report
) -> None:
    with Store(store_db.url("alice")) as store:
        store.append([call("already there")])
    before = store_db.lines()
    good = encode(call("typed by hand"), fixed_id(20, 0))
    cases = {"a forged hash": replace(good, hash="0" * 64)}
    cases |= {name: _encoded(data, fixed_id(20, i + 1)) for i, (name, data) in
              enumerate(NOT_CANONICAL.items())}  # fmt: skip
    refused = {}
    for name, item in cases.items():
        with (
            pytest.raises(psycopg.Error) as caught,
            store_db.connect("alice") as conn,
            conn.transaction(),
        ):
            _raw_insert(conn, item)
        assert caught.value.sqlstate == BAD_CONTENT, name
        refused[name] = caught.value.diag.message_primary or ""
    assert store_db.lines() == before
    assert refused["a forged hash"] == (
        f"event {good.id}: its content hash {'0' * 64} is not the hash of its type, version"
        f" and payload ({good.hash})"
    )
    assert all(
        message.endswith("the payload is not written as tracker writes it (compact JSON, no"
                         " duplicate key, every string and number in orjson's form)")
        for name, message in refused.items() if name != "a forged hash"
    )  # fmt: skip
    with store_db.connect("alice") as conn, conn.transaction():  # the good line still goes in
        _raw_insert(conn, good)
    lines = store_db.lines()
    assert len(lines) == len(before) + 1 and orjson.loads(lines[-1])["hash"] == good.hash
    figures(
        f"raw SQL: {len(refused)}/{len(cases)} refused by the server (a forged hash;"
        f" {', '.join(list(NOT_CANONICAL))}), 0 stored; the good line stored"
    )


@pytest.mark.parametrize("client", list(CLIENTS))
def test_a_client_sending_a_forged_hash_gets_one_line_and_exit_6(
    store_db: StoreDB, client: str, tmp_path: Path, figures: Report
) -> None:
    good = encode(call("good"), fixed_id(21, 0))
    forged = replace(encode(call("forged"), fixed_id(21, 1)), hash=good.hash)
    spaced = _encoded(b'{"a": 1}', fixed_id(21, 2))
    messages = []
    with CLIENTS[client](store_db.url("alice")) as store:
        for bad in (forged, spaced):
            with pytest.raises(StoreContentError) as caught:
                store.append([good, bad])  # all or nothing: the good one is not written
            assert caught.value.exit_code == ExitCode.DAMAGED_LOG == 6
            messages.append(str(caught.value))
        assert store_db.lines() == []
        assert store.append([good]).written == [good.id]  # the connection is still good
    assert messages[0] == (
        f"cannot append to the store: the store {store_db.url('alice')} refused it: event {forged.id}: its content hash"
        f" {good.hash} is not the hash of its type, version and payload ({encode(call('forged')).hash});"
        " nothing was written"
    ).replace(store_db.server.password, "***")
    assert "not written as tracker writes it" in messages[1]
    assert all("\n" not in m and store_db.server.password not in m for m in messages)
    assert verified(store_db.lines(), tmp_path / "events.jsonl") == 1
    figures(f"{client}: a forged hash and a spaced payload refused, exit 6: {messages[0]}")


def _doubles() -> list[float]:
    """Edge cases of orjson's float form (decimal up to 16 digits, then 1e+16; down to
    0.0001, then 1e-5...), and a fixed random sample of every kind of double."""
    values = [0.0, -0.0, 1.0, 0.1, 2.5, 100.0, 123.456, 1e15, 1e16, 9999999999999998.0,
              12345678901234567.0, 0.0001, 0.00012, 1e-5, 0.00001234, 1e-6, 1.5e-7, 5e-324,
              2.2250738585072014e-308, 1.7976931348623157e308, 1e21, 1e22, -3.2958]  # fmt: skip
    rng = random.Random(16)
    while len(values) < 3000:
        x = struct.unpack("d", struct.pack("Q", rng.getrandbits(64)))[0]
        if math.isfinite(x):
            values += [x, round(rng.uniform(-100, 100), rng.randint(0, 6))]
    return values


def test_every_float_orjson_writes_is_taken(store_db: StoreDB, figures: Report) -> None:
    """Importers keep numbers (GDELT's tone); the server must take each float as orjson
    writes it, and so compute the same hash."""
    values = _doubles()
    data = orjson.dumps({"floats": values, "ints": [0, -1, 2**63 - 1, -(2**63), 2**64 - 1]})
    with Store(store_db.url("alice")) as store:
        assert store.append([_encoded(data, fixed_id(22, 0))]).written == [fixed_id(22, 0)]
    with store_db.connect() as conn:
        texts = conn.execute(
            "SELECT tracker.float_text(d) FROM unnest(%s::float8[]) WITH ORDINALITY AS u(d, n)"
            " ORDER BY n",
            (values,),
        ).fetchall()
    same = sum(t == orjson.dumps(v).decode() for (t,), v in zip(texts, values, strict=True))
    assert same == len(values)
    figures(f"{len(values)} doubles: the server writes {same}/{len(values)} as orjson does")
