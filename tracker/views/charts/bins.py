"""A big timeline in bins: the events of one lane in one day, week, month, quarter or
year (the finest with at most ``MAX_PERIODS`` periods across the dates, and at most
``MAX_BINS`` bins), each marker's area their number, its colour and shape their most
common type, its hover the counts by type and the first three events.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from tracker.domain.markup import esc
from tracker.queries.events import Entry
from tracker.views.charts.style import STYLE

if TYPE_CHECKING:
    import plotly.graph_objects as go

MAX_PERIODS = 150  # bins: the finest period with at most this many across the dates ...
MAX_BINS = 3000  # ... and at most this many bins (lane and period) in all
PERIODS = ("day", "week", "month", "quarter", "year")
ADJECTIVE = {
    "day": "daily",
    "week": "weekly",
    "month": "monthly",
    "quarter": "quarterly",
    "year": "yearly",
}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip


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


def periods_spanned(first: date, last: date, unit: str) -> int:
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
            if periods_spanned(first, last, candidate) > MAX_PERIODS:
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


def add_bins(fig: go.Figure, unit: str, bins: Sequence[Bin], position: dict[str, int]) -> None:
    """One marker per bin, its area the number of events, a trace per most common type."""
    import plotly.graph_objects as go

    largest = max((len(b.entries) for b in bins), default=1)
    starts = [b.start for b in bins]
    spanned = periods_spanned(min(starts), max(starts), unit) if starts else 1
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


def bins_note(events: int, placed: int, unit: str, bins: Sequence[Bin], limit: int) -> str:
    largest = max((len(b.entries) for b in bins), default=0)
    several = " An event in several lanes counts once in each." if placed != events else ""
    return (
        f"More than {limit:,} events, so each marker is the events of one lane in one {unit}:"
        f" its area is their number (largest: {largest:,}).<br>"
        f"Colour and shape show the most common type.{several}<br>"
        "Hover a marker for its counts by type and first events."
        f" To see each event, narrow the dates (--from, --to) to {limit:,} events or fewer."
    )
