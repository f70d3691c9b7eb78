"""plover: PLOVER JSON lines, with the field names of the PLOVER manual (draft 0.8, OEDA
2021; ``tracker.domain.plover``) and OEDA's CAMEO2PLOVER table (``tracker.domain.cameo2plover``,
CC BY-SA 4.0).

One record a line: ``id`` (the event id), ``date`` (its first day, YYYY-MM-DD), ``enddate``
(its last day, for a date coarser than a day), ``time`` (for a date-time), ``source[]`` and
``recipient[]`` (actor objects: ``actor_text``, ``code`` the 3-letter top-level code,
``sector``, ``identifier_id`` the Wikidata id and ``identifier_text``), ``event[]``,
``mode[]``, ``context[]``, ``quad_code``, ``event_text[]`` (the summary), ``event_loc``
(a location object: ``name``), ``cite_info`` (the first source: ``url``, ``publication``),
``coder`` and ``comment``. ``link`` is PLOVER's identifier shared by related events, not
a URL, and is not written.

The category: an interaction is CONSULT (mode phone for a phone or video call, visit for a
visit, third-party for a CAMEO 044 meeting, multilateral for a multilateral meeting or
summit of more than two, else the table's mode of its CAMEO code); a statement or
development takes its CAMEO code's category, mode and contexts from the table. An event
that has none (no CAMEO code, or 01/02, which PLOVER drops) is left out and counted.
Initiators, visitors and speakers are the ``source``, the others the ``recipient``; when
no one has such a role (participants of a multilateral meeting, a development's
``involved``) all are the ``source``, as PLOVER codes reciprocal events.

PLOVER cannot say everything a tracker event holds, so each record also carries, as the
manual allows, named fields of its own: ``tracker`` (``type``, ``date`` as recorded,
``cameo``, ``topics``, ``sources``) and, in each actor object, ``actor_id``, ``kind`` and
``role``.
``tracker import plover`` reads them back: into the same log every record is its event (a
duplicate), into another one the same event, type and roles.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import orjson

from tracker.domain.cameo2plover import cameo_to_plover
from tracker.domain.dates import parse_event_date
from tracker.domain.events import INTERACTION_TYPES
from tracker.domain.plover import quad_of
from tracker.exchange.exporting.selection import ExportResult, Selection, actor_info, outputs_of
from tracker.log.outputs import write_bytes
from tracker.queries.events import Entry
from tracker.services.tracker import Tracker

SOURCE_ROLES = ("initiator", "visitor", "speaker")
NO_CATEGORY = "no PLOVER category (a statement or development without a CAMEO code PLOVER maps; it drops 01 and 02)"
_SECTORS = {
    "government_body": "GOV",
    "state": "GOV",
    "group": "REB",
}


def plover_event(e: Entry) -> tuple[str, list[str], list[str]] | None:
    """(PLOVER event category, modes, contexts) of an event, or None (see the docstring)."""
    coded = cameo_to_plover(e.cameo)
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
        elif coded is not None and coded.event == "CONSULT" and coded.mode:
            modes = [coded.mode]
        contexts = list(coded.contexts) if coded is not None and coded.event == "CONSULT" else []
        return "CONSULT", modes, contexts
    if coded is None:
        return None
    return coded.event, [coded.mode] if coded.mode else [], list(coded.contexts)


def _actor(p: Any, info: dict[str, dict[str, Any]]) -> dict[str, Any]:
    actor = info.get(p.actor_id, {})
    ids = actor.get("ids") or {}
    cameo = str(ids.get("cameo") or "").upper()
    out: dict[str, Any] = {"actor_text": p.name}
    code = cameo[:3] if len(cameo) >= 3 else actor.get("country")
    if actor.get("kind") == "international_organization" and not cameo:
        code = "IGO"
    if code:
        out["code"] = code
    sector = cameo[3:] if len(cameo) > 3 else _SECTORS.get(actor.get("kind", ""))
    if sector:
        out["sector"] = sector
    if ids.get("wikidata"):
        out["identifier_id"] = ids["wikidata"]
        out["identifier_text"] = actor.get("name", p.name)
    out["actor_id"] = p.actor_id
    out["kind"] = actor.get("kind") or "other"
    out["role"] = p.role
    return out


def _time(when: str) -> str | None:
    """The time of a date-time (``14:30+04:30``), as PLOVER's ``time``."""
    return when.split("T", 1)[1] if "T" in when else None


def plover_record(e: Entry, info: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """The PLOVER record of an event (see the module docstring); None if it has no
    PLOVER category."""
    coded = plover_event(e)
    if coded is None:
        return None
    event, modes, contexts = coded
    sources = [p for p in e.participants if p.role in SOURCE_ROLES]
    if not sources:
        sources = list(e.participants)
    recipients = [p for p in e.participants if p not in sources]
    dates = parse_event_date(e.when)
    record: dict[str, Any] = {"id": e.id, "date": dates.first.isoformat()}
    if dates.last != dates.first:
        record["enddate"] = dates.last.isoformat()
    time = _time(e.when)
    if time:
        record["time"] = time
    record["source"] = [_actor(p, info) for p in sources]
    if recipients:
        record["recipient"] = [_actor(p, info) for p in recipients]
    record["event"] = [event]
    record["mode"] = modes
    record["context"] = contexts
    quad = quad_of(event)
    if quad is not None:
        record["quad_code"] = quad
    record["event_text"] = [e.summary]
    if e.location:
        record["event_loc"] = {"name": e.location}
    first = e.sources[0] if e.sources else {}
    cite = {"url": first.get("url"), "publication": first.get("outlet")}
    cite = {k: v for k, v in cite.items() if v}
    if cite:
        record["cite_info"] = cite
    record["coder"] = "tracker"
    if e.when != dates.first.isoformat():
        record["comment"] = f"date as recorded: {e.when}"
    record["tracker"] = {
        "type": e.type,
        "date": e.when,
        "cameo": e.cameo,
        "topics": list(e.topics),
        "sources": list(e.sources),
    }
    return record


def export_plover(tracker: Tracker, selection: Selection, path: Path) -> ExportResult:
    info = actor_info(tracker, selection.as_of)
    left_out: Counter[str] = Counter()
    written = 0

    def lines() -> Any:
        nonlocal written
        for e in selection.entries:
            record = plover_record(e, info)
            if record is None:
                left_out[NO_CATEGORY] += 1
                continue
            written += 1
            yield orjson.dumps(record) + b"\n"

    write_bytes(path, lines(), outputs=outputs_of(tracker))
    return ExportResult(path, written, written, tuple(left_out.items()))
