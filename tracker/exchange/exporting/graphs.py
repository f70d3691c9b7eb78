"""gexf, graphml: the contact graph of the selected interactions, as files that Gephi,
networkx and igraph open and that validate against the formats' official XSDs.

- GEXF 1.3 (``http://gexf.net/1.3``; ``version="1.2draft"`` for older readers): a dynamic
  graph (``mode="dynamic"``, ``timeformat="date"``) whose nodes carry the actor's first and
  last day in the selection and whose edges carry the pair's first and last contact as
  ``start``/``end``, so Gephi's timeline plays. Attributes are declared per class (node:
  kind, country, events, first, last; edge: contacts, first, last, types, events), each
  edge's ``weight`` is its number of contacts, and the graph has no empty ``name`` (which
  the schema rejects).
- GraphML (networkx's writer): the same attributes, without the dynamic intervals.

Text that XML 1.0 cannot hold (control characters, lone surrogates, U+FFFE/U+FFFF) is
dropped, so every file stays well-formed whatever an import brought in.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

from tracker.domain.dates import parse_event_when
from tracker.domain.errors import ValidationError
from tracker.exchange.exporting.selection import ExportResult, Selection, actor_info, outputs_of
from tracker.log.outputs import replacing
from tracker.services.tracker import Tracker

if TYPE_CHECKING:
    import networkx as nx

GEXF_VERSIONS = {
    "1.3": ("http://gexf.net/1.3", "1.3", "http://gexf.net/1.3/gexf.xsd"),
    "1.2draft": ("http://www.gexf.net/1.2draft", "1.2", "http://www.gexf.net/1.2draft/gexf.xsd"),
}
# (id, title, GEXF type, graph attribute, converter)
_NODE_ATTRS = (
    ("kind", "kind", "string", "kind", str),
    ("country", "country", "string", "country", str),
    ("events", "events", "integer", "events", int),
    ("first", "first", "string", "first", str),
    ("last", "last", "string", "last", str),
)
_EDGE_ATTRS = (
    ("contacts", "contacts", "integer", "weight", int),
    ("first", "first", "string", "first", str),
    ("last", "last", "string", "last", str),
    ("types", "types", "string", "types", str),
    ("events", "events", "string", "events", str),
)
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def xml_text(value: object) -> str:
    """``value`` as text XML 1.0 can hold: the characters it forbids are dropped."""
    return _NOT_XML.sub("", str(value))


def _attr(value: object) -> str:
    return quoteattr(xml_text(value))


def _day(value: object) -> str | None:
    """A day (``YYYY-MM-DD``) for GEXF's ``xs:date``, or None."""
    text = str(value or "")[:10]
    return text if _DAY.fullmatch(text) else None


def _interval(data: dict[str, Any]) -> str:
    start, end = _day(data.get("first")), _day(data.get("last"))
    out = f" start={_attr(start)}" if start else ""
    if end:
        out += f" end={_attr(end)}"
    return out


def _attvalues(data: dict[str, Any], spec: tuple[tuple[str, str, str, str, Any], ...]) -> str:
    values = []
    for attr_id, _, _, key, convert in spec:
        value = data.get(key)
        if value is None or value == "":
            continue
        values.append(f'<attvalue for="{attr_id}" value={_attr(convert(value))}/>')
    return f"<attvalues>{''.join(values)}</attvalues>" if values else ""


def _declare(cls: str, spec: tuple[tuple[str, str, str, str, Any], ...]) -> str:
    attrs = "".join(
        f'<attribute id="{attr_id}" title="{title}" type="{kind}"/>'
        for attr_id, title, kind, _, _ in spec
    )
    return f'<attributes class="{cls}" mode="static">{attrs}</attributes>'


def gexf_lines(g: nx.Graph, *, version: str = "1.3", title: str = "") -> Iterator[str]:
    """The GEXF document of a contact graph, in pieces (see the module docstring)."""
    if version not in GEXF_VERSIONS:
        raise ValidationError(f"unknown GEXF version {version!r}; use 1.3 or 1.2draft")
    namespace, number, location = GEXF_VERSIONS[version]
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield (
        f'<gexf xmlns="{namespace}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        f' xsi:schemaLocation="{namespace} {location}" version="{number}">\n'
    )
    yield f'  <meta lastmodifieddate="{date.today().isoformat()}"><creator>tracker</creator>'
    if title:
        yield f"<description>{escape(xml_text(title))}</description>"
    yield "</meta>\n"
    days = [d for _, _, data in g.edges(data=True) for d in (data.get("first"), data.get("last"))]
    days += [d for _, data in g.nodes(data=True) for d in (data.get("first"), data.get("last"))]
    known = sorted(filter(None, map(_day, days)))
    span = f' start="{known[0]}" end="{known[-1]}"' if known else ""
    yield (
        f'  <graph defaultedgetype="undirected" mode="dynamic" timeformat="date"'
        f' idtype="string"{span}>\n'
    )
    yield f"    {_declare('node', _NODE_ATTRS)}\n    {_declare('edge', _EDGE_ATTRS)}\n"
    yield f'    <nodes count="{g.number_of_nodes()}">\n'
    for node, data in g.nodes(data=True):
        label = data.get("label", node)
        yield (
            f"      <node id={_attr(node)} label={_attr(label)}{_interval(data)}>"
            f"{_attvalues(data, _NODE_ATTRS)}</node>\n"
        )
    yield f'    </nodes>\n    <edges count="{g.number_of_edges()}">\n'
    for number_, (x, y, data) in enumerate(g.edges(data=True)):
        weight = float(data.get("weight", 1))
        yield (
            f'      <edge id="{number_}" source={_attr(x)} target={_attr(y)} weight="{weight}"'
            f"{_interval(data)}>{_attvalues(data, _EDGE_ATTRS)}</edge>\n"
        )
    yield "    </edges>\n  </graph>\n</gexf>\n"


def _graphml_ready(g: nx.Graph) -> nx.Graph:
    """A copy whose attributes are all str, int or float (what GraphML allows), none empty."""
    import networkx as nx

    out = nx.Graph()
    for node, data in g.nodes(data=True):
        label = xml_text(data.get("label", node))
        out.add_node(xml_text(node), label=label, **_typed(data, _NODE_ATTRS))
    for x, y, data in g.edges(data=True):
        weight = float(data.get("weight", 1))
        out.add_edge(xml_text(x), xml_text(y), weight=weight, **_typed(data, _EDGE_ATTRS))
    return out


def _typed(
    data: dict[str, Any], spec: tuple[tuple[str, str, str, str, Any], ...]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for attr_id, _, _, key, convert in spec:
        value = data.get(key)
        if value is not None and value != "":
            out[attr_id] = convert(value) if convert is int else xml_text(value)
    return out


def write_graph(g: nx.Graph, fmt: str, f: IO[bytes], *, title: str = "") -> None:
    """Write GEXF (1.3) or GraphML that Gephi, networkx and igraph open, to a binary file."""
    if fmt == "gexf":
        for piece in gexf_lines(g, title=title):
            f.write(piece.encode("utf-8"))
    elif fmt == "graphml":
        import networkx as nx

        nx.write_graphml(_graphml_ready(g), f)
    else:
        raise ValidationError(f"unknown graph format {fmt!r}; use gexf or graphml")


def selection_graph(tracker: Tracker, selection: Selection) -> nx.Graph:
    """The contact graph of the selection's interactions (attributes as in
    ``tracker.queries.graph``; an event's last day is the last day its date covers)."""
    import networkx as nx

    info = actor_info(tracker, selection.as_of)
    g = nx.Graph()
    for e in selection.entries:
        if e.category != "interaction":
            continue
        first, last = e.day_first, e.day_last or parse_event_when(e.when).last.isoformat()
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
                    first=first,
                    last=last,
                )
            node = g.nodes[actor_id]
            node["events"] += 1
            node["first"], node["last"] = min(node["first"], first), max(node["last"], last)
        for x, y in itertools.combinations(ids, 2):
            if g.has_edge(x, y):
                d = g.edges[x, y]
                d["weight"] += 1
                d["first"] = min(d["first"], first)
                d["last"] = max(d["last"], last)
                d["events"] += " " + e.id
                if e.type not in d["types"].split(","):
                    d["types"] = ",".join(sorted({*d["types"].split(","), e.type}))
            else:
                g.add_edge(x, y, weight=1, first=first, last=last, events=e.id, types=e.type)
    return g


def export_graph(tracker: Tracker, selection: Selection, fmt: str, path: Path) -> ExportResult:
    g = selection_graph(tracker, selection)
    with replacing(path, outputs=outputs_of(tracker)) as f:
        write_graph(g, fmt, f, title=selection.title)
    return ExportResult(path, len(selection.entries), g.number_of_nodes())
