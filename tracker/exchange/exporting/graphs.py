"""gexf, graphml: the contact graph of the selected interactions, as GEXF or GraphML that
Gephi opens (every attribute a string, integer, float or boolean; GEXF edges carry their
first and last contact as ``start``/``end`` for Gephi's timeline)."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.domain.errors import ValidationError
from tracker.exchange.exporting.selection import ExportResult, Selection, actor_info, outputs_of
from tracker.log.outputs import replacing
from tracker.services.tracker import Tracker

if TYPE_CHECKING:
    import networkx as nx


def for_export(g: nx.Graph) -> nx.Graph:
    """A copy whose attributes are all str, int, float or bool (what GEXF allows), with
    each edge's first and last contact as ``start``/``end`` for Gephi's timeline."""
    import networkx as nx

    out = nx.Graph()
    for node, data in g.nodes(data=True):
        out.add_node(
            node,
            label=str(data.get("label", node)),
            kind=str(data.get("kind", "")),
            country=str(data.get("country") or ""),
            events=int(data.get("events", 0)),
        )
    for x, y, data in g.edges(data=True):
        attrs: dict[str, Any] = {
            "weight": float(data.get("weight", 1)),
            "first": str(data.get("first") or ""),
            "last": str(data.get("last") or ""),
        }
        if data.get("first"):
            attrs["start"] = str(data["first"])
            attrs["end"] = str(data["last"])
        for key in ("events", "types"):
            if key in data:
                attrs[key] = str(data[key])
        out.add_edge(x, y, **attrs)
    return out


def write_graph(g: nx.Graph, fmt: str, path: Any) -> None:
    """Write GEXF or GraphML that Gephi opens, to a path or an open binary file."""
    import networkx as nx

    clean = for_export(g)
    if fmt == "gexf":
        nx.write_gexf(clean, path)
    elif fmt == "graphml":
        for _, _, data in clean.edges(data=True):  # GraphML has no dynamic start/end
            data.pop("start", None)
            data.pop("end", None)
        nx.write_graphml(clean, path)
    else:
        raise ValidationError(f"unknown graph format {fmt!r}; use gexf or graphml")


def selection_graph(tracker: Tracker, selection: Selection) -> nx.Graph:
    """The contact graph of the selection's interactions (attributes as in tracker.queries.graph)."""
    import networkx as nx

    info = actor_info(tracker, selection.as_of)
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
    g = selection_graph(tracker, selection)
    with replacing(path, outputs=outputs_of(tracker)) as f:
        write_graph(g, fmt, f)
    return ExportResult(path, len(selection.entries), g.number_of_nodes())
