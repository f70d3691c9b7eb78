"""What ``add-event`` (and ``extract --review``) hands the library: events from the
command's options, or from JSON (one event or a list; ``tracker extract``'s proposals are
that JSON too, their ``proposal`` object accepted and not stored).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import orjson
import typer

from tracker.cli.options import interactive
from tracker.domain.errors import ValidationError
from tracker.services.recording import ActorRef


def from_options(
    *,
    type_: str | None,
    roles: list[tuple[str | None, list[str] | None]],
    date: str | None,
    summary: str | None,
    source: list[str] | None,
    outlet: list[str] | None,
    published: list[str] | None,
    quote: list[str] | None,
    topic: list[str] | None,
    location: str | None,
    cameo: str | None,
    event_id: str | None,
) -> list[dict[str, Any]]:
    """The one event ``add-event``'s options give (``roles``: each role's names; None: the
    role ``--actor`` gives, the speaker of a statement...); on a terminal, what is missing
    is asked for."""
    refs: list[ActorRef] = []
    kind_guess = (type_ or "").lower()
    default_role = {"statement": "speaker", "development": "involved"}.get(
        kind_guess, "participant"
    )
    for role, names in roles:
        refs.extend(ActorRef(n, role or default_role) for n in names or [])
    values = {"type": type_, "date": date, "summary": summary, "source": source}
    missing = [k for k, v in values.items() if not v]
    if not refs:
        missing.insert(1, "actor")
    if missing and interactive():
        if not type_:
            type_ = typer.prompt("Type (phone_call, meeting, statement, ...)")
        if not refs:
            names = typer.prompt("Actors (comma-separated)")
            refs = [ActorRef(n.strip(), default_role) for n in names.split(",") if n.strip()]
        date = date or typer.prompt("Date (YYYY-MM-DD)")
        summary = summary or typer.prompt("Summary")
        source = source or [typer.prompt("Source URL")]
    elif missing:
        raise ValidationError("missing " + ", ".join(f"--{m}" for m in missing))
    sources = []
    for i, url in enumerate(source or []):
        item: dict[str, Any] = {"url": url}
        for key, vals in (("outlet", outlet), ("published", published), ("quote", quote)):
            if vals and i < len(vals):
                item[key] = vals[i]
        sources.append(item)
    for key, vals in (("outlet", outlet), ("published", published), ("quote", quote)):
        if vals and len(vals) > len(sources):
            raise ValidationError(f"more --{key} options than --source options")
    return [
        {
            "type": type_,
            "when": date,
            "participants": refs,
            "summary": summary,
            "sources": sources,
            "topics": topic or [],
            "location": location,
            "cameo": cameo,
            "id": event_id,
        }
    ]


def read_json_events(spec: str) -> list[dict[str, Any]]:
    try:
        raw = sys.stdin.buffer.read() if spec == "-" else Path(spec).read_bytes()
    except OSError as exc:
        raise ValidationError(f"cannot read {spec}: {exc.strerror}") from None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ValidationError(f"{spec} is not valid JSON: {exc}") from None
    items = data if isinstance(data, list) else [data]
    if not items:
        raise ValidationError(f"{spec} holds no events")
    return read_json_items(items, spec)


def read_json_items(items: list[Any], spec: str) -> list[dict[str, Any]]:
    """Events from decoded JSON objects (a file's, or ``tracker extract``'s proposals)."""
    events = []
    allowed = {
        "type",
        "date",
        "when",
        "participants",
        "actors",
        "summary",
        "sources",
        "topics",
        "location",
        "cameo",
        "id",
        "proposal",  # tracker extract's evidence, confidence and rule: accepted, not stored
    }
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise ValidationError(f"event {n}: not a JSON object")
        unknown = set(item) - allowed
        if unknown:
            raise ValidationError(f"event {n}: unknown field(s) {', '.join(sorted(unknown))}")
        # A string or object here would be iterated character by character or key by key.
        for key in ("participants", "actors", "sources", "topics"):
            value = item.get(key)
            if value is not None and not isinstance(value, list):
                if key == "topics" and isinstance(value, str):
                    continue  # one topic
                raise ValidationError(f"event {n}: {key} must be a JSON list")
        if not all(isinstance(a, str) for a in item.get("actors") or []):
            raise ValidationError(f"event {n}: actors must be a list of names")
        refs = []
        # a name without a role gets the role --actor gives: a statement's speaker, etc.
        kind = str(item.get("type") or "").strip().lower()
        default_role = {"statement": "speaker", "development": "involved"}.get(kind, "participant")
        for p in item.get("participants") or []:
            name = p.get("actor", p.get("name")) if isinstance(p, dict) else p
            role = (p.get("role") if isinstance(p, dict) else None) or default_role
            if isinstance(name, dict):  # a proposed new actor: name, kind, country, office
                refs.append(new_actor_ref(name, role, n))
            elif isinstance(name, str) and isinstance(role, str):
                refs.append(ActorRef(name, role))
            else:
                raise ValidationError(f'event {n}: a participant is a name or {{"actor", "role"}}')
        for a in item.get("actors") or []:
            refs.append(ActorRef(str(a), default_role))
        events.append(
            {
                "type": item.get("type"),
                "when": item.get("when", item.get("date")),
                "participants": refs,
                "summary": item.get("summary"),
                "sources": item.get("sources") or [],
                "topics": item.get("topics"),
                "location": item.get("location"),
                "cameo": item.get("cameo"),
                "id": item.get("id"),
            }
        )
    return events


def new_actor_ref(spec: dict[str, Any], role: Any, n: int) -> ActorRef:
    unknown = set(spec) - {"name", "kind", "country", "office", "aliases"}
    if unknown:
        raise ValidationError(f"event {n}: unknown new-actor field(s) {', '.join(sorted(unknown))}")
    name, aliases = spec.get("name"), spec.get("aliases") or []
    fields = [spec.get(k) for k in ("kind", "country", "office")]
    if not isinstance(name, str) or not isinstance(role, str):
        raise ValidationError(f"event {n}: a new actor needs a name")
    if not all(f is None or isinstance(f, str) for f in fields) or not (
        isinstance(aliases, list) and all(isinstance(a, str) for a in aliases)
    ):
        raise ValidationError(f"event {n}: a new actor's kind, country and office are text")
    return ActorRef(name, role, fields[0], fields[1], fields[2], tuple(aliases))
