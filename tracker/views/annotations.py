"""Annotations and saved views as text and JSON: the lines ``show`` adds for an event's
tags, star and notes, and the list of saved views (their filters as the options that
would make them)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson

from tracker.domain.markup import safe
from tracker.queries.annotations import Annotations, SavedView
from tracker.views.tables import table

# the options of each field of a saved view, in the order they are shown
_OPTIONS = (
    ("actors", "--actor"), ("with_actors", "--with"), ("start", "--from"), ("end", "--to"),
    ("types", "--type"), ("tags", "--tag"), ("starred", "--starred"), ("as_of", "--as-of"),
    ("limit", "--limit"), ("members", "--members"),
)  # fmt: skip


def annotation_lines(notes: Annotations | None) -> list[str]:
    """The lines ``show`` adds (in its ``name:   value`` layout); none without annotations."""
    if notes is None:
        return []
    lines = []
    if notes.starred:
        lines.append("starred:      yes")
    if notes.tags:
        lines.append("tags:         " + ", ".join(notes.tags))
    for n in notes.notes:
        lines.append(f"note:         {n.text} ({n.recorded_by}, {n.recorded_at})")
    return [safe(line) for line in lines]


def _quoted(value: str) -> str:
    return value if value and all(ch.isalnum() or ch in "-_.:+" for ch in value) else repr(value)


def filter_options(filters: dict[str, Any]) -> str:
    """A view's filters as command-line options.

    >>> filter_options({"actors": ["Antony Blinken"], "start": "2021-08-01", "starred": True})
    "--actor 'Antony Blinken' --from 2021-08-01 --starred"
    """
    parts: list[str] = []
    for field, option in _OPTIONS:
        value = filters.get(field)
        if value in (None, [], False):
            continue
        if value is True:
            parts.append(option)
        elif isinstance(value, list):
            parts.extend(f"{option} {_quoted(str(v))}" for v in value)
        else:
            parts.append(f"{option} {_quoted(str(value))}")
    return " ".join(parts)


def views_table(views: Sequence[SavedView]) -> str:
    if not views:
        return "No saved views (tracker view save NAME --actor ...)"
    rows = [[v.name, filter_options(v.filters), v.recorded_by, v.recorded_at] for v in views]
    return table(["VIEW", "FILTERS", "SAVED BY", "SAVED (UTC)"], rows, wrap={1: 70})


def view_text(view: SavedView) -> str:
    return safe(
        f"view:     {view.name}\nfilters:  {filter_options(view.filters)}\n"
        f"saved:    {view.recorded_at} by {view.recorded_by}"
    )


def views_json(views: Sequence[SavedView]) -> str:
    data = [
        {"name": v.name, "filters": v.filters, "saved_at": v.recorded_at, "saved_by": v.recorded_by}
        for v in views
    ]
    return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8")
