"""PLOVER and POLECAT JSON lines: one event object a line (``id``, ``date``, ``actor[]``,
``recipient[]``, ``event[]``, ``mode[]``, ...). POLECAT's tab-separated release is not read
(yet): convert it to PLOVER JSON lines first. The types: ``tracker.domain.plover``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import orjson

from tracker.domain.errors import ValidationError
from tracker.domain.plover import plover_type
from tracker.domain.text import clean_text
from tracker.exchange.importing.rows import (
    ActorSpec,
    Draft,
    Row,
    each_line,
    extra_of,
    kind_from_code,
    parse_number,
    roles_for_pair,
    truncate,
)


def parse_plover(path: Path, fmt: str = "plover") -> Iterator[Row]:
    """PLOVER JSON lines: one event object a line."""

    def parse(number: int, text: str) -> Row:
        try:
            obj = orjson.loads(text)
        except orjson.JSONDecodeError:
            raise ValidationError("not valid JSON") from None
        if not isinstance(obj, dict):
            raise ValidationError("not a JSON object")
        return _plover_row(number, obj, text, fmt)

    return each_line(path, parse)


def _plover_list(obj: Mapping[str, Any], key: str, *, required: bool = False) -> list[Any]:
    value = obj.get(key)
    if value in (None, "", []):
        if required:
            raise ValidationError(f"missing {key}[]")
        return []
    if isinstance(value, str | dict):
        value = [value]
    if not isinstance(value, list):
        raise ValidationError(f"{key} must be a list")
    return value


def _plover_actor(entity: Any, what: str) -> ActorSpec:
    if isinstance(entity, str):
        name = clean_text(entity, what, limit=200)
        kind, country = (
            kind_from_code(name) if name.isupper() and name.isalpha() else ("other", None)
        )
        return ActorSpec(name, kind, country, name if kind != "other" else None)
    if not isinstance(entity, dict):
        raise ValidationError(f"an entity of {what} must be text or an object")
    given = entity.get("entity_text") or entity.get("name") or entity.get("code")
    if not isinstance(given, str):
        raise ValidationError(f"an entity of {what} has no entity_text or code")
    name = clean_text(given, what, limit=200)
    code = str(entity["code"]) if isinstance(entity.get("code"), str) else ""
    sector = str(entity["sector"]) if isinstance(entity.get("sector"), str) else ""
    kind, country = kind_from_code(code or "", [sector])
    if kind == "other" and entity.get("identifier_id") and not code:
        kind = "person"
    return ActorSpec(name, kind, country, code or None)


def _plover_row(number: int, obj: Mapping[str, Any], text: str, fmt: str) -> Draft:
    source_id = obj.get("id")
    if not isinstance(source_id, str | int) or isinstance(source_id, bool) or source_id == "":
        raise ValidationError("missing id")
    source_id = clean_text(str(source_id), "id", limit=100)
    when = obj.get("date")
    if not isinstance(when, str) or not when.strip():
        raise ValidationError("missing date")
    events = [
        clean_text(str(e), "event", limit=40) for e in _plover_list(obj, "event", required=True)
    ]
    modes = [clean_text(str(m), "mode", limit=40) for m in _plover_list(obj, "mode")]
    contexts = [clean_text(str(c), "context", limit=60) for c in _plover_list(obj, "context")]
    actors = [_plover_actor(a, "actor") for a in _plover_list(obj, "actor", required=True)]
    recipients = [_plover_actor(a, "recipient") for a in _plover_list(obj, "recipient")]
    code_type = plover_type(events[0], modes)
    parts = roles_for_pair(code_type, actors, recipients)
    summary = obj.get("event_text") or obj.get("text")
    if isinstance(summary, str) and summary.strip():
        summary = clean_text(summary, "event_text")
        if len(summary) > 500:
            summary = summary[:497] + "…"
    else:
        names = " → ".join(a.name for a, _ in parts)
        label = events[0].upper() + (f" ({', '.join(modes)})" if modes else "")
        summary = f"{label}: {names}"
    link = obj.get("link")
    source: dict[str, Any] = {}
    if isinstance(link, str) and link.strip():
        source["url"] = link.strip()
    info = obj.get("text_info")
    outlet = None
    if isinstance(info, dict):
        outlet = info.get("publisher") or info.get("source") or info.get("outlet")
    if isinstance(outlet, str) and outlet.strip():
        source["outlet"] = outlet
    if not source:
        source["outlet"] = fmt.upper()
    place = obj.get("event_loc")
    if isinstance(place, dict):
        place = place.get("name") or place.get("placename") or place.get("geo_name")
    location = (
        clean_text(place, "event_loc", limit=200, required=False) if isinstance(place, str) else ""
    )
    intensity = obj.get("intensity", obj.get("event_intensity"))
    if intensity is not None and (
        isinstance(intensity, bool) or not isinstance(intensity, int | float)
    ):
        intensity = parse_number(str(intensity), "intensity")
    quad = obj.get("quad_code")
    return Draft(
        lines=(number,),
        key=f"{fmt}:{source_id}",
        type=code_type[0],
        when=when,
        actors=parts,
        summary=summary,
        sources=[source],
        location=location or None,
        extra=extra_of(
            source=fmt,
            source_id=source_id,
            event=events,
            mode=modes,
            context=contexts,
            quad_code=quad
            if isinstance(quad, int | float | str) and not isinstance(quad, bool)
            else None,
            intensity=intensity,
            event_scale=obj.get("event_scale")
            if isinstance(obj.get("event_scale"), str | int | float)
            else None,
        ),
        raw=truncate(text),
    )
