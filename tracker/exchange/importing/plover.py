"""PLOVER and POLECAT records: JSON lines, a JSON array, or pretty-printed objects one
after another (OEDA's gold-standard records, trailing commas and all); POLECAT's
tab-separated release is read by ``tracker.exchange.importing.polecat``.

Every PLOVER generation is read: v0.5 (``source``/``target``, ``actorText``, ``event`` as
text, ``eventText``), the manual's 0.7-0.8 (``source``/``recipient``, ``actor_text``,
``event_text[]``, ``cite_info``) and later files (``actor``/``recipient``,
``entity_text``). Placeholders (code ``---``, sector ``***``, ``NA``, ``NULL``, empty)
are missing values; a record with no source actor but recipients is a development of the
recipients. The summary is the record's ``text`` (the sentence coded), else its event
text, else made from the category and the actors. The source is ``cite_info``'s url and
publication, else a ``link`` that is a URL, else the top-level ``publication``. An
``enddate`` makes the date an ISO 8601 interval (if it makes no valid one, the first day
stands); a ``time`` stays out (PLOVER's has no zone; a tracker date-time needs one). A
CONSULT naming one actor is a development of that actor.

A record whose ``id`` is a UUID keeps it as the event id, and one carrying tracker's own
``tracker`` object (``export plover`` writes it) keeps its type, date, roles, topics and
sources: an exported file imported into its own log adds nothing. The types:
``tracker.domain.plover``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import orjson

from tracker.domain.cameo_actors import KNOWN_GROUPS, PERSON_ROLES, ROLES, looks_like_org
from tracker.domain.countries import city_country, country_code
from tracker.domain.dates import parse_event_when
from tracker.domain.errors import LogIOError, ValidationError
from tracker.domain.events import ACTOR_KINDS, EVENT_TYPES, INTERACTION_TYPES, roles_for
from tracker.domain.ids import spelled_id
from tracker.domain.plover import plover_type
from tracker.domain.text import clean_text
from tracker.exchange.importing.actors import former_state, person_named
from tracker.exchange.importing.actors import sector as sector_of
from tracker.exchange.importing.actors import state as state_of
from tracker.exchange.importing.rows import (
    ActorSpec,
    BadRow,
    Draft,
    Row,
    country_of_name,
    each_line,
    extra_of,
    kind_from_code,
    parse_number,
    roles_for_pair,
    truncate,
)

MISSING = frozenset({"", "---", "***", "NA", "N/A", "NULL", "NONE", "NAN"})
_TEXT_KEYS = ("entity_text", "actor_text", "actorText", "name", "text")
_STREAM_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|(,)(?=\s*[}\]])', re.S)


def parse_plover(path: Path, fmt: str = "plover") -> Iterator[Row]:
    """PLOVER/POLECAT records of any layout (see the module docstring)."""
    from tracker.exchange.importing import polecat

    first = _first_bytes(path)
    if polecat.is_polecat_tsv(first) or polecat.is_zip(first):
        return polecat.parse_polecat_tsv(path, fmt)
    stripped = first.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"[") or re.match(rb"\{\s*(\n|$)", stripped):
        return _object_stream(path, fmt)

    def parse(number: int, text: str) -> Row:
        try:
            obj = orjson.loads(text)
        except orjson.JSONDecodeError:
            raise ValidationError("not valid JSON") from None
        if not isinstance(obj, dict):
            raise ValidationError("not a JSON object")
        return plover_row(number, obj, text, fmt)

    return each_line(path, parse)


def _first_bytes(path: Path, size: int = 4096) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(size)
    except OSError as exc:
        raise LogIOError(f"cannot read {path}: {exc.strerror}") from None


def _object_stream(path: Path, fmt: str) -> Iterator[Row]:
    """A JSON array, or objects one after another, pretty-printed, trailing commas allowed
    (as OEDA's gold-standard records are written); each object is one row, numbered by the
    line it starts on."""
    try:
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise ValidationError(f"{path}: line {line}: not valid UTF-8") from None
    except OSError as exc:
        raise LogIOError(f"cannot read {path}: {exc.strerror}") from None
    # a comma before a closing bracket (outside strings) is dropped: newlines stay put
    text = _STREAM_TOKEN.sub(lambda m: "" if m.group(1) else m.group(0), text)
    decoder = json.JSONDecoder()
    pos, end = 0, len(text)
    skip = " \t\r\n,"
    while pos < end and text[pos] in skip + "[":
        pos += 1
    while pos < end:
        number = text.count("\n", 0, pos) + 1
        if text[pos] == "]":
            pos += 1
        else:
            try:
                obj, after = decoder.raw_decode(text, pos)
            except json.JSONDecodeError as exc:
                yield BadRow(number, f"not valid JSON: {exc.msg}", truncate(text[pos : pos + 200]))
                return  # no telling where the next record starts
            raw = text[pos:after]
            pos = after
            if not isinstance(obj, dict):
                yield BadRow(number, "not a JSON object", truncate(raw))
            else:
                try:
                    yield plover_row(number, obj, raw, fmt)
                except ValidationError as exc:
                    yield BadRow(number, exc.message, truncate(raw))
        while pos < end and text[pos] in skip:
            pos += 1


def _list(obj: Mapping[str, Any], *keys: str, required: bool = False) -> list[Any]:
    for key in keys:
        value = obj.get(key)
        if value in (None, "", []):
            continue
        if isinstance(value, str | dict):
            value = [value]
        if not isinstance(value, list):
            raise ValidationError(f"{key} must be a list")
        return [v for v in value if v not in (None, "")]
    if required:
        raise ValidationError(f"missing {keys[0]}[]")
    return []


def _value(entity: Mapping[str, Any], *keys: str) -> str:
    for key in keys:
        value = entity.get(key)
        if isinstance(value, str) and value.strip().upper() not in MISSING:
            return value.strip()
    return ""


def plover_actor(entity: Any, what: str) -> ActorSpec | None:
    """An actor object (or a bare name or code) as an actor; None when it names no one."""
    if isinstance(entity, str):
        if entity.strip().upper() in MISSING:
            return None
        name = clean_text(entity, what, limit=200)
        kind, country = (
            kind_from_code(name) if name.isupper() and name.isalpha() else ("other", None)
        )
        return ActorSpec(name, kind, country, name if kind != "other" else None)
    if not isinstance(entity, dict):
        raise ValidationError(f"an entity of {what} must be text or an object")
    code = _value(entity, "code").upper()
    sector = _value(entity, "sector").upper()
    given = _value(entity, *_TEXT_KEYS) or _country_name(code)
    if not given:
        return None
    name = clean_text(given, what, limit=200)
    kind, country = kind_from_code(code + sector if len(code) == 3 else code, [sector])
    ours = entity.get("kind") in ACTOR_KINDS
    if not ours and kind == "other" and country is None:  # no code, or no ISO one ("JAP")
        place = country_code(name) or city_country(name)
        if place is not None:  # "Indian", "US", "Tokyo" JAP, "Bonn" ---: the country
            country = place
        elif (governed := _government_of(name)) is not None:  # "Turkish government" ---
            return governed
        elif (group := _known_group(name)) is not None:  # "UN" ---: the United Nations
            return group
        elif (former := former_state(name)) is not None:  # "Yugoslavia" ---
            return former
    bare_group = not ours and kind == "international_organization" and code in ("IGO", "NGO")
    if bare_group and (group := _known_group(name)) is not None:  # "U.N." IGO: the UN
        return group
    if ours:  # tracker's own export says
        kind = entity["kind"]
    elif country and (country_code(name) == country or city_country(name) == country):
        if sector in ROLES:  # "Britain" GBR, "Hungarian" HUN GOV, "Tokyo" JAP
            return sector_of(ROLES[sector][0], country, ROLES[sector][1], country + sector)
        if kind in ("state", "other"):
            spec = state_of(country)
            if spec.name == name or country_code(name) is None:
                return spec  # a city stands for its country, and is no name of it
            return replace(spec, aliases=(name,))
    elif country and (governed := _government_of(name, country)) is not None:
        return governed  # "Israeli government" ISR
    elif kind == "state":
        # PLOVER's code is the actor's country: "Tom King", GBR is no state, but a person
        kind = "person" if person_named(name) else "other"
    person = _titled_person(name) if entity.get("kind") not in ACTOR_KINDS else None
    if person:  # "Lebanon's new President Elias Hrawi" is Elias Hrawi
        return ActorSpec(person, "person", country, None, aliases=(name,))
    elif kind == "other" and not code:
        if _value(entity, "identifier_id", "wikidata_id"):
            kind = "person"
        elif (named := country_of_name(name)) is not None:  # "Turkey", code "---"
            kind, country = "state", named
        elif person_named(name):  # "Kofi Annan" ---
            kind = "person"
    elif not ours and sector in PERSON_ROLES and person_named(name, (sector,)):
        kind = "person"  # "Yasser Arafat" PSE GOV: a person of the government
    cameo = (code + sector if len(code) == 3 and len(sector) == 3 else code) or None
    return ActorSpec(name, kind, country, cameo if cameo and cameo.isalpha() else None)


_GOVERNMENT = re.compile(
    r"^(?:the\s+)?(.+?)(?:'s)?\s+(?:government|officials|authorities|administration)$",
    re.IGNORECASE,
)  # "Turkish government", "Palestinian officials", "Serbian authorities"


def _government_of(name: str, country: str | None = None) -> ActorSpec | None:
    """The government a name such as "Turkish government" or "Israeli government" is (a
    sector of the state, as ``GBRGOV`` is); None for another name, or a country other
    than ``country``."""
    found = _GOVERNMENT.match(name)
    iso = country_code(found.group(1)) if found else None
    if iso is None or (country is not None and iso != country):
        return None
    return sector_of(ROLES["GOV"][0], iso, ROLES["GOV"][1], iso + "GOV")


_SMALL_WORDS = frozenset({"of", "the", "and", "for"})


@cache
def _known_groups() -> dict[str, tuple[str, str]]:
    """CAMEO's known groups by their names and the initials of their names ("UN")."""
    found: dict[str, tuple[str, str]] = {}
    for label, kind in KNOWN_GROUPS.values():
        found.setdefault(label.casefold(), (label, kind))
        words = [w for w in label.split() if w.casefold() not in _SMALL_WORDS]
        if len(words) >= 2:
            found.setdefault("".join(w[0] for w in words).casefold(), (label, kind))
    return found


def _known_group(name: str) -> ActorSpec | None:
    """The known group a name is: its name ("United Nations"), or its initials written in
    capitals ("UN", "U.N.", "EU"); None for another name."""
    plain = name.replace(".", "")
    if (plain.isupper() and plain.isalpha()) or len(plain.split()) > 1:
        found = _known_groups().get(plain.casefold() if plain.isupper() else name.casefold())
        if found is not None:
            label, kind = found
            return ActorSpec(label, kind, None, aliases=(name,) if name != label else ())
    return None


_TITLED = re.compile(
    r"\b(?:president|minister|secretary|chancellor|premier|king|queen|prince|emir|amir"
    r"|sheikh|leader|general|ambassador|envoy|spokesman|spokeswoman|governor|mayor"
    r"|senator|chairman|pope|cardinal)\s+(?:[A-Z][\w'.-]+\s+){0,3}[A-Z][\w'.-]+$",
    re.IGNORECASE,
)


def _titled_person(name: str) -> str | None:
    """The person a PLOVER actor text names by an office ("Defence Secretary Tom King" ->
    "Tom King"): the office, then two or more capitalised words, and no organisation's
    word; else None."""
    found = _TITLED.search(name)
    if found is None or looks_like_org(name):
        return None
    named = found.group().split()[1:]
    if len(named) >= 2 and all(w[:1].isupper() for w in named):
        return " ".join(named)
    return None


def _country_name(code: str) -> str:
    """A state's name for a bare country code (an actor object with a code and no text)."""
    from tracker.exchange.importing.rows import iso3

    iso = iso3(code) if len(code) == 3 else None
    if iso is None:
        return ""
    import pycountry

    found = pycountry.countries.get(alpha_3=iso)
    return str(getattr(found, "common_name", None) or found.name) if found else ""


def _actors(
    obj: Mapping[str, Any], keys: tuple[str, ...], what: str
) -> list[tuple[ActorSpec, Any]]:
    out = []
    for entity in _list(obj, *keys):
        spec = plover_actor(entity, what)
        if spec is not None:
            out.append((spec, entity.get("role") if isinstance(entity, dict) else None))
    return out


def _summary(obj: Mapping[str, Any], label: str) -> str:
    for key in ("text", "event_text", "eventText"):
        value = obj.get(key)
        if isinstance(value, list):
            value = " ".join(v for v in value if isinstance(v, str))
        if isinstance(value, str) and value.strip():
            summary = clean_text(value, key)
            return summary if len(summary) <= 500 else summary[:497] + "…"
    return label


def _source(obj: Mapping[str, Any], fmt: str) -> dict[str, Any]:
    found = obj.get("cite_info")
    cite: dict[str, Any] = found if isinstance(found, dict) else {}
    found = obj.get("text_info") or obj.get("textInfo")
    info: dict[str, Any] = found if isinstance(found, dict) else {}
    url = _value(cite, "url") or _value(obj, "url")
    link = _value(obj, "link")
    if not url and re.match(r"https?://", link, re.I):
        url = link
    outlet = _value(cite, "publication", "corpus") or _value(obj, "publication", "publisher")
    outlet = outlet or _value(info, "publisher", "source", "outlet")
    source: dict[str, Any] = {}
    if url:
        source["url"] = url
    if outlet:
        source["outlet"] = clean_text(outlet, "publication", limit=200)
    return source or {"outlet": fmt.upper()}


def _when(obj: Mapping[str, Any]) -> str:
    when = obj.get("date")
    if not isinstance(when, str | int) or isinstance(when, bool) or not str(when).strip():
        raise ValidationError("missing date")
    when = str(when).strip()
    if re.fullmatch(r"\d{8}", when):
        when = f"{when[:4]}-{when[4:6]}-{when[6:]}"
    end = obj.get("enddate")
    if isinstance(end, str) and end.strip() and end.strip() != when:
        span = f"{when}/{end.strip()}"
        try:  # an ISO 8601 interval
            parse_event_when(span)
        except ValidationError:
            return when
        return span
    return when


def _tracker_part(obj: Mapping[str, Any]) -> dict[str, Any] | None:
    """What tracker's own export adds (its ``tracker`` object), if it is whole."""
    own = obj.get("tracker")
    if not isinstance(own, dict) or own.get("type") not in EVENT_TYPES:
        return None
    if not isinstance(own.get("date"), str) or not isinstance(own.get("sources"), list):
        return None
    return own


def plover_row(number: int, obj: Mapping[str, Any], text: str, fmt: str) -> Draft:
    """One PLOVER record as a draft event (see the module docstring)."""
    source_id = obj.get("id")
    if not isinstance(source_id, str | int) or isinstance(source_id, bool) or source_id == "":
        raise ValidationError("missing id")
    source_id = clean_text(str(source_id), "id", limit=100)
    when = _when(obj)
    events = [clean_text(str(e), "event", limit=40) for e in _list(obj, "event", required=True)]
    modes = [clean_text(str(m), "mode", limit=40) for m in _list(obj, "mode")]
    contexts = [clean_text(str(c), "context", limit=60) for c in _list(obj, "context")]
    firsts = _actors(obj, ("source", "actor"), "source")
    seconds = _actors(obj, ("recipient", "target"), "recipient")
    own = _tracker_part(obj)
    code_type = plover_type(events[0], modes)
    if own is not None and all(role in roles_for(own["type"]) for _, role in firsts + seconds):
        etype = own["type"]
        parts = [(spec, str(role)) for spec, role in firsts + seconds]
    else:
        if not firsts and seconds:  # no source named: what happened to the recipients
            code_type = ("development", "involved", "involved")
            firsts, seconds = seconds, []
        if not firsts:
            raise ValidationError("no actor named (source[] and recipient[] are empty)")
        etype = code_type[0]
        parts = roles_for_pair(code_type, [a for a, _ in firsts], [a for a, _ in seconds])
        if etype in INTERACTION_TYPES and len({a.name.casefold() for a, _ in parts}) < 2:
            etype = "development"  # a meeting of one: what happened to that actor
            parts = roles_for_pair(
                ("development", "involved", "involved"), [a for a, _ in parts], []
            )
    label = events[0].upper() + (f" ({', '.join(modes)})" if modes else "")
    summary = _summary(obj, f"{label}: {' → '.join(a.name for a, _ in parts)}")
    place = obj.get("event_loc")
    if isinstance(place, dict):
        place = _value(place, "name", "placename", "geo_name", "asciiname")
    location = (
        clean_text(place, "event_loc", limit=200, required=False) if isinstance(place, str) else ""
    )
    intensity = obj.get("intensity", obj.get("event_intensity"))
    if intensity is not None and (
        isinstance(intensity, bool) or not isinstance(intensity, int | float)
    ):
        intensity = parse_number(str(intensity), "intensity")
    quad = obj.get("quad_code")
    scale = obj.get("event_scale")
    return Draft(
        lines=(number,),
        key=f"{fmt}:{source_id}",
        type=etype,
        when=own["date"] if own else when,
        actors=parts,
        summary=summary,
        sources=list(own["sources"]) if own else [_source(obj, fmt)],
        topics=[str(t) for t in own.get("topics") or []] if own else [],
        location=location or None,
        cameo=own.get("cameo") if own else None,
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
            event_scale=scale if isinstance(scale, str | int | float) else None,
        ),
        event_id=spelled_id(source_id),
        raw=truncate(text),
        exported=dict(obj) if own is not None else None,
    )
