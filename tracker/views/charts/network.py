"""Charts of the graph: the network, a dyad over time, and actors x months activity.

Pure functions returning plotly figures, like ``timeline``; every string from the
log is escaped with ``esc`` before plotly sees it, and hover text reads data from
``customdata`` only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tracker.domain.markup import esc
from tracker.views.charts.style import STYLE, spread, wrap

if TYPE_CHECKING:
    import networkx as nx
    import plotly.graph_objects as go

    from tracker.services.analysis import Dyad

PALETTE = (
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
    "#e377c2", "#17becf", "#bcbd22", "#393b79", "#637939", "#843c39",
)  # fmt: skip
OTHER_COLOUR = "#9e9e9e"
WIDTHS = (1.0, 2.5, 4.5, 7.0)
EDGE_HOVER_LIMIT = 150  # above this many pairs, edges are faint and have no hover
# Edges of a dense graph, by width bucket: opaque, so that thousands of crossings do not
# pile up into a dark mesh under the labels, and a shade darker as pairs get heavier.
DENSE_GREYS = ("#f0f0f0", "#cfcfcf", "#b0b0b0", "#909090")


def _groups(weighted: Sequence[tuple[str, float]], limit: int = len(PALETTE)) -> dict[str, str]:
    """A colour for each of the weightiest values; the rest (and "unknown") share grey."""
    totals: dict[str, float] = {}
    for value, weight in weighted:
        totals[value] = totals.get(value, 0.0) + weight + 1e-9
    ranked = sorted((v for v in totals if v != "unknown"), key=lambda v: (-totals[v], v))
    colours = {v: PALETTE[i] if i < limit else OTHER_COLOUR for i, v in enumerate(ranked)}
    if "unknown" in totals:
        colours["unknown"] = OTHER_COLOUR
    return colours


SPRING_LIMIT = 40  # above this many actors, concentric rings keep labels apart


def layout(
    g: nx.Graph, score: dict[str, float], labelled: int, seed: int
) -> dict[str, tuple[float, float]]:
    """Positions: a spring layout for small graphs; for larger ones, rings by centrality,
    the ``labelled`` most central on the inner ring (spaced so labels do not collide),
    each ring ordered by country so colours cluster."""
    import networkx as nx

    n = g.number_of_nodes()
    if n <= SPRING_LIMIT:
        k = 1.6 / max(1, n) ** 0.5
        found = nx.spring_layout(g, seed=seed, weight="weight", k=k, iterations=100)
        return {node: (float(x), float(y)) for node, (x, y) in found.items()}
    ranked = sorted(g, key=lambda node: (-score.get(node, 0), node))
    inner = ranked[: min(labelled, 14)]
    middle = ranked[len(inner) : len(inner) + 60]
    outer = ranked[len(inner) + len(middle) :]

    def by_country(nodes: list[str]) -> list[str]:
        return sorted(nodes, key=lambda node: (str(g.nodes[node].get("country") or ""), node))

    pos: dict[str, tuple[float, float]] = {}
    for ring, radius in ((inner, 0.5), (middle, 0.78), (outer, 1.0)):
        ordered = by_country(ring)
        for k, node in enumerate(ordered):
            angle = math.pi / 2 - 2 * math.pi * k / max(1, len(ordered))
            pos[node] = (radius * math.cos(angle), radius * math.sin(angle))
    return pos


def network_figure(
    g: nx.Graph,
    *,
    title: str,
    size_by: dict[str, float] | None = None,
    size_label: str = "degree centrality",
    colour_by: str = "country",
    labels: int = 25,
    seed: int = 7,
) -> go.Figure:
    """Nodes sized by a centrality, coloured by country or kind; edge width by contacts.

    Only the ``labels`` most central actors carry a text label (the rest show on hover),
    so that 200 nodes stay readable.
    """
    import networkx as nx
    import plotly.graph_objects as go

    fig = go.Figure()
    if g.number_of_nodes() == 0:
        fig.update_layout(title={"text": esc(title) + "<br><sup>no actors in this window</sup>"})
        return fig
    size_by = size_by if size_by is not None else dict(nx.degree_centrality(g))
    pos = layout(g, size_by, labels, seed)
    dense = g.number_of_edges() > EDGE_HOVER_LIMIT

    # edges, bucketed into a few widths (a plotly line trace has one width)
    weights = [d.get("weight", 1) for _, _, d in g.edges(data=True)]
    top_weight = max(weights, default=1)
    buckets: dict[int, dict[str, list[Any]]] = {}
    mid: dict[str, list[Any]] = {"x": [], "y": [], "custom": []}
    for x, y, data in g.edges(data=True):
        w = data.get("weight", 1)
        b = min(len(WIDTHS) - 1, int((len(WIDTHS)) * (w - 1) / max(1, top_weight)))
        cols = buckets.setdefault(b, {"x": [], "y": []})
        (x0, y0), (x1, y1) = pos[x], pos[y]
        cols["x"] += [x0, x1, None]
        cols["y"] += [y0, y1, None]
        mid["x"].append((x0 + x1) / 2)
        mid["y"].append((y0 + y1) / 2)
        mid["custom"].append(
            [
                esc(g.nodes[x].get("label", x)),
                esc(g.nodes[y].get("label", y)),
                w,
                esc(data.get("first") or ""),
                esc(data.get("last") or ""),
            ]
        )
    for b in sorted(buckets):
        fig.add_trace(
            go.Scatter(
                x=buckets[b]["x"],
                y=buckets[b]["y"],
                mode="lines",
                line={
                    "width": WIDTHS[b],
                    "color": DENSE_GREYS[b] if dense else "rgba(90,90,90,0.45)",
                },
                hoverinfo="skip",
                showlegend=False,
                name="contacts",
            )
        )
    # Hover per edge only while edges are few: plotly's "closest" hover prefers a small
    # marker a few pixels off over a big node right under the mouse, so a dense cloud of
    # midpoints would answer for the nodes (every labelled one, with 200 actors).
    if mid["x"] and not dense:
        fig.add_trace(
            go.Scatter(
                x=mid["x"],
                y=mid["y"],
                mode="markers",
                marker={"size": 8, "color": "rgba(0,0,0,0)"},
                customdata=mid["custom"],
                hovertemplate=(
                    "%{customdata[0]} — %{customdata[1]}<br>%{customdata[2]} contact(s)"
                    "<br>first %{customdata[3]}, last %{customdata[4]}<extra></extra>"
                ),
                showlegend=False,
                name="edges",
            )
        )

    # nodes, one trace per colour group so that the legend names the groups
    nodes = list(g.nodes)
    group_of = {n: str(g.nodes[n].get(colour_by) or "unknown") for n in nodes}
    colours = _groups([(group_of[n], size_by.get(n, 0.0)) for n in nodes])
    top_score = max(size_by.values(), default=0) or 1
    shown = labels if len(nodes) <= SPRING_LIMIT else min(labels, 14)
    labelled = set(sorted(nodes, key=lambda n: (-size_by.get(n, 0), n))[:shown])
    traces: dict[str, dict[str, list[Any]]] = {}
    for n in nodes:
        colour = colours[group_of[n]]
        key = group_of[n] if colour != OTHER_COLOUR else "other"
        cols = traces.setdefault(key, {"x": [], "y": [], "size": [], "text": [], "custom": []})
        data = g.nodes[n]
        x, y = pos[n]
        cols["x"].append(x)
        cols["y"].append(y)
        cols["size"].append(10 + 34 * (size_by.get(n, 0) / top_score))
        cols["text"].append(esc(data.get("label", n)) if n in labelled else "")
        cols["custom"].append(
            [
                esc(data.get("label", n)),
                esc(data.get("kind", "")),
                esc(data.get("country") or "-"),
                int(data.get("events", 0)),
                int(g.degree(n, weight="weight")),
                int(g.degree(n)),
                esc(data.get("last") or "-"),
                round(size_by.get(n, 0.0), 4),
            ]
        )
    for key in sorted(traces, key=lambda k: (k == "other", -len(traces[k]["x"]), k)):
        cols = traces[key]
        fig.add_trace(
            go.Scatter(
                x=cols["x"],
                y=cols["y"],
                mode="markers+text",
                name=esc(key),
                text=cols["text"],
                textposition="top center",
                textfont={"size": 11},
                marker={
                    "size": cols["size"],
                    "color": OTHER_COLOUR if key == "other" else colours[key],
                    "line": {"width": 1, "color": "#333"},
                },
                customdata=cols["custom"],
                hovertemplate=(
                    "<b>%{customdata[0]}</b> (%{customdata[1]}, %{customdata[2]})<br>"
                    "%{customdata[3]} event(s), %{customdata[4]} contact(s) with "
                    "%{customdata[5]} counterpart(s)<br>last contact %{customdata[6]}<br>"
                    f"{esc(size_label)} %{{customdata[7]}}<extra></extra>"
                ),
            )
        )
    fig.update_layout(
        title={
            "text": f"{esc(title)}<br><sup>{g.number_of_nodes()} actors · "
            f"{g.number_of_edges()} pairs in contact · size: {esc(size_label)} · "
            f"colour: {esc(colour_by)}</sup>"
        },
        template="plotly_white",
        height=760 if g.number_of_nodes() > 60 else 620,
        showlegend=True,
        legend={"title": {"text": esc(colour_by)}, "itemsizing": "constant"},
        xaxis={"visible": False},
        yaxis={"visible": False, "scaleanchor": "x"},
        margin={"l": 20, "r": 20, "t": 90, "b": 20},
        hovermode="closest",
    )
    return fig


def dyad_figure(dyad: Dyad) -> go.Figure:
    """The pair's events on a time axis (one row per event type) over a monthly count bar."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    fig = make_subplots(
        rows=2, cols=1, shared_xaxes=True, row_heights=[0.62, 0.38], vertical_spacing=0.08
    )
    entries = dyad.timeline.entries
    # One row per event type (first seen at the top); events of one type and day are
    # spread apart so that none hides another.
    rows = list(dict.fromkeys(e.type for e in entries))
    row_of = {t: len(rows) - 1 - i for i, t in enumerate(rows)}
    offsets, _ = spread([(e.type, e.day_first) for e in entries])
    by_type: dict[str, dict[str, list[Any]]] = {}
    for e, offset in zip(entries, offsets, strict=True):
        cols = by_type.setdefault(e.type, {"x": [], "y": [], "custom": []})
        cols["x"].append(e.day_first)
        cols["y"].append(round(row_of[e.type] + offset, 4))
        cols["custom"].append(
            [esc(e.when), esc(e.type.replace("_", " ")), wrap(e.summary, 80, 300), e.cameo or "-"]
        )
    for etype, cols in by_type.items():
        symbol, colour = STYLE.get(etype, ("circle", "#333333"))
        fig.add_trace(
            go.Scatter(
                x=cols["x"],
                y=cols["y"],
                mode="markers",
                name=esc(etype.replace("_", " ")),
                marker={"symbol": symbol, "color": colour, "size": 12},
                customdata=cols["custom"],
                hovertemplate=(
                    "<b>%{customdata[0]}</b> · %{customdata[1]}<br>%{customdata[2]}"
                    "<br>CAMEO %{customdata[3]}<extra></extra>"
                ),
            ),
            row=1,
            col=1,
        )
    months = sorted(dyad.months)
    fig.add_trace(
        go.Bar(
            x=[f"{m}-15" for m in months],  # mid-month, a month wide
            y=[dyad.months[m] for m in months],
            width=[26 * 86_400_000] * len(months),
            name="events per month",
            marker={"color": "#4c78a8"},
            customdata=months,
            hovertemplate="%{customdata}: %{y} event(s)<extra></extra>",
        ),
        row=2,
        col=1,
    )
    if months:
        first, last = months[0], months[-1]
        fig.update_xaxes(range=month_range(first, last))
    mean = (
        f"mean Goldstein {dyad.mean_goldstein:+.2f} over {dyad.coded} coded contact(s)"
        if dyad.mean_goldstein is not None
        else "no CAMEO codes"
    )
    fig.update_layout(
        title={
            "text": f"{esc(dyad.a)} and {esc(dyad.b)}<br><sup>{len(dyad.timeline.entries)}"
            f" event(s) together · {esc(mean)}</sup>"
        },
        template="plotly_white",
        height=560,
        bargap=0.2,
        margin={"l": 150, "r": 30, "t": 90, "b": 50},
    )
    fig.update_yaxes(
        tickmode="array",
        tickvals=[row_of[t] for t in rows],
        ticktext=[esc(t.replace("_", " ")) for t in rows],
        range=[-0.6, len(rows) - 0.4],
        zeroline=False,
        row=1,
        col=1,
    )
    fig.update_xaxes(type="date", row=2, col=1, title={"text": "month"})
    fig.update_yaxes(title={"text": "events"}, row=2, col=1, rangemode="tozero")
    return fig


def activity_figure(
    names: Sequence[str], months: Sequence[str], counts: Sequence[Sequence[int]], *, title: str
) -> go.Figure:
    """Actors x months, each cell the number of events (written in the cell)."""
    import plotly.graph_objects as go

    fig = go.Figure(
        go.Heatmap(
            z=[list(row) for row in counts],
            x=list(months),
            y=[esc(n) for n in names],
            colorscale="Blues",
            texttemplate="%{z}",
            hovertemplate="%{y}, %{x}: %{z} event(s)<extra></extra>",
            colorbar={"title": {"text": "events"}},
            xgap=1,
            ygap=1,
        )
    )
    fig.update_layout(
        title={"text": esc(title)},
        template="plotly_white",
        height=max(320, 120 + 26 * len(names)),
        margin={"l": 220, "r": 30, "t": 70, "b": 60},
        xaxis={"type": "category", "title": {"text": "month"}},
        yaxis={"autorange": "reversed", "automargin": True},
    )
    return fig


def month_range(first: str, last: str) -> list[str]:
    """An axis range from a month before ``first`` (``YYYY-MM``) to the start of the second
    month after ``last``, held within 0001-01-01 and 9999-12-31."""

    def index(month: str) -> int:
        return int(month[:4]) * 12 + int(month[5:7]) - 1

    low, high = index(first) - 1, index(last) + 2
    start = "0001-01-01" if low < 12 else f"{low // 12:04d}-{low % 12 + 1:02d}-01"
    end = "9999-12-31" if high >= 10000 * 12 else f"{high // 12:04d}-{high % 12 + 1:02d}-01"
    return [start, end]
