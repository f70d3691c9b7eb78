"""Rules of the genre found on a second held-out set of real readouts, ministry releases and
wire stories (issue 14): a foreign ministry's "telephone talk" with "the Honorable" a
secretary, a name written surname first, a pair's possessive contact, a contact named in
passing between two leaders, a visit to a capital, "went straight into talks", a list after
"spoke with", "had an opportunity to speak", counterparts of countries then named, "Earlier,"
and the readouts of contacts that are not statements. Fixtures are short texts written for
these tests, in the genre's style; every name in them is invented."""

from __future__ import annotations

from tracker.extract import Actor, Office, build, propose

REG = build(
    [
        Actor("ana-ruiz", "Ana Ruiz", "person", "USA", ("Ruiz", "Secretary Ruiz")),
        Actor("sato-kenji", "Sato Kenji", "person", "JPN", ("Sato", "Foreign Minister Sato")),
        Actor("olga-petrova", "Olga Petrova", "person", "RUS", ("Petrova",)),
        Actor("ivan-orlov", "Ivan Orlov", "person", "RUS", ("Orlov", "President Orlov")),
        Actor("tom-ward", "Tom Ward", "person", "GBR", ("Ward",)),
        Actor("usa", "United States", "state", "USA", ("US", "U.S.")),
        Actor("china", "China", "state", "CHN", ("PRC",)),
        Actor("turkey", "Turkey", "state", "TUR", ("Türkiye",)),
    ],
    [
        Office("ana-ruiz", "Secretary of State", (), None, "USA", "2030-01-20", None),
        Office("sato-kenji", "Minister for Foreign Affairs", (), None, "JPN", "2030-01-01", None),
        Office("olga-petrova", "Foreign Minister", (), None, "RUS", "2025-01-01", None),
        Office("ivan-orlov", "President", (), None, "RUS", "2025-01-01", None),
        Office("tom-ward", "Foreign Secretary", (), None, "GBR", "2029-01-01", None),
    ],
    [],
)


def brief(props: list) -> list[tuple[str, str | None, list[tuple[str, str]]]]:
    return [(p.type, p.date, [(x.label, x.role) for x in p.parties]) for p in props]


def test_a_ministry_s_telephone_talk_with_the_honorable_and_a_surname_first_name() -> None:
    text = (
        "On May 3, commencing at 9:00 a.m. for approximately 20 minutes, Mr. SATO Kenji,"
        " Minister for Foreign Affairs, held a Japan-U.S. Foreign Ministers' telephone talk with"
        " the Honorable Ana Ruiz, Secretary of State of the United States of America."
    )
    props = propose(text, published="2031-05-03", registry=REG)
    assert brief(props) == [
        ("phone_call", "2031-05-03", [("Sato Kenji", "participant"), ("Ana Ruiz", "participant")])
    ]
    assert props[0].rule == "contact.held_with"


def test_a_pair_s_earlier_meeting_is_its_own_contact_not_today_s() -> None:
    text = (
        "Foreign Secretary Tom Ward hosted Secretary of State Ana Ruiz in London today.\n"
        "Today's meeting followed on from Secretary Ruiz and Foreign Secretary Ward's meeting"
        " in Oslo last week."
    )
    props = propose(text, published="2031-03-12", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-03-12", [("Tom Ward", "host"), ("Ana Ruiz", "visitor")]),
        ("meeting", "2031-03", [("Ana Ruiz", "participant"), ("Tom Ward", "participant")]),
    ]
    assert props[1].rule == "nominal.possessive_pair"


def test_a_telephone_conversation_between_two_leaders_named_in_passing() -> None:
    text = (
        "The ministry said that, following a telephone conversation between Russian leader Ivan"
        " Orlov and US Secretary of State Ana Ruiz on 12 February, the sides agreed to keep a"
        " channel open."
    )
    props = propose(text, published="2031-02-15", registry=REG)
    assert brief(props) == [
        ("phone_call", "2031-02-12", [("Ivan Orlov", "participant"), ("Ana Ruiz", "participant")])
    ]
    assert props[0].rule == "nominal.between"


def test_a_visit_to_a_capital_is_a_visit_to_its_state() -> None:
    text = "Secretary of State Ana Ruiz arrived in Beijing on Sunday for talks with officials."
    props = propose(text, published="2031-06-15", registry=REG)
    assert brief(props) == [("visit", "2031-06-15", [("Ana Ruiz", "visitor"), ("China", "host")])]
    # a city the text names as where a contact happened is its location, not a party
    text = "Secretary Ruiz met Foreign Minister Petrova in Beijing today."
    props = propose(text, published="2031-06-15", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-06-15", [("Ana Ruiz", "participant"), ("Olga Petrova", "participant")])
    ]


def test_landed_and_went_straight_into_talks() -> None:
    text = (
        "Secretary of State Ana Ruiz landed in Ankara late on Thursday and went straight into"
        " talks with Foreign Minister Olga Petrova at the airport, an official said."
    )
    props = propose(text, published="2031-06-13", registry=REG)
    assert brief(props) == [
        ("visit", "2031-06-12", [("Ana Ruiz", "visitor"), ("Turkey", "host")]),
        ("meeting", "2031-06-12", [("Ana Ruiz", "participant"), ("Olga Petrova", "participant")]),
    ]
    assert props[1].rule == "contact.into_talks"


def test_had_an_opportunity_and_picked_up_the_phone_to_a_list() -> None:
    text = (
        '"After Secretary Ruiz had an opportunity to speak with Foreign Minister Petrova, she'
        " then immediately picked up the phone and spoke with NATO Secretary General Lars Holm,"
        ' OSCE Chairman-in-Office Piotr Nowak, and EU High Representative Elena Sanz," the'
        " spokesperson said."
    )
    props = propose(text, published="2031-02-01", registry=REG)
    assert brief(props) == [
        (
            "phone_call",
            "2031-02-01",
            [("Ana Ruiz", "participant"), ("Olga Petrova", "participant")],
        ),
        ("phone_call", "2031-02-01", [("Ana Ruiz", "participant"), ("Lars Holm", "participant")]),
        ("phone_call", "2031-02-01", [("Ana Ruiz", "participant"), ("Piotr Nowak", "participant")]),
        ("phone_call", "2031-02-01", [("Ana Ruiz", "participant"), ("Elena Sanz", "participant")]),
    ]
    assert [p.rule for p in props] == ["contact.opportunity"] + ["contact.picked_up_phone"] * 3
    assert not props[1].type_uncertain
    # what is still to come is no contact
    text = "I do expect that she will have an opportunity in the coming days to speak to Petrova."
    assert propose(text, published="2031-02-01", registry=REG) == []


def test_counterparts_of_countries_then_named_are_one_meeting() -> None:
    text = (
        "WASHINGTON — Secretary of State Ana Ruiz said on Wednesday she had constructive talks"
        " with her counterparts from Japan and Russia.\n"
        "Ruiz met with Foreign Minister Sato Kenji and Foreign Minister Olga Petrova, Ruiz said."
    )
    props = propose(text, published="2031-11-19", registry=REG)
    assert [(p.type, p.date, sorted(x.label for x in p.parties)) for p in props] == [
        ("meeting", "2031-11-19", ["Ana Ruiz", "Olga Petrova", "Sato Kenji"])
    ]


def test_a_list_subject_with_a_serial_comma_and_an_organisation_is_multilateral() -> None:
    text = (
        "Secretary of State Ana Ruiz, Foreign Ministers of the Gulf Cooperation Council member"
        " states, and the GCC Secretary General Omar Haddad met in Riyadh on June 7, 2031, to"
        " celebrate their ties."
    )
    props = propose(text, published="2031-06-07", registry=REG)
    assert brief(props) == [
        ("multilateral_meeting", "2031-06-07", [("Ana Ruiz", "participant"),
                                                ("Gulf Cooperation Council", "participant"),
                                                ("Omar Haddad", "participant")])
    ]  # fmt: skip


def test_an_alias_the_analyst_registered_names_its_person_not_an_office() -> None:
    reg = build(
        [
            Actor("ana-ruiz", "Ana Ruiz", "person", "USA", ("Ruiz", "the Secretary")),
            Actor("aram-sarkis", "Aram Sarkis", "person", "ARM", ("the leader of Armenia",)),
        ],
        [Office("ana-ruiz", "Secretary of State", (), None, "USA", "2030-01-20", None)],
        [],
    )
    text = "The Secretary did have an opportunity today to speak to the leader of Armenia."
    props = propose(text, published="2031-01-18", registry=reg)
    assert brief(props) == [
        ("phone_call", "2031-01-18", [("Ana Ruiz", "participant"), ("Aram Sarkis", "participant")])
    ]


def test_counterparts_met_on_a_day_then_named_and_a_possessive_date_is_not_the_contact_s() -> None:
    text = (
        "Secretary of State Ana Ruiz on Sunday (local time) met with her counterparts from Japan"
        " and Russia in Berlin where they discussed the situation.\n"
        "Ruiz met with Foreign Minister Sato Kenji and Foreign Minister Olga Petrova.\n"
        "Earlier, Ruiz also met with Foreign Secretary Tom Ward in Berlin.\n"
        "The spokesperson said the two discussed this week's ministerial meetings."
    )
    props = propose(text, published="2031-05-13", registry=REG)
    assert [(p.type, p.date, sorted(x.label for x in p.parties)) for p in props] == [
        ("meeting", "2031-05-11", ["Ana Ruiz", "Olga Petrova", "Sato Kenji"]),
        ("meeting", "2031-05-11", ["Ana Ruiz", "Tom Ward"]),
    ]


def test_a_readout_of_what_the_parties_did_is_not_a_statement() -> None:
    text = (
        '"The heads of the foreign ministries discussed bilateral issues," the Russian Foreign'
        " Ministry said in a statement.\n"
        "Foreign Minister Olga Petrova and Secretary of State Ana Ruiz met on the sidelines of"
        " the conference on Saturday.\n"
        "The ministry also stated that the parties agreed to organise a meeting of experts soon."
    )
    props = propose(text, published="2031-02-16", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-02-15", [("Olga Petrova", "participant"), ("Ana Ruiz", "participant")])
    ]
    # an on-record position is still one
    text = "Foreign Minister Olga Petrova said on Monday that the sanctions were unlawful."
    props = propose(text, published="2031-02-17", registry=REG)
    assert [(p.type, p.date) for p in props] == [("statement", "2031-02-17")]


def test_two_states_foreign_ministers_are_the_office_holders() -> None:
    text = (
        "WASHINGTON (Wire) - The U.S. and Russian foreign ministers spoke by telephone about"
        " Syria, the State Department said on Monday."
    )
    props = propose(text, published="2031-01-13", registry=REG)
    assert brief(props) == [
        ("phone_call", "2031-01-13", [("Ana Ruiz", "participant"), ("Olga Petrova", "participant")])
    ]
    # a state whose holder the registry does not know: no guess
    text = "The U.S. and Chinese foreign ministers spoke by telephone, the ministry said."
    props = propose(text, published="2031-01-13", registry=REG)
    assert [p.type for p in props] == []


def test_remarks_a_participant_made_at_the_contact_are_its_content() -> None:
    text = (
        '"We have been meeting quite often lately," Petrova said.\n'
        "Russian and U.S. Foreign Ministers met on the sidelines of the conference on Saturday."
    )
    props = propose(text, published="2031-02-15", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-02-15", [("Olga Petrova", "participant"), ("Ana Ruiz", "participant")])
    ]
    # a message on something else, the day the speaker also made calls, is a statement
    text = (
        "First, a message from Secretary Ana Ruiz on the election of the new UN Secretary-General"
        " Mara Lind.\n"
        "This morning, Secretary Ruiz spoke with Foreign Minister Petrova."
    )
    props = propose(text, published="2031-02-15", registry=REG)
    assert [p.type for p in props] == ["statement", "phone_call"]


def test_two_offices_joined_by_a_slash_and_a_definite_office_is_the_person_named() -> None:
    empty = build([], [], [])
    text = (
        "Secretary of State Ana Ruiz spoke today with Pakistani Deputy Prime Minister/Foreign"
        " Minister Omar Haddad.\n"
        "In a phone call with Egyptian Foreign Minister Sami Farouk, Ruiz said the talks must go"
        " on.\n"
        "The Egyptian foreign minister said the country is willing to help."
    )
    props = propose(text, published="2031-04-07", registry=empty)
    assert [(p.type, p.date, [x.label for x in p.parties]) for p in props] == [
        ("phone_call", "2031-04-07", ["Ana Ruiz", "Omar Haddad"]),
        ("phone_call", "2031-04-07", ["Ana Ruiz", "Sami Farouk"]),
    ]
    dar = props[0].parties[1].new
    assert dar is not None and (dar.country, dar.office) == (
        "PAK",
        "Deputy Prime Minister/Foreign Minister",
    )


def test_a_quote_after_a_dated_briefing_counts_today_from_the_briefing() -> None:
    text = (
        "Spokesperson Mia Holt expects that Secretary Ruiz will speak with President Orlov soon."
        " Holt stated this at Wednesday's Department press briefing.\n"
        "“The Secretary did have an opportunity today to speak to Foreign Minister Petrova. I do"
        " expect that she will have an opportunity in the coming days to speak to President"
        " Orlov,” the spokesperson said."
    )
    props = propose(text, published="2031-01-16", registry=REG)
    assert [(p.type, p.date) for p in props] == [
        ("statement", "2031-01-15"),
        ("phone_call", "2031-01-15"),
    ]
    assert [x.label for x in props[1].parties] == ["Ana Ruiz", "Olga Petrova"]


def test_met_at_the_airport_by_is_a_meeting_the_other_hosts() -> None:
    text = (
        "Secretary of State Ana Ruiz arrived in Tokyo on Thursday. She was met at the airport by"
        " Foreign Minister Sato Kenji."
    )
    props = propose(text, published="2031-10-12", registry=REG)
    assert brief(props) == [
        ("visit", "2031-10-09", [("Ana Ruiz", "visitor"), ("Japan", "host")]),
        ("meeting", "2031-10-09", [("Ana Ruiz", "visitor"), ("Sato Kenji", "host")]),
    ]


def test_officials_of_one_country_consulting_is_no_diplomatic_contact() -> None:
    reg = build(
        [
            Actor("ana-ruiz", "Ana Ruiz", "person", "USA", ("Ruiz", "Secretary Ruiz")),
            Actor("joe-hale", "Joe Hale", "person", "USA", ("Hale", "President Hale")),
            Actor("olga-petrova", "Olga Petrova", "person", "RUS", ("Petrova",)),
        ],
        [],
        [],
    )
    text = (
        "Secretary Ruiz met with President Hale at the White House today.\n"
        "Secretary Ruiz spoke today with Foreign Minister Olga Petrova."
    )
    props = propose(text, published="2031-03-03", registry=reg)
    assert brief(props) == [
        ("phone_call", "2031-03-03", [("Ana Ruiz", "participant"), ("Olga Petrova", "participant")])
    ]
