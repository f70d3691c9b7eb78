"""Which events a question is about: one ``EventFilter`` for the timeline, the exports, the
graph and the report, built once from the command line's options (``tracker.cli.options``)
or from a library caller's keywords.

>>> from datetime import date
>>> f = EventFilter.of(["Blinken"], start=date(2021, 8, 1), types=["phone-call"])
>>> f.actors, f.start, f.event_types()
(('Blinken',), datetime.date(2021, 8, 1), ('phone_call',))
>>> EventFilter.of(f, with_actors=["Wang Yi"]).with_actors
('Wang Yi',)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, TypedDict

from tracker.domain.errors import ValidationError


class WindowFields(TypedDict, total=False):
    """The keywords of a window of time (those of ``Tracker.contact_graph`` and the rest)."""

    start: date | None
    end: date | None
    as_of: datetime | None


class QueryFields(WindowFields, total=False):
    """The keywords of a timeline's question beside its actors (``Tracker.timeline``)."""

    with_actors: Sequence[str]
    types: Sequence[str]
    limit: int | None
    latest: bool
    members: bool
    tags: Sequence[str]
    starred: bool


class FilterFields(QueryFields, total=False):
    """The keywords ``EventFilter.of`` takes."""

    actors: Sequence[str]


_TUPLES = ("actors", "with_actors", "types", "tags")
_FIELDS = frozenset(FilterFields.__annotations__)
_VIEW_ORDER = (
    "actors", "with_actors", "start", "end", "types", "tags", "starred", "as_of", "limit",
    "members",
)  # fmt: skip


@dataclass(frozen=True)
class EventFilter:
    """Events of any of ``actors`` (names, aliases, ids or offices; none: every actor), each
    group of ``with_actors`` taking part too, whose dates overlap [``start``, ``end``], of
    ``types``, as the log stood at ``as_of``; at most ``limit`` (the earliest, or with
    ``latest`` the latest, still in time order); ``members`` widens each actor to
    everything affiliated with it. ``tags``: events carrying every one of these tags;
    ``starred``: starred events only (annotations, ``tracker tag`` and ``star``)."""

    actors: tuple[str, ...] = ()
    with_actors: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    types: tuple[str, ...] = ()
    as_of: datetime | None = None
    limit: int | None = None
    latest: bool = False
    members: bool = False
    tags: tuple[str, ...] = ()
    starred: bool = False

    @classmethod
    def of(cls, actors: Sequence[str] | EventFilter = (), /, **fields: Any) -> EventFilter:
        """A filter of ``actors`` (or a copy of a filter) with ``fields`` changed."""
        base = actors if isinstance(actors, EventFilter) else cls(actors=tuple(actors))
        unknown = set(fields) - _FIELDS
        if unknown:
            raise TypeError(f"unknown filter field(s): {', '.join(sorted(unknown))}")
        changes: dict[str, Any] = {
            k: tuple(v) if k in _TUPLES and v is not None else v for k, v in fields.items()
        }
        return replace(base, **changes)

    def to_view(self) -> dict[str, Any]:
        """The filter as a saved view holds it (JSON: dates as ISO text), without its
        empty fields.

        >>> EventFilter(("Blinken",), start=date(2021, 8, 1)).to_view()
        {'actors': ['Blinken'], 'start': '2021-08-01'}
        """
        out: dict[str, Any] = {}
        for name in _VIEW_ORDER:
            value = getattr(self, name)
            if value in ((), None, False):
                continue
            if isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, date | datetime):
                value = value.isoformat()
            out[name] = value
        return out

    @classmethod
    def from_view(cls, fields: dict[str, Any]) -> EventFilter:
        """A filter from a saved view's fields (``to_view``)."""
        from tracker.domain.dates import parse_moment, parse_window_end, parse_window_start

        values: dict[str, Any] = {k: v for k, v in fields.items() if k in _FIELDS}
        if values.get("start"):
            values["start"] = parse_window_start(values["start"])
        if values.get("end"):
            values["end"] = parse_window_end(values["end"])
        if values.get("as_of"):
            values["as_of"] = parse_moment(values["as_of"])
        return cls.of(**values)

    def over(self, base: EventFilter) -> EventFilter:
        """This filter laid over ``base`` (a saved view): each field set here replaces
        the view's; the rest are the view's.

        >>> view = EventFilter(("Blinken",), types=("phone_call",))
        >>> EventFilter(start=date(2021, 8, 1)).over(view).actors
        ('Blinken',)
        """
        changes = {
            name: getattr(self, name)
            for name in _VIEW_ORDER
            if getattr(self, name) not in ((), None, False)
        }
        return replace(base, **changes)

    def event_types(self) -> tuple[str, ...]:
        """``types`` checked and in their one spelling (``phone-call`` -> ``phone_call``)."""
        # here, not above: the command line builds a filter before any command runs, and the
        # event classes (about 20 ms to load) are needed only once types are checked
        from tracker.domain.events.occurrences import check_event_type

        return tuple(check_event_type(t) for t in self.types)

    def check_window(self) -> None:
        """A window that ends before it starts is a mistake, not an empty answer."""
        if self.start and self.end and self.start > self.end:
            raise ValidationError(f"--from {self.start} is after --to {self.end}")
