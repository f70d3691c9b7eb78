"""Charts opened in a real headless Chromium, offline: drawn, hoverable, and inert.

The recipe is /work/shared/BROWSER.md: Debian's chromium driven by playwright's sync API
(never ``playwright install``), the browser launched once per session, each page loaded
once per module (plotly.js takes seconds to load), every request that is not ``file:``
aborted and recorded.

Without chromium or playwright these tests skip, unless ``CI`` is set: CI installs both, so
there a missing browser is a failure, not a skip.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import plotly.graph_objects as go
import pytest
from typer.testing import CliRunner

from tracker.cli.app import app
from tracker.domain.markup import esc
from tracker.log.file import EventLog
from tracker.services.recording import ActorRef
from tracker.services.tracker import Tracker
from tracker.views.charts.html import write_html
from tracker.views.charts.timeline import lanes_of, timeline_figure

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_LOG = ROOT / "data" / "events.jsonl"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 20_000  # a ceiling for waits on the page, never an assertion about speed

# Lanes of the shipped Blinken timeline, top to bottom on screen (y = 3, 2, 1, 0).
BLINKEN_TICKS = ["Wang Yi", "Sergey Lavrov", "Ned Price", "Ministry of Foreign Affairs of Russia"]
NIE = "The New Indian Express (AP) · 2021-08-17"

IMG = "<img src=x onerror=alert(1)>"
LINK = '<a href="https://evil.example">x</a>'
RED = '<span style="color:red">red</span>'
SCRIPT = "<script>alert(1)</script>"
CLICK = '<a href="https://evil.example">click</a>'
HOSTILE_SUMMARY = f"{SCRIPT} {CLICK} {RED} %{{x}}"
HOSTILE_OUTLET = "<b>bold</b> Times"
HOSTILE_URL = "https://example.org/%{x}"

# --------------------------------------------------------------------------- javascript

READY = """() => {
    const gd = document.querySelector('.js-plotly-plot');
    return !!(gd && gd._fullLayout && gd.calcdata
              && gd.querySelectorAll('.scatterlayer .point').length);
}"""
POINTS = """() => {
    const gd = document.querySelector('.js-plotly-plot');
    const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
    const box = gd.getBoundingClientRect();
    const out = [];
    gd.data.forEach(t => t.x.forEach((x, j) => out.push({
        trace: t.name, x: x, y: t.y[j], customdata: t.customdata[j],
        lane: t.customdata[j][6] === undefined ? null : t.customdata[j][6],
        px: box.left + xa._offset + xa.d2p(x),
        py: box.top + ya._offset + ya.d2p(t.y[j]),
    })));
    return out;
}"""
# The y tick labels with the screen height of their middle, top to bottom.
TICKS = """() => Array.from(document.querySelectorAll('.ytick text')).map(t => {
    const r = t.getBoundingClientRect();
    return [t.textContent, (r.top + r.bottom) / 2];
}).sort((a, b) => a[1] - b[1])"""
HOVER_LINES = """() => Array.from(
    document.querySelectorAll('.hoverlayer .hovertext text.nums tspan.line')
).map(t => t.textContent)"""
# Plotly draws <a href> as an SVG <a xlink:href=...>: a plain a[href*=...] misses it.
EVIL_LINKS = """Array.from(document.querySelectorAll('a')).filter(a =>
    ((a.getAttribute('href') || '') + ' '
     + (a.getAttributeNS('http://www.w3.org/1999/xlink', 'href') || '')).includes('evil')
).length"""
PLANTED = (
    "() => ({ evil_links: "
    + EVIL_LINKS
    + """,
    plain_selector: document.querySelectorAll('a[href*="evil"]').length,
    red: document.querySelectorAll('[style*="fill:red"], [style*="color:red"]').length,
    img: document.querySelectorAll('.js-plotly-plot img').length,
    script: document.querySelectorAll('.js-plotly-plot script').length,
})"""
)


# --------------------------------------------------------------------------- browser


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _unavailable(reason: str) -> NoReturn:
    if _in_ci():
        pytest.fail(f"{reason}, and CI is set: CI installs it, so the browser tests must run")
    pytest.skip(reason)


# The one browser of the session, shared by every browser test module (each module's
# ``browser`` fixture calls ``shared_browser``), closed when the session ends.
BROWSER_KEY = pytest.StashKey["Browser"]()


def shared_browser(request: pytest.FixtureRequest) -> Browser:
    """The session's headless chromium: launched on first use, closed at the end."""
    found = request.config.stash.get(BROWSER_KEY, None)
    if found is not None:
        return found
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install playwright)")
    executable = shutil.which("chromium") or (
        "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None
    )
    if executable is None:
        _unavailable("chromium is not installed (apt-get install chromium)")
    pw = sync_playwright().start()
    request.session.addfinalizer(pw.stop)
    launched = pw.chromium.launch(executable_path=executable, args=FLAGS)
    request.config.stash[BROWSER_KEY] = launched

    def close() -> None:  # runs before pw.stop: finalizers run last in, first out
        del request.config.stash[BROWSER_KEY]
        launched.close()

    request.session.addfinalizer(close)
    return launched


@pytest.fixture(scope="session")
def browser(request: pytest.FixtureRequest) -> Browser:
    return shared_browser(request)


@dataclass
class Loaded:
    """A chart opened in the browser, and everything the page did on the way."""

    page: Page
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def points(self) -> list[dict[str, Any]]:
        return self.page.evaluate(POINTS)

    def hover(self, point: dict[str, Any]) -> list[str]:
        """The lines of the hover label shown with the mouse on ``point``."""
        label = self.page.locator(".hoverlayer .hovertext")
        self.page.mouse.move(1, 1)  # off the plot: no label
        label.wait_for(state="detached")
        self.page.mouse.move(point["px"], point["py"])
        label.wait_for(state="attached")
        assert label.count() == 1
        hovered = self.page.evaluate(
            "() => document.querySelector('.js-plotly-plot')._hoverdata"
            ".map(p => [p.y, p.customdata[6] === undefined ? null : p.customdata[6]])"
        )
        assert hovered == [[point["y"], point["lane"]]]
        return self.page.evaluate(HOVER_LINES)


def open_chart(browser: Browser, path: Path, *, drawn: bool = True) -> Loaded:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    loaded = Loaded(page)

    def route(r: Any) -> None:
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            loaded.blocked.append(r.request.url)
            r.abort()

    def on_dialog(d: Any) -> None:
        loaded.dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    context.route("**/*", route)
    page.on("request", lambda r: loaded.requests.append(r.url))
    page.on("pageerror", lambda e: loaded.errors.append(f"pageerror: {e}"))
    page.on(
        "console",
        lambda m: loaded.errors.append(f"console: {m.text}") if m.type == "error" else None,
    )
    page.on("dialog", on_dialog)
    page.goto(path.as_uri(), wait_until="load")
    if drawn:
        page.wait_for_function(READY)
    return loaded


def closed(loaded: Loaded) -> None:
    loaded.page.context.close()


def assert_clean(loaded: Loaded) -> None:
    assert loaded.dialogs == []
    assert loaded.errors == []
    assert loaded.blocked == []
    assert [u for u in loaded.requests if not u.startswith("file:")] == []
    assert loaded.page.evaluate("document.querySelectorAll('.js-plotly-plot').length") == 1


def text_lines(loaded: Loaded, selector: str) -> list[str]:
    return loaded.page.evaluate(
        "(s) => Array.from(document.querySelectorAll(s + ' tspan.line'))"
        ".map(t => t.textContent.replaceAll('\\u200b', ''))",
        selector,
    )


# --------------------------------------------------------------------------- the shipped chart


@dataclass
class CliRun:
    folder: Path
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture(scope="module")
def blinken_run(tmp_path_factory: pytest.TempPathFactory) -> CliRun:
    """``tracker timeline --actor Blinken --html`` in a folder holding the shipped log.

    The same as the ``seed_log`` + ``cli`` fixtures of conftest, at module scope so the
    page it writes is loaded once.
    """
    folder = tmp_path_factory.mktemp("blinken")
    (folder / "data").mkdir()
    shutil.copy(SHIPPED_LOG, folder / "data" / "events.jsonl")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(folder)
        mp.delenv("TRACKER_LOG", raising=False)
        mp.setenv("TRACKER_USER", "tester")
        mp.setenv("COLUMNS", "200")
        result = CliRunner().invoke(
            app, ["timeline", "--actor", "Blinken", "--html"], catch_exceptions=False
        )
    return CliRun(folder, result.exit_code, result.stdout, result.stderr)


@pytest.fixture(scope="module")
def blinken(browser: Browser, blinken_run: CliRun) -> Iterator[Loaded]:
    assert blinken_run.exit_code == 0, blinken_run.stderr
    loaded = open_chart(browser, blinken_run.folder / "reports" / "timeline-blinken.html")
    yield loaded
    closed(loaded)


def test_cli_writes_a_self_contained_chart(blinken_run: CliRun) -> None:
    assert blinken_run.exit_code == 0, blinken_run.stderr
    assert blinken_run.stdout == "wrote reports/timeline-blinken.html (4 events)\n"
    printed = blinken_run.stdout.split()[1]
    page = blinken_run.folder / printed
    assert page.is_file()
    text = page.read_text(encoding="utf-8")
    assert '<script src="' not in text
    assert page.stat().st_size > 3_000_000  # plotly.js is inside


def test_shipped_chart_loads_offline_without_errors(blinken: Loaded) -> None:
    assert_clean(blinken)
    # One self-contained file: the page itself is the only request.
    assert blinken.requests == [blinken.page.url]
    assert blinken.page.url.endswith("/reports/timeline-blinken.html")


def test_shipped_chart_draws_one_point_per_event_and_lane(
    blinken: Loaded, blinken_run: CliRun
) -> None:
    timeline = Tracker(blinken_run.folder / "data" / "events.jsonl").timeline(["Blinken"])
    pairs = sum(len(lanes_of(e, timeline.actor_ids)) for e in timeline.entries)
    assert pairs == 4
    page = blinken.page
    assert page.evaluate(
        "() => document.querySelector('.js-plotly-plot').data.map(t => t.x.length)"
    ) == [2, 2]
    assert page.locator(".js-plotly-plot .scatterlayer .point").count() == pairs
    points = blinken.points()
    # Lanes are numbers (the top lane the highest); the lane's name rides in customdata.
    assert {p["lane"]: p["y"] for p in points} == {
        lane: float(3 - i) for i, lane in enumerate(BLINKEN_TICKS)
    }
    assert [len(p["customdata"]) for p in points] == [7] * 4
    # Each point is drawn level with its lane's tick label (within 2 px).
    ticks = dict(blinken.page.evaluate(TICKS))
    assert sorted(ticks) == sorted(BLINKEN_TICKS)
    for p in points:
        assert abs(p["py"] - ticks[p["lane"]]) <= 2, (p["lane"], p["py"], ticks)
    assert page.locator(".legendtext").all_text_contents() == ["phone call", "statement"]


def test_shipped_chart_lanes_are_the_tick_labels(blinken: Loaded) -> None:
    assert blinken.page.locator(".ytick text").all_text_contents() == BLINKEN_TICKS
    # ... and that is their order on screen, top to bottom.
    assert [text for text, _ in blinken.page.evaluate(TICKS)] == BLINKEN_TICKS
    assert blinken.page.locator(".g-ytitle text").all_text_contents() == [
        "counterpart (or speaker)"
    ]


def test_shipped_chart_title(blinken: Loaded) -> None:
    assert text_lines(blinken, ".gtitle") == [
        "Timeline of Antony Blinken: 2021-08-16",
        "4 events · one lane per counterpart",
    ]


def test_hover_shows_the_wang_yi_call(blinken: Loaded) -> None:
    (point,) = [p for p in blinken.points() if p["lane"] == "Wang Yi"]
    assert blinken.hover(point) == [
        "2021-08-16 · phone call",
        "Antony Blinken (initiator), Wang Yi (recipient)",
        "",
        "Secretary of State Antony Blinken called Chinese Foreign Minister Wang Yi about",
        "developments in Afghanistan, including the security situation.",
        "",
        f"Source: {NIE}",
        "https://www.newindianexpress.com/world/2021/aug/17/us-reaches-out-to-russia-china-on-",
        "afghanistancrisis-2345596.html",
    ]


@pytest.mark.parametrize(
    ("lane", "role", "heading", "snippet"),
    [
        (
            "Sergey Lavrov",
            "recipient",
            "2021-08-16 · phone call",
            "Blinken called Russian Foreign Minister",
        ),
        (
            "Ned Price",
            "speaker",
            "2021-08-16 · statement",
            "State Department spokesman Ned Price said",
        ),
        (
            "Ministry of Foreign Affairs of Russia",
            "speaker",
            "2021-08-16 · statement",
            "Russia's foreign ministry said Lavrov and Blinken",
        ),
    ],
)
def test_hover_shows_each_lane_its_event(
    blinken: Loaded, lane: str, role: str, heading: str, snippet: str
) -> None:
    (point,) = [p for p in blinken.points() if p["lane"] == lane]
    lines = blinken.hover(point)
    assert lines[0] == heading
    assert f"{lane} ({role})" in lines[1]
    summary_at = lines.index("") + 1  # participants, a blank line, the summary
    assert lines[summary_at].startswith(snippet)
    assert f"Source: {NIE}" in lines
    assert blinken.dialogs == [] and blinken.errors == [] and blinken.blocked == []


# --------------------------------------------------------------------------- one lane, one day


@pytest.fixture(scope="module")
def same_day(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Loaded]:
    """Two calls of Blinken with Wang Yi on one day: one lane, one type, two points."""
    folder = tmp_path_factory.mktemp("same-day")
    t = Tracker(EventLog.create(folder / "data" / "events.jsonl").path)
    t.register_actor("Antony Blinken", kind="person", aliases=["Blinken"], country="USA")
    t.register_actor("Wang Yi", kind="person", country="CHN")
    for text in ("The morning call.", "The evening call."):
        t.add_event(
            type="phone_call",
            when="2021-08-16",
            participants=[ActorRef("Blinken", "initiator"), ActorRef("Wang Yi", "recipient")],
            summary=text,
            sources=[{"url": "https://example.org/story"}],
        )
    path = write_html(
        timeline_figure(t.timeline(["Blinken"])),
        folder / "reports" / "same-day.html",
        plotlyjs="directory",
    )
    loaded = open_chart(browser, path)
    yield loaded
    closed(loaded)


def test_two_events_on_one_lane_and_day_are_both_visible(same_day: Loaded) -> None:
    assert_clean(same_day)
    points = same_day.points()
    assert [(p["x"], p["y"], p["lane"]) for p in points] == [
        ("2021-08-16", 0.09, "Wang Yi"),
        ("2021-08-16", -0.09, "Wang Yi"),
    ]
    assert same_day.page.locator(".js-plotly-plot .scatterlayer .point").count() == 2
    # Apart on screen by more than a marker (13 px): neither hides the other.
    assert points[0]["px"] == points[1]["px"]
    assert points[1]["py"] - points[0]["py"] > 13
    # Both sit around the one lane's tick label.
    ((tick, tick_y),) = same_day.page.evaluate(TICKS)
    assert tick == "Wang Yi"
    assert points[0]["py"] < tick_y < points[1]["py"]
    # One event type, and still a legend naming it.
    assert same_day.page.locator(".legendtext").all_text_contents() == ["phone call"]


def test_two_events_on_one_lane_and_day_each_have_their_hover(same_day: Loaded) -> None:
    top, bottom = same_day.points()
    for point, summary in ((top, "The morning call."), (bottom, "The evening call.")):
        lines = same_day.hover(point)
        assert lines == [
            "2021-08-16 · phone call",
            "Antony Blinken (initiator), Wang Yi (recipient)",
            "",
            summary,
            "",
            "Source: https://example.org/story",
        ]
    assert same_day.dialogs == [] and same_day.errors == [] and same_day.blocked == []


# --------------------------------------------------------------------------- hostile text


@pytest.fixture(scope="module")
def hostile_chart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A timeline of an actor named like an <img onerror>, with markup in every string.

    Written with plotly.js in a file beside the page ("directory"), which must work too.
    """
    folder = tmp_path_factory.mktemp("hostile")
    t = Tracker(EventLog.create(folder / "data" / "events.jsonl").path)
    for name in (IMG, LINK, RED):
        t.register_actor(name)
    t.add_event(
        type="phone_call",
        when="2021-08-16",
        participants=[ActorRef(IMG, "initiator"), ActorRef(LINK, "recipient")],
        summary=HOSTILE_SUMMARY,
        sources=[{"url": HOSTILE_URL, "outlet": HOSTILE_OUTLET}],
    )
    t.add_event(
        type="statement",
        when="2021-08-18",
        participants=[ActorRef(RED, "speaker"), ActorRef(IMG, "about")],
        summary="%{y} <i>it</i> %{customdata[0]}",
        sources=[{"url": "https://example.org/story"}],
    )
    return write_html(
        timeline_figure(t.timeline([IMG])),
        folder / "reports" / "hostile.html",
        plotlyjs="directory",
    )


@pytest.fixture(scope="module")
def hostile(browser: Browser, hostile_chart: Path) -> Iterator[Loaded]:
    loaded = open_chart(browser, hostile_chart)
    yield loaded
    closed(loaded)


def test_hostile_chart_loads_offline_and_runs_nothing(hostile: Loaded) -> None:
    assert_clean(hostile)
    assert sorted(Path(u).name for u in hostile.requests) == ["hostile.html", "plotly.min.js"]
    assert hostile.page.evaluate(PLANTED) == {
        "evil_links": 0,
        "plain_selector": 0,
        "red": 0,
        "img": 0,
        "script": 0,
    }


def test_hostile_names_show_literally_in_ticks_and_title(hostile: Loaded) -> None:
    assert hostile.page.locator(".ytick text").all_text_contents() == [LINK, RED]
    assert [text for text, _ in hostile.page.evaluate(TICKS)] == [LINK, RED]
    # What plotly was given is the escaped text, which it shows as the original.
    assert hostile.page.evaluate(
        "() => document.querySelector('.js-plotly-plot').data.map(t => t.customdata[0][6])"
    ) == [esc(LINK), esc(RED)]
    assert text_lines(hostile, ".gtitle") == [
        f"Timeline of {IMG}: 2021-08-16 to 2021-08-18",
        "2 events · one lane per counterpart",
    ]


def test_hostile_summary_shows_literally_on_hover(hostile: Loaded) -> None:
    (point,) = [p for p in hostile.points() if p["lane"] == esc(LINK)]
    lines = hostile.hover(point)
    assert lines[0] == "2021-08-16 · phone call"
    assert lines[1] == f"{IMG} (initiator), {LINK} (recipient)"
    # The summary is wrapped at spaces over lines 3 and 4 (between two blank lines).
    assert lines[2] == "" and lines[5] == ""
    assert " ".join(lines[3:5]) == HOSTILE_SUMMARY
    assert SCRIPT in lines[3] and CLICK in lines[3]
    assert lines[4].endswith(" %{x}")  # not filled in with the x value
    assert lines[6] == f"Source: {HOSTILE_OUTLET} {HOSTILE_URL}"
    # While the label is up: no link, no injected style, no dialog.
    assert hostile.page.evaluate(PLANTED)["evil_links"] == 0
    assert hostile.page.evaluate(PLANTED)["red"] == 0
    assert hostile.dialogs == [] and hostile.errors == [] and hostile.blocked == []


def test_hostile_template_fields_in_data_stay_literal(hostile: Loaded) -> None:
    (point,) = [p for p in hostile.points() if p["lane"] == esc(RED)]
    lines = hostile.hover(point)
    assert lines[:2] == ["2021-08-18 · statement", f"{RED} (speaker), {IMG} (about)"]
    assert lines[3] == "%{y} <i>it</i> %{customdata[0]}"
    assert hostile.dialogs == [] and hostile.errors == [] and hostile.blocked == []


# --------------------------------------------------------------------------- controls


@pytest.fixture(scope="module")
def raw_markup(browser: Browser, hostile_chart: Path) -> Iterator[Loaded]:
    """The same strings handed to plotly unescaped: what the escaping prevents."""
    fig = go.Figure(
        go.Scatter(
            x=["2021-08-16", "2021-08-18"],
            y=[LINK, RED],
            mode="markers",
            customdata=[[HOSTILE_SUMMARY], [HOSTILE_SUMMARY]],
            hovertemplate=HOSTILE_SUMMARY + "<extra></extra>",
        ),
        layout={"title": {"text": IMG}},
    )
    loaded = open_chart(
        browser, write_html(fig, hostile_chart.parent / "raw.html", plotlyjs="directory")
    )
    yield loaded
    closed(loaded)


def test_control_unescaped_markup_is_caught(raw_markup: Loaded) -> None:
    """The checks above can fail: raw strings plant a link and a style, and fill %{x}."""
    assert raw_markup.page.locator(".ytick text").all_text_contents() == ["x", "red"]
    planted = raw_markup.page.evaluate(PLANTED)
    assert planted["evil_links"] == 1
    assert planted["plain_selector"] == 0  # why EVIL_LINKS looks at xlink:href too
    point = next(p for p in raw_markup.points() if p["y"] == LINK)
    raw_markup.hover(point)
    label = raw_markup.page.locator(".hoverlayer .hovertext text.nums").text_content()
    assert label == f"{SCRIPT} click red Aug 16, 2021"  # %{x} was filled in
    assert raw_markup.page.evaluate(PLANTED)["evil_links"] == 2
    assert raw_markup.page.evaluate(PLANTED)["red"] >= 1


def test_control_cdn_chart_does_not_render_offline(browser: Browser, tmp_path: Path) -> None:
    """A chart that needs the CDN is caught: the request is blocked and nothing is drawn."""
    fig = go.Figure(go.Scatter(x=["2021-08-16"], y=["Wang Yi"]))
    path = write_html(fig, tmp_path / "cdn.html", plotlyjs="cdn")
    loaded = open_chart(browser, path, drawn=False)
    try:
        assert len(loaded.blocked) == 1
        assert loaded.blocked[0].startswith("https://cdn.plot.ly/")
        assert loaded.page.evaluate("document.querySelectorAll('.js-plotly-plot').length") == 0
        assert "pageerror: Plotly is not defined" in loaded.errors
    finally:
        closed(loaded)


# --------------------------------------------------------------------------- aggregated view

# Each drawn marker of the plot, with the screen width of its shape.
MARKERS = """() => Array.from(document.querySelectorAll('.js-plotly-plot .scatterlayer .trace'))
    .map(t => Array.from(t.querySelectorAll('.point'))
        .map(p => Math.round(p.getBoundingClientRect().width * 10) / 10))"""


@dataclass
class Binned:
    loaded: Loaded
    figure: go.Figure


@pytest.fixture(scope="module")
def binned(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Binned]:
    """Seven events of an actor named like an <img onerror>, drawn as weekly bins (the
    threshold lowered to 5), with markup and template fields in names and summaries."""
    folder = tmp_path_factory.mktemp("binned")
    t = Tracker(EventLog.create(folder / "data" / "events.jsonl").path)
    for name in (IMG, LINK, RED):
        t.register_actor(name)
    call = [ActorRef(IMG, "initiator"), ActorRef(LINK, "recipient")]
    t.add_events(
        [
            {
                "type": "phone_call",
                "when": f"2021-01-0{4 + i}",
                "participants": call,
                "summary": f"#{i} {HOSTILE_SUMMARY}",
                "sources": [{"url": HOSTILE_URL, "outlet": HOSTILE_OUTLET}],
            }
            for i in range(5)
        ]
        + [
            {
                "type": "statement",
                "when": "2021-03-03",
                "participants": [ActorRef(RED, "speaker"), ActorRef(IMG, "about")],
                "summary": "%{y} <i>it</i> %{customdata[0]}",
                "sources": [{"url": "https://example.org/story"}],
            },
            {
                "type": "phone_call",
                "when": "2021-06-30",
                "participants": call,
                "summary": "The last call.",
                "sources": [{"url": "https://example.org/story"}],
            },
        ]
    )
    figure = timeline_figure(t.timeline([IMG]), aggregate_above=5)
    path = write_html(figure, folder / "reports" / "binned.html", plotlyjs="directory")
    loaded = open_chart(browser, path)
    yield Binned(loaded, figure)
    closed(loaded)


def test_binned_chart_draws_one_marker_per_bin(binned: Binned) -> None:
    loaded = binned.loaded
    assert_clean(loaded)
    assert sorted(Path(u).name for u in loaded.requests) == ["binned.html", "plotly.min.js"]
    bins = sum(len(trace.x) for trace in binned.figure.data)
    assert bins == 3  # (link, first week): 5 calls; (red, a March week); (link, June)
    assert loaded.page.evaluate(
        "() => document.querySelector('.js-plotly-plot').data.map(t => t.x.length)"
    ) == [2, 1]
    assert loaded.page.locator(".js-plotly-plot .scatterlayer .point").count() == bins
    points = loaded.points()
    assert [(p["trace"], p["lane"], p["x"], p["customdata"][4]) for p in points] == [
        ("phone call", esc(LINK), "2021-01-07 12:00", 5),
        ("phone call", esc(LINK), "2021-07-01 12:00", 1),
        ("statement", esc(RED), "2021-03-04 12:00", 1),
    ]
    assert sum(p["customdata"][4] for p in points) == 7
    # Marker area is the count: the 5-event bin 40 px across, a 1-event bin 40 / sqrt(5).
    (calls, statements) = loaded.page.evaluate(MARKERS)
    assert calls == pytest.approx([40, 40 / 5**0.5], abs=0.5)
    assert len(statements) == 1
    assert loaded.page.locator(".legendtext").all_text_contents() == ["phone call", "statement"]
    assert loaded.page.locator(".legendtitletext").all_text_contents() == ["most common type"]


def test_binned_chart_says_it_is_binned(binned: Binned) -> None:
    assert text_lines(binned.loaded, ".gtitle") == [
        f"Timeline of {IMG}: 2021-01-04 to 2021-06-30",
        "7 events shown as 3 weekly bins · one lane per counterpart",
    ]
    assert text_lines(binned.loaded, ".annotation-text") == [
        "More than 5 events, so each marker is the events of one lane in one week:"
        " its area is their number (largest: 5).",
        "Colour and shape show the most common type.",
        "Hover a marker for its counts by type and first events. To see each event,"
        " narrow the dates (--from, --to) to 5 events or fewer.",
    ]
    assert binned.loaded.page.locator(".ytick text").all_text_contents() == [LINK, RED]


def test_binned_hover_shows_hostile_text_literally(binned: Binned) -> None:
    loaded = binned.loaded
    first, _, statement = loaded.points()
    shown = [f"#{i} {HOSTILE_SUMMARY}"[:69] + "…" for i in range(3)]
    assert loaded.hover(first) == [
        f"week 2021-01-04 to 2021-01-10 · {LINK}",
        "5 events: 5 phone call",
        "",
        f"2021-01-04 · phone call: {shown[0]}",
        f"2021-01-05 · phone call: {shown[1]}",
        f"2021-01-06 · phone call: {shown[2]}",
        "… and 2 more: to list them, narrow the dates with --from 2021-01-04 --to 2021-01-10",
    ]
    assert SCRIPT in shown[0] and CLICK in shown[0]
    assert loaded.page.evaluate(PLANTED) == {
        "evil_links": 0,
        "plain_selector": 0,
        "red": 0,
        "img": 0,
        "script": 0,
    }
    assert loaded.hover(statement) == [
        f"week 2021-03-01 to 2021-03-07 · {RED}",
        "1 event: 1 statement",
        "",
        "2021-03-03 · statement: %{y} <i>it</i> %{customdata[0]}",
    ]
    assert loaded.page.evaluate(PLANTED)["evil_links"] == 0
    assert loaded.dialogs == [] and loaded.errors == [] and loaded.blocked == []
