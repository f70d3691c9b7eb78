"""The graph charts and the report folder, opened in a real headless Chromium, offline.

Same recipe as tests/views/test_chart_browser.py (/work/shared/BROWSER.md): Debian's chromium
driven by playwright's sync API, one browser for the whole session (``shared_browser``),
every request that is not ``file:`` aborted and recorded, and no page error, console error
or dialog allowed. Without chromium or playwright these tests skip, unless ``CI`` is set.

Loading plotly.js costs about four seconds in a fresh tab, under one second in a tab that
already ran it. So this module drives ONE tab: each fixture visits its pages once, in turn,
records what the page shows (and the hover labels it asked for) in a ``Visit``, and the
tests assert on those records.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

import networkx as nx
import pytest
from typer.testing import CliRunner

from benchmarks.generate import generate
from tests.views.test_chart_browser import EVIL_LINKS, TIMEOUT_MS, shared_browser
from tracker.cli.app import app
from tracker.domain.markup import esc
from tracker.log.file import EventLog
from tracker.services.recording import ActorRef
from tracker.services.tracker import Tracker
from tracker.views.charts.html import write_html
from tracker.views.charts.timeline import timeline_figure

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_LOG = ROOT / "data" / "events.jsonl"

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(1)</script>"
LINK = '<a href="https://evil.example">x</a>'
HOSTILE_SUMMARY = f"{SCRIPT} {LINK}"

# --------------------------------------------------------------------------- javascript

READY = """() => {
    const gd = document.querySelector('.js-plotly-plot');
    return !!(gd && gd._fullLayout && gd.calcdata && gd.querySelector('.main-svg'));
}"""
# What a page shows, for charts and for the index page alike.
FACTS = (
    """() => {
    const gd = document.querySelector('.js-plotly-plot');
    const texts = (s) => Array.from(document.querySelectorAll(s))
        .map(t => t.textContent.replaceAll('\\u200b', ''));
    const lines = (s) => {
        const multi = texts(s + ' tspan.line');
        return multi.length ? multi : texts(s);
    };
    const screen = (s) => Array.from(document.querySelectorAll(s)).map(t => {
        const r = t.getBoundingClientRect();
        return [t.textContent, (r.top + r.bottom) / 2];
    }).sort((a, b) => a[1] - b[1]).map(p => p[0]);
    return {
        plots: document.querySelectorAll('.js-plotly-plot').length,
        traces: gd ? gd.data.map(t => [t.name === undefined ? null : t.name, t.type,
                                       (t.type === 'heatmap' ? t.z : t.x).length]) : [],
        scatter_points: document.querySelectorAll('.scatterlayer .point').length,
        bars: document.querySelectorAll('.barlayer .point').length,
        cells: texts('.heatmaplayer .heatmap-label text'),
        labels: texts('.scatterlayer .textpoint text').filter(s => s !== ''),
        yticks: screen('.ytick text'),
        ytitle: texts('.g-ytitle text'),
        legend: texts('.legendtext'),
        title: lines('.gtitle'),
        scripts: Array.from(document.scripts).map(s => s.src
            ? 'src=' + s.getAttribute('src') : 'inline:' + s.text.length),
        evil_links: """
    + EVIL_LINKS
    + """,
        red: document.querySelectorAll('[style*="fill:red"], [style*="color:red"]').length,
        img: document.querySelectorAll('img').length,
        plot_scripts: gd ? gd.querySelectorAll('script').length : 0,
    };
}"""
)
INDEX = """() => ({
    title: document.title,
    h1: document.querySelector('h1').textContent,
    links: Array.from(document.querySelectorAll('#charts a')).map(a => [a.textContent, a.href]),
    counterparts: Array.from(document.querySelectorAll('#counterparts li')).map(l => l.textContent),
    scripts: document.scripts.length,
})"""
# The screen position of point j of trace i (a bar: half-way up), on its own subplot axes.
POINT_AT = """([i, j]) => {
    const gd = document.querySelector('.js-plotly-plot');
    const t = gd._fullData[i];
    const xa = gd._fullLayout['xaxis' + t.xaxis.slice(1)];
    const ya = gd._fullLayout['yaxis' + t.yaxis.slice(1)];
    const box = gd.getBoundingClientRect();
    const y = t.type === 'bar' ? t.y[j] / 2 : t.y[j];
    return [box.left + xa._offset + xa.d2p(t.x[j]), box.top + ya._offset + ya.d2p(y)];
}"""
# [trace, point] of each node whose hover names ``name`` (customdata[0]).
FIND_NODE = """(name) => {
    const gd = document.querySelector('.js-plotly-plot');
    const found = [];
    gd.data.forEach((t, i) => {
        if (t.mode === 'markers+text') t.customdata.forEach((row, j) => {
            if (row[0] === name) found.push([i, j]);
        });
    });
    return found;
}"""
HOVER_TEXT = """() => {
    const label = document.querySelector('.hoverlayer .hovertext text.nums');
    const lines = Array.from(label.querySelectorAll('tspan.line')).map(t => t.textContent);
    return lines.length ? lines : [label.textContent];
}"""
# What hostile text could plant: a link to evil.example (href or xlink:href), red style,
# an <img>, a <script> inside the plot.
PLANTED = ("evil_links", "red", "img", "plot_scripts")
HOVERED = """() => document.querySelector('.js-plotly-plot')._hoverdata
    .map(p => [p.curveNumber, p.pointNumber])"""


# --------------------------------------------------------------------------- one tab


@dataclass
class Visit:
    """One page as the tab saw it: requests, errors, what it showed, hover labels."""

    path: Path
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    hovers: dict[str, list[str]] = field(default_factory=dict)
    planted_after_hover: dict[str, int] = field(default_factory=dict)

    def assert_clean(self) -> None:
        assert self.dialogs == []
        assert self.errors == []
        assert self.blocked == []
        assert [u for u in self.requests if not u.startswith("file:")] == []
        assert {k: self.facts[k] for k in PLANTED} == dict.fromkeys(PLANTED, 0)


class Tab:
    """One browser tab, visiting page after page."""

    def __init__(self, browser: Browser) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 800})
        self.context.set_default_timeout(TIMEOUT_MS)
        self.visit = Visit(Path())
        self.context.route("**/*", self._route)
        self.page: Page = self.context.new_page()
        self.page.on("request", lambda r: self.visit.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.visit.errors.append(f"pageerror: {e}"))
        self.page.on("console", self._console)
        self.page.on("dialog", self._dialog)

    def _route(self, route: Any) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.visit.blocked.append(route.request.url)
            route.abort()

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.visit.errors.append(f"console: {message.text}")

    def _dialog(self, dialog: Any) -> None:
        self.visit.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def open(self, path: Path, *, chart: bool = True) -> Visit:
        self.visit = Visit(path)
        self.page.goto(path.as_uri(), wait_until="load")
        if chart:
            self.page.wait_for_function(READY)
        self.visit.facts = self.page.evaluate(FACTS)
        return self.visit

    def hover(self, name: str, trace: int, point: int) -> None:
        """Move the mouse onto ``point`` of ``trace``; record the label's lines as ``name``.

        The label must be about that very point (plotly's ``_hoverdata``).
        """
        label = self.page.locator(".hoverlayer .hovertext")
        self.page.mouse.move(1, 1)  # off the plot: no label
        label.wait_for(state="detached")
        x, y = self.page.evaluate(POINT_AT, [trace, point])
        self.page.mouse.move(x, y)
        label.wait_for(state="attached")
        assert label.count() == 1
        assert self.page.evaluate(HOVERED) == [[trace, point]], name
        self.visit.hovers[name] = self.page.evaluate(HOVER_TEXT)
        facts = self.page.evaluate(FACTS)
        self.visit.planted_after_hover[name] = sum(facts[k] for k in PLANTED)

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="session")
def browser(request: pytest.FixtureRequest) -> Browser:
    return shared_browser(request)


@pytest.fixture(scope="module")
def tab(browser: Browser) -> Iterator[Tab]:
    opened = Tab(browser)
    yield opened
    opened.close()


def run_cli(folder: Path, *args: str) -> str:
    """The tracker CLI, in ``folder``, as conftest's ``cli`` fixture runs it: stdout."""
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(folder)
        mp.delenv("TRACKER_LOG", raising=False)
        mp.setenv("TRACKER_USER", "tester")
        mp.setenv("COLUMNS", "200")
        result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def link_target(href: str) -> Path:
    parsed = urlparse(href)
    assert parsed.scheme == "file", href
    return Path(unquote(parsed.path))


def node_count(visit: Visit) -> int:
    """The points of a network chart's node traces (not its edge lines or edge markers)."""
    edges = ("contacts", "edges")
    return sum(n for name, kind, n in visit.facts["traces"] if name not in edges)


# --------------------------------------------------------------------------- the report


# The charts of Blinken's report, as the index links them.
CHARTS = [
    ("Timeline of Antony Blinken", "timeline.html"),
    ("Contacts of Antony Blinken (two steps)", "network.html"),
    ("Activity of Antony Blinken and counterparts by month", "activity.html"),
    ("Antony Blinken and Sergey Lavrov", "dyad-sergey-lavrov.html"),
    ("Antony Blinken and Wang Yi", "dyad-wang-yi.html"),
    ("Antony Blinken and Afghanistan", "dyad-afghanistan.html"),
    ("Antony Blinken and China", "dyad-china.html"),
    (
        "Antony Blinken and Ministry of Foreign Affairs of Russia",
        "dyad-ministry-of-foreign-affairs-of-russia.html",
    ),
]


@dataclass
class Report:
    folder: Path
    stdout: str
    index: Visit
    page: dict[str, Any]  # the index page's own facts
    charts: dict[str, Visit]  # by file name, in the order the index links them
    listing: list[str]  # the report folder's files, as the command left them


@pytest.fixture(scope="module")
def report(tab: Tab, tmp_path_factory: pytest.TempPathFactory) -> Report:
    """``tracker report --actor Blinken`` on the shipped log; the index and every chart it
    links, visited through the links' own targets."""
    root = tmp_path_factory.mktemp("report")
    (root / "data").mkdir()
    shutil.copy(SHIPPED_LOG, root / "data" / "events.jsonl")
    stdout = run_cli(root, "report", "--actor", "Blinken")
    folder = root / "reports" / "blinken"
    listing = sorted(p.name for p in folder.iterdir())
    index = tab.open(folder / "index.html", chart=False)
    page = tab.page.evaluate(INDEX)
    charts: dict[str, Visit] = {}
    for _, href in page["links"]:
        target = link_target(href)
        assert target.is_file(), href
        visit = tab.open(target)
        charts[target.name] = visit
        if target.name == "dyad-sergey-lavrov.html":
            tab.hover("call", 0, 0)  # the phone call
            tab.hover("bar", 2, 0)  # the one month
    return Report(root, stdout, index, page, charts, listing)


@pytest.fixture(scope="module")
def expected(report: Report) -> dict[str, Any]:
    """What the charts should hold, from the API."""
    t = Tracker(report.folder / "data" / "events.jsonl")
    timeline = t.timeline(["Blinken"])
    _, ego = t.ego_graph("Blinken", 2)
    dyads = {
        name: t.dyad("Blinken", title.removeprefix("Antony Blinken and "))
        for title, name in CHARTS
        if name.startswith("dyad-")
    }
    return {"timeline": timeline, "ego": ego, "dyads": dyads}


def test_report_index_links_every_chart(report: Report) -> None:
    assert report.stdout == "wrote reports/blinken/index.html (8 charts)\n"
    report.index.assert_clean()
    assert report.index.requests == [report.index.path.as_uri()]
    assert report.page["title"] == "Report: Antony Blinken"
    assert report.page["h1"] == "Antony Blinken"
    assert report.page["scripts"] == 0
    assert [(text, link_target(href).name) for text, href in report.page["links"]] == CHARTS
    folder = report.index.path.parent
    assert all(link_target(href).parent == folder for _, href in report.page["links"])
    assert report.listing == sorted(["index.html", "plotly.min.js", *(name for _, name in CHARTS)])
    assert report.page["counterparts"][:2] == ["Sergey Lavrov: 3 event(s)", "Wang Yi: 2 event(s)"]


def test_report_charts_share_one_plotly_js(report: Report) -> None:
    folder = report.index.path.parent
    assert [p.relative_to(report.folder) for p in report.folder.rglob("plotly.min.js")] == [
        Path("reports/blinken/plotly.min.js")
    ]
    shared = (folder / "plotly.min.js").as_uri()
    assert (folder / "plotly.min.js").stat().st_size > 3_000_000
    assert list(report.charts) == [name for _, name in CHARTS]
    for name, visit in report.charts.items():
        visit.assert_clean()
        # The page, then the one plotly.js beside it: nothing else, nothing from outside.
        assert visit.requests == [visit.path.as_uri(), shared], name
        scripts = visit.facts["scripts"]
        assert [s for s in scripts if s.startswith("src=")] == ["src=plotly.min.js"], name
        inline = [int(s.split(":")[1]) for s in scripts if s.startswith("inline:")]
        assert max(inline) < 100_000, name  # the figure, never an inline plotly.js bundle
        assert visit.path.stat().st_size < 100_000, name
        assert visit.facts["plots"] == 1, name


def test_report_timeline_chart(report: Report, expected: dict[str, Any]) -> None:
    facts = report.charts["timeline.html"].facts
    assert len(expected["timeline"].entries) == 4
    assert facts["traces"] == [["phone call", "scatter", 2], ["statement", "scatter", 2]]
    assert facts["scatter_points"] == 4
    assert facts["yticks"] == [
        "Wang Yi",
        "Sergey Lavrov",
        "Ned Price",
        "Ministry of Foreign Affairs of Russia",
    ]
    assert facts["legend"] == ["phone call", "statement"]


def test_report_network_chart(report: Report, expected: dict[str, Any]) -> None:
    facts = report.charts["network.html"].facts
    ego: nx.Graph = expected["ego"]
    assert (ego.number_of_nodes(), ego.number_of_edges()) == (3, 2)
    assert node_count(report.charts["network.html"]) == 3
    assert ["edges", "scatter", 2] in facts["traces"]
    # Three node markers and two (invisible) edge markers are drawn.
    assert facts["scatter_points"] == 3 + 2
    assert sorted(facts["labels"]) == ["Antony Blinken", "Sergey Lavrov", "Wang Yi"]
    assert facts["legend"] == ["CHN", "RUS", "USA"]
    assert facts["title"] == [
        "Contacts of Antony Blinken within two steps",
        "3 actors · 2 pairs in contact · size: degree centrality · colour: country",
    ]


def test_report_activity_chart(report: Report) -> None:
    facts = report.charts["activity.html"].facts
    # Blinken and his eight counterparts, one month: nine cells, each with its count.
    assert facts["traces"] == [[None, "heatmap", 9]]
    assert facts["cells"] == ["4", "3", "2", "2", "1", "1", "1", "1", "1"]
    assert len(facts["yticks"]) == 9
    assert facts["yticks"][:2] == ["Antony Blinken", "Sergey Lavrov"]  # the busiest on top
    assert facts["title"] == ["Events per month: Antony Blinken and counterparts"]


def test_report_dyad_charts(report: Report, expected: dict[str, Any]) -> None:
    lavrov = report.charts["dyad-sergey-lavrov.html"].facts
    assert expected["dyads"]["dyad-sergey-lavrov.html"].months == {"2021-08": 3}
    assert lavrov["traces"] == [
        ["phone call", "scatter", 1],
        ["statement", "scatter", 2],
        ["events per month", "bar", 1],
    ]
    assert lavrov["scatter_points"] == 3
    assert lavrov["bars"] == 1
    assert lavrov["title"] == [
        "Antony Blinken and Sergey Lavrov",
        "3 event(s) together · mean Goldstein +1.00 over 1 coded contact(s)",
    ]
    # Every dyad chart: a point per event together, a bar per month, the pair in the title.
    assert len(expected["dyads"]) == 5
    for name, dyad in expected["dyads"].items():
        facts = report.charts[name].facts
        assert facts["scatter_points"] == len(dyad.timeline.entries) > 0, name
        assert facts["bars"] == len(dyad.months), name
        assert facts["title"][0] == f"Antony Blinken and {dyad.b}", name


def test_report_dyad_hover(report: Report, expected: dict[str, Any]) -> None:
    visit = report.charts["dyad-sergey-lavrov.html"]
    entries = expected["dyads"]["dyad-sergey-lavrov.html"].timeline.entries
    (call,) = [e for e in entries if e.type == "phone_call"]
    assert call.summary.startswith("Blinken called Russian Foreign Minister Sergey Lavrov")
    # The summary, cut at 300 characters and wrapped at 80, as lines of the label.
    assert len(call.summary) > 300
    assert visit.hovers["call"] == [
        "2021-08-16 · phone call",
        *textwrap.wrap(call.summary[:299] + "…", 80),
        "CAMEO 041",
    ]
    assert visit.hovers["bar"] == ["2021-08: 3 event(s)"]
    assert visit.planted_after_hover == {"call": 0, "bar": 0}
    visit.assert_clean()


# --------------------------------------------------------------------------- several actors


@pytest.fixture(scope="module")
def three_actors(tab: Tab, report: Report) -> Visit:
    """The timeline of Blinken, Wang Yi and Lavrov, written beside the report's charts (the
    tab has run that plotly.min.js already; the CLI's own --html is tested elsewhere)."""
    timeline = Tracker(report.folder / "data" / "events.jsonl").timeline(
        ["Blinken", "Wang Yi", "Lavrov"]
    )
    folder = report.index.path.parent
    written = write_html(timeline_figure(timeline), folder / "three.html", plotlyjs="directory")
    return tab.open(written)


def test_timeline_of_three_actors_has_three_lanes(three_actors: Visit) -> None:
    visit = three_actors
    visit.assert_clean()
    assert [Path(u).name for u in visit.requests] == ["three.html", "plotly.min.js"]
    assert visit.facts["plots"] == 1
    assert visit.facts["yticks"] == ["Antony Blinken", "Wang Yi", "Sergey Lavrov"]
    assert visit.facts["ytitle"] == ["actor"]
    # 4 events in Blinken's lane, the 2 with Wang Yi in his, the 3 with Lavrov in his.
    assert visit.facts["scatter_points"] == 9
    assert visit.facts["title"] == [
        "Timeline of Antony Blinken, Wang Yi, Sergey Lavrov: 2021-08-16",
        "4 events · one lane per actor",
    ]


# --------------------------------------------------------------------------- 200 actors


@dataclass
class Network:
    stdout: str
    graph: nx.Graph
    visit: Visit
    hovered: dict[str, str]  # hover name -> the actor id hovered


@pytest.fixture(scope="module")
def network(tab: Tab, tmp_path_factory: pytest.TempPathFactory) -> Network:
    """``tracker graph --actor "Actor 0000" --html`` on a generated log of 200 actors."""
    root = tmp_path_factory.mktemp("synthetic")
    generate(root / "data" / "events.jsonl", n_events=5000, n_actors=200, seed=1)
    stdout = run_cli(root, "graph", "--actor", "Actor 0000", "--html")
    _, g = Tracker(root / "data" / "events.jsonl").ego_graph("Actor 0000", 1)
    visit = tab.open(root / "reports" / "network-actor-0000.html")
    # The centre (the biggest node, labelled, on the inner ring) and the least connected
    # actor (small, unlabelled, on the outer ring).
    least = min(g, key=lambda n: (g.degree(n), n))
    hovered = {"centre": "actor-0000", "least": least}
    for name, node in hovered.items():
        ((trace, point),) = tab.page.evaluate(FIND_NODE, g.nodes[node]["label"])
        tab.hover(name, trace, point)
    return Network(stdout, g, visit, hovered)


def test_network_of_200_actors_draws_every_node(network: Network) -> None:
    g = network.graph
    assert g.number_of_nodes() > 150
    assert g.number_of_edges() > 1000
    assert network.stdout == (
        f"wrote reports/network-actor-0000.html ({g.number_of_nodes()} actors, "
        f"{g.number_of_edges()} pairs)\n"
    )
    visit = network.visit
    visit.assert_clean()
    assert visit.requests == [visit.path.as_uri()]  # self-contained
    assert visit.facts["plots"] == 1
    assert node_count(visit) == g.number_of_nodes()
    # So many pairs: edges are faint lines without hover markers; every point is a node.
    assert [name for name, _, _ in visit.facts["traces"]].count("edges") == 0
    assert visit.facts["scatter_points"] == g.number_of_nodes()
    # Rings: only the 14 most central carry a label.
    assert len(visit.facts["labels"]) == 14
    assert "Actor 0000" in visit.facts["labels"]
    assert visit.facts["legend"][-1] == "other"
    assert len(visit.facts["legend"]) == 13  # twelve countries in colour, the rest grey


@pytest.mark.parametrize("which", ["centre", "least"])
def test_network_of_200_actors_hover_shows_the_node(network: Network, which: str) -> None:
    g = network.graph
    node = network.hovered[which]
    data = g.nodes[node]
    score = round(g.degree(node) / (g.number_of_nodes() - 1), 4)
    assert network.visit.hovers[which] == [
        f"{data['label']} ({data['kind']}, {data['country'] or '-'})",
        f"{data['events']} event(s), {g.degree(node, weight='weight')} contact(s) "
        f"with {g.degree(node)} counterpart(s)",
        f"last contact {data['last']}",
        f"degree centrality {score:g}",
    ]
    network.visit.assert_clean()


# --------------------------------------------------------------------------- hostile text


@pytest.fixture(scope="module")
def hostile(tab: Tab, report: Report, tmp_path_factory: pytest.TempPathFactory) -> Report:
    """The report of an actor named like an <img onerror>, whose summaries hold markup.

    Its charts are opened from byte-for-byte copies placed beside the Blinken report's
    plotly.min.js, which the tab has already run (a plotly.js at a new address costs
    another four seconds); the index is opened where it was written.
    """
    root = tmp_path_factory.mktemp("hostile")
    t = Tracker(EventLog.create(root / "data" / "events.jsonl").path)
    t.register_actor(IMG, kind="person")
    t.register_actor("Wang Yi", kind="person", country="CHN")
    for when, etype in (("2021-08-16", "phone_call"), ("2021-09-02", "meeting")):
        t.add_event(
            type=etype,
            when=when,
            participants=[ActorRef(IMG, "initiator"), ActorRef("Wang Yi", "recipient")],
            summary=HOSTILE_SUMMARY,
            sources=[{"url": "https://example.org/story", "outlet": f"{LINK} Times"}],
            cameo="041",
        )
    stdout = run_cli(root, "report", "--actor", IMG, "-o", "out")
    listing = sorted(p.name for p in (root / "out").iterdir())
    index = tab.open(root / "out" / "index.html", chart=False)
    page = tab.page.evaluate(INDEX)
    charts: dict[str, Visit] = {}
    for _, href in page["links"]:
        target = link_target(href)
        assert target.is_file(), href
        copy = report.index.path.parent / f"hostile-{target.name}"
        shutil.copyfile(target, copy)
        charts[target.name] = tab.open(copy)
        if target.name in ("timeline.html", "dyad-wang-yi.html"):
            tab.hover("call", 0, 0)  # the phone call
        elif target.name == "network.html":
            ((trace, point),) = tab.page.evaluate(FIND_NODE, esc(IMG))
            tab.hover("node", trace, point)
    return Report(root, stdout, index, page, charts, listing)


def test_hostile_report_index_shows_the_name_literally(hostile: Report) -> None:
    assert hostile.stdout == "wrote out/index.html (4 charts)\n"
    hostile.index.assert_clean()
    assert hostile.page["title"] == f"Report: {IMG}"
    assert hostile.page["h1"] == IMG
    assert hostile.page["scripts"] == 0
    assert [(text, link_target(href).name) for text, href in hostile.page["links"]] == [
        (f"Timeline of {IMG}", "timeline.html"),
        (f"Contacts of {IMG} (two steps)", "network.html"),
        (f"Activity of {IMG} and counterparts by month", "activity.html"),
        (f"{IMG} and Wang Yi", "dyad-wang-yi.html"),
    ]
    assert hostile.page["counterparts"] == ["Wang Yi: 2 event(s)"]


def report_js(hostile: Report) -> str:
    """The plotly.min.js the copies of the hostile charts load: the Blinken report's."""
    (visit,) = [v for name, v in hostile.charts.items() if name == "timeline.html"]
    return (visit.path.parent / "plotly.min.js").as_uri()


def test_hostile_report_charts_plant_nothing(hostile: Report) -> None:
    assert list(hostile.charts) == [
        "timeline.html",
        "network.html",
        "activity.html",
        "dyad-wang-yi.html",
    ]
    # The report's own folder: its charts and one plotly.min.js.
    assert hostile.listing == sorted(["index.html", "plotly.min.js", *hostile.charts])
    shared = report_js(hostile)
    for name, visit in hostile.charts.items():
        visit.assert_clean()
        assert visit.requests == [visit.path.as_uri(), shared], name
        assert visit.facts["plots"] == 1, name
    # Nothing planted while a hover label showed the hostile text either.
    assert {name: v.planted_after_hover for name, v in hostile.charts.items()} == {
        "timeline.html": {"call": 0},
        "network.html": {"node": 0},
        "activity.html": {},
        "dyad-wang-yi.html": {"call": 0},
    }


def test_hostile_name_shows_literally_in_each_chart(hostile: Report) -> None:
    timeline = hostile.charts["timeline.html"].facts
    assert timeline["title"][0] == f"Timeline of {IMG}: 2021-08-16 to 2021-09-02"
    network = hostile.charts["network.html"].facts
    assert sorted(network["labels"]) == sorted([IMG, "Wang Yi"])
    assert network["title"][0] == f"Contacts of {IMG} within two steps"
    activity = hostile.charts["activity.html"].facts
    assert activity["yticks"] == [IMG, "Wang Yi"]
    assert activity["cells"] == ["1", "1", "1", "1"]  # two actors x two months
    dyad = hostile.charts["dyad-wang-yi.html"].facts
    assert dyad["title"][0] == f"{IMG} and Wang Yi"
    assert dyad["bars"] == 2


def test_hostile_summary_shows_literally_on_hover(hostile: Report) -> None:
    assert hostile.charts["dyad-wang-yi.html"].hovers["call"] == [
        "2021-08-16 · phone call",
        HOSTILE_SUMMARY,
        "CAMEO 041",
    ]
    timeline = hostile.charts["timeline.html"].hovers["call"]
    assert timeline[:2] == ["2021-08-16 · phone call", f"{IMG} (initiator), Wang Yi (recipient)"]
    assert HOSTILE_SUMMARY in timeline
    assert f"Source: {LINK} Times https://example.org/story" in timeline
    assert hostile.charts["network.html"].hovers["node"][0] == f"{IMG} (person, -)"
    for visit in hostile.charts.values():
        assert visit.dialogs == [] and visit.errors == [] and visit.blocked == []
