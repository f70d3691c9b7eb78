"""``tracker search``: ranked full-text search with highlighted snippets and a timeline's
filters; FTS5 syntax; errors are one line and exit 2."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SOURCE, file_digest
from tracker.services.recording import ActorRef
from tracker.services.tracker import Tracker

Cli = Callable[..., Any]


def add(t: Tracker, summary: str, other: str = "Wang Yi", **more: Any) -> str:
    fields: dict[str, Any] = dict(
        type="phone_call",
        when="2021-08-16",
        participants=[ActorRef("Blinken", "initiator"), ActorRef(other, "recipient")],
        summary=summary,
        sources=[SOURCE],
    )
    fields.update(more)
    return t.add_event(**fields).ids[0]


@pytest.fixture
def story(tracker: Tracker) -> dict[str, str]:
    tracker.register_actor("Sergey LAVRÓV", country="RUS", aliases=["Lavrov"])
    tracker.register_actor("Ned Price", country="USA")
    ids = {
        "dialogue": add(
            tracker, "Pressed for an intra-Afghan dialogue with Pakistan", "Sergey LAVRÓV",
            topics=["Afghanistan"],
        ),
        "evacuation": add(tracker, "Discussed the evacuation of Kabul airport", when="2021-08-20"),
        "old": add(tracker, "Discussed trade tariffs", when="2019-05-01"),
        "statement": add(
            tracker, "Said the dialogue with Pakistan must continue", type="statement",
            participants=[ActorRef("Ned Price", "speaker"), ActorRef("Sergey LAVRÓV", "about")],
            when="2021-09-01",
        ),
        "gone": add(tracker, "Evacuation talks that never happened"),
    }  # fmt: skip
    tracker.retract(ids["gone"], "never happened")
    return ids


def test_a_phrase_ranked_with_highlighted_words(cli: Cli, story: dict[str, str]) -> None:
    result = cli("search", "intra-Afghan dialogue")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "Search 'intra-Afghan dialogue': 1 event(s), best first\n"
        "\n"
        f"  1. 2021-08-16  phone_call  Antony Blinken (initiator), Sergey LAVRÓV (recipient)"
        f"  [{story['dialogue'][-8:]}]\n"
        "     Pressed for an **intra-Afghan** **dialogue** with Pakistan\n"
    )


def test_accents_and_case_are_ignored_and_names_are_searched(
    cli: Cli, story: dict[str, str]
) -> None:
    result = cli("search", "lavrov", "--format", "json")
    data = json.loads(result.stdout)
    assert {h["id"] for h in data["hits"]} == {story["dialogue"], story["statement"]}
    result = cli("search", "LAVRÓV AND Pakistan", "--type", "statement", "--format", "json")
    (hit,) = json.loads(result.stdout)["hits"]
    assert hit["id"] == story["statement"]
    # the plain snippet and the offsets of its highlighted words
    words = [hit["snippet"][a:b] for a, b in hit["highlights"]]
    assert "Pakistan" in words or "LAVRÓV" in words
    assert "**" in hit["snippet_marked"] and "**" not in hit["snippet"]
    assert hit["rank"] == 1 and hit["score"] > 0 and hit["tags"] == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("evacuat*", {"evacuation"}),
        ('"evacuation of Kabul"', {"evacuation"}),
        ("dialogue OR tariffs", {"dialogue", "statement", "old"}),
        ("dialogue NOT Afghan", {"statement"}),
        ("NEAR(dialogue Pakistan, 2)", {"dialogue", "statement"}),
        ("NEAR(Pressed Pakistan, 2)", set()),
        ("summary:Pakistan", {"dialogue", "statement"}),
        ("actors:price", {"statement"}),
        ("topics:afghanistan", {"dialogue"}),
        ("Evacuation talks", set()),  # retracted: never found
    ],
)
def test_fts5_syntax(cli: Cli, story: dict[str, str], query: str, expected: set[str]) -> None:
    result = cli("search", query, "--format", "json")
    assert result.exit_code == 0, result.stderr
    found = {h["id"] for h in json.loads(result.stdout)["hits"]}
    assert found == {story[k] for k in expected}


def test_timeline_filters(cli: Cli, story: dict[str, str]) -> None:
    def ids(*args: str) -> list[str]:
        result = cli("search", *args, "--format", "json")
        assert result.exit_code == 0, result.stderr
        return [h["id"] for h in json.loads(result.stdout)["hits"]]

    assert ids("discussed", "--from", "2021") == [story["evacuation"]]
    assert ids("discussed", "--to", "2020") == [story["old"]]
    assert ids("dialogue", "--actor", "Ned Price") == [story["statement"]]
    assert ids("dialogue", "--actor", "Blinken", "--with", "Lavrov") == [story["dialogue"]]
    assert ids("discussed", "--type", "statement") == []
    assert len(ids("discussed OR dialogue", "--limit", "2")) == 2


def test_an_amended_event_is_found_by_its_new_words(
    cli: Cli, story: dict[str, str], tracker: Tracker
) -> None:
    before = datetime.now(UTC)
    time.sleep(0.01)
    tracker.amend(story["old"], {"summary": "Discussed steel quotas"}, "the readout")
    assert cli("search", "tariffs").stdout.startswith("Search 'tariffs': 0 event(s)")
    assert story["old"][-8:] in cli("search", "quotas").stdout
    # as the log stood before the amendment: the old words, not the new
    then = before.isoformat()
    assert story["old"][-8:] in cli("search", "tariffs", "--as-of", then).stdout
    assert "0 event(s)" in cli("search", "quotas", "--as-of", then).stdout


def test_csv(cli: Cli, story: dict[str, str]) -> None:
    result = cli("search", "evacuation", "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == [
        "rank", "score", "id", "date", "type", "participants", "summary", "snippet", "tags",
        "sources",
    ]  # fmt: skip
    assert rows[1][2] == story["evacuation"]
    assert rows[1][7] == "Discussed the **evacuation** of Kabul airport"


@pytest.mark.parametrize(
    "query",
    ['"unclosed', "dialogue AND", "NEAR(a b, x)", "(dialogue", "   ", "OR", "NOT dialogue"],
)
def test_a_malformed_query_is_one_line_exit_2(
    cli: Cli, story: dict[str, str], query: str, empty_log: Path
) -> None:
    before = file_digest(empty_log)
    result = cli("search", query)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert file_digest(empty_log) == before


def test_hostile_text_is_shown_literally(cli: Cli, tracker: Tracker) -> None:
    add(tracker, "Hostile <script>alert(1)</script> ]] ** =cmd| text")
    result = cli("search", "hostile")
    assert "<script>alert(1)</script> ]] ** =cmd| text" in result.stdout
    assert "\x1b" not in result.stdout  # not a terminal: no colour
    rows = list(csv.reader(io.StringIO(cli("search", "hostile", "--format", "csv").stdout)))
    assert rows[1][6].startswith("Hostile")


def test_bad_filters_are_errors(cli: Cli, story: dict[str, str]) -> None:
    assert cli("search", "x", "--from", "2021-13").exit_code == 2
    assert cli("search", "x", "--actor", "Nobody At All").exit_code == 3
    assert cli("search", "x", "--format", "xml").exit_code == 2
    assert cli("search", "x", "--limit", "0").exit_code == 2


def test_a_query_matching_more_than_the_window_is_ranked_among_its_latest(
    cli: Cli, story: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.queries import search as search_queries

    monkeypatch.setattr(search_queries, "RANK_WINDOW", 2)
    query = ("search", "discussed OR dialogue", "--limit", "2")
    data = json.loads(ok_json(cli(*query, "--format", "json")))
    assert data["ranked_among"] == 2  # 4 matches: the page is ranked among the latest 2
    assert {h["id"] for h in data["hits"]} == {story["statement"], story["old"]}
    text = cli(*query).stdout
    assert text.startswith(
        "Search 'discussed OR dialogue': 2 event(s), best first of the latest 2 matches"
        " (narrow the query to rank all) (the first 2; --limit for more)\n"
    )
    # with filters, the window counts the matches the filters keep
    data = json.loads(ok_json(cli(*query, "--type", "phone_call", "--format", "json")))
    assert data["ranked_among"] == 2
    assert {h["id"] for h in data["hits"]} == {story["evacuation"], story["old"]}
    # a limit beyond the window ranks every match
    data = json.loads(ok_json(cli("search", "discussed OR dialogue", "--limit", "3",
                                  "--format", "json")))  # fmt: skip
    assert data["ranked_among"] is None and data["count"] == 3


def ok_json(result: Any) -> str:
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)
