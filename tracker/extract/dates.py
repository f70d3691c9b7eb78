"""Date words in text, and what they mean against a reference day.

Absolute dates ("December 27, 2017", "27 December", "2021-08-16", "03/27/2024"), months
("in March 2021"), and relative ones ("today", "this morning", "yesterday", "the day
before", "on Monday", "last week", "last month") resolved as a careful reader would: a
weekday in a report of the past is the latest such day on or before the reference; a month
and day without a year is the one nearest the reference. The reference is the
publication date, or, in reported speech, the day of the speech.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_MONTH = (
    r"(?P<month>(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
_MONTH2 = _MONTH.replace("?P<month>", "?P<month2>")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"
# "on the evening of February 3", "in the early hours of 4 May": the day's part is the day's
_PART_OF = re.compile(
    r"(?:the\s+)?(?:(?:early|late)\s+)?(?:morning|afternoon|evening|night|hours)\s+of\s+$", re.I
)

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("us", re.compile(r"\b(?P<mon>[01]?\d)/(?P<day>[0-3]?\d)/(?P<year>(?:19|20)\d\d)\b")),
    (
        "mdy",
        re.compile(
            rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}\b(?:\s*(?:-|–|to|and)\s*(?P<day_end>[0-3]?\d)\b)?(?:,?\s+{_YEAR}\b)?"
        ),
    ),
    (
        "dmy",
        re.compile(
            rf"\b(?:{_WEEKDAY},?\s+)?{_DAY}(?:\s*(?:-|–)\s*(?P<day_end>[0-3]?\d))?\s+(?:of\s+)?{_MONTH}\b(?:,?\s+{_YEAR}\b)?"
        ),
    ),
    (
        "month",
        re.compile(
            rf"\b(?:in|during|since|of|early|late|mid-?)\s+{_MONTH}(?:\s+{_YEAR})?\b(?!\s+\d)"
        ),
    ),
    # "they last met in 2019": the year alone ("since 2012" dates no contact)
    ("year", re.compile(rf"\b(?:in|during|early|late|mid-?)\s+{_YEAR}\b(?!\s*[-–/]\s*\d)")),
    (
        "relative",
        re.compile(
            r"\b(?P<rel>the day before yesterday|earlier today|later today|today|tonight"
            r"|this (?:morning|afternoon|evening)|yesterday(?:\s+(?:morning|afternoon|evening))?|last night|overnight"
            r"|tomorrow|the day before|the previous day|the next day|the following day"
            r"|last week|earlier this week|this week|next week|last month|earlier this month"
            r"|this month|next month|last year|next year)\b",
            re.I,
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"\b(?P<prefix>(?:on|earlier|late|last|this|next|early|since)\s+)?{_WEEKDAY}{_PART}\b",
        ),
    ),
]


@dataclass(frozen=True)
class DateWords:
    start: int  # offsets within the sentence
    end: int
    text: str
    kind: str  # iso, us, mdy, dmy, month, relative, weekday
    groups: dict[str, str | None]

    @property
    def relative(self) -> bool:
        return self.kind in ("relative", "weekday") or (
            self.kind in ("mdy", "dmy", "month") and not self.groups.get("year")
        )

    @property
    def speech_relative(self) -> bool:
        """Words that count from another moment of the text, not from publication."""
        rel = (self.groups.get("rel") or "").lower()
        return rel in ("the day before", "the previous day", "the next day", "the following day")


def find(text: str) -> list[DateWords]:
    """Date words in a sentence, longest first where they overlap, in text order."""
    found: list[DateWords] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            a, b = m.span()
            if any(a < y and x < b for x, y in taken):
                continue
            if kind == "dmy" and not _month_ok(m.group("month")):
                continue
            # "May" the month, not the verb: it needs a day or a year with it
            if kind == "month" and m.group("month").rstrip(".") == "May" and not m.group("year"):
                continue
            if kind in ("mdy", "dmy"):
                part = _PART_OF.search(text, max(0, a - 32), a)
                a = part.start() if part is not None else a
            taken.append((a, b))
            found.append(DateWords(a, b, text[a:b], kind, m.groupdict()))
    found.sort(key=lambda d: d.start)
    return found


def _month_ok(word: str | None) -> bool:
    return bool(word) and (word or "").rstrip(".").lower() in _MONTHS


@dataclass(frozen=True)
class Resolved:
    text: str  # YYYY-MM-DD or YYYY-MM (or YYYY)
    first: date
    last: date
    end_text: str | None = None  # the last day of a range ("May 3-5")


def _day(d: date) -> Resolved:
    return Resolved(d.isoformat(), d, d)


def _month_of(year: int, month: int) -> Resolved:
    first = date(year, month, 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return Resolved(f"{year:04d}-{month:02d}", first, nxt - timedelta(days=1))


def _week(monday: date) -> Resolved:
    """A week as the month it falls in (by its working days)."""
    days = [monday + timedelta(days=i) for i in range(5)]
    months: dict[tuple[int, int], int] = {}
    for d in days:
        months[(d.year, d.month)] = months.get((d.year, d.month), 0) + 1
    (year, month), _ = max(months.items(), key=lambda kv: kv[1])
    month_range = _month_of(year, month)
    return Resolved(month_range.text, monday, monday + timedelta(days=6))


def _nearest_year(month: int, day: int, ref: date) -> date | None:
    best = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((candidate - ref).days) < abs((best - ref).days):
            best = candidate
    return best


def resolve(words: DateWords, ref: date, *, future: bool = False) -> Resolved | None:
    """What ``words`` mean against the day ``ref``; None when they do not name a day or month."""
    g = words.groups
    try:
        if words.kind in ("iso", "us"):
            return _day(date(int(g["year"] or 0), int(g["mon"] or 0), int(g["day"] or 0)))
        if words.kind in ("mdy", "dmy"):
            month = _MONTHS[(g["month"] or "").rstrip(".").lower()]
            day = int(g["day"] or 0)
            if g.get("year"):
                found: date | None = date(int(g["year"] or 0), month, day)
            else:
                found = _nearest_year(month, day, ref)
            if found is None:
                return None
            out = _day(found)
            if g.get("day_end"):
                end_day = int(g["day_end"] or 0)
                if end_day > day:
                    out = Resolved(
                        out.text,
                        found,
                        found.replace(day=end_day),
                        found.replace(day=end_day).isoformat(),
                    )
            return out
        if words.kind == "month":
            month = _MONTHS[(g["month"] or "").rstrip(".").lower()]
            year = int(g["year"] or 0) if g.get("year") else ref.year
            if not g.get("year") and month > ref.month and not future:
                year -= 1  # "in November", written in March, of a past event
            return _month_of(year, month)
    except (ValueError, KeyError):
        return None
    if words.kind == "year":
        year = int(g["year"] or 0)
        return Resolved(str(year), date(year, 1, 1), date(year, 12, 31))
    if words.kind == "weekday":
        target = _WEEKDAYS.index((g["weekday"] or "").lower())
        prefix = (g.get("prefix") or "").strip().lower()
        if prefix == "next" or (future and prefix != "last"):
            delta = (target - ref.weekday()) % 7
            return _day(ref + timedelta(days=delta or (7 if prefix == "next" else 0)))
        delta = (ref.weekday() - target) % 7
        if prefix == "last" and delta == 0:
            delta = 7
        return _day(ref - timedelta(days=delta))
    rel = (g.get("rel") or "").lower()
    if rel in ("today", "tonight", "earlier today", "later today", "overnight") or rel.startswith(
        "this "
    ):
        if rel in ("this week",):
            return _week(ref - timedelta(days=ref.weekday()))
        if rel == "this month":
            return _month_of(ref.year, ref.month)
        return _day(ref)
    if rel.startswith("yesterday") or rel in ("the day before", "the previous day", "last night"):
        return _day(ref - timedelta(days=1))
    if rel == "the day before yesterday":
        return _day(ref - timedelta(days=2))
    if rel in ("tomorrow", "the next day", "the following day"):
        return _day(ref + timedelta(days=1))
    if rel == "last week":
        return _week(ref - timedelta(days=ref.weekday() + 7))
    if rel == "earlier this week":
        return _week(ref - timedelta(days=ref.weekday()))
    if rel == "next week":
        return _week(ref - timedelta(days=ref.weekday() - 7))
    if rel in ("last month",):
        prev = ref.replace(day=1) - timedelta(days=1)
        return _month_of(prev.year, prev.month)
    if rel == "earlier this month":
        return _month_of(ref.year, ref.month)
    if rel == "next month":
        nxt = ref.replace(day=28) + timedelta(days=7)
        return _month_of(nxt.year, nxt.month)
    if rel == "last year":
        return Resolved(str(ref.year - 1), date(ref.year - 1, 1, 1), date(ref.year - 1, 12, 31))
    if rel == "next year":
        return Resolved(str(ref.year + 1), date(ref.year + 1, 1, 1), date(ref.year + 1, 12, 31))
    return None


FUTURE_WORDS = frozenset({"tomorrow", "next week", "next month", "next year"})

_FULL_DATE = re.compile(
    rf"^(?:\(?[A-Z][\w.]*\)?\s*-\s*)?(?:[A-Z][a-z]+,\s+)?(?:{_WEEKDAY},?\s+)?"
    rf"(?:{_MONTH}\s+{_DAY},?\s+{_YEAR}|(?P<dd>[0-3]?\d)\s+{_MONTH2}\s+(?P<dy>(?:19|20)\d\d)"
    r"|(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)"
    r"|(?P<um>[01]?\d)/(?P<ud>[0-3]?\d)/(?P<uy>(?:19|20)\d\d))"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?(?:\s+[A-Z]{2,4})?)?\s*$"
)


def dateline(line: str) -> str | None:
    """The ISO date of a line that is only a date ("December 27, 2017", "03/27/2024").

    >>> dateline("August 16, 2021"), dateline("Blinken spoke with Wang Yi.")
    ('2021-08-16', None)
    """
    if len(line) > 60:
        return None
    m = _FULL_DATE.match(line.strip())
    if m is None:
        return None
    g = m.groupdict()
    try:
        if g.get("iy"):
            return date(int(g["iy"]), int(g["im"]), int(g["id"])).isoformat()
        if g.get("uy"):
            return date(int(g["uy"]), int(g["um"]), int(g["ud"])).isoformat()
        if g.get("dy"):
            month = _MONTHS[(g["month2"] or "").rstrip(".").lower()]
            return date(int(g["dy"]), month, int(g["dd"])).isoformat()
        month = _MONTHS[(g["month"] or "").rstrip(".").lower()]
        return date(int(g["year"]), month, int(g["day"])).isoformat()
    except (ValueError, KeyError, TypeError):
        return None


# a wire story's lead: "NEW DELHI, Sept 27 (ANI):", "MOSCOW, 14 July (TASS) -", "MOSCOW, June 4. /TASS/.",
# "Liverpool, England, Dec. 11 (Jiji Press)--", "Islamabad, Sep 7 (PTI) The ..."
_WIRE_LEAD = re.compile(
    r"^(?:[A-Z][A-Z .'’-]{2,40}|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?:,\s+[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?),\s+"
    r"(?:(?P<month>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2})|(?P<day2>\d{1,2})\s+(?P<month2>[A-Z][a-z]{2,8})\.?)"
    r"(?:,?\s+(?P<year>\d{4}))?(?:\s*\([^)]{1,40}\)\s*(?:[:—–]|--?)?|\s*(?:[:—–]|--?)|\.\s+/[A-Z]{2,8}/\.)\s?(?=\S)"
)


def wire_dateline(line: str, ref: date) -> tuple[date, int] | None:
    """The day of a wire story's lead, its year the latest not after ``ref`` (weekdays in the
    story count from it, not from the publication day), and where the lead ends."""
    m = _WIRE_LEAD.match(line)
    if m is None:
        return None
    month = _MONTHS.get((m.group("month") or m.group("month2")).lower())
    day = int(m.group("day") or m.group("day2"))
    year = int(m.group("year")) if m.group("year") else ref.year
    try:
        found = date(year, month, day) if month else None
        if found is not None and not m.group("year") and found > ref:
            found = date(year - 1, month, day)  # type: ignore[arg-type]
    except ValueError:
        return None
    return (found, m.end()) if found is not None else None
