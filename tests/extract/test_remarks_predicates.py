"""Trip remarks (written for these tests, in HistoryAtState's style): a later predicate of
the traveller's, lists whose items open with a body's or a party's name, particles that
open a name, and a given name that tells two people with one surname apart."""

from __future__ import annotations

import pytest

from tracker.extract import Actor, build
from tracker.extract.pipeline import propose
from tracker.extract.remarks import predicates, propose_remarks

REG = build(
    [
        Actor("ana-ruiz", "Ana Ruiz", "person", "USA", ("Ruiz",)),
        Actor("lyle-b-marsh", "Lyle B. Marsh", "person", "GBR"),
        Actor("omar-zayed-al-tamimi", "Omar bin Zayed Al Tamimi", "person", "ARE"),
        Actor("abdel-karim-haddad", "Abdel Karim Haddad", "person", "EGY"),
        Actor("michael-brandt", "Michael Brandt", "person", "DEU"),
        Actor("paul-roche-vallon", "Paul Roche d'Vallon", "person", "FRA"),
        Actor("freedonia", "Freedonia", "state", "FRE"),
        Actor("prince-vorn", "Prince Vorn", "person", "KHM"),
        Actor("king-omar", "King Omar", "person", "SAU"),
        Actor("crown-prince-said-bin-ali", "Crown Prince Said bin Ali", "person", "SAU"),
        Actor("chancellor-krebs", "Chancellor Krebs", "person", "DEU"),
    ],
    [],
    [],
)
DAY = "2031-05-02"


def met(text: str) -> list[list[str]]:
    props = propose_remarks(text, day=DAY, traveller="ana-ruiz", registry=REG)
    assert all(p.type in ("meeting", "multilateral_meeting") and p.date == DAY for p in props)
    return [[x.actor or f"new:{x.label}" for x in p.parties] for p in props]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("State visit; met with President Tomas Ek.", [["ana-ruiz", "new:Tomas Ek"]]),
        (
            "Addressed the National Assembly and met with Prime Minister Ilse Varga.",
            [["ana-ruiz", "new:Ilse Varga"]],
        ),
        (
            "Met with business leaders, addressed the Chamber of Commerce, and met with"
            " Foreign Minister Ilse Varga.",
            [["ana-ruiz", "new:Ilse Varga"]],
        ),
        (
            "Met with President Tomas Ek and discussed trade with Foreign Minister Ilse Varga.",
            [["ana-ruiz", "new:Tomas Ek"], ["ana-ruiz", "new:Ilse Varga"]],
        ),
    ],
)
def test_a_later_predicate_of_the_traveller_s_is_read(text: str, expected: list) -> None:
    assert met(text) == expected


def test_predicates_keep_the_text_s_length_and_its_other_words() -> None:
    text = "Official visit; met with President Ek and visited U.S. military personnel."
    out = predicates(text)
    assert out == "Official visit. Met with President Ek and visited U.S. military personnel."
    assert len(out) == len(text)
    # quotes come from the remarks as written
    (prop,) = propose_remarks(text, day=DAY, traveller="ana-ruiz", registry=REG)
    assert prop.quote(text) == "met with President Ek and visited U.S. military personnel."


def test_no_later_predicate_no_meeting() -> None:
    assert met("Toured the port; addressed the National Assembly.") == []
    assert met("State visit; attended the state dinner and laid a wreath.") == []


def test_list_items_that_open_with_a_party_or_a_body_are_people() -> None:
    assert met(
        "Met with Prime Minister Ilse Varga, President Tomas Ek, and Green Party leader Jana Holm."
    ) == [["ana-ruiz", "new:Ilse Varga", "new:Tomas Ek", "new:Jana Holm"]]
    assert met(
        "Met with President Tomas Ek, Northern Freedonian leader Karl Moss, and UN Special"
        " Adviser Per Lund."
    ) == [["ana-ruiz", "new:Tomas Ek", "new:Karl Moss", "new:Per Lund"]]


def test_a_name_that_opens_with_its_particle_after_a_title() -> None:
    assert met("Met with President da Costa and Foreign Minister de Vries.") == [
        ["ana-ruiz", "new:da Costa", "new:de Vries"]
    ]
    assert met("Met with Prime Minister Roche d'Vallon.") == [["ana-ruiz", "paul-roche-vallon"]]


def test_discussed_a_state_with_someone_is_a_meeting_with_them_not_the_state() -> None:
    assert met("Discussed the Freedonia border with Foreign Minister Ilse Varga.") == [
        ["ana-ruiz", "new:Ilse Varga"]
    ]


@pytest.mark.parametrize(
    ("text", "who"),
    [
        # another given name: another person, though the surname is a known one's
        ("Met with Prime Minister Boris Marsh.", "new:Boris Marsh"),
        ("Met with Foreign Minister Khalid bin Zayed Al Tamimi.", "new:Khalid bin Zayed Al Tamimi"),
        # the same given name, an initial, a short form, another spelling: the known one
        ("Met with Minister Lyle Marsh.", "lyle-b-marsh"),
        ("Met with Minister L. Marsh.", "lyle-b-marsh"),
        ("Met with Minister Mike Brandt.", "michael-brandt"),
        ("Met with Minister Abdul Karim Haddad.", "abdel-karim-haddad"),
        ("Met with Minister Haddad.", "abdel-karim-haddad"),
    ],
)
def test_a_given_name_tells_two_people_of_one_surname_apart(text: str, who: str) -> None:
    assert met(text) == [["ana-ruiz", who]]


def test_the_given_name_rule_holds_in_a_readout_too() -> None:
    (prop,) = propose(
        "Secretary Ana Ruiz met with Prime Minister Boris Marsh today in Berlin.",
        published=DAY,
        registry=REG,
    )
    assert [p.actor or p.label for p in prop.parties] == ["ana-ruiz", "Boris Marsh"]


def test_a_surname_of_another_country_s_person_is_someone_new() -> None:
    assert met("Met with Italian Foreign Minister Brandt.") == [["ana-ruiz", "new:Brandt"]]
    assert met("Met with German Foreign Minister Brandt.") == [["ana-ruiz", "michael-brandt"]]


@pytest.mark.parametrize(
    ("text", "who"),
    [
        # a royal's name is a given name: no surname of anyone's
        ("Met with Foreign Minister Prince Talal bin Omar.", "new:Prince Talal bin Omar"),
        ("Met with Foreign Minister Omar.", "new:Omar"),
        ("Met with Prime Minister Vorn Sen.", "new:Vorn Sen"),
        # the name after a royal's title names them
        ("Met with Crown Prince and Prime Minister Said bin Ali.", "crown-prince-said-bin-ali"),
        # a visitor the registry knows by an office and a surname
        ("Met with Chancellor Krebs.", "chancellor-krebs"),
        ("Met with Chancellor Otto Krebs.", "chancellor-krebs"),
    ],
)
def test_royal_and_office_words_in_registered_names(text: str, who: str) -> None:
    assert met(text) == [["ana-ruiz", who]]


def test_a_speaker_is_a_title_in_a_list() -> None:
    assert met(
        "Met with Prime Minister Ilse Varga, Council of Representatives Speaker Jan Olde, and"
        " Foreign Minister Tomas Ek."
    ) == [["ana-ruiz", "new:Ilse Varga", "new:Jan Olde", "new:Tomas Ek"]]


def test_a_royal_s_one_name_is_not_someone_else_s_surname() -> None:
    royal = build(
        [*REG.actors.values(), Actor("rosa-vorn-hassan", "Rosa Vorn Hassan", "person", "TZA")],
        [],
        [],
    )
    props = propose_remarks(
        "Discussed the peace process with Crown Prince Hassan. Met with President Hassan.",
        day=DAY, traveller="ana-ruiz", registry=royal,
    )  # fmt: skip
    assert [[x.actor or f"new:{x.label}" for x in p.parties] for p in props] == [
        ["ana-ruiz", "new:Crown Prince Hassan"],
        ["ana-ruiz", "rosa-vorn-hassan"],  # a president's one name may be a surname
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a list's unnamed end ("and regional leaders") is no one, the named ones are
        (
            "Met with President Ilse Varga, Prime Minister Tomas Ek and regional leaders.",
            ["new:Ilse Varga", "new:Tomas Ek"],
        ),
        (
            "Met with President Ilse Varga, Prime Minister Tomas Ek, and other officials.",
            ["new:Ilse Varga", "new:Tomas Ek"],
        ),
        # two titles joined by "and" before one name
        (
            "Met with President Ilse Varga, Foreign Minister and Alternate Prime Minister Jan"
            " Olde, and Defense Minister Per Lund.",
            ["new:Ilse Varga", "new:Jan Olde", "new:Per Lund"],
        ),
        # "Sheikh" inside a name
        ("Met with President Hassan Sheikh Omar.", ["new:Hassan Sheikh Omar"]),
    ],
)
def test_lists_of_the_remarks(text: str, expected: list[str]) -> None:
    assert met(text) == [["ana-ruiz", *expected]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Briefed King Omar on the peace talks.", [["ana-ruiz", "king-omar"]]),
        ("State visit; called on King Omar.", [["ana-ruiz", "king-omar"]]),
        ("Audience with Pope Leo XIV.", [["ana-ruiz", "new:Pope Leo XIV"]]),
        (
            "Met with President dos Reis and negotiator Tho.",
            [["ana-ruiz", "new:dos Reis", "new:Tho"]],
        ),
        # not the traveller's own words for a meeting
        ("Was briefed by embassy officials.", []),
        ("Attended a briefing on the peace talks.", []),
    ],
)
def test_a_trip_s_other_words_for_a_meeting(text: str, expected: list) -> None:
    assert met(text) == expected


@pytest.mark.parametrize(
    ("text", "name", "office"),
    [
        (
            "Met with Freedonian Aide to the President Ivo Marr.",
            "Ivo Marr",
            "Aide to the President",
        ),
        (
            "Met with Aide to the President of Russia Ivo Marr.",
            "Ivo Marr",
            "Aide to the President of Russia",
        ),
        (
            "Met with Ambassador to the United Nations Ivo Marr.",
            "Ivo Marr",
            "Ambassador to the United Nations",
        ),
        (
            "Met with Assistant to the President for National Security Affairs Ivo Marr.",
            "Ivo Marr",
            "Assistant to the President for National Security Affairs",
        ),
    ],
)
def test_an_aide_to_the_president_is_no_president(text: str, name: str, office: str) -> None:
    (prop,) = propose_remarks(text, day=DAY, traveller="ana-ruiz", registry=REG)
    new = prop.parties[1].new
    assert new is not None and (new.name, new.office) == (name, office)


def test_abbreviated_titles() -> None:
    assert met("Met with Gen. Ivo Marr, Sen. Jan Olde and Lt. Gen. Per Lund.") == [
        ["ana-ruiz", "new:Ivo Marr", "new:Jan Olde", "new:Per Lund"]
    ]
