"""Metrics of the contact graph, networkx's own: centralities, ranks, shortest paths,
Louvain communities, ego graphs. Plain functions of a graph (``tracker.queries.graph``).

networkx is imported by each function that needs it: it costs a third of a second, which
no command outside the graph should pay.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from tracker.domain.errors import NotFoundError, TrackerError, ValidationError

if TYPE_CHECKING:
    import networkx as nx

METRICS = ("degree", "betweenness", "eigenvector", "pagerank")


@dataclass(frozen=True)
class Ranked:
    actor_id: str
    name: str
    kind: str
    country: str | None
    score: float
    contacts: int  # weighted degree: contacts with anyone
    counterparts: int  # degree: distinct counterparts


def require_node(
    g: nx.Graph, actor_id: str, name: str, start: date | None = None, end: date | None = None
) -> None:
    if actor_id not in g:
        raise NotFoundError(f"{name} has no events {window_text(start, end)}")


def window_text(start: date | None, end: date | None) -> str:
    """'between A and B', 'on or after A', 'on or before B', or 'recorded' (no window).

    >>> window_text(date(2021, 8, 1), None)
    'on or after 2021-08-01'
    """
    if start and end:
        return f"between {start} and {end}"
    return f"on or after {start}" if start else f"on or before {end}" if end else "recorded"


def in_contact(g: nx.Graph) -> nx.Graph:
    """The graph without actors who had no contact in the window (statements only): the
    metrics and communities are about who talks to whom, and isolated nodes would only
    dilute degree and PageRank and make one-person "communities"."""
    return g.subgraph(n for n in g if g.degree(n) > 0).copy()


def ego(g: nx.Graph, actor_id: str, depth: int) -> nx.Graph:
    import networkx as nx

    if depth < 1:
        raise ValidationError(f"--depth must be at least 1, not {depth}")
    # networkx's ego_graph orders nodes by a set (so by string hashing, which changes from
    # run to run); keep ``g``'s order instead, so tables and exports come out the same.
    keep = nx.single_source_shortest_path_length(g, actor_id, cutoff=depth)
    out = nx.Graph()
    out.add_nodes_from((n, dict(d)) for n, d in g.nodes(data=True) if n in keep)
    out.add_edges_from((x, y, dict(d)) for x, y, d in g.edges(data=True) if x in keep and y in keep)
    return out


def centrality(g: nx.Graph, by: str) -> dict[str, float]:
    """networkx's centrality ``by`` (degree, betweenness, eigenvector, pagerank)."""
    import networkx as nx

    if by not in METRICS:
        raise ValidationError(f"unknown metric {by!r}; use {', '.join(METRICS)}")
    if g.number_of_nodes() == 0:
        return {}
    if by == "degree":
        return dict(nx.degree_centrality(g))
    if by == "betweenness":
        return dict(nx.betweenness_centrality(g))
    if by == "eigenvector":
        if g.number_of_edges() == 0:
            return dict.fromkeys(g, 0.0)
        # Power iteration: on a disconnected graph the weight gathers in the component
        # with the largest eigenvalue and the others tend to 0 (networkx's numpy variant
        # refuses disconnected graphs outright).
        try:
            return dict(nx.eigenvector_centrality(g, weight="weight", max_iter=2000, tol=1e-9))
        except nx.PowerIterationFailedConvergence:
            raise TrackerError(
                "eigenvector centrality did not converge on this graph; try pagerank"
            ) from None
    return dict(nx.pagerank(g, weight="weight"))


def rank(g: nx.Graph, by: str, *, top: int | None = 20, kind: str | None = None) -> list[Ranked]:
    scores = centrality(g, by)
    out = []
    for node, score in scores.items():
        data = g.nodes[node]
        if kind and data.get("kind") != kind:
            continue
        out.append(
            Ranked(
                node,
                data.get("label", node),
                data.get("kind", ""),
                data.get("country") or None,
                float(score),
                int(g.degree(node, weight="weight")),
                int(g.degree(node)),
            )
        )
    out.sort(key=lambda r: (-r.score, -r.contacts, r.name))
    return out[:top] if top else out


def shortest_path(g: nx.Graph, source: str, target: str) -> list[str] | None:
    """The fewest hops from ``source`` to ``target``, or None when nothing links them."""
    import networkx as nx

    try:
        return list(nx.shortest_path(g, source, target))
    except nx.NetworkXNoPath:
        return None


def communities(g: nx.Graph, seed: int = 7) -> list[list[str]]:
    """Louvain communities (networkx), largest first; deterministic for a given seed."""
    import networkx as nx

    if g.number_of_edges() == 0:
        return [[n] for n in sorted(g)]
    found = nx.community.louvain_communities(g, weight="weight", seed=seed)
    groups = [sorted(c, key=lambda n: (-g.degree(n, weight="weight"), n)) for c in found]
    groups.sort(key=lambda c: (-len(c), c[0]))
    return groups
