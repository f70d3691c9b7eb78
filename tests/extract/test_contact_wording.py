"""More of the genre's wording for contacts (issue 14, round 4, 2026-12-03), each with the
twin that must stay as it was: "was in Tokyo for talks with", "hosted a working dinner for",
"flew to", "made a stop in", "is visiting", "chatted by phone", "exchanged views with",
"was on a call with", "discussed X with Y" as a text's first contact, and a year alone as a
date ("they last met in 2029"). Fixtures are short texts written for these tests, in the
genre's style; every name in them is invented."""

from __future__ import annotations

import pytest

from tests.extract.test_unseen import REG, brief
from tracker.extract import propose

P = "participant"
PAIR = [("Ana Ruiz", P), ("Sato Kenji", P)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Secretary Ruiz was in Tokyo on Monday for talks with Foreign Minister Sato.",
            ("meeting", "2031-04-21", PAIR),
        ),
        (
            "Secretary Ruiz hosted a working dinner for Foreign Minister Sato on Monday.",
            ("meeting", "2031-04-21", [("Ana Ruiz", "host"), ("Sato Kenji", "visitor")]),
        ),
        (
            "Secretary Ruiz flew to Tokyo on Monday.",
            ("visit", "2031-04-21", [("Ana Ruiz", "visitor"), ("Japan", "host")]),
        ),
        (
            "Secretary Ruiz made a stop in Tokyo on Monday.",
            ("visit", "2031-04-21", [("Ana Ruiz", "visitor"), ("Japan", "host")]),
        ),
        (
            "Secretary Ruiz is visiting Japan this week.",
            ("visit", "2031-04", [("Ana Ruiz", "visitor"), ("Japan", "host")]),
        ),
        (
            "Secretary Ruiz and Foreign Minister Sato chatted by phone on Monday.",
            ("phone_call", "2031-04-21", PAIR),
        ),
        (
            "Secretary Ruiz was on a call with Foreign Minister Sato on Monday.",
            ("phone_call", "2031-04-21", PAIR),
        ),
        (
            "Secretary Ruiz discussed trade with Foreign Minister Sato on Monday.",
            ("phone_call", "2031-04-21", PAIR),
        ),
        ("Secretary Ruiz and Foreign Minister Sato last met in 2029.", ("meeting", "2029", PAIR)),
    ],
)
def test_contact_wording(text: str, want: tuple) -> None:
    props = propose(text, published="2031-04-22", registry=REG)
    assert brief(props)[:1] == [want]


def test_exchanged_views_with_is_a_contact_of_uncertain_type() -> None:
    props = propose(
        "Secretary Ruiz exchanged views with Foreign Minister Sato on Monday.",
        published="2031-04-22",
        registry=REG,
    )
    assert [(p.date, p.type_uncertain) for p in props] == [("2031-04-21", True)]
    assert [x.label for x in props[0].parties] == ["Ana Ruiz", "Sato Kenji"]


@pytest.mark.parametrize(
    "text",
    [
        "Secretary Ruiz will be in Tokyo next week for talks with Foreign Minister Sato.",
        "Secretary Ruiz plans to host a working dinner for Foreign Minister Sato.",
        "Secretary Ruiz will fly to Tokyo on Monday.",
        "Secretary Ruiz and Foreign Minister Sato are expected to chat by phone.",
    ],
)
def test_the_same_wording_planned_is_no_contact(text: str) -> None:
    assert [
        p for p in propose(text, published="2031-04-22", registry=REG) if p.type != "statement"
    ] == []


def test_what_a_contact_already_told_was_about_is_not_a_second_contact() -> None:
    text = (
        "Secretary Ruiz spoke with Foreign Minister Sato on Monday.\n"
        "Secretary Ruiz discussed trade with Foreign Minister Sato.\n"
    )
    props = propose(text, published="2031-04-22", registry=REG)
    assert brief(props) == [("phone_call", "2031-04-21", PAIR)]


def test_a_state_in_the_topic_is_no_contact() -> None:
    text = "Secretary Ruiz discussed relations with Turkey on Monday."
    assert propose(text, published="2031-04-22", registry=REG) == []


def test_since_a_year_dates_no_contact() -> None:
    text = (
        "Secretary Ruiz met Foreign Minister Sato in Tokyo on Monday. It is Ruiz's first visit"
        " to Japan since 2029."
    )
    props = propose(text, published="2031-04-22", registry=REG)
    assert [(p.type, p.date) for p in props] == [("meeting", "2031-04-21"), ("visit", "2031-04-21")]


def test_the_eu_s_high_representative_vice_president_is_a_title_not_a_name() -> None:
    text = (
        "High Representative/Vice-President Mara Lind met with the Foreign Minister of Japan,"
        " Sato Kenji, in Brussels today."
    )
    props = propose(text, published="2031-04-22", registry=REG)
    assert brief(props) == [("meeting", "2031-04-22", [("Mara Lind", P), ("Sato Kenji", P)])]


def test_telephoned_with_is_a_call() -> None:
    text = "Chancellor Hans Vogel telephoned with Foreign Minister Sato on Monday."
    props = propose(text, published="2031-04-22", registry=REG)
    assert brief(props) == [("phone_call", "2031-04-21", [("Hans Vogel", P), ("Sato Kenji", P)])]


def test_a_counterpart_from_a_country_then_named_is_the_person() -> None:
    text = "Foreign Minister Mara Lind today met with her counterpart from Mexico, Elena Ríos."
    props = propose(text, published="2031-04-22", registry=REG)
    assert brief(props) == [("meeting", "2031-04-22", [("Mara Lind", P), ("Elena Ríos", P)])]
    assert props[0].parties[1].country == "MEX"


@pytest.mark.parametrize(
    ("text", "states"),
    [
        (
            "The foreign ministers of Japan, Turkey and the United States met in Tokyo on Monday.",
            ["Japan", "Turkey", "United States"],
        ),
        (
            "Senior officials of Japan and Turkey held talks in Tokyo on Monday.",
            ["Japan", "Turkey"],
        ),
    ],
)
def test_the_ministers_of_listed_states_met_is_the_states_contact(
    text: str, states: list[str]
) -> None:
    props = propose(text, published="2031-04-22", registry=REG)
    kind = "multilateral_meeting" if len(states) >= 3 else "meeting"
    assert [(p.type, p.date, [x.label for x in p.parties]) for p in props] == [
        (kind, "2031-04-21", states)
    ]


def test_the_ministers_of_listed_states_planned_is_no_contact() -> None:
    text = "The foreign ministers of Japan and Turkey will meet in Tokyo on Monday."
    assert propose(text, published="2031-04-22", registry=REG) == []


def test_a_contact_told_again_by_its_countries_is_one_contact_of_its_people() -> None:
    text = (
        "Foreign Secretary Tom Ward held a trilateral meeting with Japanese Foreign Minister"
        " Sato Kenji and Turkish Foreign Minister Mehmet Kaya.\n"
        "Foreign Ministers of Japan, Turkey and the United Kingdom met in Oslo on 21 April 2031"
        " and agreed to:\n"
    )
    props = propose(text, published="2031-04-22", registry=REG)
    assert [(p.type, p.date, sorted(x.label for x in p.parties)) for p in props] == [
        ("meeting", "2031-04-21", ["Mehmet Kaya", "Sato Kenji", "Tom Ward"])
    ]


def test_an_organisation_s_office_unnamed_is_its_holder_on_the_day() -> None:
    from tracker.extract import Actor, Office, build

    reg = build(
        [
            Actor("un", "United Nations", "international_organization", None, ("UN",)),
            Actor("lina-berg", "Lina Berg", "person", "SWE", ("Berg",)),
            Actor("ana-ruiz", "Ana Ruiz", "person", "USA", ("Ruiz",)),
        ],
        [
            Office("lina-berg", "Secretary-General", (), "un", None, "2030-01-01", None),
            Office("ana-ruiz", "Secretary of State", (), None, "USA", "2030-01-20", None),
        ],
        [],
    )
    text = "Secretary Ruiz met the UN Secretary-General in New York today."
    assert [x.label for x in propose(text, published="2031-03-13", registry=reg)[0].parties] == [
        "Ana Ruiz",
        "Lina Berg",
    ]
    # before her term: the organisation
    assert [x.label for x in propose(text, published="2029-03-13", registry=reg)[0].parties] == [
        "Ana Ruiz",
        "United Nations",
    ]


def test_a_day_of_another_gathering_named_in_passing_does_not_date_the_contact() -> None:
    text = (
        "Secretary Ruiz spoke with Foreign Minister Sato, following discussions at the Regional"
        " Forum in August."
    )
    props = propose(text, published="2031-10-08", registry=REG)
    assert [(p.type, p.date, p.date_inherited) for p in props] == [
        ("phone_call", "2031-10-08", True)
    ]
    # its own day, before the other's, still dates it
    text = "Secretary Ruiz met Foreign Minister Sato on Monday ahead of the summit on Wednesday."
    assert [p.date for p in propose(text, published="2031-10-08", registry=REG)] == ["2031-10-06"]


def test_a_name_s_suffix_is_no_clause_s_comma() -> None:
    text = "President John R. Hale, Jr. spoke today with Foreign Minister Sato."
    props = propose(text, published="2031-04-13", registry=REG)
    assert brief(props) == [("phone_call", "2031-04-13", [("John R. Hale", P), ("Sato Kenji", P)])]


def test_a_month_s_name_after_a_given_name_is_a_surname() -> None:
    text = "Prime Minister Theresa May spoke to Secretary Ruiz this morning."
    props = propose(text, published="2031-04-13", registry=REG)
    assert brief(props) == [("phone_call", "2031-04-13", [("Theresa May", P), ("Ana Ruiz", P)])]
    # a month with its day is a date
    text = "Secretary Ruiz met Foreign Minister Sato on May 5."
    assert [p.date for p in propose(text, published="2031-06-13", registry=REG)] == ["2031-05-05"]


def test_an_indefinite_spokesperson_is_no_registered_holder() -> None:
    from tracker.extract import Actor, Office, build

    reg = build(
        [Actor("lena-marsh", "Lena Marsh", "person", "USA", ("Marsh",))],
        [Office("lena-marsh", "Spokesperson", (), None, "USA", "2030-01-01", None)],
        [],
    )
    text = "A Foreign, Commonwealth & Development Office spokesperson said on Monday: it is wrong."
    props = propose(text, published="2031-04-22", registry=reg)
    assert all("Lena Marsh" not in [x.label for x in p.parties] for p in props)
    named = "Spokesperson Lena Marsh said on Monday that it was wrong."
    assert [p.parties[0].label for p in propose(named, published="2031-04-22", registry=reg)] == [
        "Lena Marsh"
    ]


def test_a_call_the_speaker_briefed_others_on_is_a_contact_though_undated() -> None:
    text = "Secretary Ruiz briefed leaders on her call with President Orlov, in which she spoke of the war."
    props = propose(text, published="2031-10-08", registry=REG)
    assert [(p.type, [x.label for x in p.parties], p.rule) for p in props] == [
        ("phone_call", ["Ana Ruiz", "Ivan Orlov"], "nominal.own_contact")
    ]
    for planned in (
        "Secretary Ruiz briefed leaders on her upcoming call with President Orlov.",
        "Secretary Ruiz briefed leaders on her call with President Orlov next week.",
    ):
        assert propose(planned, published="2031-10-08", registry=REG) == []
