"""The actor graph, built from the read model with networkx.

- ``contact_graph``: the aggregated, weighted view used by the metrics. Nodes are actors
  (name, kind, country, events); an edge joins two actors who took part in the same
  interaction, with ``weight`` (contacts), ``first`` and ``last`` (days). With
  ``detail=True`` edges also keep their event ids and types.
- ``event_graph``: one edge per event and pair (a ``MultiGraph``): interactions give
  ``contact`` edges; statements give ``about`` and ``addresses`` edges from the speaker.

Both respect a window of days (an event is in it if its dates overlap it), follow actor
merges, and work on an ``--as-of`` read model as on the live one. The metrics are in
``tracker.queries.metrics``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any

from tracker.queries.actors import merge_map
from tracker.queries.events import window_clause

if TYPE_CHECKING:
    import networkx as nx


def _window(start: date | None, end: date | None) -> tuple[str, list[Any]]:
    return window_clause(start, end)


@contextmanager
def _canonical_ids(conn: sqlite3.Connection) -> Iterator[str]:
    """A SQL expression for a participation's actor id after merges (``p`` is the alias)."""
    merges = merge_map(conn)
    if not merges:
        yield "{p}.actor_id"
        return
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS canon (id TEXT PRIMARY KEY, cid TEXT)")
    conn.execute("DELETE FROM canon")
    conn.executemany("INSERT INTO canon VALUES (?, ?)", merges.items())
    try:
        yield "COALESCE((SELECT cid FROM canon WHERE id = {p}.actor_id), {p}.actor_id)"
    finally:
        conn.execute("DELETE FROM canon")


def _add_nodes(
    g: nx.Graph, conn: sqlite3.Connection, where: str, params: list[Any], cid: str
) -> None:
    actor = cid.format(p="p")
    count = "COUNT(*)" if cid == "{p}.actor_id" else "COUNT(DISTINCT e.seq)"  # merges
    rows = conn.execute(
        f"SELECT {actor} AS aid, {count}, MIN(e.day_first), MAX(e.day_last)"
        f" FROM participations p JOIN events e ON e.seq = p.seq WHERE {where}"
        f" GROUP BY aid ORDER BY aid",
        params,
    ).fetchall()
    info = {
        r[0]: r[1:] for r in conn.execute("SELECT id, name, kind, country FROM actors").fetchall()
    }
    for actor_id, events, first, last in rows:
        name, kind, country = info.get(actor_id, (actor_id, "other", None))
        g.add_node(
            actor_id,
            label=name,
            kind=kind,
            country=country or "",
            events=events,
            first=first,
            last=last,
        )


def contact_graph(
    conn: sqlite3.Connection,
    start: date | None = None,
    end: date | None = None,
    *,
    detail: bool = False,
    stats: bool = True,
) -> nx.Graph:
    """The weighted contact graph of the window.

    ``stats=False`` skips each actor's event counts (one pass over the participations):
    the nodes are then the actors with a contact, with name, kind and country only.
    """
    import networkx as nx

    where, params = _window(start, end)
    g = nx.Graph()
    with _canonical_ids(conn) as cid:
        if stats:
            _add_nodes(g, conn, where, params, cid)
        a, b = cid.format(p="a"), cid.format(p="b")
        extra = ", GROUP_CONCAT(id, ' '), GROUP_CONCAT(DISTINCT type)" if detail else ""
        # Pairs are ordered after merges (MIN/MAX of the canonical ids), so one group holds
        # every event of a pair: an event naming a merged id and its target counts once.
        if cid == "{p}.actor_id":  # no merges: each pair of ids occurs once per event
            plain_extra = (
                ", GROUP_CONCAT(e.id, ' '), GROUP_CONCAT(DISTINCT e.type)" if detail else ""
            )
            rows = conn.execute(
                f"SELECT a.actor_id AS x, b.actor_id AS y, COUNT(*), MIN(e.day_first),"
                f" MAX(e.day_first){plain_extra}"
                f" FROM events e JOIN participations a ON a.seq = e.seq"
                f" JOIN participations b ON b.seq = e.seq AND a.actor_id < b.actor_id"
                f" WHERE {where} AND e.category = 'interaction' GROUP BY x, y ORDER BY x, y",
                params,
            ).fetchall()
        else:
            rows = conn.execute(
                f"SELECT MIN(x0, y0) AS x, MAX(x0, y0) AS y, COUNT(DISTINCT id), MIN(day),"
                f" MAX(day){extra} FROM (SELECT {a} AS x0, {b} AS y0, e.id AS id,"
                f" e.day_first AS day, e.type AS type"
                f" FROM events e JOIN participations a ON a.seq = e.seq"
                f" JOIN participations b ON b.seq = e.seq AND a.actor_id < b.actor_id"
                f" WHERE {where} AND e.category = 'interaction')"
                f" WHERE x0 <> y0 GROUP BY x, y ORDER BY x, y",
                params,
            ).fetchall()
    for row in rows:
        x, y = row[0], row[1]
        attrs: dict[str, Any] = {"weight": row[2], "first": row[3], "last": row[4]}
        if detail:
            attrs["events"] = " ".join(sorted(set(row[5].split())))
            attrs["types"] = ",".join(sorted(set(row[6].split(","))))
        g.add_edge(x, y, **attrs)
    if not stats:
        for actor_id, name, kind, country in conn.execute(
            "SELECT id, name, kind, country FROM actors"
        ).fetchall():
            if actor_id in g:
                g.nodes[actor_id].update(label=name, kind=kind, country=country or "")
    return g


def event_graph(
    conn: sqlite3.Connection, start: date | None = None, end: date | None = None
) -> nx.MultiGraph:
    """One edge per event and pair: ``contact`` for interactions; ``about``/``addresses``
    from a statement's speaker (``source`` says who spoke)."""
    import networkx as nx

    where, params = _window(start, end)
    g = nx.MultiGraph()
    with _canonical_ids(conn) as cid:
        _add_nodes(g, conn, where, params, cid)
        a, b = cid.format(p="a"), cid.format(p="b")
        contacts = conn.execute(
            f"SELECT {a}, {b}, e.id, e.day_first, e.type FROM events e"
            f" JOIN participations a ON a.seq = e.seq"
            f" JOIN participations b ON b.seq = e.seq AND a.actor_id < b.actor_id"
            f" WHERE {where} AND e.category = 'interaction' ORDER BY e.day_first, e.seq",
            params,
        ).fetchall()
        statements = conn.execute(
            f"SELECT {a}, {b}, e.id, e.day_first, e.type, b.role FROM events e"
            f" JOIN participations a ON a.seq = e.seq AND a.role = 'speaker'"
            f" JOIN participations b ON b.seq = e.seq AND b.role IN ('about', 'addressee')"
            f" WHERE {where} AND e.category = 'statement' ORDER BY e.day_first, e.seq",
            params,
        ).fetchall()
    for x, y, event_id, day, etype in contacts:
        if x != y:
            g.add_edge(x, y, key=event_id, relation="contact", date=day, type=etype)
    for x, y, event_id, day, etype, role in statements:
        if x != y:
            relation = "addresses" if role == "addressee" else "about"
            g.add_edge(
                x, y, key=f"{event_id}:{y}", relation=relation, date=day, type=etype, source=x
            )
    return g


def activity(
    conn: sqlite3.Connection,
    actors: Sequence[str] | None = None,
    *,
    top: int = 20,
    start: date | None = None,
    end: date | None = None,
) -> tuple[list[str], list[str], list[list[int]]]:
    """Events per actor and month: (names, months YYYY-MM, counts[actor][month]).

    ``actors`` (ids, in the order wanted) or else the ``top`` busiest in the window.
    Months run without gaps from the first to the last month with an event.
    """
    where, params = _window(start, end)
    with _canonical_ids(conn) as cid:
        actor = cid.format(p="p")
        rows = conn.execute(
            f"SELECT {actor} AS aid, substr(e.day_first, 1, 7) AS month, COUNT(DISTINCT e.id)"
            f" FROM participations p JOIN events e ON e.seq = p.seq WHERE {where}"
            f" GROUP BY aid, month",
            params,
        ).fetchall()
    totals: dict[str, int] = {}
    cells: dict[tuple[str, str], int] = {}
    for aid, month, n in rows:
        totals[aid] = totals.get(aid, 0) + n
        cells[aid, month] = n
    chosen = list(actors) if actors else sorted(totals, key=lambda a: (-totals[a], a))[:top]
    present = sorted({m for (a, m) in cells if a in chosen})
    months = _month_range(present[0], present[-1]) if present else []
    names = dict(conn.execute("SELECT id, name FROM actors").fetchall())
    return (
        [names.get(a, a) for a in chosen],
        months,
        [[cells.get((a, m), 0) for m in months] for a in chosen],
    )


def _month_range(first: str, last: str) -> list[str]:
    """Every month ``YYYY-MM`` from ``first`` to ``last``, compared as numbers: as text,
    "10000-01" would sort before "9999-12" and the months would run to year 99989."""
    index = int(first[:4]) * 12 + int(first[5:7]) - 1
    end = int(last[:4]) * 12 + int(last[5:7]) - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index, end + 1)]
