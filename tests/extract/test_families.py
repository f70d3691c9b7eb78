"""Families of wording that unseen readouts, joint statements and wire stories use and the
extractor missed (issue 14): a joint statement released by several after their meeting,
group nouns ("the G7 foreign ministers", "the Co-Chairs"), contacts named in passing ("his
visit to X on October 7", "her calls yesterday with"), long chains of titles before a name,
"hosted X for an official visit", and dates such as "On the evening of February 3". Each
family has its not-event twin (planned, denied) beside it. Fixtures are short texts written
for these tests, in the genre's style; every name in them is invented."""

from __future__ import annotations

import pytest

from tests.extract.test_unseen import REG, brief
from tracker.extract import propose


def test_a_capital_the_old_table_lacked_is_its_state_but_a_seat_of_bodies_is_not() -> None:
    # every country's capital comes from GeoNames: Dakar and Montevideo were not in the hand table
    text = "Secretary of State Ana Ruiz arrived in Dakar on Monday."
    props = propose(text, published="2031-10-12", registry=REG)
    assert brief(props) == [("visit", "2031-10-06", [("Ana Ruiz", "visitor"), ("Senegal", "host")])]
    text = "Secretary of State Ana Ruiz landed in Montevideo late on Saturday."
    props = propose(text, published="2031-10-12", registry=REG)
    assert brief(props) == [("visit", "2031-10-11", [("Ana Ruiz", "visitor"), ("Uruguay", "host")])]
    # an older name kept on purpose
    text = "Secretary of State Ana Ruiz landed in Kiev on Monday."
    props = propose(text, published="2031-10-12", registry=REG)
    assert brief(props) == [("visit", "2031-10-06", [("Ana Ruiz", "visitor"), ("Ukraine", "host")])]
    # Brussels is the EU's and NATO's seat more than Belgium: no visit to the state
    text = "Secretary of State Ana Ruiz arrived in Brussels on Monday."
    assert propose(text, published="2031-10-12", registry=REG) == []


@pytest.mark.parametrize(
    ("text", "kind", "day", "four"),
    [
        (
            "The following joint statement was released by the foreign ministers of Norway,"
            " Chile, Ghana and Vietnam following today's virtual ministerial meeting.",
            "video_call",
            "2031-04-02",
            ["Norway", "Chile", "Ghana", "Vietnam"],
        ),
        # "after their meeting in Tokyo on Tuesday": dated by its own words (a state's tag
        # number before "after" is no "3 days after")
        (
            "The joint statement was released by the United States, Japan, Australia and India"
            " after their meeting in Tokyo on Tuesday.",
            "multilateral_meeting",
            "2031-04-01",
            ["United States", "Japan", "Australia", "India"],
        ),
    ],
)
def test_a_joint_statement_released_after_their_meeting_is_a_statement_and_a_meeting(
    text: str, kind: str, day: str, four: list[str]
) -> None:
    props = propose(text, published="2031-04-02", registry=REG)
    assert brief(props) == [
        (kind, day, [(x, "participant") for x in four]),
        ("statement", day, [(x, "speaker") for x in four]),
    ]
    assert [p.rule for p in props] == ["contact.statement_after", "statement.joint"]


def test_a_joint_statement_still_to_come_proposes_nothing() -> None:
    for text in (
        "A joint statement will be released by the foreign ministers of Norway, Chile, Ghana"
        " and Vietnam following tomorrow's meeting.",
        "A joint statement is expected to be released by Norway, Chile, Ghana and Vietnam after"
        " the meeting, officials said.",
    ):
        assert propose(text, published="2031-04-02", registry=REG) == []


def test_the_part_of_a_day_before_a_date_is_that_day() -> None:
    text = (
        "On the evening of February 3, Secretary Ruiz spoke by phone with Foreign Minister Petrova."
    )
    props = propose(text, published="2031-02-05", registry=REG)
    assert brief(props) == [
        ("phone_call", "2031-02-03", [("Ana Ruiz", "participant"), ("Olga Petrova", "participant")])
    ]
    text = "Secretary Ruiz met Foreign Minister Petrova in the early hours of 4 February."
    props = propose(text, published="2031-02-05", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-02-04", [("Ana Ruiz", "participant"), ("Olga Petrova", "participant")])
    ]
    # the same words of a day still to come: a plan
    text = "Secretary Ruiz will meet Foreign Minister Petrova on the evening of February 9."
    assert propose(text, published="2031-02-05", registry=REG) == []


@pytest.mark.parametrize(
    ("text", "expected", "rule"),
    [
        (
            "Foreign Minister Petrova discussed the outcome of her visit to North Korea on October 7.",
            ("visit", "2031-10-07", [("Olga Petrova", "visitor"), ("North Korea", "host")]),
            "nominal.own_visit",
        ),
        (
            "Secretary Ruiz briefed reporters on her calls yesterday with G7 foreign ministers.",
            ("phone_call", "2031-10-11", [("Ana Ruiz", "participant"), ("G7", "participant")]),
            "nominal.own_contact",
        ),
        (
            "Secretary Ruiz briefed reporters on her meeting with Foreign Minister Petrova on Friday.",
            (
                "meeting",
                "2031-10-10",
                [("Ana Ruiz", "participant"), ("Olga Petrova", "participant")],
            ),
            "nominal.own_contact",
        ),
        (
            "Following their meeting in Rome last week, Secretary Ruiz and Foreign Secretary Ward"
            " agreed to stay in close touch.",
            ("meeting", "2031-10", [("Ana Ruiz", "participant"), ("Tom Ward", "participant")]),
            "nominal.their_earlier",
        ),
    ],
)
def test_a_contact_named_in_passing(text: str, expected: tuple, rule: str) -> None:
    props = propose(text, published="2031-10-12", registry=REG)
    assert brief(props) == [expected]
    assert props[0].rule == rule


def test_a_contact_named_in_passing_that_is_put_off_or_to_come_is_none() -> None:
    for text in (
        "Foreign Minister Petrova discussed plans for her visit to North Korea on October 17.",
        "Foreign Minister Petrova postponed her visit to North Korea on October 7.",
        "Secretary Ruiz briefed reporters on her upcoming meeting with Foreign Minister Petrova"
        " on Friday.",
        "Following their meeting in Rome next week, Secretary Ruiz and Foreign Secretary Ward"
        " will issue a statement.",
    ):
        assert propose(text, published="2031-10-12", registry=REG) == [], text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Secretary Ruiz spoke by phone today with Deputy Prime Minister and Minister for"
            " Foreign and European Affairs Marko Kovac of Croatia.",
            (
                "phone_call",
                "2031-10-12",
                [("Ana Ruiz", "participant"), ("Marko Kovac", "participant")],
            ),
        ),
        (
            "Secretary Ruiz met the Director of the Office of the Central Foreign Affairs"
            " Commission and Foreign Minister Li Wen in Beijing on Monday.",
            ("meeting", "2031-10-06", [("Ana Ruiz", "participant"), ("Li Wen", "participant")]),
        ),
        # a title of the chain that the registry's holder also bears is part of the chain
        (
            "Secretary Ruiz met with the Senior Minister and Minister for Foreign Affairs and"
            " International Cooperation Lina Ortiz today.",
            ("meeting", "2031-10-12", [("Ana Ruiz", "participant"), ("Lina Ortiz", "participant")]),
        ),
    ],
)
def test_a_chain_of_titles_before_a_name(text: str, expected: tuple) -> None:
    assert brief(propose(text, published="2031-10-12", registry=REG)) == [expected]


def test_a_chain_of_titles_before_a_name_in_a_plan_is_no_contact() -> None:
    text = (
        "Secretary Ruiz will meet Deputy Prime Minister and Minister for Foreign and European"
        " Affairs Marko Kovac of Croatia next week."
    )
    assert propose(text, published="2031-10-12", registry=REG) == []


def test_a_group_noun_stands_for_the_list_the_text_named() -> None:
    text = (
        "The contact group is chaired by Norway, Chile and Ghana.\n"
        "The Co-Chairs met today in Geneva with Special Envoy Lars Holm."
    )
    props = propose(text, published="2031-10-12", registry=REG)
    four = ["Norway", "Chile", "Ghana", "Lars Holm"]
    assert brief(props) == [
        ("multilateral_meeting", "2031-10-12", [(x, "participant") for x in four])
    ]
    plan = (
        "The contact group is chaired by Norway, Chile and Ghana.\n"
        "The Co-Chairs will meet Special Envoy Lars Holm in Geneva next week."
    )
    assert propose(plan, published="2031-10-12", registry=REG) == []


def test_an_organisation_s_ministers_and_joining_them_for_talks() -> None:
    text = "The G7 foreign ministers met with Foreign Minister Petrova today."
    props = propose(text, published="2031-10-12", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-10-12", [("G7", "participant"), ("Olga Petrova", "participant")])
    ]
    text = "Secretary Ruiz joined the G7 foreign ministers for talks in Rome on Tuesday."
    props = propose(text, published="2031-10-12", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-10-07", [("Ana Ruiz", "participant"), ("G7", "participant")])
    ]
    assert props[0].rule == "contact.joined_for"
    for text in (
        "Secretary Ruiz will join the G7 foreign ministers for talks in Rome on Friday.",
        "Secretary Ruiz joined Foreign Secretary Ward in calling for restraint on Tuesday.",
    ):
        assert propose(text, published="2031-10-12", registry=REG) == [], text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "President Orlov hosted Prime Minister Lena Berg of Sweden for an official visit on"
            " Monday.",
            ("meeting", "2031-10-06", [("Ivan Orlov", "host"), ("Lena Berg", "visitor")]),
        ),
        (
            "Foreign Secretary Ward welcomed Secretary Ruiz to London on Monday.",
            ("meeting", "2031-10-06", [("Tom Ward", "host"), ("Ana Ruiz", "visitor")]),
        ),
        (
            "On Monday, President Orlov received Secretary Ruiz, who is on a two-day visit.",
            ("meeting", "2031-10-06", [("Ivan Orlov", "host"), ("Ana Ruiz", "visitor")]),
        ),
    ],
)
def test_hosted_welcomed_and_received(text: str, expected: tuple) -> None:
    assert brief(propose(text, published="2031-10-12", registry=REG)) == [expected]


def test_hosting_still_to_come_is_no_contact() -> None:
    for text in (
        "President Orlov will host Prime Minister Lena Berg of Sweden for an official visit.",
        "President Orlov is expected to receive Secretary Ruiz on Friday.",
    ):
        assert propose(text, published="2031-10-12", registry=REG) == [], text


@pytest.mark.parametrize(
    "text",
    [
        '"Yesterday I spoke with Foreign Minister Petrova," Secretary Ruiz told reporters on'
        " Thursday.",
        'Secretary Ruiz said on Thursday: "Yesterday I met Foreign Minister Petrova."',
    ],
)
def test_yesterday_in_a_quote_counts_from_the_speech(text: str) -> None:
    props = propose(text, published="2031-10-12", registry=REG)
    assert [(p.date, [x.label for x in p.parties]) for p in props] == [
        ("2031-10-08", ["Ana Ruiz", "Olga Petrova"])
    ]


def test_a_contact_still_to_come_in_a_quote_is_only_the_statement() -> None:
    text = '"Tomorrow I will meet Foreign Minister Petrova," Secretary Ruiz told reporters on Thursday.'
    props = propose(text, published="2031-10-12", registry=REG)
    assert brief(props) == [
        ("statement", "2031-10-09", [("Ana Ruiz", "speaker"), ("Olga Petrova", "about")])
    ]


def test_telephone_talks_dated_before_between_and_a_second_pair() -> None:
    text = (
        "The ministry welcomed the telephone talks on November 24 between Secretary Ruiz and"
        " Foreign Minister Petrova as well as between President Orlov and Foreign Secretary Ward."
    )
    props = propose(text, published="2031-11-28", registry=REG)
    assert brief(props) == [
        (
            "phone_call",
            "2031-11-24",
            [("Ana Ruiz", "participant"), ("Olga Petrova", "participant")],
        ),
        ("phone_call", "2031-11-24", [("Ivan Orlov", "participant"), ("Tom Ward", "participant")]),
    ]
    assert [p.rule for p in props] == ["nominal.dated_between", "nominal.also_between"]
    # the same words of talks still to come, and a "between" that is no contact
    for text in (
        "Talks on Monday between Secretary Ruiz and Foreign Minister Petrova are expected to"
        " focus on trade.",
        "Differences between Secretary Ruiz and Foreign Minister Petrova remain, as well as"
        " between President Orlov and Foreign Secretary Ward.",
    ):
        assert propose(text, published="2031-11-28", registry=REG) == [], text
