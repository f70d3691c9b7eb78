"""Two analysts, one log: `tracker merge` and the git merge driver."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SHIPPED_LOG, SOURCE, file_digest
from tracker.domain.errors import ConflictError
from tracker.log.file import EventLog
from tracker.log.merge import merge_logs
from tracker.services.recording import ActorRef
from tracker.services.tracker import Tracker

CLI = Callable[..., Any]
CALL_ID = "0190aaaa-0000-7000-8000-0000000000c1"


def branch(folder: Path) -> Tracker:
    log = folder / "events.jsonl"
    log.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(SHIPPED_LOG, log)
    return Tracker(log)


def call(t: Tracker, summary: str, event_id: str | None = None) -> str:
    raw: dict[str, Any] = {
        "type": "phone_call",
        "when": "2021-08-20",
        "participants": [ActorRef("Blinken", "initiator"), ActorRef("Lavrov", "recipient")],
        "summary": summary,
        "sources": [SOURCE],
    }
    if event_id:
        raw["id"] = event_id
    return t.add_events([raw]).ids[0]


def ids(path: Path) -> set[str]:
    return {r.id for r in EventLog(path).read() if r.type != "LogsMerged"}


@pytest.fixture
def two(tmp_path: Path) -> tuple[Tracker, Tracker, str, str]:
    """Two branches of the shipped log: each adds a call; A amends and B retracts the same
    shipped event."""
    a, b = branch(tmp_path / "a"), branch(tmp_path / "b")
    shared = a.timeline(["Blinken"], types=["phone_call"]).entries[0].id
    call(a, "call recorded on branch A")
    a.amend(shared, {"summary": "amended on A"}, "a better readout")
    call(b, "call recorded on branch B")
    b.retract(shared, "retracted on B")
    return a, b, shared, file_digest(a.log.path)


def test_merge_keeps_ours_and_appends_theirs_rechained(two: tuple[Tracker, Tracker, str, str], cli: CLI) -> None:  # fmt: skip
    a, b, shared, _ = two
    before = a.log.path.read_bytes()
    result = cli("merge", str(a.log.path), str(b.log.path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(
        f"merged 2 event(s) from {b.log.path} into {a.log.path} (0 already there); head "
    )
    after = a.log.path.read_bytes()
    assert after.startswith(before)  # ours untouched
    records = list(EventLog(a.log.path).read())
    assert [r.type for r in records[-3:]] == ["InteractionRecorded", "EventRetracted", "LogsMerged"]
    assert records[-1].data["added"] == 2
    assert EventLog(a.log.path).verify().events == len(records)
    assert ids(a.log.path) == ids(a.log.path) | ids(b.log.path)
    # the amendment of A and the retraction of B both survive, and history shows them
    _, trail = Tracker(a.log.path).history(shared)
    assert [c.type for c in trail] == ["InteractionRecorded", "EventAmended", "EventRetracted"]
    summaries = {e.summary for e in Tracker(a.log.path).timeline(["Blinken"]).entries}
    assert {"call recorded on branch A", "call recorded on branch B"} <= summaries


def test_a_into_b_and_b_into_a_give_the_same_events(two: tuple[Tracker, Tracker, str, str], tmp_path: Path) -> None:  # fmt: skip
    a, b, _, _ = two
    a2, b2 = tmp_path / "a2.jsonl", tmp_path / "b2.jsonl"
    shutil.copy(a.log.path, a2)
    shutil.copy(b.log.path, b2)
    merge_logs(a2, b.log.path)
    merge_logs(b2, a.log.path)
    assert ids(a2) == ids(b2)
    assert EventLog(a2).verify().events == EventLog(b2).verify().events
    # the same current state, whichever way round
    view = [(e.id, e.summary, e.retracted) for e in Tracker(a2).timeline(["Blinken"]).entries]
    assert sorted(view) == sorted(
        (e.id, e.summary, e.retracted) for e in Tracker(b2).timeline(["Blinken"]).entries
    )


def test_merging_again_adds_nothing(two: tuple[Tracker, Tracker, str, str], cli: CLI) -> None:
    a, b, _, _ = two
    merge_logs(a.log.path, b.log.path)
    digest = file_digest(a.log.path)
    result = cli("merge", str(a.log.path), str(b.log.path))
    assert result.exit_code == 0
    assert (
        result.stdout == f"nothing to merge: {a.log.path} already has every event of {b.log.path}\n"
    )
    assert file_digest(a.log.path) == digest


def test_the_same_event_on_both_sides_is_kept_once(tmp_path: Path) -> None:
    a, b = branch(tmp_path / "a"), branch(tmp_path / "b")
    call(a, "the same call", CALL_ID)
    call(b, "the same call", CALL_ID)
    call(b, "only on B")
    result = merge_logs(a.log.path, b.log.path)
    assert (result.added, result.duplicates) == (1, 1)
    assert sum(r.id == CALL_ID for r in EventLog(a.log.path).read()) == 1


def test_the_same_id_with_other_content_is_a_conflict(tmp_path: Path, cli: CLI) -> None:
    a, b = branch(tmp_path / "a"), branch(tmp_path / "b")
    call(a, "one version", CALL_ID)
    call(b, "another version", CALL_ID)
    digest = file_digest(a.log.path)
    result = cli("merge", str(a.log.path), str(b.log.path))
    assert result.exit_code == 5
    assert result.stderr.startswith(f"Error: event {CALL_ID} differs between the two logs")
    assert file_digest(a.log.path) == digest
    with pytest.raises(ConflictError):
        merge_logs(a.log.path, b.log.path)


def test_a_base_that_is_not_a_common_start_is_refused(two: tuple[Tracker, Tracker, str, str], tmp_path: Path, cli: CLI) -> None:  # fmt: skip
    a, b, _, digest = two
    other = tmp_path / "other.jsonl"
    EventLog.create(other)
    Tracker(other).register_actor("Someone Else")
    result = cli("merge", str(a.log.path), str(b.log.path), str(other))
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: the base is not the start of both logs: one of them was rewritten;"
        " nothing was merged\n"
    )
    assert file_digest(a.log.path) == digest


def test_the_same_actor_registered_on_both_branches(tmp_path: Path) -> None:
    a, b = branch(tmp_path / "a"), branch(tmp_path / "b")
    a.register_actor("Jake Sullivan", country="USA", aliases=["Sullivan"])
    b.register_actor("Jake Sullivan", country="USA", aliases=["NSA Sullivan"])
    merge_logs(a.log.path, b.log.path)
    merged = Tracker(a.log.path)
    assert merged.actor("Sullivan").id == "jake-sullivan"
    assert merged.actor("NSA Sullivan").id == "jake-sullivan"  # B's names still resolve
    assert EventLog(a.log.path).verify().events == len(list(EventLog(a.log.path).read()))


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_merges_two_branches_with_the_driver(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "a@example.org")
    git(repo, "config", "user.name", "Analyst")
    (repo / "data").mkdir()
    shutil.copy(SHIPPED_LOG, repo / "data" / "events.jsonl")
    init = subprocess.run(
        [sys.executable, "-m", "tracker", "init", str(repo)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert init.returncode == 2  # the log holds events: init refuses to touch it ...
    from tracker.log.folder import setup_git

    assert setup_git(repo, f"{sys.executable} -m tracker")  # ... the driver is set up alone
    assert (repo / ".gitattributes").read_text() == "data/events.jsonl -text merge=tracker-log\n"
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "the shipped log")
    git(repo, "checkout", "-q", "-b", "analyst-a")
    call(Tracker(repo / "data" / "events.jsonl"), "recorded by analyst A")
    git(repo, "commit", "-q", "-am", "A adds a call")
    git(repo, "checkout", "-q", "main")
    call(Tracker(repo / "data" / "events.jsonl"), "recorded by analyst B")
    git(repo, "commit", "-q", "-am", "B adds a call")
    git(repo, "merge", "-q", "--no-edit", "analyst-a")  # no conflict: the driver merged
    log = repo / "data" / "events.jsonl"
    records = list(EventLog(log).read())
    assert EventLog(log).verify().events == len(records)
    summaries = {r.data.get("summary") for r in records}
    assert {"recorded by analyst A", "recorded by analyst B"} <= summaries
    assert records[-1].type == "LogsMerged"
    assert "<<<<<<<" not in log.read_text(encoding="utf-8")


def test_import_jsonl_takes_another_log(two: tuple[Tracker, Tracker, str, str], cli: CLI) -> None:
    a, b, _, _ = two
    result = cli("import", "jsonl", str(b.log.path), "--log", str(a.log.path))
    assert result.exit_code == 0, result.stderr
    others = sum(1 for r in EventLog(b.log.path).read())
    assert result.stdout == (
        f"read {others}, added 2, duplicates {others - 2}, skipped 0,"
        " new actors 0 (actors come with their events as log lines)\n"
    )
    again = cli("import", "jsonl", str(b.log.path), "--log", str(a.log.path))
    assert again.stdout.startswith(f"read {others}, added 0, duplicates {others}")
    assert ids(b.log.path) <= ids(a.log.path)


# ------------------------------------------------------------------ one writer (issue 11)

TORN = b'{"v":1,"seq":34,"id":"torn'


@pytest.mark.parametrize("how", ["tracker merge", "import jsonl"])
def test_a_merge_into_a_log_with_a_torn_tail_mends_the_tail_first(
    tmp_path: Path, cli: CLI, how: str
) -> None:
    """The issue's reproduction: a torn tail in ours, then a merge. The merge appends
    through the one writer: the fragment is moved aside (and the user told), then theirs
    is appended; before, the merged log had `line 34: not valid JSON`."""
    ours, theirs = branch(tmp_path / "ours"), branch(tmp_path / "theirs")
    added = call(theirs, "only theirs has this call")
    before = ours.log.path.read_bytes()
    with ours.log.path.open("ab") as f:
        f.write(TORN)
    if how == "tracker merge":
        result = cli("merge", str(ours.log.path), str(theirs.log.path))
    else:
        result = cli("import", "jsonl", str(theirs.log.path), "--log", str(ours.log.path))
    assert result.exit_code == 0, result.stderr
    (aside,) = ours.log.path.parent.glob("events.jsonl-torn-*")
    assert aside.read_bytes() == TORN
    assert result.stderr == (
        f"warning: the log ended with an incomplete line ({len(TORN)} bytes, a torn write);"
        f" moved it to {aside}\n"
    )
    after = ours.log.path.read_bytes()
    assert after.startswith(before) and TORN not in after
    report = EventLog(ours.log.path).verify()
    assert report.events == before.count(b"\n") + 2  # theirs' call and the LogsMerged line
    assert added in ids(ours.log.path)


def test_a_merge_keeps_recording_times_and_recorders(tmp_path: Path) -> None:
    ours, theirs = branch(tmp_path / "ours"), branch(tmp_path / "theirs")
    call(theirs, "only theirs")
    original = list(EventLog(theirs.log.path).read())[-1]
    merge_logs(ours.log.path, theirs.log.path, recorded_by="merger")
    *_, copied, merged = EventLog(ours.log.path).read()
    assert (copied.id, copied.recorded_at, copied.recorded_by, copied.hash, copied.data) == (
        original.id, original.recorded_at, original.recorded_by, original.hash, original.data
    )  # fmt: skip
    assert merged.type == "LogsMerged" and merged.recorded_by == "merger"


# ------------------------------------------------------------------ two amendments


def _state(path: Path, event_id: str) -> tuple[Any, ...]:
    e = Tracker(path).show(event_id)
    return (e.summary, e.location, e.topics_json, e.when, e.amendments)


def test_two_amendments_of_one_event_give_one_current_fact_either_way(
    tmp_path: Path,
) -> None:
    """A and B amend the same event on their branches; merged either way round, the
    current fact is the same: per field, the amendment recorded later wins (B's summary,
    recorded after A's), and a field only one side changed keeps that side's value."""
    a, b = branch(tmp_path / "a"), branch(tmp_path / "b")
    shared = a.timeline(["Blinken"], types=["phone_call"]).entries[0].id
    a.amend(shared, {"summary": "amended on A", "location": "Washington"}, "A's readout")
    b.amend(shared, {"summary": "amended on B, later", "topics": ["Kabul"]}, "B's readout")
    a2, b2 = tmp_path / "a2" / "events.jsonl", tmp_path / "b2" / "events.jsonl"
    for source, copy in ((a.log.path, a2), (b.log.path, b2)):
        copy.parent.mkdir()
        shutil.copy(source, copy)
        Tracker(copy).sync()  # each side's read model exists: the merge is applied incrementally
    merge_logs(a2, b.log.path)
    merge_logs(b2, a.log.path)
    assert file_digest(a2) != file_digest(b2)  # the lines are in different orders ...
    expected = ("amended on B, later", "Washington", '["Kabul"]', "2021-08-16", 2)
    assert _state(a2, shared) == _state(b2, shared) == expected  # ... the fact is one
    for path in (a2, b2):  # and an incremental sync equals a rebuild
        Tracker(path).rebuild()
        assert _state(path, shared) == expected


def _actor_state(path: Path, name: str) -> tuple[Any, ...]:
    p = Tracker(path).actor(name)
    return (p.id, p.name, tuple(sorted(p.aliases)))


def test_two_branches_changing_one_actor_give_one_state_either_way(tmp_path: Path) -> None:
    """The same rule for every fact that lines change: an actor's name (renames) and each
    alias (added on one branch, removed on the other): the line recorded later decides;
    a name that lost keeps resolving, as an alias, whichever way round."""
    a, b = branch(tmp_path / "a"), branch(tmp_path / "b")
    a.rename("Sergey Lavrov", "Sergei Viktorovich Lavrov")
    a.add_alias("Wang Yi", "FM Wang")
    b.rename("Sergey Lavrov", "Sergey V. Lavrov")  # later: this name holds
    b.add_alias("Wang Yi", "Minister Wang")
    a.remove_alias("Wang Yi", "FM Wang")
    b.add_alias("Wang Yi", "FM Wang")  # B adds it after A removed it: it stays
    a2, b2 = tmp_path / "a2" / "events.jsonl", tmp_path / "b2" / "events.jsonl"
    for source, copy in ((a.log.path, a2), (b.log.path, b2)):
        copy.parent.mkdir()
        shutil.copy(source, copy)
        Tracker(copy).sync()
    merge_logs(a2, b.log.path)
    merge_logs(b2, a.log.path)
    lavrov = ("sergey-lavrov", "Sergey V. Lavrov",
              ("Lavrov", "Sergei Lavrov", "Sergei Viktorovich Lavrov", "Sergey Lavrov"))  # fmt: skip
    wang = ("wang-yi", "Wang Yi", ("FM Wang", "Minister Wang"))
    for path in (a2, b2):
        assert _actor_state(path, "Lavrov") == lavrov
        assert _actor_state(path, "Sergei Viktorovich Lavrov") == lavrov
        assert _actor_state(path, "Wang Yi") == wang
        Tracker(path).rebuild()
        assert (_actor_state(path, "Lavrov"), _actor_state(path, "Wang Yi")) == (lavrov, wang)
