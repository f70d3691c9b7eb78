"""TimelineJS export: ``media`` only for real media, every source a safe link in the text
(issue 11, item 17, last bullet).

TimelineJS3 chooses how to show ``media.url`` from the URL alone: it embeds as HTML any
URL containing "iframe" (or "blockquote"), and draws an article's page as a broken image.
So only a plain http(s) image URL goes into ``media``; the article link goes into the
slide's text, escaped, and only http(s) URLs become links.
"""

from __future__ import annotations

import dataclasses
import json
from html.parser import HTMLParser
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from tests.reliability.conftest import Report
from tracker.cli.app import app
from tracker.exchange.exporting.selection import Selection, select
from tracker.exchange.exporting.timelinejs import timelinejs
from tracker.log.file import EventLog
from tracker.services.recording import ActorRef
from tracker.services.tracker import Tracker

ARTICLE = "https://example.org/2021/08/16/blinken-calls-wang-yi"
IMAGE = "https://example.org/photos/blinken.jpg"
HOSTILE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.domain)//.jpg",
    "data:image/png;base64,iVBORw0KGgo=",
    "https://example.org/iframe.jpg",
    "https://example.org/IFRAME/x.png",
    "https://example.org/embed?html=<iframe src=https://evil.example></iframe>",
    "https://evil.example/blockquote.png",
    'https://example.org/a".jpg',
    "https://example.org/a'onerror='alert(1)'.png",
    'https://example.org/x.jpg"><script>alert(1)</script>',
    "https://example.org/<b>bold</b>.png",
    "https://example.org/a&b.png",
    "https://example.org/photo.jpg?size=large",  # a query: not plainly an image
    "https://example.org/page.html",  # an article: no media
    "http://",
    "ftp://example.org/photo.jpg",
]


class Tags(HTMLParser):
    """The tags of a slide's text, with their attributes (entities decoded)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(text: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(text)
    parser.close()
    return parser.tags


@pytest.fixture
def tracker(tmp_path: Path) -> Tracker:
    t = Tracker(EventLog.create(tmp_path / "data" / "events.jsonl").path)
    t.register_actor("Antony Blinken", kind="person", aliases=["Blinken"], country="USA")
    t.register_actor("Wang Yi", kind="person", country="CHN")
    for day, sources in (
        ("2021-08-16", [{"url": ARTICLE, "outlet": "Example News", "published": "2021-08-17"}]),
        ("2021-08-17", [{"url": ARTICLE, "outlet": "Example News"}, {"url": IMAGE}]),
        ("2021-08-18", [{"outlet": "A press briefing"}]),
    ):
        t.add_event(
            type="phone_call",
            when=day,
            participants=[ActorRef("Blinken", "initiator"), ActorRef("Wang Yi", "recipient")],
            summary=f"A call on {day}",
            sources=sources,
        )
    return t


def test_media_only_for_real_media(tracker: Tracker, tmp_path: Path, figures: Report) -> None:
    out = tmp_path / "tl.json"
    result = CliRunner().invoke(
        app,
        [
            "export",
            "timelinejs",
            "--actor",
            "Blinken",
            "-o",
            str(out),
            "--log",
            str(tracker.log.path),
        ],
    )
    assert result.exit_code == 0, result.stderr
    article, with_image, no_url = json.loads(out.read_text())["events"]
    assert "media" not in article
    assert article["text"]["text"].endswith(
        f'<p>Source: <a href="{ARTICLE}">Example News (2021-08-17)</a></p>'
    )
    assert with_image["media"] == {"url": IMAGE, "credit": "example.org"}
    assert with_image["text"]["text"].endswith(
        f'<p>Source: <a href="{ARTICLE}">Example News</a>; <a href="{IMAGE}">example.org</a></p>'
    )
    assert "media" not in no_url
    assert no_url["text"]["text"].endswith("<p>Source: A press briefing</p>")
    figures("3 slides: an article -> no media, a link; an image -> media; no URL -> no media")


def test_hostile_urls_never_reach_media(tracker: Tracker, figures: Report) -> None:
    chosen = select(tracker, actors=["Blinken"])
    template = chosen.entries[0]
    entries = [
        dataclasses.replace(
            template,
            id=f"{template.id[:-4]}{i:04d}",
            sources_json=orjson.dumps([{"url": url, "outlet": f"Outlet {i}"}]).decode(),
        )
        for i, url in enumerate(HOSTILE)
    ]
    doc = timelinejs(Selection(entries, chosen.actor_ids, chosen.title))
    links = 0
    for url, slide in zip(HOSTILE, doc["events"], strict=True):
        assert "media" not in slide, url
        found = tags(slide["text"]["text"])
        assert {tag for tag, _ in found} <= {"p", "a"}, (url, found)
        for tag, attrs in found:
            if tag == "a":
                links += 1
                assert set(attrs) == {"href"} and attrs["href"] == url
                assert url.lower().startswith(("http://", "https://"))
    written = json.dumps(doc)
    for raw in ("<script", "<iframe", "<b>", "onerror='", '"><'):
        assert raw not in written, raw
    figures(
        f"{len(HOSTILE)} hostile or non-media URLs: 0 reached media; {links} became escaped"
        " http(s) links (href exactly the URL), the rest plain text; only <p> and <a> tags"
    )


def test_an_image_url_is_media_as_it_is(tracker: Tracker) -> None:
    chosen = select(tracker, actors=["Blinken"])
    urls = ["https://example.org/a/b-c_d.JPEG", "http://example.org:8080/x%20y.webp"]
    entries = [
        dataclasses.replace(e, sources_json=orjson.dumps([{"url": u}]).decode())
        for e, u in zip(chosen.entries, urls, strict=False)
    ]
    doc = timelinejs(Selection(entries, chosen.actor_ids, chosen.title))
    assert [s["media"]["url"] for s in doc["events"]] == urls
