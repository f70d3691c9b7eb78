"""References that a text resolves by itself, when the registry does not know the people
(issue 14, "cold"): "his Russian counterpart" and "the visiting Japanese Foreign Minister"
stand for the person of that country and office the text named before; a Japanese name is
written in either order; titles with a possessive, an "on" subject or a British spelling
("Prime Minister's Advisor on Foreign Affairs", "State Councillor"); and "X of Y" is someone
only when X is a person's noun ("the opening of", "the sidelines of" are not). Fixtures are
short texts written for these tests; every name in them is invented."""

from __future__ import annotations

import pytest

from tests.extract.test_unseen import REG, brief
from tracker.extract import propose
from tracker.extract.lexicon import title_class
from tracker.extract.registry import build

EMPTY = build([], [], [])


def test_his_counterpart_is_the_person_of_that_country_and_office_named_before() -> None:
    text = (
        "ISLAMABAD: Turkish Foreign Minister Emre Kaya arrived here on Tuesday.\n"
        "Foreign Minister Salman Qadir and his Turkish counterpart also had a brief meeting at"
        " the airbase."
    )
    props = propose(text, published="2031-04-08", registry=REG)
    meetings = [p for p in brief(props) if p[0] == "meeting"]
    assert meetings == [
        ("meeting", "2031-04-08", [("Salman Qadir", "participant"), ("Emre Kaya", "participant")])
    ]


def test_without_a_named_person_of_that_office_the_counterpart_stays_the_country() -> None:
    text = (
        "Foreign Minister Salman Qadir and his Turkish counterpart had a brief meeting on Tuesday."
    )
    props = propose(text, published="2031-04-08", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-04-08", [("Salman Qadir", "participant"), ("Turkey", "participant")])
    ]


def test_the_visiting_foreign_minister_is_the_one_named_before_in_either_order_of_her_name() -> (
    None
):
    text = (
        "KATHMANDU, May 6: Foreign Minister Hari Thapa and visiting Minister for Foreign Affairs"
        " of Japan, Mori Aiko, held bilateral talks on Sunday.\n"
        "Mori arrived in Nepal on Sunday noon at the invitation of Minister Thapa.\n"
        "Foreign Secretary Rita Gurung had welcomed the visiting Japanese Foreign Minister at the airport."
    )
    props = propose(text, published="2031-05-06", registry=EMPTY)
    assert brief(props) == [
        ("meeting", "2031-05-04", [("Hari Thapa", "participant"), ("Mori Aiko", "participant")]),
        ("visit", "2031-05-04", [("Mori Aiko", "visitor"), ("Nepal", "host")]),
        ("meeting", "2031-05-04", [("Rita Gurung", "host"), ("Mori Aiko", "visitor")]),
    ]
    new = props[0].parties[1].new
    assert new is not None and new.country == "JPN"


@pytest.mark.parametrize(
    ("title", "cls"),
    [
        ("Minister for Foreign Affairs of Japan", "foreign_minister"),
        ("Minister of Foreign Affairs", "foreign_minister"),
        ("Prime Minister of Australia", "head_of_government"),
        ("Special Envoy of the Secretary-General for Yemen", "envoy"),
        ("Adviser on Foreign Affairs", "advisor"),
        ("State Councillor", "state_councilor"),
    ],
)
def test_a_title_s_class_is_its_longest_head_that_is_a_title(title: str, cls: str) -> None:
    assert title_class(title) == cls


@pytest.mark.parametrize(
    "text",
    [
        "Foreign Minister Sato Kenji today held talks with Norland Prime Minister's Advisor on"
        " Foreign Affairs Omar Haddad here on a range of bilateral issues.",
        "Foreign Minister Sato Kenji met Norland's Adviser on Foreign Affairs Omar Haddad today.",
    ],
)
def test_an_adviser_on_a_subject_is_named_by_the_name_after_the_subject(text: str) -> None:
    text = text.replace("Norland", "Pakistan")
    props = propose(text, published="2031-06-24", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-06-24", [("Sato Kenji", "participant"), ("Omar Haddad", "participant")])
    ]
    new = props[0].parties[1].new
    assert new is not None and new.country == "PAK" and new.office is not None
    assert new.office.endswith("on Foreign Affairs")


def test_an_envoy_on_a_subject_in_lower_case_keeps_the_name_after_the_comma() -> None:
    text = "Secretary Ruiz also met UN special envoy on the Sahel crisis, Amadou Diallo, in Dakar."
    props = propose(text, published="2031-04-02", registry=REG)
    assert [p.label for p in props[0].parties] == ["Ana Ruiz", "Amadou Diallo"]


def test_a_state_councillor_in_the_british_spelling_is_a_title() -> None:
    text = "Secretary Ruiz held talks with State Councillor Li Wen and Foreign Minister Zhao Min in Beijing."
    props = propose(text, published="2031-09-30", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-09-30",
         [("Ana Ruiz", "participant"), ("Li Wen", "participant"), ("Zhao Min", "participant")])
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "Secretary Ruiz welcomed the opening of the Norland Consulate in Mumbai.",
        "Secretary Ruiz held a series of bilateral meetings on Wednesday with her counterparts on"
        " the sidelines of the G20 Foreign Ministers Meet in New Delhi.",
    ],
)
def test_the_x_of_something_is_no_one(text: str) -> None:
    props = propose(text, published="2031-03-01", registry=REG)
    assert all(p.kind == "person" for prop in props for p in prop.parties), brief(props)


def test_the_x_of_a_state_is_someone_when_x_is_a_title_or_a_group_of_people() -> None:
    text = "Secretary Ruiz met with the heads of delegation from Japan and India today."
    props = propose(text, published="2031-03-01", registry=REG)
    assert [p.label for p in props[0].parties] == ["Ana Ruiz", "Japan", "India"]
    text = "Secretary Ruiz met the Foreign Minister of Japan Sato Kenji today."
    props = propose(text, published="2031-03-01", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-03-01", [("Ana Ruiz", "participant"), ("Sato Kenji", "participant")])
    ]


@pytest.mark.parametrize(
    ("text", "name", "office"),
    [
        # a place no table codes (Kosovo has no ISO 3166-1 code): the title ends at it
        ("Secretary Ruiz spoke with President of Kosovo Arben Krasniqi on Friday.",
         "Arben Krasniqi", "President of Kosovo"),
        # a subject after the country ("for Ukraine Negotiations"), with or without a country first
        ("Secretary Ruiz met US Special Representative for Ukraine Negotiations Carl Volk on Friday.",
         "Carl Volk", "Special Representative for Ukraine Negotiations"),
        ("Secretary Ruiz met the Special Representative for Ukraine Negotiations Carl Volk on Friday.",
         "Carl Volk", "Special Representative for Ukraine Negotiations"),
        # an organisation, then the name; particles in lower case inside the name
        ("Secretary Ruiz met President of the European Commission Anna von der Berg on Friday.",
         "Anna von der Berg", "President of the European Commission"),
    ],
)  # fmt: skip
def test_the_name_after_a_title_s_of_or_for_part_is_the_person(
    text: str, name: str, office: str
) -> None:
    props = propose(text, published="2031-02-22", registry=REG)
    assert [p.label for p in props[0].parties] == ["Ana Ruiz", name]
    new = props[0].parties[1].new
    assert new is not None and new.office == office


def test_the_office_alone_is_the_person_who_held_it_in_the_text_and_a_courtesy_is_no_name() -> None:
    text = (
        "External Affairs Minister Dr R Mehta held talks on Wednesday with Foreign Minister"
        " Dr. Ana Lopez.\n"
        "The External Affairs Minister also met his Mexico counterpart, Marco Ruelas."
    )
    props = propose(text, published="2031-03-05", registry=EMPTY)
    assert brief(props) == [
        ("meeting", "2031-03-05", [("R Mehta", "participant"), ("Ana Lopez", "participant")]),
        ("meeting", "2031-03-05", [("R Mehta", "participant"), ("Marco Ruelas", "participant")]),
    ]


def test_counterparts_from_several_states_are_named_by_the_later_sentences() -> None:
    text = (
        "Colombo, Mar 29 (PTI) External Affairs Minister R Mehta on Tuesday held a series of"
        " bilateral meetings with his counterparts from Nepal, Bhutan and Bangladesh.\n"
        '"Good to meet FM Hari Thapa of Nepal on the sidelines," he tweeted.\n'
        "Nepal's prime minister would travel to India on Friday.\n"
        "Mehta also met Bhutanese Foreign Minister Karma Wangdi here.\n"
        "He also held talks with his Bangladesh counterpart A K Abdul Karim on the sidelines."
    )
    props = propose(text, published="2031-03-29", registry=EMPTY)
    assert [[x.label for x in p.parties] for p in props] == [
        ["R Mehta", "Hari Thapa"],
        ["R Mehta", "Karma Wangdi"],
        ["R Mehta", "A K Abdul Karim"],
    ]
    assert all(p.type == "meeting" and p.date == "2031-03-25" for p in props)  # Tuesday
    assert [x.country for p in props for x in p.parties[1:]] == ["NPL", "BTN", "BGD"]


@pytest.mark.parametrize("adjective", ["Bhutanese", "Haitian", "Maldivian", "Togolese"])
def test_a_country_s_adjective_gives_a_new_person_that_country(adjective: str) -> None:
    text = f"Secretary Ruiz met {adjective} Foreign Minister Karma Wangdi on Monday."
    props = propose(text, published="2031-03-29", registry=REG)
    new = props[0].parties[1].new
    assert new is not None and new.name == "Karma Wangdi" and new.country is not None
