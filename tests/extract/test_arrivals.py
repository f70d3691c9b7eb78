"""Visits told by their arrival or by their own name (issue 14, round 4, 2026-12-03):
"was received at the airport in X", "This marks the Russian minister's first visit to
Syria", and an office named after a region, which is no person ("Director Middle East and
North Africa"). Fixtures are short texts written for these tests, in the genre's style;
every name in them is invented."""

from __future__ import annotations

import pytest

from tests.extract.test_unseen import REG, brief
from tracker.extract import propose

P = "participant"


def test_received_at_the_airport_of_a_capital_is_a_visit_to_its_country() -> None:
    text = (
        "Foreign Minister Olga Petrova was received at the airport in Tokyo yesterday by"
        " Deputy Minister Ken Abe."
    )
    props = propose(text, published="2031-05-05", registry=REG)
    assert brief(props)[0] == (
        "visit",
        "2031-05-04",
        [("Olga Petrova", "visitor"), ("Japan", "host")],
    )
    assert props[0].rule == "contact.airport_arrival"


def test_received_in_a_hall_is_no_arrival() -> None:
    text = "Foreign Minister Olga Petrova was received in the hall by Foreign Minister Sato."
    assert all(p.type != "visit" for p in propose(text, published="2031-05-05", registry=REG))


@pytest.mark.parametrize(
    ("second", "who"),
    [
        ("This marks the Russian minister's first visit to Japan since 2025.", "Olga Petrova"),
        ("It is Petrova's second visit to Japan this year.", "Olga Petrova"),
    ],
)
def test_a_visit_told_by_its_own_name(second: str, who: str) -> None:
    text = f"Foreign Minister Olga Petrova held talks with Foreign Minister Sato in Tokyo on Monday. {second}"
    props = propose(text, published="2031-05-06", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-05-05", [("Olga Petrova", P), ("Sato Kenji", P)]),
        ("visit", "2031-05-05", [(who, "visitor"), ("Japan", "host")]),
    ]


def test_a_visit_still_to_come_is_no_visit() -> None:
    text = (
        "Foreign Minister Olga Petrova held talks with Foreign Minister Sato in Tokyo on Monday."
        " It will be Petrova's first visit to China next month."
    )
    props = propose(text, published="2031-05-06", registry=REG)
    assert [p.type for p in props] == ["meeting"]


def test_an_office_named_after_a_region_is_no_person() -> None:
    text = (
        "Tom Ward, Director Middle East and North Africa at the Foreign Office, held the meeting"
        " with Foreign Minister Sato on Monday."
    )
    props = propose(text, published="2031-05-06", registry=REG)
    assert brief(props) == [("meeting", "2031-05-05", [("Tom Ward", P), ("Sato Kenji", P)])]


@pytest.mark.parametrize(
    "text",
    [
        "Turkish Foreign Minister Mehmet Kaya thanked Orlov for his support, the ministry said.\n"
        "In a telephone conversation with President Orlov, the Turkish foreign minister"
        " confirmed his commitment to talks.",
        "In a telephone conversation with President Orlov on Monday, the Turkish foreign"
        " minister confirmed his commitment to talks.\n"
        "Turkish Foreign Minister Mehmet Kaya also thanked Orlov for his support.",
    ],
)
def test_an_office_holder_the_registry_cannot_name_is_the_person_a_sentence_near_names(
    text: str,
) -> None:
    props = propose(text, published="2031-05-06", registry=REG)
    assert [(p.type, sorted(x.label for x in p.parties)) for p in props] == [
        ("phone_call", ["Ivan Orlov", "Mehmet Kaya"])
    ]


def test_an_office_holder_no_sentence_names_stays_the_state() -> None:
    text = (
        "In a telephone conversation with President Orlov on Monday, the Turkish foreign"
        " minister confirmed his commitment to talks."
    )
    props = propose(text, published="2031-05-06", registry=REG)
    assert [(p.type, sorted(x.label for x in p.parties)) for p in props] == [
        ("phone_call", ["Ivan Orlov", "Turkey"])
    ]
