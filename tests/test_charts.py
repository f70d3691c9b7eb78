"""The timeline figure, checked as data (no browser): lanes, traces, hover data, escaping."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import pytest

from tracker import charts
from tracker.api import ActorRef, Tracker
from tracker.charts import NO_COUNTERPART, lanes_of, timeline_figure

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
    from tracker.charts import MAX_LANES, timeline_figure

    log = tmp_path / "many.jsonl"
    generate(log, 1500, 80, seed=3)
    timeline = Tracker(log).timeline(["Actor 0000"])
    from tracker.charts import lanes_of

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
