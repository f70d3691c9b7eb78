"""plover: PLOVER JSON lines: ``id``, ``date``, ``actor[]``, ``recipient[]``, ``event[]``,
``mode[]``, ``context[]``, ``event_text``, ``link``, ``coder`` (and ``quad_code`` for
CAMEO-coded events). Interactions are CONSULT (phone_call and video_call mode phone,
visit mode visit, a 044 meeting mode third-party, a multilateral meeting or summit of more
than two mode multilateral); statements and developments are mapped from their CAMEO
root (02 REQUEST, 03 AGREE, 05 SUPPORT, 06 COOPERATE, 07 AID, 08 CONCEDE, 10 DEMAND,
11 ACCUSE, 12 REJECT, 13 THREATEN, 14 PROTEST, 15 MOBILIZE, 16 SANCTION, 17 COERCE,
18-20 ASSAULT), else OTHER. Initiators, visitors and speakers are ``actor``, the others
``recipient`` (without any of those roles the first participant is the actor). A date
coarser than a day is given as its first day, with the original in ``comment``; the
event's annotations (starred, tags, notes) go in ``comment`` too, after it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from tracker.domain.events import INTERACTION_TYPES
from tracker.exchange.exporting.selection import ExportResult, Selection, actor_info, outputs_of
from tracker.log.outputs import write_bytes
from tracker.queries.annotations import Annotations
from tracker.queries.events import Entry
from tracker.services.tracker import Tracker

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


def _quad(code: str | None) -> int | None:
    if not code or not code[:2].isdigit():
        return None
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


def plover_event(e: Entry) -> tuple[str, list[str]]:
    """(PLOVER event, modes) of an event (see the module docstring)."""
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


def plover_record(
    e: Entry, info: dict[str, dict[str, Any]], notes: Annotations | None = None
) -> dict[str, Any]:
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
    comment = []
    if e.when != e.day_first:
        comment.append(f"date as recorded: {e.when}")
    if notes is not None:
        if notes.starred:
            comment.append("starred")
        if notes.tags:
            comment.append("tags: " + ", ".join(notes.tags))
        comment.extend(f"note: {n.text}" for n in notes.notes)
    if comment:
        record["comment"] = "; ".join(comment)
    return record


def export_plover(tracker: Tracker, selection: Selection, path: Path) -> ExportResult:
    info = actor_info(tracker, selection.as_of)
    lines = (
        orjson.dumps(plover_record(e, info, selection.annotations.get(e.id))) + b"\n"
        for e in selection.entries
    )
    write_bytes(path, lines, outputs=outputs_of(tracker))
    return ExportResult(path, len(selection.entries), len(selection.entries))
