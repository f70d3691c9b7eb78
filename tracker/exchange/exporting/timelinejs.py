"""timelinejs: Knight Lab TimelineJS JSON: ``title``, ``events[]`` with ``start_date``
({year, month, day}, as precise as the event's date), ``text`` {headline, text},
``group`` (the counterpart(s) of the actors asked about; without --actor the event type;
with ``--group-by tag`` the event's tags), its tags (★ if starred) and notes in the text,
``media`` {url, credit} only for a source that is an http(s) image (TimelineJS embeds a
URL containing "iframe" and draws an article's page as a broken image), ``unique_id``.
Every source is a link (http(s) only) in the slide's text. Text is HTML-escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from tracker.domain.dates import parse_event_date
from tracker.domain.markup import source_label
from tracker.exchange.exporting.selection import ExportResult, Selection
from tracker.log.outputs import Outputs, write_bytes
from tracker.queries.events import Entry


def _start_date(e: Entry) -> dict[str, int]:
    parsed = parse_event_date(e.when)
    day = parsed.first
    out = {"year": day.year}
    if parsed.precision != "year":
        out["month"] = day.month
    if parsed.precision not in ("year", "month"):
        out["day"] = day.day
    return out


def _label(event_type: str) -> str:
    return event_type.replace("_", " ").capitalize()


# TimelineJS3 picks how to show ``media.url`` from the URL itself: anything containing
# "iframe" or "blockquote" is embedded as HTML, and an article's page is drawn as a broken
# image. Only an http(s) image URL of plain characters (nothing to escape: no quote, no
# ``<``, ``&`` or space) goes there; every source is a link in the slide's text instead.
_MEDIA_URL = re.compile(
    r"https?://[a-z0-9.-]+(?::[0-9]{1,5})?/[a-z0-9._~%/+-]*\.(?:jpe?g|png|gif|webp)", re.I
)
_EMBEDS = ("iframe", "blockquote", "<", ">", '"', "'")
_LINK_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f]+", re.I)


def is_media_url(url: object) -> bool:
    """Whether ``url`` is real media for TimelineJS's ``media.url``: an http(s) image."""
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


def _group(selection: Selection, e: Entry) -> str:
    """The slide's group: its counterparts (with actors asked about), its type (without),
    or its tags (``group_by="tag"``; TimelineJS draws one row per group)."""
    how = selection.group_by or ("counterpart" if selection.actor_ids else "type")
    if how == "tag":
        return ", ".join(selection.notes_of(e).tags) or "(no tag)"
    if how == "counterpart":
        others = e.counterparts(selection.actor_ids)
        return ", ".join(sorted({p.name for p in others})) or "(no counterpart)"
    return _label(e.type)


def timelinejs(selection: Selection) -> dict[str, Any]:
    """The TimelineJS document of a selection."""
    esc = html.escape
    slides = []
    for e in selection.entries:
        notes = selection.notes_of(e)
        group = _group(selection, e)
        names = ", ".join(p.name for p in e.participants)
        parts = "; ".join(f"{p.name} ({p.role})" for p in e.participants)
        text = f"<p>{esc(e.summary)}</p><p>{esc(parts)}</p>"
        if e.location:
            text += f"<p>{esc(e.location)}</p>"
        text += _sources_html(e.sources)
        if notes.tags or notes.starred:
            tags = ", ".join(notes.tags)
            text += f"<p>Tags: {'★ ' if notes.starred else ''}{esc(tags)}</p>".replace(
                " </p>", "</p>"
            )
        text += "".join(f"<p>Note: {esc(n.text)}</p>" for n in notes.notes)
        slide: dict[str, Any] = {
            "unique_id": e.id,
            "start_date": _start_date(e),
            "text": {"headline": esc(f"{_label(e.type)}: {names}"), "text": text},
            "group": esc(group),
        }
        if e.when != e.day_first:
            slide["display_date"] = esc(e.when)
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
