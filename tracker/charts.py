"""Charts: pure functions that return a plotly ``Figure``; writing HTML is separate.

Every string from the log (names, summaries, sources) is escaped with
``html.escape(s, quote=False)`` before plotly sees it, because plotly applies its own
mini-markup (``<b>``, ``<a href>``, ``<span style>``) in hover text, ticks and titles.
Data goes into ``customdata`` and the hover template only references it, so a literal
``%{x}`` in a summary stays literal.
"""

from __future__ import annotations

import functools
import hashlib
import os
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.domain.markup import esc

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from tracker.log.outputs import Outputs
    from tracker.queries.events import Entry
    from tracker.services.analysis import Timeline

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
# Above this many events a timeline is drawn as bins (one marker per lane and period).
# Measured in headless Chromium on two cores, the best of a few runs (plotly.js alone,
# 4 events, takes 2.9 s): one marker per event took 3.2 s for 783 events, 4.9 s for
# 1,000, 5.2 s for 2,000 and 8.7 s for 20,000; bins 3.3 to 3.7 s for 2,000 to 40,000.
AGGREGATE_THRESHOLD = 1000
MAX_PERIODS = 150  # bins: the finest period with at most this many across the dates ...
MAX_BINS = 3000  # ... and at most this many bins (lane and period) in all
PERIODS = ("day", "week", "month", "quarter", "year")
_ADJECTIVE = {
    "day": "daily",
    "week": "weekly",
    "month": "monthly",
    "quarter": "quarterly",
    "year": "yearly",
}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip


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
        _add_bins(fig, unit, bins, position)
        lane_px = 48
        summary = f"{len(entries):,} events shown as {len(bins):,} {_ADJECTIVE[unit]} bins"
        note = _bins_note(len(entries), len(points), unit, bins, limit)
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
    days = sorted({e.day_first for e in entries})
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
    elif entries[0].when == entries[-1].when:
        span = entries[0].when
    else:
        span = f"{entries[0].when} to {entries[-1].when}"
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
    return crowd


# --------------------------------------------------------------------------- bins


@dataclass(frozen=True)
class Bin:
    """The events of one lane in one period (from ``start`` to ``end``, both included)."""

    lane: str
    start: date
    end: date
    entries: tuple[Entry, ...]

    def by_type(self) -> list[tuple[str, int]]:
        """(type, events) for each type in the bin, the most common first (ties: by name)."""
        counts: dict[str, int] = {}
        for entry in self.entries:
            counts[entry.type] = counts.get(entry.type, 0) + 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def shifted(day: date, days: int) -> date:
    """``day`` moved by ``days``, held within the dates a log can hold (0001-01-01 to
    9999-12-31): a chart's padding or a period's end never overflows."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.min if days < 0 else date.max


def period_start(day: date, unit: str) -> date:
    """The first day of the day, week (from Monday), month, quarter or year holding ``day``."""
    if unit == "day":
        return day
    if unit == "week":
        return shifted(day, -day.weekday())
    if unit == "month":
        return day.replace(day=1)
    if unit == "quarter":
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return date(day.year, 1, 1)


def period_end(start: date, unit: str) -> date:
    """The last day of the period that begins on ``start``."""
    if unit == "day":
        return start
    if unit == "week":
        return shifted(start, 6)
    if unit == "year":
        return date(start.year, 12, 31)
    months = 3 if unit == "quarter" else 1
    year, month = divmod(start.month - 1 + months, 12)
    if start.year + year > date.max.year:
        return date.max
    return date(start.year + year, month + 1, 1) - timedelta(days=1)


def period_label(start: date, unit: str) -> str:
    """``2021-08-16``, ``week 2021-08-16 to 2021-08-22``, ``August 2021``, ``2021 Q3
    (July to September)`` or ``2021``."""
    if unit == "day":
        return start.isoformat()
    if unit == "week":
        return f"week {start.isoformat()} to {period_end(start, unit).isoformat()}"
    if unit == "month":
        return f"{_MONTHS[start.month - 1]} {start.year}"
    if unit == "quarter":
        months = f"{_MONTHS[start.month - 1]} to {_MONTHS[start.month + 1]}"
        return f"{start.year} Q{(start.month + 2) // 3} ({months})"
    return str(start.year)


def _periods_spanned(first: date, last: date, unit: str) -> int:
    if unit == "day":
        return (last - first).days + 1
    if unit == "week":
        return (period_start(last, unit) - period_start(first, unit)).days // 7 + 1
    if unit == "year":
        return last.year - first.year + 1
    months = (last.year - first.year) * 12 + last.month - first.month
    if unit == "month":
        return months + 1
    return (last.year - first.year) * 4 + (last.month - 1) // 3 - (first.month - 1) // 3 + 1


def bin_events(points: Sequence[tuple[str, Entry]]) -> tuple[str, list[Bin]]:
    """The events of each lane grouped by period, and that period.

    The period is the finest of day, week, month, quarter and year that has at most
    ``MAX_PERIODS`` periods across the dates and at most ``MAX_BINS`` non-empty bins (else
    the year). Each (lane, event) falls in exactly one bin: a lane's bin counts add up to
    its events. Bins are in the order of their first event.
    """
    parsed: dict[str, date] = {}
    days = [parsed.get(e.day_first) or parsed.setdefault(e.day_first, _day(e)) for _, e in points]
    unit = PERIODS[-1]
    if days:
        first, last = min(days), max(days)
        for candidate in PERIODS:
            if _periods_spanned(first, last, candidate) > MAX_PERIODS:
                continue
            keys = {
                (lane, period_start(d, candidate))
                for (lane, _), d in zip(points, days, strict=True)
            }
            if len(keys) <= MAX_BINS:
                unit = candidate
                break
    grouped: dict[tuple[str, date], list[Entry]] = {}
    for (lane, entry), day in zip(points, days, strict=True):
        grouped.setdefault((lane, period_start(day, unit)), []).append(entry)
    bins = [
        Bin(lane, start, period_end(start, unit), tuple(found))
        for (lane, start), found in grouped.items()
    ]
    return unit, bins


def _day(entry: Entry) -> date:
    return date.fromisoformat(entry.day_first)


def _clip(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters (cut before escaping), escaped."""
    line = " ".join(str(text).split())
    if len(line) > limit:
        line = line[: limit - 1] + "…"
    return esc(line)


def _add_bins(fig: go.Figure, unit: str, bins: Sequence[Bin], position: dict[str, int]) -> None:
    """One marker per bin, its area the number of events, a trace per most common type."""
    import plotly.graph_objects as go

    largest = max((len(b.entries) for b in bins), default=1)
    starts = [b.start for b in bins]
    spanned = _periods_spanned(min(starts), max(starts), unit) if starts else 1
    # The biggest marker: wide where periods are few, never wider than a lane.
    biggest_px = max(16.0, min(40.0, 3000 / spanned))
    totals: dict[str, int] = {}
    for b in bins:
        for etype, n in b.by_type():
            totals[etype] = totals.get(etype, 0) + n
    by_dominant: dict[str, list[Bin]] = {}
    for b in sorted(bins, key=lambda b: (-position[b.lane], b.start)):
        by_dominant.setdefault(b.by_type()[0][0], []).append(b)
    for etype in sorted(by_dominant, key=lambda t: (-totals[t], t)):
        symbol, colour = STYLE.get(etype, ("circle", "#333333"))
        group = by_dominant[etype]
        fig.add_trace(
            go.Scatter(
                x=[_middle(b) for b in group],
                y=[position[b.lane] for b in group],
                mode="markers",
                name=esc(etype.replace("_", " ")),
                marker={
                    # bubbles: filled shapes, area for the count
                    "symbol": symbol.removesuffix("-open"),
                    "color": colour,
                    "opacity": 0.75,
                    "size": [len(b.entries) for b in group],
                    "sizemode": "area",
                    "sizeref": 2 * largest / biggest_px**2,
                    "sizemin": 3,
                    "line": {"width": 0.5, "color": "#222"},
                },
                customdata=[_bin_hover(b, unit) for b in group],
                hovertemplate=(
                    "<b>%{customdata[0]}</b> · %{customdata[6]}<br>"
                    "%{customdata[1]}<br><br>%{customdata[2]}%{customdata[3]}<extra></extra>"
                ),
            )
        )


def _middle(b: Bin) -> str:
    """The middle of the bin's period, where its marker sits."""
    if b.start == b.end:
        return b.start.isoformat()
    half = (b.end - b.start + timedelta(days=1)) / 2
    middle = datetime.combine(b.start, datetime.min.time()) + half
    return middle.strftime("%Y-%m-%d %H:%M") if middle.hour else middle.date().isoformat()


def _bin_hover(b: Bin, unit: str, shown: int = 3) -> list[Any]:
    """The hover columns of a bin: period, counts, its first events, how to see the rest,
    the count, the period as ``start/end``, and the lane (column 6, as for events)."""
    count = len(b.entries)
    # "55 events: 16 meeting, 13 phone call, ...", lines broken between types only
    head = f"{count} event{'s' if count != 1 else ''}"
    rows: list[list[str]] = [[]]
    width = len(head) + 2
    for etype, n in b.by_type():
        item = f"{n} {etype.replace('_', ' ')}"
        if rows[-1] and width + len(item) > 90:
            rows.append([])
            width = 0
        rows[-1].append(esc(item))
        width += len(item) + 2
    counts = f"<b>{head}</b>: " + ",<br>".join(", ".join(row) for row in rows)
    lines = [
        f"{esc(e.when)} · {esc(e.type.replace('_', ' '))}: {_clip(e.summary, 70)}"
        for e in b.entries[:shown]
    ]
    more = ""
    if count > shown:
        more = (
            f"<br><i>… and {count - shown} more: to list them, narrow the dates with"
            f" --from {b.start.isoformat()} --to {b.end.isoformat()}</i>"
        )
    return [
        period_label(b.start, unit),
        counts,
        "<br>".join(lines),
        more,
        count,
        f"{b.start.isoformat()}/{b.end.isoformat()}",
        esc(b.lane),
    ]


def _bins_note(events: int, placed: int, unit: str, bins: Sequence[Bin], limit: int) -> str:
    largest = max((len(b.entries) for b in bins), default=0)
    several = " An event in several lanes counts once in each." if placed != events else ""
    return (
        f"More than {limit:,} events, so each marker is the events of one lane in one {unit}:"
        f" its area is their number (largest: {largest:,}).<br>"
        f"Colour and shape show the most common type.{several}<br>"
        "Hover a marker for its counts by type and first events."
        f" To see each event, narrow the dates (--from, --to) to {limit:,} events or fewer."
    )


def write_html(
    fig: go.Figure,
    path: str | os.PathLike[str],
    *,
    plotlyjs: bool | str = True,
    outputs: Outputs | None = None,
    what: str = "chart ",
) -> Path:
    """Write a chart that works offline over ``file://``, whole or not at all
    (``tracker.outputs``: never over the log or its files).

    ``plotlyjs=True`` embeds plotly.js (one self-contained file); ``"directory"`` puts
    one ``plotly.min.js`` beside the page, shared by every chart in that folder (checked
    against the one plotly ships, and rewritten if it differs).
    """
    from tracker.log.outputs import Outputs, write_text

    target = Path(path)
    page = fig.to_html(
        include_plotlyjs=plotlyjs,
        full_html=True,
        config={"displaylogo": False, "responsive": True},
    )
    if plotlyjs == "directory":  # first, so that no page points at a missing bundle
        (outputs or Outputs.default()).check(target, what=what)
        ensure_plotlyjs(target.parent, outputs=outputs)
    write_text(target, page, outputs=outputs, what=what)
    return target


@functools.cache
def _plotlyjs() -> tuple[bytes, str]:
    """The plotly.min.js that plotly ships, and its sha256."""
    import pkgutil

    data = pkgutil.get_data("plotly", "package_data/plotly.min.js")
    assert data is not None
    return data, hashlib.sha256(data).hexdigest()


def ensure_plotlyjs(folder: str | os.PathLike[str], *, outputs: Outputs | None = None) -> Path:
    """``folder/plotly.min.js``, written unless it is already plotly's own (same size and
    sha256): a truncated or foreign copy would leave every chart of the folder blank."""
    from tracker.log.outputs import write_bytes

    data, digest = _plotlyjs()
    path = Path(folder) / "plotly.min.js"
    try:
        if path.stat().st_size == len(data):
            with path.open("rb") as f:
                if hashlib.file_digest(f, "sha256").hexdigest() == digest:
                    return path
    except OSError:
        pass  # missing or unreadable: written below
    return write_bytes(path, data, outputs=outputs, what="chart ")
