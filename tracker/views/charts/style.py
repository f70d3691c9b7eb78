"""What every chart shares: a marker per event type, wrapped hover text, points of one
lane and day spread apart. Every string from the log is escaped (``esc``) before plotly
sees it: plotly applies its own mini-markup (``<b>``, ``<a href>``, ``<span style>``) in
hover text, ticks and titles. Data goes into ``customdata`` and the hover template only
references it, so a literal ``%{x}`` in a summary stays literal.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from tracker.domain.markup import esc

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


def wrap(text: str, width: int = 80, limit: int = 600) -> str:
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return "<br>".join(esc(line) for line in textwrap.wrap(text, width) or [""])


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
