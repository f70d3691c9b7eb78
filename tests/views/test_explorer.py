"""``tracker explore`` without a browser: the payload, the page's safety, and the command.

The page itself is driven in Chromium by tests/views/test_explorer_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.conftest import file_digest
from tracker.domain.dates import parse_moment
from tracker.domain.errors import ValidationError
from tracker.domain.filters import EventFilter
from tracker.services.recording import ActorRef
from tracker.services.tracker import Tracker
from tracker.views.explorer import payload as payloads
from tracker.views.explorer.page import embed_json, render

SCRIPT = "<script>window.__pwned = 1</script>"
IMG = '<img src=x onerror="window.__pwned = 1">'
HOSTILE = f"{SCRIPT} {IMG} & \u2028\u2029 </script> %{{x}}"
EVIL_URL = 'https://evil.example/"><img/src/onerror=window.__pwned=1>'
# The log holds http(s) source urls only (add-event refuses others); a page made from an
# older or hand-edited log could hold one, so tests plant it in the payload itself.
JS_URL = "javascript:window.__pwned=1"
QUOTE_WANG = "developments in Afghanistan, including the security situation."


def page_data(page: str) -> Any:
    """The payload as the page's script reads it (JSON.parse of the element's text)."""
    found = re.search(
        r'<script type="application/json" id="explorer-data">(.*?)</script>', page, re.S
    )
    assert found is not None
    return orjson.loads(found.group(1))


def scripts(page: str) -> list[tuple[str, str]]:
    """Every <script> element: (its attributes, its text)."""
    return re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)


# --------------------------------------------------------------------------- the payload


def test_payload_of_the_shipped_log(seed_log: Path) -> None:
    data = payloads.build(Tracker(seed_log), EventFilter())
    events, actors = data["events"], data["actors"]
    assert data["meta"]["events"] == len(events["id"]) == 6
    assert data["meta"]["line"] == 33
    assert len(data["meta"]["head"]) == 64
    assert data["meta"]["filters"] == [] and data["meta"]["as_of"] is None
    # every column holds one value per event, in time order
    assert {len(column) for column in events.values()} == {6}
    assert events["d0"] == sorted(events["d0"])
    assert events["when"][0] == "2021-08-15"
    assert events["d0"][0] == payloads.day_number("2021-08-15")
    # participants are (actor, role) pairs by index into the tables
    k = events["summary"].index(
        "Secretary of State Antony Blinken called Chinese Foreign Minister Wang Yi about"
        " developments in Afghanistan, including the security situation."
    )
    parts = events["parts"][k]
    named = [(actors["name"][parts[j]], data["roles"][parts[j + 1]]) for j in (0, 2)]
    assert named == [("Antony Blinken", "initiator"), ("Wang Yi", "recipient")]
    assert data["types"][events["type"][k]] == "phone_call"
    url, outlet, published, quote = events["src"][k][0]
    assert url.startswith("https://www.newindianexpress.com/")
    assert (outlet, published) == ("The New Indian Express (AP)", "2021-08-17")
    assert quote.endswith(QUOTE_WANG + '"')
    assert [data["topics"][t] for t in events["topics"][k]] == ["Afghanistan", "security"]
    # aliases travel with the actor, for the page's search
    assert "Blinken" in actors["aka"][actors["name"].index("Antony Blinken")]
    assert "Sergei Lavrov" in actors["aka"][actors["name"].index("Sergey Lavrov")]
    # no annotations yet: the columns are there, empty
    assert events["tags"] == [[]] * 6 and events["notes"] == [[]] * 6 and data["tags"] == []
    assert events["star"] == [0] * 6
    # each event's recorder, by index
    user, at = events["rec"][k]
    assert data["users"][user] == "tracker-seed (from shared/seeds)" and at.endswith("Z")


def test_filters_and_history(seed_log: Path) -> None:
    tracker = Tracker(seed_log)
    before = payloads.build(tracker, EventFilter())["meta"]["made"]
    target = tracker.timeline(EventFilter(actors=("Wang Yi",), types=("phone_call",))).entries[0]
    tracker.amend(target.id, {"summary": "A new summary"}, "the readout says otherwise")
    query = EventFilter(actors=("Blinken",), types=("phone_call",))
    data = payloads.build(tracker, query)
    events = data["events"]
    assert events["summary"][0] == "A new summary"
    assert events["summary"][1].startswith("Blinken called Russian Foreign Minister Sergey")
    assert len(events["id"]) == 2
    kind, _, user, reason, fields = events["hist"][0][0]
    assert (kind, data["users"][user], reason, fields) == (
        "amended", "tester", "the readout says otherwise", ["summary"],
    )  # fmt: skip
    assert events["hist"][1] == []
    assert data["meta"]["filters"] == [["actor", "Antony Blinken"], ["type", "phone_call"]]
    assert data["meta"]["line"] == 34 and before
    # --as-of before the amendment: the old summary, and the page says so
    as_of = EventFilter.of(query, as_of=parse_moment("2026-12-01T00:00Z"))
    old = payloads.build(tracker, as_of)
    assert old["events"]["summary"][0] == target.summary
    assert old["events"]["hist"][0] == []
    assert old["meta"]["as_of"] == "2026-12-01T00:00:00Z"
    assert ["as of", "2026-12-01T00:00:00Z"] in old["meta"]["filters"]


def test_retracted_events_are_held_apart(seed_log: Path) -> None:
    tracker = Tracker(seed_log)
    first = tracker.timeline(EventFilter(actors=("Blinken",))).entries[0]
    tracker.retract(first.id, "duplicate")
    data = payloads.build(tracker, EventFilter())
    events = data["events"]
    k = events["id"].index(first.id)
    assert events["gone"][k] == "duplicate" and events["gone"].count(None) == 5
    kind, _, user, reason, _ = events["hist"][k][-1]
    assert (kind, data["users"][user], reason) == ("retracted", "tester", "duplicate")
    assert (data["meta"]["events"], data["meta"]["retracted"]) == (5, 1)

    # the same filters keep it or leave it out: an actor, a --with, a type, a window
    def held(**fields: Any) -> bool:
        return first.id in payloads.build(tracker, EventFilter(**fields))["events"]["id"]

    assert held(actors=("Wang Yi",)) and held(actors=("Blinken",), with_actors=("Wang Yi",))
    assert not held(actors=("Lavrov",)) and not held(actors=("Blinken",), with_actors=("Lavrov",))
    assert held(types=("phone_call",)) and not held(types=("statement",))
    assert not held(start=date(2021, 8, 17)) and held(end=date(2021, 8, 16))
    # retracted events count against the cap too
    with pytest.raises(ValidationError, match="more than 5 events"):
        payloads.build(tracker, EventFilter(), limit=5)


def test_the_cap_refuses_before_building(seed_log: Path) -> None:
    tracker = Tracker(seed_log)
    with pytest.raises(ValidationError, match=r"more than 5 events"):
        payloads.build(tracker, EventFilter(), limit=5)
    assert payloads.build(tracker, EventFilter(), limit=6)["meta"]["events"] == 6


# --------------------------------------------------------------------------- the page


def test_embedded_json_cannot_end_its_element() -> None:
    value = {"s": HOSTILE, "n": [1, None, "é"]}
    text = embed_json(value)
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in text
    assert orjson.loads(text) == value


def _hostile_tracker(empty_log: Path) -> Tracker:
    t = Tracker(empty_log)
    t.register_actor(f"Evil {SCRIPT}", kind="person", aliases=[IMG], country="USA")
    t.register_actor("Wang Yi", kind="person", country="CHN")
    t.add_event(
        type="phone_call",
        participants=[ActorRef(f"Evil {SCRIPT}", "initiator"), ActorRef("Wang Yi", "recipient")],
        when="2021-08-16",
        summary=HOSTILE,
        topics=[IMG],
        sources=[
            {"url": EVIL_URL, "outlet": SCRIPT, "quote": HOSTILE},
            {"url": 'https://example.org/"><script>x</script>', "outlet": "Example"},
        ],
    )
    return t


def test_hostile_text_stays_data(empty_log: Path) -> None:
    tracker = _hostile_tracker(empty_log)
    data = payloads.build(tracker, EventFilter())
    assert data["events"]["src"][0][0][0] == EVIL_URL
    data["events"]["src"][0].append([JS_URL, SCRIPT])
    page = render(data)
    assert page_data(page) == data  # every string comes back exactly as written
    assert data["events"]["summary"] == [HOSTILE]
    # the only <script> elements are the page's own three; none of the data's
    found = scripts(page)
    assert [attrs for attrs, _ in found] == [' type="application/json" id="explorer-data"', "", ""]
    assert "window.__pwned" not in found[1][1] + found[2][1]
    assert page.count("<script") == 3


def test_the_policy_lets_only_the_page_scripts_run(seed_log: Path) -> None:
    page = render(payloads.build(Tracker(seed_log), EventFilter()))
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert meta is not None
    policy = dict((d.split()[0], d.split()[1:]) for d in html.unescape(meta.group(1)).split("; "))
    assert policy["default-src"] == ["'none'"]
    assert policy["connect-src"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    runnable = [text for attrs, text in scripts(page) if "application/json" not in attrs]
    digests = [
        "'sha256-" + base64.b64encode(hashlib.sha256(t.encode()).digest()).decode() + "'"
        for t in runnable
    ]
    assert policy["script-src"] == digests
    # nothing is loaded from anywhere: no src or href attribute at all
    assert not re.search(r"<(?:script|link|img|iframe)[^>]*\s(?:src|href)=", page)


# --------------------------------------------------------------------------- the command


def test_explore_writes_the_page(seed_log: Path, cli: Callable[..., Any]) -> None:
    result = cli("explore")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "wrote reports/explorer.html (6 events, 12 actors)\n"
    data = page_data(Path("reports/explorer.html").read_text(encoding="utf-8"))
    assert data["meta"]["events"] == 6


def test_explore_takes_the_timeline_filters(seed_log: Path, cli: Callable[..., Any]) -> None:
    result = cli(
        "explore", "--actor", "Blinken", "--with", "Lavrov", "--from", "2021-08",
        "--to", "2021-08-31", "--type", "phone_call", "-o", "out/blinken.html",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "wrote out/blinken.html (1 events, 2 actors)\n"
    data = page_data(Path("out/blinken.html").read_text(encoding="utf-8"))
    assert data["meta"]["filters"] == [
        ["actor", "Antony Blinken"], ["with", "Lavrov"], ["from", "2021-08-01"],
        ["to", "2021-08-31"], ["type", "phone_call"],
    ]  # fmt: skip
    assert cli("explore", "--with", "Wang Yi", "-o", "w.html").stdout.startswith(
        "wrote w.html (2 events"
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["-o", "data/events.jsonl"], 2, "refusing to write the explorer data/events.jsonl"),
        (["-o", "data/.events.jsonl.readmodel.sqlite"], 2, "refusing to write the explorer"),
        (["--from", "2021-13"], 2, "2021-13"),
        (["--from", "2022", "--to", "2021"], 2, "--from 2022-01-01 is after --to 2021-12-31"),
        (["--actor", "Nobody At All"], 3, "Nobody At All"),
        (["--type", "party"], 2, "party"),
        (["--as-of", "yesterday"], 2, "yesterday"),
        (["-o", "data/events.jsonl/x.html"], 7, "is a file, not a folder"),
        (["-o", "data"], 7, "it is a folder"),
    ],
)
def test_bad_input_is_one_line(
    seed_log: Path, cli: Callable[..., Any], args: list[str], code: int, message: str
) -> None:
    cli("verify")  # the read model exists: its path is one of the log's files
    before = file_digest(seed_log)
    result = cli("explore", *args)
    assert result.exit_code == code, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0]
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert file_digest(seed_log) == before
    assert not Path("reports/explorer.html").exists()


def test_the_cap_is_one_line_and_writes_nothing(
    seed_log: Path, cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(payloads, "MAX_EVENTS", 4)
    Path("reports").mkdir()
    Path("reports/explorer.html").write_text("old page")
    result = cli("explore")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: the selection holds more than 4 events, more than the explorer page can hold;"
        " narrow it with --actor, --with, --from/--to or --type\n"
    )
    assert Path("reports/explorer.html").read_text() == "old page"
    narrowed = cli("explore", "--type", "phone_call")
    assert narrowed.exit_code == 0 and "(2 events" in narrowed.stdout


def test_hostile_page_from_the_command(empty_log: Path, cli: Callable[..., Any]) -> None:
    _hostile_tracker(empty_log)
    result = cli("explore", "-o", "evil.html")
    assert result.exit_code == 0, result.stderr
    page = Path("evil.html").read_text(encoding="utf-8")
    assert page.count("<script") == 3 and "<img" not in page
    assert page_data(page)["events"]["summary"] == [HOSTILE]


def test_an_event_of_a_month_spans_its_days(tracker: Tracker) -> None:
    tracker.add_event(
        type="meeting",
        participants=[ActorRef("Blinken", "host"), ActorRef("Wang Yi", "visitor")],
        when="2021-08",
        summary="They met that month.",
        sources=[{"url": "https://example.org/m"}],
    )
    events = payloads.build(tracker, EventFilter())["events"]
    assert (events["when"], events["d0"], events["d1"]) == (
        ["2021-08"], [payloads.day_number("2021-08-01")], [payloads.day_number("2021-08-31")],
    )  # fmt: skip


def test_an_interval_spans_its_days(tracker: Tracker) -> None:
    tracker.add_event(
        type="negotiation_round",
        participants=[ActorRef("Blinken", "participant"), ActorRef("Wang Yi", "participant")],
        when="2021-03-15/17",
        summary="Three days of talks.",
        sources=[{"url": "https://example.org/t"}],
    )
    events = payloads.build(tracker, EventFilter())["events"]
    assert (events["d0"], events["d1"]) == (
        [payloads.day_number("2021-03-15")], [payloads.day_number("2021-03-17")],
    )  # fmt: skip
    assert events["when"][0].startswith("2021-03-15")
    # a window that meets only its last day keeps it
    assert payloads.build(tracker, EventFilter(start=date(2021, 3, 17)))["meta"]["events"] == 1


def test_tags_stars_notes_and_views(seed_log: Path, cli: Callable[..., Any]) -> None:
    tracker = Tracker(seed_log)
    call = tracker.timeline(EventFilter(actors=("Lavrov",), types=("phone_call",))).entries[0]
    tracker.tag(call.id, f"follow-up {SCRIPT}")
    tracker.star(call.id)
    tracker.note(call.id, "Check against the Russian MFA's own readout")
    data = payloads.build(tracker, EventFilter())
    events = data["events"]
    k = events["id"].index(call.id)
    assert [data["tags"][t] for t in events["tags"][k]] == [f"follow-up {SCRIPT}"]
    assert events["star"][k] == 1 and events["star"].count(1) == 1
    ((text, at, user),) = events["notes"][k]
    assert (text, data["users"][user]) == ("Check against the Russian MFA's own readout", "tester")
    assert at.endswith("Z")
    # --tag, --starred and a saved view select as timeline does
    result = cli("explore", "--tag", f"follow-up {SCRIPT}", "-o", "tagged.html")
    assert result.exit_code == 0, result.stderr
    page = page_data(Path("tagged.html").read_text(encoding="utf-8"))
    assert page["events"]["id"] == [call.id]
    assert ["tag", f"follow-up {SCRIPT}"] in page["meta"]["filters"]
    assert cli("explore", "--starred", "-o", "s.html").stdout.startswith("wrote s.html (1 events")
    assert cli("view", "save", "calls", "--type", "phone_call").exit_code == 0
    result = cli("explore", "--view", "calls", "-o", "v.html")
    assert result.exit_code == 0, result.stderr
    assert page_data(Path("v.html").read_text(encoding="utf-8"))["meta"]["events"] == 2
    bad = cli("explore", "--view", "nothing-saved")
    assert bad.exit_code == 3 and bad.stderr.startswith("Error: no saved view 'nothing-saved'")
