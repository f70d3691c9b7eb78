"""When things happened, with the precision that was known.

An event date is written as the analyst knew it: ``2021`` (a year), ``2021-08`` (a month),
``2021-08-16`` (a day) or ``2021-08-16T14:30+04:30`` (a date-time, which must carry a
zone). An event may span days: its date is then an ISO 8601 interval ``START/END`` of
two such dates (``2021-03-15/2021-03-17``; the end may leave out what it shares with the
start, ``2021-03-15/17``, and is kept written out in full). The text is kept as written
(normalised); the read model adds the first and last day it covers so that sorting and
date windows work across precisions.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from tracker.domain.errors import ValidationError

# re.ASCII: \d would also match other scripts' digits ("２０２１"), kept as written in the log.
_YEAR = re.compile(r"^(\d{4})$", re.ASCII)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII)
_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$", re.ASCII
)


@dataclass(frozen=True, slots=True)
class EventDate:
    """A date of known precision. ``first`` and ``last`` are the days it covers."""

    text: str
    precision: str
    first: date
    last: date
    utc: datetime | None = None  # only for date-times (an interval's: its start's)
    end: EventDate | None = None  # an interval's end (``text`` is then ``START/END``)

    def __str__(self) -> str:
        return self.text

    @property
    def start(self) -> EventDate:
        """The date the event began: itself, or an interval's start."""
        if self.end is None:
            return self
        return _single(self.text.partition("/")[0])

    @property
    def end_text(self) -> str | None:
        """An interval's end as written in full (``2021-03-17``), None for a single date."""
        return None if self.end is None else self.end.text


def _check_year(year: int, original: str) -> None:
    if not 1 <= year <= 9999:
        raise ValidationError(f"bad date {original!r}: year out of range")


def parse_event_date(text: str) -> EventDate:
    """Parse a single date (no interval), keeping its precision.

    >>> parse_event_date("2021-08").precision
    'month'
    """
    if "/" in text:
        raise ValidationError(f"bad date {text!r}: one date is wanted here, not an interval")
    return _single(text)


def parse_event_when(text: str) -> EventDate:
    """An event's date: a single date, or an ISO 8601 interval ``START/END``.

    The end may leave out the leading parts it shares with the start (``2021-03-15/17``,
    ``2021-03-15T10:00Z/12:30``), and a date-time end without a zone takes the start's;
    it is kept written out in full. An interval whose end is its start is that date.

    >>> d = parse_event_when("2021-03-15/17")
    >>> d.text, d.first.isoformat(), d.last.isoformat()
    ('2021-03-15/2021-03-17', '2021-03-15', '2021-03-17')
    """
    if "/" not in text:
        return _single(text)
    head, _, tail = text.strip().partition("/")
    if "/" in tail:  # 16/08/2021
        raise ValidationError(
            f"bad date {text!r}: expected YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM+ZONE,"
            " or an interval START/END"
        )
    if not head.strip() or not tail.strip():
        raise ValidationError(
            f"bad date {text!r}: an interval is START/END, e.g. 2021-03-15/2021-03-17"
        )
    start = _part(head, text, "start")
    end = _part(_full_end(start, tail.strip(), text), text, "end")
    if end.text == start.text:
        return start
    if start.utc is not None and end.utc is not None:
        backwards = end.utc < start.utc
    else:
        backwards = end.first < start.first or end.last < start.last
    if backwards:
        raise ValidationError(f"bad date {text!r}: the interval ends before it starts")
    return EventDate(
        f"{start.text}/{end.text}", start.precision, start.first, end.last, start.utc, end
    )


def _part(part: str, text: str, which: str) -> EventDate:
    """One side of an interval; a bad one is named as such, in the whole text."""
    try:
        return _single(part)
    except ValidationError as exc:
        shown = part.strip()
        raise ValidationError(
            exc.message.replace(repr(part), f"{text!r} ({which} {shown})", 1)
        ) from None


_ZONE = re.compile(r"(Z|[+-]\d{2}:?\d{2})$", re.ASCII)
_FULL = re.compile(r"^\d{4}(-|$)", re.ASCII)
_SHORT_DAY = re.compile(r"^(\d{2}-)?\d{2}$", re.ASCII)  # the end's DD or MM-DD
_CLOCK = re.compile(r"^\d{2}:\d{2}", re.ASCII)


def _full_end(start: EventDate, end: str, original: str) -> str:
    """An interval's end written out in full: the leading parts it leaves out are the
    start's (ISO 8601), and so is the zone of a date-time end that has none."""
    if not _FULL.match(end):
        day, t, clock = end.partition("T")
        if start.precision == "minute" and not t and _CLOCK.match(end):  # HH:MM
            end = start.text.partition("T")[0] + "T" + end
        elif start.precision == "minute" and _SHORT_DAY.match(day) and clock:  # DDTHH:MM
            end = start.text[: 10 - len(day)] + day + "T" + clock
        elif start.precision == "day" and not t and _SHORT_DAY.match(end):  # DD, MM-DD
            end = start.text[: 10 - len(end)] + end
        elif start.precision == "month" and re.fullmatch(r"\d{2}", end, re.ASCII):  # MM
            end = start.text[:5] + end
        else:
            raise ValidationError(
                f"bad date {original!r}: the end {end!r} is no date, nor the last parts of one"
            )
    if ("T" in end or " " in end) and not _ZONE.search(end) and start.utc is not None:
        zone = _ZONE.search(start.text)
        end += zone.group(1) if zone else ""
    return end


def _single(text: str) -> EventDate:
    original = text
    text = text.strip()
    if not text:
        raise ValidationError("bad date '': a date is required (YYYY, YYYY-MM, YYYY-MM-DD)")
    try:
        if m := _YEAR.match(text):
            year = int(m.group(1))
            _check_year(year, original)
            return EventDate(text, "year", date(year, 1, 1), date(year, 12, 31))
        if m := _MONTH.match(text):
            year, month = int(m.group(1)), int(m.group(2))
            _check_year(year, original)
            last = calendar.monthrange(year, month)[1]
            return EventDate(text, "month", date(year, month, 1), date(year, month, last))
        if m := _DAY.match(text):
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return EventDate(text, "day", day, day)
        if _DATETIME.match(text):
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                raise ValidationError(
                    f"bad date {original!r}: a date-time needs a zone, e.g. {text}Z or {text}+02:00"
                )
            normal = moment.isoformat(timespec="minutes" if moment.second == 0 else "seconds")
            if moment.microsecond:
                normal = moment.isoformat()
            local_day = moment.date()
            return EventDate(normal, "minute", local_day, local_day, moment.astimezone(UTC))
    except (ValueError, OverflowError) as exc:  # OverflowError: 0001-01-01T00:00+01:00 in UTC
        raise ValidationError(f"bad date {original!r}: {exc}") from None
    raise ValidationError(
        f"bad date {original!r}: expected YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM+ZONE"
    )


def parse_window_start(text: str) -> date:
    """``--from``: the first day of what the user typed (``2021-08`` -> 2021-08-01)."""
    return parse_event_date(text).first


def parse_window_end(text: str) -> date:
    """``--to``: the last day of what the user typed (``2021-08`` -> 2021-08-31)."""
    return parse_event_date(text).last


def parse_moment(text: str) -> datetime:
    """``--as-of``: a date-time (no zone means UTC), or a day, month or year (its last instant, UTC)."""
    raw = text.strip()
    if _DAY.match(raw) or _MONTH.match(raw) or _YEAR.match(raw):
        last = parse_event_date(raw).last
        # the day's last instant (adding a day and stepping back overflowed on 9999-12-31)
        return datetime.combine(last, time.max, tzinfo=UTC)
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):  # OverflowError: 0001-01-01T00:00+01:00
        raise ValidationError(
            f"bad date-time {text!r}: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+ZONE]"
        ) from None


def utc_now() -> datetime:
    return datetime.now(UTC)


def format_utc(moment: datetime) -> str:
    """The log's form of a UTC instant: ``2021-08-16T14:30:00.123456Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
