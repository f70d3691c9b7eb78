"""Families of a retired held-out set (heldout8, after its one scoring; issue 14, round 4,
2026-12-03), each with the twin that must stay as it was. Fixtures are short texts written
for these tests, in the genre's style; every name in them is invented."""

from __future__ import annotations

import pytest

from tests.extract.test_unseen import REG, brief
from tracker.extract import propose

P = "participant"
PAIR = [("Sato Kenji", P), ("Ana Ruiz", P)]
REMARKS = "Remarks\n\nAna Ruiz\nSecretary of State\nWashington, DC\nMay 14, 2031\n\n"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Foreign Minister Sato has spoken to Secretary Ruiz, covering a range of issues.",
            ("phone_call", "2031-11-05", PAIR),
        ),
        (
            "Foreign Minister Sato today (November 5) spoke with Secretary Ruiz.",
            ("phone_call", "2031-11-05", PAIR),
        ),
        (
            "The Honourable Sato Kenji today had his first bilateral call as Foreign Minister with"
            " Secretary Ruiz.",
            ("phone_call", "2031-11-05", PAIR),
        ),
        (
            "The phone conversation between Foreign Minister Sato and Secretary Ruiz lasted about"
            " two hours.",
            ("phone_call", "2031-11-05", PAIR),
        ),
    ],
)
def test_wording(text: str, want: tuple) -> None:
    assert brief(propose(text, published="2031-11-05", registry=REG)) == [want]


def test_his_excellency_abbreviated_in_a_list_of_ministers() -> None:
    text = (
        "1. The Minister for Foreign Affairs of Japan, HE Sato Kenji, the Secretary of State of"
        " the United States, HE Ana Ruiz, and the Foreign Secretary of the United Kingdom, Tom"
        " Ward, met in Tokyo on 1 August 2031."
    )
    props = propose(text, published="2031-08-02", registry=REG)
    assert [(p.type, p.date, [x.label for x in p.parties]) for p in props] == [
        ("multilateral_meeting", "2031-08-01", ["Sato Kenji", "Ana Ruiz", "Tom Ward"])
    ]


def test_three_ministers_meeting_one_is_a_meeting() -> None:
    text = (
        "Foreign Secretary Tom Ward held a trilateral meeting with Foreign Minister Sato and"
        " Secretary Ruiz on Monday."
    )
    assert [p.type for p in propose(text, published="2031-08-06", registry=REG)] == ["meeting"]


@pytest.mark.parametrize(
    "line",
    [
        "SECRETARY RUIZ: Well, it's my great pleasure to welcome Foreign Minister Sato of Japan to"
        " Washington this afternoon.",
        "SECRETARY RUIZ: Good morning. I want to welcome Foreign Minister Sato to the State"
        " Department.",
    ],
)
def test_a_host_s_welcome_in_a_transcript_is_a_meeting(line: str) -> None:
    props = propose(REMARKS + line, published="2031-05-14", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-05-14", [("Ana Ruiz", "host"), ("Sato Kenji", "visitor")])
    ]


def test_a_welcome_still_to_come_is_no_meeting() -> None:
    line = "SECRETARY RUIZ: We look forward to welcoming Foreign Minister Sato next month."
    assert propose(REMARKS + line, published="2031-05-14", registry=REG) == []


def test_a_remarks_title_in_lower_case() -> None:
    text = (
        "Remarks with Japanese Foreign Minister Sato Kenji Before Their Meeting\n" + REMARKS[9:]
        + "SECRETARY RUIZ: Thank you all.\n"
    )  # fmt: skip
    props = propose(text, published="2031-05-14", registry=REG)
    assert brief(props) == [("meeting", "2031-05-14", [("Ana Ruiz", P), ("Sato Kenji", P)])]


def test_they_agreed_to_meet_is_a_plan_not_a_statement() -> None:
    text = "Sato said on Monday that they agreed to meet and would set a date later."
    assert propose(text, published="2031-05-14", registry=REG) == []
    # a quote first is the speaker's announcement
    text = '"We agreed to meet and will set a date for that meeting later," Sato said on Monday.'
    assert [p.type for p in propose(text, published="2031-05-14", registry=REG)] == ["statement"]


def test_the_two_ministers_confirmed_is_the_readout_of_their_contact() -> None:
    text = (
        "Foreign Minister Sato held a meeting with Secretary Ruiz on Monday.\n"
        "In addition, to this end, the two ministers confirmed that they would strengthen"
        " communication.\n"
    )
    assert [p.type for p in propose(text, published="2031-05-14", registry=REG)] == ["meeting"]
