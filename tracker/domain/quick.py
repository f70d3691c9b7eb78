"""The quick look at a stored occurrence: whether a payload is certainly what the full
check (``tracker.domain.validation``) would make of it, without making it.

A log is read through this on every rebuild, so it is quick; when unsure it says no, and
the full check decides (a test checks it never passes what the full check refuses).
"""

from __future__ import annotations

import functools
import math
from typing import Any

from tracker.domain.errors import ValidationError
from tracker.domain.events.actors import ACTOR_ID
from tracker.domain.events.base import (
    DEVELOPMENT_TYPE,
    EVENT_TYPES,
    STATEMENT_TYPE,
    Event,
    roles_for,
)
from tracker.domain.events.occurrences import (
    CAMEO_CODE,
    SOURCE_FIELDS,
    OccurrenceRecorded,
    date_text,
    occurrence_class,
    when_date,
)
from tracker.domain.text import MAX_NAME, MAX_TEXT, SOURCE_URL

# The quick look at the usual stored occurrence (see ``plain_occurrence``).
_OCCURRENCE_KEYS = frozenset(
    ("type", "when", "participants", "summary", "sources", "topics", "location", "cameo", "extra")
)
_CLASS_OF: dict[str, type[OccurrenceRecorded]] = {t: occurrence_class(t) for t in EVENT_TYPES}
_ROLES_OF = {t: frozenset(roles_for(t)) for t in EVENT_TYPES}


@functools.lru_cache(maxsize=65536)
def plain_actor_id(actor: str) -> bool:
    """Whether ``actor`` is an actor id a payload may name (remembered)."""
    return len(actor) <= MAX_NAME + 20 and ACTOR_ID.fullmatch(actor) is not None


_plain_actor_id = plain_actor_id


def _plain_text(value: Any, limit: int) -> bool:
    """Whether ``clean_text(value, limit=limit)`` would return ``value`` itself, by a quick
    look: printable text (then its only possible whitespace is the ASCII space) that does
    not start or end with a space."""
    return (
        type(value) is str
        and 0 < len(value) <= limit
        and value.isprintable()
        and value[0] != " "
        and value[-1] != " "
    )


def _plain_source(source: dict[str, Any]) -> bool:
    """Whether ``Source.parse(source).to_data()`` is certainly ``source`` (a quick look)."""
    if "url" not in source or not source.keys() <= SOURCE_FIELDS:
        return False
    url = source["url"]
    if url is None:
        if "outlet" not in source:
            return False
    elif not _plain_text(url, 2000) or not SOURCE_URL.match(url):
        return False
    if "outlet" in source and not _plain_text(source["outlet"], MAX_NAME):
        return False
    if "quote" in source and not _plain_text(source["quote"], MAX_TEXT):
        return False
    if "published" in source:
        published = source["published"]
        if not _plain_text(published, 40):
            return False
        try:
            return date_text(published) == published
        except ValidationError:
            return False
    return True


def plain_occurrence(cls: type[Event], d: dict[str, Any]) -> bool:
    """True when ``d`` is certainly what ``_occurrence_build`` makes of it: the usual stored
    occurrence, made of printable text and url sources. False when unsure: the full
    check then decides. A log is read through this on every rebuild, so it is quick (a
    test checks it never passes what the full check refuses)."""
    if not d.keys() <= _OCCURRENCE_KEYS:
        return False
    etype = d.get("type")
    if type(etype) is not str or _CLASS_OF.get(etype) is not cls:
        return False
    when = d.get("when")
    if type(when) is not str:
        return False
    try:
        if when_date(when).text != when:
            return False
    except ValidationError:
        return False
    parts = d.get("participants")
    if type(parts) is not list:
        return False
    roles, seen, speaker = _ROLES_OF[etype], set(), False
    for p in parts:
        if type(p) is not dict or len(p) != 2:
            return False
        actor, role = p.get("actor"), p.get("role")
        if type(actor) is not str or type(role) is not str or role not in roles:
            return False
        if actor in seen or not _plain_actor_id(actor):
            return False
        seen.add(actor)
        speaker = speaker or role == "speaker"
    if etype == STATEMENT_TYPE:
        if not speaker:
            return False
    elif not parts or (etype != DEVELOPMENT_TYPE and len(parts) < 2):
        return False
    if not _plain_text(d.get("summary"), MAX_TEXT):
        return False
    sources = d.get("sources")
    if type(sources) is not list or not sources:
        return False
    for source in sources:
        if type(source) is not dict or not _plain_source(source):
            return False
    topics = d.get("topics", [])
    if type(topics) is not list:
        return False
    if topics:
        for topic in topics:
            if not _plain_text(topic, MAX_NAME) or "  " in topic:
                return False
        if len(set(topics)) != len(topics):
            return False
    location = d.get("location")
    if location is not None and (not _plain_text(location, MAX_NAME) or "  " in location):
        return False
    cameo = d.get("cameo")
    if cameo is not None and (type(cameo) is not str or not CAMEO_CODE.match(cameo)):
        return False
    extra = d.get("extra")
    return extra is None or (type(extra) is dict and _plain_extra(extra))


_PLAIN_EXTRA_KEYS: set[str] = set()  # keys seen to be their own clean form (a few dozen)


def _plain_value(value: Any) -> bool:
    kind = type(value)
    if kind is str:
        return len(value) <= 2000 and value.isprintable()
    if kind is float:
        return math.isfinite(value)
    return kind is int or kind is bool


def _plain_extra(extra: dict[str, Any]) -> bool:
    """Whether ``check_extra(extra)`` is certainly ``extra`` itself (a quick look)."""
    if not extra.keys() <= _PLAIN_EXTRA_KEYS:
        for key in extra:
            if not _plain_text(key, 40):
                return False
            if len(_PLAIN_EXTRA_KEYS) < 4096:
                _PLAIN_EXTRA_KEYS.add(key)
    for item in extra.values():  # _plain_value, unrolled: a GDELT event has fifteen
        kind = type(item)
        if kind is str:
            if not item or len(item) > 2000 or not item.isprintable():
                return False
        elif kind is float:
            if not math.isfinite(item):
                return False
        elif kind is list:
            if not item or not all(map(_plain_value, item)):
                return False
        elif kind is not int and kind is not bool:
            return False
    return True
