"""Graphs for other tools: GEXF and GraphML that Gephi opens."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tracker.domain.errors import ValidationError

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
