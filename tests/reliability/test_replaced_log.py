"""A log replaced or changed behind the tracker's back (issue 11, item 9).

git checkout and pull replace the file (a new inode); an editor or a script may change it
in place. Anything but a plain append by tracker's own writer means the whole prefix is
checked (the chain, from the raw bytes) before an incremental sync applies the new lines
or a writer appends after them. A damaged log is an error naming the line, exit 6, and
add-event leaves the file byte for byte as it was; an intact one is answered, and the read
model still catches up incrementally.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SOURCE, file_digest
from tests.reliability.conftest import Report, call
from tracker.domain.errors import DamagedLogError, ExitCode
from tracker.log.file import EventLog
from tracker.services.tracker import Tracker

Cli = Callable[..., Any]
LOG = "data/events.jsonl"
NEW = "Blinken spoke to Lavrov about Kabul"
ADD = ["add-event", "--type", "phone_call", "--initiator", "Blinken", "--recipient", "Lavrov",
       "--date", "2021-08-21", "--summary", "one more call", "--source", SOURCE]  # fmt: skip


def grown_copy(log: Path, folder: Path, *, edit: bool) -> Path:
    """A copy of ``log`` with one new event appended by tracker, and (``edit``) line 28's
    summary changed in place, the same length."""
    copy = folder / "copy" / "events.jsonl"
    copy.parent.mkdir()
    shutil.copy(log, copy)
    with Tracker(copy) as t:
        t.add_event(
            type="phone_call", when="2021-08-21", summary=NEW, sources=[SOURCE],
            participants=[{"name": "Blinken"}, {"name": "Lavrov"}],
        )  # fmt: skip
    if edit:
        lines = copy.read_bytes().splitlines(keepends=True)
        assert b"The US evacuated" in lines[27]
        lines[27] = lines[27].replace(b"The US evacuated", b"The US EVACUATED")
        copy.write_bytes(b"".join(lines))
    return copy


def timeline_of_blinken(cli: Cli) -> Any:
    return cli("timeline", "--actor", "Blinken", "--format", "json")


@pytest.mark.parametrize("how", ["mv over the log", "rewritten in place"])
def test_a_changed_log_with_a_damaged_prefix_is_refused(
    cli: Cli, seed_log: Path, tmp_path: Path, how: str, figures: Report
) -> None:
    assert timeline_of_blinken(cli).exit_code == 0  # the read model is built, and current
    copy = grown_copy(seed_log, tmp_path, edit=True)
    inode = seed_log.stat().st_ino
    if how == "mv over the log":  # as git checkout and pull do: a new inode
        os.replace(copy, seed_log)
        assert seed_log.stat().st_ino != inode
    else:  # the same inode, one line edited and one appended (a script, an editor)
        with seed_log.open("r+b") as f:
            f.write(copy.read_bytes())
        assert seed_log.stat().st_ino == inode
    digest = file_digest(seed_log)

    timeline = timeline_of_blinken(cli)
    assert timeline.exit_code == ExitCode.DAMAGED_LOG, timeline.stdout
    assert timeline.stdout == "" and NEW not in timeline.stderr
    assert timeline.stderr == (
        f"Error: damaged log {LOG}: line 28: content does not match its hash (the line was"
        " edited) (run `tracker verify` for details)\n"
    )
    added = cli(*ADD)
    assert added.exit_code == ExitCode.DAMAGED_LOG
    assert added.stderr.startswith(f"Error: damaged log {LOG}: line 28: ")
    with pytest.raises(DamagedLogError) as caught:  # the writer itself, without a read model
        EventLog(seed_log).append([call("appended by the library")])
    assert caught.value.line == 28
    assert file_digest(seed_log) == digest
    figures(
        f"{how}, line 28 edited + 1 event appended: timeline exit 6 naming line 28 (before:"
        f" exit 0, the new event and the old text); add-event and EventLog.append refuse,"
        f" log unchanged"
    )


@pytest.mark.parametrize("how", ["mv over the log", "appended by another program"])
def test_an_intact_changed_log_is_answered_and_applied_incrementally(
    cli: Cli, seed_log: Path, tmp_path: Path, how: str, figures: Report
) -> None:
    assert timeline_of_blinken(cli).exit_code == 0
    copy = grown_copy(seed_log, tmp_path, edit=False)
    if how == "mv over the log":
        os.replace(copy, seed_log)
    else:  # `cat new-line >> events.jsonl`: a well-chained line, not through tracker
        with seed_log.open("ab") as f:
            f.write(copy.read_bytes()[seed_log.stat().st_size :])
    started = time.perf_counter()
    result = Tracker(seed_log).sync()
    took = time.perf_counter() - started
    assert (result.mode, result.applied, result.seq) == ("incremental", 1, 34)
    timeline = timeline_of_blinken(cli)
    assert timeline.exit_code == 0 and NEW in timeline.stdout
    added = cli(*ADD)
    assert added.exit_code == 0, added.stderr
    assert EventLog(seed_log).verify().events == 35
    figures(
        f"{how}, intact: prefix checked from the raw bytes, then 1 line applied"
        f" incrementally ({took * 1000:.0f} ms); timeline and add-event exit 0"
    )


def test_a_writer_checks_the_prefix_only_when_the_file_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, figures: Report
) -> None:
    """The check costs one pass over the file, so a writer makes it only when the file is
    not as the last writer left it (inode, size and mtime, recorded beside the log)."""
    log = EventLog.create(tmp_path / "events.jsonl")
    checks: list[int] = []
    real = EventLog.check_chain

    def counted(self: EventLog, end: int | None = None) -> tuple[int, str, int]:
        checks.append(1)
        return real(self, end)

    monkeypatch.setattr(EventLog, "check_chain", counted)
    for i in range(20):
        log.append([call(f"call {i}")])
    assert len(checks) == 1  # the first append: nothing was recorded yet
    raw = log.path.read_bytes()
    log.path.write_bytes(raw)  # the same bytes, written anew: the file changed
    log.append([call("after a rewrite")])
    assert len(checks) == 2
    for i in range(5):
        log.append([call(f"again {i}")])
    assert len(checks) == 2
    figures("20 appends in a row: 1 prefix check; after the file was rewritten: 1 more")


def test_a_writer_waiting_while_the_log_is_replaced_appends_to_the_new_file(
    tmp_path: Path, figures: Report
) -> None:
    """The lock is the file's own: a writer that waited on the old file while it was
    replaced locks the new one instead, and appends there, after checking it."""
    import threading

    path = EventLog.create(tmp_path / "events.jsonl").path
    log = EventLog(path)
    log.append([call("before the replacement")])
    replacement = tmp_path / "replacement.jsonl"
    shutil.copy(path, replacement)
    EventLog(replacement).append([call("only in the replacement")])
    done: list[str] = []
    holder = EventLog(path)
    with holder.locked():
        writer = threading.Thread(
            target=lambda: done.extend(EventLog(path).append([call("the waiting writer")]).ids)
        )
        writer.start()
        time.sleep(0.2)  # the writer now waits for the lock on the old file
        assert not done
        os.replace(replacement, path)
    writer.join(timeout=10)
    records = list(EventLog(path).read())
    assert [r.data["summary"] for r in records] == [
        "before the replacement", "only in the replacement", "the waiting writer"
    ]  # fmt: skip
    assert records[-1].id == done[0] and EventLog(path).verify().events == 3
    figures("a writer waiting while the log was replaced appended to the new file (3 events)")
