"""Event dates that span days: ISO 8601 intervals ``START/END`` (issue 13)."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.domain.dates import parse_event_date, parse_event_when
from tracker.domain.errors import ValidationError
from tracker.domain.events import version_needed


@pytest.mark.parametrize(
    ("text", "normal", "first", "last", "end"),
    [
        (
            "2021-03-15/2021-03-17",
            "2021-03-15/2021-03-17",
            "2021-03-15",
            "2021-03-17",
            "2021-03-17",
        ),
        # the end may leave out what it shares with the start (ISO 8601)
        ("2021-03-15/17", "2021-03-15/2021-03-17", "2021-03-15", "2021-03-17", "2021-03-17"),
        ("2021-03-30/04-02", "2021-03-30/2021-04-02", "2021-03-30", "2021-04-02", "2021-04-02"),
        ("2021-03/05", "2021-03/2021-05", "2021-03-01", "2021-05-31", "2021-05"),
        ("2021/2022", "2021/2022", "2021-01-01", "2022-12-31", "2022"),
        (
            " 2021-12-30/2022-01-02 ",
            "2021-12-30/2022-01-02",
            "2021-12-30",
            "2022-01-02",
            "2022-01-02",
        ),
        # a date-time end takes the start's zone when it has none
        (
            "2021-03-15T10:00Z/12:30",
            "2021-03-15T10:00+00:00/2021-03-15T12:30+00:00",
            "2021-03-15",
            "2021-03-15",
            "2021-03-15T12:30+00:00",
        ),
        (
            "2021-03-15T22:00+02:00/16T09:00",
            "2021-03-15T22:00+02:00/2021-03-16T09:00+02:00",
            "2021-03-15",
            "2021-03-16",
            "2021-03-16T09:00+02:00",
        ),
        # precisions may differ
        ("2021-03-15/2021-04", "2021-03-15/2021-04", "2021-03-15", "2021-04-30", "2021-04"),
    ],
)
def test_intervals(text: str, normal: str, first: str, last: str, end: str) -> None:
    d = parse_event_when(text)
    assert (d.text, d.first, d.last, d.end_text) == (
        normal,
        date.fromisoformat(first),
        date.fromisoformat(last),
        end,
    )
    assert d.start.text == normal.partition("/")[0]
    assert d.precision == d.start.precision
    assert parse_event_when(d.text) == d  # the normal form reads back as itself


def test_a_single_date_is_unchanged() -> None:
    for text in ("2021", "2021-08", "2021-08-16", "2021-08-16T14:30+04:30"):
        assert parse_event_when(text) == parse_event_date(text)
        assert parse_event_when(text).end is None
        assert parse_event_when(text).start == parse_event_date(text)


def test_an_interval_that_ends_on_its_start_is_that_date() -> None:
    assert parse_event_when("2021-03-15/2021-03-15") == parse_event_date("2021-03-15")
    assert parse_event_when("2021-03-15/15").text == "2021-03-15"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "2021-03-17/2021-03-15",
            "bad date '2021-03-17/2021-03-15': the interval ends before it starts",
        ),
        ("2021-03-17/15", "bad date '2021-03-17/15': the interval ends before it starts"),
        ("2021-03/2021-03-15", "bad date '2021-03/2021-03-15': the interval ends before it starts"),
        # 10:00 UTC to 09:00 UTC, written in another zone
        (
            "2021-03-15T10:00Z/2021-03-15T11:00+02:00",
            "bad date '2021-03-15T10:00Z/2021-03-15T11:00+02:00': the interval ends before it starts",
        ),
        (
            "2021-02-27/30",
            "bad date '2021-02-27/30' (end 2021-02-30): day is out of range for month",
        ),
        (
            "2021-03-15/5",
            "bad date '2021-03-15/5': the end '5' is no date, nor the last parts of one",
        ),
        ("2021/22", "bad date '2021/22': the end '22' is no date, nor the last parts of one"),
        (
            "2021-03-15/",
            "bad date '2021-03-15/': an interval is START/END, e.g. 2021-03-15/2021-03-17",
        ),
        (
            "/2021-03-15",
            "bad date '/2021-03-15': an interval is START/END, e.g. 2021-03-15/2021-03-17",
        ),
        ("2021/2022/2023", "bad date '2021/2022/2023': expected YYYY, YYYY-MM, YYYY-MM-DD"),
        ("2021-03-15/..", "bad date '2021-03-15/..': the end '..' is no date"),
        (
            "2021-03-15T10:00/12:00",
            "bad date '2021-03-15T10:00/12:00' (start 2021-03-15T10:00): a date-time needs a zone",
        ),
        ("yesterday/today", "bad date 'yesterday/today' (start yesterday): expected YYYY, YYYY-MM"),
        ("2021-03-15/2021-03-16T25:00Z", "bad date '2021-03-15/2021-03-16T25:00Z' (end"),
    ],
)
def test_bad_intervals(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_event_when(text)
    assert caught.value.message.startswith(message), caught.value.message
    assert "\n" not in caught.value.message


def test_where_one_date_is_wanted_an_interval_is_refused() -> None:
    with pytest.raises(ValidationError, match="one date is wanted here, not an interval"):
        parse_event_date("2021-03-15/2021-03-17")


def test_the_version_an_event_is_recorded_at() -> None:
    assert version_needed("InteractionRecorded", {"when": "2021-03-15"}) == 1
    assert version_needed("StatementRecorded", {"when": "2021-03-15/17"}) == 2
    assert version_needed("DevelopmentRecorded", {"when": "2021/2022"}) == 2
    assert version_needed("EventAmended", {"changes": {"summary": "x"}}) == 1
    assert version_needed("EventAmended", {"changes": {"when": "2021/2022"}}) == 2
    assert version_needed("ActorRegistered", {"when": "2021/2022"}) == 1
    assert version_needed("InteractionRecorded", {"when": 5}) == 1  # bad data: checked later
