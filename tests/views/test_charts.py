"""The timeline figure, checked as data (no browser): lanes, traces, hover data, escaping."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import pytest

from tracker.services.recording import ActorRef
from tracker.services.tracker import Tracker
from tracker.views.charts import bins as binning
from tracker.views.charts import timeline as charts
from tracker.views.charts.timeline import NO_COUNTERPART, lanes_of, timeline_figure

SOURCE = "https://example.org/story"
NIE_URL = (
    "https://www.newindianexpress.com/world/2021/aug/17/"
    "us-reaches-out-to-russia-china-on-afghanistancrisis-2345596.html"
)
NIE_SOURCE = (
    "The New Indian Express (AP) · 2021-08-17<br>"
    "https://www.newindianexpress.com/world/2021/aug/17/us-reaches-out-to-russia-china-on-<br>"
    "afghanistancrisis-2345596.html"
)
LANES_TOP_DOWN = ["Wang Yi", "Sergey Lavrov", "Ned Price", "Ministry of Foreign Affairs of Russia"]
# The hover shows columns 0-4; 5 is the event id and 6 the lane, kept for lookups.
TEMPLATE_FIELDS = [f"customdata[{i}]" for i in range(5)]
DAY_MS = 86_400_000

# Strings that plotly would otherwise read as its mini-markup or as a template field.
HOSTILE = [
    "<b>bold</b>",
    '<a href="https://evil.example">x</a>',
    '<span style="color:red">x</span>',
    "<script>alert(1)</script>",
    "%{x}",
    "<img src=x onerror=alert(1)>",
    "Tom &amp; Jerry",
]
# Fragments that must never reach plotly unescaped.
RAW_MARKUP = ["<b>bold", "<a ", "<span", "<script", "<img", "&amp; Jerry"]


def strings_in(value: Any) -> Iterator[str]:
    """Every string inside a figure's JSON."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings_in(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from strings_in(v)


def placeholders(template: str) -> list[str]:
    return re.findall(r"%\{([^}]*)\}", template)


@pytest.fixture
def blinken(seed_log: Path) -> tuple[Tracker, go.Figure]:
    t = Tracker(seed_log)
    return t, timeline_figure(t.timeline(["Blinken"]))


# --------------------------------------------------------------------------- shipped data


def test_lanes_are_the_four_counterparts_top_down(blinken: tuple[Tracker, go.Figure]) -> None:
    _, fig = blinken
    yaxis = fig.layout.yaxis
    # Lanes are numbers, the first lane seen the highest (on top), named by tick labels.
    assert yaxis.type is None
    assert yaxis.categoryarray is None
    assert yaxis.tickmode == "array"
    assert list(yaxis.tickvals) == [3, 2, 1, 0]
    assert list(yaxis.ticktext) == LANES_TOP_DOWN
    assert list(yaxis.range) == [-0.6, 3.6]
    assert yaxis.zeroline is False
    assert yaxis.title.text == "counterpart (or speaker)"
    # One event per lane and day: each point sits exactly on its lane.
    lanes = {
        row[6]: y for trace in fig.data for row, y in zip(trace.customdata, trace.y, strict=True)
    }
    assert lanes == dict(zip(LANES_TOP_DOWN, [3.0, 2.0, 1.0, 0.0], strict=True))
    assert fig.layout.height == 360


def test_one_trace_per_event_type(blinken: tuple[Tracker, go.Figure]) -> None:
    _, fig = blinken
    assert [t.name for t in fig.data] == ["phone call", "statement"]
    assert [type(t) for t in fig.data] == [go.Scatter, go.Scatter]
    assert [len(t.x) for t in fig.data] == [2, 2]
    assert [list(t.y) for t in fig.data] == [[3.0, 2.0], [1.0, 0.0]]
    assert [[row[6] for row in t.customdata] for t in fig.data] == [
        ["Wang Yi", "Sergey Lavrov"],
        ["Ned Price", "Ministry of Foreign Affairs of Russia"],
    ]
    assert [list(t.x) for t in fig.data] == [["2021-08-16"] * 2] * 2
    assert [t.mode for t in fig.data] == ["markers", "markers"]
    assert [t.marker.symbol for t in fig.data] == ["circle", "x"]
    assert fig.layout.showlegend is True
    assert fig.layout.legend.title.text == "event type"


def test_points_are_event_lane_pairs(blinken: tuple[Tracker, go.Figure]) -> None:
    t, fig = blinken
    timeline = t.timeline(["Blinken"])
    assert len(timeline.entries) == 4
    pairs = sum(len(lanes_of(e, timeline.actor_ids)) for e in timeline.entries)
    assert pairs == 4
    assert sum(len(trace.x) for trace in fig.data) == pairs


def test_title_names_the_actor_and_the_day(blinken: tuple[Tracker, go.Figure]) -> None:
    _, fig = blinken
    assert fig.layout.title.text == (
        "Timeline of Antony Blinken: 2021-08-16<br><sup>4 events · one lane per counterpart</sup>"
    )


def test_single_day_gets_three_days_either_side(blinken: tuple[Tracker, go.Figure]) -> None:
    _, fig = blinken
    assert fig.layout.xaxis.type == "date"
    assert list(fig.layout.xaxis.range) == ["2021-08-13", "2021-08-19"]
    # One tick a day, not plotly's hours.
    assert fig.layout.xaxis.dtick == DAY_MS
    assert fig.layout.xaxis.tickformat == "%b %d\n%Y"
    assert fig.layout.xaxis.title.text == "date"


def test_customdata_holds_the_hover_details(blinken: tuple[Tracker, go.Figure]) -> None:
    t, fig = blinken
    entries = t.timeline(["Blinken"]).entries
    phone, statement = fig.data
    assert list(phone.customdata[0]) == [
        "2021-08-16",
        "phone call",
        "Antony Blinken (initiator), Wang Yi (recipient)",
        "Secretary of State Antony Blinken called Chinese Foreign Minister Wang Yi about<br>"
        "developments in Afghanistan, including the security situation.",
        NIE_SOURCE,
        entries[0].id,  # the event id, not shown, for a click handler or a lookup
        "Wang Yi",  # the lane the point is drawn in
    ]
    assert [len(row) for trace in fig.data for row in trace.customdata] == [7] * 4
    assert list(statement.customdata[0][:3]) == [
        "2021-08-16",
        "statement",
        "Ned Price (speaker), Antony Blinken (about), Wang Yi (about), Sergey Lavrov (about)",
    ]
    ids = [row[5] for trace in fig.data for row in trace.customdata]
    assert sorted(ids) == sorted(e.id for e in entries)
    assert [row[6] for trace in fig.data for row in trace.customdata] == LANES_TOP_DOWN
    for trace in fig.data:
        for row in trace.customdata:
            assert row[0] == "2021-08-16"
            assert row[4] == NIE_SOURCE
            assert NIE_URL.replace("-on-", "-on-<br>") in row[4]
            # Wrapped at 80 characters a line, so a long summary stays readable.
            assert all(len(line) <= 80 for line in row[3].split("<br>"))


def test_hover_template_only_references_customdata(blinken: tuple[Tracker, go.Figure]) -> None:
    _, fig = blinken
    for trace in fig.data:
        assert placeholders(trace.hovertemplate) == TEMPLATE_FIELDS
        assert trace.hovertemplate.endswith("<extra></extra>")


# --------------------------------------------------------------------------- other shapes


def test_empty_timeline_still_gives_a_figure(tracker: Tracker) -> None:
    fig = timeline_figure(tracker.timeline(["Blinken"]))
    assert isinstance(fig, go.Figure)
    assert fig.data == ()
    assert fig.layout.title.text == (
        "Timeline of Antony Blinken: no events<br><sup>0 events · one lane per counterpart</sup>"
    )
    assert list(fig.layout.yaxis.tickvals) == []
    assert list(fig.layout.yaxis.ticktext) == []
    assert fig.layout.showlegend is False  # nothing to explain
    assert fig.layout.height == 360
    assert fig.layout.xaxis.range is None
    assert '"data":[]' in fig.to_json().replace(" ", "")


def test_event_without_counterpart_gets_its_own_lane(tracker: Tracker) -> None:
    tracker.add_event(
        type="development",
        when="2021-08-15",
        participants=[ActorRef("Blinken", "involved")],
        summary="Blinken flew to Brussels.",
        sources=[{"url": SOURCE}],
    )
    fig = timeline_figure(tracker.timeline(["Blinken"]))
    assert [list(t.y) for t in fig.data] == [[0.0]]
    assert [t.customdata[0][6] for t in fig.data] == [NO_COUNTERPART]
    assert [t.name for t in fig.data] == ["development"]
    assert list(fig.layout.yaxis.tickvals) == [0]
    assert list(fig.layout.yaxis.ticktext) == [NO_COUNTERPART]
    assert list(fig.layout.yaxis.range) == [-0.6, 0.6]
    # A single event type still gets its legend entry: the marker needs explaining.
    assert fig.layout.showlegend is True


def test_span_and_window_in_title(tracker: Tracker) -> None:
    from datetime import date

    for when in ("2021-08-16", "2021-09-01"):
        tracker.add_event(
            type="phone_call",
            when=when,
            participants=[ActorRef("Blinken", "initiator"), ActorRef("Wang Yi", "recipient")],
            summary=f"Blinken called Wang Yi on {when}.",
            sources=[{"url": SOURCE}],
        )
    timeline = tracker.timeline(["Blinken"], start=date(2021, 8, 1), end=date(2021, 9, 30))
    fig = timeline_figure(timeline)
    assert fig.layout.title.text.startswith(
        "Timeline of Antony Blinken: 2021-08-16 to 2021-09-01 (window 2021-08-01 to 2021-09-30)<br>"
    )
    assert [list(t.x) for t in fig.data] == [["2021-08-16", "2021-09-01"]]
    # Two different days, one lane: each point on the lane, no spreading.
    assert [list(t.y) for t in fig.data] == [[0.0, 0.0]]
    # A week or more: plotly picks the range and the ticks itself.
    assert fig.layout.xaxis.range is None
    assert fig.layout.xaxis.dtick is None


def test_a_short_span_gets_a_tick_a_day(tracker: Tracker) -> None:
    for when in ("2021-08-16", "2021-08-22"):  # six days apart: still "short"
        tracker.add_event(
            type="phone_call",
            when=when,
            participants=[ActorRef("Blinken", "initiator"), ActorRef("Wang Yi", "recipient")],
            summary=f"Blinken called Wang Yi on {when}.",
            sources=[{"url": SOURCE}],
        )
    fig = timeline_figure(tracker.timeline(["Blinken"]))
    assert list(fig.layout.xaxis.range) == ["2021-08-13", "2021-08-25"]
    assert fig.layout.xaxis.dtick == DAY_MS
    assert fig.layout.xaxis.tickformat == "%b %d\n%Y"
    tracker.add_event(
        type="phone_call",
        when="2021-08-23",  # seven days from the first: plotly's own ticks again
        participants=[ActorRef("Blinken", "initiator"), ActorRef("Wang Yi", "recipient")],
        summary="Blinken called Wang Yi again.",
        sources=[{"url": SOURCE}],
    )
    fig = timeline_figure(tracker.timeline(["Blinken"]))
    assert fig.layout.xaxis.range is None
    assert fig.layout.xaxis.dtick is None


# --------------------------------------------------------------------------- same lane, same day


def _calls(tracker: Tracker, count: int, when: str = "2021-08-16") -> None:
    tracker.add_events(
        [
            {
                "type": "phone_call",
                "when": when,
                "participants": [
                    ActorRef("Blinken", "initiator"),
                    ActorRef("Wang Yi", "recipient"),
                ],
                "summary": f"Call number {i}.",
                "sources": [{"url": SOURCE}],
            }
            for i in range(count)
        ]
    )


@pytest.mark.parametrize(
    ("count", "ys", "height"),
    [
        (1, [0.0], 360),
        (2, [0.09, -0.09], 360),
        (3, [0.18, 0.0, -0.18], 360),
        (4, [0.27, 0.09, -0.09, -0.27], 360),
        (5, [0.35, 0.175, 0.0, -0.175, -0.35], 360),
        (8, [0.35, 0.25, 0.15, 0.05, -0.05, -0.15, -0.25, -0.35], 360),
        (10, [0.35 - 0.7 * k / 9 for k in range(10)], 390),
    ],
)
def test_events_on_one_lane_and_day_are_spread_apart(
    tracker: Tracker, count: int, ys: list[float], height: int
) -> None:
    """Same lane, same day: distinct y values, top to bottom in time order, within 0.35."""
    _calls(tracker, count)
    fig = timeline_figure(tracker.timeline(["Blinken"]))
    (trace,) = fig.data
    assert list(trace.y) == pytest.approx(ys, abs=1e-4)
    assert len(set(trace.y)) == count
    assert all(abs(y) <= 0.35 for y in trace.y)
    assert [row[3] for row in trace.customdata] == [f"Call number {i}." for i in range(count)]
    assert [row[6] for row in trace.customdata] == ["Wang Yi"] * count
    assert list(fig.layout.yaxis.tickvals) == [0]
    assert list(fig.layout.yaxis.ticktext) == ["Wang Yi"]
    # Lanes grow with the busiest day (24 px a point, 48 px at least, 360 px at least).
    assert fig.layout.height == height


def test_spread_is_per_lane_and_day(tracker: Tracker) -> None:
    """Only points sharing both the lane and the day are moved off the lane."""
    tracker.register_actor("Sergey Lavrov", kind="person", country="RUS")
    _calls(tracker, 2)
    _calls(tracker, 1, when="2021-08-17")
    tracker.add_event(
        type="phone_call",
        when="2021-08-16",
        participants=[ActorRef("Blinken", "initiator"), ActorRef("Sergey Lavrov", "recipient")],
        summary="Blinken called Lavrov.",
        sources=[{"url": SOURCE}],
    )
    (trace,) = timeline_figure(tracker.timeline(["Blinken"])).data
    placed = sorted(zip(trace.x, trace.y, (row[6] for row in trace.customdata), strict=True))
    assert placed == [
        ("2021-08-16", 0.0, "Sergey Lavrov"),
        ("2021-08-16", 0.91, "Wang Yi"),
        ("2021-08-16", 1.09, "Wang Yi"),
        ("2021-08-17", 1.0, "Wang Yi"),
    ]


# --------------------------------------------------------------------------- hostile text


@pytest.mark.parametrize("bad", HOSTILE)
def test_hostile_text_is_escaped_everywhere(tracker: Tracker, bad: str) -> None:
    safe = html.escape(bad, quote=False)
    tracker.register_actor(bad, kind="person")
    summary = f"Blinken called {bad} today."
    tracker.add_event(
        type="phone_call",
        when="2021-08-16",
        participants=[ActorRef("Blinken", "initiator"), ActorRef(bad, "recipient")],
        summary=summary,
        sources=[{"url": f"{SOURCE}/{bad.replace(' ', '')}", "outlet": bad}],
    )

    fig = timeline_figure(tracker.timeline(["Blinken"]))
    (trace,) = fig.data
    assert list(trace.y) == [0.0]
    assert trace.customdata[0][6] == safe
    assert list(fig.layout.yaxis.ticktext) == [safe]
    # Long texts are wrapped with <br> at spaces (plotly's own line break).
    assert [s.replace("<br>", " ") for s in trace.customdata[0][:5]] == [
        "2021-08-16",
        "phone call",
        f"Antony Blinken (initiator), {safe} (recipient)",
        f"Blinken called {safe} today.",
        f"{safe} {SOURCE}/{html.escape(bad.replace(' ', ''), quote=False)}",
    ]
    assert trace.name == "phone call"
    assert placeholders(trace.hovertemplate) == TEMPLATE_FIELDS
    assert "Timeline of Antony Blinken: " in fig.layout.title.text

    # The hostile actor's own timeline: its name reaches the title.
    own = timeline_figure(tracker.timeline([bad]))
    assert own.layout.title.text.startswith(f"Timeline of {safe}: 2021-08-16<br>")
    assert [list(t.y) for t in own.data] == [[0.0]]
    assert [t.customdata[0][6] for t in own.data] == ["Antony Blinken"]
    assert list(own.layout.yaxis.ticktext) == ["Antony Blinken"]

    for figure in (fig, own):
        texts = list(strings_in(figure.to_plotly_json()))
        for fragment in RAW_MARKUP:
            leaks = [s for s in texts if fragment in s]
            assert leaks == [], f"{fragment!r} reached plotly unescaped: {leaks}"
        if bad == "%{x}":
            # A literal %{x} stays in the data, never in a template.
            assert all("%{x}" not in t.hovertemplate for t in figure.data)
            assert any("%{x}" in s for row in figure.data[0].customdata for s in row)


def test_hostile_summary_wrapped_over_lines_stays_escaped(tracker: Tracker) -> None:
    summary = (
        "<script>alert(1)</script> and "
        '<a href="https://evil.example">click</a> and '
        '<span style="color:red">red</span> and %{x} and <img src=x onerror=alert(1)>'
    )
    tracker.add_event(
        type="phone_call",
        when="2021-08-16",
        participants=[ActorRef("Blinken", "initiator"), ActorRef("Wang Yi", "recipient")],
        summary=summary,
        sources=[{"url": SOURCE}],
    )
    (trace,) = timeline_figure(tracker.timeline(["Blinken"])).data
    shown = trace.customdata[0][3]
    lines = shown.split("<br>")
    assert len(lines) == 2
    assert html.unescape(" ".join(lines)) == summary
    assert "<" not in shown.replace("<br>", "")


# --------------------------------------------------------------------------- WebGL switch


def _meetings(tracker: Tracker, count: int) -> None:
    """``count`` meetings of Blinken with three others: three points each."""
    for name in ("Sergey Lavrov", "Ned Price"):
        tracker.register_actor(name)
    people = ["Blinken", "Wang Yi", "Sergey Lavrov", "Ned Price"]
    tracker.add_events(
        [
            {
                "type": "multilateral_meeting",
                "when": f"2021-{1 + i % 12:02d}-{1 + i % 28:02d}",
                "participants": [ActorRef(p) for p in people],
                "summary": f"Meeting number {i}.",
                "sources": [{"url": SOURCE}],
            }
            for i in range(count)
        ]
    )


def test_webgl_above_threshold_svg_at_it(tracker: Tracker) -> None:
    assert charts.GL_THRESHOLD == 1500
    _meetings(tracker, 501)
    at = timeline_figure(tracker.timeline(["Blinken"], limit=500))
    above = timeline_figure(tracker.timeline(["Blinken"]))
    assert sum(len(t.x) for t in at.data) == 1500
    assert [type(t) for t in at.data] == [go.Scatter]
    assert sum(len(t.x) for t in above.data) == 1503
    assert [type(t) for t in above.data] == [go.Scattergl]
    assert above.data[0].hovertemplate == at.data[0].hovertemplate
    assert list(above.layout.yaxis.ticktext) == ["Wang Yi", "Sergey Lavrov", "Ned Price"]
    assert list(above.layout.yaxis.tickvals) == [2, 1, 0]
    # 501 meetings on 84 distinct days: six a day on 81 days, five on 3. Every point stays
    # within 0.35 of its lane and no two of one lane and day share a y.
    (trace,) = above.data
    lane_y = {"Wang Yi": 2, "Sergey Lavrov": 1, "Ned Price": 0}
    seen: set[tuple[str, str, float]] = set()
    for x, y, row in zip(trace.x, trace.y, trace.customdata, strict=True):
        assert abs(y - lane_y[row[6]]) <= 0.35 + 1e-9
        assert (x, row[6], y) not in seen
        seen.add((x, row[6], y))
    assert len(seen) == 1503
    assert above.layout.height == 150 + 24 * 6 * 3


def test_webgl_switch_follows_the_threshold(
    blinken: tuple[Tracker, go.Figure], monkeypatch: pytest.MonkeyPatch
) -> None:
    t, _ = blinken
    timeline = t.timeline(["Blinken"])
    monkeypatch.setattr(charts, "GL_THRESHOLD", 4)
    assert {type(tr) for tr in timeline_figure(timeline).data} == {go.Scatter}
    monkeypatch.setattr(charts, "GL_THRESHOLD", 3)
    assert {type(tr) for tr in timeline_figure(timeline).data} == {go.Scattergl}


def test_many_counterparts_share_one_last_lane(tmp_path: Path) -> None:
    """Above MAX_LANES counterparts, the busiest keep lanes and the rest share the last,
    where each event appears once."""
    from benchmarks.generate import generate
    from tracker.views.charts.timeline import MAX_LANES, timeline_figure

    log = tmp_path / "many.jsonl"
    generate(log, 1500, 80, seed=3)
    timeline = Tracker(log).timeline(["Actor 0000"])
    from tracker.views.charts.timeline import lanes_of

    counterparts = {lane for e in timeline.entries for lane in lanes_of(e, timeline.actor_ids)}
    assert len(counterparts) > MAX_LANES
    fig = timeline_figure(timeline)
    ticks = list(fig.layout.yaxis.ticktext)
    assert len(ticks) == MAX_LANES
    assert ticks[-1] == f"{len(counterparts) - (MAX_LANES - 1)} other counterparts"
    bottom = [
        row[5] for trace in fig.data for y, row in zip(trace.y, trace.customdata, strict=True)
        if round(y) == 0
    ]  # fmt: skip
    assert len(bottom) == len(set(bottom)) > 0  # each event once in the shared lane


# --------------------------------------------------------------------------- aggregated view

WEEK_NOTE = (
    "More than 6 events, so each marker is the events of one lane in one week: its area is"
    " their number (largest: 4).<br>Colour and shape show the most common type. An event in"
    " several lanes counts once in each.<br>Hover a marker for its counts by type and first"
    " events. To see each event, narrow the dates (--from, --to) to 6 events or fewer."
)


def _event(when: str, etype: str, people: list[tuple[str, str]], summary: str) -> dict[str, Any]:
    return {
        "type": etype,
        "when": when,
        "participants": [ActorRef(name, role) for name, role in people],
        "summary": summary,
        "sources": [{"url": SOURCE}],
    }


@pytest.fixture
def year_of_contacts(tracker: Tracker) -> Tracker:
    """Seven events of Blinken in 2021, in four weeks; the last one in two lanes."""
    tracker.register_actor("Sergey Lavrov", kind="person", country="RUS")
    call = [("Blinken", "initiator"), ("Wang Yi", "recipient")]
    tracker.add_events(
        [
            _event("2021-01-04", "phone_call", call, "Call one."),  # Monday
            _event(
                "2021-01-06",
                "meeting",
                [("Blinken", "participant"), ("Wang Yi", "participant")],
                "Met in Geneva.",
            ),
            _event("2021-01-08", "phone_call", call, "Call two."),
            _event("2021-01-10", "phone_call", call, "Call three."),  # Sunday: same week
            _event(
                "2021-01-11",  # the next Monday
                "phone_call",
                [("Blinken", "initiator"), ("Sergey Lavrov", "recipient")],
                "Called Lavrov.",
            ),
            _event(
                "2021-03-02",
                "statement",
                [("Sergey Lavrov", "speaker"), ("Blinken", "about")],
                "Lavrov said something.",
            ),
            _event(
                "2021-12-31",
                "meeting",
                [
                    ("Blinken", "participant"),
                    ("Wang Yi", "participant"),
                    ("Sergey Lavrov", "participant"),
                ],
                "All three met.",
            ),
        ]
    )
    return tracker


def bins_of(fig: go.Figure) -> list[tuple[str, str, str, int, list[Any]]]:
    """(trace, lane, x, marker size, hover columns) of every drawn bin."""
    return [
        (trace.name, row[6], x, size, list(row))
        for trace in fig.data
        for x, size, row in zip(trace.x, trace.marker.size, trace.customdata, strict=True)
    ]


def test_bins_of_a_hand_built_year(year_of_contacts: Tracker) -> None:
    timeline = year_of_contacts.timeline(["Blinken"])
    assert len(timeline.entries) == 7
    fig = timeline_figure(timeline, aggregate_above=6)
    # 362 days is more than MAX_PERIODS days; 52 weeks is not: weekly bins, one per lane
    # and week, drawn at the middle of the week; a trace per most common type, the types
    # with the most events first.
    assert [t.name for t in fig.data] == ["phone call", "meeting", "statement"]
    assert [type(t) for t in fig.data] == [go.Scatter] * 3
    assert [t.marker.symbol for t in fig.data] == ["circle", "square", "x"]
    assert [t.marker.color for t in fig.data] == ["#1f77b4", "#2ca02c", "#ff7f0e"]
    first_week = [
        "week 2021-01-04 to 2021-01-10",
        "<b>4 events</b>: 3 phone call, 1 meeting",
        "2021-01-04 · phone call: Call one.<br>"
        "2021-01-06 · meeting: Met in Geneva.<br>"
        "2021-01-08 · phone call: Call two.",
        "<br><i>… and 1 more: to list them, narrow the dates with"
        " --from 2021-01-04 --to 2021-01-10</i>",
        4,
        "2021-01-04/2021-01-10",
        "Wang Yi",
    ]
    # The meeting of all three, in both lanes: the same hover but for the lane.
    new_year = [
        "week 2021-12-27 to 2022-01-02",
        "<b>1 event</b>: 1 meeting",
        "2021-12-31 · meeting: All three met.",
        "",
        1,
        "2021-12-27/2022-01-02",
    ]
    assert bins_of(fig) == [
        ("phone call", "Wang Yi", "2021-01-07 12:00", 4, first_week),
        (
            "phone call",
            "Sergey Lavrov",
            "2021-01-14 12:00",
            1,
            [
                "week 2021-01-11 to 2021-01-17",
                "<b>1 event</b>: 1 phone call",
                "2021-01-11 · phone call: Called Lavrov.",
                "",
                1,
                "2021-01-11/2021-01-17",
                "Sergey Lavrov",
            ],
        ),
        (
            "meeting",
            "Wang Yi",
            "2021-12-30 12:00",
            1,
            [*new_year, "Wang Yi"],
        ),
        (
            "meeting",
            "Sergey Lavrov",
            "2021-12-30 12:00",
            1,
            [*new_year, "Sergey Lavrov"],
        ),
        (
            "statement",
            "Sergey Lavrov",
            "2021-03-04 12:00",
            1,
            [
                "week 2021-03-01 to 2021-03-07",
                "<b>1 event</b>: 1 statement",
                "2021-03-02 · statement: Lavrov said something.",
                "",
                1,
                "2021-03-01/2021-03-07",
                "Sergey Lavrov",
            ],
        ),
    ]
    # Each bin sits on its lane; lanes are the per-event chart's.
    assert [list(t.y) for t in fig.data] == [[1, 0], [1, 0], [0]]
    assert list(fig.layout.yaxis.ticktext) == ["Wang Yi", "Sergey Lavrov"]
    assert list(fig.layout.yaxis.tickvals) == [1, 0]
    # Marker area is the count: the biggest bin (4 events) 40 px across.
    for trace in fig.data:
        assert trace.marker.sizemode == "area"
        assert trace.marker.sizeref == 2 * 4 / 40**2
        assert trace.marker.sizemin == 3
        assert placeholders(trace.hovertemplate) == [
            "customdata[0]", "customdata[6]", "customdata[1]", "customdata[2]", "customdata[3]"
        ]  # fmt: skip
        assert trace.hovertemplate.endswith("<extra></extra>")
    # 7 events in 8 (lane, event) placements: the bins count each placement once.
    assert sum(row[4] for *_, row in bins_of(fig)) == 8


def test_aggregated_chart_says_so(year_of_contacts: Tracker) -> None:
    fig = timeline_figure(year_of_contacts.timeline(["Blinken"]), aggregate_above=6)
    assert fig.layout.title.text == (
        "Timeline of Antony Blinken: 2021-01-04 to 2021-12-31"
        "<br><sup>7 events shown as 5 weekly bins · one lane per counterpart</sup>"
    )
    (note,) = fig.layout.annotations
    assert note.text == WEEK_NOTE
    assert (note.xref, note.yref, note.x, note.y, note.showarrow) == (
        "paper",
        "paper",
        0,
        1.01,
        False,
    )
    assert fig.layout.legend.title.text == "most common type"
    assert fig.layout.legend.itemsizing == "constant"
    assert fig.layout.margin.t == 160
    assert fig.layout.height == 360 + 70
    assert fig.layout.xaxis.type == "date"


def test_at_the_threshold_each_event_is_drawn(year_of_contacts: Tracker) -> None:
    """7 events and a threshold of 7: the per-event chart, exactly as without a threshold."""
    timeline = year_of_contacts.timeline(["Blinken"])
    at = timeline_figure(timeline, aggregate_above=7)
    assert at.to_json() == timeline_figure(timeline).to_json()
    assert charts.AGGREGATE_THRESHOLD == 1000
    assert sum(len(t.x) for t in at.data) == 8
    assert [t.name for t in at.data] == ["phone call", "meeting", "statement"]
    assert {t.marker.size for t in at.data} == {13}
    assert not at.layout.annotations
    assert at.layout.legend.title.text == "event type"
    assert at.layout.title.text.endswith("<sup>7 events · one lane per counterpart</sup>")
    assert [len(row) for t in at.data for row in t.customdata] == [7] * 8


def test_threshold_default_follows_the_module_constant(
    year_of_contacts: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    timeline = year_of_contacts.timeline(["Blinken"])
    monkeypatch.setattr(charts, "AGGREGATE_THRESHOLD", 6)
    assert sum(len(t.x) for t in timeline_figure(timeline).data) == 5  # bins
    monkeypatch.setattr(charts, "AGGREGATE_THRESHOLD", 7)
    assert sum(len(t.x) for t in timeline_figure(timeline).data) == 8  # events


def test_bin_counts_add_up_to_the_events(tracker: Tracker) -> None:
    """1,200 calls, one lane each, above the default threshold: the bin counts add up to
    exactly 1,200, and every event is in one bin."""
    tracker.add_events(
        [
            _event(
                (date(2020, 1, 1) + timedelta(days=i * 3 % 1200)).isoformat(),
                "phone_call",
                [("Blinken", "initiator"), ("Wang Yi", "recipient")],
                f"Call {i}.",
            )
            for i in range(1200)
        ]
    )
    timeline = tracker.timeline(["Blinken"])
    assert len(timeline.entries) == 1200
    fig = timeline_figure(timeline)
    counts = [row[4] for *_, row in bins_of(fig)]
    assert sum(counts) == 1200
    assert sum(size for _, _, _, size, _ in bins_of(fig)) == 1200
    # 2020-01-01 to 2023-04-12: more than MAX_PERIODS days or weeks, 40 months.
    assert len(counts) == 40
    assert fig.layout.title.text.endswith(
        "1,200 events shown as 40 monthly bins · one lane per counterpart</sup>"
    )
    assert "counts once in each" not in fig.layout.annotations[0].text
    unit, bins = binning.bin_events([("Wang Yi", e) for e in timeline.entries])
    assert unit == "month"
    assert sorted(e.id for b in bins for e in b.entries) == sorted(e.id for e in timeline.entries)


def test_bins_keep_the_shared_lane_exact(tmp_path: Path) -> None:
    """Above MAX_LANES counterparts, with bins: each lane's bin counts add up to the events
    drawn in it, the shared lane holding each event once."""
    from benchmarks.generate import generate

    log = tmp_path / "many.jsonl"
    generate(log, 3000, 80, seed=3)
    timeline = Tracker(log).timeline(["Actor 0000"])
    assert len(timeline.entries) > charts.AGGREGATE_THRESHOLD
    per_event = timeline_figure(timeline, aggregate_above=len(timeline.entries))
    fig = timeline_figure(timeline)
    assert list(fig.layout.yaxis.ticktext) == list(per_event.layout.yaxis.ticktext)
    assert len(fig.layout.yaxis.ticktext) == charts.MAX_LANES
    drawn: dict[str, int] = {}
    for trace in per_event.data:
        for row in trace.customdata:
            drawn[row[6]] = drawn.get(row[6], 0) + 1
    binned: dict[str, int] = {}
    for _, lane, _, size, row in bins_of(fig):
        assert size == row[4]
        binned[lane] = binned.get(lane, 0) + row[4]
    assert binned == drawn
    assert sum(binned.values()) > len(timeline.entries)  # some events are in two lanes
    assert len(bins_of(fig)) <= binning.MAX_BINS


def test_bins_of_several_actors(seed_log: Path) -> None:
    """Lanes per actor asked; four events on one day: a daily bin per lane."""
    timeline = Tracker(seed_log).timeline(["Blinken", "Wang Yi", "Lavrov"])
    fig = timeline_figure(timeline, aggregate_above=3)
    assert list(fig.layout.yaxis.ticktext) == ["Antony Blinken", "Wang Yi", "Sergey Lavrov"]
    assert fig.layout.yaxis.title.text == "actor"
    assert sorted((lane, x, size) for _, lane, x, size, _ in bins_of(fig)) == [
        ("Antony Blinken", "2021-08-16", 4),
        ("Sergey Lavrov", "2021-08-16", 3),
        ("Wang Yi", "2021-08-16", 2),
    ]
    assert {row[0] for *_, row in bins_of(fig)} == {"2021-08-16"}
    assert fig.layout.title.text.endswith(
        "<sup>4 events shown as 3 daily bins · one lane per actor</sup>"
    )
    assert list(fig.layout.xaxis.range) == ["2021-08-13", "2021-08-19"]


@pytest.mark.parametrize(
    ("first", "last", "unit"),
    [
        ("2021-08-16", "2021-08-16", "day"),
        ("2021-01-01", "2021-05-30", "day"),  # 150 days
        ("2021-01-01", "2021-05-31", "week"),  # 151 days
        ("2019-01-07", "2021-11-21", "week"),  # 150 weeks, a Monday to a Sunday
        ("2019-01-07", "2021-11-22", "month"),  # the Monday of a 151st week
        ("2000-01-01", "2012-06-30", "month"),  # 150 months
        ("2000-01-01", "2012-07-01", "quarter"),
        ("1990-01-01", "2026-12-31", "quarter"),  # 148 quarters
        ("1900-01-01", "2026-12-31", "year"),
    ],
)
def test_period_is_the_finest_with_at_most_max_periods(
    tracker: Tracker, first: str, last: str, unit: str
) -> None:
    assert binning.MAX_PERIODS == 150
    call = [("Blinken", "initiator"), ("Wang Yi", "recipient")]
    tracker.add_events(
        [_event(first, "phone_call", call, "A."), _event(last, "phone_call", call, "B.")]
    )
    points = [("Wang Yi", e) for e in tracker.timeline(["Blinken"]).entries]
    found, bins = binning.bin_events(points)
    assert found == unit
    assert sum(len(b.entries) for b in bins) == 2


def test_too_many_bins_take_a_coarser_period(
    year_of_contacts: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Five weekly bins, five monthly: with MAX_BINS at 4 the bins are quarters. Lavrov's
    first quarter holds a call and a statement: a tie, the type first by name wins."""
    timeline = year_of_contacts.timeline(["Blinken"])
    monkeypatch.setattr(binning, "MAX_BINS", 4)
    fig = timeline_figure(timeline, aggregate_above=6)
    assert [(row[0], row[5], row[6], row[4]) for *_, row in bins_of(fig)] == [
        ("2021 Q1 (January to March)", "2021-01-01/2021-03-31", "Wang Yi", 4),
        ("2021 Q1 (January to March)", "2021-01-01/2021-03-31", "Sergey Lavrov", 2),
        ("2021 Q4 (October to December)", "2021-10-01/2021-12-31", "Wang Yi", 1),
        ("2021 Q4 (October to December)", "2021-10-01/2021-12-31", "Sergey Lavrov", 1),
    ]
    assert [t.name for t in fig.data] == ["phone call", "meeting"]
    assert fig.data[0].customdata[1][1] == "<b>2 events</b>: 1 phone call, 1 statement"
    assert fig.layout.title.text.endswith(
        "7 events shown as 4 quarterly bins · one lane per counterpart</sup>"
    )
    monkeypatch.setattr(binning, "MAX_BINS", 5)
    assert "5 weekly bins" in timeline_figure(timeline, aggregate_above=6).layout.title.text


@pytest.mark.parametrize(
    ("day", "unit", "start", "end", "label"),
    [
        ("2024-02-29", "day", "2024-02-29", "2024-02-29", "2024-02-29"),
        ("2021-01-01", "week", "2020-12-28", "2021-01-03", "week 2020-12-28 to 2021-01-03"),
        ("2024-02-10", "month", "2024-02-01", "2024-02-29", "February 2024"),
        ("2021-12-31", "month", "2021-12-01", "2021-12-31", "December 2021"),
        ("2021-08-16", "quarter", "2021-07-01", "2021-09-30", "2021 Q3 (July to September)"),
        ("2021-12-31", "quarter", "2021-10-01", "2021-12-31", "2021 Q4 (October to December)"),
        ("2021-08-16", "year", "2021-01-01", "2021-12-31", "2021"),
    ],
)
def test_periods(day: str, unit: str, start: str, end: str, label: str) -> None:
    first = binning.period_start(date.fromisoformat(day), unit)
    assert first.isoformat() == start
    assert binning.period_end(first, unit).isoformat() == end
    assert binning.period_label(first, unit) == label


@pytest.mark.parametrize("bad", HOSTILE)
def test_hostile_text_is_escaped_in_bins(tracker: Tracker, bad: str) -> None:
    safe = html.escape(bad, quote=False)
    tracker.register_actor(bad, kind="person")
    tracker.add_events(
        [
            _event(
                "2021-08-16",
                "phone_call",
                [("Blinken", "initiator"), (bad, "recipient")],
                f"Blinken called {bad} ({i}).",
            )
            for i in range(4)
        ]
    )
    fig = timeline_figure(tracker.timeline(["Blinken"]), aggregate_above=3)
    ((_, lane, x, size, row),) = bins_of(fig)
    assert (lane, x, size) == (safe, "2021-08-16", 4)
    assert row == [
        "2021-08-16",
        "<b>4 events</b>: 4 phone call",
        f"2021-08-16 · phone call: Blinken called {safe} (0).<br>"
        f"2021-08-16 · phone call: Blinken called {safe} (1).<br>"
        f"2021-08-16 · phone call: Blinken called {safe} (2).",
        "<br><i>… and 1 more: to list them, narrow the dates with"
        " --from 2021-08-16 --to 2021-08-16</i>",
        4,
        "2021-08-16/2021-08-16",
        safe,
    ]
    assert list(fig.layout.yaxis.ticktext) == [safe]
    # The hostile actor's own timeline: its name reaches the title.
    own = timeline_figure(tracker.timeline([bad]), aggregate_above=3)
    assert own.layout.title.text.startswith(f"Timeline of {safe}: 2021-08-16<br>")
    for figure in (fig, own):
        texts = list(strings_in(figure.to_plotly_json()))
        for fragment in RAW_MARKUP:
            leaks = [s for s in texts if fragment in s]
            assert leaks == [], f"{fragment!r} reached plotly unescaped: {leaks}"
        assert all("%{x}" not in t.hovertemplate for t in figure.data)
    if bad == "%{x}":
        assert "%{x}" in row[2]  # a literal in the data, not a template field


def test_long_summaries_are_cut_before_escaping(tracker: Tracker) -> None:
    """A summary is cut to one line of 70 characters, then escaped: never half an entity."""
    summary = "a" * 68 + "&<b>bold</b>\n and more"
    tracker.add_events(
        [
            _event(
                "2021-08-16",
                "phone_call",
                [("Blinken", "initiator"), ("Wang Yi", "recipient")],
                text,
            )
            for text in (summary, "Short\n\nsummary  spread   out.")
        ]
    )
    fig = timeline_figure(tracker.timeline(["Blinken"]), aggregate_above=1)
    ((*_, row),) = bins_of(fig)
    assert row[2] == (
        "2021-08-16 · phone call: " + "a" * 68 + "&amp;…<br>"
        "2021-08-16 · phone call: Short summary spread out."
    )
