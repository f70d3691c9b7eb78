"""Bad input, bad logs, bad environments: one clear line on stderr, the right exit code,
no traceback, and the log byte for byte as it was.

Every message is a single ``Error: ...`` line; where the message is fixed the test names
its first words exactly.
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import tracker.log.writer
from tests.conftest import SOURCE, file_digest
from tracker.domain.errors import ExitCode
from tracker.log.file import EventLog
from tracker.services.tracker import Tracker

Cli = Callable[..., Any]
LOG = "data/events.jsonl"


def add_args(**overrides: str) -> list[str]:
    """add-event options for a valid Blinken-Lavrov call, with some replaced."""
    values = {
        "--type": "phone_call",
        "--initiator": "Blinken",
        "--recipient": "Lavrov",
        "--date": "2021-08-20",
        "--summary": "Blinken called Lavrov again",
        "--source": SOURCE,
    }
    values.update(overrides)
    args = ["add-event"]
    for key, value in values.items():
        args += [key, value]
    return args


def fails(result: Any, code: ExitCode, start: str) -> str:
    """Assert a clean failure: one ``Error:`` line on stderr, nothing on stdout."""
    both = str(result.stdout) + str(result.stderr)
    assert "Traceback" not in both
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    message = str(result.stderr)
    assert message.endswith("\n") and message.count("\n") == 1, message
    assert message.startswith("Error: " + start), message
    return message.removeprefix("Error: ").rstrip("\n")


@pytest.fixture
def unchanged(seed_log: Path) -> Any:
    """Checks, at the end of the test, that the shipped log copy was not touched."""
    digest = file_digest(seed_log)
    yield seed_log
    assert file_digest(seed_log) == digest, "the log changed"


def shipped_ids(path: Path) -> dict[str, str]:
    """Short names for some shipped event ids: the two calls."""
    found = {}
    for r in EventLog(path).read():
        if r.type == "InteractionRecorded":
            other = r.data["participants"][1]["actor"]
            found[other] = r.id
    return found


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("date", "start"),
    [
        ("2021-13-45", "bad date '2021-13-45': month must be in 1..12"),
        ("2021-02-30", "bad date '2021-02-30': day is out of range for month"),
        (
            "yesterday",
            "bad date 'yesterday': expected YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM+ZONE",
        ),
        (
            "2021-08-16T10:00",
            "bad date '2021-08-16T10:00': a date-time needs a zone, e.g. 2021-08-16T10:00Z"
            " or 2021-08-16T10:00+02:00",
        ),
        ("2021-08-16T25:00Z", "bad date '2021-08-16T25:00Z': hour must be in 0..23"),
        ("0000", "bad date '0000': year out of range"),
        ("2021-00", "bad date '2021-00': bad month number 0; must be 1-12"),
        ("16/08/2021", "bad date '16/08/2021': expected YYYY, YYYY-MM"),
        # other scripts' digits are refused, not stored as written
        ("２０２１-０８-１６", "bad date '２０２１-０８-１６': expected YYYY, YYYY-MM"),
        ("0001-01-01T00:00+01:00", "bad date '0001-01-01T00:00+01:00': date value out of range"),
    ],
)
def test_add_event_bad_date(cli: Cli, unchanged: Path, date: str, start: str) -> None:
    message = fails(cli(*add_args(**{"--date": date})), ExitCode.USAGE, start)
    assert message == start or message.startswith(start)


def test_add_event_empty_date_is_missing(cli: Cli, unchanged: Path) -> None:
    fails(cli(*add_args(**{"--date": ""})), ExitCode.USAGE, "missing --date")


def test_missing_options_are_named(cli: Cli, unchanged: Path) -> None:
    message = fails(cli("add-event"), ExitCode.USAGE, "missing ")
    assert message == "missing --type, --actor, --date, --summary, --source"


@pytest.mark.parametrize("window", [["--from", "2021-13"], ["--to", "soon"]])
def test_timeline_bad_window_date(cli: Cli, unchanged: Path, window: list[str]) -> None:
    fails(cli("timeline", "--actor", "Blinken", *window), ExitCode.USAGE, "bad date ")


def test_timeline_from_after_to(cli: Cli, unchanged: Path) -> None:
    message = fails(
        cli("timeline", "--actor", "Blinken", "--from", "2021-09", "--to", "2021-08"),
        ExitCode.USAGE,
        "--from ",
    )
    assert message == "--from 2021-09-01 is after --to 2021-08-31"


@pytest.mark.parametrize("command", [["timeline", "--actor", "Blinken"], ["actors"]])
@pytest.mark.parametrize("moment", ["garbage", "2021-08-16T10:00+99:00", "0001-01-01T00:00+01:00"])
def test_bad_as_of(cli: Cli, unchanged: Path, command: list[str], moment: str) -> None:
    message = fails(cli(*command, "--as-of", moment), ExitCode.USAGE, f"bad date-time {moment!r}")
    assert message == (
        f"bad date-time {moment!r}: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+ZONE]"
    )


def test_show_bad_as_of(cli: Cli, unchanged: Path) -> None:
    event_id = shipped_ids(unchanged)["wang-yi"]
    fails(cli("show", event_id, "--as-of", "garbage"), ExitCode.USAGE, "bad date-time 'garbage'")


# --------------------------------------------------------------------------- types, actors, formats


def test_unknown_event_type(cli: Cli, unchanged: Path) -> None:
    message = fails(
        cli(*add_args(**{"--type": "phonecall"})), ExitCode.USAGE, "unknown event type 'phonecall'"
    )
    assert message.startswith("unknown event type 'phonecall'; known: phone_call, meeting, ")
    assert message.endswith(", statement, development")
    fails(
        cli("timeline", "--actor", "Blinken", "--type", "tweet"),
        ExitCode.USAGE,
        "unknown event type 'tweet'; known: ",
    )


@pytest.mark.parametrize("empty", ["", "   "])
def test_empty_actor(cli: Cli, unchanged: Path, empty: str) -> None:
    statement = [
        "add-event",
        "--type",
        "statement",
        "--actor",
        empty,
        "--date",
        "2021-08-20",
        "--summary",
        "x",
        "--source",
        SOURCE,
    ]
    assert fails(cli(*statement), ExitCode.USAGE, "an actor is empty") == "an actor is empty"
    fails(cli(*add_args(**{"--recipient": empty})), ExitCode.USAGE, "an actor is empty")
    fails(cli("timeline", "--actor", empty), ExitCode.USAGE, "an actor is empty")
    fails(cli("timeline", "--actor", "Blinken", "--with", empty), ExitCode.USAGE, "an actor")


def test_unknown_actor(cli: Cli, unchanged: Path) -> None:
    message = fails(
        cli(*add_args(**{"--recipient": "Sergei Lavrow"})),
        ExitCode.NOT_FOUND,
        "unknown actor 'Sergei Lavrow'",
    )
    assert "did you mean 'Sergey Lavrov'" in message
    fails(cli("timeline", "--actor", "Kissinger"), ExitCode.NOT_FOUND, "unknown actor 'Kissinger'")
    fails(
        cli("timeline", "--actor", "Blinken", "--with", "Kissinger"),
        ExitCode.NOT_FOUND,
        "unknown actor 'Kissinger'",
    )


def test_unknown_actor_gets_no_far_fetched_suggestions(cli: Cli, unchanged: Path) -> None:
    # a single shared letter with a short alias ("UN", "US") is no reason to suggest it
    message = fails(
        cli("timeline", "--actor", "Jake Sullivan"), ExitCode.NOT_FOUND, "unknown actor"
    )
    assert message == "unknown actor 'Jake Sullivan'"


@pytest.mark.parametrize(
    ("command", "allowed"),
    [
        (["timeline", "--actor", "Blinken"], "table, json, csv"),
        (["actors"], "table, json"),
    ],
)
def test_unknown_format(cli: Cli, unchanged: Path, command: list[str], allowed: str) -> None:
    message = fails(cli(*command, "--format", "xml"), ExitCode.USAGE, "unknown format 'xml'")
    assert message == f"unknown format 'xml'; use {allowed}"


def test_show_unknown_format(cli: Cli, unchanged: Path) -> None:
    event_id = shipped_ids(unchanged)["wang-yi"]
    message = fails(cli("show", event_id, "-f", "xml"), ExitCode.USAGE, "unknown format")
    assert message == "unknown format 'xml'; use text, json"


@pytest.mark.parametrize(
    "given", ["deadbeef", "deadbeefdeadbeef", "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"]
)
def test_show_unknown_id(cli: Cli, unchanged: Path, given: str) -> None:
    assert fails(cli("show", given), ExitCode.NOT_FOUND, "no event with id") == (
        f"no event with id {given!r}"
    )
    fails(cli("amend", given, "--summary", "x", "--reason", "r"), ExitCode.NOT_FOUND, "no event")
    fails(cli("retract", given, "--reason", "r"), ExitCode.NOT_FOUND, "no event with id")


def test_history_of_neither_an_event_nor_an_actor(cli: Cli, unchanged: Path) -> None:
    message = fails(cli("history", "deadbeef"), ExitCode.NOT_FOUND, "no event or actor")
    assert message == "no event or actor 'deadbeef'"


def test_bad_event_id_option(cli: Cli, unchanged: Path) -> None:
    message = fails(cli(*add_args(**{"--id": "not-a-uuid"})), ExitCode.USAGE, "bad event id")
    assert message == "bad event id 'not-a-uuid': it must be a UUID"


# --------------------------------------------------------------------------- sources, codes


_NOT_HTTP = "it must start with http:// or https://"


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("javascript:alert(1)", _NOT_HTTP),
        ("JavaScript:alert(1)", _NOT_HTTP),
        ("data:text/html,<script>alert(1)</script>", _NOT_HTTP),
        ("ftp://example.org/file", _NOT_HTTP),
        ("file:///etc/passwd", _NOT_HTTP),
        ("https://", "it has no address after the scheme"),
        (
            "http://exa mple.org/",
            "it contains a space character (U+0020) at character 11; a url writes it as %20",
        ),
        (
            "https://example.org/a\u00a0b",
            "it contains a space character (U+00A0) at character 22; a url writes it as %C2%A0",
        ),
        ("example.org/story", _NOT_HTTP),
    ],
)
def test_bad_source_url(cli: Cli, unchanged: Path, url: str, why: str) -> None:
    """Each url gets the reason that fits it (a url with a no-break space did start with
    https://: issue 11, item 17)."""
    message = fails(cli(*add_args(**{"--source": url})), ExitCode.USAGE, "bad source url")
    assert message == f"bad source url {url!r}: {why}"


@pytest.mark.parametrize(
    ("code", "start"),
    [
        ("abc", "bad CAMEO code 'abc': 2 to 4 digits, e.g. 041"),
        ("1", "bad CAMEO code '1': 2 to 4 digits"),
        ("04 1", "bad CAMEO code '04 1'"),
        ("12345", "CAMEO code is too long (5 characters, at most 4)"),
    ],
)
def test_bad_cameo_code(cli: Cli, unchanged: Path, code: str, start: str) -> None:
    fails(cli(*add_args(**{"--cameo": code})), ExitCode.USAGE, start)


def test_more_outlets_than_sources(cli: Cli, unchanged: Path) -> None:
    args = [*add_args(), "--outlet", "AP", "--outlet", "Reuters"]
    assert fails(cli(*args), ExitCode.USAGE, "more --outlet") == (
        "more --outlet options than --source options"
    )


# --------------------------------------------------------------------------- hostile text


@pytest.mark.parametrize(
    ("text", "code"),
    [("a\x00b", "U+0000"), ("red \x1b[31mALERT\x1b[0m", "U+001B"), ("bell\x07", "U+0007")],
)
def test_control_characters_are_refused(cli: Cli, unchanged: Path, text: str, code: str) -> None:
    message = fails(cli(*add_args(**{"--summary": text})), ExitCode.USAGE, "summary contains")
    assert message == f"summary contains a control character ({code})"
    fails(cli("actor", "add", text), ExitCode.USAGE, "actor name contains a control character")
    event_id = shipped_ids(unchanged)["wang-yi"]
    fails(
        cli("amend", event_id, "--summary", "fine", "--reason", text),
        ExitCode.USAGE,
        f"reason contains a control character ({code})",
    )


HOSTILE = [
    "<script>alert(1)</script>",
    '=HYPERLINK("x")',
    "%{x} %s %n {0} $(rm -rf /)",
    "'; DROP TABLE events; --",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_stored_and_printed_literally(cli: Cli, seed_log: Path, text: str) -> None:
    result = cli(*add_args(**{"--summary": text}))
    assert result.exit_code == 0 and result.stderr == ""
    event_id = result.stdout.strip()
    records = list(EventLog(seed_log).read())
    assert records[-1].id == event_id and records[-1].data["summary"] == text
    table = cli("timeline", "--actor", "Lavrov", "--from", "2021-08-20")
    assert table.exit_code == 0
    assert f"  {text}  " in table.stdout
    shown = cli("show", event_id)
    assert f"summary:      {text}\n" in shown.stdout
    as_json = json.loads(
        cli("timeline", "-a", "Lavrov", "--from", "2021-08-20", "-f", "json").stdout
    )
    assert as_json[0]["summary"] == text
    assert Tracker(seed_log).show(event_id).summary == text
    assert len(Tracker(seed_log).actors()) == 14  # the SQL-looking text did nothing


def test_bidi_override_is_stored_but_shown_escaped(cli: Cli, seed_log: Path) -> None:
    text = "Blinken \u202eecnalubma\u202c called"
    result = cli(*add_args(**{"--summary": text}))
    assert result.exit_code == 0
    event_id = result.stdout.strip()
    assert list(EventLog(seed_log).read())[-1].data["summary"] == text
    shown_text = "Blinken \\u202eecnalubma\\u202c called"
    table = cli("timeline", "--actor", "Lavrov", "--from", "2021-08-20")
    assert shown_text in table.stdout and "\u202e" not in table.stdout
    shown = cli("show", event_id)
    assert f"summary:      {shown_text}\n" in shown.stdout
    assert "\u202e" not in shown.stdout
    # JSON is for programs: the text as stored
    as_json = json.loads(cli("show", event_id, "-f", "json").stdout)
    assert as_json["summary"] == text


def test_hostile_text_in_the_html_chart_is_escaped(cli: Cli, seed_log: Path) -> None:
    payload = "</script><script>alert(1)</script>"
    assert cli(*add_args(**{"--summary": payload})).exit_code == 0
    result = cli("timeline", "--actor", "Lavrov", "--html", "chart.html")
    assert result.exit_code == 0
    assert "</script><script>alert(1)" not in Path("chart.html").read_text(encoding="utf-8")


def test_surrogate_argument_is_refused(cli: Cli, unchanged: Path) -> None:
    """A non-UTF-8 byte in argv arrives as a lone surrogate: a clear error, not a crash."""
    bad = "Blinken \udcff"
    assert fails(cli(*add_args(**{"--summary": bad})), ExitCode.USAGE, "summary is not valid") == (
        "summary is not valid UTF-8"
    )
    fails(cli(*add_args(**{"--recipient": bad})), ExitCode.USAGE, "actor 'Blinken \\udcff' is not")
    fails(cli("timeline", "--actor", bad), ExitCode.USAGE, "actor 'Blinken \\udcff' is not valid")
    fails(cli("show", "\udcff" * 8), ExitCode.USAGE, "event id ")
    fails(cli("history", "\udcff" * 8), ExitCode.USAGE, "event id ")
    fails(cli("actor", "add", bad), ExitCode.USAGE, "actor name is not valid UTF-8")
    fails(cli(*add_args(**{"--topic": bad})), ExitCode.USAGE, "topic is not valid UTF-8")


def test_a_one_megabyte_summary_is_refused(cli: Cli, unchanged: Path) -> None:
    huge = "x" * 1_000_000
    message = fails(cli(*add_args(**{"--summary": huge})), ExitCode.USAGE, "summary is too long")
    assert message == "summary is too long (1000000 characters, at most 20000)"


# --------------------------------------------------------------------------- JSON input


@pytest.mark.parametrize(
    ("change", "start"),
    [
        ({"topics": 5}, "event 1: topics must be a JSON list"),
        ({"participants": "Blinken"}, "event 1: participants must be a JSON list"),
        ({"participants": {"actor": "Blinken"}}, "event 1: participants must be a JSON list"),
        ({"sources": SOURCE}, "event 1: sources must be a JSON list"),
        ({"actors": 5}, "event 1: actors must be a JSON list"),
        ({"actors": [None]}, "event 1: actors must be a list of names"),
        ({"participants": [["Blinken"]]}, 'event 1: a participant is a name or {"actor", "role"}'),
        ({"extra": 1}, "event 1: unknown field(s) extra"),
        ({"date": 20210820}, "the date must be text such as 2021-08-16"),
        ({"summary": 5}, "summary must be text, not int"),
        ({"id": "nope"}, "bad event id 'nope': it must be a UUID"),
    ],
)
def test_json_input_of_the_wrong_shape(
    cli: Cli, unchanged: Path, change: dict[str, Any], start: str
) -> None:
    event = {
        "type": "phone_call",
        "date": "2021-08-20",
        "participants": [
            {"actor": "Blinken", "role": "initiator"},
            {"actor": "Lavrov", "role": "recipient"},
        ],
        "summary": "x",
        "sources": [SOURCE],
    }
    event.update(change)
    fails(cli("add-event", "--json", "-", input=json.dumps(event)), ExitCode.USAGE, start)


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("{bad", "- is not valid JSON: "),
        ("[]", "- holds no events"),
        ("5", "event 1: not a JSON object"),
    ],
)
def test_json_input_that_is_not_events(cli: Cli, unchanged: Path, text: str, start: str) -> None:
    fails(cli("add-event", "--json", "-", input=text), ExitCode.USAGE, start)


def test_json_list_with_one_id_twice_and_different_content(cli: Cli, unchanged: Path) -> None:
    given = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"
    event = {
        "id": given,
        "type": "statement",
        "date": "2021-08-20",
        "actors": ["Ned Price"],
        "summary": "first",
        "sources": [SOURCE],
    }
    batch = json.dumps([event, dict(event, summary="second")])
    message = fails(cli("add-event", "--json", "-", input=batch), ExitCode.CONFLICT, "event id")
    assert message == (
        f"event id {given} is given twice in this input with different content; nothing was written"
    )


def test_json_file_that_does_not_exist(cli: Cli, unchanged: Path) -> None:
    message = fails(cli("add-event", "--json", "nope.json"), ExitCode.USAGE, "cannot read")
    assert message == "cannot read nope.json: No such file or directory"


# --------------------------------------------------------------------------- amend, retract


def test_amend_without_changes_or_reason(cli: Cli, unchanged: Path) -> None:
    event_id = shipped_ids(unchanged)["wang-yi"]
    fails(cli("amend", event_id, "--reason", "r"), ExitCode.USAGE, "nothing to amend")
    fails(
        cli("amend", event_id, "--date", "2021-08-16", "--reason", "r"),
        ExitCode.USAGE,
        "nothing would change",
    )
    fails(
        cli("amend", event_id, "--summary", "x", "--reason", " "), ExitCode.USAGE, "reason is empty"
    )
    fails(cli("retract", event_id, "--reason", ""), ExitCode.USAGE, "reason is empty")
    fails(
        cli("amend", event_id, "--date", "2021-13", "--reason", "r"),
        ExitCode.USAGE,
        "bad date '2021-13'",
    )


# --------------------------------------------------------------------------- a missing log


@pytest.mark.parametrize(
    "command",
    [
        ["timeline", "--actor", "Blinken"],
        ["actors"],
        ["show", "deadbeef"],
        ["history", "deadbeef"],
        ["verify"],
        ["rebuild"],
        ["actor", "add", "Someone"],
        ["amend", "deadbeef", "--summary", "x", "--reason", "r"],
        ["retract", "deadbeef", "--reason", "r"],
        add_args(),
    ],
    ids=lambda c: c[0] if c[0] != "actor" else "actor add",
)
def test_missing_log(cli: Cli, tmp_path: Path, command: list[str]) -> None:
    message = fails(cli(*command), ExitCode.IO, f"no log at {LOG}")
    assert message == f"no log at {LOG} (run `tracker init` to start one, or pass --log PATH)"
    assert list(tmp_path.iterdir()) == []  # nothing was created


def test_missing_log_given_by_option(cli: Cli, tmp_path: Path) -> None:
    message = fails(cli("actors", "--log", "elsewhere/log.jsonl"), ExitCode.IO, "no log at")
    assert message.startswith("no log at elsewhere/log.jsonl (run `tracker init`")


# --------------------------------------------------------------------------- an unwritable log


@pytest.fixture
def appends_denied(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opening the log for appending fails as it would on a read-only file (tests run as root,
    so chmod would not stop the write)."""
    real_open = os.open

    def fake_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_APPEND:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(tracker.log.writer.os, "open", fake_open)


@pytest.mark.usefixtures("appends_denied")
def test_unwritable_log(cli: Cli, unchanged: Path) -> None:
    event_id = shipped_ids(unchanged)["wang-yi"]
    expected = f"cannot write to log {LOG}: Permission denied"
    for command in (
        add_args(),
        ["actor", "add", "Someone New"],
        ["amend", event_id, "--summary", "x", "--reason", "r"],
        ["retract", event_id, "--reason", "r"],
    ):
        assert fails(cli(*command), ExitCode.IO, "cannot write to log") == expected
    # reading still works, and the read model has nothing of the failed writes
    timeline = cli("timeline", "--actor", "Blinken")
    assert timeline.exit_code == 0
    assert timeline.stdout.splitlines()[0] == "Timeline of Antony Blinken: 4 event(s)"
    assert len(Tracker(unchanged).actors()) == 14


def test_log_folder_is_a_file(cli: Cli, tmp_path: Path) -> None:
    """ENOTDIR: data is a regular file, so data/events.jsonl can be neither read nor made."""
    blocker = tmp_path / "data"
    blocker.write_bytes(b"not a folder\n")
    message = fails(cli(*add_args()), ExitCode.IO, "no log at")
    assert message == f"no log at {LOG}: data is a file, not a folder"
    fails(cli("timeline", "--actor", "Blinken"), ExitCode.IO, f"no log at {LOG}: data is a file")
    message = fails(cli("init"), ExitCode.IO, "cannot create log")
    assert message == f"cannot create log {LOG}: data is a file, not a folder"
    message = fails(cli("actors", "--log", "data/deeper/log.jsonl"), ExitCode.IO, "no log at")
    assert message == "no log at data/deeper/log.jsonl: data is a file, not a folder"
    assert blocker.read_bytes() == b"not a folder\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_log_path_is_a_folder(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "data" / "events.jsonl").mkdir(parents=True)
    assert fails(cli("actors"), ExitCode.IO, "data/events.jsonl") == f"{LOG} is not a file"
    assert fails(cli(*add_args()), ExitCode.IO, LOG) == f"{LOG} is not a file"
    message = fails(cli("init"), ExitCode.IO, LOG)
    assert message == f"{LOG} exists and is not a file; nothing was changed"


# --------------------------------------------------------------------------- damaged logs


def rewrite_line(path: Path, number: int, change: Callable[[bytes], bytes]) -> None:
    lines = path.read_bytes().splitlines(keepends=True)
    lines[number - 1] = change(lines[number - 1])
    path.write_bytes(b"".join(lines))


READERS = [
    ["timeline", "--actor", "Blinken"],
    ["actors"],
    ["show", "PLACEHOLDER"],
    ["history", "Blinken"],
    ["rebuild"],
    add_args(),
]


def _commands(path: Path) -> list[list[str]]:
    event_id = shipped_ids(path)["wang-yi"]
    return [[event_id if a == "PLACEHOLDER" else a for a in c] for c in READERS]


@pytest.mark.parametrize("cached", [False, True], ids=["no read model", "read model cached"])
def test_invalid_utf8_in_the_log(cli: Cli, seed_log: Path, cached: bool) -> None:
    commands = _commands(seed_log)
    if cached:  # a read model built before the damage must not hide it
        assert cli("actors").exit_code == 0
    rewrite_line(seed_log, 10, lambda line: line[:50] + b"\xff\xfe" + line[50:])
    digest = file_digest(seed_log)
    expected = (
        f"damaged log {LOG}: line 10: not valid UTF-8 (byte 51 of the line)"
        " (run `tracker verify` for details)"
    )
    for command in commands:
        assert fails(cli(*command), ExitCode.DAMAGED_LOG, "damaged log ") == expected
    # verify names the line, without pointing at itself
    message = fails(cli("verify"), ExitCode.DAMAGED_LOG, "damaged log ")
    assert message == f"damaged log {LOG}: line 10: not valid UTF-8 (byte 51 of the line)"
    assert file_digest(seed_log) == digest


def test_corrupt_json_line_in_the_middle(cli: Cli, seed_log: Path) -> None:
    commands = _commands(seed_log)
    rewrite_line(seed_log, 8, lambda line: line[:40] + b"\n")
    digest = file_digest(seed_log)
    expected = f"damaged log {LOG}: line 8: not valid JSON (run `tracker verify` for details)"
    for command in commands:
        assert fails(cli(*command), ExitCode.DAMAGED_LOG, "damaged log ") == expected
    assert fails(cli("verify"), ExitCode.DAMAGED_LOG, "damaged log ") == (
        f"damaged log {LOG}: line 8: not valid JSON"
    )
    assert file_digest(seed_log) == digest


def test_empty_line_in_the_middle(cli: Cli, seed_log: Path) -> None:
    rewrite_line(seed_log, 3, lambda line: b"\n" + line)
    assert fails(cli("verify"), ExitCode.DAMAGED_LOG, "damaged log") == (
        f"damaged log {LOG}: line 3: empty line"
    )


def test_edited_summary_is_caught(cli: Cli, seed_log: Path) -> None:
    assert cli("timeline", "--actor", "Blinken").exit_code == 0  # a read model exists
    commands = _commands(seed_log)
    records = list(EventLog(seed_log).read())
    target = next(r for r in records if r.data.get("summary", "").startswith("Secretary of State"))
    line = target.seq
    # one character, same length: only the content hash can tell
    rewrite_line(seed_log, line, lambda raw: raw.replace(b"called Chinese", b"called Chinesf", 1))
    digest = file_digest(seed_log)
    message = fails(cli("verify"), ExitCode.DAMAGED_LOG, "damaged log ")
    assert (
        message
        == f"damaged log {LOG}: line {line}: content does not match its hash (the line was edited)"
    )
    for command in commands:
        assert fails(cli(*command), ExitCode.DAMAGED_LOG, "damaged log ") == (
            f"{message} (run `tracker verify` for details)"
        )
    assert file_digest(seed_log) == digest


def test_removed_line_is_caught(cli: Cli, seed_log: Path) -> None:
    lines = seed_log.read_bytes().splitlines(keepends=True)
    seed_log.write_bytes(b"".join(lines[:4] + lines[5:]))
    message = fails(cli("verify"), ExitCode.DAMAGED_LOG, "damaged log ")
    assert message.startswith(f"damaged log {LOG}: line 5: sequence number 6, expected 5")


TORN = b'{"v":1,"seq":99,"id":"01a2-torn'


def test_torn_last_line_is_ignored_then_moved_aside(cli: Cli, seed_log: Path) -> None:
    before = seed_log.read_bytes()
    count = before.count(b"\n")
    head = list(EventLog(seed_log).read())[-1].chain
    seed_log.write_bytes(before + TORN)

    timeline = cli("timeline", "--actor", "Blinken")
    assert timeline.exit_code == 0
    assert timeline.stdout.splitlines()[0] == "Timeline of Antony Blinken: 4 event(s)"

    verify = cli("verify")
    assert verify.exit_code == 0
    assert verify.stdout == f"ok: {count} events, chain intact, head {head}\n"
    assert verify.stderr == (
        f"note: the log ends with an incomplete line ({len(TORN)} bytes);"
        " readers ignore it and the next append moves it aside\n"
    )
    assert seed_log.read_bytes() == before + TORN  # reading never writes

    added = cli(*add_args())
    assert added.exit_code == 0
    (aside,) = seed_log.parent.glob("events.jsonl-torn-*")
    assert aside.read_bytes() == TORN
    assert added.stderr == (
        f"warning: the log ended with an incomplete line ({len(TORN)} bytes, a torn write);"
        f" moved it to {LOG[: -len('events.jsonl')]}{aside.name}\n"
    )
    after = seed_log.read_bytes()
    assert after.startswith(before) and after.count(b"\n") == count + 1
    assert TORN not in after
    assert list(EventLog(seed_log).read())[-1].id == added.stdout.strip()
    assert cli("verify").stdout.startswith(f"ok: {count + 1} events, chain intact")


# --------------------------------------------------------------------------- usage


def test_init_again_on_a_log_with_events(cli: Cli, unchanged: Path) -> None:
    message = fails(cli("init"), ExitCode.USAGE, f"{LOG} already exists")
    assert message == f"{LOG} already exists and holds events; nothing was changed"


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["--kind", "alien"], "unknown actor kind 'alien'"),
        (["--country", "XXX"], "unknown country code 'XXX'"),
    ],
)
def test_actor_add_bad_values(cli: Cli, unchanged: Path, args: list[str], start: str) -> None:
    fails(cli("actor", "add", "Someone New", *args), ExitCode.USAGE, start)


# --------------------------------------------------------------------------- usage errors


@pytest.mark.parametrize(
    ("args", "message"),
    [
        # --actor may come from a saved view (--view): without either, one line too
        (["timeline"], "Error: give at least one --actor"),
        (["timeline", "--actor", "Blinken", "--limit", "0"], "Error: Invalid value for '--limit'"),
        (["nonsense"], "Error: No such command 'nonsense'. (see `tracker --help`)"),
        (["timeline", "--actor", "Blinken", "--bogus"], "Error: No such option: --bogus"),
    ],
)
def test_usage_errors_are_one_line_too(seed_log: Path, args: list[str], message: str) -> None:
    import subprocess
    import sys

    before = file_digest(seed_log)
    done = subprocess.run(
        [sys.executable, "-m", "tracker", *args], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(message) and done.stderr.count("\n") == 1
    assert file_digest(seed_log) == before


def test_log_may_come_before_the_command(seed_log: Path, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    moved = tmp_path / "elsewhere.jsonl"
    seed_log.rename(moved)
    result = cli("--log", str(moved), "verify")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("ok: 33 events, chain intact, head ")
