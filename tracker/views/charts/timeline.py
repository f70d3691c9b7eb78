"""The timeline chart: one lane per counterpart (or speaker), one marker per event type,
hover with the details; above ``AGGREGATE_THRESHOLD`` events, bins (``bins``). A pure
function returning a plotly ``Figure``; writing HTML is ``html``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from tracker.domain.markup import esc
from tracker.queries.events import Entry
from tracker.services.analysis import Timeline
from tracker.views.charts.bins import ADJECTIVE, add_bins, bin_events, bins_note, shifted
from tracker.views.charts.style import STYLE, spread, wrap

if TYPE_CHECKING:
    import plotly.graph_objects as go

NO_COUNTERPART = "(no counterpart)"
GL_THRESHOLD = 1500  # above this many points, draw with WebGL
MAX_LANES = 25  # above this many counterparts, the least frequent share one lane
# Above this many events a timeline is drawn as bins (one marker per lane and period).
# Measured in headless Chromium on two cores, the best of a few runs (plotly.js alone,
# 4 events, takes 2.9 s): one marker per event took 3.2 s for 783 events, 4.9 s for
# 1,000, 5.2 s for 2,000 and 8.7 s for 20,000; bins 3.3 to 3.7 s for 2,000 to 40,000.
AGGREGATE_THRESHOLD = 1000


def lanes_of(entry: Entry, actor_ids: Sequence[str]) -> list[str]:
    """The lanes an event is drawn in: its counterparts (for a statement, its speaker)."""
    others = entry.counterparts(actor_ids)
    if entry.category == "statement":
        speakers = [p for p in entry.participants if p.role == "speaker"]
        if not any(p.actor_id in actor_ids for p in speakers):
            others = speakers
    return [p.name for p in others] or [NO_COUNTERPART]


def actor_lanes(entry: Entry, timeline: Timeline) -> list[str]:
    """For a timeline of several actors: the lanes of the asked actors taking part."""
    ids = {p.actor_id for p in entry.participants}
    return [
        label
        for (_, label), group in zip(timeline.actors, timeline.groups, strict=True)
        if ids & set(group)
    ]


def _x(entry: Entry) -> str:
    return entry.day_first


def _source_text(entry: Entry) -> str:
    parts = []
    for s in entry.sources:
        label = " · ".join(str(v) for v in (s.get("outlet"), s.get("published")) if v)
        url = s.get("url") or ""
        parts.append(f"{label} {url}".strip())
    return "; ".join(parts)


def _placements(timeline: Timeline) -> tuple[list[str], list[tuple[str, Entry]], bool]:
    """The lanes top to bottom, each (lane, event) to draw, and whether lanes are actors."""
    ids = timeline.actor_ids
    per_actor = len(timeline.actors) > 1 and len(timeline.groups) == len(timeline.actors)
    lane_order: list[str] = [label for _, label in timeline.actors] if per_actor else []
    points: list[tuple[str, Entry]] = []
    for entry in timeline.entries:
        for lane in actor_lanes(entry, timeline) if per_actor else lanes_of(entry, ids):
            if lane not in lane_order:
                lane_order.append(lane)
            points.append((lane, entry))
    if not per_actor and len(lane_order) > MAX_LANES:
        # The busiest counterparts keep their lanes; the rest share one, each event once.
        counts: dict[str, int] = {}
        for lane, _ in points:
            counts[lane] = counts.get(lane, 0) + 1
        keep = set(sorted(lane_order, key=lambda lane: (-counts[lane], lane))[: MAX_LANES - 1])
        rest = f"{len(lane_order) - len(keep)} other counterparts"
        lane_order = [lane for lane in lane_order if lane in keep] + [rest]
        merged: list[tuple[str, Entry]] = []
        in_rest: set[str] = set()
        for lane, entry in points:
            if lane in keep:
                merged.append((lane, entry))
            elif entry.id not in in_rest:
                in_rest.add(entry.id)
                merged.append((rest, entry))
        points = merged
    return lane_order, points, per_actor


def timeline_figure(timeline: Timeline, *, aggregate_above: int | None = None) -> go.Figure:
    """One lane per counterpart, one marker style per event type, hover with the details.

    Above ``aggregate_above`` events (default ``AGGREGATE_THRESHOLD``) each marker is a
    bin instead: the events of one lane in one day, week, month, quarter or year.
    """
    import plotly.graph_objects as go

    limit = AGGREGATE_THRESHOLD if aggregate_above is None else aggregate_above
    entries = timeline.entries
    lane_order, points, per_actor = _placements(timeline)
    # Lanes are numbered from the top.
    position = {lane: len(lane_order) - 1 - i for i, lane in enumerate(lane_order)}
    lane_kind = "actor" if per_actor else "counterpart"
    fig = go.Figure()
    note = ""
    if len(entries) > limit:
        unit, bins = bin_events(points)
        add_bins(fig, unit, bins, position)
        lane_px = 48
        summary = f"{len(entries):,} events shown as {len(bins):,} {ADJECTIVE[unit]} bins"
        note = bins_note(len(entries), len(points), unit, bins, limit)
    else:
        crowd = _add_events(fig, points, position)
        lane_px = max(48, 24 * crowd)  # lanes grow with the busiest lane-day
        summary = f"{len(entries)} events"
    lanes = [esc(lane) for lane in lane_order]
    fig.update_layout(
        title={"text": f"{_title(timeline)}<br><sup>{summary} · one lane per {lane_kind}</sup>"},
        template="plotly_white",
        height=max(360, 150 + lane_px * len(lanes)),
        margin={"l": 180, "r": 30, "t": 90, "b": 60},
        hoverlabel={"align": "left"},
        showlegend=bool(entries),
        legend={"title": {"text": "event type"}},
        xaxis={"title": {"text": "date"}, "type": "date"},
        yaxis={
            "title": {"text": lane_kind if per_actor else "counterpart (or speaker)"},
            "tickmode": "array",
            "tickvals": [position[lane] for lane in lane_order],
            "ticktext": lanes,
            "range": [-0.6, len(lanes) - 0.4],
            "zeroline": False,
            "automargin": True,
        },
    )
    if note:
        # Said above the plot in plain words: these are bins, and how to see each event.
        fig.update_layout(
            margin={"t": 160},
            height=fig.layout.height + 70,
            # the legend explains colour and shape, not the size of each trace's first bin
            legend={"title": {"text": "most common type"}, "itemsizing": "constant"},
        )
        fig.add_annotation(
            text=note,
            xref="paper",
            yref="paper",
            x=0,
            y=1.01,
            xanchor="left",
            yanchor="bottom",
            align="left",
            showarrow=False,
            font={"size": 12, "color": "#444"},
        )
    days = sorted({e.day_first for e in entries} | {e.day_last for e in entries if e.day_last})
    if days:
        first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
        if (last - first).days < 7:
            # A few days: room either side, and one tick a day rather than hours.
            fig.update_xaxes(
                range=[shifted(first, -3).isoformat(), shifted(last, 3).isoformat()],
                dtick=86_400_000,
                tickformat="%b %d\n%Y",
            )
        else:
            padded = padded_range(first, last)
            if padded is None and any(e.day_last > e.day_first for e in entries):
                # plotly pads its range for markers, not for a bar's end: pad it here
                pad = max(1, (last - first).days // 30)
                padded = [shifted(first, -pad).isoformat(), shifted(last, pad).isoformat()]
            if padded is not None:
                fig.update_xaxes(range=padded)
    return fig


def padded_range(first: date, last: date) -> list[str] | None:
    """An explicit x range for dates near the ends of the calendar, else None (plotly's
    own range). plotly.js pads its automatic range by a share of the span; past
    9999-12-31 it gives up and shows an empty default axis, so near an end the padding
    is ours, held within 0001-01-01 and 9999-12-31."""
    pad = max(3, (last - first).days // 10)
    if (first - date.min).days > 2 * pad and (date.max - last).days > 2 * pad:
        return None
    return [shifted(first, -pad).isoformat(), shifted(last, pad).isoformat()]


def _title(timeline: Timeline) -> str:
    entries = timeline.entries
    who = ", ".join(name for _, name in timeline.actors)
    if not entries:
        span = "no events"
    else:  # from the first start to the last end (an event may span days)
        latest = max(entries, key=lambda e: e.day_last or e.day_first)
        first, last = entries[0].start, latest.end or latest.when
        span = first if first == last else f"{first} to {last}"
    window = ""
    if timeline.start or timeline.end:
        window = f" (window {timeline.start or '…'} to {timeline.end or '…'})"
    as_of = f", as recorded by {timeline.as_of:%Y-%m-%d %H:%M} UTC" if timeline.as_of else ""
    return f"Timeline of {esc(who)}: {esc(span)}{esc(window)}{esc(as_of)}"


def _add_events(fig: go.Figure, points: list[tuple[str, Entry]], position: dict[str, int]) -> int:
    """One marker per (lane, event), a trace per event type; the busiest lane-day's size."""
    import plotly.graph_objects as go

    # Events of one lane and day are spread apart vertically so that none hides another.
    offsets, crowd = spread([(lane, entry.day_first) for lane, entry in points])
    # Big charts carry shorter hover text, so that 20,000 events stay a file of a few MB.
    big = len(points) > GL_THRESHOLD
    summary_limit, other_limit = (100, 80) if big else (600, 400)
    by_type: dict[str, dict[str, list[Any]]] = {}
    spans: dict[str, tuple[list[Any], list[Any]]] = {}  # by type: x and y of the bars
    for (lane, entry), offset in zip(points, offsets, strict=True):
        cols = by_type.setdefault(entry.type, {"x": [], "y": [], "custom": []})
        cols["x"].append(_x(entry))
        cols["y"].append(round(position[lane] + offset, 4))
        if entry.day_last > entry.day_first:  # an event that spans days: a bar to its end
            xs, ys = spans.setdefault(entry.type, ([], []))
            xs += [entry.day_first, entry.day_last, None]
            ys += [cols["y"][-1], cols["y"][-1], None]
        participants = ", ".join(f"{p.name} ({p.role})" for p in entry.participants)
        cols["custom"].append(
            [
                esc(entry.when),
                esc(entry.type.replace("_", " ")),
                wrap(participants, 90, other_limit),
                wrap(entry.summary, 80, summary_limit),
                wrap(_source_text(entry), 90, other_limit),
                entry.id,
                esc(lane),
            ]
        )
    total = sum(len(c["x"]) for c in by_type.values())
    trace = go.Scattergl if total > GL_THRESHOLD else go.Scatter
    for etype, (xs, ys) in spans.items():  # under the markers, one trace a type
        colour = STYLE.get(etype, ("circle", "#333333"))[1]
        fig.add_trace(
            trace(
                x=xs, y=ys, mode="lines", line={"color": colour, "width": 7}, opacity=0.45,
                name=esc(f"{etype.replace('_', ' ')} (span)"), showlegend=False,
                hoverinfo="skip", legendgroup=esc(etype.replace("_", " ")),
            )
        )  # fmt: skip
    for etype, cols in by_type.items():
        symbol, colour = STYLE.get(etype, ("circle", "#333333"))
        fig.add_trace(
            trace(
                x=cols["x"],
                y=cols["y"],
                mode="markers",
                name=esc(etype.replace("_", " ")),
                legendgroup=esc(etype.replace("_", " ")),
                marker={
                    "symbol": symbol,
                    "color": colour,
                    "size": 13,
                    # outlines cost WebGL much time on big charts; small ones keep them
                    "line": {"width": 0 if big else 1, "color": "#222"},
                },
                customdata=cols["custom"],
                hovertemplate=(
                    "<b>%{customdata[0]}</b> · %{customdata[1]}<br>"
                    "%{customdata[2]}<br><br>%{customdata[3]}<br><br>"
                    "<i>Source: %{customdata[4]}</i><extra></extra>"
                ),
            )
        )
    return crowd
