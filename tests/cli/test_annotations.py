"""Annotations as events: ``tag``, ``untag``, ``star``, ``unstar``, ``note``. They point at an
event or an actor, never change the facts, show in ``show`` and ``history``, filter
timelines, are searchable, go out in exports and merge like every other line."""

from __future__ import annotations

import csv
import io
import json
import shutil
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SHIPPED_LOG, file_digest
from tracker.domain.errors import ValidationError
from tracker.domain.validation import check_payload
from tracker.log.file import EventLog
from tracker.log.merge import merge_logs
from tracker.services.tracker import Tracker

Cli = Callable[..., Any]
LAVROV_MFA = "1e914455"  # the shipped log's statement of the Russian foreign ministry


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.stderr
    return result


def test_annotations_are_events_that_never_change_the_facts(cli: Cli, seed_log: Path) -> None:
    before = lines(seed_log)
    shown_before = json.loads(ok(cli("show", LAVROV_MFA, "--format", "json")).stdout)
    tag = ok(cli("tag", LAVROV_MFA, "follow-up"))
    assert tag.stderr == f"tagged 'follow-up': event {shown_before['id']}\n"
    ok(cli("note", LAVROV_MFA, "Check against the Russian MFA's own readout"))
    ok(cli("star", LAVROV_MFA))
    after = lines(seed_log)
    assert after[: len(before)] == before  # every earlier line byte for byte
    added = after[len(before) :]
    assert [(a["type"], a["data"]) for a in added] == [
        ("TagAdded", {"target": shown_before["id"], "on": "event", "tag": "follow-up"}),
        ("NoteAdded", {"target": shown_before["id"], "on": "event",
                       "text": "Check against the Russian MFA's own readout"}),
        ("StarAdded", {"target": shown_before["id"], "on": "event"}),
    ]  # fmt: skip
    shown = json.loads(ok(cli("show", LAVROV_MFA, "--format", "json")).stdout)
    facts = set(shown_before) - {"tags", "starred", "notes"}
    assert {k: shown[k] for k in facts} == {k: shown_before[k] for k in facts}  # as they were
    assert shown["tags"] == ["follow-up"] and shown["starred"] is True
    assert [n["text"] for n in shown["notes"]] == ["Check against the Russian MFA's own readout"]
    assert EventLog(seed_log).verify().events == len(after)


def test_show_and_history_list_them(cli: Cli, seed_log: Path) -> None:
    ok(cli("tag", LAVROV_MFA, "follow-up"))
    ok(cli("note", LAVROV_MFA, "Compare with the readout"))
    text = ok(cli("show", LAVROV_MFA)).stdout
    assert "\ntags:         follow-up\n" in text
    assert "\nnote:         Compare with the readout (tester, " in text
    history = ok(cli("history", LAVROV_MFA)).stdout
    assert "tagged follow-up" in history and "note: Compare with the readout" in history


def test_tags_filter_timelines_and_are_searchable(cli: Cli, seed_log: Path) -> None:
    ok(cli("tag", LAVROV_MFA, "Follow-up"))
    ok(cli("tag", LAVROV_MFA, "Russia-readout"))
    timeline = ok(cli("timeline", "--actor", "Blinken", "--tag", "follow-up", "--format", "json"))
    assert [e["id"][-8:] for e in json.loads(timeline.stdout)] == [LAVROV_MFA]
    both = cli("timeline", "--actor", "Lavrov", "--tag", "FOLLOW-UP", "--tag", "russia-readout",
               "--format", "json")  # fmt: skip
    assert len(json.loads(ok(both).stdout)) == 1
    assert json.loads(ok(cli("timeline", "--actor", "Lavrov", "--tag", "nothing",
                             "--format", "json")).stdout) == []  # fmt: skip
    assert "0 event(s)" in ok(cli("timeline", "--actor", "Blinken", "--starred")).stdout
    ok(cli("star", LAVROV_MFA))
    starred = ok(cli("timeline", "--actor", "Blinken", "--starred"))
    assert "Timeline of Antony Blinken: 1 event(s)" in starred.stdout
    found = json.loads(ok(cli("search", "tags:follow*", "--format", "json")).stdout)
    assert [h["id"][-8:] for h in found["hits"]] == [LAVROV_MFA]
    assert found["hits"][0]["tags"] == ["Follow-up", "Russia-readout"]
    ok(cli("note", LAVROV_MFA, "Kremlin transcript differs"))
    found = json.loads(ok(cli("search", "kremlin transcript", "--format", "json")).stdout)
    assert [h["id"][-8:] for h in found["hits"]] == [LAVROV_MFA]


def test_untag_unstar_and_what_writes_nothing(cli: Cli, seed_log: Path) -> None:
    ok(cli("tag", LAVROV_MFA, "follow-up"))
    size = seed_log.stat().st_size
    again = ok(cli("tag", LAVROV_MFA, "FOLLOW-UP"))
    assert again.stdout == "" and "already has that tag; nothing written" in again.stderr
    assert seed_log.stat().st_size == size
    ok(cli("untag", LAVROV_MFA, "Follow-Up"))
    assert json.loads(ok(cli("show", LAVROV_MFA, "--format", "json")).stdout)["tags"] == []
    assert "has no such tag" in ok(cli("untag", LAVROV_MFA, "follow-up")).stderr
    ok(cli("star", LAVROV_MFA))
    ok(cli("unstar", LAVROV_MFA))
    assert "is not starred" in ok(cli("unstar", LAVROV_MFA)).stderr
    assert [r["type"] for r in lines(seed_log)[-4:]] == [
        "TagAdded", "TagRemoved", "StarAdded", "StarRemoved",
    ]  # fmt: skip


def test_an_actor_can_be_annotated(cli: Cli, seed_log: Path) -> None:
    result = ok(cli("tag", "Lavrov", "counterpart"))
    assert result.stderr == "tagged 'counterpart': actor Sergey Lavrov\n"
    ok(cli("note", "Sergey Lavrov", "Speaks for the ministry"))
    assert lines(seed_log)[-1]["data"]["on"] == "actor"
    history = ok(cli("history", "Lavrov")).stdout
    assert "tagged counterpart" in history and "note: Speaks for the ministry" in history


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("tag", "deadbeefdeadbeef", "x"), 3, "no event or actor 'deadbeefdeadbeef'"),
        (("tag", LAVROV_MFA, "   "), 2, "tag is empty"),
        (("tag", LAVROV_MFA, "two\nlines"), 2, "must be one line"),
        (("tag", LAVROV_MFA, "x" * 101), 2, "tag is too long"),
        (("tag", LAVROV_MFA, "bell\x07"), 2, "tag "),
        (("note", LAVROV_MFA, ""), 2, "note is empty"),
        (("note", LAVROV_MFA, "y" * 5001), 2, "note is too long"),
        (("star", "Nobody Known"), 3, "no event or actor 'Nobody Known'"),
    ],
)
def test_bad_annotations_are_one_line_and_write_nothing(
    cli: Cli, seed_log: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    before = file_digest(seed_log)
    result = cli(*args)
    assert result.exit_code == code
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert message in result.stderr
    assert file_digest(seed_log) == before


def test_a_retracted_event_takes_no_annotation(cli: Cli, seed_log: Path) -> None:
    ok(cli("retract", LAVROV_MFA, "--reason", "test"))
    before = file_digest(seed_log)
    result = cli("tag", LAVROV_MFA, "x")
    assert result.exit_code == 2 and "was retracted" in result.stderr
    assert file_digest(seed_log) == before


def test_as_of_shows_the_annotations_of_then(cli: Cli, seed_log: Path) -> None:
    ok(cli("tag", LAVROV_MFA, "early"))
    time.sleep(0.01)
    then = datetime.now(UTC).isoformat()
    time.sleep(0.01)
    ok(cli("tag", LAVROV_MFA, "late"))
    shown = json.loads(ok(cli("show", LAVROV_MFA, "--as-of", then, "--format", "json")).stdout)
    assert shown["tags"] == ["early"]
    found = json.loads(ok(cli("search", "late", "--as-of", then, "--format", "json")).stdout)
    assert found["hits"] == []


def test_exports_carry_them(cli: Cli, seed_log: Path, tmp_path: Path) -> None:
    ok(cli("tag", LAVROV_MFA, "follow-up"))
    ok(cli("tag", LAVROV_MFA, "=cmd|' /C calc'!A0"))  # a formula: neutralised in csv
    ok(cli("note", LAVROV_MFA, "<b>check</b> the readout"))
    ok(cli("star", LAVROV_MFA))
    out = tmp_path / "out.csv"
    ok(cli("export", "csv", "--actor", "Lavrov", "-o", str(out)))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    (row,) = [r for r in rows if r["id"].endswith(LAVROV_MFA)]
    assert row["tags"] == "'=cmd|' /C calc'!A0; follow-up"
    assert row["notes"] == "<b>check</b> the readout"
    # the csv re-imports as what it is: the same events, nothing added
    assert "added 0, duplicates 3" in ok(cli("import", "csv", str(out))).stdout
    tl = tmp_path / "tl.json"
    ok(cli("export", "timelinejs", "--actor", "Lavrov", "--group-by", "tag", "-o", str(tl)))
    slides = json.loads(tl.read_text(encoding="utf-8"))["events"]
    (slide,) = [s for s in slides if s["unique_id"].endswith(LAVROV_MFA)]
    assert slide["group"] == "=cmd|&#x27; /C calc&#x27;!A0, follow-up"
    assert "<p>Tags: ★ =cmd|&#x27; /C calc&#x27;!A0, follow-up</p>" in slide["text"]["text"]
    assert "<p>Note: &lt;b&gt;check&lt;/b&gt; the readout</p>" in slide["text"]["text"]
    assert {s["group"] for s in slides if s is not slide} == {"(no tag)"}
    # PLOVER has no category for a statement without a CAMEO code: the call carries them
    call = "da8f6be1"  # the shipped log's Blinken-Lavrov call
    ok(cli("tag", call, "follow-up"))
    ok(cli("tag", call, "=cmd|' /C calc'!A0"))
    ok(cli("note", call, "<b>check</b> the readout"))
    ok(cli("star", call))
    pl = tmp_path / "out.plover.jsonl"
    wrote = ok(cli("export", "plover", "--tag", "follow-up", "-o", str(pl))).stdout
    assert (
        wrote
        == f"wrote {pl} (1 events); left out 1: no PLOVER category (a statement or development without a CAMEO code PLOVER maps; it drops 01 and 02)\n"
    )
    (record,) = lines(pl)
    assert record["id"].endswith(call)
    assert record["comment"] == (
        "starred; tags: =cmd|' /C calc'!A0, follow-up; note: <b>check</b> the readout"
    )
    bad = cli("export", "csv", "--group-by", "tag", "-o", str(tmp_path / "x.csv"))
    assert bad.exit_code == 2 and "--group-by is for timelinejs" in bad.stderr


def _branch(folder: Path) -> Tracker:
    log = folder / "events.jsonl"
    log.parent.mkdir(parents=True)
    shutil.copy(SHIPPED_LOG, log)
    return Tracker(log)


def test_two_analysts_annotations_merge_either_way(tmp_path: Path) -> None:
    """A tags and notes; B tags the same event, then takes A's tag away later on its own
    branch (it had added it too): merged either way, the later line decides each tag."""
    a, b = _branch(tmp_path / "a"), _branch(tmp_path / "b")
    a.tag(LAVROV_MFA, "follow-up")
    a.note(LAVROV_MFA, "A's note")
    a.star(LAVROV_MFA)
    b.tag(LAVROV_MFA, "russia")
    b.tag(LAVROV_MFA, "Follow-up")
    time.sleep(0.01)
    b.untag(LAVROV_MFA, "follow-up")  # recorded after A's tag: it wins
    b.note(LAVROV_MFA, "B's note")
    a.tag("Lavrov", "counterpart")
    copies = []
    for ours, theirs in ((a, b), (b, a)):
        copy = tmp_path / f"merged-{len(copies)}" / "events.jsonl"
        copy.parent.mkdir()
        shutil.copy(ours.log.path, copy)
        Tracker(copy).sync()  # merged incrementally, then compared with a rebuild
        merge_logs(copy, theirs.log.path)
        copies.append(copy)
    states = []
    for copy in copies:
        t = Tracker(copy)
        event_id = t.show(LAVROV_MFA).id
        found = t.annotations([event_id, "sergey-lavrov"])
        state = (
            found[event_id].tags, found[event_id].starred,
            sorted(n.text for n in found[event_id].notes), found["sergey-lavrov"].tags,
        )  # fmt: skip
        t.rebuild()
        assert t.annotations([event_id, "sergey-lavrov"]) == found
        states.append(state)
    assert states[0] == states[1] == (("russia",), True, ["A's note", "B's note"], ("counterpart",))


@pytest.mark.parametrize(
    ("kind", "data", "problem"),
    [
        ("TagAdded", {"target": "x", "on": "event", "tag": "a"}, "is not an event id"),
        ("TagAdded", {"target": "Not An Id", "on": "actor", "tag": "a"}, "is not an actor id"),
        ("TagAdded", {"target": "lavrov", "on": "country", "tag": "a"}, "an event or an actor"),
        ("TagAdded", {"target": "lavrov", "on": "actor"}, "has no tag"),
        ("TagAdded", {"target": "lavrov", "on": "actor", "tag": " a "}, "tag is"),
        ("StarAdded", {"target": "lavrov", "on": "actor", "tag": "a"}, "unknown field"),
        ("NoteAdded", {"target": "lavrov", "on": "actor", "text": ""}, "note is empty"),
        ("ViewSaved", {"name": "v", "filters": {"colour": "red"}}, "unknown filter"),
        ("ViewSaved", {"name": "v", "filters": {"limit": 0}}, "limit must be"),
        ("ViewDeleted", {}, "has no name"),
    ],
)
def test_one_check_per_type(kind: str, data: dict[str, Any], problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        check_payload(kind, 1, data)
