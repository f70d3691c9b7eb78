"""When things happened, with the precision that was known.

An event date is written as the analyst knew it: ``2021`` (a year), ``2021-08`` (a month),
``2021-08-16`` (a day) or ``2021-08-16T14:30+04:30`` (a date-time, which must carry a
zone). The text is kept as written (normalised); the read model adds the first and last
day it covers so that sorting and date windows work across precisions.
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
    utc: datetime | None = None  # only for date-times

    def __str__(self) -> str:
        return self.text


def _check_year(year: int, original: str) -> None:
    if not 1 <= year <= 9999:
        raise ValidationError(f"bad date {original!r}: year out of range")


def parse_event_date(text: str) -> EventDate:
    """Parse an event date, keeping its precision.

    >>> parse_event_date("2021-08").precision
    'month'
    """
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
