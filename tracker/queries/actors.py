"""Who is this? Resolving the names a user types, and the registry's structure over time.

Resolution, in order: the exact id; then a name or alias, ignoring case and accents; then
an office held at the date in question ("US Secretary of State" in August 2021). Merged
actors answer as the actor they were merged into. An ambiguous name lists every candidate;
an unknown one suggests the closest names (rapidfuzz).

A ``Span`` is an actor over a stretch of days (ISO dates, ``None`` for open): an office
resolves to its holders over their tenures, and ``--members`` widens an actor to
everything affiliated with it, each over the time it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import orjson

from tracker.domain.errors import AmbiguousActorError, UnknownActorError, ValidationError
from tracker.domain.names import name_key
from tracker.queries.suggest import LIMIT, closest


@dataclass(frozen=True)
class Span:
    actor_id: str
    first: str | None = None  # ISO day, inclusive; None: since always
    last: str | None = None  # ISO day, inclusive; None: still

    def clip(self, first: str | None, last: str | None) -> Span | None:
        lo = max((d for d in (self.first, first) if d), default=None)
        hi = min((d for d in (self.last, last) if d), default=None)
        if lo and hi and lo > hi:
            return None
        return Span(self.actor_id, lo, hi)


@dataclass(frozen=True)
class Office:
    id: str
    actor_id: str
    title: str
    org_id: str | None
    start: str | None
    end: str | None
    first: str | None
    last: str | None
    aliases: tuple[str, ...]


# --------------------------------------------------------------------------- merges


def merge_map(conn: sqlite3.Connection) -> dict[str, str]:
    """Every merged actor id -> the id it answers as now (merges followed to the end)."""
    direct = dict(
        conn.execute("SELECT id, merged_into FROM actors WHERE merged_into IS NOT NULL").fetchall()
    )
    out: dict[str, str] = {}
    for start in direct:
        current, seen = start, {start}
        while current in direct and direct[current] not in seen:
            current = direct[current]
            seen.add(current)
        out[start] = current
    return out


def canonical(conn: sqlite3.Connection, actor_id: str) -> str:
    return merge_map(conn).get(actor_id, actor_id)


def merged_ids(conn: sqlite3.Connection, actor_id: str) -> list[str]:
    """The actor and every id merged into it."""
    return [actor_id, *sorted(a for a, c in merge_map(conn).items() if c == actor_id)]


# --------------------------------------------------------------------------- names


def actor_name(conn: sqlite3.Connection, actor_id: str) -> str:
    """The name an actor id has (its own, merges not followed), or the id itself."""
    row = conn.execute("SELECT name FROM actors WHERE id = ?", (actor_id,)).fetchone()
    return str(row[0]) if row else actor_id


def names(conn: sqlite3.Connection) -> dict[str, tuple[str, str]]:
    """Every actor id -> (the id it answers as, following merges; that actor's name)."""
    own: dict[str, str] = dict(conn.execute("SELECT id, name FROM actors").fetchall())
    merges = merge_map(conn)
    out: dict[str, tuple[str, str]] = {}
    for actor_id in own:
        target = merges.get(actor_id, actor_id)
        out[actor_id] = (target, own.get(target, target))
    return out


# --------------------------------------------------------------------------- offices


def _offices(conn: sqlite3.Connection) -> list[Office]:
    rows = conn.execute(
        "SELECT id, actor_id, title, org_id, start_text, end_text, day_first, day_last, aliases"
        " FROM offices ORDER BY day_first"
    ).fetchall()
    return [
        Office(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], tuple(orjson.loads(r[8])))
        for r in rows
    ]


def _country_names(conn: sqlite3.Connection, code: str | None) -> list[str]:
    """The names a state goes by (for "US Secretary of State"): its code, names, aliases."""
    if not code:
        return []
    names = [code]
    for state_id, name, aliases in conn.execute(
        "SELECT id, name, aliases FROM actors WHERE kind = 'state' AND country = ?", (code,)
    ).fetchall():
        names += [state_id, name, *orjson.loads(aliases)]
    return names


def office_keys(conn: sqlite3.Connection, office: Office) -> set[str]:
    """Every way of naming the office: its title and aliases, alone or after its country."""
    titles = [office.title, *office.aliases]
    keys = {name_key(t) for t in titles}
    row = None
    if office.org_id:
        row = conn.execute("SELECT country FROM actors WHERE id = ?", (office.org_id,)).fetchone()
    if row is None or not row[0]:
        row = conn.execute("SELECT country FROM actors WHERE id = ?", (office.actor_id,)).fetchone()
    for country in _country_names(conn, row[0] if row else None):
        for title in titles:
            keys.add(name_key(f"{country} {title}"))
            keys.add(name_key(f"{country}'s {title}"))
    return keys


def every_office_key(conn: sqlite3.Connection) -> set[str]:
    """The name keys of every way of naming every office (``office_keys``), for a caller
    that asks of many names whether one names an office."""
    return {key for office in _offices(conn) for key in office_keys(conn, office)}


def offices_named(conn: sqlite3.Connection, text: str) -> list[Office]:
    key = name_key(text)
    return [o for o in _offices(conn) if key in office_keys(conn, o)]


def holders(offices: Iterable[Office], first: str | None, last: str | None) -> list[Span]:
    """Who held these offices within [first, last], each over their tenure in the window."""
    spans = []
    for office in offices:
        span = Span(office.actor_id, office.first, office.last).clip(first, last)
        if span is not None:
            spans.append(span)
    return spans


# --------------------------------------------------------------------------- resolution


def actors_named(conn: sqlite3.Connection, text: str) -> list[tuple[str, str]]:
    """(canonical id, name) of the actors with this name or alias, or this exact id: no
    office, no suggestion (cheap, for an importer asking of every new name)."""
    return _by_name(conn, text)


def _by_name(conn: sqlite3.Connection, text: str) -> list[tuple[str, str]]:
    """(canonical id, name) of the actors with this name or alias, or this exact id."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a surrogate from a non-UTF-8 argument: sqlite would choke
        raise ValidationError(f"actor {text!r} is not valid UTF-8") from None
    merges = merge_map(conn)
    row = conn.execute("SELECT id FROM actors WHERE id = ?", (text,)).fetchone()
    ids = [row[0]] if row else []
    if not ids:
        ids = [
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT actor_id FROM actor_names WHERE key = ?", (name_key(text),)
            ).fetchall()
        ]
    found: dict[str, str] = {}
    for actor_id in ids:
        target = merges.get(actor_id, actor_id)
        name = conn.execute("SELECT name FROM actors WHERE id = ?", (target,)).fetchone()
        found[target] = name[0] if name else target
    return sorted(found.items(), key=lambda item: item[1])


def resolve(
    conn: sqlite3.Connection, name: str, on: date | None = None, *, suggestions: bool = True
) -> str:
    """The actor id for ``name`` (an office resolves to its holder ``on`` a date, or today).
    An unknown name's error holds the closest names, unless ``suggestions`` is False (a
    caller that makes the actor instead: the search is over every name in the log)."""
    text = name.strip()
    if not text:
        raise ValidationError("an actor is empty")
    found = _by_name(conn, text)
    if len(found) == 1:
        return found[0][0]
    if len(found) > 1:
        raise AmbiguousActorError(text, found)
    offices = offices_named(conn, text)
    if offices:
        day = (on or date.today()).isoformat()
        spans = holders(offices, day, day)
        ids = sorted({canonical(conn, s.actor_id) for s in spans})
        if len(ids) == 1:
            return ids[0]
        when = f"on {day}"
        if not ids:
            raise UnknownActorError(
                text, [], hint=f"nobody held the office {offices[0].title!r} {when}"
            )
        names = [(i, actor_name(conn, i)) for i in ids]
        raise AmbiguousActorError(text, names)
    raise UnknownActorError(text, suggest(conn, text) if suggestions else [])


def resolve_spans(
    conn: sqlite3.Connection,
    name: str,
    first: str | None = None,
    last: str | None = None,
    *,
    members: bool = False,
) -> tuple[str, list[Span]]:
    """A display name and the spans ``name`` stands for in the window [first, last]."""
    text = name.strip()
    if not text:
        raise ValidationError("an actor is empty")
    found = _by_name(conn, text)
    if len(found) > 1:
        raise AmbiguousActorError(text, found)
    if found:
        roots = [Span(found[0][0])]
        label = found[0][1]
    else:
        offices = offices_named(conn, text)
        if not offices:
            raise UnknownActorError(text, suggest(conn, text))
        # the holders whose tenure overlaps the window, each over their whole tenure
        roots = [
            Span(canonical(conn, o.actor_id), o.first, o.last)
            for o in offices
            if Span(o.actor_id, o.first, o.last).clip(first, last) is not None
        ]
        if not roots:
            window = f"between {first or 'the start'} and {last or 'now'}"
            raise UnknownActorError(
                text, [], hint=f"nobody held the office {offices[0].title!r} {window}"
            )
        label = f"{offices[0].title} ({', '.join(actor_name(conn, s.actor_id) for s in roots)})"
    spans: list[Span] = []
    for root in roots:
        spans += membership(conn, root) if members else _expand_merged(conn, root)
    return label, spans


def _expand_merged(conn: sqlite3.Connection, span: Span) -> list[Span]:
    return [Span(i, span.first, span.last) for i in merged_ids(conn, span.actor_id)]


def membership(conn: sqlite3.Connection, root: Span, depth: int = 8) -> list[Span]:
    """The actor and everything affiliated with it, each over the time the tie held.

    Parts (``part_of``) and office holders are followed down (a state, its ministry, the
    minister); members (``member_of``) are included but not followed further, so the
    members of the UN are its member states, not every official of every state.
    """
    out: list[Span] = []
    seen: set[Span] = set()
    queue: list[tuple[Span, int]] = [(root, 0)]
    while queue:
        span, level = queue.pop(0)
        if span in seen:
            continue
        seen.add(span)
        ids = merged_ids(conn, span.actor_id)
        out += [Span(i, span.first, span.last) for i in ids]
        if level >= depth:
            continue
        marks = ", ".join("?" * len(ids))
        children = conn.execute(
            f"SELECT actor_id, day_first, day_last, relation FROM affiliations"
            f" WHERE org_id IN ({marks}) UNION ALL SELECT actor_id, day_first, day_last,"
            f" 'office' FROM offices WHERE org_id IN ({marks})",
            [*ids, *ids],
        ).fetchall()
        for actor_id, lo, hi, relation in children:
            child = Span(canonical(conn, actor_id), lo, hi).clip(span.first, span.last)
            if child is not None:
                queue.append((child, depth if relation == "member_of" else level + 1))
    return out


def suggest(conn: sqlite3.Connection, text: str, limit: int = LIMIT) -> list[str]:
    """The closest actor names (and office titles) to ``text``, best first: scored by
    the parts of each name and alias (``tracker.queries.suggest``), each actor once."""
    merges = merge_map(conn)
    names = [
        (n, actor_name(conn, merges.get(a, a)))
        for n, a in conn.execute("SELECT name, actor_id FROM actor_names").fetchall()
    ]
    names += [(o.title, o.title) for o in _offices(conn)]
    return closest(text, [n for n, _ in names], limit=limit, shown=[d for _, d in names])
