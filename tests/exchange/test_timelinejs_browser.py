"""``tracker export timelinejs`` rendered by the real TimelineJS3 (npm
``@knight-lab/timelinejs``, installed by ``scripts/setup.sh --browser`` into
``.cache/timelinejs``) in headless Chromium, offline (/work/shared/BROWSER.md): every slide
drawn, no broken image, one group per counterpart (several counterparts: one group of their
own), readable dates, the article a link in the text, hostile text inert.

Without TimelineJS3, chromium or playwright this skips, unless ``CI`` is set (CI runs the
README's test command, which installs all three): there a missing one is a failure.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.views.test_chart_browser import TIMEOUT_MS, shared_browser
from tracker.domain.filters import EventFilter
from tracker.exchange import registry
from tracker.log.file import EventLog
from tracker.services.tracker import Tracker

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / ".cache" / "timelinejs" / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
PHOTO = "https://media.example.org/photos/kabul.png"
# a 1x1 PNG, served for PHOTO by the page's route (nothing leaves the machine)
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
HOSTILE = '<img src=x onerror="alert(1)"> <script>alert(2)</script> & "quotes"'


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(f"{reason}, and CI is set: the README's test command installs it")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser(request: pytest.FixtureRequest) -> Browser:
    return shared_browser(request)


def _fill(tracker: Tracker) -> None:
    t = tracker
    for name, kind, country in (
        ("Sergey Lavrov", "person", "RUS"),
        ("Afghanistan", "state", "AFG"),
        ("Pakistan", "state", "PAK"),
        ("United Nations", "international_organization", None),
    ):
        t.register_actor(name, kind=kind, country=country)

    def add(kind: str, when: str, parts: list[tuple[str, str]], summary: str, *urls: str) -> None:
        sources = [{"url": u, "outlet": "Example News"} for u in urls]
        t.add_events(
            [
                {
                    "type": kind,
                    "when": when,
                    "participants": [{"name": n, "role": r} for n, r in parts],
                    "summary": summary,
                    "sources": sources,
                }
            ]
        )

    article = "https://example.org/news/2021/08/16/blinken-calls.html"
    add("phone_call", "2021-08-16T14:30+04:30", [("Blinken", "initiator"), ("Wang Yi", "recipient")],
        "Discussed Afghanistan", article)  # fmt: skip
    add("phone_call", "2021-08-16", [("Blinken", "initiator"), ("Sergey Lavrov", "recipient")],
        HOSTILE, article, PHOTO)  # fmt: skip
    add("multilateral_meeting", "2021-09", [("Blinken", "participant"), ("Wang Yi", "participant"),
        ("Sergey Lavrov", "participant"), ("Afghanistan", "participant"), ("Pakistan", "participant"),
        ("United Nations", "participant")], "A meeting of six", article)  # fmt: skip
    add("statement", "2021", [("Blinken", "speaker")], "A remark", "https://example.org/r")


@dataclass
class Rendered:
    page: Page
    doc: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def rendered(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rendered]:
    if not (DIST / "js" / "timeline.js").is_file():
        _unavailable(f"TimelineJS3 is not installed in {DIST} (bash scripts/setup.sh --browser)")
    folder = tmp_path_factory.mktemp("timelinejs")
    log = EventLog.create(folder / "data" / "events.jsonl").path
    tracker = Tracker(log)
    tracker.register_actor("Antony Blinken", kind="person", aliases=["Blinken"], country="USA")
    tracker.register_actor("Wang Yi", kind="person", country="CHN")
    _fill(tracker)
    out = folder / "timeline.json"
    registry.export(tracker, "timelinejs", out, EventFilter.of(actors=["Blinken"]))
    doc = json.loads(out.read_text(encoding="utf-8"))
    shutil.copytree(DIST / "css", folder / "css")
    shutil.copytree(DIST / "js", folder / "js")
    inline = json.dumps(doc).replace("</", "<\\/")
    page_html = folder / "page.html"
    page_html.write_text(
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<link rel='stylesheet' href='css/timeline.css'><script src='js/timeline.js'></script>"
        "</head><body><div id='embed' style='width:1200px;height:720px'></div><script>"
        f"var data = {inline};"
        "window.tl = new TL.Timeline('embed', data, {font: null, hash_bookmark: false});"
        "</script></body></html>",
        encoding="utf-8",
    )
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    seen = Rendered(page, doc)

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith("file:"):
            r.continue_()
        elif url == PHOTO:
            r.fulfill(status=200, content_type="image/png", body=PNG)
        else:
            seen.blocked.append(url)
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    page.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))
    page.goto(page_html.as_uri())
    page.wait_for_function(
        f"document.querySelectorAll('.tl-slide').length >= {len(doc['events']) + 1}",
        timeout=TIMEOUT_MS,
    )
    # TimelineJS loads a slide's media when the slide is shown: show each, and wait for it
    for slide in doc["events"]:
        page.evaluate("id => window.tl.goToId(id)", slide["unique_id"])
        if "media" in slide:
            page.wait_for_function(
                "url => [...document.images].some(i => i.src === url && i.complete)",
                arg=slide["media"]["url"],
                timeout=TIMEOUT_MS,
            )
    yield seen
    context.close()


def _slide_texts(page: Page) -> list[dict[str, str]]:
    return page.evaluate(
        """() => [...document.querySelectorAll('.tl-slide')].map(s => ({
            headline: (s.querySelector('.tl-headline') || {}).textContent || '',
            date: (s.querySelector('.tl-headline-date') || {}).textContent || '',
            text: (s.querySelector('.tl-text-content') || {}).innerHTML || '',
        }))"""
    )


def test_every_slide_is_drawn_offline(rendered: Rendered) -> None:
    page = rendered.page
    assert page.locator(".tl-slide").count() == len(rendered.doc["events"]) + 1  # + title
    assert rendered.errors == [] and rendered.dialogs == []
    assert rendered.blocked == []  # nothing asked for outside the page (no font CDN)


def test_no_broken_image_and_only_real_media(rendered: Rendered) -> None:
    images = rendered.page.evaluate(
        "() => [...document.querySelectorAll('img')].map(i => [i.src, i.complete, i.naturalWidth])"
    )
    assert images, "the photo source should be drawn"
    assert all(width > 0 for _, _, width in images), images
    assert {src for src, _, _ in images} == {PHOTO}
    with_media = [s for s in rendered.doc["events"] if "media" in s]
    assert [s["media"]["url"] for s in with_media] == [PHOTO]  # the article is no media


def test_groups_one_per_counterpart(rendered: Rendered) -> None:
    labels = rendered.page.locator(".tl-timegroup-message").all_text_contents()
    assert sorted(labels) == sorted(
        ["Wang Yi", "Sergey Lavrov", "Several counterparts", "(no counterpart)"]
    )
    assert not any("," in label for label in labels)


def test_dates_are_readable(rendered: Rendered) -> None:
    slides = _slide_texts(rendered.page)
    dates = [s["date"] for s in slides]
    # TimelineJS formats the day, month and year; the date-time is ours, in the same style
    assert dates == [
        "", "2021", "August 16, 2021", "August 16, 2021, 14:30 (UTC+04:30)", "September 2021",
    ]  # fmt: skip


def test_text_links_the_article_and_hostile_text_is_inert(rendered: Rendered) -> None:
    page = rendered.page
    links = page.evaluate(
        "() => [...document.querySelectorAll('.tl-text-content a')].map(a => a.href)"
    )
    assert "https://example.org/news/2021/08/16/blinken-calls.html" in links
    texts = " ".join(s["text"] for s in _slide_texts(page))
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in texts
    assert page.locator(".tl-text-content script").count() == 0
    assert page.locator(".tl-text-content img").count() == 0
    assert rendered.dialogs == []
