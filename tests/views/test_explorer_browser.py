"""The explorer page driven in a real headless Chromium, offline, by script.

The recipe is /work/shared/BROWSER.md (Debian's chromium, playwright's sync API, one
browser per session: ``shared_browser``). The page is loaded ONCE for the module (plotly.js
takes seconds to load); each test starts from the Reset button, and asserts what the page
shows: counts, list rows, the detail panel, the charts' data. The page's CSP forbids eval,
so waits go by selectors (``body[data-renders=N]``), never ``wait_for_function``.

The log of this module plants hostile text in an actor's name and alias, a summary, a
quote, a topic, an outlet and a source url; a ``javascript:`` url and a hostile tag are
planted in the payload itself (the log refuses non-http(s) urls, and tags come from the
annotation events). Nothing may run: ``window.__pwned`` is set only by a script that ran.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.views.test_chart_browser import TIMEOUT_MS, shared_browser
from tracker.domain.filters import EventFilter
from tracker.log.file import EventLog
from tracker.services.recording import ActorRef
from tracker.services.tracker import Tracker
from tracker.views.explorer import payload as payloads
from tracker.views.explorer.page import render

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

PWN = "window.__pwned = 1"
EVIL_NAME = f'Evil <img src=x onerror="{PWN}"> Envoy'
EVIL_ALIAS = f"<script>{PWN}</script>"
EVIL_SUMMARY = f'<b>bold</b> <a href="javascript:{PWN}">click</a> <script>{PWN}</script> %{{x}}'
EVIL_QUOTE = f'<iframe srcdoc="<script>{PWN}</script>"></iframe> &amp; done'
EVIL_TOPIC = f"<svg onload='{PWN}'>"
EVIL_URL = 'https://evil.example/"><img/src/onerror=window.__pwned=1>'
JS_URL = f"javascript:{PWN}"
EVIL_TAG = f"<u onmouseover='{PWN}'>urgent</u>"
NIE = "https://www.newindianexpress.com/world/2021/aug/17/story.html"
QUOTE = "spoke on Monday to his Chinese and Russian counterparts"

# --------------------------------------------------------------------------- the page


def _log(folder: Path) -> Tracker:
    t = Tracker(EventLog.create(folder / "data" / "events.jsonl").path)
    t.register_actor("Antony Blinken", kind="person", aliases=["Blinken"], country="USA")
    t.register_actor("Wang Yi", kind="person", country="CHN")
    t.register_actor("Sergey Lavrov", kind="person", aliases=["Lavrov"], country="RUS")
    t.register_actor(EVIL_NAME, kind="group", aliases=[EVIL_ALIAS])
    t.register_actor("United States", kind="state", country="USA")

    def add(kind: str, when: str, parts: list[tuple[str, str]], summary: str, **more: Any) -> None:
        t.add_event(
            type=kind,
            when=when,
            participants=[ActorRef(name, role) for name, role in parts],
            summary=summary,
            **more,
        )

    add("phone_call", "2021-08-16", [("Blinken", "initiator"), ("Wang Yi", "recipient")],
        "Blinken called Wang Yi about the security situation and the intra-Afghan dialogue.",
        topics=["Afghanistan"],
        sources=[{"url": NIE, "outlet": "The New Indian Express", "published": "2021-08-17",
                  "quote": f"The State Department says Blinken {QUOTE}."}])  # fmt: skip
    add("phone_call", "2021-08-16", [("Blinken", "initiator"), ("Lavrov", "recipient")],
        "Blinken spoke with Sergéy LAVRÓV on evacuations from Kabul.",
        topics=["Afghanistan", "evacuation"], sources=[{"url": NIE}])  # fmt: skip
    add("meeting", "2021-09-10", [("Lavrov", "host"), ("Wang Yi", "visitor")],
        "Lavrov and Wang Yi met in Moscow.", sources=[{"url": "https://example.org/m"}],
        location="Moscow")  # fmt: skip
    add("development", "2020-03", [("United States", "involved")],
        "The US signed an agreement with the Taliban in Doha.",
        sources=[{"url": "https://example.org/doha"}])  # fmt: skip
    t.retract(
        t.add_event(
            type="phone_call", when="2021-08-20", summary="A call that never happened.",
            participants=[ActorRef("Blinken", "initiator"), ActorRef("Wang Yi", "recipient")],
            sources=[{"url": "https://example.org/none"}],
        ).ids[0],
        "duplicate report",
    )  # fmt: skip
    add("statement", "2022-01-05", [(EVIL_NAME, "speaker"), ("Blinken", "about")],
        EVIL_SUMMARY, topics=[EVIL_TOPIC],
        sources=[{"url": EVIL_URL, "outlet": EVIL_ALIAS, "quote": EVIL_QUOTE}])  # fmt: skip
    return t


@dataclass
class Explorer:
    page: Page
    errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    renders: int = 0  # the page's redraws, as last noted (``mark``)

    def js(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)

    def mark(self) -> None:
        """Note the page's redraw count before an action (``settled`` waits for a new one)."""
        self.renders = int(self.js("document.body.dataset.renders"))

    def settled(self) -> None:
        """Wait for a redraw of the page after the action that followed ``mark``."""
        self.page.wait_for_selector(f"body:not([data-renders='{self.renders}'])", state="attached")

    def reset(self) -> None:
        self.mark()
        self.page.click("#reset")
        self.settled()

    def count(self) -> str:
        return self.page.text_content("#count") or ""

    def rows(self) -> list[str]:
        return self.js(
            "() => Array.from(document.querySelectorAll('#list .row .summary'))"
            ".map(e => e.textContent)"
        )

    def search(self, text: str) -> None:
        self.mark()
        self.page.fill("#q", text)
        self.settled()

    def choose(self, select: str, label_start: str) -> None:
        value = self.js(
            "([s, l]) => Array.from(document.querySelectorAll(s + ' option'))"
            ".find(o => o.textContent.startsWith(l)).value",
            [select, label_start],
        )
        self.mark()
        self.page.select_option(select, value)
        self.settled()


@pytest.fixture(scope="module")
def explorer(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Explorer]:
    browser: Browser = shared_browser(request)
    folder = tmp_path_factory.mktemp("explorer")
    with pytest.MonkeyPatch.context() as mp:  # the module's log, by a recorder of its own
        mp.setenv("TRACKER_USER", "explorer-test")
        data = payloads.build(_log(folder), EventFilter())
    # planted where the log cannot hold them: a javascript: url, a hostile tag
    k = data["events"]["summary"].index(EVIL_SUMMARY)
    data["events"]["src"][k].append([JS_URL, "a script link"])
    data["tags"] = [EVIL_TAG]
    data["events"]["tags"][k] = [0]
    data["events"]["star"][k] = 1
    path = folder / "explorer.html"
    path.write_text(render(data), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    seen = Explorer(page)

    def route(r: Any) -> None:
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            seen.blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda e: seen.errors.append(f"pageerror: {e}"))
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    page.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_selector("body[data-ready='1']", state="attached")
    yield seen
    context.close()


# --------------------------------------------------------------------------- tests


def test_it_opens_offline_and_says_what_it_holds(explorer: Explorer) -> None:
    assert explorer.errors == [] and explorer.blocked == [] and explorer.dialogs == []
    assert explorer.js("document.querySelectorAll('.js-plotly-plot').length") == 2
    assert explorer.count() == "5 of 5 events · 5 actors"
    assert len(explorer.rows()) == 5
    note = explorer.page.text_content("#note") or ""
    assert "Log: events.jsonl, head " in note and "(line 12)" in note
    assert "Filters: none (the whole log)" in note
    assert "Holds: 5 events, 5 actors (and 1 retracted, hidden unless asked)" in note
    assert "As of: now" in note
    # the timeline draws a marker per event, the network a node per actor
    assert explorer.js("document.getElementById('timeline').data[0].x.length") == 5
    nodes = explorer.js(
        "document.getElementById('network').data.filter(t => t.customdata).map(t => t.customdata.length)"
    )
    assert nodes == [5]


def test_search_finds_words_phrases_prefixes_and_ignores_accents(explorer: Explorer) -> None:
    explorer.reset()
    explorer.search('"intra-Afghan dialogue"')
    assert explorer.count() == "1 of 5 events · 2 actors"
    assert explorer.rows() == [
        "Blinken called Wang Yi about the security situation and the intra-Afghan dialogue."
    ]
    explorer.search("lavrov")  # the summary says LAVRÓV; the actor's name is found too
    assert explorer.count() == "2 of 5 events · 3 actors"
    explorer.search("sergey lavrov kabul")
    assert explorer.rows() == ["Blinken spoke with Sergéy LAVRÓV on evacuations from Kabul."]
    explorer.search("evacuat*")
    assert explorer.count().startswith("1 of 5 events")
    explorer.search("Moscow OR Doha")
    assert explorer.count().startswith("2 of 5 events")
    explorer.search("blinken -lavrov")
    assert explorer.count().startswith("2 of 5 events")
    explorer.search(QUOTE)  # words of a source's quote
    assert explorer.count().startswith("1 of 5 events")
    explorer.search("nothing-like-this")
    assert explorer.count() == "0 of 5 events · 0 actors"
    assert explorer.page.text_content("#list") == "No event matches."


def test_pick_an_actor_and_a_type(explorer: Explorer) -> None:
    explorer.reset()
    explorer.choose("#actor", "Wang Yi")
    assert explorer.count() == "2 of 5 events · 3 actors"
    explorer.choose("#type", "phone call")
    assert explorer.count() == "1 of 5 events · 2 actors"
    assert explorer.js("document.getElementById('timeline').data[0].x.length") == 1
    explorer.choose("#with", "Sergey Lavrov")
    assert explorer.count() == "0 of 5 events · 0 actors"


def test_clicking_a_node_filters_to_that_actor(explorer: Explorer) -> None:
    explorer.reset()
    point = explorer.js(
        """(name) => {
        const gd = document.getElementById('network');
        const t = gd._fullData.find(t => t.customdata && t.customdata.length);
        const j = t.customdata.findIndex(c => c[1].includes(name));
        const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
        const box = gd.querySelector('.main-svg').getBoundingClientRect();
        return [box.left + xa._offset + xa.d2p(t.x[j]), box.top + ya._offset + ya.d2p(t.y[j])];
    }""",
        "Sergey Lavrov",
    )
    explorer.page.mouse.move(point[0], point[1])
    explorer.mark()
    explorer.page.mouse.click(point[0], point[1])
    explorer.settled()
    assert explorer.count() == "2 of 5 events · 3 actors"
    chosen = explorer.js("document.getElementById('actor').selectedOptions[0].textContent")
    assert chosen == "Sergey Lavrov (2)"
    assert sorted(explorer.rows()) == [
        "Blinken spoke with Sergéy LAVRÓV on evacuations from Kabul.",
        "Lavrov and Wang Yi met in Moscow.",
    ]


def test_brushing_dates_filters_the_list_and_the_network(explorer: Explorer) -> None:
    explorer.reset()
    # drag across the timeline from 2021-08-01 to 2021-12-31 (midnight to midnight)
    ends = explorer.js(
        """() => {
        const gd = document.getElementById('timeline');
        const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
        const box = gd.querySelector('.main-svg').getBoundingClientRect();
        const y = box.top + ya._offset + ya._length / 2;
        return [box.left + xa._offset + xa.d2p(Date.UTC(2021, 7, 1)),
                box.left + xa._offset + xa.d2p(Date.UTC(2022, 0, 1)), y];
    }"""
    )
    page = explorer.page
    page.mouse.move(ends[0], ends[2])
    explorer.mark()
    page.mouse.down()
    page.mouse.move((ends[0] + ends[1]) / 2, ends[2], steps=4)
    page.mouse.move(ends[1], ends[2], steps=4)
    page.mouse.up()
    explorer.settled()
    # a pixel is about half a day here: the ends are the nearest midnights, give or take one
    start, end = (date.fromisoformat(page.input_value(box)) for box in ("#from", "#to"))
    assert abs((start - date(2021, 8, 1)).days) <= 1 and abs((end - date(2021, 12, 31)).days) <= 1
    assert explorer.count() == "3 of 5 events · 3 actors"
    nodes = explorer.js(
        "document.getElementById('network').data.find(t => t.customdata).customdata.length"
    )
    assert nodes == 3
    # typed dates work the same, at any precision
    page.fill("#from", "2020")
    page.fill("#to", "2020-03")
    explorer.mark()
    page.dispatch_event("#to", "change")
    explorer.settled()
    assert explorer.rows() == ["The US signed an agreement with the Taliban in Doha."]


def test_retracted_events_show_only_when_asked(explorer: Explorer) -> None:
    explorer.reset()
    explorer.mark()
    explorer.page.check("#retracted")
    explorer.settled()
    assert explorer.count() == "6 of 6 events · 5 actors"
    explorer.search("never happened")
    assert explorer.rows() == ["A call that never happened."]
    assert explorer.js("document.querySelector('#list .row').className") == "row gone"
    explorer.page.click("#list .row")
    assert explorer.page.text_content("#detail .gone") == "Retracted: duplicate report"
    history = explorer.js(
        "Array.from(document.querySelectorAll('#detail .history li')).map(l => l.textContent)"
    )
    assert len(history) == 2 and history[1].startswith("retracted 20")
    assert history[1].endswith(" by explorer-test: duplicate report")
    explorer.mark()
    explorer.page.uncheck("#retracted")
    explorer.settled()
    assert explorer.count() == "0 of 5 events · 0 actors"


def test_an_event_shows_its_participants_sources_quote_and_history(explorer: Explorer) -> None:
    explorer.reset()
    explorer.search("intra-Afghan")
    explorer.page.click("#list .row")
    detail = explorer.js(
        """() => {
        const d = document.getElementById('detail');
        const all = (s) => Array.from(d.querySelectorAll(s)).map(e => e.textContent);
        return {
            head: d.querySelector('h2').textContent,
            people: all('.participants li'),
            links: Array.from(d.querySelectorAll('.sources a')).map(a => [a.textContent,
                a.getAttribute('href'), a.target, a.rel]),
            quotes: all('blockquote'),
            history: all('.history li'),
            facts: all('.facts dd'),
        };
    }"""
    )
    assert detail["head"] == "2021-08-16 phone call"
    assert detail["people"] == [
        "Antony Blinkeninitiatorperson, USA",
        "Wang Yirecipientperson, CHN",
    ]
    assert detail["links"] == [["The New Indian Express", NIE, "_blank", "noopener noreferrer"]]
    assert detail["quotes"] == [f"The State Department says Blinken {QUOTE}."]
    assert len(detail["history"]) == 1 and detail["history"][0].startswith("recorded 20")
    assert detail["history"][0].endswith(" by explorer-test")
    assert "Afghanistan" in detail["facts"]
    # a participant's name filters to that actor
    explorer.mark()
    explorer.page.click("#detail .participants button:has-text('Wang Yi')")
    explorer.settled()
    assert explorer.js("document.getElementById('actor').selectedOptions[0].textContent") == (
        "Wang Yi (2)"
    )


def test_hostile_text_is_shown_literally_and_nothing_runs(explorer: Explorer) -> None:
    explorer.reset()
    explorer.choose("#actor", EVIL_NAME)
    assert explorer.count() == "1 of 5 events · 2 actors"
    assert explorer.rows() == [EVIL_SUMMARY]
    explorer.page.click("#list .row")
    page = explorer.page
    # hover the marker and a node too: hover text is where plotly applies its markup
    shown = explorer.js(
        """() => {
        const d = document.getElementById('detail');
        const all = (s) => Array.from(d.querySelectorAll(s)).map(e => e.textContent);
        return {
            summary: d.querySelector('.summary').textContent,
            head: d.querySelector('h2').textContent,
            people: all('.participants .name'),
            links: Array.from(d.querySelectorAll('a')).map(a => a.getAttribute('href')),
            sources: all('.sources li > .name, .sources li > a'),
            urls: all('.sources .url'),
            quotes: all('blockquote'),
            tags: all('.tag'),
            facts: all('.facts dd'),
            who: document.querySelector('#list .who').textContent,
            labels: Array.from(document.querySelectorAll('#network .textpoint text'))
                .map(t => t.textContent),
            options: Array.from(document.querySelectorAll('#actor option, #topic option, #tag option'))
                .map(o => o.textContent),
        };
    }"""
    )
    assert shown["summary"] == EVIL_SUMMARY
    assert shown["people"] == [EVIL_NAME, "Antony Blinken"]
    assert shown["who"] == f"{EVIL_NAME}, Antony Blinken"
    assert shown["links"] == ["https://evil.example/%22%3E%3Cimg/src/onerror=window.__pwned=1%3E"]
    assert shown["sources"] == [EVIL_ALIAS, "a script link"]  # the javascript: one is text
    assert shown["urls"] == [EVIL_URL, JS_URL]
    assert shown["quotes"] == [EVIL_QUOTE]
    assert shown["tags"] == [EVIL_TAG]
    assert shown["head"] == "2022-01-05 statement ★ starred"
    assert EVIL_TOPIC in shown["facts"][0]
    assert EVIL_NAME[:27] + "…" in shown["labels"]  # names are cut at 28 characters
    assert f"{EVIL_NAME} (1)" in shown["options"] and f"{EVIL_TAG} (1)" in shown["options"]
    assert f"{EVIL_TOPIC} (1)" in shown["options"]
    marker = explorer.js(
        """() => {
        const gd = document.getElementById('timeline');
        const t = gd._fullData[0], xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
        const box = gd.querySelector('.main-svg').getBoundingClientRect();
        return [box.left + xa._offset + xa.d2p(t.x[0]), box.top + ya._offset + ya.d2p(t.y[0])];
    }"""
    )
    page.mouse.move(marker[0], marker[1])
    page.wait_for_selector("#timeline .hoverlayer .hovertext", state="attached")
    hover = explorer.js(
        "Array.from(document.querySelectorAll('#timeline .hovertext tspan.line'))"
        ".map(t => t.textContent).join(' ')"
    )
    assert "<b>bold</b>" in hover and "%{x}" in hover and EVIL_NAME in hover
    explorer.reset()
    explorer.mark()
    page.check("#starred")
    explorer.settled()
    assert explorer.rows() == [EVIL_SUMMARY]
    planted = explorer.js(
        """() => ({
        pwned: window.__pwned === undefined ? null : window.__pwned,
        imgs: document.querySelectorAll('img, iframe, svg image, u, b:not(#note b)').length,
        scripts: document.scripts.length,
        js_links: Array.from(document.querySelectorAll('a')).filter(a =>
            ((a.getAttribute('href') || '') + (a.getAttributeNS('http://www.w3.org/1999/xlink',
            'href') || '')).toLowerCase().includes('javascript')).length,
    })"""
    )
    assert planted == {"pwned": None, "imgs": 0, "scripts": 3, "js_links": 0}
    assert explorer.errors == [] and explorer.dialogs == [] and explorer.blocked == []


# --------------------------------------------------------------------------- a big page


BIG = 2_000  # above the page's 1,500 markers: the timeline draws counts per period


@pytest.fixture(scope="module")
def big(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Explorer]:
    """A page of 2,000 events: the module log's, repeated a day apart (made in the
    payload, which is quicker than appending them)."""
    browser: Browser = shared_browser(request)
    folder = tmp_path_factory.mktemp("explorer-big")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRACKER_USER", "explorer-test")
        data = payloads.build(_log(folder), EventFilter())
    events = data["events"]
    live = [k for k, gone in enumerate(events["gone"]) if gone is None]
    first = payloads.day_number("2015-01-01")
    grown: dict[str, list[Any]] = {key: [] for key in events}
    for k in range(BIG):
        for key, column in events.items():
            grown[key].append(column[live[k % len(live)]])
        grown["id"][-1] = f"{k:08d}-0000-7000-8000-000000000000"
        grown["d0"][-1] = grown["d1"][-1] = first + k
        grown["when"][-1] = (date(2015, 1, 1) + timedelta(days=k)).isoformat()
    data["events"] = grown
    data["meta"]["events"], data["meta"]["retracted"] = BIG, 0
    path = folder / "big.html"
    path.write_text(render(data), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    seen = Explorer(page)
    page.on("pageerror", lambda e: seen.errors.append(f"pageerror: {e}"))
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_selector("body[data-ready='1']", state="attached")
    yield seen
    context.close()


def test_a_big_page_counts_per_period_and_still_filters(big: Explorer) -> None:
    assert big.errors == []
    assert big.count() == f"{BIG:,} of {BIG:,} events · 5 actors"
    drawn = big.js(
        """() => document.getElementById('timeline').data.map(t =>
            [t.stackgroup || null, t.y.reduce((a, b) => a + b, 0)])"""
    )
    assert {group for group, _ in drawn} == {"types"} and sum(n for _, n in drawn) == BIG
    title = big.js("document.getElementById('timeline').layout.title.text")
    assert title.startswith(f"{BIG:,} events, stacked by type per month")
    assert len(big.rows()) == 200  # the list draws 200 rows at a time
    big.page.click("#more")
    assert len(big.rows()) == 400
    big.search('"intra-Afghan dialogue"')  # every fifth event
    assert big.count() == f"{BIG // 5:,} of {BIG:,} events · 2 actors"
    assert big.js("document.getElementById('timeline').data[0].x.length") == BIG // 5
