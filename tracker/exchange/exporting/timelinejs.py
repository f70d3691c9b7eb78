"""timelinejs: Knight Lab TimelineJS JSON: ``title``, ``events[]`` with ``start_date``
({year, month, day}, as precise as the event's date; a date-time adds hour and minute and
a readable ``display_date``, "August 16, 2021, 14:30 (UTC+04:30)", in the style TimelineJS
writes a day), ``end_date`` for a span of days, ``text`` {headline, text}, ``group``, ``media`` and ``unique_id``.

The group (one row of the timeline): with --actor, the one counterpart of the actors
asked about; an event with several counterparts goes in the group "Several counterparts"
(a meeting of six is one row, not a label listing six names), one with none in "(no
counterpart)". Without --actor, the event type.

``media`` {url, credit} is set only for real media: an http(s) image (``.jpg``, ``.jpeg``,
``.png``, ``.gif``, ``.webp``) or a YouTube or Vimeo video. TimelineJS guesses what to
embed from the URL (it embeds a URL containing "iframe" as HTML, and draws a news
article's page as a broken image), so an article is never media: every source is an
escaped http(s) link in the slide's text. All text is HTML-escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from tracker.domain.dates import EventDate, parse_event_date, parse_event_when
from tracker.domain.markup import source_label
from tracker.exchange.exporting.selection import ExportResult, Selection
from tracker.log.outputs import Outputs, write_bytes
from tracker.queries.events import Entry

_CLOCK = re.compile(r"T(\d{2}):(\d{2})")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
SEVERAL = "Several counterparts"
NONE = "(no counterpart)"


def _date(parsed: EventDate) -> dict[str, int]:
    """A TimelineJS date object of a single date, to its precision."""
    day = parsed.first
    out = {"year": day.year}
    if parsed.precision != "year":
        out["month"] = day.month
    if parsed.precision not in ("year", "month"):
        out["day"] = day.day
    return out


def _dates(e: Entry) -> tuple[dict[str, int], dict[str, int] | None, str | None]:
    """(start_date, end_date or None, display_date or None) of an event: an interval's
    start and end; a date-time's clock and a readable display date."""
    parsed = parse_event_when(e.when)
    first = parsed.start
    start = _date(first)
    end = _date(parse_event_date(e.end)) if e.end is not None else None
    display = None
    clock = _CLOCK.search(first.text)
    if clock is not None:
        day = first.first
        start["hour"], start["minute"] = int(clock.group(1)), int(clock.group(2))
        zone = first.text[clock.end() :].lstrip(":0123456789.")
        zone = "UTC" if zone in ("Z", "+00:00") else f"UTC{zone}" if zone else ""
        display = (
            f"{MONTHS[day.month - 1]} {day.day}, {day.year}, {clock.group(1)}:{clock.group(2)}"
        )
        display += f" ({zone})" if zone else ""
    return start, end, display


def _label(event_type: str) -> str:
    return event_type.replace("_", " ").capitalize()


# TimelineJS3 picks how to show ``media.url`` from the URL itself: anything containing
# "iframe" or "blockquote" is embedded as HTML, and an article's page is drawn as a broken
# image. Only an http(s) image or YouTube/Vimeo URL of plain characters (nothing to
# escape: no quote, no ``<`` or space) goes there; every source is a link in the text.
_MEDIA_URL = re.compile(
    r"https?://[a-z0-9.-]+(?::[0-9]{1,5})?/[a-z0-9._~%/+-]*\.(?:jpe?g|png|gif|webp)"
    r"|https?://(?:www\.|m\.)?youtube\.com/watch\?v=[a-z0-9_-]{6,20}"
    r"|https?://youtu\.be/[a-z0-9_-]{6,20}"
    r"|https?://(?:www\.)?vimeo\.com/[0-9]{3,12}",
    re.I,
)
_EMBEDS = ("iframe", "blockquote", "<", ">", '"', "'")
_LINK_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f]+", re.I)


def is_media_url(url: object) -> bool:
    """Whether ``url`` is real media for TimelineJS's ``media.url``: an http(s) image or a
    YouTube or Vimeo video.

    >>> [is_media_url(u) for u in ("https://example.org/a.png", "https://youtu.be/dQw4w9WgXcQ",
    ...  "https://example.org/story.html", "https://example.org/iframe/x.png")]
    [True, True, False, False]
    """
    if not isinstance(url, str) or not _MEDIA_URL.fullmatch(url):
        return False
    return not any(word in url.lower() for word in _EMBEDS)


def _sources_html(sources: Sequence[dict[str, Any]]) -> str:
    """The sources as a paragraph of links (http(s) only), every part escaped."""
    items = []
    for source in sources:
        url = source.get("url")
        label = html.escape(source_label(source) or str(url or "source"))
        if source.get("published"):
            label += f" ({html.escape(str(source['published']))})"
        if isinstance(url, str) and _LINK_URL.fullmatch(url):
            items.append(f'<a href="{html.escape(url, quote=True)}">{label}</a>')
        else:
            items.append(label)
    return f"<p>Source: {'; '.join(items)}</p>" if items else ""


def timelinejs(selection: Selection) -> dict[str, Any]:
    """The TimelineJS document of a selection."""
    esc = html.escape
    slides = []
    for e in selection.entries:
        if selection.actor_ids:
            others = {p.actor_id: p.name for p in e.counterparts(selection.actor_ids)}
            group = (
                NONE if not others else SEVERAL if len(others) > 1 else next(iter(others.values()))
            )
        else:
            group = _label(e.type)
        names = ", ".join(p.name for p in e.participants)
        parts = "; ".join(f"{p.name} ({p.role})" for p in e.participants)
        text = f"<p>{esc(e.summary)}</p><p>{esc(parts)}</p>"
        if e.location:
            text += f"<p>{esc(e.location)}</p>"
        text += _sources_html(e.sources)
        start, end, display = _dates(e)
        slide: dict[str, Any] = {
            "unique_id": e.id,
            "start_date": start,
            "text": {"headline": esc(f"{_label(e.type)}: {names}"), "text": text},
            "group": esc(group),
        }
        if end is not None:
            slide["end_date"] = end
        if display is not None:
            slide["display_date"] = esc(display)
        media = next((s for s in e.sources if is_media_url(s.get("url"))), None)
        if media is not None:
            slide["media"] = {"url": media["url"], "credit": esc(source_label(media))}
        slides.append(slide)
    subtitle = f"{len(slides)} event(s)"
    if slides:
        subtitle += f", {selection.entries[0].when} to {selection.entries[-1].when}"
    return {
        "title": {"text": {"headline": esc(selection.title), "text": esc(subtitle)}},
        "events": slides,
        "scale": "human",
    }


def export_timelinejs(
    selection: Selection, path: Path, outputs: Outputs | None = None
) -> ExportResult:
    doc = timelinejs(selection)
    write_bytes(path, orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n", outputs=outputs)
    return ExportResult(path, len(selection.entries), len(doc["events"]))
