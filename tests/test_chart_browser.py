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

from tracker.api import ActorRef, Tracker
from tracker.charts import esc, lanes_of, timeline_figure, write_html
from tracker.cli import app
from tracker.log import EventLog

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
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

# Lanes of the shipped Blinken timeline, as the y axis lists them (bottom to top).
BLINKEN_TICKS = ["Ministry of Foreign Affairs of Russia", "Ned Price", "Sergey Lavrov", "Wang Yi"]
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
        px: box.left + xa._offset + xa.d2p(x),
        py: box.top + ya._offset + ya.d2p(t.y[j]),
    })));
    return out;
}"""
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


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
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
    try:
        launched = pw.chromium.launch(executable_path=executable, args=FLAGS)
        yield launched
        launched.close()
    finally:
        pw.stop()


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
            "() => document.querySelector('.js-plotly-plot')._hoverdata.map(p => p.y)"
        )
        assert hovered == [point["y"]]
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
    assert sorted(p["y"] for p in blinken.points()) == sorted(BLINKEN_TICKS)
    assert page.locator(".legendtext").all_text_contents() == ["phone call", "statement"]


def test_shipped_chart_lanes_are_the_tick_labels(blinken: Loaded) -> None:
    assert blinken.page.locator(".ytick text").all_text_contents() == BLINKEN_TICKS


def test_shipped_chart_title(blinken: Loaded) -> None:
    assert text_lines(blinken, ".gtitle") == [
        "Timeline of Antony Blinken: 2021-08-16",
        "4 events · one lane per counterpart",
    ]


def test_hover_shows_the_wang_yi_call(blinken: Loaded) -> None:
    (point,) = [p for p in blinken.points() if p["y"] == "Wang Yi"]
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
    (point,) = [p for p in blinken.points() if p["y"] == lane]
    lines = blinken.hover(point)
    assert lines[0] == heading
    assert f"{lane} ({role})" in lines[1]
    summary_at = lines.index("") + 1  # participants, a blank line, the summary
    assert lines[summary_at].startswith(snippet)
    assert f"Source: {NIE}" in lines
    assert blinken.dialogs == [] and blinken.errors == [] and blinken.blocked == []


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
    assert hostile.page.locator(".ytick text").all_text_contents() == [RED, LINK]
    # What plotly was given is the escaped text, which it shows as the original.
    assert hostile.page.evaluate(
        "() => document.querySelector('.js-plotly-plot').data.map(t => t.y[0])"
    ) == [esc(LINK), esc(RED)]
    assert text_lines(hostile, ".gtitle") == [
        f"Timeline of {IMG}: 2021-08-16 to 2021-08-18",
        "2 events · one lane per counterpart",
    ]


def test_hostile_summary_shows_literally_on_hover(hostile: Loaded) -> None:
    (point,) = [p for p in hostile.points() if p["y"] == esc(LINK)]
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
    (point,) = [p for p in hostile.points() if p["y"] == esc(RED)]
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
