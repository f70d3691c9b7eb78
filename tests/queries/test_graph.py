"""The actor graph and its commands: graph, rank, path, dyad, communities, report.

Everything is checked on the shipped log and on a synthetic 200-actor, 5,000-event log.
The expected numbers are made here, independently of tracker's SQL: the log is replayed
with ``EventLog.read()``, pairs are counted in Python, and the metrics are computed with
networkx on a graph built from those counts.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import networkx as nx
import orjson
import pytest

from benchmarks.generate import generate
from tests.conftest import SOURCE, file_digest
from tracker.domain.cameo import goldstein
from tracker.log.file import EventLog
from tracker.queries import graph as tgraph
from tracker.queries import metrics
from tracker.queries.metrics import in_contact
from tracker.services.recording import ActorRef
from tracker.services.tracker import Tracker

CLI = Callable[..., Any]
METRICS = ("degree", "betweenness", "eigenvector", "pagerank")
CATEGORY = {
    "InteractionRecorded": "interaction",
    "StatementRecorded": "statement",
    "DevelopmentRecorded": "development",
}
GEXF_TYPES = {"string", "integer", "float", "double", "boolean", "long"}

# --------------------------------------------------------------------------- the independent count


@dataclass
class Replay:
    """The log replayed here, in plain Python: actors, merges and the live events."""

    actors: dict[str, dict[str, Any]] = field(default_factory=dict)
    merged: dict[str, str] = field(default_factory=dict)
    events: dict[str, dict[str, Any]] = field(default_factory=dict)
    last_recorded: str = ""

    def canon(self, actor_id: str) -> str:
        seen = {actor_id}
        while actor_id in self.merged and self.merged[actor_id] not in seen:
            actor_id = self.merged[actor_id]
            seen.add(actor_id)
        return actor_id

    def people(self, event: dict[str, Any]) -> set[str]:
        return {self.canon(a) for a, _ in event["participants"]}

    def live(self, start: str | None = None, end: str | None = None) -> Iterator[dict[str, Any]]:
        for event in self.events.values():
            day = event["when"]
            assert len(day) == 10, day  # every test event has a full date
            if (start is None or day >= start) and (end is None or day <= end):
                yield event

    def label(self, actor_id: str) -> str:
        return str(self.actors[actor_id]["name"])


def replay(path: Path) -> Replay:
    rep = Replay()
    for record in EventLog(path).read():
        data = record.data
        rep.last_recorded = record.recorded_at
        if record.type == "ActorRegistered":
            rep.actors[data["actor"]] = {
                "name": data["name"],
                "kind": data["kind"],
                "country": data.get("country") or "",
            }
        elif record.type == "ActorRenamed":
            rep.actors[data["actor"]]["name"] = data["name"]
        elif record.type == "ActorsMerged":
            rep.merged[data["source"]] = data["target"]
        elif record.type == "ActorsUnmerged":
            rep.merged.pop(data["source"])
        elif record.type in CATEGORY:
            rep.events[record.id] = {
                "id": record.id,
                "category": CATEGORY[record.type],
                "type": data["type"],
                "when": data["when"],
                "cameo": data.get("cameo"),
                "participants": [(p["actor"], p["role"]) for p in data["participants"]],
            }
        elif record.type == "EventRetracted":
            del rep.events[data["target"]]
        else:
            assert record.type in {"OfficeHeld", "ActorAffiliated"}, record.type
    return rep


def pair_count(rep: Replay, x: str, y: str) -> int:
    """Live interactions whose participants include both ``x`` and ``y``."""
    return sum(1 for e in rep.live() if e["category"] == "interaction" and {x, y} <= rep.people(e))


def expected_graph(rep: Replay, start: str | None = None, end: str | None = None) -> nx.Graph:
    """The contact graph from the replay: a node per actor with a live event in the window,
    an edge per pair of an interaction's participants, weighted by their interactions."""
    events: Counter[str] = Counter()
    pairs: dict[tuple[str, str], list[str]] = {}
    for event in rep.live(start, end):
        people = sorted(rep.people(event))
        events.update(people)
        if event["category"] == "interaction":
            for x, y in itertools.combinations(people, 2):
                pairs.setdefault((x, y), []).append(event["when"])
    g = nx.Graph()
    for node in sorted(events):
        info = rep.actors[node]
        g.add_node(
            node,
            label=info["name"],
            kind=info["kind"],
            country=info["country"],
            events=events[node],
        )
    for (x, y), days in sorted(pairs.items()):
        g.add_edge(x, y, weight=len(days), first=min(days), last=max(days))
    return g


def assert_same_graph(got: nx.Graph, want: nx.Graph) -> None:
    assert set(got) == set(want)
    for node, data in want.nodes(data=True):
        have = got.nodes[node]
        assert {k: have[k] for k in ("label", "kind", "country", "events")} == data, node
    assert {frozenset(e) for e in got.edges} == {frozenset(e) for e in want.edges}
    for x, y, data in want.edges(data=True):
        have = got.edges[x, y]
        assert (have["weight"], have["first"], have["last"]) == (
            data["weight"],
            data["first"],
            data["last"],
        ), (x, y)


def expected_scores(g: nx.Graph, by: str) -> dict[str, float]:
    if by == "degree":
        return dict(nx.degree_centrality(g))
    if by == "betweenness":
        return dict(nx.betweenness_centrality(g))
    if by == "eigenvector":
        return dict(nx.eigenvector_centrality(g, weight="weight", max_iter=2000, tol=1e-9))
    return dict(nx.pagerank(g, weight="weight"))


def expected_ranking(g: nx.Graph, by: str) -> tuple[list[str], dict[str, float]]:
    """Highest score first; ties by contacts, then name (scores rounded off float noise)."""
    scores = expected_scores(g, by)
    order = sorted(
        g,
        key=lambda n: (-round(scores[n], 12), -g.degree(n, weight="weight"), g.nodes[n]["label"]),
    )
    return order, scores


def check_ranking(rows: list[dict[str, Any]], g: nx.Graph, by: str, order: list[str]) -> None:
    scores = expected_scores(g, by)
    assert [r["id"] for r in rows] == order
    assert [r["rank"] for r in rows] == list(range(1, len(order) + 1))
    for row in rows:
        node = g.nodes[row["id"]]
        assert abs(row["score"] - scores[row["id"]]) <= 1e-9, row
        assert row["name"] == node["label"]
        assert row["kind"] == node["kind"]
        assert row["country"] == (node["country"] or None)
        assert row["contacts"] == g.degree(row["id"], weight="weight")
        assert row["counterparts"] == g.degree(row["id"])


def expected_event_edges(rep: Replay) -> Counter[tuple[str, str, frozenset[str], str | None]]:
    """(key, relation, pair, source) of every event_graph edge, from the replay."""
    out: Counter[tuple[str, str, frozenset[str], str | None]] = Counter()
    for event in rep.live():
        if event["category"] == "interaction":
            for x, y in itertools.combinations(sorted(rep.people(event)), 2):
                out[event["id"], "contact", frozenset((x, y)), None] += 1
        elif event["category"] == "statement":
            (speaker,) = [rep.canon(a) for a, r in event["participants"] if r == "speaker"]
            for actor, role in event["participants"]:
                target = rep.canon(actor)
                if role in ("about", "addressee") and target != speaker:
                    relation = "addresses" if role == "addressee" else "about"
                    key = f"{event['id']}:{target}"
                    out[key, relation, frozenset((speaker, target)), speaker] += 1
    return out


def event_edges(g: nx.MultiGraph) -> Counter[tuple[str, str, frozenset[str], str | None]]:
    return Counter(
        (k, d["relation"], frozenset((u, v)), d.get("source"))
        for u, v, k, d in g.edges(keys=True, data=True)
    )


def dyad_events(rep: Replay, a: str, b: str) -> list[dict[str, Any]]:
    return [e for e in rep.live() if {a, b} <= rep.people(e)]


def call_id(rep: Replay, other: str) -> str:
    """The id of the shipped phone call between Blinken and ``other``."""
    (found,) = [
        e["id"]
        for e in rep.live()
        if e["type"] == "phone_call" and rep.people(e) == {"antony-blinken", other}
    ]
    return found


def moment(recorded_at: str) -> datetime:
    return datetime.fromisoformat(recorded_at.replace("Z", "+00:00"))


def ok(result: Any) -> str:
    assert "Traceback" not in str(result.stdout) + str(result.stderr)
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    return str(result.stdout)


def fails(result: Any, code: int, message: str) -> None:
    """One ``Error: ...`` line on stderr, nothing on stdout, the exit code, no traceback."""
    assert "Traceback" not in str(result.stdout) + str(result.stderr)
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", f"Error: {message}\n")


def add_call(t: Tracker, a: str, b: str, when: str, summary: str, kind: str = "phone_call") -> str:
    return t.add_event(
        type=kind,
        when=when,
        participants=[ActorRef(a, "initiator"), ActorRef(b, "recipient")],
        summary=summary,
        sources=[SOURCE],
        cameo="041",
    ).ids[0]


# --------------------------------------------------------------------------- the synthetic log


@dataclass(frozen=True)
class Synthetic:
    path: Path
    rep: Replay
    expected: nx.Graph

    @property
    def log(self) -> str:
        return str(self.path)

    def label(self, actor_id: str) -> str:
        return self.rep.label(actor_id)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Synthetic:
    """200 actors, 5,000 events, generated once per module; the read model built once."""
    path = tmp_path_factory.mktemp("synthetic") / "events.jsonl"
    generate(path, n_events=5000, n_actors=200, seed=1)
    Tracker(path).sync()
    rep = replay(path)
    return Synthetic(path, rep, expected_graph(rep))


@pytest.fixture
def seed_rep(seed_log: Path) -> Replay:
    return replay(seed_log)


# --------------------------------------------------------------------------- the graph itself


def test_seed_contact_graph(seed_log: Path, seed_rep: Replay) -> None:
    g = Tracker(seed_log).contact_graph()
    assert_same_graph(g, expected_graph(seed_rep))
    assert g.number_of_nodes() == 12  # every actor with an event; contacts make 2 edges
    assert sorted(tuple(sorted(e)) for e in g.edges) == [
        ("antony-blinken", "sergey-lavrov"),
        ("antony-blinken", "wang-yi"),
    ]
    for other in ("sergey-lavrov", "wang-yi"):
        assert pair_count(seed_rep, "antony-blinken", other) == 1
        assert g.edges["antony-blinken", other] == {
            "weight": 1,
            "first": "2021-08-16",
            "last": "2021-08-16",
        }
    assert g.nodes["antony-blinken"] == {
        "label": "Antony Blinken",
        "kind": "person",
        "country": "USA",
        "events": 4,
        "first": "2021-08-16",
        "last": "2021-08-16",
    }
    assert g.nodes["united-nations"]["country"] == ""
    assert g.nodes["united-states"]["events"] == 1  # the development of 2021-08-15
    assert g.degree("ned-price") == 0  # statements are not contacts


def test_seed_detail_keeps_event_ids_and_types(seed_log: Path, seed_rep: Replay) -> None:
    g = Tracker(seed_log).contact_graph(detail=True)
    edge = g.edges["antony-blinken", "wang-yi"]
    assert edge["events"] == call_id(seed_rep, "wang-yi")
    assert edge["types"] == "phone_call"


def test_synthetic_contact_graph_matches_an_independent_count(synthetic: Synthetic) -> None:
    g = Tracker(synthetic.path).contact_graph()
    want = synthetic.expected
    assert g.number_of_nodes() == want.number_of_nodes() > 150
    assert g.number_of_edges() == want.number_of_edges() > 1000
    assert_same_graph(g, want)
    # a few pairs counted again, one event at a time
    hub_pairs = sorted(want.edges, key=lambda e: -want.edges[e]["weight"])[:3]
    thin = sorted(want.edges, key=lambda e: (want.edges[e]["weight"], e))[:2]
    for x, y in [*hub_pairs, *thin, ("actor-0000", "actor-0001")]:
        assert g.edges[x, y]["weight"] == pair_count(synthetic.rep, x, y) > 0
    absent = next(
        (x, y) for x, y in itertools.combinations(sorted(want), 2) if not want.has_edge(x, y)
    )
    assert not g.has_edge(*absent) and pair_count(synthetic.rep, *absent) == 0
    assert g.edges["actor-0000", "actor-0001"]["weight"] > 100  # power law: the hubs talk


def test_seed_event_graph_statements_point_from_the_speaker(seed_log: Path) -> None:
    t = Tracker(seed_log)
    t.add_event(
        type="statement",
        when="2021-08-17",
        participants=[ActorRef("Ned Price", "speaker"), ActorRef("Lavrov", "addressee")],
        summary="Price addressed Lavrov",
        sources=[SOURCE],
    )
    rep = replay(seed_log)
    conn = t.model()
    try:
        g = tgraph.event_graph(conn)
    finally:
        conn.close()
    assert event_edges(g) == expected_event_edges(rep)
    price = sorted(
        (d["relation"], v if u == "ned-price" else u)
        for u, v, d in g.edges(data=True)
        if d.get("source") == "ned-price"
    )
    assert price == [
        ("about", "antony-blinken"),
        ("about", "sergey-lavrov"),
        ("about", "wang-yi"),
        ("addresses", "sergey-lavrov"),
    ]
    relations = Counter(d["relation"] for _, _, d in g.edges(data=True))
    assert relations == {"contact": 2, "about": 11, "addresses": 1}


def test_synthetic_event_graph(synthetic: Synthetic) -> None:
    conn = Tracker(synthetic.path).model()
    try:
        g = tgraph.event_graph(conn)
    finally:
        conn.close()
    want = expected_event_edges(synthetic.rep)
    assert event_edges(g) == want
    assert {r for _, r, _, _ in want} == {"contact", "about"}


def test_retracted_events_leave_the_graph(seed_log: Path, seed_rep: Replay, cli: CLI) -> None:
    t = Tracker(seed_log)
    wang_call = call_id(seed_rep, "wang-yi")
    t.retract(wang_call, "recorded twice")
    g = t.contact_graph()
    assert not g.has_edge("antony-blinken", "wang-yi")
    assert g.nodes["wang-yi"]["events"] == 1  # Price's statement about him remains
    assert g.nodes["antony-blinken"]["events"] == 3
    assert_same_graph(g, expected_graph(replay(seed_log)))
    conn = t.model()
    try:
        assert wang_call not in {k for _, _, k in tgraph.event_graph(conn).edges(keys=True)}
    finally:
        conn.close()
    assert ok(cli("path", "Blinken", "Wang Yi")) == (
        "No chain of contacts links Antony Blinken and Wang Yi.\n"
    )
    assert ok(cli("graph", "--actor", "Blinken")).splitlines()[0] == (
        "Contacts of Antony Blinken within 1 step(s): 2 actors, 1 pairs"
    )


def test_synthetic_retraction_and_as_of(synthetic: Synthetic, tmp_path: Path, cli: CLI) -> None:
    copy = tmp_path / "copy.jsonl"
    shutil.copy(synthetic.path, copy)
    t = Tracker(copy)
    big = max(
        (e for e in synthetic.rep.live() if e["category"] == "interaction"),
        key=lambda e: (len(e["participants"]), e["id"]),
    )
    people = sorted(synthetic.rep.people(big))
    assert len(people) == 5
    t.retract(big["id"], "a duplicate")
    g = t.contact_graph()
    assert_same_graph(g, expected_graph(replay(copy)))
    for x, y in itertools.combinations(people, 2):
        before = synthetic.expected.edges[x, y]["weight"]
        assert (g.edges[x, y]["weight"] if g.has_edge(x, y) else 0) == before - 1
    # as of the last line before the retraction, the graph is the original one
    then = synthetic.rep.last_recorded
    assert replay(copy).last_recorded > then
    assert_same_graph(t.contact_graph(as_of=moment(then)), synthetic.expected)
    old = ok(cli("rank", "--top", "5", "--format", "json", "--log", synthetic.log))
    as_of = cli("rank", "--top", "5", "--format", "json", "--as-of", then, "--log", str(copy))
    assert ok(as_of) == old


def test_seed_time_window_and_as_of(seed_log: Path, seed_rep: Replay, cli: CLI) -> None:
    t = Tracker(seed_log)
    add_call(t, "Blinken", "Lavrov", "2021-09-01", "Blinken called Lavrov again")
    rep = replay(seed_log)
    assert_same_graph(t.contact_graph(), expected_graph(rep))
    assert t.contact_graph().edges["antony-blinken", "sergey-lavrov"] == {
        "weight": 2,
        "first": "2021-08-16",
        "last": "2021-09-01",
    }
    september = t.contact_graph(start=date(2021, 9, 1))
    assert_same_graph(september, expected_graph(rep, start="2021-09-01"))
    assert sorted(september) == ["antony-blinken", "sergey-lavrov"]
    august = t.contact_graph(end=date(2021, 8, 31))
    assert_same_graph(august, expected_graph(rep, end="2021-08-31"))
    assert august.edges["antony-blinken", "sergey-lavrov"]["weight"] == 1

    out = ok(cli("graph", "--actor", "Lavrov", "--from", "2021-09"))
    assert out.splitlines()[0] == "Contacts of Sergey Lavrov within 1 step(s): 2 actors, 1 pairs"
    assert out.splitlines()[2:] == [
        "--------------  -------------  --------  ----------  ----------  ----------",
        "Antony Blinken  Sergey Lavrov  1         2021-09-01  2021-09-01  phone_call",
    ]
    now = orjson.loads(ok(cli("graph", "--actor", "Lavrov", "--format", "json")))
    then = cli("graph", "--actor", "Lavrov", "--format", "json", "--as-of", seed_rep.last_recorded)
    before = orjson.loads(ok(then))
    assert [e["contacts"] for e in now["edges"]] == [2]
    assert [e["contacts"] for e in before["edges"]] == [1]
    assert before["edges"][0]["last"] == "2021-08-16"


def test_synthetic_time_window(synthetic: Synthetic, cli: CLI) -> None:
    window = expected_graph(synthetic.rep, "2010-01-01", "2012-12-31")
    g = Tracker(synthetic.path).contact_graph(start=date(2010, 1, 1), end=date(2012, 12, 31))
    assert_same_graph(g, window)
    assert 0 < g.number_of_edges() < synthetic.expected.number_of_edges()
    rows = orjson.loads(
        ok(
            cli(
                "rank", "--from", "2010", "--to", "2012", "--top", "10", "--format", "json",
                "--log", synthetic.log,
            )
        )
    )  # fmt: skip
    contacts = in_contact(window)
    check_ranking(rows, contacts, "degree", expected_ranking(contacts, "degree")[0][:10])
    got = orjson.loads(
        ok(
            cli(
                "graph", "--actor", "Actor 0000", "--from", "2010", "--to", "2012",
                "--format", "json", "--log", synthetic.log,
            )
        )
    )  # fmt: skip
    ego = nx.ego_graph(window, "actor-0000", radius=1)
    assert {n["id"] for n in got["nodes"]} == set(ego)
    assert {frozenset((e["source"], e["target"])): e["contacts"] for e in got["edges"]} == {
        frozenset((x, y)): d["weight"] for x, y, d in ego.edges(data=True)
    }


def test_a_merge_is_followed(seed_log: Path, cli: CLI) -> None:
    t = Tracker(seed_log)
    t.register_actor("A. Blinken", country="USA")
    add_call(t, "A. Blinken", "Lavrov", "2021-09-01", "A call recorded under another name")
    assert t.contact_graph().has_node("a-blinken")
    t.merge("A. Blinken", "Antony Blinken", "same person")
    g = t.contact_graph()
    assert "a-blinken" not in g
    assert g.edges["antony-blinken", "sergey-lavrov"] == {
        "weight": 2,
        "first": "2021-08-16",
        "last": "2021-09-01",
    }
    assert g.nodes["antony-blinken"]["events"] == 5
    assert_same_graph(g, expected_graph(replay(seed_log)))
    out = ok(cli("graph", "--actor", "A. Blinken", "--format", "json"))
    shown = orjson.loads(out)
    assert shown["center"] == "antony-blinken"
    assert "a-blinken" not in {n["id"] for n in shown["nodes"]}
    lavrov = next(e for e in shown["edges"] if "sergey-lavrov" in (e["source"], e["target"]))
    assert lavrov["contacts"] == 2 and lavrov["types"] == ["phone_call"]
    hop = ok(cli("path", "Lavrov", "A. Blinken")).splitlines()
    assert hop[0] == "Sergey Lavrov -> Antony Blinken: 1 hop(s)"
    assert hop[1].startswith(
        "  Sergey Lavrov -- Antony Blinken: 2021-09-01 phone_call: A call recorded under"
    )


def test_an_event_naming_a_merged_id_and_its_target_counts_once(seed_log: Path) -> None:
    """'Tony B' sorts after 'sergey-lavrov': the pair reached through both ids must still
    count the meeting once and keep every event of the pair."""
    t = Tracker(seed_log)
    t.register_actor("Tony B", country="USA")
    meeting = t.add_event(
        type="meeting",
        when="2021-09-01",
        participants=[
            ActorRef("Antony Blinken", "host"),
            ActorRef("Tony B", "host"),
            ActorRef("Lavrov", "visitor"),
        ],
        summary="A meeting that named Blinken twice",
        sources=[SOURCE],
    ).ids[0]
    t.merge("Tony B", "Antony Blinken", "same person")
    rep = replay(seed_log)
    assert pair_count(rep, "antony-blinken", "sergey-lavrov") == 2
    g = t.contact_graph(detail=True)
    assert_same_graph(g, expected_graph(rep))
    edge = g.edges["antony-blinken", "sergey-lavrov"]
    assert edge["weight"] == 2
    assert edge["events"] == " ".join(sorted([call_id(rep, "sergey-lavrov"), meeting]))
    assert edge["types"] == "meeting,phone_call"


# --------------------------------------------------------------------------- rank


@pytest.mark.parametrize("by", METRICS)
def test_seed_rank_is_networkx(seed_log: Path, seed_rep: Replay, cli: CLI, by: str) -> None:
    want = in_contact(expected_graph(seed_rep))
    rows = orjson.loads(ok(cli("rank", "--by", by, "--top", "10", "--format", "json")))
    order, _ = expected_ranking(want, by)
    check_ranking(rows, want, by, order[:10])
    assert rows[0]["name"] == "Antony Blinken"
    full = orjson.loads(ok(cli("rank", "--by", by, "--top", "50", "--format", "json")))
    assert len(full) == 3  # the actors in contact; statements alone make no contact


@pytest.mark.parametrize("by", METRICS)
def test_synthetic_rank_is_networkx(synthetic: Synthetic, cli: CLI, by: str) -> None:
    rows = orjson.loads(
        ok(cli("rank", "--by", by, "--top", "10", "--format", "json", "--log", synthetic.log))
    )
    want = in_contact(synthetic.expected)
    order, _ = expected_ranking(want, by)
    check_ranking(rows, want, by, order[:10])
    assert rows[0]["id"] == "actor-0000"


def test_seed_rank_table(seed_log: Path, cli: CLI) -> None:
    assert ok(cli("rank", "--top", "3")).splitlines() == [
        "RANK  ACTOR           KIND    COUNTRY  DEGREE  CONTACTS  COUNTERPARTS",
        "----  --------------  ------  -------  ------  --------  ------------",
        "1     Antony Blinken  person  USA      1.0000  2         2",
        "2     Sergey Lavrov   person  RUS      0.5000  1         1",
        "3     Wang Yi         person  CHN      0.5000  1         1",
    ]
    names = [r["name"] for r in orjson.loads(ok(cli("rank", "--kind", "person", "-f", "json")))]
    assert names == ["Antony Blinken", "Sergey Lavrov", "Wang Yi"]  # Ned Price only spoke


@pytest.mark.parametrize("by", METRICS)
def test_rank_after_a_merge_equals_the_rank_of_the_full_graph(seed_log: Path, by: str) -> None:
    """`rank` builds its graph without each actor's event counts; the ranks must be those
    of the full contact graph, merges followed."""
    t = Tracker(seed_log)
    t.register_actor("Tony B", kind="person", country="USA")
    t.add_event(
        type="meeting", when="2021-08-20", summary="met",
        participants=[ActorRef("Tony B", "host"), ActorRef("Lavrov", "visitor")],
        sources=["https://example.org/m"],
    )  # fmt: skip
    t.merge("Tony B", "Antony Blinken", "same person")
    full = metrics.rank(metrics.in_contact(t.contact_graph()), by, top=None)
    assert t.rank(by, top=None) == full
    assert full[0].name == "Antony Blinken" and full[0].contacts == 3


def test_synthetic_rank_kind_and_top(synthetic: Synthetic, cli: CLI) -> None:
    g = in_contact(synthetic.expected)
    states = [n for n in expected_ranking(g, "pagerank")[0] if g.nodes[n]["kind"] == "state"]
    assert len(states) > 7
    args = ["rank", "--by", "pagerank", "--kind", "state", "--format", "json"]
    rows = orjson.loads(ok(cli(*args, "--top", "7", "--log", synthetic.log)))
    assert [r["id"] for r in rows] == states[:7]
    assert {r["kind"] for r in rows} == {"state"}
    every = orjson.loads(ok(cli(*args, "--top", "1000", "--log", synthetic.log)))
    check_ranking(every, g, "pagerank", states)
    table = ok(cli("rank", "--top", "4", "--log", synthetic.log)).splitlines()
    assert len(table) == 2 + 4 and table[2].startswith("1     Actor 0000  ")


# --------------------------------------------------------------------------- path


def test_seed_path_text(seed_log: Path, seed_rep: Replay, cli: CLI) -> None:
    wang, lavrov = call_id(seed_rep, "wang-yi")[-8:], call_id(seed_rep, "sergey-lavrov")[-8:]
    two = ok(cli("path", "Wang Yi", "Lavrov"))
    assert two == (
        "Wang Yi -> Sergey Lavrov: 2 hop(s)\n"
        "  Wang Yi -- Antony Blinken: 2021-08-16 phone_call: Secretary of State Antony Blinken"
        " called Chinese Foreign Minister Wang Yi about developments in Afghanistan, including"
        f" the security situation. [{wang}]\n"
        "  Antony Blinken -- Sergey Lavrov: 2021-08-16 phone_call: Blinken called Russian"
        " Foreign Minister Sergey Lavrov about developments in Afghanistan. By Russia's account"
        " they discussed the situation after the flight of the country's leader and agreed to"
        " continue consultations involving China, Pakistan, other interested nations and the UN"
        f" to press for an intra-Afghan dialogue. [{lavrov}]\n"
    )
    one = ok(cli("path", "Blinken", "Wang Yi"))
    assert one == (
        "Antony Blinken -> Wang Yi: 1 hop(s)\n"
        "  Antony Blinken -- Wang Yi: 2021-08-16 phone_call: Secretary of State Antony Blinken"
        " called Chinese Foreign Minister Wang Yi about developments in Afghanistan, including"
        f" the security situation. [{wang}]\n"
    )


def test_seed_path_json(seed_log: Path, seed_rep: Replay, cli: CLI) -> None:
    found = orjson.loads(ok(cli("path", "Wang Yi", "Lavrov", "--format", "json")))
    assert (found["from"], found["to"]) == ("Wang Yi", "Sergey Lavrov")
    assert [(h["from"], h["to"]) for h in found["hops"]] == [
        ("Wang Yi", "Antony Blinken"),
        ("Antony Blinken", "Sergey Lavrov"),
    ]
    assert [h["event"]["id"] for h in found["hops"]] == [
        call_id(seed_rep, "wang-yi"),
        call_id(seed_rep, "sergey-lavrov"),
    ]
    first = found["hops"][0]["event"]
    assert (first["date"], first["type"], first["category"]) == (
        "2021-08-16",
        "phone_call",
        "interaction",
    )
    none = orjson.loads(ok(cli("path", "Blinken", "Taliban", "-f", "json")))
    assert none == {"from": "Antony Blinken", "to": "Taliban", "hops": None}


def test_seed_path_answers_and_errors(seed_log: Path, cli: CLI) -> None:
    assert ok(cli("path", "Blinken", "Taliban")) == (
        "No chain of contacts links Antony Blinken and Taliban.\n"
    )
    fails(cli("path", "Blinken", "Qwxz Zyqv"), 3, "unknown actor 'Qwxz Zyqv'")
    fails(cli("path", "Qwxz Zyqv", "Blinken"), 3, "unknown actor 'Qwxz Zyqv'")
    fails(
        cli("path", "Blinken", "Antony Blinken"),
        2,
        "'Blinken' and 'Antony Blinken' are the same actor",
    )


def test_synthetic_paths_are_shortest(synthetic: Synthetic, cli: CLI) -> None:
    g, rep = synthetic.expected, synthetic.rep
    ids = {synthetic.label(n): n for n in g}
    thin = sorted(g, key=lambda n: (g.degree(n), n))[:4]
    pairs = [*itertools.combinations(thin, 2), (thin[0], "actor-0000"), ("actor-0001", thin[3])]
    lengths = set()
    for a, b in pairs:
        found = orjson.loads(
            ok(
                cli(
                    "path", synthetic.label(a), synthetic.label(b), "--format", "json",
                    "--log", synthetic.log,
                )
            )
        )  # fmt: skip
        if not nx.has_path(g, a, b):
            assert found["hops"] is None
            continue
        hops = found["hops"]
        assert len(hops) == nx.shortest_path_length(g, a, b)
        lengths.add(len(hops))
        chain = [ids[hops[0]["from"]]] + [ids[h["to"]] for h in hops]
        assert (chain[0], chain[-1]) == (a, b)
        for (x, y), hop in zip(itertools.pairwise(chain), hops, strict=True):
            assert g.has_edge(x, y)
            event = hop["event"]
            assert event["category"] == "interaction"
            assert {x, y} <= {rep.canon(p["id"]) for p in event["participants"]}
            latest = max(
                e["when"]
                for e in rep.live()
                if e["category"] == "interaction" and {x, y} <= rep.people(e)
            )
            assert event["date"] == latest
    assert lengths == {2, 3}


# --------------------------------------------------------------------------- dyad


def test_seed_dyad(seed_log: Path, seed_rep: Replay, cli: CLI) -> None:
    together = dyad_events(seed_rep, "antony-blinken", "sergey-lavrov")
    contacts = [e for e in together if e["category"] == "interaction"]
    scores = [goldstein(e["cameo"]) for e in contacts]  # their contacts' tone only
    coded = [s for s in scores if s is not None]
    mean = sum(coded) / len(coded)
    assert (len(together), len(coded)) == (3, 1)
    out = ok(cli("dyad", "Blinken", "Lavrov")).splitlines()
    assert out[:5] == [
        "Antony Blinken and Sergey Lavrov: 3 event(s) together;"
        f" mean Goldstein {mean:+.2f} over 1 coded contact(s)",
        "",
        "MONTH    EVENTS",
        "-------  ------",
        "2021-08  3",
    ]
    assert out[0].endswith("mean Goldstein +1.00 over 1 coded contact(s)")
    shown = orjson.loads(ok(cli("dyad", "Blinken", "Lavrov", "--format", "json")))
    assert (shown["a"], shown["b"]) == ("Antony Blinken", "Sergey Lavrov")
    assert shown["months"] == {"2021-08": 3}
    assert abs(shown["mean_goldstein"] - mean) <= 1e-12
    assert shown["coded_events"] == 1
    assert {e["id"] for e in shown["events"]} == {e["id"] for e in together}


def test_seed_dyad_html(seed_log: Path, cli: CLI, tmp_path: Path) -> None:
    out = ok(cli("dyad", "Blinken", "Lavrov", "--html"))
    assert out == "wrote reports/dyad-blinken-lavrov.html (3 events)\n"
    page = (tmp_path / "reports" / "dyad-blinken-lavrov.html").read_text(encoding="utf-8")
    assert page.lower().startswith("<!doctype html>")
    assert "Sergey Lavrov" in page


def test_dyad_of_an_actor_with_itself_is_refused(seed_log: Path, cli: CLI) -> None:
    fails(
        cli("dyad", "Blinken", "Secretary Blinken"),
        2,
        "'Blinken' and 'Secretary Blinken' are the same actor",
    )


def test_synthetic_dyad(synthetic: Synthetic, cli: CLI) -> None:
    for a, b in (("actor-0000", "actor-0001"), ("actor-0003", "actor-0010")):
        together = dyad_events(synthetic.rep, a, b)
        contacts = [e for e in together if e["category"] == "interaction"]
        coded = [s for s in (goldstein(e["cameo"]) for e in contacts) if s is not None]
        shown = orjson.loads(
            ok(
                cli(
                    "dyad", synthetic.label(a), synthetic.label(b), "--format", "json",
                    "--log", synthetic.log,
                )
            )
        )  # fmt: skip
        assert {e["id"] for e in shown["events"]} == {e["id"] for e in together}
        assert shown["months"] == dict(sorted(Counter(e["when"][:7] for e in together).items()))
        assert shown["coded_events"] == len(coded) > 0
        assert abs(shown["mean_goldstein"] - sum(coded) / len(coded)) <= 1e-12


# --------------------------------------------------------------------------- communities


def test_seed_communities(seed_log: Path, seed_rep: Replay, cli: CLI, tmp_path: Path) -> None:
    table = ok(cli("communities"))
    assert table == ok(cli("communities"))  # deterministic
    assert table.splitlines()[:3] == [
        "COMMUNITY  SIZE  MEMBERS",
        "---------  ----  --------------------------------------",
        "1          3     Antony Blinken, Sergey Lavrov, Wang Yi",
    ]
    groups = orjson.loads(ok(cli("communities", "--format", "json")))
    assert [g["community"] for g in groups] == list(range(1, len(groups) + 1))
    assert {m["name"] for m in groups[0]["members"]} == {
        "Antony Blinken",
        "Sergey Lavrov",
        "Wang Yi",
    }
    members = [m["id"] for g in groups for m in g["members"]]
    assert len(members) == len(set(members))  # every node in exactly one community
    assert set(members) == set(in_contact(expected_graph(seed_rep)))
    assert ok(cli("communities", "--html")) == "wrote reports/communities.html (1 communities)\n"
    assert (tmp_path / "reports" / "communities.html").stat().st_size > 0


def test_synthetic_communities_are_networkx_louvain(synthetic: Synthetic, cli: CLI) -> None:
    out = ok(cli("communities", "--format", "json", "--log", synthetic.log))
    assert out == ok(cli("communities", "--format", "json", "--log", synthetic.log))
    groups = [[m["id"] for m in g["members"]] for g in orjson.loads(out)]
    members = [n for group in groups for n in group]
    contacts = in_contact(synthetic.expected)
    assert len(members) == len(set(members)) == contacts.number_of_nodes()
    want = nx.community.louvain_communities(contacts, weight="weight", seed=7)
    assert {frozenset(g) for g in groups} == {frozenset(c) for c in want}
    assert [len(g) for g in groups] == sorted((len(g) for g in groups), reverse=True)


# --------------------------------------------------------------------------- graph command


def test_seed_graph_table_and_json(seed_log: Path, cli: CLI) -> None:
    assert ok(cli("graph", "--actor", "Blinken", "--depth", "2")).splitlines() == [
        "Contacts of Antony Blinken within 2 step(s): 3 actors, 2 pairs",
        "ACTOR           ACTOR          CONTACTS  FIRST       LAST        TYPES",
        "--------------  -------------  --------  ----------  ----------  ----------",
        "Antony Blinken  Sergey Lavrov  1         2021-08-16  2021-08-16  phone_call",
        "Antony Blinken  Wang Yi        1         2021-08-16  2021-08-16  phone_call",
    ]
    shown = orjson.loads(ok(cli("graph", "--actor", "Wang Yi", "--depth", "2", "-f", "json")))
    assert shown["center"] == "wang-yi"
    assert sorted((n["id"], n["name"], n["events"]) for n in shown["nodes"]) == [
        ("antony-blinken", "Antony Blinken", 4),
        ("sergey-lavrov", "Sergey Lavrov", 3),
        ("wang-yi", "Wang Yi", 2),
    ]
    assert sorted(
        (tuple(sorted((e["source"], e["target"]))), e["contacts"], e["types"])
        for e in shown["edges"]
    ) == [
        (("antony-blinken", "sergey-lavrov"), 1, ["phone_call"]),
        (("antony-blinken", "wang-yi"), 1, ["phone_call"]),
    ]
    one = orjson.loads(ok(cli("graph", "--actor", "Wang Yi", "-f", "json")))
    assert {n["id"] for n in one["nodes"]} == {"wang-yi", "antony-blinken"}


HASHING_PROBE = """
from typer.testing import CliRunner
from tracker.cli.app import app
args = ["graph", "--actor", "Lavrov", "--depth", "2"]
for extra in ([], ["-f", "json"]):
    print(CliRunner().invoke(app, args + extra, catch_exceptions=False).stdout)
"""


def test_graph_output_does_not_depend_on_string_hashing(seed_log: Path, cli: CLI) -> None:
    """Another process, with another hash seed, prints the same table and JSON."""
    other = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"
    there = subprocess.run(
        [sys.executable, "-c", HASHING_PROBE],
        env={**os.environ, "PYTHONHASHSEED": other},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    args = ["graph", "--actor", "Lavrov", "--depth", "2"]
    here = ok(cli(*args)) + "\n" + ok(cli(*args, "-f", "json")) + "\n"
    assert here == there
    assert here.splitlines()[3:5] == [
        "Antony Blinken  Sergey Lavrov  1         2021-08-16  2021-08-16  phone_call",
        "Antony Blinken  Wang Yi        1         2021-08-16  2021-08-16  phone_call",
    ]
    assert '"center": "sergey-lavrov"' in here


def test_graph_errors(seed_log: Path, cli: CLI) -> None:
    digest = file_digest(seed_log)
    fails(
        cli("graph", "--actor", "Blinken", "--depth", "0"), 2, "--depth must be at least 1, not 0"
    )
    fails(
        cli("graph", "--actor", "Blinken", "--from", "2022", "--to", "2023"),
        3,
        "Antony Blinken has no events between 2022-01-01 and 2023-12-31",
    )
    fails(
        cli("graph", "--actor", "Blinken", "--from", "2030"),
        3,
        "Antony Blinken has no events on or after 2030-01-01",
    )
    assert file_digest(seed_log) == digest


def gexf_checks(path: Path) -> None:
    """Dynamic mode, start/end on every edge, only attribute types GEXF allows."""
    root = ET.parse(path).getroot()
    (graph_el,) = [el for el in root if el.tag.endswith("graph")]
    assert graph_el.get("mode") == "dynamic"
    types = {el.get("type") for el in root.iter() if el.tag.endswith("}attribute")}
    assert types and types <= GEXF_TYPES, types
    edges = [el for el in root.iter() if el.tag.endswith("}edge")]
    assert edges
    for edge in edges:
        assert edge.get("start") and edge.get("end"), edge.attrib
        assert edge.get("start") <= edge.get("end")


def check_export(read: nx.Graph, want: nx.Graph, *, gexf: bool) -> None:
    assert set(read) == set(want)
    for node, data in want.nodes(data=True):
        got = read.nodes[node]
        # an empty value (no country) is left out of the file, as GEXF and GraphML allow
        assert (got["label"], got["kind"], got.get("country", ""), int(got["events"])) == (
            data["label"],
            data["kind"],
            data["country"],
            data["events"],
        )
    assert {frozenset(e) for e in read.edges} == {frozenset(e) for e in want.edges}
    for x, y, data in want.edges(data=True):
        got = read.edges[x, y]
        assert got["weight"] == float(data["weight"])
        assert (got["first"], got["last"]) == (data["first"], data["last"])
        if gexf:
            assert (got["start"], got["end"]) == (data["first"], data["last"])
        else:
            assert "start" not in got and "end" not in got


def test_seed_exports(seed_log: Path, seed_rep: Replay, cli: CLI, tmp_path: Path) -> None:
    want = nx.ego_graph(expected_graph(seed_rep), "antony-blinken", radius=2)
    out = ok(cli("graph", "--actor", "Blinken", "--depth", "2", "-f", "gexf", "-o", "x/b.gexf"))
    assert out == "wrote x/b.gexf (3 actors, 2 pairs)\n"
    gexf_checks(tmp_path / "x" / "b.gexf")
    check_export(nx.read_gexf(tmp_path / "x" / "b.gexf"), want, gexf=True)
    out = ok(cli("graph", "--actor", "Blinken", "-f", "graphml", "-o", "b.graphml"))
    assert out == "wrote b.graphml (3 actors, 2 pairs)\n"
    check_export(nx.read_graphml(tmp_path / "b.graphml"), want, gexf=False)
    default = ok(cli("graph", "--actor", "Blinken", "--format", "gexf"))
    assert default == "wrote reports/graph-blinken.gexf (3 actors, 2 pairs)\n"
    assert (tmp_path / "reports" / "graph-blinken.gexf").is_file()


def test_synthetic_exports(synthetic: Synthetic, cli: CLI, tmp_path: Path) -> None:
    want = nx.ego_graph(synthetic.expected, "actor-0150", radius=2)
    assert 1 < want.number_of_nodes() < synthetic.expected.number_of_nodes()
    for fmt in ("gexf", "graphml"):
        target = tmp_path / f"syn.{fmt}"
        out = cli(
            "graph", "--actor", "A0150", "--depth", "2", "--format", fmt, "-o", str(target),
            "--log", synthetic.log,
        )  # fmt: skip
        assert ok(out) == (
            f"wrote {target} ({want.number_of_nodes()} actors, {want.number_of_edges()} pairs)\n"
        )
        read = nx.read_gexf(target) if fmt == "gexf" else nx.read_graphml(target)
        check_export(read, want, gexf=fmt == "gexf")
        if fmt == "gexf":
            gexf_checks(target)


# --------------------------------------------------------------------------- report


def test_seed_report(seed_log: Path, seed_rep: Replay, cli: CLI, tmp_path: Path) -> None:
    assert (
        ok(cli("report", "--actor", "Blinken")) == "wrote reports/blinken/index.html (8 charts)\n"
    )
    folder = tmp_path / "reports" / "blinken"
    assert [p.name for p in folder.rglob("plotly*.js")] == ["plotly.min.js"]
    pages = sorted(p.name for p in folder.glob("*.html"))
    assert len(pages) == 9 and "index.html" in pages
    for page in pages:
        if page != "index.html":
            text = (folder / page).read_text(encoding="utf-8")
            assert 'src="plotly.min.js"' in text and len(text) < 200_000, page
    index = (folder / "index.html").read_text(encoding="utf-8")
    counts: Counter[str] = Counter()
    for event in seed_rep.live():
        if "antony-blinken" in seed_rep.people(event):
            counts.update(seed_rep.people(event) - {"antony-blinken"})
    top = sorted(counts, key=lambda a: (-counts[a], a))
    items = "\n".join(f"<li>{seed_rep.label(a)}: {counts[a]} event(s)</li>" for a in top[:10])
    assert f'<ul id="counterparts">\n{items}\n</ul>' in index
    assert items.startswith("<li>Sergey Lavrov: 3 event(s)</li>\n<li>Wang Yi: 2 event(s)</li>")
    assert '<ul id="months">\n<li>2021-08: 4 event(s)</li>\n</ul>' in index
    assert f"Data last recorded {seed_rep.last_recorded};" in index


def test_report_escapes_a_hostile_name(seed_log: Path, cli: CLI, tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script>"
    t = Tracker(seed_log)
    t.register_actor(hostile)
    add_call(t, "Blinken", hostile, "2021-08-20", "A call with a hostile name")
    ok(cli("report", "--actor", "Blinken"))
    folder = tmp_path / "reports" / "blinken"
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert "<li>&lt;script&gt;alert(1)&lt;/script&gt;: 1 event(s)</li>" in index
    for page in folder.glob("*.html"):
        assert hostile not in page.read_text(encoding="utf-8"), page.name


# --------------------------------------------------------------------------- bad input

UNDER_A_FILE = "data/events.jsonl/out"
NOT_A_FOLDER = "data/events.jsonl is a file, not a folder"
FROM_AFTER_TO = ["--from", "2022", "--to", "2021"]
FROM_AFTER_TO_MESSAGE = "--from 2022-01-01 is after --to 2021-12-31"

BAD = [
    (["graph", "--actor", "Qwxz Zyqv"], 3, "unknown actor 'Qwxz Zyqv'"),
    (["dyad", "Qwxz Zyqv", "Lavrov"], 3, "unknown actor 'Qwxz Zyqv'"),
    (["dyad", "Lavrov", "Qwxz Zyqv"], 3, "unknown actor 'Qwxz Zyqv'"),
    (["report", "--actor", "Qwxz Zyqv"], 3, "unknown actor 'Qwxz Zyqv'"),
    (["rank", "--kind", "robot"], 2, None),
    *[
        (args + FROM_AFTER_TO, 2, FROM_AFTER_TO_MESSAGE)
        for args in (
            ["graph", "--actor", "Blinken"],
            ["rank"],
            ["path", "Blinken", "Lavrov"],
            ["dyad", "Blinken", "Lavrov"],
            ["communities"],
            ["report", "--actor", "Blinken"],
        )
    ],
    (
        ["rank", "--by", "closeness"],
        2,
        "unknown metric 'closeness'; use degree, betweenness, eigenvector, pagerank",
    ),
    (
        ["graph", "--actor", "Blinken", "--format", "xml"],
        2,
        "unknown format 'xml'; use table, json, gexf, graphml",
    ),
    (["rank", "--format", "xml"], 2, "unknown format 'xml'; use table, json"),
    (["rank", "--from", "2030"], 3, "no contacts on or after 2030-01-01"),
    (["communities", "--to", "2000"], 3, "no contacts on or before 2000-12-31"),
    (
        ["graph", "--actor", "Blinken", "-o", "blinken.gexf"],
        2,
        "--output is for --format gexf or graphml, not table",
    ),
    (["path", "Blinken", "Lavrov", "--format", "xml"], 2, "unknown format 'xml'; use text, json"),
    (["dyad", "Blinken", "Lavrov", "--format", "xml"], 2, "unknown format 'xml'; use text, json"),
    (["communities", "--format", "xml"], 2, "unknown format 'xml'; use table, json"),
    *[
        (
            ["graph", "--actor", "Blinken", "--format", fmt, "-o", f"{UNDER_A_FILE}.{fmt}"],
            7,
            f"cannot write {UNDER_A_FILE}.{fmt}: {NOT_A_FOLDER}",
        )
        for fmt in ("gexf", "graphml")
    ],
    *[
        (
            [*args, "--html", f"{UNDER_A_FILE}.html"],
            7,
            f"cannot write chart {UNDER_A_FILE}.html: {NOT_A_FOLDER}",
        )
        for args in (
            ["graph", "--actor", "Blinken"],
            ["dyad", "Blinken", "Lavrov"],
            ["communities"],
        )
    ],
    (
        ["report", "--actor", "Blinken", "-o", UNDER_A_FILE],
        7,
        f"cannot write the report to {UNDER_A_FILE}: {NOT_A_FOLDER}",
    ),
]


@pytest.mark.parametrize(("args", "code", "message"), BAD, ids=lambda v: None)
def test_bad_input(
    seed_log: Path, cli: CLI, tmp_path: Path, args: list[str], code: int, message: str | None
) -> None:
    digest = file_digest(seed_log)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = cli(*args)
    if message is None:
        assert result.exit_code == code and result.stdout == ""
        assert str(result.stderr).startswith("Error: ") and result.stderr.count("\n") == 1
        assert "Traceback" not in str(result.stderr)
    else:
        fails(result, code, message)
    assert file_digest(seed_log) == digest
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert [p for p in after if p not in before and p.parts[0] != "data"] == []


def test_bad_input_on_the_synthetic_log(synthetic: Synthetic, cli: CLI) -> None:
    digest = file_digest(synthetic.path)
    log = ["--log", synthetic.log]
    fails(
        cli("rank", "--by", "Closeness", *log),
        2,
        "unknown metric 'closeness'; use degree, betweenness, eigenvector, pagerank",
    )
    fails(
        cli("path", "A0001", "Actor 0001", *log), 2, "'A0001' and 'Actor 0001' are the same actor"
    )
    fails(cli("graph", "--actor", "Qwxz Zyqv", *log), 3, "unknown actor 'Qwxz Zyqv'")
    assert file_digest(synthetic.path) == digest
