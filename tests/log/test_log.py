"""The log: append, read, verify, torn tail, idempotent append, detection of damage."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import orjson
import pytest

from tests.conftest import SHIPPED_LOG
from tracker.domain.errors import ConflictError, DamagedLogError, LogIOError
from tracker.domain.events import ActorRegistered, EventRetracted, build_actor
from tracker.log.envelope import GENESIS, Pending, content_hash, seal
from tracker.log.file import EventLog


def actor(name: str) -> ActorRegistered:
    return build_actor(name, "person")


def lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def test_append_writes_one_verified_line_per_event(empty_log: Path) -> None:
    log = EventLog(empty_log)
    result = log.append([actor("Antony Blinken"), actor("Wang Yi")])
    assert len(result.ids) == 2 and result.written == result.ids and result.duplicates == []
    raw = lines(empty_log)
    assert len(raw) == 2 and all(line.endswith(b"\n") for line in raw)
    first, second = (orjson.loads(line) for line in raw)
    assert set(first) == {
        "v", "seq", "id", "type", "type_v", "recorded_at", "recorded_by", "data", "hash",
        "prev", "chain",
    }  # fmt: skip
    assert (first["v"], first["seq"], second["seq"]) == (1, 1, 2)
    assert uuid.UUID(first["id"]).version == 7
    assert first["type"] == "ActorRegistered" and first["type_v"] == 1
    assert first["recorded_by"] == "tester"
    assert first["recorded_at"].endswith("Z")
    assert first["data"] == {
        "actor": "antony-blinken",
        "name": "Antony Blinken",
        "kind": "person",
        "aliases": [],
    }
    assert first["hash"] == content_hash("ActorRegistered", 1, first["data"])
    assert first["prev"] == GENESIS and second["prev"] == first["chain"]
    assert seal(first) == (raw[0], first["chain"])
    assert list(first)[-1] == "chain"
    assert result.head == second["chain"]
    records = list(log.read())
    assert [r.id for r in records] == result.ids
    assert log.verify().events == 2


def test_ids_are_time_ordered_uuid7(empty_log: Path) -> None:
    log = EventLog(empty_log)
    ids = log.append([actor(f"Actor {i}") for i in range(50)]).ids
    assert len(set(ids)) == 50
    assert all(uuid.UUID(i).version == 7 and uuid.UUID(i).variant == uuid.RFC_4122 for i in ids)
    stamps = [uuid.UUID(i).int >> 80 for i in ids]
    assert stamps == sorted(stamps)


def test_recorded_by_defaults_to_the_os_user(
    empty_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TRACKER_USER")
    monkeypatch.setattr("getpass.getuser", lambda: "analyst7")
    EventLog(empty_log).append([actor("X")])
    assert orjson.loads(lines(empty_log)[0])["recorded_by"] == "analyst7"


def test_appending_a_known_id_with_the_same_content_writes_nothing(empty_log: Path) -> None:
    log = EventLog(empty_log)
    event_id = "018f0000-0000-7000-8000-000000000001"
    log.append([Pending(actor("A"), event_id)])
    before = empty_log.read_bytes()
    result = log.append([Pending(actor("A"), event_id)])
    assert result.written == [] and result.duplicates == [event_id]
    assert empty_log.read_bytes() == before


def test_same_id_different_content_is_a_conflict_and_writes_nothing(empty_log: Path) -> None:
    log = EventLog(empty_log)
    event_id = "018f0000-0000-7000-8000-000000000001"
    log.append([Pending(actor("A"), event_id)])
    before = empty_log.read_bytes()
    with pytest.raises(ConflictError, match="already in the log with different content"):
        log.append([Pending(actor("B")), Pending(actor("C"), event_id)])
    assert empty_log.read_bytes() == before


def test_a_batch_is_appended_with_one_write(
    empty_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real_write = os.write

    def counting_write(fd: int, data: bytes) -> int:
        calls.append(len(data))
        return real_write(fd, data)

    monkeypatch.setattr("tracker.log.writer.os.write", counting_write)
    EventLog(empty_log).append([actor(f"A{i}") for i in range(10)])
    assert len(calls) == 1 and calls[0] == empty_log.stat().st_size


def test_a_failed_write_leaves_the_log_as_it_was(
    empty_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = EventLog(empty_log)
    log.append([actor("A")])
    before = empty_log.read_bytes()
    real_write = os.write

    def half_then_fail(fd: int, data: bytes) -> int:
        real_write(fd, data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("tracker.log.writer.os.write", half_then_fail)
    with pytest.raises(LogIOError, match="No space left on device; nothing was appended"):
        log.append([actor("B")])
    assert empty_log.read_bytes() == before


def test_a_failed_fsync_leaves_the_log_as_it_was(
    empty_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = EventLog(empty_log)
    log.append([actor("A")])
    before = empty_log.read_bytes()
    calls = {"n": 0}
    real_fsync = os.fsync

    def fail_first(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError(5, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr("tracker.log.writer.os.fsync", fail_first)
    with pytest.raises(LogIOError, match="Input/output error"):
        log.append([actor("B")])
    assert empty_log.read_bytes() == before


def test_readers_ignore_a_torn_tail_and_the_writer_moves_it_aside(empty_log: Path) -> None:
    log = EventLog(empty_log)
    log.append([actor("A"), actor("B")])
    torn = b'{"v":1,"seq":3,"id":"half a li'
    with empty_log.open("ab") as f:
        f.write(torn)
    assert [r.seq for r in log.read()] == [1, 2]
    report = log.verify()
    assert (report.events, report.torn_tail_bytes) == (2, len(torn))

    notices: list[str] = []
    log.append([actor("C")], notice=notices.append)
    aside = list(empty_log.parent.glob("events.jsonl-torn-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == torn
    assert len(notices) == 1 and "moved it to" in notices[0] and str(aside[0]) in notices[0]
    assert [r.seq for r in log.read()] == [1, 2, 3]
    assert log.verify().torn_tail_bytes == 0


def test_a_nul_filled_tail_is_treated_as_torn(empty_log: Path) -> None:
    log = EventLog(empty_log)
    log.append([actor("A")])
    good = empty_log.read_bytes()
    with empty_log.open("ab") as f:
        f.write(b"\0" * 512)
    assert log.verify().events == 1
    log.append([actor("B")], notice=lambda _m: None)
    assert empty_log.read_bytes().startswith(good)
    assert log.verify().events == 2


def _damage(path: Path, index: int, new: bytes) -> None:
    raw = lines(path)
    raw[index] = new
    path.write_bytes(b"".join(raw))


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    target = tmp_path / "copy.jsonl"
    target.write_bytes(SHIPPED_LOG.read_bytes())
    return target


def test_the_shipped_log_verifies(shipped: Path) -> None:
    report = EventLog(shipped).verify()
    assert report.events == len(lines(shipped)) == 33 and report.torn_tail_bytes == 0


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (lambda b: b.replace(b"Afghanistan", b"Afghanistam", 1), "content does not match its hash (the line was edited)"),
        (lambda b: b.replace(b'"recorded_by":"', b'"recorded_by":"x', 1), "chain hash does not match (the envelope was edited)"),
        (lambda b: b"{{" + b[1:], "not valid JSON"),
        (lambda b: b[:30] + b"\xff\xfe" + b[30:], "not valid UTF-8"),
        (lambda b: b"\n", "empty line"),
        (lambda b: b"[1, 2]\n", "not a JSON object"),
    ],
)  # fmt: skip
def test_damage_in_the_middle_is_named_with_its_line(shipped: Path, damage, problem: str) -> None:  # type: ignore[no-untyped-def]
    raw = lines(shipped)
    index = next(i for i, line in enumerate(raw) if b"Afghanistan" in line and i > 14)
    _damage(shipped, index, damage(raw[index]))
    before = shipped.read_bytes()
    with pytest.raises(DamagedLogError) as err:
        EventLog(shipped).verify()
    assert err.value.line == index + 1
    assert err.value.problem.startswith(problem)
    assert f"line {index + 1}: {problem}" in str(err.value)
    assert shipped.read_bytes() == before  # verifying never repairs or drops anything


@pytest.mark.parametrize("how", ["delete", "reorder", "insert", "duplicate"])
def test_removed_reordered_or_inserted_lines_are_caught(shipped: Path, how: str) -> None:
    raw = lines(shipped)
    if how == "delete":
        del raw[10]
    elif how == "reorder":
        raw[10], raw[11] = raw[11], raw[10]
    elif how == "insert":
        raw.insert(10, raw[3])
    else:
        raw.insert(11, raw[10])
    shipped.write_bytes(b"".join(raw))
    with pytest.raises(DamagedLogError) as err:
        EventLog(shipped).verify()
    assert err.value.line == (12 if how == "duplicate" else 11)
    assert "a line was removed, inserted or reordered" in err.value.problem


def test_a_rewritten_log_with_a_recomputed_chain_is_caught_only_by_the_head_anchor(
    shipped: Path,
) -> None:
    log = EventLog(shipped)
    anchor = log.verify().head
    forged = EventLog(shipped.with_name("forged.jsonl"))
    EventLog.create(forged.path)
    forged.append([actor("Someone Else")])
    assert forged.verify().events == 1  # a consistent chain on its own
    with pytest.raises(DamagedLogError, match="no line of the log has that hash"):
        forged.verify(head=anchor)
    assert log.verify(head=anchor).head == anchor


def test_verify_head_of_an_earlier_line_says_how_many_came_after(shipped: Path) -> None:
    log = EventLog(shipped)
    older = list(log.read())[-3].chain
    with pytest.raises(
        DamagedLogError, match=r"it is the head of line 31, so 2 line\(s\) came after it"
    ):
        log.verify(head=older)


def test_duplicate_ids_are_damage(empty_log: Path) -> None:
    log = EventLog(empty_log)
    first = log.append([actor("A")]).ids[0]
    log.append([EventRetracted(first, "test")])
    raw = lines(empty_log)
    env = orjson.loads(raw[1])
    env["id"] = first
    empty_log.write_bytes(raw[0] + seal(env)[0])
    with pytest.raises(DamagedLogError, match=r"line 2: event id .* appears again"):
        log.verify()


def test_missing_log_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LogIOError, match=r"no log at .*run `tracker init`"):
        list(EventLog(tmp_path / "nope.jsonl").read())


def test_an_unknown_newer_type_version_is_reported_not_guessed(empty_log: Path) -> None:
    log = EventLog(empty_log)
    log.append([actor("A")])
    raw = lines(empty_log)
    env = orjson.loads(raw[0])
    env["type_v"] = 9
    env["hash"] = content_hash(env["type"], 9, env["data"])
    empty_log.write_bytes(seal(env)[0])
    with pytest.raises(DamagedLogError, match="ActorRegistered v9 is newer than this tracker"):
        log.verify()


def test_upcasters_upgrade_old_versions_on_read(
    empty_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A type at v2 reads a v1 line through its upcaster; the line itself is not rewritten."""
    from tracker.domain import events

    log = EventLog(empty_log)
    log.append([actor("A")])
    before = empty_log.read_bytes()
    monkeypatch.setattr(events.ActorRegistered, "VERSION", 2)
    monkeypatch.setitem(
        events.UPCASTERS,
        ("ActorRegistered", 1),
        lambda d: {**d, "aliases": [*d["aliases"], "upcast"]},
    )
    (record,) = log.read()
    assert record.type_v == 1 and record.upcast_data()["aliases"] == ["upcast"]
    assert empty_log.read_bytes() == before
