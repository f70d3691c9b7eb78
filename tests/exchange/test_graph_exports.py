"""GEXF and GraphML exports: valid against the official XSDs (copied into
tests/exchange/schemas/ with their licences), loaded by networkx and igraph, GEXF dynamic
so Gephi's timeline plays, and ``tracker graph --format gexf`` without ``--actor``."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import igraph as ig
import networkx as nx
import pytest
from lxml import etree

from tracker.exchange.exporting.graphs import gexf_lines, write_graph
from tracker.services.tracker import Tracker

Run = Callable[..., Any]
SCHEMAS = Path(__file__).parent / "schemas"
GEXF_NS = {"g": "http://gexf.net/1.3"}


@cache
def schema(name: str) -> etree.XMLSchema:
    main = "graphml/graphml.xsd" if name == "graphml" else f"{name}/gexf.xsd"
    return etree.XMLSchema(etree.parse(str(SCHEMAS / main)))


def assert_valid(data: bytes, name: str) -> etree._Element:
    doc = etree.fromstring(data)
    xsd = schema(name)
    assert xsd.validate(doc), "\n".join(str(e) for e in xsd.error_log)
    return doc


def test_gexf_is_valid_dynamic_and_loads(busy: Tracker, tmp_path: Path, cli: Run) -> None:
    out = tmp_path / "g.gexf"
    result = cli("export", "gexf", "-o", str(out), "--log", str(busy.log.path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"wrote {out} (4 events)"
    doc = assert_valid(out.read_bytes(), "gexf-1.3")
    graph = doc.find("g:graph", GEXF_NS)
    assert graph is not None and "name" not in graph.attrib
    assert graph.attrib["mode"] == "dynamic" and graph.attrib["timeformat"] == "date"
    assert (graph.attrib["start"], graph.attrib["end"]) == ("2021-08-16", "2021-09-30")
    edges = {
        frozenset((e.attrib["source"], e.attrib["target"])): e
        for e in doc.iterfind(".//g:edge", GEXF_NS)
    }
    visit = edges[frozenset(("wang-yi", "sergey-lavrov"))]
    # a visit dated 2021-09 covers the whole month on Gephi's timeline
    assert (visit.attrib["start"], visit.attrib["end"]) == ("2021-09-01", "2021-09-30")
    call = edges[frozenset(("antony-blinken", "wang-yi"))]
    assert (call.attrib["start"], call.attrib["end"]) == ("2021-08-16", "2021-08-16")
    nodes = {n.attrib["id"]: n for n in doc.iterfind(".//g:node", GEXF_NS)}
    assert (nodes["wang-yi"].attrib["start"], nodes["wang-yi"].attrib["end"]) == (
        "2021-08-16",
        "2021-09-30",
    )
    # networkx reads it back, attributes typed
    g = nx.read_gexf(out, version="1.3")
    assert set(g.nodes) == {"antony-blinken", "wang-yi", "sergey-lavrov"}
    assert g.number_of_edges() == 3
    assert g.nodes["wang-yi"]["label"] == "Wang Yi" and g.nodes["wang-yi"]["events"] == 2
    assert g.nodes["sergey-lavrov"]["kind"] == "person"
    assert g.nodes["sergey-lavrov"]["country"] == "RUS"
    edge = g.edges["antony-blinken", "wang-yi"]
    assert edge["contacts"] == 1 and edge["weight"] == 1.0 and edge["types"] == "phone_call"
    # filtered: only Blinken's contacts
    only = tmp_path / "b.gexf"
    cli("export", "gexf", "-a", "Blinken", "-o", str(only), "--log", str(busy.log.path))
    assert_valid(only.read_bytes(), "gexf-1.3")
    assert nx.read_gexf(only, version="1.3").number_of_edges() == 2


def test_graphml_is_valid_and_loads_in_networkx_and_igraph(
    busy: Tracker, tmp_path: Path, cli: Run
) -> None:
    out = tmp_path / "g.graphml"
    result = cli("export", "graphml", "-o", str(out), "--log", str(busy.log.path))
    assert result.exit_code == 0, result.stderr
    assert_valid(out.read_bytes(), "graphml")
    g = nx.read_graphml(out)
    assert set(g.nodes) == {"antony-blinken", "wang-yi", "sergey-lavrov"}
    assert g.edges["wang-yi", "sergey-lavrov"]["last"] == "2021-09-30"
    assert g.edges["wang-yi", "sergey-lavrov"]["contacts"] == 1
    h = ig.Graph.Read_GraphML(str(out))
    assert sorted(h.vs["id"]) == ["antony-blinken", "sergey-lavrov", "wang-yi"]
    assert sorted(h.vs["label"]) == ["Antony Blinken", "Sergey Lavrov", "Wang Yi"]
    assert h.ecount() == 3 and h.es["contacts"] == [1, 1, 1]
    assert not h.is_directed()


def test_graph_command_exports_the_whole_graph(busy: Tracker, tmp_path: Path, cli: Run) -> None:
    out = tmp_path / "all.gexf"
    result = cli("graph", "--format", "gexf", "-o", str(out), "--log", str(busy.log.path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"wrote {out} (3 actors, 3 pairs)"
    assert_valid(out.read_bytes(), "gexf-1.3")
    g = nx.read_gexf(out, version="1.3")
    assert g.number_of_nodes() == 3 and g.number_of_edges() == 3
    # the default path, with --actor: an ego graph
    ego = cli("graph", "-a", "Blinken", "--format", "graphml", "--log", str(busy.log.path))
    assert ego.exit_code == 0, ego.stderr
    written = Path("reports/graph-blinken.graphml")
    assert ego.stdout.strip() == f"wrote {written} (3 actors, 3 pairs)"
    assert_valid(written.read_bytes(), "graphml")
    whole = cli("graph", "--format", "json", "--log", str(busy.log.path))
    assert whole.exit_code == 0 and '"center": null' in whole.stdout
    table = cli("graph", "--log", str(busy.log.path))
    assert table.exit_code == 2
    assert table.stderr.strip().splitlines() == [
        "Error: give --actor for the table or --html; --format gexf, graphml or json"
        " without it is the whole graph"
    ]


HOSTILE = ['<script>alert("x")</script>', 'Tom & Jerry\'s "Bar"', "Zoë 𝔘nicode ]]>"]


@pytest.mark.parametrize("version", ["1.3", "1.2draft"])
def test_hostile_text_stays_valid(version: str) -> None:
    g = nx.Graph()
    for n, name in enumerate(HOSTILE):
        g.add_node(f"a{n}", label=name + "\x01\ufffe", kind="other", events=1, first="2021")
    g.add_edge("a0", "a1", weight=2, first="2021-08-16", last="2021-08-17", types="x&y")
    g.add_edge("a1", "a2", weight=1, first=None, last=None, types="")
    data = "".join(gexf_lines(g, version=version, title="<T & 'x'>")).encode()
    assert_valid(data, f"gexf-{version}")
    back = nx.read_gexf(io.BytesIO(data), version=version)
    assert [back.nodes[f"a{n}"]["label"] for n in range(3)] == HOSTILE
    assert "start" not in back.edges["a1", "a2"]  # no dates known: no interval
    buf = io.BytesIO()
    write_graph(g, "graphml", buf)
    assert_valid(buf.getvalue(), "graphml")
    assert [
        nx.read_graphml(io.BytesIO(buf.getvalue())).nodes[f"a{n}"]["label"] for n in range(3)
    ] == HOSTILE


def test_unwritable_path_is_one_line(busy: Tracker, tmp_path: Path, cli: Run) -> None:
    (tmp_path / "afile").write_text("x")
    target = tmp_path / "afile" / "g.gexf"  # a folder that is a file
    result = cli("graph", "--format", "gexf", "-o", str(target), "--log", str(busy.log.path))
    assert result.exit_code != 0
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("Error:")
    onto_log = cli("export", "gexf", "-o", str(busy.log.path), "--log", str(busy.log.path))
    assert onto_log.exit_code == 2 and "refusing to write" in onto_log.stderr
