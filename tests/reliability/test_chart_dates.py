"""Events at the ends of the calendar draw (issue 11, item 14).

0001-01-01 and 9999-12-31 are dates a log can hold. A chart pads its dates (three days
either side of a short timeline, a month before a dyad's first month, a bin's period): the
padding is held within the calendar, so no ``OverflowError``, and plotly.js, which gives up
on an automatic range that would pass 9999, gets an explicit one.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from typer.testing import CliRunner

from tests.reliability.conftest import Report
from tracker.cli.app import app
from tracker.log.file import EventLog
from tracker.services.recording import ActorRef
from tracker.services.tracker import Tracker
from tracker.views.charts.network import dyad_figure
from tracker.views.charts.timeline import timeline_figure

if TYPE_CHECKING:
    from playwright.sync_api import Browser

EDGES = ["0001-01-01", "0001-03-01", "9999-10-01", "9999-12-31"]


def run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def calls(t: Tracker, days: list[str]) -> None:
    for day in days:
        t.add_event(
            type="phone_call",
            when=day,
            participants=[ActorRef("Blinken", "initiator"), ActorRef("Wang Yi", "recipient")],
            summary=f"A call on {day}",
            sources=["https://example.org/story"],
        )


@pytest.fixture
def edges(tmp_path: Path) -> Tracker:
    t = Tracker(EventLog.create(tmp_path / "data" / "events.jsonl").path)
    t.register_actor("Antony Blinken", kind="person", aliases=["Blinken"], country="USA")
    t.register_actor("Wang Yi", kind="person", country="CHN")
    calls(t, EDGES)
    return t


D = date.fromisoformat
# --from/--to, the same window as dates, the timeline's x range and the dyad's.
WINDOWS: dict[str, tuple[list[str], date | None, date | None, list[str], list[str]]] = {
    "whole span": ([], None, None, ["0001-01-01", "9999-12-31"], ["0001-01-01", "9999-12-31"]),
    "9999-12-31 alone": (
        ["--from", "9999-12-31"],
        D("9999-12-31"),
        None,
        ["9999-12-28", "9999-12-31"],
        ["9999-11-01", "9999-12-31"],
    ),
    "0001-01-01 alone": (
        ["--to", "0001-01-01"],
        None,
        D("0001-01-01"),
        ["0001-01-01", "0001-01-04"],
        ["0001-01-01", "0001-03-01"],
    ),
    "year 9999": (
        ["--from", "9999"],
        D("9999-01-01"),
        None,
        ["9999-09-22", "9999-12-31"],
        ["9999-09-01", "9999-12-31"],
    ),
}


@pytest.mark.parametrize("window", sorted(WINDOWS))
def test_charts_at_the_ends_of_the_calendar(edges: Tracker, window: str, figures: Report) -> None:
    args, start, end, timeline_range, dyad_range = WINDOWS[window]
    commands = [
        ["timeline", "--actor", "Blinken", *args, "--html", "t.html"],
        ["dyad", "Blinken", "Wang Yi", *args, "--html", "d.html"],
    ]
    if args:  # (a report of the whole span has an activity chart of 120,000 months: slow)
        commands.append(["report", "--actor", "Blinken", *args, "-o", "r"])
    for command in commands:
        result = run(*command)
        assert result.exit_code == 0, (command, result.stderr)
    assert Path("t.html").stat().st_size and Path("d.html").stat().st_size
    assert Path("r/index.html").is_file() or not args
    timeline = edges.timeline(["Blinken"], start=start, end=end)
    assert list(timeline_figure(timeline).layout.xaxis.range) == timeline_range
    dyad = edges.dyad("Blinken", "Wang Yi", start=start, end=end)
    assert list(dyad_figure(dyad).layout.xaxis.range) == dyad_range
    figures(
        f"{window}: timeline, dyad and report written; x ranges {timeline_range} and {dyad_range}"
    )


def test_activity_months_stop_at_9999(edges: Tracker, figures: Report) -> None:
    """The report's activity chart: months counted as numbers, not text ("10000-01" sorts
    before "9999-12", which ran the months on to the year 99989: 1,079,883 columns)."""
    from tracker.queries import graph

    conn = edges.model()
    try:
        ids = ["antony-blinken", "wang-yi"]
        names, months, cells = graph.activity(conn, ids, start=D("9999-01-01"))
    finally:
        conn.close()
    assert (names, months, cells) == (
        ["Antony Blinken", "Wang Yi"],
        ["9999-10", "9999-11", "9999-12"],
        [[1, 0, 1], [1, 0, 1]],
    )
    figures(f"activity in 9999: {len(months)} months, {months[0]} to {months[-1]}")


@pytest.mark.parametrize(
    ("days", "unit", "last"),
    [
        (["9999-01-04", "9999-12-31"], "week", "9999-12-27/9999-12-31"),
        (["9997-01-01", "9999-12-31"], "month", "9999-12-01/9999-12-31"),
        (["9970-01-01", "9999-12-31"], "quarter", "9999-10-01/9999-12-31"),
        (["0001-01-01", "0001-01-02"], "day", "0001-01-02/0001-01-02"),
    ],
)
def test_bins_at_the_end_of_the_calendar(
    tmp_path: Path, days: list[str], unit: str, last: str, figures: Report
) -> None:
    t = Tracker(EventLog.create(tmp_path / "data" / "events.jsonl").path)
    t.register_actor("Antony Blinken", kind="person", aliases=["Blinken"], country="USA")
    t.register_actor("Wang Yi", kind="person", country="CHN")
    calls(t, days)
    fig = timeline_figure(t.timeline(["Blinken"]), aggregate_above=1)  # bins from 2 events
    periods = [c[5] for trace in fig.data for c in trace.customdata]
    assert sorted(periods)[-1] == last
    adjective = {"day": "daily", "week": "weekly", "month": "monthly", "quarter": "quarterly"}
    assert f" {adjective[unit]} bins" in fig.layout.title.text
    figures(f"{days[0]} .. {days[1]} in {unit} bins: the last bin {last}")


# --------------------------------------------------------------------------- in a browser


@pytest.fixture(scope="module")
def browser(request: pytest.FixtureRequest) -> Browser:
    from tests.views.test_chart_browser import shared_browser

    return shared_browser(request)


@pytest.fixture(scope="module")
def whole_span(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from tests.views.test_chart_browser import closed, open_chart
    from tracker.views.charts.html import write_html

    folder = tmp_path_factory.mktemp("edges")
    t = Tracker(EventLog.create(folder / "data" / "events.jsonl").path)
    t.register_actor("Antony Blinken", kind="person", aliases=["Blinken"], country="USA")
    t.register_actor("Wang Yi", kind="person", country="CHN")
    calls(t, EDGES)
    path = write_html(timeline_figure(t.timeline(["Blinken"])), folder / "edges.html")
    loaded = open_chart(browser, path)
    yield loaded
    closed(loaded)


@pytest.mark.browser
def test_the_whole_calendar_draws_in_a_browser(whole_span: Any, figures: Report) -> None:
    from tests.views.test_chart_browser import assert_clean

    assert_clean(whole_span)
    axis = whole_span.page.evaluate(
        "() => { const xa = document.querySelector('.js-plotly-plot')._fullLayout.xaxis;"
        " return [xa.range, xa._length]; }"
    )
    (first, last), width = axis
    assert (first, last) == ("0001-01-01", "9999-12-31")
    on_axis = whole_span.page.evaluate(
        "() => { const gd = document.querySelector('.js-plotly-plot');"
        " const xa = gd._fullLayout.xaxis;"
        " return gd.data.flatMap(t => t.x.map(x => xa.d2p(x))); }"
    )
    assert len(on_axis) == len(EDGES)
    assert all(0 <= px <= width for px in on_axis), on_axis
    assert min(on_axis) == 0 and max(on_axis) == pytest.approx(width, abs=0.5)
    figures(
        f"0001-01-01 .. 9999-12-31 in headless Chromium: x range {first} to {last},"
        f" {len(on_axis)} points at {sorted(round(p) for p in on_axis)} px of {width}"
    )
