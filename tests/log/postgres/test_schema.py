"""The server writes the same lines as a file log: byte for byte, every character."""

from __future__ import annotations

from pathlib import Path

import orjson

from tests.log.postgres.conftest import OWNER, READER, WRITER, Report, Server, StoreDB, new_database
from tests.log.postgres.helpers import call, fixed_id, resealed, verified
from tracker.log.envelope import Encoded, content_hash
from tracker.log.file import EventLog
from tracker.log.postgres.schema import LogRow, ServerModel, init_store
from tracker.log.postgres.store import Store


def test_init_creates_tables_roles_and_is_safe_to_run_again(
    pg_server: Server, store_db: StoreDB, figures: Report
) -> None:
    with new_database(pg_server) as fresh:  # a database with nothing in it yet
        made = init_store(pg_server.url(OWNER, fresh))
    assert (made.database, made.owner, made.writer, made.reader, made.events) == (
        fresh, OWNER, f"{fresh}_writer", f"{fresh}_reader", 0,
    )  # fmt: skip
    with Store(store_db.url("alice")) as store:
        store.append([call("before the second init")])
    before = store_db.lines()
    again = init_store(store_db.owner_url)  # the store was set up already: it keeps its roles
    assert (again.writer, again.reader, again.events) == (WRITER, READER, 1)
    assert store_db.lines() == before
    with Store(store_db.url("bob")) as store:  # and its writers
        assert store.append([call("after the second init")]).head.seq == 2
    with store_db.connect() as conn:
        columns = [
            r[0]
            for r in conn.execute(
                "SELECT column_name FROM information_schema.columns"
                " WHERE table_schema = 'tracker' AND table_name = 'log' ORDER BY ordinal_position"
            )
        ]
        triggers = sorted(
            r[0]
            for r in conn.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'tracker.log'::regclass"
                " AND NOT tgisinternal"
            )
        )
    assert columns == list(LogRow.model_fields)
    assert triggers == [
        "log_append_only", "log_check_append", "log_notify", "log_push_closed", "log_seal",
    ]  # fmt: skip
    # the server's tables are not in the read model's metadata (compiled for SQLite)
    from sqlmodel import SQLModel

    assert set(ServerModel.metadata.tables) == {"tracker.log", "tracker.roles"}
    assert not set(SQLModel.metadata.tables) & set(ServerModel.metadata.tables)
    figures(
        f"init on an empty database and again on a store: {len(columns)} columns, triggers"
        f" {', '.join(triggers)}; roles and lines kept"
    )


def _raw(event_id: str, summary: str, type_name: str | None = None) -> Encoded:
    """An event whose summary (and type) holds any character (the log does not validate
    payloads; the server takes only UUIDs for ids, which a retraction can name)."""
    event = call("placeholder")
    data = {**event.to_data(), "summary": summary}
    kind = type_name or event.TYPE
    return Encoded(
        kind, event.VERSION, orjson.dumps(data), content_hash(kind, event.VERSION, data),
        event_id,
    )  # fmt: skip


# every ASCII character but NUL (PostgreSQL's text holds none), and a sample beyond
SAMPLES = [chr(c) for c in range(1, 128)] + [
    "é", "ß", "中文", "\u2028", "\u2029", "\u200b", "\ufeff", "\u202e", "\U0001f600",
    "\ud7ff", "\ue000", "\uffff", "\U0010ffff",
]  # fmt: skip


def test_server_lines_are_the_file_logs_bytes_for_every_character(
    store_db: StoreDB, tmp_path: Path, figures: Report
) -> None:
    """The server builds each line with PostgreSQL's JSON escaping; it must be orjson's."""
    items = [
        _raw(fixed_id(8, i), f"text [{ch}] end", f"Type[{ch}]") for i, ch in enumerate(SAMPLES)
    ]
    with Store(store_db.url("alice")) as store:
        result = store.append(items)
    lines = store_db.lines()
    assert len(lines) == len(result.written) == len(SAMPLES)
    same = sum(resealed(line) == line.encode() + b"\n" for line in lines)
    assert same == len(lines)
    # the payload's bytes are the client's, as a file log's append writes them
    for line, item in zip(lines, items, strict=True):
        assert b',"data":' + item.data + b',"hash":"' in line.encode()
    # and the whole is a file log: tracker verify passes
    path = tmp_path / "events.jsonl"
    path.write_bytes(b"".join(line.encode() + b"\n" for line in lines))
    assert [r.id for r in EventLog(path).read(check_ids=True)] == [i.id for i in items]
    figures(
        f"{len(SAMPLES)} characters (1-127 and {len(SAMPLES) - 127} beyond ASCII) in types and"
        f" payloads: {same}/{len(lines)} server lines byte-identical to seal()"
    )


def test_envelope_fields_come_from_the_server(store_db: StoreDB, tmp_path: Path) -> None:
    with Store(store_db.url("bob")) as store:
        first = store.append([call("one"), call("two")])
        second = store.append([call("three")])
    lines = store_db.lines()
    envelopes = [orjson.loads(line) for line in lines]
    assert [e["seq"] for e in envelopes] == [1, 2, 3]
    assert [e["recorded_by"] for e in envelopes] == ["bob"] * 3
    assert [e["id"] for e in envelopes] == first.written + second.written
    assert envelopes[1]["prev"] == envelopes[0]["chain"] and envelopes[0]["prev"] == "0" * 64
    stamps = [e["recorded_at"] for e in envelopes]
    assert stamps == sorted(stamps) and all(s.endswith("Z") and len(s) == 27 for s in stamps)
    assert second.head == (3, envelopes[2]["chain"])
    assert verified(lines, tmp_path / "events.jsonl") == 3
    with store_db.connect() as conn:
        row = conn.execute(
            "SELECT appended_by, data, pushed, recorded_by, chain FROM tracker.log WHERE seq = 3"
        ).fetchone()
    assert row == ("bob", None, False, "bob", envelopes[2]["chain"])
