"""Actors as analysts know them: aliases, offices over time, affiliations, merges."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.conftest import SOURCE, file_digest
from tracker.domain.errors import AmbiguousActorError, UnknownActorError, ValidationError
from tracker.log.file import EventLog
from tracker.queries.events import dump
from tracker.readmodel.sync import sync
from tracker.services.recording import ActorRef
from tracker.services.tracker import Tracker

CLI = Callable[..., Any]


def log_types(path: Path) -> list[str]:
    return [r.type for r in EventLog(path).read()]


# --------------------------------------------------------------------------- the seven commands


def test_actor_add_registers_an_event_in_the_log(empty_log: Path, cli: CLI) -> None:
    result = cli(
        "actor", "add", "Antony Blinken", "--kind", "person", "--country", "usa",
        "--alias", "Blinken", "--alias", "Tony Blinken", "--wikidata", "q12345",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "antony-blinken\n"
    (record,) = EventLog(empty_log).read()
    assert record.type == "ActorRegistered"
    assert record.data == {
        "actor": "antony-blinken",
        "name": "Antony Blinken",
        "kind": "person",
        "country": "USA",
        "aliases": ["Blinken", "Tony Blinken"],
        "external_ids": {"wikidata": "Q12345"},
    }


def test_actor_role_and_show(seed_log: Path, cli: CLI) -> None:
    shown = cli("actor", "show", "Blinken")
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout.splitlines()[:6] == [
        "Antony Blinken (antony-blinken)",
        "kind:          person",
        "country:       USA",
        "aliases:       Blinken, Secretary Blinken, Tony Blinken, Secretary of State Antony Blinken",
        "offices:",
        "  Secretary of State, US Department of State (2021-01-26 to 2025-01-20)",
    ]
    assert "events:        4" in shown.stdout
    assert "first contact: 2021-08-16" in shown.stdout
    assert "last contact:  2021-08-16" in shown.stdout
    assert "counterparts:  Sergey Lavrov (3), Wang Yi (2)" in shown.stdout

    added = cli(
        "actor", "role", "Antony Blinken", "Deputy Secretary of State",
        "--org", "US Department of State", "--from", "2015-01", "--to", "2017-01-20",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    assert log_types(seed_log)[-1] == "OfficeHeld"
    profile = orjson.loads(cli("actor", "show", "Blinken", "--format", "json").stdout)
    assert profile["offices"][0] == {
        "office": "Deputy Secretary of State",
        "org": "us-department-of-state",
        "org_name": "US Department of State",
        "from": "2015-01",
        "to": "2017-01-20",
    }


def test_actors_filtered_by_country_and_kind(seed_log: Path, cli: CLI) -> None:
    result = cli("actors", "--country", "CHN", "--kind", "person", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert [a["name"] for a in orjson.loads(result.stdout)] == ["Wang Yi"]
    states = orjson.loads(cli("actors", "--kind", "state", "--format", "json").stdout)
    assert sorted(a["id"] for a in states) == [
        "afghanistan", "china", "pakistan", "russia", "united-states",
    ]  # fmt: skip
    table = cli("actors", "--country", "RUS")
    assert table.stdout.splitlines()[0].split() == [
        "ID", "NAME", "KIND", "COUNTRY", "EVENTS", "FIRST", "LAST", "ALIASES",
    ]  # fmt: skip
    assert [line.split()[0] for line in table.stdout.splitlines()[2:] if line[0] != " "] == [
        "sergey-lavrov", "ministry-of-foreign-affairs-of-russia", "russia",
    ]  # fmt: skip


def test_timeline_of_an_office_resolves_to_whoever_held_it_then(seed_log: Path, cli: CLI) -> None:
    result = cli(
        "timeline", "--actor", "US Secretary of State", "--from", "2021-08-01",
        "--to", "2021-08-31", "--type", "phone_call", "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    calls = orjson.loads(result.stdout)
    assert [(c["date"], [p["name"] for p in c["participants"]]) for c in calls] == [
        ("2021-08-16", ["Antony Blinken", "Wang Yi"]),
        ("2021-08-16", ["Antony Blinken", "Sergey Lavrov"]),
    ]
    header = cli("timeline", "--actor", "US Secretary of State", "--from", "2021-08")
    assert header.stdout.splitlines()[0] == (
        "Timeline of Secretary of State (Antony Blinken): 4 event(s)"
    )


def test_an_office_in_another_term_is_someone_else(seed_log: Path, cli: CLI) -> None:
    tracker = Tracker(seed_log)
    tracker.register_actor("Marco Rubio", country="USA")
    tracker.hold_office(
        "Marco Rubio", "Secretary of State", org="State Department", start="2025-01-21"
    )
    tracker.add_event(
        type="meeting",
        when="2025-03-01",
        participants=[ActorRef("US Secretary of State", "host"), ActorRef("Lavrov", "visitor")],
        summary="A meeting in 2025",
        sources=[SOURCE],
    )
    (meeting,) = tracker.timeline(["Marco Rubio"]).entries
    assert meeting.participants[0].name == "Marco Rubio"  # resolved at the event's date
    in_2025 = tracker.timeline(["US Secretary of State"], start=None, end=None).entries
    assert {e.summary for e in in_2025} >= {"A meeting in 2025"}
    from datetime import date

    only_2025 = tracker.timeline(["US Secretary of State"], start=date(2025, 1, 1)).entries
    assert [e.summary for e in only_2025] == ["A meeting in 2025"]
    august = tracker.timeline(
        ["US Secretary of State"], start=date(2021, 8, 1), end=date(2021, 8, 31)
    )
    assert august.actors == (("US Secretary of State", "Secretary of State (Antony Blinken)"),)


def test_members_widens_a_state_to_its_officials(seed_log: Path, cli: CLI) -> None:
    plain = orjson.loads(cli("timeline", "--actor", "Beijing", "--format", "json").stdout)
    assert [e["summary"][:20] for e in plain] == ["Russia's foreign min"]
    result = cli("timeline", "--actor", "Beijing", "--members", "--format", "json")
    assert result.exit_code == 0, result.stderr
    events = orjson.loads(result.stdout)
    wang_call = [e for e in events if e["type"] == "phone_call"]
    assert [[p["name"] for p in e["participants"]] for e in wang_call] == [
        ["Antony Blinken", "Wang Yi"]
    ]
    speakers = {p["name"] for e in events for p in e["participants"] if p["role"] == "speaker"}
    assert "Ministry of Foreign Affairs of China" in speakers
    usa = orjson.loads(cli("timeline", "--actor", "USA", "--members", "--format", "json").stdout)
    assert len(usa) == 5  # the evacuation, both calls, Price's statement, Russia's readout


def test_members_respects_the_time_of_each_event(seed_log: Path) -> None:
    tracker = Tracker(seed_log)
    tracker.register_actor("Qin Gang", country="CHN")
    tracker.hold_office(
        "Qin Gang", "Foreign Minister", org="Chinese MFA", start="2022-12-30", end="2023-07-25"
    )
    for when in ("2021-08-20", "2023-03-01"):
        tracker.add_event(
            type="phone_call",
            when=when,
            participants=[ActorRef("Qin Gang", "initiator"), ActorRef("Lavrov", "recipient")],
            summary=f"Qin Gang call {when}",
            sources=[SOURCE],
        )
    china = tracker.timeline(["China"], members=True).entries
    summaries = [e.summary for e in china if e.summary.startswith("Qin")]
    assert summaries == ["Qin Gang call 2023-03-01"]  # in 2021 he held no office there


def test_merge_then_unmerge(seed_log: Path, cli: CLI) -> None:
    tracker = Tracker(seed_log)
    tracker.register_actor("A. Blinken", country="USA")
    tracker.add_event(
        type="meeting",
        when="2021-09-01",
        participants=[ActorRef("A. Blinken", "host"), ActorRef("Lavrov", "visitor")],
        summary="A meeting recorded under another name",
        sources=[SOURCE],
    )
    before = seed_log.read_bytes()
    merged = cli("actor", "merge", "A. Blinken", "Antony Blinken", "--reason", "same person")
    assert merged.exit_code == 0, merged.stderr
    assert seed_log.read_bytes().startswith(before)  # nothing rewritten, one line added
    assert log_types(seed_log)[-1] == "ActorsMerged"
    timeline = orjson.loads(cli("timeline", "--actor", "Blinken", "--format", "json").stdout)
    assert len(timeline) == 5
    assert timeline[-1]["participants"][0] == {
        "id": "antony-blinken",
        "name": "Antony Blinken",
        "role": "host",
    }
    assert cli("timeline", "--actor", "A. Blinken").stdout.startswith(
        "Timeline of Antony Blinken: 5"
    )
    shown = cli("actor", "show", "Blinken").stdout
    assert "merged from:   A. Blinken (a-blinken)" in shown and "events:        5" in shown
    history = cli("history", "a-blinken")
    assert history.exit_code == 0
    assert "same person" in history.stdout

    incremental = dump(sync(EventLog(seed_log))[0])
    rebuilt = dump(sync(EventLog(seed_log), seed_log.parent / "fresh.sqlite", force=True)[0])
    assert incremental == rebuilt

    undone = cli("actor", "unmerge", "a-blinken", "--reason", "a different Blinken")
    assert undone.exit_code == 0, undone.stderr
    assert len(orjson.loads(cli("timeline", "--actor", "Blinken", "--format", "json").stdout)) == 4
    assert cli("actor", "show", "A. Blinken").stdout.startswith("A. Blinken (a-blinken)")


# --------------------------------------------------------------------------- resolution


@pytest.mark.parametrize(
    ("words", "actor_id"),
    [
        ("Blinken", "antony-blinken"),
        ("Wang Yi", "wang-yi"),
        ("Sergey Lavrov", "sergey-lavrov"),
        ("Moscow", "russia"),
        ("Beijing", "china"),
        ("Russia's foreign ministry", "ministry-of-foreign-affairs-of-russia"),
        ("RUSSIA’S FOREIGN MINISTRY".replace("’", "'"), "ministry-of-foreign-affairs-of-russia"),
        ("SERGÉY LAVRÖV", "sergey-lavrov"),  # accents and case ignored
        ("antony-blinken", "antony-blinken"),  # the id
        ("State Department", "us-department-of-state"),
        ("Chinese Foreign Minister", "wang-yi"),
        ("China's foreign minister", "wang-yi"),
        ("US Secretary of State", "antony-blinken"),
        ("State Department spokesman", "ned-price"),
    ],
)
def test_the_articles_words_resolve(seed_log: Path, words: str, actor_id: str) -> None:
    from datetime import date

    from tracker.queries.actors import resolve

    conn = Tracker(seed_log).model()
    assert resolve(conn, words, date(2021, 8, 16)) == actor_id


def test_an_office_shared_at_a_date_is_ambiguous_and_lists_candidates(seed_log: Path) -> None:
    from datetime import date

    from tracker.queries.actors import resolve

    conn = Tracker(seed_log).model()
    with pytest.raises(AmbiguousActorError) as err:
        resolve(conn, "Foreign Minister", date(2021, 8, 16))
    assert [c for c, _ in err.value.candidates] == ["sergey-lavrov", "wang-yi"]
    assert str(err.value) == (
        "'Foreign Minister' matches 2 actors: sergey-lavrov (Sergey Lavrov); "
        "wang-yi (Wang Yi); pass one of these ids instead"
    )


def test_unknown_names_suggest_the_closest(seed_log: Path, cli: CLI) -> None:
    result = cli("timeline", "--actor", "Blinkin")
    assert result.exit_code == 3
    assert result.stderr == "Error: unknown actor 'Blinkin'; did you mean 'Antony Blinken'?\n"
    with pytest.raises(UnknownActorError):
        Tracker(seed_log).timeline(["Nobody At All"])


def test_add_event_resolves_participants_by_office_at_its_date(seed_log: Path, cli: CLI) -> None:
    result = cli(
        "add-event", "--type", "phone_call", "--initiator", "US Secretary of State",
        "--recipient", "Russian Foreign Minister", "--date", "2022-02-22",
        "--summary", "A call", "--source", SOURCE,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    last = list(EventLog(seed_log).read())[-1]
    assert last.data["participants"] == [
        {"actor": "antony-blinken", "role": "initiator"},
        {"actor": "sergey-lavrov", "role": "recipient"},
    ]


def test_alias_rename_and_history_of_an_actor(seed_log: Path, cli: CLI) -> None:
    assert cli("actor", "alias", "Lavrov", "Sergei Viktorovich Lavrov").exit_code == 0
    assert cli("timeline", "--actor", "sergei viktorovich lavrov").exit_code == 0
    assert cli("actor", "alias", "Lavrov", "Sergei Viktorovich Lavrov", "--remove").exit_code == 0
    assert cli("timeline", "--actor", "Sergei Viktorovich Lavrov").exit_code == 3
    assert cli("actor", "rename", "Taliban", "Islamic Emirate of Afghanistan").exit_code == 0
    shown = cli("actor", "show", "Taliban").stdout  # the old name still resolves
    assert shown.splitlines()[0] == "Islamic Emirate of Afghanistan (taliban)"
    assert "aliases:       the Taliban, Taliban" in shown
    history = cli("history", "Lavrov")
    assert history.exit_code == 0, history.stderr
    lines = history.stdout.splitlines()
    assert lines[0] == "History of sergey-lavrov"
    assert "actor registered as Sergey Lavrov (person)" in history.stdout
    assert "alias added: Sergei Viktorovich Lavrov" in history.stdout
    assert "alias removed: Sergei Viktorovich Lavrov" in history.stdout
    assert "sergey-lavrov held office Foreign Minister of" in history.stdout


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["actor", "add", "Atlantis", "--kind", "state", "--country", "ATL"],
         "Error: unknown country code 'ATL': not an ISO 3166-1 alpha-3 code"),
        (["actor", "add", "Someone", "--country", "China"],
         "Error: unknown country code 'China': not an ISO 3166-1 alpha-3 code; did you mean CHN (China)"),
        (["actor", "add", "Someone", "--kind", "wizard"], "Error: unknown actor kind 'wizard'"),
        (["actor", "role", "Blinken", "Secretary of State", "--from", "2025-01-20", "--to", "2021-01-26"],
         "Error: the office ends (2021-01-26) before it starts (2025-01-20)"),
        (["actor", "merge", "Blinken", "Antony Blinken", "--reason", "x"],
         "Error: cannot merge 'Blinken' into itself (antony-blinken)"),
        (["actor", "alias", "Wang Yi", "Blinken"],
         "Error: the name 'Blinken' is already used by actor antony-blinken (Antony Blinken)"),
        (["actor", "add", "Someone", "--alias", "Moscow"],
         "Error: the name 'Moscow' is already used by actor russia (Russia)"),
        (["actor", "affiliate", "Blinken", "Blinken"], "Error: an actor cannot be affiliated with itself"),
        (["actor", "affiliate", "Blinken", "USA", "--relation", "owner_of"], "Error: unknown relation 'owner_of'"),
        (["actor", "add", "Someone", "--wikidata", "X1"], "Error: bad Wikidata id 'X1'"),
        (["actor", "unmerge", "Blinken", "--reason", "x"], "Error: 'Blinken' is not a merged actor"),
    ],
)  # fmt: skip
def test_bad_actor_input_is_refused_and_writes_nothing(
    seed_log: Path, cli: CLI, args: list[str], message: str
) -> None:
    before = file_digest(seed_log)
    result = cli(*args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert file_digest(seed_log) == before


def test_check_span_accepts_precision(seed_log: Path) -> None:
    from tracker.domain.events import check_span

    assert check_span("2021", "2021-12", "x") == ("2021", "2021-12")
    with pytest.raises(ValidationError):
        check_span("2021-12", "2021-11-30", "x")
