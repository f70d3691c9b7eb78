"""Events that span days (issue 13): ``--date 2021-03-15/2021-03-17`` end to end.

The event covers every day of its interval in every date window, sorts by its start, is
drawn as a span, and exports its start and end; single dates are recorded byte for byte
as before (v1), an interval at v2 of its type.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.conftest import SOURCE, file_digest
from tests.readmodel.test_projection import rebuilt_dump, synced_dump
from tests.reliability._forge import forge
from tracker.domain.dates import parse_window_end, parse_window_start
from tracker.domain.events import EVENT_CLASSES
from tracker.log.envelope import content_hash, encode
from tracker.log.file import EventLog
from tracker.services.tracker import Tracker
from tracker.views.charts.timeline import timeline_figure

Cli = Callable[..., Any]


def visit_args(log: Path, date_text: str) -> list[str]:
    return [
        "add-event", "--log", str(log), "--type", "visit", "--visitor", "Blinken",
        "--host", "Wang Yi", "--date", date_text, "--summary", "Talks in Beijing",
        "--source", SOURCE, "--location", "Beijing",
    ]  # fmt: skip


@pytest.fixture
def trip(tracker: Tracker, cli: Cli) -> Tracker:
    """A three-day visit and, around it, two calls of single days."""
    log = tracker.log.path
    assert cli(*visit_args(log, "2021-03-15/17")).exit_code == 0
    for day in ("2021-03-14", "2021-03-16"):
        result = cli(
            "add-event", "--log", str(log), "--type", "phone_call", "--initiator", "Blinken",
            "--recipient", "Wang Yi", "--date", day, "--summary", f"Call on {day}",
            "--source", SOURCE,
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
    return tracker


def occurrence_lines(log: Path) -> list[dict[str, Any]]:
    return [
        orjson.loads(line)
        for line in log.read_bytes().splitlines()
        if b'"type":"InteractionRecorded"' in line
    ]


def test_an_interval_is_recorded_at_v2_and_a_single_date_at_v1(trip: Tracker) -> None:
    visit, call_14, call_16 = occurrence_lines(trip.log.path)
    assert visit["type_v"] == 2
    assert visit["data"]["when"] == "2021-03-15/2021-03-17"  # the short form, written out
    assert (call_14["type_v"], call_14["data"]["when"]) == (1, "2021-03-14")
    assert call_16["type_v"] == 1
    assert trip.verify().torn_tail_bytes == 0  # raises if a line is bad


def test_single_dates_are_encoded_byte_for_byte_as_before(seed_log: Path) -> None:
    """The shipped log was written before intervals: every occurrence in it encodes to the
    same type version, payload bytes and content hash today."""
    lines = [orjson.loads(raw) for raw in seed_log.read_bytes().splitlines()]
    occurrences = [line for line in lines if line["type"].endswith("Recorded")]
    occurrences = [line for line in occurrences if line["type"] != "ActorRegistered"]
    assert occurrences
    for line in occurrences:
        event = EVENT_CLASSES[line["type"]].from_data(line["data"])
        encoded = encode(event)
        assert encoded.type_v == line["type_v"] == 1
        assert encoded.data == orjson.dumps(line["data"])
        assert encoded.hash == line["hash"]


@pytest.mark.parametrize(
    ("window", "summaries"),
    [
        ([], ["Call on 2021-03-14", "Talks in Beijing", "Call on 2021-03-16"]),
        (["--from", "2021-03-17"], ["Talks in Beijing"]),  # its last day
        (["--to", "2021-03-15"], ["Call on 2021-03-14", "Talks in Beijing"]),  # its first
        (
            ["--from", "2021-03-16", "--to", "2021-03-16"],
            ["Talks in Beijing", "Call on 2021-03-16"],
        ),
        (["--from", "2021-03-18"], []),
        (["--to", "2021-03-14"], ["Call on 2021-03-14"]),
        (
            ["--from", "2021-03", "--to", "2021-03"],
            ["Call on 2021-03-14", "Talks in Beijing", "Call on 2021-03-16"],
        ),
    ],
)
def test_the_event_covers_every_day_of_its_interval(
    trip: Tracker, cli: Cli, window: list[str], summaries: list[str]
) -> None:
    result = cli(
        "timeline", "--actor", "Blinken", "--format", "json", *window, "--log", str(trip.log.path)
    )
    assert result.exit_code == 0, result.stderr
    assert [e["summary"] for e in json.loads(result.stdout)] == summaries
    # the same through the library, from the other side
    options = dict(zip(window[::2], window[1::2], strict=True))
    start = parse_window_start(options["--from"]) if "--from" in options else None
    end = parse_window_end(options["--to"]) if "--to" in options else None
    entries = trip.timeline(["Wang Yi"], start=start, end=end).entries
    assert [e.summary for e in entries] == summaries


def test_json_shows_start_and_end(trip: Tracker, cli: Cli) -> None:
    result = cli("timeline", "--actor", "Blinken", "--format", "json", "--log", str(trip.log.path))
    rows = json.loads(result.stdout)
    assert [(r["date"], r["start"], r["end"]) for r in rows] == [
        ("2021-03-14", "2021-03-14", None),
        ("2021-03-15/2021-03-17", "2021-03-15", "2021-03-17"),
        ("2021-03-16", "2021-03-16", None),
    ]
    entries = trip.timeline(["Blinken"]).entries
    assert [e.to_json() for e in entries] == rows
    visit = entries[1]
    assert (visit.when, visit.start, visit.end, visit.day_first, visit.day_last) == (
        "2021-03-15/2021-03-17", "2021-03-15", "2021-03-17", "2021-03-15", "2021-03-17",
    )  # fmt: skip


def test_the_text_table_shows_the_interval(trip: Tracker, cli: Cli) -> None:
    result = cli("timeline", "--actor", "Blinken", "--log", str(trip.log.path))
    lines = result.stdout.splitlines()
    assert lines[0] == "Timeline of Antony Blinken: 3 event(s)"
    assert lines[4].startswith("2021-03-15/2021-03-17  visit       Wang Yi (host)")


@pytest.mark.parametrize(
    ("date_text", "message"),
    [
        (
            "2021-03-17/2021-03-15",
            "bad date '2021-03-17/2021-03-15': the interval ends before it starts",
        ),
        ("2021-03-17/15", "bad date '2021-03-17/15': the interval ends before it starts"),
        (
            "2021-03-15/2021-02-30",
            "bad date '2021-03-15/2021-02-30' (end 2021-02-30): day is out of range for month",
        ),
        (
            "2021-03-15/",
            "bad date '2021-03-15/': an interval is START/END, e.g. 2021-03-15/2021-03-17",
        ),
        (
            "2021-03-15T10:00Z/2021-03-15T11:00+02:00",
            "bad date '2021-03-15T10:00Z/2021-03-15T11:00+02:00': the interval ends before it starts",
        ),
        (
            "2021-03-15/x",
            "bad date '2021-03-15/x': the end 'x' is no date, nor the last parts of one",
        ),
    ],
)
def test_a_bad_interval_is_one_line_and_the_log_is_unchanged(
    tracker: Tracker, cli: Cli, date_text: str, message: str
) -> None:
    log = tracker.log.path
    before = file_digest(log)
    result = cli(*visit_args(log, date_text))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"Error: {message}\n"
    assert file_digest(log) == before


@pytest.mark.parametrize("option", ["--from", "--to"])
def test_a_window_is_one_date_each_side(trip: Tracker, cli: Cli, option: str) -> None:
    result = cli(
        "timeline", "--actor", "Blinken", option, "2021-03-15/17", "--log", str(trip.log.path)
    )
    assert result.exit_code == 2
    assert (
        result.stderr
        == "Error: bad date '2021-03-15/17': one date is wanted here, not an interval\n"
    )


def test_an_amended_date_becomes_an_interval_and_back(trip: Tracker, cli: Cli) -> None:
    log = trip.log.path
    call = trip.timeline(["Blinken"]).entries[0]
    result = cli(
        "amend", call.id, "--date", "2021-03-13/14", "--reason", "two calls", "--log", str(log)
    )
    assert result.exit_code == 0, result.stderr
    amended = orjson.loads(log.read_bytes().splitlines()[-1])
    assert (amended["type"], amended["type_v"]) == ("EventAmended", 2)
    assert amended["data"]["changes"] == {"when": "2021-03-13/2021-03-14"}
    shown = trip.show(call.id)
    assert (shown.when, shown.end, shown.day_last) == (
        "2021-03-13/2021-03-14",
        "2021-03-14",
        "2021-03-14",
    )
    assert rebuilt_dump(log) == synced_dump(log)
    assert (
        cli(
            "amend", call.id, "--date", "2021-03-14", "--reason", "one", "--log", str(log)
        ).exit_code
        == 0
    )
    assert orjson.loads(log.read_bytes().splitlines()[-1])["type_v"] == 1
    shown = trip.show(call.id)
    assert (shown.when, shown.end, shown.day_last) == ("2021-03-14", None, "2021-03-14")
    assert rebuilt_dump(log) == synced_dump(log)
    assert trip.verify().torn_tail_bytes == 0  # raises if a line is bad


def test_a_v1_line_with_an_interval_is_refused_and_v2_single_dates_read(
    tracker: Tracker, cli: Cli
) -> None:
    log = tracker.log.path
    data = {
        "type": "phone_call", "when": "2021-03-15/2021-03-17",
        "participants": [{"actor": "antony-blinken", "role": "initiator"},
                         {"actor": "wang-yi", "role": "recipient"}],
        "summary": "Calls", "topics": [], "sources": [{"url": SOURCE}],
    }  # fmt: skip
    # an older version's payload at v2: upcast, nothing to refuse
    single = dict(data, when="2021-03-15")
    forge(log, "01a234c0-0000-7000-8000-000000000001", "InteractionRecorded", single, type_v=2)
    assert tracker.verify().torn_tail_bytes == 0  # raises if a line is bad
    line = forge(log, "01a234c0-0000-7000-8000-000000000002", "InteractionRecorded", data, type_v=1)
    result = cli("verify", "--log", str(log))
    assert result.exit_code == 6
    assert result.stderr.count("\n") == 1
    assert (
        f"line {line}: event 01a234c0-0000-7000-8000-000000000002: a date interval"
        " ('2021-03-15/2021-03-17') needs InteractionRecorded v2, not v1"
    ) in result.stderr
    assert content_hash("InteractionRecorded", 1, data) != content_hash(
        "InteractionRecorded", 2, data
    )


def test_csv_carries_the_interval_and_round_trips(trip: Tracker, cli: Cli, tmp_path: Path) -> None:
    log = trip.log.path
    out = tmp_path / "trip.csv"
    assert cli("export", "csv", "-o", str(out), "--log", str(log)).exit_code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["date"] for r in rows] == ["2021-03-14", "2021-03-15/2021-03-17", "2021-03-16"]
    before = file_digest(log)
    again = cli("import", "csv", str(out), "--log", str(log))
    assert again.exit_code == 0, again.stderr
    assert again.stdout.strip() == "read 3, added 0, duplicates 3, skipped 0, new actors 0"
    assert file_digest(log) == before


def test_csv_import_of_a_new_interval(tracker: Tracker, cli: Cli, tmp_path: Path) -> None:
    log = tracker.log.path
    template = tmp_path / "t.csv"
    assert cli("import", "csv", "--template", str(template), "--log", str(log)).exit_code == 0
    header = next(csv.reader(template.open(encoding="utf-8")))
    row = dict.fromkeys(header, "")
    row.update(type="visit", date="2021-05-03/05", actors="Blinken; Wang Yi",
               roles="visitor; host", summary="A trip", source_url=SOURCE)  # fmt: skip
    with (tmp_path / "in.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, header)
        writer.writeheader()
        writer.writerow(row)
    result = cli("import", "csv", str(tmp_path / "in.csv"), "--log", str(log))
    assert result.exit_code == 0, result.stderr
    (line,) = occurrence_lines(log)
    assert (line["type_v"], line["data"]["when"]) == (2, "2021-05-03/2021-05-05")
    assert tracker.verify().torn_tail_bytes == 0  # raises if a line is bad


def test_timelinejs_has_an_end_date(trip: Tracker, cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "tl.json"
    result = cli(
        "export", "timelinejs", "--actor", "Blinken", "-o", str(out), "--log", str(trip.log.path)
    )
    assert result.exit_code == 0, result.stderr
    slides = json.loads(out.read_text())["events"]
    assert [(s["start_date"], s.get("end_date")) for s in slides] == [
        ({"year": 2021, "month": 3, "day": 14}, None),
        ({"year": 2021, "month": 3, "day": 15}, {"year": 2021, "month": 3, "day": 17}),
        ({"year": 2021, "month": 3, "day": 16}, None),
    ]


def test_the_chart_draws_a_span(trip: Tracker) -> None:
    fig = timeline_figure(trip.timeline(["Blinken"]))
    spans = [t for t in fig.data if t.mode == "lines"]
    assert len(spans) == 1
    assert list(spans[0].x) == ["2021-03-15", "2021-03-17", None]
    assert spans[0].y[0] == spans[0].y[1]
    markers = {t.name: list(t.x) for t in fig.data if t.mode == "markers"}
    assert markers == {"visit": ["2021-03-15"], "phone call": ["2021-03-14", "2021-03-16"]}
    assert "2021-03-14 to 2021-03-17" in fig.layout.title.text
    # a chart of single dates draws no span
    only_calls = trip.timeline(["Blinken"], types=["phone_call"])
    assert [t for t in timeline_figure(only_calls).data if t.mode == "lines"] == []


def test_as_of_is_unaffected(trip: Tracker, cli: Cli) -> None:
    log = trip.log.path
    recorded = orjson.loads(log.read_bytes().splitlines()[-3])["recorded_at"]
    result = cli(
        "timeline", "--actor", "Blinken", "--as-of", recorded, "--format", "json", "--log", str(log)
    )
    assert [e["summary"] for e in json.loads(result.stdout)] == ["Talks in Beijing"]
    assert EventLog(log).read()  # still a valid log
