"""Families of a retired held-out set (heldout7, after its one scoring; issue 14, round 4,
2026-12-03): a wire lead whose city is written in title case ("Liverpool, England, Dec. 11
(Jiji Press)--", "Islamabad, Sep 7 (PTI) The ..."), "A and his X counterpart, B, have held
talks", "spoke by phone, where they discussed", "At his meeting with X of Germany, Y ...",
and a speaker's remark on their own planned contact, which is no statement (a spokesperson's
announcement of others' talks is). Fixtures are short texts written for these tests, in
the genre's style; every name in them is invented."""

from __future__ import annotations

from datetime import date

import pytest

from tests.extract.test_unseen import REG, brief
from tracker.extract import propose
from tracker.extract.dates import wire_dateline

P = "participant"


@pytest.mark.parametrize(
    ("lead", "day"),
    [
        ("Liverpool, England, Dec. 11 (Jiji Press)--Foreign Minister Sato met", date(2030, 12, 11)),
        ("Islamabad, Sep 7 (PTI) The Foreign Secretaries met here today", date(2031, 9, 7)),
        ("NEW DELHI, Sept 27 (ANI): Sato met", date(2031, 9, 27)),
    ],
)
def test_wire_leads(lead: str, day: date) -> None:
    found = wire_dateline(lead, date(2031, 10, 1))
    assert found is not None and found[0] == day


@pytest.mark.parametrize("line", ["Thursday, July 11, 2031", "Moreover, March 5 was the day."])
def test_what_is_no_wire_lead(line: str) -> None:
    assert wire_dateline(line, date(2031, 10, 1)) is None


def test_a_title_case_wire_lead_dates_the_story_s_weekdays() -> None:
    text = (
        "Oslo, Norway, Dec. 11 (Jiji Press)--Foreign Minister Sato on Saturday met with"
        " Secretary Ruiz on the sidelines of the meeting."
    )
    props = propose(text, published="2031-12-12", registry=REG)
    assert brief(props) == [("meeting", "2031-12-06", [("Sato Kenji", P), ("Ana Ruiz", P)])]


def test_a_counterpart_in_apposition_then_have_held_talks() -> None:
    text = (
        "Foreign Minister Sato and his Turkish counterpart, Mehmet Kaya, have held talks on the"
        " sidelines of the summit, the ministry said Friday."
    )
    props = propose(text, published="2031-04-26", registry=REG)
    assert brief(props) == [("meeting", "2031-04-25", [("Sato Kenji", P), ("Mehmet Kaya", P)])]


def test_spoke_by_phone_where_they_discussed() -> None:
    text = "Earlier this month, Orlov and Ruiz spoke by phone, where they discussed trade."
    props = propose(text, published="2031-04-26", registry=REG)
    assert brief(props) == [("phone_call", "2031-04", [("Ivan Orlov", P), ("Ana Ruiz", P)])]


def test_at_his_meeting_with_a_person_of_a_country() -> None:
    text = (
        "At his meeting with Mehmet Kaya of Turkey, Foreign Minister Sato offered his"
        " congratulations on the new government on Monday."
    )
    props = propose(text, published="2031-04-22", registry=REG)
    assert brief(props) == [("meeting", "2031-04-21", [("Sato Kenji", P), ("Mehmet Kaya", P)])]


@pytest.mark.parametrize(
    "text",
    [
        "Secretary Ruiz said on Tuesday she would meet with President Orlov in Manila at the weekend.",
        "Orlov also said he would be meeting with Foreign Minister Sato during the summit.",
        "President Orlov confirmed the previously sent invitation to Secretary Ruiz to take part"
        " in the summit.",
    ],
)
def test_a_speaker_s_own_plan_is_no_statement(text: str) -> None:
    assert propose(text, published="2031-04-26", registry=REG) == []


def test_a_spokesperson_s_announcement_of_others_talks_is_a_statement() -> None:
    text = "Spokesperson Lena Marsh said on Tuesday that Orlov would hold talks with Ruiz."
    props = propose(text, published="2031-04-26", registry=REG)
    assert [(p.type, p.date, p.parties[0].label) for p in props] == [
        ("statement", "2031-04-22", "Lena Marsh")
    ]


def test_he_after_a_quote_is_the_one_who_spoke() -> None:
    text = (
        "WASHINGTON (Wire) - Secretary Ruiz said on Tuesday she would meet Foreign Minister"
        " Petrova in Manila at the weekend.\n"
        '"Of course it makes our life harder," Ruiz told reporters.\n'
        "She said she had talked to Petrova by phone.\n"
    )
    props = propose(text, published="2031-04-22", registry=REG)
    calls = [p for p in props if p.type == "phone_call"]
    assert [[x.label for x in p.parties] for p in calls] == [["Ana Ruiz", "Olga Petrova"]]


def test_the_office_holders_of_listed_states_are_the_people_named_after() -> None:
    text = (
        "Oslo, Sep 7 (Wire) The National Security Advisers of Turkey and Japan met here today.\n"
        "The talks were positive, Turkish spokesperson Ali Demir said.\n"
        "National Security Adviser Mehmet Kaya of Turkey and his Japanese counterpart Kenji"
        " Mori spoke for two hours.\n"
    )
    props = propose(text, published="2031-09-07", registry=REG)
    first = props[0]
    assert (first.type, first.date, sorted(x.label for x in first.parties)) == (
        "meeting",
        "2031-09-07",
        ["Kenji Mori", "Mehmet Kaya"],
    )
