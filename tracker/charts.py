"""Charts: pure functions that return a plotly ``Figure``; writing HTML is separate.

Every string from the log (names, summaries, sources) is escaped with
``html.escape(s, quote=False)`` before plotly sees it, because plotly applies its own
mini-markup (``<b>``, ``<a href>``, ``<span style>``) in hover text, ticks and titles.
Data goes into ``customdata`` and the hover template only references it, so a literal
``%{x}`` in a summary stays literal.
"""

from __future__ import annotations

import html
import os
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import LogIOError

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from .api import Timeline
    from .queries import Entry

# One marker per event type, readable in colour and in grey.
STYLE: dict[str, tuple[str, str]] = {
    "phone_call": ("circle", "#1f77b4"),
    "video_call": ("circle-open", "#17becf"),
    "meeting": ("square", "#2ca02c"),
    "visit": ("triangle-up", "#9467bd"),
    "letter": ("diamond-open", "#8c564b"),
    "message": ("diamond", "#bcbd22"),
    "negotiation_round": ("hexagon", "#e377c2"),
    "summit": ("star", "#d62728"),
    "multilateral_meeting": ("square-open", "#7f7f7f"),
    "statement": ("x", "#ff7f0e"),
    "development": ("triangle-down", "#555555"),
}
NO_COUNTERPART = "(no counterpart)"
GL_THRESHOLD = 1500  # above this many points, draw with WebGL
MAX_LANES = 25  # above this many counterparts, the least frequent share one lane


def esc(text: object) -> str:
    """Untrusted text as plotly should show it: literally."""
    return html.escape(str(text), quote=False)


def _wrap(text: str, width: int = 80, limit: int = 600) -> str:
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return "<br>".join(esc(line) for line in textwrap.wrap(text, width) or [""])


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


def spread(keys: Sequence[Any]) -> tuple[list[float], int]:
    """A vertical offset for each point, so that points with the same key (lane and day)
    sit apart, first at the top, within 0.35 of the lane; and the largest group's size."""
    counts: dict[Any, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    seen: dict[Any, int] = {}
    offsets = []
    for key in keys:
        k, n = seen.get(key, 0), counts[key]
        seen[key] = k + 1
        offsets.append(0.0 if n == 1 else (0.5 - k / (n - 1)) * min(0.7, 0.18 * (n - 1)))
    return offsets, max(counts.values(), default=1)


def _x(entry: Entry) -> str:
    return entry.day_first


def _source_text(entry: Entry) -> str:
    parts = []
    for s in entry.sources:
        label = " · ".join(str(v) for v in (s.get("outlet"), s.get("published")) if v)
        url = s.get("url") or ""
        parts.append(f"{label} {url}".strip())
    return "; ".join(parts)


def timeline_figure(timeline: Timeline) -> go.Figure:
    """One lane per counterpart, one marker style per event type, hover with the details."""
    import plotly.graph_objects as go

    ids = timeline.actor_ids
    who = ", ".join(name for _, name in timeline.actors)
    entries = timeline.entries
    per_actor = len(timeline.actors) > 1 and len(timeline.groups) == len(timeline.actors)
    lane_order: list[str] = [label for _, label in timeline.actors] if per_actor else []
    points: list[tuple[str, Entry]] = []
    for entry in entries:
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
    # Lanes are numbered from the top; events of one lane and day are spread apart
    # vertically so that none hides another.
    position = {lane: len(lane_order) - 1 - i for i, lane in enumerate(lane_order)}
    offsets, crowd = spread([(lane, entry.day_first) for lane, entry in points])
    # Big charts carry shorter hover text, so that 20,000 events stay a file of a few MB.
    big = len(points) > GL_THRESHOLD
    summary_limit, other_limit = (100, 80) if big else (600, 400)
    by_type: dict[str, dict[str, list[Any]]] = {}
    for (lane, entry), offset in zip(points, offsets, strict=True):
        cols = by_type.setdefault(entry.type, {"x": [], "y": [], "custom": []})
        cols["x"].append(_x(entry))
        cols["y"].append(round(position[lane] + offset, 4))
        participants = ", ".join(f"{p.name} ({p.role})" for p in entry.participants)
        cols["custom"].append(
            [
                esc(entry.when),
                esc(entry.type.replace("_", " ")),
                _wrap(participants, 90, other_limit),
                _wrap(entry.summary, 80, summary_limit),
                _wrap(_source_text(entry), 90, other_limit),
                entry.id,
                esc(lane),
            ]
        )
    total = sum(len(c["x"]) for c in by_type.values())
    trace = go.Scattergl if total > GL_THRESHOLD else go.Scatter
    fig = go.Figure()
    for etype, cols in by_type.items():
        symbol, colour = STYLE.get(etype, ("circle", "#333333"))
        fig.add_trace(
            trace(
                x=cols["x"],
                y=cols["y"],
                mode="markers",
                name=esc(etype.replace("_", " ")),
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
    if not entries:
        span = "no events"
    elif entries[0].when == entries[-1].when:
        span = entries[0].when
    else:
        span = f"{entries[0].when} to {entries[-1].when}"
    window = ""
    if timeline.start or timeline.end:
        window = f" (window {timeline.start or '…'} to {timeline.end or '…'})"
    as_of = f", as recorded by {timeline.as_of:%Y-%m-%d %H:%M} UTC" if timeline.as_of else ""
    lane_kind = "actor" if per_actor else "counterpart"
    title = f"Timeline of {esc(who)}: {esc(span)}{esc(window)}{esc(as_of)}"
    lanes = [esc(lane) for lane in lane_order]
    fig.update_layout(
        title={"text": f"{title}<br><sup>{len(entries)} events · one lane per {lane_kind}</sup>"},
        template="plotly_white",
        height=max(360, 150 + max(48, 24 * crowd) * len(lanes)),
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
    days = sorted({e.day_first for e in entries})
    if days:
        from datetime import date, timedelta

        first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
        if (last - first).days < 7:
            # A few days: room either side, and one tick a day rather than hours.
            fig.update_xaxes(
                range=[
                    (first - timedelta(days=3)).isoformat(),
                    (last + timedelta(days=3)).isoformat(),
                ],
                dtick=86_400_000,
                tickformat="%b %d\n%Y",
            )
    return fig


def write_html(
    fig: go.Figure, path: str | os.PathLike[str], *, plotlyjs: bool | str = True
) -> Path:
    """Write a chart that works offline over ``file://``.

    ``plotlyjs=True`` embeds plotly.js (one self-contained file); ``"directory"`` puts
    one ``plotly.min.js`` beside the page, shared by every chart in that folder.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fig.write_html(
            str(target),
            include_plotlyjs=plotlyjs,
            full_html=True,
            config={"displaylogo": False, "responsive": True},
        )
    except OSError as exc:
        raise LogIOError(f"cannot write chart {target}: {exc.strerror or exc}") from None
    return target
