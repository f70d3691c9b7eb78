"""Exporters: a filtered selection of the timeline into other tools' formats.

``tracker export FORMAT -o PATH [--actor A ...] [--with B] [--from D] [--to D] [--type T]
[--as-of T]``. The selection is that of ``tracker timeline`` (events of any ``--actor``, each
``--with`` taking part too, within the dates and types); without ``--actor`` every event
(``--with`` alone selects the events of that actor). Retracted events are left out;
amended ones are exported as they stand now (or at ``--as-of``).

- ``csv``: the columns of the import template (``tracker.importers.TEMPLATE_COLUMNS``),
  actors and roles separated by ``;``, the first source only, the event id in ``id``;
  every cell passes ``tracker.domain.markup.csv_cell`` (no spreadsheet formulas).
- ``jsonl``: a sub-log that is itself a valid log (``tracker verify`` passes): the selected
  events' own log lines, their amendments, and the actor events of the actors they name
  (registrations, aliases, renames; offices, affiliations and merges when every actor they
  name is in), in log order, re-sealed with a fresh chain under their original ids, so that
  appending them to the log they came from adds nothing.
- ``plover``: PLOVER JSON lines: ``id``, ``date``, ``actor[]``, ``recipient[]``, ``event[]``,
  ``mode[]``, ``context[]``, ``event_text``, ``link``, ``coder`` (and ``quad_code`` for
  CAMEO-coded events). Interactions are CONSULT (phone_call and video_call mode phone,
  visit mode visit, a 044 meeting mode third-party, a multilateral meeting or summit of more
  than two mode multilateral); statements and developments are mapped from their CAMEO
  root (02 REQUEST, 03 AGREE, 05 SUPPORT, 06 COOPERATE, 07 AID, 08 CONCEDE, 10 DEMAND,
  11 ACCUSE, 12 REJECT, 13 THREATEN, 14 PROTEST, 15 MOBILIZE, 16 SANCTION, 17 COERCE,
  18-20 ASSAULT), else OTHER. Initiators, visitors and speakers are ``actor``, the others
  ``recipient`` (without any of those roles the first participant is the actor). A date
  coarser than a day is given as its first day, with the original in ``comment``.
- ``timelinejs``: Knight Lab TimelineJS JSON: ``title``, ``events[]`` with ``start_date``
  ({year, month, day}, as precise as the event's date), ``text`` {headline, text},
  ``group`` (the counterpart(s) of the actors asked about; without --actor the event type),
  ``media`` {url, credit} only for a source that is an http(s) image (TimelineJS embeds a
  URL containing "iframe" and draws an article's page as a broken image), ``unique_id``.
  Every source is a link (http(s) only) in the slide's text. Text is HTML-escaped.
- ``gexf``, ``graphml``: the contact graph of the selected interactions, written by
  ``tracker.graph.write_graph``.
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from tracker.domain.errors import ValidationError
from tracker.log.outputs import Outputs, replacing, staged, write_bytes, write_text
from tracker.queries.events import Entry

if TYPE_CHECKING:
    import networkx as nx

    from tracker.services.tracker import Tracker

FORMATS = ("csv", "jsonl", "plover", "timelinejs", "gexf", "graphml")
BATCH = 500

_ACTOR_ROLES = ("initiator", "visitor", "speaker")
_PLOVER_ROOT = {
    "02": "REQUEST",
    "03": "AGREE",
    "05": "SUPPORT",
    "06": "COOPERATE",
    "07": "AID",
    "08": "CONCEDE",
    "10": "DEMAND",
    "11": "ACCUSE",
    "12": "REJECT",
    "13": "THREATEN",
    "14": "PROTEST",
    "15": "MOBILIZE",
    "16": "SANCTION",
    "17": "COERCE",
    "18": "ASSAULT",
    "19": "ASSAULT",
    "20": "ASSAULT",
}
_SECTORS = {
    "government_body": "GOV",
    "international_organization": "IGO",
    "state": "GOV",
    "group": "REB",
}


@dataclass(frozen=True)
class Selection:
    entries: list[Entry]
    actor_ids: tuple[str, ...]  # the actors asked about (empty: everything)
    title: str
    as_of: datetime | None = None


@dataclass(frozen=True)
class ExportResult:
    path: Path
    events: int
    lines: int  # what was written: rows, lines, slides, or nodes for a graph


def select(
    tracker: Tracker,
    *,
    actors: Sequence[str] = (),
    with_actors: Sequence[str] = (),
    start: date | None = None,
    end: date | None = None,
    types: Sequence[str] = (),
    as_of: datetime | None = None,
) -> Selection:
    """The events to export (see the module docstring)."""
    from tracker.domain.events import check_event_type
    from tracker.queries import events as queries

    if start and end and start > end:
        raise ValidationError(f"--from {start} is after --to {end}")
    if actors or with_actors:
        asked = list(actors) or [with_actors[0]]
        withs = list(with_actors) if actors else list(with_actors[1:])
        timeline = tracker.timeline(
            asked, with_actors=withs, start=start, end=end, types=types, as_of=as_of
        )
        names = ", ".join(name for _, name in timeline.actors)
        return Selection(timeline.entries, tuple(timeline.actor_ids), f"Timeline of {names}", as_of)
    kinds = [check_event_type(t) for t in types]
    conn = tracker.model(as_of)
    try:
        entries = queries.timeline(conn, [], start=start, end=end, types=kinds)  # every actor
    finally:
        conn.close()
    return Selection(entries, (), "Timeline", as_of)


def _outputs(tracker: Tracker) -> Outputs:
    return Outputs.of(tracker.log.path, tracker.db_path)


def _actor_info(tracker: Tracker, as_of: datetime | None) -> dict[str, dict[str, Any]]:
    conn = tracker.model(as_of)
    try:
        rows = conn.execute("SELECT id, name, kind, country, external_ids FROM actors").fetchall()
    finally:
        conn.close()
    return {
        r[0]: {"name": r[1], "kind": r[2], "country": r[3], "ids": orjson.loads(r[4] or "{}")}
        for r in rows
    }


# --------------------------------------------------------------------------- csv


def export_csv(selection: Selection, path: Path, outputs: Outputs | None = None) -> ExportResult:
    from tracker.domain.markup import csv_cell
    from tracker.importers import TEMPLATE_COLUMNS

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(TEMPLATE_COLUMNS)
    for e in selection.entries:
        values = csv_values(e)
        writer.writerow([csv_cell(values[c]) for c in TEMPLATE_COLUMNS])
    write_text(path, buf.getvalue(), outputs=outputs)
    return ExportResult(path, len(selection.entries), len(selection.entries))


def csv_values(e: Entry) -> dict[str, str]:
    """The csv export's row of an event, by column, before ``tracker.domain.markup.csv_cell``. What it
    cannot carry: sources after the first, ``extra``, participants by id (names are
    written, and resolve again on import). ``import csv`` of a row equal to this, for an
    id already in the log, is that event: a duplicate."""
    first: dict[str, Any] = e.sources[0] if e.sources else {}
    return {
        "type": e.type,
        "date": e.when,
        "actors": "; ".join(p.name for p in e.participants),
        "roles": "; ".join(p.role for p in e.participants),
        "summary": e.summary,
        "topics": "; ".join(e.topics),
        "location": e.location or "",
        "cameo": e.cameo or "",
        "source_url": first.get("url") or "",
        "source_outlet": first.get("outlet") or "",
        "source_published": first.get("published") or "",
        "source_quote": first.get("quote") or "",
        "id": e.id,
    }


# --------------------------------------------------------------------------- jsonl


def export_jsonl(tracker: Tracker, selection: Selection, path: Path) -> ExportResult:
    """A valid sub-log of the selection (see the module docstring)."""
    from tracker.domain.dates import parse_utc
    from tracker.domain.events import EVENT_CLASSES
    from tracker.log.envelope import Pending, check_record
    from tracker.log.file import EventLog

    outputs = _outputs(tracker)
    target = outputs.check(path)
    if target.exists() and target.stat().st_size:
        raise ValidationError(f"{path} already exists and is not empty; nothing was written")
    wanted = {e.id for e in selection.entries}
    moment = selection.as_of

    def records() -> Iterable[Any]:
        for record in tracker.log.read():
            try:
                check_record(record)  # a bad event is left out, as the read model leaves it
            except ValidationError:
                continue
            if moment is not None and parse_utc(record.recorded_at) > moment:
                continue
            yield record

    # Pass 1: the actor ids the selected events name, as written (merged ids included).
    needed: set[str] = {p.actor_id for e in selection.entries for p in e.participants}
    for record in records():
        if record.id in wanted and "participants" in record.data:
            needed.update(p["actor"] for p in record.data["participants"])
        elif record.type == "EventAmended" and record.data.get("target") in wanted:
            for p in record.data.get("changes", {}).get("participants") or []:
                needed.add(p["actor"])
    conn = tracker.model(moment)
    try:
        direct = dict(
            conn.execute(
                "SELECT id, merged_into FROM actors WHERE merged_into IS NOT NULL"
            ).fetchall()
        )
    finally:
        conn.close()
    for actor_id in list(needed):
        current = actor_id
        while current in direct and direct[current] not in needed:
            current = direct[current]
            needed.add(current)

    def keep(record: Any) -> bool:
        data = record.data
        if record.type in ("InteractionRecorded", "StatementRecorded", "DevelopmentRecorded"):
            return bool(record.id in wanted)
        if record.type == "EventAmended":
            return bool(data.get("target") in wanted)
        if record.type == "EventRetracted":
            return False
        refs = [data.get(k) for k in ("actor", "org", "source", "target") if data.get(k)]
        return bool(refs) and all(r in needed for r in refs)

    written = 0
    batch: list[Pending] = []
    with staged(path, outputs=outputs) as tmp:  # the whole sub-log, or nothing
        out = EventLog.create(tmp)
        try:
            for record in records():
                if not keep(record):
                    continue
                event = EVENT_CLASSES[record.type].from_data(record.upcast_data())
                batch.append(Pending(event, record.id))
                if len(batch) >= BATCH:
                    written += len(out.append(batch).written)
                    batch.clear()
            if batch:
                written += len(out.append(batch).written)
        finally:
            out.checked_path.unlink(missing_ok=True)  # the writers' record of the temp file
    return ExportResult(path, len(wanted), written)


# --------------------------------------------------------------------------- plover


def _quad(code: str | None) -> int | None:
    if not code or not code[:2].isdigit():
        return None
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


def plover_event(e: Entry) -> tuple[str, list[str]]:
    """(PLOVER event, modes) of an event (see the module docstring)."""
    from tracker.domain.events import INTERACTION_TYPES

    if e.type in INTERACTION_TYPES:
        modes: list[str] = []
        if e.type in ("phone_call", "video_call"):
            modes = ["phone"]
        elif e.type == "visit":
            modes = ["visit"]
        elif e.type == "meeting" and (e.cameo or "").startswith("044"):
            modes = ["third-party"]
        elif e.type in ("multilateral_meeting", "summit") and len(e.participants) > 2:
            modes = ["multilateral"]
        return "CONSULT", modes
    root = (e.cameo or "")[:2]
    return _PLOVER_ROOT.get(root, "OTHER"), []


def _entity(p: Any, info: dict[str, dict[str, Any]]) -> dict[str, Any]:
    actor = info.get(p.actor_id, {})
    entity: dict[str, Any] = {"entity_text": p.name, "actor_id": p.actor_id}
    ids = actor.get("ids") or {}
    if ids.get("cameo"):
        entity["code"] = ids["cameo"]
    if ids.get("wikidata"):
        entity["identifier_id"] = ids["wikidata"]
    sector = _SECTORS.get(actor.get("kind", ""))
    if sector:
        entity["sector"] = sector
    if actor.get("country"):
        entity["country"] = actor["country"]
    return entity


def plover_record(e: Entry, info: dict[str, dict[str, Any]]) -> dict[str, Any]:
    event, modes = plover_event(e)
    firsts = [p for p in e.participants if p.role in _ACTOR_ROLES] or list(e.participants[:1])
    rest = [p for p in e.participants if p not in firsts]
    url = next((s.get("url") for s in e.sources if s.get("url")), None)
    record: dict[str, Any] = {
        "id": e.id,
        "date": e.day_first,
        "actor": [_entity(p, info) for p in firsts],
        "recipient": [_entity(p, info) for p in rest],
        "event": [event],
        "mode": modes,
        "context": list(e.topics),
        "event_text": e.summary,
        "coder": "tracker",
    }
    if url:
        record["link"] = url
    if e.location:
        record["event_loc"] = {"name": e.location}
    quad = _quad(e.cameo)
    if quad is not None:
        record["quad_code"] = quad
        record["cameo"] = e.cameo
    if e.when != e.day_first:
        record["comment"] = f"date as recorded: {e.when}"
    return record


def export_plover(tracker: Tracker, selection: Selection, path: Path) -> ExportResult:
    info = _actor_info(tracker, selection.as_of)
    lines = (orjson.dumps(plover_record(e, info)) + b"\n" for e in selection.entries)
    write_bytes(path, lines, outputs=_outputs(tracker))
    return ExportResult(path, len(selection.entries), len(selection.entries))


# --------------------------------------------------------------------------- timelinejs


def _start_date(e: Entry) -> dict[str, int]:
    from tracker.domain.dates import parse_event_date

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
    from tracker.render import source_label

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
    from tracker.render import source_label

    esc = html.escape
    slides = []
    for e in selection.entries:
        if selection.actor_ids:
            others = e.counterparts(selection.actor_ids)
            group = ", ".join(sorted({p.name for p in others})) or "(no counterpart)"
        else:
            group = _label(e.type)
        names = ", ".join(p.name for p in e.participants)
        parts = "; ".join(f"{p.name} ({p.role})" for p in e.participants)
        text = f"<p>{esc(e.summary)}</p><p>{esc(parts)}</p>"
        if e.location:
            text += f"<p>{esc(e.location)}</p>"
        text += _sources_html(e.sources)
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


# --------------------------------------------------------------------------- graphs


def selection_graph(tracker: Tracker, selection: Selection) -> nx.Graph:
    """The contact graph of the selection's interactions (attributes as in tracker.graph)."""
    import itertools

    import networkx as nx

    info = _actor_info(tracker, selection.as_of)
    g = nx.Graph()
    for e in selection.entries:
        if e.category != "interaction":
            continue
        ids = sorted({p.actor_id for p in e.participants})
        for actor_id in ids:
            if actor_id not in g:
                actor = info.get(actor_id, {})
                g.add_node(
                    actor_id,
                    label=actor.get("name", actor_id),
                    kind=actor.get("kind", ""),
                    country=actor.get("country") or "",
                    events=0,
                )
            g.nodes[actor_id]["events"] += 1
        for x, y in itertools.combinations(ids, 2):
            if g.has_edge(x, y):
                d = g.edges[x, y]
                d["weight"] += 1
                d["first"] = min(d["first"], e.day_first)
                d["last"] = max(d["last"], e.day_first)
                d["events"] += " " + e.id
                if e.type not in d["types"].split(","):
                    d["types"] = ",".join(sorted({*d["types"].split(","), e.type}))
            else:
                g.add_edge(
                    x, y, weight=1, first=e.day_first, last=e.day_first, events=e.id, types=e.type
                )
    return g


def export_graph(tracker: Tracker, selection: Selection, fmt: str, path: Path) -> ExportResult:
    from tracker.exchange.exporting.graphs import write_graph

    g = selection_graph(tracker, selection)
    with replacing(path, outputs=_outputs(tracker)) as f:
        write_graph(g, fmt, f)
    return ExportResult(path, len(selection.entries), g.number_of_nodes())


def export(
    tracker: Tracker,
    fmt: str,
    path: str | os.PathLike[str],
    *,
    actors: Sequence[str] = (),
    with_actors: Sequence[str] = (),
    start: date | None = None,
    end: date | None = None,
    types: Sequence[str] = (),
    as_of: datetime | None = None,
) -> ExportResult:
    """Export the selected events to ``path`` in ``fmt`` (see the module docstring)."""
    kind = fmt.lower()
    if kind not in FORMATS:
        raise ValidationError(f"unknown export format {fmt!r}; use {', '.join(FORMATS)}")
    tracker.log.require()
    target = Path(path)
    _outputs(tracker).check(target)  # before any work: never the log or its files
    selection = select(
        tracker,
        actors=actors,
        with_actors=with_actors,
        start=start,
        end=end,
        types=types,
        as_of=as_of,
    )
    if kind == "csv":
        return export_csv(selection, target, _outputs(tracker))
    if kind == "jsonl":
        return export_jsonl(tracker, selection, target)
    if kind == "plover":
        return export_plover(tracker, selection, target)
    if kind == "timelinejs":
        return export_timelinejs(selection, target, _outputs(tracker))
    return export_graph(tracker, selection, kind, target)


__all__ = ["FORMATS", "ExportResult", "Selection", "export", "select"]
