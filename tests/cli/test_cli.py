"""The CLI, command by command: exact output, exit codes, and the log and read model after.

Every test runs in its own folder (conftest ``_isolated``); ``seed_log`` is a copy of the
shipped log (14 actors, their offices and affiliations, and 6 events from one AP story of
17 August 2021) at the default path.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import typer

from tests.conftest import ROOT, SOURCE, file_digest
from tracker.cli.app import actor_app, app
from tracker.log.envelope import Record
from tracker.log.file import EventLog
from tracker.services.tracker import Tracker

Cli = Callable[..., Any]

BLINKEN_HEADER = "Timeline of Antony Blinken: 4 event(s)"
SHIPPED_ACTORS = {
    "antony-blinken",
    "wang-yi",
    "sergey-lavrov",
    "ned-price",
    "us-department-of-state",
    "ministry-of-foreign-affairs-of-china",
    "ministry-of-foreign-affairs-of-russia",
    "united-states",
    "china",
    "russia",
    "pakistan",
    "afghanistan",
    "united-nations",
    "taliban",
}


# --------------------------------------------------------------------------- helpers


def records(path: Path) -> list[Record]:
    return list(EventLog(path).read())


def raw_lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def out_lines(result: Any) -> list[str]:
    return str(result.stdout).splitlines()


def rows(result: Any) -> list[str]:
    """The first line of each table row of a timeline (the ones that start with a date)."""
    return [line for line in out_lines(result) if re.match(r"^\d{4}(-\d{2}){0,2}\b", line)]


def cells(line: str) -> list[str]:
    return re.split(r"\s{2,}", line.strip())


def ok(result: Any) -> Any:
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    return result


def one_id(result: Any) -> str:
    """The single line a writing command prints: a new event's id."""
    ok(result)
    lines = out_lines(result)
    assert len(lines) == 1, lines
    assert str(uuid.UUID(lines[0])) == lines[0]
    return lines[0]


def add_call(cli: Cli, *extra: str, summary: str = "Blinken called Lavrov again") -> Any:
    return cli(
        "add-event",
        "--type",
        "phone_call",
        "--initiator",
        "Blinken",
        "--recipient",
        "Lavrov",
        "--date",
        "2021-08-20",
        "--summary",
        summary,
        "--source",
        SOURCE,
        *extra,
    )


def timeline_ids(path: Path, actor: str = "Blinken", **kw: Any) -> list[str]:
    return [e.id for e in Tracker(path).timeline([actor], **kw).entries]


def call_to(path: Path, recipient: str) -> str:
    """The id of the shipped log's phone call from Blinken to ``recipient`` (an actor id)."""
    (found,) = [
        r.id
        for r in records(path)
        if r.type == "InteractionRecorded"
        and r.data["type"] == "phone_call"
        and {"actor": "antony-blinken", "role": "initiator"} in r.data["participants"]
        and {"actor": recipient, "role": "recipient"} in r.data["participants"]
    ]
    return found


# --------------------------------------------------------------------------- timeline


def test_timeline_of_blinken_on_the_shipped_log(cli: Cli, seed_log: Path) -> None:
    wang_call = call_to(seed_log, "wang-yi")
    lavrov_call = call_to(seed_log, "sergey-lavrov")
    result = ok(cli("timeline", "--actor", "Blinken"))
    assert result.stderr == ""
    lines = out_lines(result)
    assert lines[0] == BLINKEN_HEADER
    assert lines[1].split() == ["DATE", "TYPE", "WITH", "SUMMARY", "SOURCE", "ID"]
    assert set(lines[2].replace(" ", "")) == {"-"}
    table_rows = rows(result)
    assert len(table_rows) == 4
    # the rows follow the read model's order, each ending with the id's last 8 characters
    assert [cells(r)[-1] for r in table_rows] == [i[-8:] for i in timeline_ids(seed_log)]
    wang, lavrov = table_rows[0], table_rows[1]
    assert cells(wang)[:3] == ["2021-08-16", "phone_call", "Wang Yi (recipient)"]
    assert cells(lavrov)[:3] == ["2021-08-16", "phone_call", "Sergey Lavrov (recipient)"]
    assert cells(wang)[-1] == wang_call[-8:]
    assert cells(lavrov)[-1] == lavrov_call[-8:]
    assert [cells(r)[1] for r in table_rows] == [
        "phone_call",
        "phone_call",
        "statement",
        "statement",
    ]


@pytest.mark.parametrize(
    "name",
    [
        "Blinken",
        "blinken",
        "BLINKEN",
        "Secretary Blinken",
        "secretary of state antony blinken",
        "Antony Blinken",
        "antony-blinken",
        "  Blinken  ",
    ],
)
def test_timeline_resolves_names_aliases_case_and_id(cli: Cli, seed_log: Path, name: str) -> None:
    result = ok(cli("timeline", "--actor", name))
    assert out_lines(result)[0] == BLINKEN_HEADER
    assert len(rows(result)) == 4


def test_timeline_with_narrows_to_shared_events(cli: Cli, seed_log: Path) -> None:
    wang_call = call_to(seed_log, "wang-yi")
    # "events that include this actor too": the call, and Ned Price's statement about both
    result = ok(cli("timeline", "--actor", "Blinken", "--with", "Wang Yi"))
    assert out_lines(result)[0] == "Timeline of Antony Blinken: 2 event(s)"
    call, statement = rows(result)
    assert cells(call)[:3] == ["2021-08-16", "phone_call", "Wang Yi (recipient)"]
    assert cells(call)[-1] == wang_call[-8:]
    assert cells(statement)[:3] == ["2021-08-16", "statement", "Ned Price (speaker), Wang Yi"]
    # narrowed further to phone calls: the one call
    result = ok(cli("timeline", "-a", "Blinken", "-w", "Wang Yi", "-t", "phone_call"))
    assert out_lines(result)[0] == "Timeline of Antony Blinken: 1 event(s)"
    assert [cells(r)[-1] for r in rows(result)] == [wang_call[-8:]]
    # --with Lavrov: both his call and the two statements about him
    result = ok(cli("timeline", "--actor", "Blinken", "--with", "Lavrov"))
    assert out_lines(result)[0] == "Timeline of Antony Blinken: 3 event(s)"


@pytest.mark.parametrize(
    ("actor", "window", "count"),
    [
        ("Blinken", ["--from", "2021-08-15", "--to", "2021-08-15"], 0),
        ("Blinken", ["--from", "2021-08-16", "--to", "2021-08-16"], 4),
        ("Blinken", ["--from", "2021-08"], 4),
        ("Blinken", ["--to", "2021-08-15"], 0),
        ("Blinken", ["--from", "2021-08-17"], 0),
        ("Blinken", ["--from", "2021", "--to", "2021"], 4),
        ("United States", ["--from", "2021-08-15", "--to", "2021-08-15"], 1),
        ("United States", ["--from", "2021-08-16"], 0),
    ],
)
def test_timeline_date_windows(
    cli: Cli, seed_log: Path, actor: str, window: list[str], count: int
) -> None:
    result = ok(cli("timeline", "--actor", actor, *window))
    name = "Antony Blinken" if actor == "Blinken" else actor
    assert out_lines(result)[0] == f"Timeline of {name}: {count} event(s)"
    assert len(rows(result)) == count
    if count == 0:
        assert out_lines(result) == [f"Timeline of {name}: 0 event(s)"]  # no empty table


def test_timeline_of_the_embassy_evacuation(cli: Cli, seed_log: Path) -> None:
    result = ok(cli("timeline", "--actor", "US", "--to", "2021-08-15"))
    assert out_lines(result)[0] == "Timeline of United States: 1 event(s)"
    (row,) = rows(result)
    assert cells(row)[:3] == ["2021-08-15", "development", "-"]
    assert "evacuated its embassy in Kabul" in result.stdout


def test_timeline_type_filter(cli: Cli, seed_log: Path) -> None:
    wang_call = call_to(seed_log, "wang-yi")
    lavrov_call = call_to(seed_log, "sergey-lavrov")
    result = ok(cli("timeline", "--actor", "Blinken", "--type", "phone_call"))
    assert out_lines(result)[0] == "Timeline of Antony Blinken: 2 event(s)"
    assert [cells(r)[-1] for r in rows(result)] == [wang_call[-8:], lavrov_call[-8:]]
    result = ok(cli("timeline", "--actor", "Blinken", "-t", "statement", "-t", "phone_call"))
    assert out_lines(result)[0] == BLINKEN_HEADER
    result = ok(cli("timeline", "--actor", "Blinken", "--type", "meeting"))
    assert out_lines(result) == ["Timeline of Antony Blinken: 0 event(s)"]


def test_timeline_limit_keeps_the_earliest(cli: Cli, seed_log: Path) -> None:
    result = ok(cli("timeline", "--actor", "Blinken", "--limit", "1"))
    assert out_lines(result)[0] == "Timeline of Antony Blinken: 1 event(s)"
    assert [cells(r)[-1] for r in rows(result)] == [timeline_ids(seed_log)[0][-8:]]


def test_timeline_of_two_actors(cli: Cli, seed_log: Path) -> None:
    result = ok(cli("timeline", "--actor", "Wang Yi", "--actor", "United States"))
    assert out_lines(result)[0] == "Timeline of Wang Yi, United States: 3 event(s)"
    assert [cells(r)[0] for r in rows(result)] == ["2021-08-15", "2021-08-16", "2021-08-16"]


def test_timeline_json(cli: Cli, seed_log: Path) -> None:
    wang_call = call_to(seed_log, "wang-yi")
    result = ok(cli("timeline", "--actor", "Blinken", "--format", "json"))
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 4
    for item in data:
        assert {"id", "date", "type", "participants", "summary", "sources"} <= set(item)
    assert [d["id"] for d in data] == timeline_ids(seed_log)
    assert [d["type"] for d in data] == ["phone_call", "phone_call", "statement", "statement"]
    assert {d["date"] for d in data} == {"2021-08-16"}
    first = data[0]
    assert first["id"] == wang_call
    assert [(p["id"], p["name"], p["role"]) for p in first["participants"]] == [
        ("antony-blinken", "Antony Blinken", "initiator"),
        ("wang-yi", "Wang Yi", "recipient"),
    ]
    assert first["summary"].startswith("Secretary of State Antony Blinken called Chinese")
    assert first["sources"][0]["url"].startswith("https://www.newindianexpress.com/")
    assert first["retracted"] is False and first["amendments"] == 0


def test_timeline_json_is_an_empty_list_when_nothing_matches(cli: Cli, seed_log: Path) -> None:
    result = ok(cli("timeline", "--actor", "Blinken", "--to", "2021-08-15", "-f", "json"))
    assert json.loads(result.stdout) == []


def test_timeline_csv(cli: Cli, seed_log: Path) -> None:
    wang_call = call_to(seed_log, "wang-yi")
    result = ok(cli("timeline", "--actor", "Blinken", "--format", "csv"))
    lines = out_lines(result)
    assert lines[0] == "id,date,type,with,participants,summary,topics,location,cameo,sources"
    table = list(csv.reader(io.StringIO(result.stdout)))
    assert len(table) == 5
    assert [r[0] for r in table[1:]] == timeline_ids(seed_log)
    assert table[1][:5] == [
        wang_call,
        "2021-08-16",
        "phone_call",
        "Wang Yi (recipient)",
        "Antony Blinken (initiator); Wang Yi (recipient)",
    ]
    assert table[1][6:9] == ["Afghanistan; security", "", "041"]
    assert table[1][9].startswith("https://www.newindianexpress.com/")


def test_timeline_csv_of_an_event_with_no_counterpart(cli: Cli, seed_log: Path) -> None:
    result = ok(cli("timeline", "--actor", "United States", "--format", "csv"))
    (row,) = list(csv.reader(io.StringIO(result.stdout)))[1:]
    assert row[1:5] == ["2021-08-15", "development", "-", "United States (involved)"]


def test_timeline_csv_neutralises_spreadsheet_formulas(cli: Cli, seed_log: Path) -> None:
    formula = '=HYPERLINK("https://evil.example/","click")'
    one_id(add_call(cli, "--topic", "+1 trick", summary=formula))
    result = ok(cli("timeline", "--actor", "Lavrov", "--from", "2021-08-20", "-f", "csv"))
    table = list(csv.reader(io.StringIO(result.stdout)))
    assert len(table) == 2
    assert table[1][5] == "'" + formula
    assert table[1][6] == "'+1 trick"
    # the log, JSON and the table keep the text as written
    assert records(seed_log)[-1].data["summary"] == formula
    as_json = json.loads(
        ok(cli("timeline", "-a", "Lavrov", "--from", "2021-08-20", "-f", "json")).stdout
    )
    assert as_json[0]["summary"] == formula


def test_timeline_html_default_path(cli: Cli, seed_log: Path) -> None:
    result = ok(cli("timeline", "--actor", "Blinken", "--html"))
    assert result.stdout == "wrote reports/timeline-blinken.html (4 events)\n"
    page = Path("reports/timeline-blinken.html").read_text(encoding="utf-8")
    assert "<html" in page.lower()
    assert "Wang Yi" in page and "Sergey Lavrov" in page


def test_timeline_html_given_path_and_options_after_it(cli: Cli, seed_log: Path) -> None:
    result = ok(
        cli("timeline", "--actor", "Blinken", "--html", "out/chart.html", "--type", "phone_call")
    )
    assert result.stdout == "wrote out/chart.html (2 events)\n"
    assert Path("out/chart.html").stat().st_size > 0
    assert not Path("reports/timeline-blinken.html").exists()
    # --html with no value, followed by another option, still means the default path
    result = ok(cli("timeline", "--html", "--actor", "Wang Yi"))
    assert result.stdout == "wrote reports/timeline-wang-yi.html (2 events)\n"
    assert Path("reports/timeline-wang-yi.html").is_file()


def test_timeline_html_bins_above_the_threshold_unless_per_event(
    cli: Cli, seed_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.views.charts import timeline as charts

    monkeypatch.setattr(charts, "AGGREGATE_THRESHOLD", 3)
    ok(cli("timeline", "--actor", "Blinken", "--html", "binned.html"))
    binned = Path("binned.html").read_text(encoding="utf-8")
    assert "4 events shown as 4 daily bins" in binned
    ok(cli("timeline", "--actor", "Blinken", "--html", "each.html", "--per-event"))
    each = Path("each.html").read_text(encoding="utf-8")
    assert "shown as" not in each
    assert "Wang Yi" in each and "Sergey Lavrov" in each


def test_timeline_as_of_a_day_far_ahead_shows_everything(cli: Cli, seed_log: Path) -> None:
    result = ok(cli("timeline", "--actor", "Blinken", "--as-of", "9999-12-31"))
    assert out_lines(result)[0] == BLINKEN_HEADER


# --------------------------------------------------------------------------- add-event


def test_add_event_prints_the_id_and_appends_one_line(cli: Cli, seed_log: Path) -> None:
    before = raw_lines(seed_log)
    n = len(before)
    result = add_call(cli, "--topic", "Afghanistan", "--location", "Washington", "--cameo", "041")
    new_id = one_id(result)
    assert result.stderr == ""
    after = raw_lines(seed_log)
    assert after[:n] == before and len(after) == n + 1
    last = records(seed_log)[-1]
    assert (last.id, last.seq, last.type, last.recorded_by) == (
        new_id,
        n + 1,
        "InteractionRecorded",
        "tester",
    )
    assert last.data["type"] == "phone_call"
    assert last.data["when"] == "2021-08-20"
    assert last.data["participants"] == [
        {"actor": "antony-blinken", "role": "initiator"},
        {"actor": "sergey-lavrov", "role": "recipient"},
    ]
    assert last.data["summary"] == "Blinken called Lavrov again"
    assert last.data["sources"] == [{"url": SOURCE}]
    assert last.data["topics"] == ["Afghanistan"]
    assert last.data["location"] == "Washington" and last.data["cameo"] == "041"
    # the timeline and the read model show it
    result = ok(cli("timeline", "--actor", "Lavrov", "--from", "2021-08-20"))
    assert out_lines(result)[0] == "Timeline of Sergey Lavrov: 1 event(s)"
    (row,) = rows(result)
    assert cells(row) == [
        "2021-08-20",
        "phone_call",
        "Antony Blinken (initiator)",
        "Blinken called Lavrov again",
        "example.org",
        new_id[-8:],
    ]
    assert timeline_ids(seed_log)[-1] == new_id
    assert ok(cli("verify")).stdout.startswith(f"ok: {n + 1} events, chain intact, head ")


def test_add_event_with_source_details(cli: Cli, seed_log: Path) -> None:
    result = add_call(
        cli, "--outlet", "AP", "--published", "2021-08-21", "--quote", "They spoke again."
    )
    new_id = one_id(result)
    assert records(seed_log)[-1].data["sources"] == [
        {"url": SOURCE, "outlet": "AP", "published": "2021-08-21", "quote": "They spoke again."}
    ]
    shown = ok(cli("show", new_id)).stdout
    assert f"source:       {SOURCE} · AP · 2021-08-21\n" in shown
    assert "  quote:      They spoke again.\n" in shown


def test_add_event_from_a_json_file_with_one_object(cli: Cli, seed_log: Path) -> None:
    event = {
        "type": "meeting",
        "date": "2021-08-25",
        "participants": [
            {"actor": "Blinken", "role": "host"},
            {"actor": "Wang Yi", "role": "visitor"},
        ],
        "summary": "Blinken hosted Wang Yi",
        "sources": [SOURCE],
        "topics": ["Afghanistan"],
    }
    Path("one.json").write_text(json.dumps(event), encoding="utf-8")
    new_id = one_id(cli("add-event", "--json", "one.json"))
    last = records(seed_log)[-1]
    assert last.id == new_id and last.data["type"] == "meeting"
    assert last.data["participants"] == [
        {"actor": "antony-blinken", "role": "host"},
        {"actor": "wang-yi", "role": "visitor"},
    ]
    assert timeline_ids(seed_log, "Wang Yi")[-1] == new_id


def test_add_event_from_a_json_list(cli: Cli, seed_log: Path) -> None:
    base = {
        "type": "phone_call",
        "date": "2021-08-21",
        "participants": [
            {"actor": "Blinken", "role": "initiator"},
            {"actor": "Lavrov", "role": "recipient"},
        ],
        "sources": [{"url": SOURCE, "outlet": "AP"}],
    }
    events = [dict(base, summary="first"), dict(base, summary="second", date="2021-08-22")]
    Path("two.json").write_text(json.dumps(events), encoding="utf-8")
    result = ok(cli("add-event", "--json", "two.json"))
    ids = out_lines(result)
    assert len(ids) == 2
    tail = records(seed_log)[-2:]
    assert [r.id for r in tail] == ids
    assert [r.data["summary"] for r in tail] == ["first", "second"]
    assert [r.data["when"] for r in tail] == ["2021-08-21", "2021-08-22"]


def test_add_event_json_list_is_all_or_nothing(cli: Cli, seed_log: Path) -> None:
    good = {
        "type": "statement",
        "date": "2021-08-21",
        "participants": [{"actor": "Ned Price", "role": "speaker"}],
        "summary": "Price spoke",
        "sources": [SOURCE],
    }
    bad = dict(good, date="2021-02-30")
    Path("batch.json").write_text(json.dumps([good, good, bad]), encoding="utf-8")
    digest = file_digest(seed_log)
    result = cli("add-event", "--json", "batch.json")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: event 3: bad date '2021-02-30': day is out of range for month\n"
    )
    assert result.stdout == ""
    assert file_digest(seed_log) == digest


def test_add_event_json_from_stdin(cli: Cli, seed_log: Path) -> None:
    event = {
        "type": "development",
        "date": "2021-08",
        "actors": ["Taliban"],
        "summary": "The Taliban took Kabul",
        "sources": [SOURCE],
    }
    new_id = one_id(cli("add-event", "--json", "-", input=json.dumps(event)))
    last = records(seed_log)[-1]
    assert (last.id, last.type) == (new_id, "DevelopmentRecorded")
    # "actors" of a development are involved in it (as --actor gives them)
    assert last.data["participants"] == [{"actor": "taliban", "role": "involved"}]
    assert last.data["when"] == "2021-08"
    assert timeline_ids(seed_log, "the Taliban")[0] == new_id  # 2021-08 sorts as its 1st day


def test_add_event_with_the_same_id_twice_writes_once(cli: Cli, seed_log: Path) -> None:
    given = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"
    assert one_id(add_call(cli, "--id", given)) == given
    digest = file_digest(seed_log)
    again = add_call(cli, "--id", given)
    assert again.exit_code == 0
    assert again.stderr == f"already in the log, nothing written: {given}\n"
    assert out_lines(again) == [given]
    assert file_digest(seed_log) == digest
    assert [r.id for r in records(seed_log)].count(given) == 1
    # an uppercase spelling of the id is the same id
    assert add_call(cli, "--id", given.upper()).stderr.startswith("already in the log")
    assert file_digest(seed_log) == digest


def test_add_event_same_id_different_content_is_a_conflict(cli: Cli, seed_log: Path) -> None:
    given = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"
    one_id(add_call(cli, "--id", given))
    digest = file_digest(seed_log)
    result = add_call(cli, "--id", given, summary="something else")
    assert result.exit_code == 5
    assert result.stderr == (
        f"Error: event id {given} is already in the log with different content;"
        " nothing was written\n"
    )
    assert result.stdout == ""
    assert file_digest(seed_log) == digest


def test_add_event_unknown_participant_is_refused_with_suggestions(
    cli: Cli, seed_log: Path
) -> None:
    digest = file_digest(seed_log)
    result = cli(
        "add-event",
        "--type",
        "phone_call",
        "--initiator",
        "Blinkn",
        "--recipient",
        "Wang Yi",
        "--date",
        "2021-08-20",
        "--summary",
        "x",
        "--source",
        SOURCE,
    )
    assert result.exit_code == 3
    assert result.stderr.startswith("Error: unknown actor 'Blinkn'; did you mean 'Antony Blinken'")
    assert result.stderr.count("\n") == 1
    assert file_digest(seed_log) == digest


def test_add_event_create_actors_registers_the_new_name(cli: Cli, seed_log: Path) -> None:
    result = cli(
        "add-event",
        "--type",
        "phone_call",
        "--initiator",
        "Blinken",
        "--recipient",
        "Jake Sullivan",
        "--date",
        "2021-08-20",
        "--summary",
        "Blinken briefed Sullivan",
        "--source",
        SOURCE,
        "--create-actors",
    )
    new_id = one_id(result)
    assert result.stderr == "registered new actor Jake Sullivan (jake-sullivan)\n"
    actor_line, event_line = records(seed_log)[-2:]
    assert actor_line.type == "ActorRegistered"
    assert actor_line.data["actor"] == "jake-sullivan"
    assert actor_line.data["name"] == "Jake Sullivan"
    assert event_line.id == new_id
    assert event_line.data["participants"][1] == {"actor": "jake-sullivan", "role": "recipient"}
    found = {a["id"]: a for a in json.loads(ok(cli("actors", "-f", "json")).stdout)}
    assert found["jake-sullivan"]["events"] == 1
    assert timeline_ids(seed_log, "Jake Sullivan") == [new_id]


def test_create_actors_never_looks_for_names_like_the_new_one(
    cli: Cli, seed_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The closest names are for an error; an actor that will be made needs none (the
    search is over every name of the log: 2,600 drafts took 139 s, now 6 s)."""
    import tracker.queries.actors as actors

    def no_search(*args: object, **kwargs: object) -> list[str]:
        raise AssertionError("suggestions looked for")

    monkeypatch.setattr(actors, "suggest", no_search)
    result = cli("add-event", "--type", "meeting", "--actor", "Blinken", "--actor",
                 "Ivo Marr", "--date", "2021-08-20", "--summary", "x", "--source", SOURCE,
                 "--create-actors")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "registered new actor Ivo Marr (ivo-marr)\n"


def test_add_event_statement_with_speaker_and_about(cli: Cli, seed_log: Path) -> None:
    new_id = one_id(
        cli(
            "add-event",
            "--type",
            "statement",
            "--actor",
            "Ned Price",
            "--about",
            "Blinken",
            "--addressee",
            "Taliban",
            "--date",
            "2021-08-18",
            "--summary",
            "Price said Blinken would keep talking to partners",
            "--source",
            SOURCE,
        )
    )
    last = records(seed_log)[-1]
    assert (last.id, last.type) == (new_id, "StatementRecorded")
    assert last.data["participants"] == [
        {"actor": "ned-price", "role": "speaker"},
        {"actor": "antony-blinken", "role": "about"},
        {"actor": "taliban", "role": "addressee"},
    ]
    result = ok(cli("timeline", "--actor", "Blinken"))
    assert out_lines(result)[0] == "Timeline of Antony Blinken: 5 event(s)"
    row = rows(result)[-1]
    assert cells(row)[:2] == ["2021-08-18", "statement"]
    assert cells(row)[-1] == new_id[-8:]
    assert "Ned Price (speaker)" in row


# --------------------------------------------------------------------------- show


def test_show_full_id_and_short_id(cli: Cli, seed_log: Path) -> None:
    wang_call = call_to(seed_log, "wang-yi")
    full = ok(cli("show", wang_call))
    lines = out_lines(full)
    assert lines[:5] == [
        f"id:           {wang_call}",
        "date:         2021-08-16",
        "type:         phone_call",
        "participants: Antony Blinken (initiator), Wang Yi (recipient)",
        "summary:      Secretary of State Antony Blinken called Chinese Foreign Minister Wang Yi"
        " about developments in Afghanistan, including the security situation.",
    ]
    assert "topics:       Afghanistan, security" in lines
    assert "cameo:        041" in lines
    assert any(
        line.startswith("source:       https://www.newindianexpress.com/")
        and line.endswith(" · The New Indian Express (AP) · 2021-08-17")
        for line in lines
    )
    assert lines[-1].startswith("recorded:     ") and "by tracker-seed" in lines[-1]
    assert not any(line.startswith(("amended:", "RETRACTED:")) for line in lines)
    short = ok(cli("show", wang_call[-8:]))
    assert short.stdout == full.stdout
    prefix = ok(cli("show", wang_call[:23]))  # a unique prefix works as well
    assert prefix.stdout == full.stdout


def test_show_json(cli: Cli, seed_log: Path) -> None:
    lavrov_call = call_to(seed_log, "sergey-lavrov")
    data = json.loads(ok(cli("show", lavrov_call[-8:], "--format", "json")).stdout)
    assert data["id"] == lavrov_call
    assert data["date"] == "2021-08-16" and data["type"] == "phone_call"
    assert [p["id"] for p in data["participants"]] == ["antony-blinken", "sergey-lavrov"]
    assert data["retracted"] is False


# --------------------------------------------------------------------------- amend, retract, history


def test_amend_changes_the_event_but_not_the_original_line(cli: Cli, seed_log: Path) -> None:
    event_id = one_id(add_call(cli))
    before = raw_lines(seed_log)
    result = cli(
        "amend",
        event_id[-8:],
        "--summary",
        "Blinken and Lavrov spoke",
        "--date",
        "2021-08-21",
        "--reason",
        "the readout was dated the next day",
    )
    amendment_id = one_id(result)
    assert amendment_id != event_id
    after = raw_lines(seed_log)
    assert after[: len(before)] == before  # the recorded line is untouched
    assert len(after) == len(before) + 1
    last = records(seed_log)[-1]
    assert (last.id, last.type) == (amendment_id, "EventAmended")
    assert last.data == {
        "target": event_id,
        "changes": {"when": "2021-08-21", "summary": "Blinken and Lavrov spoke"},
        "reason": "the readout was dated the next day",
    }
    # the read model and the timeline show the new state
    entry = Tracker(seed_log).show(event_id)
    assert (entry.summary, entry.when, entry.amendments) == (
        "Blinken and Lavrov spoke",
        "2021-08-21",
        1,
    )
    result = ok(cli("timeline", "--actor", "Lavrov", "--from", "2021-08-17"))
    (row,) = rows(result)
    assert cells(row)[0] == "2021-08-21" and "Blinken and Lavrov spoke" in row
    shown = out_lines(ok(cli("show", event_id)))
    assert "summary:      Blinken and Lavrov spoke" in shown
    assert f"amended:      1 time(s) (tracker history {event_id[-8:]})" in shown


def test_retract_removes_the_event_from_timelines(cli: Cli, seed_log: Path) -> None:
    event_id = one_id(add_call(cli))
    assert len(timeline_ids(seed_log, "Lavrov")) == 4
    before = raw_lines(seed_log)
    retraction_id = one_id(cli("retract", event_id, "--reason", "duplicate of the AP report"))
    assert raw_lines(seed_log)[: len(before)] == before
    last = records(seed_log)[-1]
    assert (last.id, last.type) == (retraction_id, "EventRetracted")
    assert last.data == {"target": event_id, "reason": "duplicate of the AP report"}
    assert event_id not in timeline_ids(seed_log, "Lavrov")
    result = ok(cli("timeline", "--actor", "Lavrov"))
    assert out_lines(result)[0] == "Timeline of Sergey Lavrov: 3 event(s)"
    assert event_id[-8:] not in result.stdout
    shown = out_lines(ok(cli("show", event_id)))
    assert shown[-1] == "RETRACTED:    duplicate of the AP report"
    found = {a["id"]: a for a in json.loads(ok(cli("actors", "-f", "json")).stdout)}
    assert found["sergey-lavrov"]["events"] == 3


def test_history_lists_recording_amendment_and_retraction(cli: Cli, seed_log: Path) -> None:
    event_id = one_id(add_call(cli, summary="They talked"))
    one_id(cli("amend", event_id, "--summary", "They spoke", "--reason", "shorter"))
    one_id(cli("retract", event_id, "--reason", "duplicate"))
    result = ok(cli("history", event_id[-8:]))
    lines = out_lines(result)
    assert lines[0] == f"History of {event_id}"
    assert lines[1].split() == ["LINE", "RECORDED", "(UTC)", "BY", "CHANGE", "REASON"]
    body = [cells(line) for line in lines[3:]]
    tail = records(seed_log)[-3:]
    line, stamp = [str(r.seq) for r in tail], [r.recorded_at for r in tail]
    assert body == [
        [line[0], stamp[0], "tester", "recorded: phone_call on 2021-08-20: They talked"],
        [line[1], stamp[1], "tester", "amended summary -> They spoke", "shorter"],
        [line[2], stamp[2], "tester", "retracted", "duplicate"],
    ]


def test_history_of_an_actor(cli: Cli, seed_log: Path) -> None:
    result = ok(cli("history", "Blinken"))
    lines = out_lines(result)
    assert lines[0] == "History of antony-blinken"
    assert cells(lines[3])[0] == "1"
    assert "actor registered as Antony Blinken" in lines[3]


def test_amend_of_a_retracted_event_is_refused(cli: Cli, seed_log: Path) -> None:
    event_id = one_id(add_call(cli))
    one_id(cli("retract", event_id, "--reason", "wrong"))
    digest = file_digest(seed_log)
    result = cli("amend", event_id, "--summary", "new", "--reason", "fix")
    assert result.exit_code == 2
    assert result.stderr == f"Error: event {event_id} was retracted; it cannot be amended\n"
    assert file_digest(seed_log) == digest
    again = cli("retract", event_id, "--reason", "wrong again")
    assert again.exit_code == 2
    assert again.stderr == f"Error: event {event_id} is already retracted\n"
    assert file_digest(seed_log) == digest


def test_as_of_hides_what_was_recorded_later(cli: Cli, seed_log: Path) -> None:
    before_add = datetime.now(UTC).isoformat()
    time.sleep(0.002)
    event_id = one_id(add_call(cli))
    time.sleep(0.002)
    between = datetime.now(UTC).isoformat()
    time.sleep(0.002)
    one_id(cli("amend", event_id, "--summary", "amended later", "--reason", "r"))
    amended_at = datetime.fromisoformat(records(seed_log)[-1].recorded_at.replace("Z", "+00:00"))
    assert amended_at > datetime.fromisoformat(between)

    then = out_lines(ok(cli("show", event_id, "--as-of", between)))
    assert "summary:      Blinken called Lavrov again" in then
    assert not any(line.startswith("amended:") for line in then)
    now = out_lines(ok(cli("show", event_id)))
    assert "summary:      amended later" in now

    as_json = ok(
        cli("timeline", "-a", "Lavrov", "--from", "2021-08-20", "--as-of", between, "-f", "json")
    )
    assert [e["summary"] for e in json.loads(as_json.stdout)] == ["Blinken called Lavrov again"]
    entries = Tracker(seed_log).timeline(["Lavrov"], as_of=datetime.fromisoformat(between)).entries
    assert entries[-1].summary == "Blinken called Lavrov again"

    # before the event was added, it did not exist
    gone = cli("show", event_id, "--as-of", before_add)
    assert gone.exit_code == 3
    assert gone.stderr == f"Error: no event with id {event_id!r}\n"
    earlier = ok(cli("timeline", "-a", "Lavrov", "--as-of", before_add))
    assert out_lines(earlier)[0] == "Timeline of Sergey Lavrov: 3 event(s)"


# --------------------------------------------------------------------------- actors


def test_actors_table_lists_the_shipped_actors(cli: Cli, seed_log: Path) -> None:
    result = ok(cli("actors"))
    lines = out_lines(result)
    header = lines[0].split()
    assert header[:5] == ["ID", "NAME", "KIND", "COUNTRY", "EVENTS"]
    assert {"FIRST", "LAST", "ALIASES"} <= set(header)
    first_cells = {line.split()[0]: line for line in lines[2:] if line and not line[0].isspace()}
    assert set(first_cells) == SHIPPED_ACTORS
    blinken = cells(first_cells["antony-blinken"])
    assert blinken[:2] == ["antony-blinken", "Antony Blinken"]
    assert blinken[3:7] == ["USA", "4", "2021-08-16", "2021-08-16"]
    # most events first
    assert lines[2].split()[0] == "antony-blinken"


def test_actors_json(cli: Cli, seed_log: Path) -> None:
    data = json.loads(ok(cli("actors", "--format", "json")).stdout)
    assert len(data) == 14
    found = {a["id"]: a for a in data}
    assert set(found) == SHIPPED_ACTORS
    blinken = found["antony-blinken"]
    assert blinken["name"] == "Antony Blinken"
    assert blinken["events"] == 4
    assert (blinken["first"], blinken["last"]) == ("2021-08-16", "2021-08-16")
    assert "Blinken" in blinken["aliases"]
    assert found["united-states"]["events"] == 1
    assert found["united-states"]["first"] == "2021-08-15"
    assert found["russia"]["events"] == 0 and found["russia"]["first"] is None
    counts = {a.id: a.events for a in Tracker(seed_log).actors()}
    assert counts == {a["id"]: a["events"] for a in data}


def test_actor_add(cli: Cli, seed_log: Path) -> None:
    result = ok(
        cli(
            "actor",
            "add",
            "Linda Thomas-Greenfield",
            "--kind",
            "person",
            "--country",
            "USA",
            "--alias",
            "Thomas-Greenfield",
        )
    )
    assert result.stdout == "linda-thomas-greenfield\n"
    last = records(seed_log)[-1]
    assert last.type == "ActorRegistered"
    assert last.data["actor"] == "linda-thomas-greenfield"
    assert last.data["name"] == "Linda Thomas-Greenfield"
    assert last.data["aliases"] == ["Thomas-Greenfield"]
    assert last.data["country"] == "USA"
    found = {a["id"]: a for a in json.loads(ok(cli("actors", "-f", "json")).stdout)}
    assert found["linda-thomas-greenfield"]["events"] == 0
    shown = ok(cli("timeline", "--actor", "thomas-greenfield"))
    assert shown.stdout == "Timeline of Linda Thomas-Greenfield: 0 event(s)\n"


@pytest.mark.parametrize(
    ("args", "taken", "owner"),
    [
        (["Tony Blinken"], "Tony Blinken", "antony-blinken (Antony Blinken)"),
        (["wang yi"], "wang yi", "wang-yi (Wang Yi)"),
        (["Someone New", "--alias", "Lavrov"], "Lavrov", "sergey-lavrov (Sergey Lavrov)"),
        (["Someone New", "--alias", "u.s."], "u.s.", "united-states (United States)"),
    ],
)
def test_actor_add_refuses_a_name_in_use(
    cli: Cli, seed_log: Path, args: list[str], taken: str, owner: str
) -> None:
    digest = file_digest(seed_log)
    result = cli("actor", "add", *args)
    assert result.exit_code == 2
    assert result.stderr == f"Error: the name {taken!r} is already used by actor {owner}\n"
    assert result.stdout == ""
    assert file_digest(seed_log) == digest


# --------------------------------------------------------------------------- verify, rebuild


def test_verify_the_shipped_log(cli: Cli, seed_log: Path) -> None:
    result = ok(cli("verify"))
    n = len(records(seed_log))
    match = re.fullmatch(rf"ok: {n} events, chain intact, head ([0-9a-f]{{64}})\n", result.stdout)
    assert match is not None, result.stdout
    assert match.group(1) == records(seed_log)[-1].chain
    assert result.stderr == ""


def test_verify_head(cli: Cli, seed_log: Path) -> None:
    chains = [r.chain for r in records(seed_log)]
    n = len(chains)
    assert ok(cli("verify", "--head", chains[-1])).stdout.endswith(f"head {chains[-1]}\n")
    digest = file_digest(seed_log)
    older = cli("verify", "--head", chains[9])
    assert older.exit_code == 6
    assert older.stderr == (
        f"Error: damaged log data/events.jsonl: line {n}: head is {chains[-1][:12]}…,"
        f" not {chains[9][:12]}…; it is the head of line 10, so {n - 10} line(s) came after it\n"
    )
    unknown = cli("verify", "--head", "ab" * 32)
    assert unknown.exit_code == 6
    assert unknown.stderr.startswith(f"Error: damaged log data/events.jsonl: line {n}: head is ")
    assert unknown.stderr.endswith(
        "no line of the log has that hash: the log was rewritten or is another log\n"
    )
    assert file_digest(seed_log) == digest


def test_rebuild(cli: Cli, seed_log: Path) -> None:
    n = len(records(seed_log))
    ok(cli("actors"))  # a read model exists
    result = ok(cli("rebuild"))
    assert re.fullmatch(rf"rebuilt the read model: {n} lines in \d+\.\d s\n", result.stdout)
    for cache in seed_log.parent.glob(".events.jsonl.readmodel*"):
        cache.unlink()
    result = ok(cli("rebuild"))
    assert result.stdout.startswith(f"rebuilt the read model: {n} lines in ")
    assert len(timeline_ids(seed_log)) == 4


# --------------------------------------------------------------------------- init


def test_init_starts_an_empty_tracker(cli: Cli, tmp_path: Path) -> None:
    result = ok(cli("init"))
    assert result.stdout == "started an empty log at data/events.jsonl\n"
    log = tmp_path / "data" / "events.jsonl"
    assert log.is_file() and log.read_bytes() == b""
    rules = (tmp_path / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert rules == ["data/.events.jsonl.*", "reports/*", "!reports/.gitkeep"]
    # git keeps the log's bytes as they are (no CRLF conversion) and merges it with tracker
    attributes = (tmp_path / ".gitattributes").read_text(encoding="utf-8")
    assert attributes == "data/events.jsonl -text merge=tracker-log\n"
    assert (tmp_path / "reports").is_dir()
    assert ok(cli("verify")).stdout == f"ok: 0 events, chain intact, head {'0' * 64}\n"
    # again on the still empty log: nothing changes, no rule is doubled
    ok(cli("init"))
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8").splitlines() == rules


def test_init_keeps_an_existing_gitignore_and_takes_a_folder(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / ".gitignore").write_text("*.pyc", encoding="utf-8")
    result = ok(cli("init", "project"))
    assert result.stdout == "started an empty log at project/data/events.jsonl\n"
    text = (tmp_path / "project" / ".gitignore").read_text(encoding="utf-8")
    assert text == "*.pyc\ndata/.events.jsonl.*\nreports/*\n!reports/.gitkeep\n"


def test_init_refuses_a_log_with_events(cli: Cli, seed_log: Path, tmp_path: Path) -> None:
    digest = file_digest(seed_log)
    result = cli("init")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: data/events.jsonl already exists and holds events; nothing was changed\n"
    )
    assert file_digest(seed_log) == digest
    assert not (tmp_path / ".gitignore").exists()


# --------------------------------------------------------------------------- help


def test_python_dash_m_tracker_help(tmp_path: Path) -> None:
    venv_python = ROOT / ".venv" / "bin" / "python"
    python = str(venv_python) if venv_python.exists() else sys.executable
    done = subprocess.run(
        [python, "-m", "tracker", "--help"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Usage: tracker ")
    for name in ("init", "add-event", "timeline", "show", "history", "amend", "retract"):
        assert f"  {name} " in done.stdout
    for name in ("actors", "actor", "verify", "rebuild"):
        assert f"  {name} " in done.stdout
    assert done.stderr == ""


def _commands() -> list[tuple[list[str], Any]]:
    found: list[tuple[list[str], Any]] = []
    for group, prefix in ((app, []), (actor_app, ["actor"])):
        for info in group.registered_commands:
            name = info.name or info.callback.__name__.replace("_", "-")
            found.append(([*prefix, name], info.callback))
    return found


def test_every_command_is_registered() -> None:
    names = sorted(" ".join(path) for path, _ in _commands())
    expected = [
        "actor add",
        "actors",
        "add-event",
        "amend",
        "history",
        "init",
        "rebuild",
        "retract",
        "show",
        "timeline",
        "verify",
    ]
    assert set(expected) <= set(names)
    groups = [g.name for g in app.registered_groups]
    assert "actor" in groups
    assert isinstance(typer.main.get_command(app), typer.core.TyperGroup)


@pytest.mark.parametrize(
    ("path", "callback"), _commands(), ids=[" ".join(p) for p, _ in _commands()]
)
def test_every_command_has_help_with_an_example(cli: Cli, path: list[str], callback: Any) -> None:
    doc = callback.__doc__ or ""
    assert doc.strip(), f"{' '.join(path)} has no docstring"
    assert "Example: tracker " in doc
    result = ok(cli(*path, "--help"))
    assert result.stdout.startswith(f"Usage: root {' '.join(path)} ")
    first_line = doc.strip().splitlines()[0]
    assert first_line.split()[0] in result.stdout
    assert "Example: tracker " in result.stdout


# --------------------------------------------------------------------------- choosing the log


def test_tracker_log_env_var_overrides_the_default(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere" / "my.jsonl"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes((ROOT / "data" / "events.jsonl").read_bytes())
    monkeypatch.setenv("TRACKER_LOG", str(elsewhere))
    result = ok(cli("timeline", "--actor", "Blinken"))
    assert out_lines(result)[0] == BLINKEN_HEADER
    new_id = one_id(add_call(cli))
    assert records(elsewhere)[-1].id == new_id
    assert not (tmp_path / "data").exists()


def test_log_option_overrides_env_and_default(
    cli: Cli, tmp_path: Path, seed_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other.jsonl"
    EventLog.create(other)
    monkeypatch.setenv("TRACKER_LOG", str(tmp_path / "missing.jsonl"))
    digest = file_digest(seed_log)
    added = ok(cli("actor", "add", "Zalmay Khalilzad", "--log", str(other)))
    assert added.stdout == "zalmay-khalilzad\n"
    assert [r.data["actor"] for r in records(other)] == ["zalmay-khalilzad"]
    assert file_digest(seed_log) == digest
    result = ok(cli("timeline", "--actor", "zalmay khalilzad", "--log", str(other)))
    assert result.stdout == "Timeline of Zalmay Khalilzad: 0 event(s)\n"
    missing = cli("actors")  # TRACKER_LOG points at a missing file
    assert missing.exit_code == 7
    assert missing.stderr.startswith(f"Error: no log at {tmp_path / 'missing.jsonl'} ")
