"""The graph charts, checked as data (no browser): the network, a dyad, actors x months,
and the timeline of several actors (one lane per actor asked about)."""

from __future__ import annotations

import html
import itertools
import math
import re
import textwrap
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import plotly.graph_objects as go
import pytest

from benchmarks.generate import generate
from tracker.domain.cameo import goldstein
from tracker.domain.markup import esc
from tracker.queries import graph, metrics
from tracker.services.recording import ActorRef
from tracker.services.tracker import Tracker
from tracker.views.charts.network import (
    DENSE_GREYS,
    EDGE_HOVER_LIMIT,
    OTHER_COLOUR,
    PALETTE,
    WIDTHS,
    _groups,
    activity_figure,
    dyad_figure,
    network_figure,
)
from tracker.views.charts.timeline import timeline_figure

SOURCE = "https://example.org/story"
DAY_MS = 86_400_000
IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(1)</script>"
LINK = '<a href="https://evil.example">x</a>'
HOSTILE = [
    "<b>bold</b>",
    LINK,
    '<span style="color:red">x</span>',
    SCRIPT,
    "%{x}",
    IMG,
    "Tom &amp; Jerry",
]
# Fragments that must never reach plotly unescaped.
RAW_MARKUP = ["<b>bold", "<a ", "<span", "<script", "<img", "&amp; Jerry"]
NODE_FIELDS = [f"customdata[{i}]" for i in range(8)]


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


def leaks(fig: go.Figure) -> list[str]:
    texts = list(strings_in(fig.to_plotly_json()))
    return [s for s in texts for fragment in RAW_MARKUP if fragment in s]


def placeholders(template: str) -> list[str]:
    return re.findall(r"%\{([^}]*)\}", template)


def node_traces(fig: go.Figure) -> list[Any]:
    return [t for t in fig.data if t.name not in ("contacts", "edges")]


def nodes_drawn(fig: go.Figure) -> list[dict[str, Any]]:
    """One dict per node point: its trace, position, size, label and hover data."""
    return [
        {
            "trace": t.name,
            "x": x,
            "y": y,
            "size": size,
            "text": text,
            "name": row[0],
            "country": row[2],
            "score": row[7],
            "colour": t.marker.color,
        }
        for t in node_traces(fig)
        for x, y, size, text, row in zip(t.x, t.y, t.marker.size, t.text, t.customdata, strict=True)
    ]


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Tracker:
    """A generated log: 200 actors ("Actor 0000".."Actor 0199"), 5000 events."""
    path = tmp_path_factory.mktemp("synthetic") / "events.jsonl"
    generate(path, n_events=5000, n_actors=200, seed=1)
    return Tracker(path)


@pytest.fixture(scope="module")
def synthetic_graph(synthetic: Tracker) -> nx.Graph:
    g = synthetic.contact_graph()
    assert g.number_of_nodes() == 200
    return g


@pytest.fixture(scope="module")
def synthetic_network(synthetic_graph: nx.Graph) -> tuple[go.Figure, dict[str, float]]:
    score = metrics.centrality(synthetic_graph, "degree")
    return network_figure(synthetic_graph, title="All contacts", size_by=score), score


# --------------------------------------------------------------------------- network: shipped


def test_network_of_blinken_two_steps(seed_log: Path) -> None:
    center, g = Tracker(seed_log).ego_graph("Blinken", 2)
    assert (center, g.number_of_nodes(), g.number_of_edges()) == ("antony-blinken", 3, 2)
    fig = network_figure(g, title="Contacts of Antony Blinken", size_by=dict(g.degree))
    # One width bucket (every pair met once), the invisible edge midpoints, three countries.
    assert [t.name for t in fig.data] == ["contacts", "edges", "CHN", "RUS", "USA"]
    lines, mids = fig.data[0], fig.data[1]
    assert lines.mode == "lines" and lines.line.width == WIDTHS[0]
    assert lines.hoverinfo == "skip"
    assert len(lines.x) == 3 * 2  # two segments, each closed with None
    assert list(lines.x).count(None) == 2
    assert len(mids.x) == 2
    assert mids.marker.color == "rgba(0,0,0,0)"
    # Per edge: both ends (in the graph's order), contacts, first and last contact.
    assert sorted((*sorted(row[:2]), *row[2:]) for row in mids.customdata) == [
        ("Antony Blinken", "Sergey Lavrov", 1, "2021-08-16", "2021-08-16"),
        ("Antony Blinken", "Wang Yi", 1, "2021-08-16", "2021-08-16"),
    ]
    drawn = {n["name"]: n for n in nodes_drawn(fig)}
    assert sorted(drawn) == ["Antony Blinken", "Sergey Lavrov", "Wang Yi"]
    # Blinken (2 contacts) is the biggest; the two he called are half his score.
    assert {name: n["size"] for name, n in drawn.items()} == {
        "Antony Blinken": 44.0,
        "Sergey Lavrov": 27.0,
        "Wang Yi": 27.0,
    }
    assert {name: n["text"] for name, n in drawn.items()} == {name: name for name in drawn}
    # The weightiest country first in the palette; ties go alphabetically.
    assert {name: n["colour"] for name, n in drawn.items()} == {
        "Antony Blinken": PALETTE[0],
        "Wang Yi": PALETTE[1],
        "Sergey Lavrov": PALETTE[2],
    }
    (blinken,) = [
        row for t in node_traces(fig) for row in t.customdata if row[0] == "Antony Blinken"
    ]
    assert list(blinken) == ["Antony Blinken", "person", "USA", 4, 2, 2, "2021-08-16", 2]
    for trace in node_traces(fig):
        assert trace.mode == "markers+text"
        assert placeholders(trace.hovertemplate) == NODE_FIELDS
        assert "degree centrality" in trace.hovertemplate
    assert fig.layout.title.text == (
        "Contacts of Antony Blinken<br><sup>3 actors · 2 pairs in contact · "
        "size: degree centrality · colour: country</sup>"
    )
    assert fig.layout.height == 620
    assert fig.layout.showlegend is True
    assert fig.layout.legend.title.text == "country"
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False


def test_network_of_the_whole_shipped_log_greys_unknown(seed_log: Path) -> None:
    g = Tracker(seed_log).contact_graph()
    assert g.number_of_nodes() == 12
    score = metrics.centrality(g, "degree")
    fig = network_figure(g, title="All", size_by=score, labels=3)
    traces = node_traces(fig)
    # The UN has no country: it is "unknown", grey, and shown under "other".
    assert [t.name for t in traces] == ["CHN", "USA", "AFG", "RUS", "PAK", "other"]
    assert [t.marker.color for t in traces] == [
        PALETTE[1],
        PALETTE[0],
        PALETTE[3],
        PALETTE[2],
        PALETTE[4],
        OTHER_COLOUR,
    ]
    (other,) = [t for t in traces if t.name == "other"]
    assert [(row[0], row[2]) for row in other.customdata] == [("United Nations", "-")]
    # labels=3: the three most central carry a label, the rest only a hover.
    labelled = sorted(n["name"] for n in nodes_drawn(fig) if n["text"])
    assert labelled == ["Antony Blinken", "Sergey Lavrov", "Wang Yi"]
    assert sum(len(t.x) for t in traces) == 12
    assert fig.layout.height == 620


@pytest.mark.parametrize(
    ("colour_by", "names"),
    [
        ("kind", ["person", "state", "government_body", "group", "international_organization"]),
        ("community", ["community 1", "other"]),
    ],
)
def test_network_colour_by_kind_or_community(
    seed_log: Path, colour_by: str, names: list[str]
) -> None:
    g = Tracker(seed_log).contact_graph()
    for node in ("antony-blinken", "wang-yi", "sergey-lavrov"):
        g.nodes[node]["community"] = "community 1"  # the others have none: "unknown"
    fig = network_figure(g, title="All", colour_by=colour_by)
    assert [t.name for t in node_traces(fig)] == names
    assert fig.layout.legend.title.text == colour_by
    assert fig.layout.title.text.endswith(f"colour: {colour_by}</sup>")
    assert sum(len(t.x) for t in node_traces(fig)) == 12


@pytest.mark.parametrize(
    ("pairs", "hover"), [(EDGE_HOVER_LIMIT, True), (EDGE_HOVER_LIMIT + 1, False)]
)
def test_edges_have_hover_markers_while_few(pairs: int, hover: bool) -> None:
    g = nx.Graph()
    for i in range(pairs):
        g.add_edge(f"a{i:03d}", f"b{i:03d}", weight=1 + i % 3, first="2021-01", last="2021-08")
    fig = network_figure(g, title="pairs")
    mids = [t for t in fig.data if t.name == "edges"]
    assert [len(t.x) for t in mids] == ([pairs] if hover else [])
    # Weights 1, 2 and 3: three width buckets. Few pairs: one translucent grey; many:
    # opaque greys, darker as the pairs get heavier.
    colours = ("rgba(90,90,90,0.45)",) * 3 if hover else DENSE_GREYS[:3]
    assert [(t.line.width, t.line.color) for t in fig.data if t.name == "contacts"] == list(
        zip(WIDTHS[:3], colours, strict=True)
    )
    assert sum(len(t.x) for t in node_traces(fig)) == 2 * pairs


def test_network_of_nothing() -> None:
    fig = network_figure(nx.Graph(), title="<b>Nobody</b>")
    assert fig.data == ()
    assert (
        fig.layout.title.text == "&lt;b&gt;Nobody&lt;/b&gt;<br><sup>no actors in this window</sup>"
    )


def test_colour_groups() -> None:
    assert _groups([("USA", 1.0), ("CHN", 3.0), ("unknown", 9.0), ("RUS", 1.0)]) == {
        "CHN": PALETTE[0],
        "RUS": PALETTE[1],  # a tie with USA: alphabetical
        "USA": PALETTE[2],
        "unknown": OTHER_COLOUR,  # however weighty
    }
    # Zero scores still count (as the number of members), and past the palette it is grey.
    many = [(f"C{i:02d}", 0.0) for i in range(len(PALETTE) + 2)] + [("C13", 0.0)]
    colours = _groups(many)
    assert colours["C13"] == PALETTE[0]  # two members
    assert [colours[f"C{i:02d}"] for i in range(len(PALETTE) - 1)] == list(PALETTE[1:])
    assert colours[f"C{len(PALETTE) - 1:02d}"] == OTHER_COLOUR
    assert colours[f"C{len(PALETTE):02d}"] == OTHER_COLOUR


# --------------------------------------------------------------------------- network: 200 actors


def test_network_of_200_draws_every_node_and_edge(
    synthetic_graph: nx.Graph, synthetic_network: tuple[go.Figure, dict[str, float]]
) -> None:
    fig, _ = synthetic_network
    drawn = nodes_drawn(fig)
    assert len(drawn) == 200
    assert sorted(n["name"] for n in drawn) == [f"Actor {i:04d}" for i in range(200)]
    # So many pairs: faint lines, and no hover markers that would answer for the nodes.
    assert synthetic_graph.number_of_edges() > EDGE_HOVER_LIMIT
    assert [t.name for t in fig.data].count("edges") == 0
    lines = [t for t in fig.data if t.name == "contacts"]
    # Opaque greys by width: crossings do not darken into a mesh under the labels.
    assert {(t.line.width, t.line.color) for t in lines} <= set(
        zip(WIDTHS, DENSE_GREYS, strict=True)
    )
    (thin,) = [t for t in lines if t.line.width == WIDTHS[0]]
    assert thin.line.color == DENSE_GREYS[0]
    assert sum(list(t.x).count(None) for t in lines) == synthetic_graph.number_of_edges()
    assert sorted(t.line.width for t in lines) == sorted(set(t.line.width for t in lines))
    assert {t.line.width for t in lines} <= set(WIDTHS)
    assert fig.layout.height == 760
    assert fig.layout.title.text == (
        f"All contacts<br><sup>200 actors · {synthetic_graph.number_of_edges()} pairs in "
        "contact · size: degree centrality · colour: country</sup>"
    )


def test_network_of_200_labels_at_most_14_on_the_inner_ring(
    synthetic_network: tuple[go.Figure, dict[str, float]],
) -> None:
    fig, score = synthetic_network
    drawn = nodes_drawn(fig)
    labelled = [n for n in drawn if n["text"]]
    assert len(labelled) == 14
    assert all(n["text"] == n["name"] for n in labelled)
    # The 14 most central (ties by id), and only they sit on the inner ring (radius 0.5).
    top = sorted(score, key=lambda a: (-score[a], a))[:14]
    assert sorted(n["name"] for n in labelled) == sorted(
        f"Actor {int(a.rsplit('-', 1)[1]):04d}" for a in top
    )
    radius = {n["name"]: round(math.hypot(n["x"], n["y"]), 6) for n in drawn}
    assert {radius[n["name"]] for n in labelled} == {0.5}
    assert Counter(radius.values()) == Counter({0.5: 14, 0.78: 60, 1.0: 126})
    # Labels on the inner ring are spaced evenly: a 14th of the circle between neighbours.
    angles = sorted(math.atan2(n["y"], n["x"]) for n in labelled)
    gaps = [b - a for a, b in itertools.pairwise(angles)]
    assert gaps == pytest.approx([2 * math.pi / 14] * 13)


def test_network_above_40_labels_what_is_asked_up_to_14() -> None:
    star = _ring_graph()
    assert star.number_of_nodes() == 41
    for asked, shown in ((5, 5), (14, 14), (25, 14)):
        fig = network_figure(star, title="t", labels=asked)
        labelled = [n["name"] for n in nodes_drawn(fig) if n["text"]]
        assert len(labelled) == shown
        assert "N0" in labelled  # the hub first


def _ring_graph() -> nx.Graph:
    """A star of 41 actors: just above the spring-layout limit."""
    g = nx.star_graph(40)
    for node in g:
        g.nodes[node].update(label=f"N{node}", kind="person", country="USA", events=1)
    return nx.relabel_nodes(g, {n: f"n{n:02d}" for n in g})


def test_network_of_200_sizes_follow_the_score(
    synthetic_network: tuple[go.Figure, dict[str, float]],
) -> None:
    fig, score = synthetic_network
    top = max(score.values())
    by_name = {f"Actor {int(a.rsplit('-', 1)[1]):04d}": s for a, s in score.items()}
    drawn = sorted(nodes_drawn(fig), key=lambda n: by_name[n["name"]])
    sizes = [n["size"] for n in drawn]
    assert sizes == sorted(sizes)  # monotone in the score
    assert len(set(sizes)) == len(set(score.values()))  # and strictly: equal score, equal size
    for n in drawn:
        assert n["size"] == pytest.approx(10 + 34 * by_name[n["name"]] / top)
        assert n["score"] == round(by_name[n["name"]], 4)
    assert sizes[-1] == pytest.approx(44.0)
    assert sizes[0] >= 10.0


def test_network_of_200_colours_the_top_countries(
    synthetic_graph: nx.Graph, synthetic_network: tuple[go.Figure, dict[str, float]]
) -> None:
    fig, score = synthetic_network
    totals: dict[str, float] = {}
    for node, data in synthetic_graph.nodes(data=True):
        country = data["country"] or "unknown"
        totals[country] = totals.get(country, 0.0) + score[node] + 1e-9
    assert "unknown" in totals  # international organizations have no country
    ranked = sorted((c for c in totals if c != "unknown"), key=lambda c: (-totals[c], c))
    assert len(ranked) == 30
    expected = dict(zip(ranked[: len(PALETTE)], PALETTE, strict=True))
    traces = node_traces(fig)
    assert {t.name: t.marker.color for t in traces} == {**expected, "other": OTHER_COLOUR}
    assert traces[-1].name == "other"  # the grey group is listed last
    drawn = nodes_drawn(fig)
    for n in drawn:
        if n["trace"] == "other":
            assert n["country"] == "-" or n["country"] in ranked[len(PALETTE) :]
        else:
            assert n["country"] == n["trace"]
    assert any(n["country"] == "-" and n["colour"] == OTHER_COLOUR for n in drawn)
    assert len(set(PALETTE)) == len(PALETTE) and OTHER_COLOUR not in PALETTE


@pytest.mark.parametrize("bad", HOSTILE)
def test_network_escapes_hostile_names(tracker: Tracker, bad: str) -> None:
    safe = html.escape(bad, quote=False)
    tracker.register_actor(bad, kind="person")
    tracker.add_event(
        type="phone_call",
        when="2021-08-16",
        participants=[ActorRef("Blinken", "initiator"), ActorRef(bad, "recipient")],
        summary=f"Blinken called {bad}.",
        sources=[{"url": SOURCE}],
    )
    g = tracker.contact_graph()
    fig = network_figure(g, title=f"Contacts of {bad}", colour_by="kind")
    drawn = {n["name"]: n for n in nodes_drawn(fig)}
    assert sorted(drawn) == sorted(["Antony Blinken", safe])
    assert drawn[safe]["text"] == safe
    (mids,) = [t for t in fig.data if t.name == "edges"]
    assert {mids.customdata[0][0], mids.customdata[0][1]} == {"Antony Blinken", safe}
    assert fig.layout.title.text.startswith(f"Contacts of {safe}<br>")
    assert leaks(fig) == []
    for trace in fig.data:
        if trace.hovertemplate:
            assert all(p.startswith("customdata[") for p in placeholders(trace.hovertemplate))


# --------------------------------------------------------------------------- dyad


def test_dyad_of_blinken_and_lavrov(seed_log: Path) -> None:
    dyad = Tracker(seed_log).dyad("Blinken", "Lavrov")
    fig = dyad_figure(dyad)
    assert [t.name for t in fig.data] == ["phone call", "statement", "events per month"]
    call, statement, bar = fig.data
    # one row per type (first seen on top); the two same-day statements sit apart
    assert (list(call.x), list(call.y)) == (["2021-08-16"], [1.0])
    assert (list(statement.x), list(statement.y)) == (["2021-08-16"] * 2, [0.09, -0.09])
    assert list(fig.layout.yaxis.tickvals) == [1, 0]
    assert list(fig.layout.yaxis.ticktext) == ["phone call", "statement"]
    assert [row[3] for row in call.customdata] == ["041"]
    assert [row[3] for row in statement.customdata] == ["010", "010"]
    assert isinstance(bar, go.Bar)
    assert list(bar.x) == ["2021-08-15"]
    assert list(bar.y) == [3]
    assert list(bar.customdata) == ["2021-08"]
    assert list(bar.width) == [26 * DAY_MS]
    assert (call.xaxis, call.yaxis, bar.xaxis, bar.yaxis) == ("x", "y", "x2", "y2")
    # The mean is over the contacts (interactions) with a CAMEO code: the phone call, +1.0.
    assert fig.layout.title.text == (
        "Antony Blinken and Sergey Lavrov<br><sup>3 event(s) together · "
        "mean Goldstein +1.00 over 1 coded contact(s)</sup>"
    )
    # Hover summaries are wrapped at 80 characters and cut at 300 (with an ellipsis).
    summary = dyad.timeline.entries[0].summary
    assert len(summary) > 300
    shown = call.customdata[0][2]
    assert shown.split("<br>") == textwrap.wrap(summary[:299] + "…", 80)
    for trace in (call, statement):
        for row in trace.customdata:
            assert all(len(line) <= 80 for line in row[2].split("<br>"))
    assert list(fig.layout.xaxis.range) == ["2021-07-01", "2021-10-01"]
    assert fig.layout.xaxis2.type == "date"
    assert fig.layout.xaxis2.title.text == "month"
    assert fig.layout.yaxis2.title.text == "events"


def test_dyad_over_years_has_one_bar_per_month_with_events(synthetic: Tracker) -> None:
    dyad = synthetic.dyad("Actor 0000", "Actor 0001")
    entries = dyad.timeline.entries
    assert len(entries) > 20
    fig = dyad_figure(dyad)
    bar = fig.data[-1]
    months = Counter(e.day_first[:7] for e in entries)
    assert list(bar.customdata) == sorted(months)
    assert list(bar.x) == [f"{m}-15" for m in sorted(months)]
    assert list(bar.y) == [months[m] for m in sorted(months)]
    assert sum(bar.y) == len(entries)
    points = {t.name: len(t.x) for t in fig.data[:-1]}
    assert points == {
        esc(t.replace("_", " ")): n for t, n in Counter(e.type for e in entries).items()
    }
    contacts = [e for e in entries if e.category == "interaction"]
    scores = [s for s in (goldstein(e.cameo) for e in contacts) if s is not None]
    assert 0 < len(scores) < len(entries)
    mean = sum(scores) / len(scores)
    assert fig.layout.title.text == (
        f"Actor 0000 and Actor 0001<br><sup>{len(entries)} event(s) together · "
        f"mean Goldstein {mean:+.2f} over {len(scores)} coded contact(s)</sup>"
    )


def test_dyad_without_cameo_codes_and_hostile_text(tracker: Tracker) -> None:
    tracker.register_actor(IMG, kind="person")
    summary = f"{SCRIPT} {LINK} %{{x}}"
    tracker.add_event(
        type="meeting",
        when="2021-08-16",
        participants=[ActorRef("Blinken", "initiator"), ActorRef(IMG, "recipient")],
        summary=summary,
        sources=[{"url": SOURCE}],
    )
    fig = dyad_figure(tracker.dyad("Blinken", IMG))
    meeting, bar = fig.data
    assert list(meeting.customdata[0]) == [
        "2021-08-16",
        "meeting",
        html.escape(summary, quote=False),
        "-",
    ]
    assert list(bar.y) == [1]
    assert fig.layout.title.text == (
        f"Antony Blinken and {esc(IMG)}<br><sup>1 event(s) together · no CAMEO codes</sup>"
    )
    assert leaks(fig) == []
    assert placeholders(meeting.hovertemplate) == [f"customdata[{i}]" for i in range(4)]


# --------------------------------------------------------------------------- activity


def test_activity_of_the_shipped_log(seed_log: Path) -> None:
    conn = Tracker(seed_log).model()
    try:
        names, months, cells = graph.activity(conn)
    finally:
        conn.close()
    fig = activity_figure(names, months, cells, title="Events per month")
    (heat,) = fig.data
    assert isinstance(heat, go.Heatmap)
    assert list(heat.x) == ["2021-08"]
    assert list(heat.y) == names
    assert [list(row) for row in heat.z] == cells
    assert names[:2] == ["Antony Blinken", "Sergey Lavrov"]
    assert [row[0] for row in cells[:2]] == [4, 3]
    assert len(names) == 12
    assert heat.texttemplate == "%{z}"
    assert fig.layout.height == 120 + 26 * 12
    assert fig.layout.yaxis.autorange == "reversed"  # the busiest on top
    assert fig.layout.xaxis.type == "category"


def test_activity_escapes_names_and_title() -> None:
    names = [IMG, LINK, "Wang Yi"]
    counts = [[1, 0, 2], [0, 0, 1], [3, 1, 0]]
    fig = activity_figure(
        names, ["2021-06", "2021-07", "2021-08"], counts, title=f"Activity of {SCRIPT}"
    )
    (heat,) = fig.data
    assert list(heat.y) == [esc(n) for n in names]
    assert [list(row) for row in heat.z] == counts
    assert list(heat.x) == ["2021-06", "2021-07", "2021-08"]
    assert fig.layout.title.text == f"Activity of {esc(SCRIPT)}"
    assert fig.layout.height == 320  # at least 320 px
    assert placeholders(heat.hovertemplate) == ["y", "x", "z"]  # names are escaped data
    assert leaks(fig) == []


# --------------------------------------------------------------------------- several actors


def test_timeline_of_three_actors_has_a_lane_each(seed_log: Path) -> None:
    timeline = Tracker(seed_log).timeline(["Blinken", "Wang Yi", "Lavrov"])
    assert len(timeline.groups) == 3
    fig = timeline_figure(timeline)
    yaxis = fig.layout.yaxis
    assert list(yaxis.ticktext) == ["Antony Blinken", "Wang Yi", "Sergey Lavrov"]
    assert list(yaxis.tickvals) == [2, 1, 0]
    assert list(yaxis.range) == [-0.6, 2.6]
    assert yaxis.title.text == "actor"
    assert fig.layout.title.text == (
        "Timeline of Antony Blinken, Wang Yi, Sergey Lavrov: 2021-08-16"
        "<br><sup>4 events · one lane per actor</sup>"
    )
    # Each event is drawn once in the lane of every asked actor taking part; four events
    # on one day in Blinken's lane, two in Wang Yi's, three in Lavrov's, spread apart.
    placed: dict[str, list[float]] = {}
    for trace in fig.data:
        for y, row in zip(trace.y, trace.customdata, strict=True):
            placed.setdefault(row[6], []).append(y)
    assert {lane: sorted(ys) for lane, ys in placed.items()} == {
        "Antony Blinken": [1.73, 1.91, 2.09, 2.27],
        "Wang Yi": [0.91, 1.09],
        "Sergey Lavrov": [-0.18, 0.0, 0.18],
    }
    assert fig.layout.height == 150 + 24 * 4 * 3
    assert fig.layout.showlegend is True


def test_timeline_of_one_actor_is_by_counterpart(seed_log: Path) -> None:
    """One actor: lanes are counterparts, not the actor itself."""
    fig = timeline_figure(Tracker(seed_log).timeline(["Blinken"]))
    assert "Antony Blinken" not in list(fig.layout.yaxis.ticktext)
    assert fig.layout.yaxis.title.text == "counterpart (or speaker)"
