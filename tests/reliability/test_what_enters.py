"""What may enter the log (issue 11, item 5): every path checks an event as ``add-event``
does, ``verify`` checks every payload, and a bad event already in the log (from before
that) is named by readers, one line, and settled by ``tracker retract``.
"""

from __future__ import annotations

import contextlib
import copy
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SHIPPED_LOG, file_digest
from tests.reliability._forge import copy_log, forge, line_of
from tests.reliability.conftest import Report
from tracker.domain import events, validation
from tracker.domain.errors import ExitCode, ValidationError
from tracker.domain.events import (
    ActorRenamed,
    EventAmended,
    EventRetracted,
    InteractionRecorded,
    Participant,
    Source,
)
from tracker.domain.filters import EventFilter
from tracker.domain.quick import plain_occurrence
from tracker.log.envelope import Pending
from tracker.log.file import EventLog
from tracker.readmodel import parallel as parallel_rebuild
from tracker.services.tracker import Tracker

Cli = Callable[..., Any]
FORGED_ID = "0192a0b0-1234-7abc-8def-0123456789ab"


def _shipped_call() -> dict[str, Any]:
    """The payload of the shipped log's first call, a valid one to spoil."""
    for record in EventLog(SHIPPED_LOG).read():
        if record.type == "InteractionRecorded":
            return copy.deepcopy(record.data)
    raise AssertionError("the shipped log has no interaction")


def _spoiled(**changes: Any) -> dict[str, Any]:
    data = _shipped_call()
    data.update(changes)
    return data


# The issue's three, then one of each other kind of nonsense: (type, payload, envelope).
ISSUE = {
    "data {}": ("InteractionRecorded", {}, {}),
    'participants "abc"': ("InteractionRecorded", _spoiled(participants="abc"), {}),
    'when "yesterday"': ("InteractionRecorded", _spoiled(when="yesterday"), {}),
}
MORE = {
    "summary a number": ("InteractionRecorded", _spoiled(summary=123), {}),
    "summary with NUL": ("InteractionRecorded", _spoiled(summary="a\x00b"), {}),
    "summary U+FFFE": ("InteractionRecorded", _spoiled(summary="a\ufffeb"), {}),
    "summary not stripped": ("InteractionRecorded", _spoiled(summary=" padded "), {}),
    "cameo a number": ("InteractionRecorded", _spoiled(cameo=41), {}),
    "cameo full-width": ("InteractionRecorded", _spoiled(cameo="\uff1041"), {}),
    "a role no type has": (
        "InteractionRecorded",
        _spoiled(participants=[{"actor": "a", "role": "king"}, {"actor": "b", "role": "host"}]),
        {},
    ),
    "an actor id with spaces": (
        "InteractionRecorded",
        _spoiled(
            participants=[{"actor": "A b", "role": "host"}, {"actor": "c", "role": "visitor"}]
        ),
        {},
    ),
    "a statement in an interaction": (
        "InteractionRecorded",
        _spoiled(type="statement", participants=[{"actor": "a", "role": "speaker"}]),
        {},
    ),
    "a source that is no url": ("InteractionRecorded", _spoiled(sources=[{"url": "ftp://x"}]), {}),
    "an unknown field": ("InteractionRecorded", _spoiled(mood="tense"), {}),
    "extra nested": ("InteractionRecorded", _spoiled(extra={"codes": [[1]]}), {}),
    "retraction of no id": ("EventRetracted", {"target": 5, "reason": "x"}, {}),
    "amendment of nothing": (
        "EventAmended",
        {"target": FORGED_ID, "changes": {}, "reason": "x"},
        {},
    ),
    "actor without a name": ("ActorRegistered", {"actor": "x", "kind": "person"}, {}),
    "actor of an unknown kind": (
        "ActorRegistered",
        {"actor": "x", "name": "X", "kind": "wizard", "aliases": []},
        {},
    ),
    "office ending before it starts": (
        "OfficeHeld",
        {"actor": "x", "office": "Minister", "start": "2021", "end": "2020", "aliases": []},
        {},
    ),
    "an unknown type": ("BogusHappened", {"x": 1}, {}),
    "an id that is no UUID": ("InteractionRecorded", _shipped_call(), {"event_id": "torn"}),
    "an id in braces": (
        "InteractionRecorded",
        _shipped_call(),
        {"event_id": "{" + FORGED_ID + "}"},
    ),
    "recorded_at not a time": (
        "InteractionRecorded",
        _shipped_call(),
        {"recorded_at": "yesterday"},
    ),
    "recorded_by with a control": (
        "InteractionRecorded",
        _shipped_call(),
        {"recorded_by": "a\x1bb"},
    ),
}


def _plant(path: Path, case: tuple[str, Any, dict[str, Any]]) -> int:
    type_name, data, envelope = case
    options = {k: v for k, v in envelope.items() if k != "event_id"}
    return forge(path, envelope.get("event_id", FORGED_ID), type_name, data, **options)


def _one_error(result: Any, code: int) -> str:
    both = str(result.stdout) + str(result.stderr)
    assert "Traceback" not in both and "internal error" not in both, both
    assert result.exit_code == code, (result.exit_code, both)
    message = str(result.stderr)
    assert message.startswith("Error: ") and message.count("\n") == 1, message
    return message.removeprefix("Error: ").rstrip("\n")


@pytest.mark.parametrize("name", [*ISSUE, *MORE])
def test_import_jsonl_and_merge_refuse_what_add_event_would_refuse(
    name: str, tmp_path: Path, cli: Cli, figures: Report
) -> None:
    theirs = copy_log(SHIPPED_LOG, tmp_path / "theirs" / "events.jsonl")
    line = _plant(theirs, {**ISSUE, **MORE}[name])
    ours = copy_log(SHIPPED_LOG, tmp_path / "ours" / "events.jsonl")
    before = file_digest(ours)
    results = {
        "import jsonl": cli("import", "jsonl", str(theirs), "--log", str(ours)),
        "merge": cli("merge", str(ours), str(theirs)),
        "merge driver": cli("merge", str(ours), str(theirs), str(SHIPPED_LOG)),  # %A %B %O
    }
    for how, result in results.items():
        message = _one_error(result, ExitCode.USAGE)
        assert message.startswith(f"line {line} of {theirs}: event "), (how, message)
        assert message.endswith("; nothing was written"), (how, message)
        assert file_digest(ours) == before, how
    assert cli("verify", "--log", str(ours)).exit_code == 0
    figures(f"{name}: refused by import jsonl, merge, merge driver: {message.split(': ', 2)[2]}")


@pytest.mark.parametrize("name", [*ISSUE, "actor without a name"])
@pytest.mark.parametrize("model", ["incremental", "rebuild", "two-process rebuild"])
def test_a_bad_event_already_in_the_log_is_named_and_retract_settles_it(
    name: str,
    model: str,
    seed_log: Path,
    cli: Cli,
    figures: Report,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    timeline_before = cli("timeline", "--actor", "Blinken", "--format", "json").stdout
    if model == "two-process rebuild":
        monkeypatch.setattr(parallel_rebuild, "MIN_BYTES", 0)
    line = _plant(seed_log, {**ISSUE, **MORE}[name])
    if model != "incremental":
        Path(str(seed_log.parent / f".{seed_log.name}.readmodel.sqlite")).unlink()

    shown = "data/events.jsonl"  # as the commands name the default log
    verify = _one_error(cli("verify"), ExitCode.DAMAGED_LOG)
    assert verify.startswith(f"damaged log {shown}: line {line}: event {FORGED_ID}: "), verify
    before = file_digest(seed_log)
    for args in (
        ("timeline", "--actor", "Blinken"),
        ("actors",),
        ("show", FORGED_ID),
        ("add-event", "--type", "meeting", "--actor", "Blinken", "--actor", "Wang Yi",
         "--date", "2021-08-19", "--summary", "x", "--source", "https://example.org/x"),
    ):  # fmt: skip
        message = _one_error(cli(*args), ExitCode.DAMAGED_LOG)
        assert message.startswith(f"bad event in {shown}: line {line}: event {FORGED_ID}: ")
        assert message.endswith(
            f'retract it with `tracker retract {FORGED_ID} --reason "..."`'
            " (then add it again, corrected)"
        ), message
    assert file_digest(seed_log) == before  # add-event wrote nothing

    retracted = cli("retract", FORGED_ID[-8:], "--reason", "forged line")
    assert retracted.exit_code == 0, retracted.stderr
    assert line_of(seed_log, line + 1)["data"] == {"target": FORGED_ID, "reason": "forged line"}
    after = cli("timeline", "--actor", "Blinken", "--format", "json")
    assert after.exit_code == 0 and after.stdout == timeline_before
    settled = cli("verify")
    assert settled.exit_code == 0 and settled.stdout.startswith(f"ok: {line + 1} events")
    assert "1 bad event(s)" in settled.stderr
    assert cli("rebuild").exit_code == 0 and cli("actors").exit_code == 0
    exported = cli("export", "jsonl", "-o", "sub.jsonl")  # a sub-log leaves the bad line out
    assert exported.exit_code == 0, exported.stderr
    assert cli("verify", "--log", "sub.jsonl").exit_code == 0
    figures(f"{name} at line {line} ({model}): verify and 4 readers named it, exit 6; {message[:60]}…;"
            " retract settled it, timeline as before")  # fmt: skip


def test_a_bad_event_without_a_uuid_says_how_to_repair_the_log(seed_log: Path, cli: Cli) -> None:
    line = _plant(seed_log, MORE["an id that is no UUID"])
    message = _one_error(cli("timeline", "--actor", "Blinken"), ExitCode.DAMAGED_LOG)
    assert message.startswith(f"bad event in data/events.jsonl: line {line}: event torn: ")
    assert message.endswith(
        "its id is no UUID, so no retraction can name it: restore the log from a copy without"
        " that line (git)"
    )
    refused = _one_error(cli("retract", "torn", "--reason", "x"), ExitCode.USAGE)
    assert "cannot be retracted" in refused


def test_every_library_append_checks_the_event(tmp_path: Path, figures: Report) -> None:
    """``EventLog.append`` (what add-event, amend, retract and the actor commands use) checks
    every event, even one built without the builders."""
    log = EventLog.create(tmp_path / "events.jsonl")
    log.append([ActorRenamed("someone", "Someone")])
    before = log.path.read_bytes()
    call = dict(
        type="phone_call", when="2021-08-16", summary="ok", sources=(Source("https://e.org/1"),),
        participants=(Participant("a", "initiator"), Participant("b", "recipient")),
    )  # fmt: skip
    bad = [
        EventAmended("not-a-uuid", {"summary": "x"}, "why"),
        EventAmended(FORGED_ID, {"mood": "x"}, "why"),
        EventRetracted(FORGED_ID.upper(), "why"),
        ActorRenamed("Some One", "x"),
        ActorRenamed("someone", ""),
        InteractionRecorded(**{**call, "summary": " padded"}),
        InteractionRecorded(**{**call, "when": "yesterday"}),
        InteractionRecorded(**{**call, "type": "statement"}),
        InteractionRecorded(**{**call, "cameo": "\uff1041"}),
    ]
    refused = []
    for event in bad:
        with pytest.raises(ValidationError) as caught:
            log.append([event])
        refused.append(caught.value.message)
        assert log.path.read_bytes() == before
    with pytest.raises(ValidationError, match="is not an event id"):
        log.append([Pending(InteractionRecorded(**call), "id-1")])  # a caller's id, no UUID
    assert log.path.read_bytes() == before
    figures(f"{len(bad) + 1} bad events appended through EventLog.append: all refused, log unchanged;"
            f" e.g. {refused[0]!r}")  # fmt: skip


def test_an_importer_event_is_checked_before_it_is_spilled(
    tracker: Tracker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, figures: Report
) -> None:
    """The importers build payloads without the builders (their quick paths); what they make
    is checked too, as a bad row: nothing is appended."""
    from tracker.exchange import registry
    from tracker.exchange.importing import build, pipeline
    from tracker.exchange.importing import csv as csv_format

    made = build.payload

    def spoiled(*args: Any) -> Any:
        data = made(*args)
        if data is not None:
            data["summary"] = data["summary"] + " "  # not what tracker stores
        return data

    monkeypatch.setattr(build, "payload", spoiled)
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "type,date,actors,summary,source_url\n"
        "phone_call,2021-08-16,Blinken;Wang Yi,Talked,https://example.org/1\n",
        encoding="utf-8",
    )
    before = tracker.log.path.read_bytes()

    def draft_checked(number: int, cells: dict[str, str], raw: str) -> Any:
        draft = csv_row(number, cells, raw)
        draft.checked = True
        return draft

    csv_row = csv_format.csv_row
    monkeypatch.setattr(csv_format, "csv_row", draft_checked)
    with pytest.raises(pipeline.BadRowsError) as caught:
        registry.import_file(tracker, "csv", rows)
    assert [(b.line, b.reason) for b in caught.value.bad] == [
        (2, "summary is 'Talked ', not what tracker records ('Talked')")
    ]
    assert tracker.log.path.read_bytes() == before
    figures(f"a spoiled importer payload became bad row 2: {caught.value.bad[0].reason!r}")


# --------------------------------------------------------------------------- the quick look

# Text made of pieces near every edge the checks have: spaces, doubled spaces, newlines,
# tabs, controls, noncharacters, surrogates, no-break spaces, other scripts' digits.
_PIECES = [
    "a",
    "a",
    "a",
    "a",
    "Z",
    "0",
    "-",
    " ",
    "'",
    " ",
    "  ",
    "\n",
    "\t",
    "\r",
    "\x00",
    "\x1b",
    "\x85",
    "\u00a0",
    "\u200b",
    "\ufdd0",
    "\ufffe",
    "\U0001fffe",
    "\U0001f600",
    "\ud800",
    "é",
    "\uff10",
]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=5).map("".join)
_NEAR = st.one_of(st.none(), st.integers(-1, 50), st.booleans(), _TEXT, st.just([]), st.just({}))
_DATES = st.sampled_from(
    [
        "2021",
        "2021-08",
        "2021-08-16",
        "2021-8-16",
        " 2021-08-16",
        "2021-02-30",
        "2021-08-16T14:30+04:30",
        "2021-08-16T14:30",
        "2021-08-16 14:30Z",
        "\uff12021",
        "yesterday",
        "",
    ]
)
_IDS = st.sampled_from(
    ["a", "b", "c", "a", "b", "a-b", "wang-yi", "A", "a b", "a--b", "-a", "é", ""]
)
_ROLES = st.sampled_from(
    [*events.INTERACTION_ROLES, *events.STATEMENT_ROLES, "involved"] * 3 + ["king", "", "Host"]
)


def _maybe(key: str, value: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(st.just({}), value.map(lambda v: {key: v}))


def _merged(*parts: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for part in parts:
        out.update(part)
    return out


_SIMPLE = st.builds(lambda a, r: {"actor": a, "role": r}, _IDS, _ROLES)
_PARTICIPANT = st.one_of(
    _SIMPLE,
    _SIMPLE,
    _SIMPLE,
    st.builds(lambda a, r, x: {"actor": a, "role": r, "x": x}, _IDS, _ROLES, _NEAR),
    _NEAR,
)
_URLS = st.one_of(
    st.sampled_from(["https://e.org/1", "HTTP://E.ORG", "ftp://e.org", "https://"]),
    _TEXT.map(lambda t: "https://e.org/" + t),
    _NEAR,
)
_SOURCE = st.builds(
    _merged,
    _maybe("url", _URLS),
    _maybe("outlet", st.one_of(_TEXT, _NEAR)),
    _maybe("published", st.one_of(_DATES, _NEAR)),
    _maybe("quote", st.one_of(_TEXT, _NEAR)),
    _maybe("x", _NEAR),
)
_EXTRA = st.dictionaries(
    st.one_of(_TEXT, st.sampled_from(["source", "goldstein"])),
    st.one_of(_NEAR, st.floats(), st.lists(_NEAR, max_size=2)),
    max_size=3,
)
_PAYLOAD = st.builds(
    _merged,
    _maybe("type", st.one_of(st.sampled_from([*events.EVENT_TYPES, "Phone_Call", "phone-call"]), _NEAR)),
    _maybe("when", st.one_of(_DATES, _NEAR)),
    _maybe("participants", st.one_of(st.lists(_PARTICIPANT, max_size=3), _NEAR)),
    _maybe("summary", st.one_of(_TEXT, _NEAR)),
    _maybe("sources", st.one_of(st.lists(st.one_of(_SOURCE, _URLS), max_size=2), _NEAR)),
    _maybe("topics", st.one_of(st.lists(_TEXT, max_size=3), _NEAR)),
    _maybe("location", st.one_of(_TEXT, _NEAR)),
    _maybe("cameo", st.one_of(st.sampled_from(["04", "041", "0411", "04111", "4", "\uff1041"]), _NEAR)),
    _maybe("extra", st.one_of(_EXTRA, _NEAR)),
    _maybe("mood", _NEAR),
)  # fmt: skip


def _full_check(type_name: str, data: dict[str, Any]) -> bool:
    """The check without the quick look: build, then compare."""
    cls = events.EVENT_CLASSES[type_name]
    try:
        made = validation.PAYLOAD_CHECKS[type_name, cls.VERSION](data).to_data()
    except ValidationError:
        return False
    return validation._stored(made) == validation._stored(data)


QUICK: dict[str, int] = {"tried": 0, "quick": 0, "valid": 0}
# Explicit near misses for every check the quick look makes, beside generated text.
NEAR_MISSES = ["a", "Doha", "a b", "a  b", " a", "a ", "a\tb", "a\nb", "a\x00", "a\x7f",
               "a\ufffe", "a\ufdd0", "a\u00a0b", "a\U0001fffe", "a\U0001f600", "\ud800", "", " ",
               "x" * 201, "x" * 2001, "é", 5, 2.5, float("inf"), float("nan"), None, ["a"], "2021-8", "2021-08", "2021-08-16",
               "https://e.org/1", "https://e.org/ 1", "041", "\uff1041", "A", "a-b", "host", "speaker",
               [], {}, ["x", "x"], [{"actor": "a", "role": "host"}]]  # fmt: skip
_NEAR_MISSES = st.sampled_from(NEAR_MISSES)
_NEAR_TEXT = st.one_of(_NEAR_MISSES, _NEAR_MISSES, _NEAR_MISSES, _TEXT)
_PATHS: dict[tuple[Any, ...], st.SearchStrategy[Any]] = {
    ("type",): st.sampled_from([*events.EVENT_TYPES, "Phone_Call", "phone-call", " visit", 1]),
    ("when",): st.one_of(_DATES, st.sampled_from(["2021-8", "2021-08-16T14:30:00+04:30"])),
    ("summary",): _NEAR_TEXT,
    ("location",): _NEAR_TEXT,
    ("topics",): st.one_of(st.lists(_NEAR_TEXT, max_size=2), st.just(["x", "x"]), _NEAR),
    ("topics", 0): _NEAR_TEXT,
    ("cameo",): st.sampled_from(["04", "041", "0411", "04111", "4", "\uff1041", "", 41, None]),
    ("participants",): st.one_of(
        st.lists(_PARTICIPANT, max_size=3),
        st.sampled_from(
            [
                [],
                [{"actor": "a", "role": "host"}],
                [{"actor": "a", "role": "speaker"}],
                [{"actor": "a", "role": "involved"}],
                [{"actor": "a", "role": "host"}, {"actor": "a", "role": "visitor"}],
            ]
        ),
    ),
    ("participants", 0, "actor"): st.one_of(_IDS, st.just("x" * 221), _NEAR),
    ("participants", 1, "actor"): st.one_of(_IDS, _NEAR),
    ("participants", 1, "role"): st.one_of(_ROLES, _NEAR),
    ("participants", 0, "x"): _NEAR,
    ("sources",): st.one_of(
        st.lists(st.one_of(_SOURCE, _URLS), max_size=2),
        st.sampled_from(
            [
                [],
                [{"url": None, "outlet": "AP"}],
                [{"url": None}],
                ["https://e.org/1"],
                [{"url": "https://e.org/1"}, {"url": "https://e.org/1"}],
            ]
        ),
    ),
    ("sources", 0, "url"): st.one_of(_URLS, _NEAR_TEXT),
    ("sources", 0, "outlet"): _NEAR_TEXT,
    ("sources", 0, "published"): st.one_of(_DATES, st.sampled_from(["2021-8", "2021-08 "]), _NEAR),
    ("sources", 0, "quote"): _NEAR_TEXT,
    ("sources", 0, "x"): _NEAR,
    ("extra",): st.one_of(_EXTRA, _NEAR),
    ("extra", "goldstein"): st.one_of(_NEAR, st.floats(), st.lists(_NEAR, max_size=2)),
    ("extra", " k"): _NEAR,
    ("mood",): _NEAR,
}
_DELETE = object()


def _valid(type_name: str) -> dict[str, Any]:
    kind = {"StatementRecorded": "statement", "DevelopmentRecorded": "development"}
    roles = {"StatementRecorded": ("speaker", "about"), "DevelopmentRecorded": ("involved",) * 2}
    first, second = roles.get(type_name, ("host", "visitor"))
    return {
        "type": kind.get(type_name, "visit"), "when": "2021-08-16",
        "participants": [{"actor": "a", "role": first}, {"actor": "b", "role": second}],
        "summary": "Said", "topics": ["x"], "location": "Doha", "cameo": "041",
        "sources": [{"url": "https://e.org/1", "outlet": "AP", "published": "2021-08", "quote": "q"}],
        "extra": {"source": "gdelt", "goldstein": 1.5},
    }  # fmt: skip


def _set(payload: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    where: Any = payload
    for step in path[:-1]:
        where = where[step]
    if value is _DELETE:
        where.pop(path[-1], None) if isinstance(where, dict) else None
    else:
        where[path[-1]] = value


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    type_name=st.sampled_from(["InteractionRecorded", "StatementRecorded", "DevelopmentRecorded"]),
    anything=st.integers(0, 3).flatmap(lambda n: _PAYLOAD if n == 0 else st.none()),
    changes=st.lists(
        st.sampled_from(list(_PATHS)).flatmap(
            lambda path: st.tuples(st.just(path), st.one_of(_PATHS[path], st.just(_DELETE)))
        ),
        min_size=1,
        max_size=2,
    ),
)
def test_the_quick_look_never_passes_what_the_full_check_refuses(
    type_name: str, anything: dict[str, Any] | None, changes: list[tuple[Any, Any]]
) -> None:
    """``tracker.domain.quick.plain_occurrence`` (the projector's quick path) says yes only when the full
    check does, and the full check refuses anything with a ``ValidationError`` (it never
    fails otherwise: readers run it on every line). The payloads: anything at all, or a
    valid event with one or two values (deep inside too) changed or taken out."""
    if anything is not None:
        payload = anything
    else:
        payload = _valid(type_name)
        for path, value in changes:
            with contextlib.suppress(IndexError, KeyError, TypeError):  # the path is gone
                _set(payload, path, value)
    QUICK["tried"] += 1
    quick = plain_occurrence(events.EVENT_CLASSES[type_name], payload)
    full = _full_check(type_name, payload)
    QUICK["quick"] += quick
    QUICK["valid"] += full
    if quick:
        assert full, payload


@pytest.mark.parametrize(
    "type_name", ["InteractionRecorded", "StatementRecorded", "DevelopmentRecorded"]
)
def test_the_quick_look_on_every_near_miss(type_name: str, figures: Report) -> None:
    """The same property, for every place of ``_PATHS`` and every explicit near miss (and
    taking the value out): a table, so that it does not depend on what hypothesis draws."""
    checked = quick = 0
    for path in _PATHS:
        for value in [*NEAR_MISSES, _DELETE]:
            payload = _valid(type_name)
            _set(payload, path, copy.deepcopy(value))
            checked += 1
            if plain_occurrence(events.EVENT_CLASSES[type_name], payload):
                quick += 1
                assert _full_check(type_name, payload), payload
    figures(f"{type_name}: {checked} near misses, {quick} taken by the quick look, all valid")


def test_the_quick_look_takes_the_usual_events(figures: Report) -> None:
    """...and it does say yes to what tracker writes, or it would not be quick."""
    records = [r for r in EventLog(SHIPPED_LOG).read() if r.type.endswith("Recorded")]
    occurrences = [r for r in records if r.type != "ActorRegistered"]
    quick = sum(plain_occurrence(events.EVENT_CLASSES[r.type], r.data) for r in occurrences)
    started = time.perf_counter()
    for _ in range(50):
        for r in records:
            validation.check_event(r.id, r.type, r.type_v, r.recorded_at, r.recorded_by, r.data)
    took = (time.perf_counter() - started) / (50 * len(records)) * 1e6
    assert quick >= 1
    figures(f"shipped log: {quick} of {len(occurrences)} occurrences taken by the quick look;"
            f" check_event {took:.1f} us a line (information only)")  # fmt: skip


def test_the_check_is_not_stricter_than_what_tracker_writes(tmp_path: Path) -> None:
    """Every line of the shipped log passes, and so does every kind of line tracker's own
    commands write (the busy log of the parallel rebuild test)."""
    log = copy_log(SHIPPED_LOG, tmp_path / "data" / "events.jsonl")
    t = Tracker(log)
    call = t.add_event(
        type="phone_call", when="2021-08-16T14:30+04:30", summary="A call",
        participants=[{"name": "Blinken", "role": "initiator"}, {"name": "Wang Yi", "role": "recipient"}],
        sources=[{"url": "https://e.org/1", "outlet": "AP", "published": "2021-08", "quote": "q"}],
        topics=["Afghanistan"], location="Washington", cameo="041",
    ).ids[0]  # fmt: skip
    t.amend(call, {"summary": "Another call", "location": "", "topics": []}, "typo")
    t.tag(call, "follow-up")
    t.untag(call, "follow-up")
    t.star(call)
    t.star(call, on=False)
    t.note(call, "a note")
    t.tag("Blinken", "vip")
    t.save_view("calls", EventFilter(("Blinken",), types=("phone_call",)))
    t.delete_view("calls")
    t.retract(call, "never happened")
    t.register_actor("Jalina Porter", kind="person", aliases=["Porter"], country="USA",
                     external_ids={"wikidata": "Q1", "cameo": "USAGOV"})  # fmt: skip
    t.rename("Jalina Porter", "J. Porter")
    t.add_alias("J. Porter", "JP")
    t.remove_alias("J. Porter", "Porter")
    t.hold_office("J. Porter", "Spokesperson", org="Blinken", start="2021-01", end="2023")
    t.affiliate("J. Porter", "Wang Yi", relation="part_of", start="2021")
    t.merge("J. Porter", "Blinken", "same person")
    t.unmerge("jalina-porter", "not the same")
    lines = log.read_bytes().splitlines()
    assert EventLog(log).verify().events == len(lines)
    assert set(validation.PAYLOAD_CHECKS) == {
        (c.TYPE, c.VERSION) for c in events.EVENT_CLASSES.values()
    }
    assert {orjson.loads(raw)["type"] for raw in lines} >= set(events.EVENT_CLASSES) - {
        "LogsMerged"
    }
