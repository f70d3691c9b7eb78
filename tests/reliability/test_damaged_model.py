"""A damaged read model (issue 11, item 7). It is a cache: whatever is wrong with it, it is
moved aside with a one-line notice and rebuilt from the log, and every command works after.
A cache that cannot be written (a full disk, a folder in its place) is exit 7 for a reading
command, and never stops ``add-event``: names are then resolved from the log in memory.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import tracker.readmodel.sync
from tests.conftest import SOURCE, file_digest
from tests.reliability.conftest import Report
from tracker.log.paths import default_db_path
from tracker.services.recording import ActorRef
from tracker.services.tracker import Tracker

ADD = (
    "add-event", "--type", "phone_call", "--initiator", "Blinken", "--recipient", "Wang Yi",
    "--date", "2021-08-17", "--summary", "after the damage", "--source", SOURCE,
)  # fmt: skip
TIMELINE = ("timeline", "--actor", "Blinken", "--format", "json")
PAGE = 4096


def _model(seed_log: Path) -> Path:
    return default_db_path(seed_log)


def _built(cli: Callable[..., Any], seed_log: Path) -> tuple[Path, str]:
    result = cli(*TIMELINE)
    assert result.exit_code == 0 and result.stderr == ""
    return _model(seed_log), result.stdout


def _garbage(size: int, seed: int = 7) -> bytes:
    import random

    return random.Random(seed).randbytes(size)


def _sql(db: Path, *statements: str) -> None:
    conn = sqlite3.connect(db)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def _foreign(db: Path) -> None:
    db.unlink()
    _sql(db, "CREATE TABLE notes (text TEXT)")


def _zero_page(db: Path, page: int) -> None:
    data = bytearray(db.read_bytes())
    data[page * PAGE : (page + 1) * PAGE] = bytes(PAGE)
    db.write_bytes(bytes(data))


DAMAGE: dict[str, tuple[Callable[[Path], object], str | None]] = {
    # how the file is damaged -> (the damage, the problem the notice names; None: harmless)
    "garbage bytes": (
        lambda db: db.write_bytes(_garbage(db.stat().st_size)),
        "it is not a SQLite database",
    ),
    "cut in half": (
        lambda db: db.write_bytes(db.read_bytes()[: db.stat().st_size // 2]),
        "it is cut short (",
    ),
    "one page short": (
        lambda db: db.write_bytes(db.read_bytes()[:-PAGE]),
        "it is cut short (",
    ),
    "empty": (lambda db: db.write_bytes(b""), "it is empty"),
    "first page zeroed": (lambda db: _zero_page(db, 0), "it is not a SQLite database"),
    "a table dropped": (
        lambda db: _sql(db, "DROP TABLE participations"),
        "its tables are not this version's (2 missing, 0 not expected)",
    ),
    "a column added": (
        lambda db: _sql(db, "ALTER TABLE events ADD COLUMN extra TEXT"),
        "its tables are not this version's (1 missing, 1 not expected)",
    ),
    "another program's database": (_foreign, "it has no sync_state table"),
    "garbage -wal beside it": (
        lambda db: db.with_name(db.name + "-wal").write_bytes(_garbage(20_000)),
        None,
    ),
    "garbage -journal beside it": (
        lambda db: db.with_name(db.name + "-journal").write_bytes(_garbage(20_000)),
        None,
    ),
}


def _integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_a_damaged_read_model_is_moved_aside_and_rebuilt(
    cli: Callable[..., Any], seed_log: Path, kind: str, figures: Report
) -> None:
    db, healthy = _built(cli, seed_log)
    damage, problem = DAMAGE[kind]
    damage(db)
    lines = seed_log.read_bytes().count(b"\n")

    result = cli(*TIMELINE)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == healthy
    notes = result.stderr.splitlines()
    if problem is None:
        assert notes == []
    else:
        assert len(notes) == 1, notes
        start = f"note: the read model {db} was damaged: {problem}"
        assert notes[0].startswith(start), notes
        assert notes[0].endswith(f"; moved it to {db.name}.damaged and rebuilt it from the log"), (
            notes
        )
        assert db.with_name(db.name + ".damaged").exists()
    assert _integrity(db) == "ok"
    # every command works after, and says nothing more
    again = cli(*TIMELINE)
    assert (again.exit_code, again.stdout, again.stderr) == (0, healthy, "")
    added = cli(*ADD)
    assert added.exit_code == 0 and added.stderr == "", added.stderr
    assert seed_log.read_bytes().count(b"\n") == lines + 1
    assert cli("verify").exit_code == 0
    assert "after the damage" in cli(*TIMELINE).stdout
    assert sorted(p.name for p in db.parent.glob("*.rebuild-*")) == []
    figures(f"{kind}: timeline exit 0, same output, {notes[0] if notes else 'no notice'!r}"
            .replace(str(db.parent) + "/", ""))  # fmt: skip


@pytest.fixture
def busy_log(seed_log: Path) -> Path:
    """The shipped log and 400 more calls, an amendment, a retraction, an alias: a read
    model of about 80 pages, with interior b-tree pages."""
    t = Tracker(seed_log)
    ids = t.add_events(
        [
            dict(
                type="phone_call" if i % 2 else "meeting",
                when=f"20{10 + i % 12}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                participants=[
                    ActorRef("Blinken", "initiator"),
                    ActorRef(("Wang Yi", "Lavrov")[i % 2], "recipient"),
                ],
                summary=f"call number {i} " + "on regional security " * (i % 7),
                sources=[SOURCE],
            )
            for i in range(400)
        ]
    ).ids
    t.amend(ids[3], {"summary": "amended"}, "typo")
    t.retract(ids[5], "never happened")
    t.add_alias("Wang Yi", "WY")
    t.close()
    return seed_log


def _answers(t: Tracker, event_id: str) -> list[str]:
    """What reading commands answer: each table of the model is read by one of them."""
    return [
        repr(t.timeline(["Blinken"])),
        repr(t.timeline(["Wang Yi"], with_actors=["Blinken"])),
        repr(t.actors()),
        repr(t.actor("Lavrov")),
        repr(t.show(event_id)),
        repr(t.history(event_id)),
        repr(sorted(t.contact_graph().edges(data=True))),
    ]


def test_every_zeroed_page_is_found_or_never_read(
    busy_log: Path, tmp_path: Path, figures: Report
) -> None:
    """One page zeroed at a time, each page of the model: every answer is the healthy
    model's; a page that a query reads is found (SQLite: "database disk image is
    malformed"), the model moved aside and rebuilt, and the call run again."""
    t = Tracker(busy_log)
    event_id = t.timeline(["Blinken"]).entries[3].id
    healthy = _answers(t, event_id)
    t.close()
    db = _model(busy_log)
    pristine = db.read_bytes()
    pages = len(pristine) // PAGE
    found = 0
    for page in range(pages):
        for suffix in ("", ".damaged"):
            with contextlib.suppress(FileNotFoundError):
                db.with_name(db.name + suffix).unlink()
        db.write_bytes(pristine)
        _zero_page(db, page)
        notes: list[str] = []
        with Tracker(busy_log, notice=notes.append) as t:
            answers = _answers(t, event_id)
        assert answers == healthy, f"page {page}: another answer"
        assert len(notes) <= 1, notes
        found += bool(notes)
        if notes:
            assert _integrity(db) == "ok"
    # appending works whichever page is zeroed; the last one (an index leaf) is found
    lines = busy_log.read_bytes().count(b"\n")
    with Tracker(busy_log) as t:
        t.add_event(
            type="phone_call", when="2021-08-17", summary="after the zeroed pages",
            participants=[ActorRef("Blinken", "initiator"), ActorRef("WY", "recipient")],
            sources=[SOURCE],
        )  # fmt: skip
    assert busy_log.read_bytes().count(b"\n") == lines + 1
    assert found > pages // 4
    figures(f"{pages} pages zeroed one at a time: 7 queries each gave the healthy answers;"
            f" {found} found damaged (moved aside, rebuilt, run again), {pages - found} never"
            " read by those queries")  # fmt: skip


def test_damage_found_while_writing_is_rebuilt_before_the_append(
    cli: Callable[..., Any], busy_log: Path, figures: Report
) -> None:
    db = _model(busy_log)
    cli(*TIMELINE)
    # the page of actor_names' index that resolving "Blinken" reads
    pristine = db.read_bytes()
    for page in range(1, len(pristine) // PAGE):
        db.write_bytes(pristine)
        _zero_page(db, page)
        lines = busy_log.read_bytes().count(b"\n")
        result = cli(*ADD)
        assert result.exit_code == 0, result.stderr
        assert busy_log.read_bytes().count(b"\n") == lines + 1  # once, never twice
        if result.stderr:
            break
    else:
        pytest.fail("no zeroed page was read by add-event")
    assert result.stderr.startswith(f"note: the read model {db} was damaged: database disk")
    assert cli("verify").exit_code == 0
    figures(f"add-event reading a zeroed page (page {page}): rebuilt, appended once, exit 0")


def _limited(pages: int) -> Callable[..., Any]:
    real = tracker.readmodel.sync.connect

    def connect(path: Path | str) -> Any:
        conn = real(path)
        if str(path) != ":memory:":
            conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLITE_FULL past it
        return conn

    return connect


def test_a_read_model_that_cannot_be_written_is_exit_7_and_add_event_still_appends(
    cli: Callable[..., Any], seed_log: Path, monkeypatch: pytest.MonkeyPatch, figures: Report
) -> None:
    """Fault injection (any machine): every read-model file is limited to 2 pages, so
    building one fails as a full disk does (SQLITE_FULL)."""
    db = _model(seed_log)
    message = f"cannot write the read model {db}: No space left on device"
    with monkeypatch.context() as patch:
        patch.setattr(tracker.readmodel.sync, "connect", _limited(2))
        before = file_digest(seed_log)
        timeline = cli(*TIMELINE)
        assert (timeline.exit_code, timeline.stdout) == (7, "")
        assert timeline.stderr.splitlines() == [f"Error: {message}"]
        assert file_digest(seed_log) == before
        assert sorted(p.name for p in db.parent.glob(".*sqlite*")) == [f"{db.name}.lock"]
        lines = seed_log.read_bytes().count(b"\n")
        added = cli(*ADD)
        assert added.exit_code == 0
        assert added.stderr.splitlines() == [
            f"warning: {message}; reading the log into memory for this command"
        ]
        assert seed_log.read_bytes().count(b"\n") == lines + 1
    after = cli(*TIMELINE)
    assert after.exit_code == 0 and "after the damage" in after.stdout
    assert cli("verify").exit_code == 0
    figures(f"read model limited to 2 pages (SQLITE_FULL): timeline exit 7 {message!r};"
            " add-event exit 0 (names from the log in memory), +1 line; later commands"
            " build the model".replace(str(db.parent) + "/", ""))  # fmt: skip


def test_a_read_model_that_cannot_be_opened_does_not_stop_add_event(
    cli: Callable[..., Any], seed_log: Path, figures: Report
) -> None:
    db, _ = _built(cli, seed_log)
    db.unlink()
    db.mkdir()  # a folder where the file should be
    (db / "x").write_text("x")
    timeline = cli(*TIMELINE)
    assert timeline.exit_code == 7
    assert timeline.stderr.splitlines() == [
        f"Error: cannot write the read model {db}: Is a directory"
    ]
    lines = seed_log.read_bytes().count(b"\n")
    added = cli(*ADD)
    assert added.exit_code == 0, added.stderr
    assert seed_log.read_bytes().count(b"\n") == lines + 1
    unknown = cli(*ADD[:6], "Nobody Known", *ADD[7:])
    assert unknown.exit_code == 3  # names still resolve, from the log: an unknown one is refused
    assert seed_log.read_bytes().count(b"\n") == lines + 1
    figures(
        "a folder in the read model's place: timeline exit 7 'Is a directory';"
        " add-event exit 0 from the log in memory; an unknown name still exit 3"
    )


def _ending_on_a_page(log: Path, scratch: Path) -> Path:
    """``log`` and one more event whose summary makes the file end on a 4 KiB boundary: then
    the next append needs a new block (a full disk refuses it)."""
    from tests.reliability.conftest import call
    from tracker.log.file import EventLog

    shutil.copy(log, scratch)
    EventLog(scratch).append([call("x")])
    pad = (-scratch.stat().st_size) % PAGE
    EventLog(log).append([call("x" * (1 + pad))])
    assert log.stat().st_size % PAGE == 0
    return log


@contextlib.contextmanager
def _tmpfs(where: Path, size: str) -> Iterator[None]:
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root); the fault injection test covers it")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_full_disk_while_building_the_model_is_exit_7(
    cli: Callable[..., Any], seed_log: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, figures: Report,
) -> None:  # fmt: skip
    """A real full disk: a 1 MB tmpfs holding the log, filled up."""
    fs = tmp_path / "fs"
    with _tmpfs(fs, "1m"):
        (fs / "data").mkdir()
        log = fs / "data" / "events.jsonl"
        shutil.copy(_ending_on_a_page(seed_log, tmp_path / "scratch.jsonl"), log)
        monkeypatch.chdir(fs)
        filler = fs / "filler"
        with open(filler, "wb", buffering=0) as f, contextlib.suppress(OSError):
            while True:
                f.write(b"\0" * 4096)
        before = file_digest(log)
        db = _model(log)
        timeline = cli(*TIMELINE)
        assert timeline.exit_code == 7
        assert timeline.stderr.splitlines() == [
            f"Error: cannot write the read model {db}: No space left on device"
        ]
        added = cli(*ADD)
        assert added.exit_code == 7
        assert added.stderr.splitlines() == [
            f"warning: cannot write the read model {db}: No space left on device; reading"
            " the log into memory for this command",
            "Error: cannot write to log data/events.jsonl: No space left on device;"
            " nothing was appended",
        ]
        assert file_digest(log) == before
        assert sorted(p.name for p in db.parent.glob("*.rebuild-*")) == []
        filler.unlink()
        assert cli(*TIMELINE).exit_code == 0
        assert cli(*ADD).exit_code == 0
        assert cli("verify").exit_code == 0
    figures(
        "1 MB tmpfs, full: timeline exit 7 'No space left on device' (read model),"
        " add-event exit 7, log byte-identical, no leftovers; with room again both exit 0"
    )


def test_damage_found_outside_a_tracker_call_is_moved_aside_for_the_next_command(
    cli: Callable[..., Any], busy_log: Path, tmp_path: Path, figures: Report
) -> None:
    """An export reads the model itself (not through a ``Tracker`` call, which would run
    again): a damaged page it reads is one ``Error:`` line, the model is moved aside, and
    the same command then works."""
    export = ("export", "csv", "-o")  # every event: read by the exporter itself
    assert cli(*export, str(tmp_path / "healthy.csv")).exit_code == 0
    healthy = (tmp_path / "healthy.csv").read_bytes()
    db = _model(busy_log)
    pristine = db.read_bytes()
    outcomes = {"same answer": 0, "error, then the same answer": 0}
    for page in range(1, len(pristine) // PAGE):
        db.write_bytes(pristine)
        _zero_page(db, page)
        out = tmp_path / f"page-{page}.csv"
        result = cli(*export, str(out))
        if result.exit_code == 0:
            assert out.read_bytes() == healthy, f"page {page}: another answer"
            outcomes["same answer"] += 1
            continue
        assert result.exit_code == 1
        assert len(result.stderr.splitlines()) == 2, result.stderr
        notice, error = result.stderr.splitlines()
        assert notice.startswith(f"note: the read model {db} was damaged: database disk")
        assert error.startswith("Error: the read model was damaged (database disk image is")
        assert error.endswith("it is rebuilt by the next command: run this one again")
        again = cli(*export, str(out))
        assert (again.exit_code, again.stderr) == (0, ""), again.stderr
        assert out.read_bytes() == healthy
        outcomes["error, then the same answer"] += 1
    assert outcomes["error, then the same answer"] > 0
    figures(f"export csv with each of {len(pristine) // PAGE - 1} pages zeroed: {outcomes}")
