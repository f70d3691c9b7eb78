"""``export csv`` then ``import csv`` (issue 11, item 16).

Into the same log: nothing is added and nothing conflicts, for every event type, several
sources, ``extra`` fields, summaries that look like formulas, date-times and amended
events: a row equal to what the export writes for an event in the log is that event.

Into another log: what the csv carries comes back exactly (type, date, participants by
name and role, summary, topics, location, CAMEO code, the first source), the formula quote
undone. What it cannot carry is named in ``exporters.csv_values``: sources after the first,
``extra``, and names or topics that hold a ``;`` (the separator).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import file_digest
from tests.reliability.conftest import Report
from tracker.domain.errors import ValidationError
from tracker.domain.events import (
    EVENT_TYPES,
    OccurrenceRecorded,
    Participant,
    build_occurrence,
    roles_for,
)
from tracker.domain.ids import uuid7
from tracker.domain.names import slugify
from tracker.log.envelope import Pending
from tracker.log.file import EventLog
from tracker.services.tracker import Tracker

Cli = Callable[..., Any]
ACTORS = ["Antony Blinken", "Wang Yi", "Sergey Lavrov", "O'Neil, Jr.", 'Zhao "Z" Li']
STATS = {"events": 0, "runs": 0, "sources": 0, "extra": 0, "formulas": 0}

_TEXT = st.lists(
    st.sampled_from([*"ab =+-@'\",;\n\tçé😀", '=HYPERLINK("x")', "- ", "''"]),
    min_size=1,
    max_size=8,
).map("".join)
_WHEN = st.sampled_from(
    [
        "2021",
        "2021-08",
        "2021-08-16",
        "2021-08-16T14:30+04:30",
        "2021-08-16T23:59:59Z",
        "0001-01-01",
    ]
)
_SOURCE = st.fixed_dictionaries(
    {"url": st.sampled_from(["https://e.org/1", "https://e.org/a,b", "https://e.org/'x"])},
    optional={
        "outlet": _TEXT,
        "published": st.sampled_from(["2021-08", "2021-08-17"]),
        "quote": _TEXT,
    },
)
_EXTRA = st.dictionaries(
    st.sampled_from(["source", "goldstein", "codes", "source_id"]),
    st.one_of(
        _TEXT, st.floats(-10, 10), st.integers(0, 9), st.lists(st.sampled_from(["042", "043"]))
    ),
    max_size=3,
)


@st.composite
def occurrences(draw: Any) -> OccurrenceRecorded | None:
    etype = draw(st.sampled_from(EVENT_TYPES))
    roles = roles_for(etype)
    count = draw(st.integers(1 if etype in ("statement", "development") else 2, 3))
    ids = draw(st.permutations([slugify(a) for a in ACTORS]))[:count]
    parts = [Participant(i, draw(st.sampled_from(roles))) for i in ids]
    if etype == "statement":
        parts[0] = Participant(parts[0].actor, "speaker")
    try:
        return build_occurrence(
            event_type=etype,
            when=draw(_WHEN),
            participants=parts,
            summary=draw(_TEXT),
            sources=draw(st.lists(_SOURCE, min_size=1, max_size=3)),
            topics=draw(st.lists(_TEXT.filter(lambda t: ";" not in t), max_size=2)),
            location=draw(st.one_of(st.none(), _TEXT)),
            cameo=draw(st.sampled_from([None, "041", "0431", "19"])),
            extra=draw(_EXTRA),
        )
    except ValidationError:
        return None  # e.g. an interaction of one, a summary of spaces: add-event refuses it too


def _log_with(folder: Path, events: list[OccurrenceRecorded]) -> Tracker:
    t = Tracker(EventLog.create(folder / "events.jsonl").path)
    for name in ACTORS:
        t.register_actor(name)
    t.log.append([Pending(e, uuid7()) for e in events])
    return t


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=st.lists(occurrences(), min_size=1, max_size=6))
def _round_trip(
    tmp_path_factory: pytest.TempPathFactory, cli: Cli, drawn: list[OccurrenceRecorded | None]
) -> None:
    events = [e for e in drawn if e is not None]
    if not events:
        return
    folder = tmp_path_factory.mktemp("rt")
    t = _log_with(folder, events)
    logged = [r.id for r in EventLog(t.log.path).read() if r.type != "ActorRegistered"]
    t.amend(logged[0], {"summary": "-amended, =1"}, "amended before the export")
    log = ["--log", str(t.log.path)]
    out = folder / "events.csv"
    assert cli("export", "csv", "-o", str(out), *log).exit_code == 0
    before = file_digest(t.log.path)
    result = cli("import", "csv", str(out), *log)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip().endswith(
        f"read {len(events)}, added 0, duplicates {len(events)}, skipped 0, new actors 0"
    ), result.stdout
    assert file_digest(t.log.path) == before
    STATS["runs"] += 1
    STATS["events"] += len(events)
    STATS["sources"] += sum(len(e.sources) > 1 for e in events)
    STATS["extra"] += sum(bool(e.extra) for e in events)
    STATS["formulas"] += sum(e.summary[0] in "=+-@'" for e in events)


def test_export_then_import_into_the_same_log_adds_nothing(
    tmp_path_factory: pytest.TempPathFactory, cli: Cli, figures: Report
) -> None:
    """hypothesis: logs of generated events of every type; each exported, then imported."""
    for key in STATS:
        STATS[key] = 0
    _round_trip(tmp_path_factory, cli)
    assert STATS["runs"] >= 25 and STATS["sources"] and STATS["extra"] and STATS["formulas"]
    figures(
        f"export csv -> import csv, same log: {STATS['runs']} logs, {STATS['events']} events"
        f" ({STATS['sources']} with several sources, {STATS['extra']} with extra,"
        f" {STATS['formulas']} summaries starting = + - @ '), each amended once: 0 added,"
        " 0 conflicts, log byte-identical"
    )


FORMULAS = ["-5 killed", "=HYPERLINK(\"http://x\")", "+1 202 555", "@here", "'quoted'", "''", "-",
            "'=already quoted", "\t=tab"]  # fmt: skip


def test_what_csv_carries_comes_back_exactly_in_another_log(
    tmp_path: Path, cli: Cli, figures: Report
) -> None:
    events = []
    for i, summary in enumerate(FORMULAS):
        etype = EVENT_TYPES[i % len(EVENT_TYPES)]
        roles = roles_for(etype)
        parts = [Participant("antony-blinken", "speaker" if etype == "statement" else roles[0]),
                 Participant(slugify(ACTORS[3 + i % 2]), roles[-1])]  # fmt: skip
        events.append(
            build_occurrence(
                event_type=etype, when=["2021", "2021-08-16T14:30+04:30"][i % 2],
                participants=parts, summary=summary, topics=["-topic", "=x"],
                location="@Doha", cameo="041",
                sources=[{"url": "https://e.org/1", "outlet": "+AP", "published": "2021-08",
                          "quote": "-no"}, "https://e.org/second"],
                extra={"source": "gdelt", "goldstein": -2.5},
            )
        )  # fmt: skip
    source = _log_with(tmp_path / "a", events)
    out = tmp_path / "events.csv"
    assert cli("export", "csv", "-o", str(out), "--log", str(source.log.path)).exit_code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    cells = {r["summary"] for r in rows}  # neutralised; "-" alone left as it is
    assert {"'-5 killed", "'@here", "''quoted'", "-", "''=already quoted"} <= cells, cells
    other = _log_with(tmp_path / "b", [])
    result = cli("import", "csv", str(out), "--log", str(other.log.path))
    assert result.exit_code == 0, result.stderr
    mine = {r.id: r.data for r in EventLog(source.log.path).read() if "summary" in r.data}
    theirs = {r.id: r.data for r in EventLog(other.log.path).read() if "summary" in r.data}
    assert mine.keys() == theirs.keys()
    for event_id, data in mine.items():
        carried = {k: v for k, v in data.items() if k not in ("sources", "extra")}
        assert {k: v for k, v in theirs[event_id].items() if k != "sources"} == carried
        assert theirs[event_id]["sources"] == data["sources"][:1]
    figures(f"{len(events)} events, summaries like {FORMULAS[:4]}: into another log the same"
            " type, date, participants, summary, topics, location, code and first source")  # fmt: skip


def test_an_edited_row_is_still_a_conflict(tmp_path: Path, cli: Cli) -> None:
    """A row changed in the spreadsheet is not that event: refused, with the way to change it."""
    event = build_occurrence(
        event_type="phone_call", when="2021-08-16", summary="-a call",
        participants=[Participant("antony-blinken", "initiator"), Participant("wang-yi", "recipient")],
        sources=["https://e.org/1", "https://e.org/2"],
    )  # fmt: skip
    t = _log_with(tmp_path, [event])
    out = tmp_path / "events.csv"
    assert cli("export", "csv", "-o", str(out), "--log", str(t.log.path)).exit_code == 0
    out.write_text(out.read_text(encoding="utf-8").replace("'-a call", "'-a long call"), "utf-8")
    before = file_digest(t.log.path)
    result = cli("import", "csv", str(out), "--log", str(t.log.path))
    assert result.exit_code == 2
    assert "is already in the log with different content (to change it, use `tracker amend`)" in (
        result.stderr
    )
    assert file_digest(t.log.path) == before
