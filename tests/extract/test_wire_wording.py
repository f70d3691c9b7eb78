"""Wordings met in real wire stories and ministries' releases that the extractor misread
(issue 14): a country's possessive before a name ("met China's Wang Yi"), "welcomed X's
decision" (no one was welcomed), "that the meeting between" (no "at the meeting"), an
upcoming meeting named in passing, China's ministry's "held phone talks at request
with X" (X asked), and a name with an initial ("S. Jaishankar"). Fixtures are short texts written for these tests; every name in them is
invented."""

from __future__ import annotations

import pytest

from tests.extract.test_unseen import REG, brief
from tracker.extract import propose


@pytest.mark.parametrize(
    ("text", "kind", "day"),
    [
        (
            "Secretary Ruiz met with Russia's Olga Petrova on Friday in Bali.",
            "meeting",
            "2031-07-04",
        ),
        ("Ruiz spoke with Russia's Olga Petrova by phone on Thursday.", "phone_call", "2031-07-03"),
        (
            "Secretary Ruiz met Russia’s Olga Petrova on the margins on Friday.",
            "meeting",
            "2031-07-04",
        ),
    ],
)
def test_a_country_s_possessive_before_a_registered_name_is_that_person(
    text: str, kind: str, day: str
) -> None:
    props = propose(text, published="2031-07-05", registry=REG)
    assert brief(props) == [
        (kind, day, [("Ana Ruiz", "participant"), ("Olga Petrova", "participant")])
    ]


def test_a_country_s_possessive_before_an_unknown_name_gives_the_new_person_that_country() -> None:
    text = "Secretary Ruiz met with Japan's Mika Arai on Friday."
    props = propose(text, published="2031-07-05", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-07-04", [("Ana Ruiz", "participant"), ("Mika Arai", "participant")])
    ]
    new = props[0].parties[1].new
    assert new is not None and (new.kind, new.country) == ("person", "JPN")


@pytest.mark.parametrize(
    "text",
    [
        "Secretary Ruiz welcomed Türkiye's constructive engagement.",
        "Secretary Ruiz welcomed Japan's decision to expand its sanctions.",
        "Secretary Ruiz welcomed China's announcement on Tuesday.",
        "The Secretary welcomed Russia's release of the two detained citizens.",
    ],
)
def test_welcoming_a_country_s_decision_is_no_meeting(text: str) -> None:
    assert propose(text, published="2031-07-05", registry=REG) == []


def test_welcoming_a_country_s_minister_is_still_a_meeting() -> None:
    text = "Secretary Ruiz welcomed Japan's Foreign Minister Sato Kenji to Washington today."
    props = propose(text, published="2031-07-05", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-07-05", [("Ana Ruiz", "host"), ("Sato Kenji", "visitor")])
    ]


@pytest.mark.parametrize(
    "text",
    [
        # "that the meeting between" is not "at the meeting between"
        "Foreign Minister Olga Petrova stated that the meeting between President Ivan Orlov and"
        " Secretary Ruiz is very important.",
        "Petrova said that the talks between President Orlov and Secretary Ruiz matter.",
        # a meeting still to come, named in passing
        "Petrova spoke at the upcoming meeting between President Orlov and Secretary Ruiz.",
        "Agreement may come at the planned talks between President Orlov and Secretary Ruiz.",
    ],
)
def test_a_meeting_between_two_named_after_that_or_still_to_come_is_not_proposed(text: str) -> None:
    assert [
        p for p in propose(text, published="2031-07-05", registry=REG) if p.type == "meeting"
    ] == []


def test_a_meeting_between_two_during_which_something_happened_is_still_one() -> None:
    text = "The deal was reached during a meeting between President Orlov and Secretary Ruiz on Monday."
    props = propose(text, published="2031-07-05", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-06-30", [("Ivan Orlov", "participant"), ("Ana Ruiz", "participant")])
    ]


def test_phone_talks_held_at_request_with_someone_were_asked_for_by_them() -> None:
    text = (
        "On July 3, 2031, Foreign Minister Olga Petrova held telephone talks at request with"
        " Secretary of State Ana Ruiz, exchanging views on bilateral relations."
    )
    props = propose(text, published="2031-07-05", registry=REG)
    assert brief(props) == [
        ("phone_call", "2031-07-03", [("Olga Petrova", "recipient"), ("Ana Ruiz", "initiator")])
    ]


@pytest.mark.parametrize("name", ["R. Mehta", "R Mehta", "Arjun K. Mehta"])
def test_a_name_with_an_initial_is_a_new_person(name: str) -> None:
    text = f"Foreign Secretary Tom Ward spoke with {name} on Tuesday."
    props = propose(text, published="2031-07-05", registry=REG)
    assert brief(props) == [
        ("phone_call", "2031-07-01", [("Tom Ward", "participant"), (name, "participant")])
    ]
    new = props[0].parties[1].new
    assert new is not None and new.aliases == ("Mehta",)


@pytest.mark.parametrize(
    "text", ["Tom Ward met with R. on Tuesday.", "Tom Ward met the UN on Tuesday."]
)
def test_an_initial_alone_or_an_acronym_is_no_new_person(text: str) -> None:
    props = propose(text, published="2031-07-05", registry=REG)
    assert all(p.new is None or p.new.kind != "person" for prop in props for p in prop.parties)


def test_a_president_elect_is_named_without_the_title_and_is_not_the_president() -> None:
    text = "Secretary Ruiz spoke with Brazil's President-elect Paulo Nunes on Monday."
    props = propose(text, published="2031-11-12", registry=REG)
    assert brief(props) == [
        ("phone_call", "2031-11-10", [("Ana Ruiz", "participant"), ("Paulo Nunes", "participant")])
    ]
    # "the President-elect" alone is not the sitting president (Orlov, in Russia's case)
    text = "Russia's President-elect met Secretary Ruiz on Monday."
    assert all(
        p.label != "Ivan Orlov"
        for prop in propose(text, published="2031-11-12", registry=REG)
        for p in prop.parties
    )


@pytest.mark.parametrize(
    "text",
    [
        "China Daily first reported the call, citing unidentified sources, and said that Ruiz"
        " had told Petrova to stop.",
        "The China Daily reported that Secretary Ruiz and Foreign Minister Petrova met on Monday.",
    ],
)
def test_a_newspaper_named_after_a_place_is_not_that_state(text: str) -> None:
    props = propose(text, published="2031-11-12", registry=REG)
    assert all(p.label != "China" for prop in props for p in prop.parties)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("During his meeting with Foreign Minister Sato Kenji, Secretary Ruiz underlined the"
         " importance of the alliance.", "2031-04-08"),
        ("In talks with Foreign Minister Sato Kenji on Friday, Secretary Ruiz stressed trade.", "2031-04-04"),
        ("At their meeting with Foreign Minister Sato Kenji, Secretary Ruiz raised trade.", "2031-04-08"),
    ],
)  # fmt: skip
def test_a_sentence_that_opens_with_the_subject_s_meeting_with_someone_is_that_meeting(
    text: str, day: str
) -> None:
    props = propose(text, published="2031-04-08", registry=REG)
    assert brief(props) == [
        ("meeting", day, [("Ana Ruiz", "participant"), ("Sato Kenji", "participant")])
    ]


@pytest.mark.parametrize(
    "text",
    [
        "During her meeting with Foreign Minister Sato Kenji next week, Secretary Ruiz will raise trade.",
        "At their upcoming meeting with Foreign Minister Sato Kenji, Secretary Ruiz plans to raise trade.",
    ],
)
def test_a_meeting_still_to_come_that_opens_a_sentence_is_not_proposed(text: str) -> None:
    assert [
        p for p in propose(text, published="2031-04-08", registry=REG) if p.type == "meeting"
    ] == []


def test_the_foreign_ministers_of_a_list_of_states_are_their_holders_and_date_an_undated_contact() -> (
    None
):
    text = (
        "Foreign Secretary Tom Ward held a trilateral meeting with Japanese Foreign Minister"
        " Sato Kenji and Russian Foreign Minister Olga Petrova.\n"
        "Foreign Ministers of Japan, Russia and the United Kingdom met in New York on"
        " 21 September 2031 and agreed to meet again."
    )
    props = propose(text, published="2031-09-22", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-09-21",
         [("Tom Ward", "participant"), ("Sato Kenji", "participant"), ("Olga Petrova", "participant")])
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "Secretary Ruiz spoke on Friday in separate phone calls with Foreign Minister Sato Kenji"
        " and Foreign Secretary Tom Ward.",
        "Secretary Ruiz held separate calls with Sato Kenji and Tom Ward on Friday.",
        "Secretary Ruiz held bilateral meetings with Foreign Minister Sato Kenji and Foreign"
        " Secretary Tom Ward on Friday.",
    ],
)
def test_plural_calls_or_meetings_with_several_are_one_each(text: str) -> None:
    props = propose(text, published="2031-02-22", registry=REG)
    assert [[x.label for x in p.parties] for p in props] == [
        ["Ana Ruiz", "Sato Kenji"],
        ["Ana Ruiz", "Tom Ward"],
    ]
    assert all(p.date == "2031-02-21" for p in props)


def test_a_meeting_with_two_is_one_meeting_of_three() -> None:
    text = "Secretary Ruiz held a meeting with Foreign Minister Sato Kenji and Foreign Secretary Tom Ward."
    props = propose(text, published="2031-02-22", registry=REG)
    assert [[x.label for x in p.parties] for p in props] == [["Ana Ruiz", "Sato Kenji", "Tom Ward"]]


def test_a_date_of_an_earlier_remark_in_the_sentence_does_not_date_the_statement() -> None:
    text = (
        'Foreign Minister Olga Petrova told reporters there are "no specific plans yet" for'
        " contacts between Orlov and Ruiz, as the Russian president had said on Thursday during"
        " a forum in Sochi."
    )
    props = propose(text, published="2031-11-11", registry=REG)
    assert [(p.type, p.date, p.parties[0].label) for p in props] == [
        ("statement", "2031-11-11", "Olga Petrova")
    ]


def test_a_state_before_when_he_met_is_not_the_subject_he_is_the_sentence_s_person() -> None:
    text = (
        "Secretary Ruiz reaffirmed the U.S. commitment to furthering relations with Russia when"
        " she met with President Ivan Orlov and Foreign Minister Olga Petrova in Sochi on May 14."
    )
    props = propose(text, published="2031-05-15", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-05-14",
         [("Ana Ruiz", "participant"), ("Ivan Orlov", "participant"), ("Olga Petrova", "participant")])
    ]  # fmt: skip


def test_where_a_remark_was_made_is_not_its_speaker() -> None:
    text = (
        "Ruiz, in an interview on Norland Business Network, said the delegation would leave later."
    )
    props = propose(text, published="2031-05-15", registry=REG)
    assert [(p.type, p.parties[0].label, p.parties[0].role) for p in props] == [
        ("statement", "Ana Ruiz", "speaker")
    ]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        (
            "Last month, Ruiz and Petrova met on the sidelines of the Quad summit in Tokyo.",
            "2031-06",
        ),
        ("On Monday, Ruiz and Petrova met in Tokyo.", "2031-07-07"),
    ],
)
def test_a_pair_that_met_after_an_opening_date_is_that_pair_not_the_summit_s_body(
    text: str, day: str
) -> None:
    props = propose(text, published="2031-07-08", registry=REG)
    assert brief(props) == [
        ("meeting", day, [("Ana Ruiz", "participant"), ("Olga Petrova", "participant")])
    ]


@pytest.mark.parametrize(
    "noun",
    [
        "the speaker of",
        "the director-general of",
        "the crown prince of",
        "the chargé d'affaires of",
    ],
)
def test_the_x_of_a_state_is_someone_for_a_person_s_noun_outside_the_titles(noun: str) -> None:
    text = f"Secretary Ruiz met {noun} Japan on Monday."
    props = propose(text, published="2031-07-08", registry=REG)
    assert [[x.label for x in p.parties] for p in props] == [["Ana Ruiz", "Japan"]]
