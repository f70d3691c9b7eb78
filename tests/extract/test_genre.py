"""The genre's rules beyond the first corpus: names after a title or "counterpart", names
without a title, who asked for a call told in a later sentence, reported contacts that the
text denies, attributions and contents that are not statements, nominal contacts, stray
datelines. Fixtures are short readouts and stories written for these tests."""

from __future__ import annotations

from tracker.extract import Actor, Office, build, propose

REG = build(
    [
        Actor("ana-ruiz", "Ana Ruiz", "person", "USA", ("Ruiz", "Secretary Ruiz")),
        Actor("olga-petrova", "Olga Petrova", "person", "RUS", ("Petrova",)),
        Actor("usa", "United States", "state", "USA", ("US", "U.S.")),
        Actor("russia", "Russia", "state", "RUS", ("Moscow",)),
    ],
    [
        Office("ana-ruiz", "Secretary of State", (), None, "USA", "2030-01-20", None),
        Office("olga-petrova", "Foreign Minister", (), None, "RUS", "2025-01-01", None),
    ],
    [],
)
EMPTY = build([], [], [])


def brief(props: list) -> list[tuple[str, str, list[tuple[str, str]]]]:
    return [(p.type, p.date, [(x.label, x.role) for x in p.parties]) for p in props]


def news(props: list) -> list[dict]:
    return [x.new.to_json() for p in props for x in p.parties if x.new is not None]


def test_a_name_after_a_title_and_its_description_is_the_person() -> None:
    text = (
        "Secretary Ruiz met today with the Foreign Minister of the Kingdom of Norland,"
        " Prince Karim bin Tariq Al Nasser."
    )
    props = propose(text, published="2031-04-02", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-04-02", [("Ana Ruiz", "participant"),
                                   ("Prince Karim bin Tariq Al Nasser", "participant")])
    ]  # fmt: skip
    text = "Secretary Ruiz also met UN special envoy on the Sahel crisis, Amadou Diallo, in Dakar."
    props = propose(text, published="2031-04-02", registry=REG)
    assert [p.label for p in props[0].parties] == ["Ana Ruiz", "Amadou Diallo"]


def test_counterpart_with_a_name_is_that_person_of_that_country() -> None:
    text = "Earlier in the day, Secretary Ruiz held talks with her South African counterpart Thandi Mokoena."
    props = propose(text, published="2031-04-02", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-04-02", [("Ana Ruiz", "participant"), ("Thandi Mokoena", "participant")])
    ]
    assert news(props) == [
        {"name": "Thandi Mokoena", "kind": "person", "country": "ZAF", "aliases": ["Mokoena"]}
    ]


def test_a_name_without_a_title_is_a_proposed_person() -> None:
    text = (
        "Foreign Minister Olga Petrova on Friday held a phone conversation with Pierre Lamont,"
        " diplomatic adviser to the French president."
    )
    props = propose(text, published="2031-04-05", registry=REG)
    assert brief(props) == [
        ("phone_call", "2031-04-04", [("Olga Petrova", "participant"), ("Pierre Lamont", "participant")])
    ]  # fmt: skip


def test_date_between_held_and_the_call_and_initiator_in_a_later_sentence() -> None:
    text = (
        "MOSCOW, April 7. Foreign Minister Olga Petrova and U.S. Secretary of State Ana Ruiz held"
        " Monday a telephone conversation, during which they discussed the Arctic.\n"
        "As reported by the ministry, the conversation was initiated by the American side."
    )
    props = propose(text, published="2031-04-07", registry=REG)
    assert brief(props) == [
        ("phone_call", "2031-04-07", [("Olga Petrova", "recipient"), ("Ana Ruiz", "initiator")])
    ]
    on_initiative = propose(
        "Ruiz and Petrova spoke by phone on Tuesday. The conversation took place on the"
        " initiative of the Russian side.",
        published="2031-04-09", registry=REG,
    )  # fmt: skip
    assert brief(on_initiative) == [
        ("phone_call", "2031-04-08", [("Ana Ruiz", "recipient"), ("Olga Petrova", "initiator")])
    ]


def test_a_relative_clause_is_not_the_subject_s_verb() -> None:
    text = "Ruiz, who is in Moscow for a two-day visit, held talks with Petrova on Wednesday."
    props = propose(text, published="2031-04-10", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-04-09", [("Ana Ruiz", "participant"), ("Olga Petrova", "participant")])
    ]


def test_a_reported_contact_that_the_text_denies_is_not_proposed_and_the_denial_is() -> None:
    text = (
        "The Kremlin denied a report that Petrova and Ruiz had spoken.\n"
        "The Daily Ledger reported yesterday that Ruiz talked by phone on Thursday with Petrova.\n"
        "Kremlin spokesman Ivan Sorokin told journalists that the report was false, denying any"
        " phone call took place."
    )
    props = propose(text, published="2031-04-14", registry=REG)
    assert [p.type for p in props] == ["statement"]
    assert brief(props) == [
        ("statement", "2031-04-14", [("Ivan Sorokin", "speaker"), ("Ana Ruiz", "about"),
                                     ("Olga Petrova", "about")])
    ]  # fmt: skip
    assert props[0].rule.endswith(".denial")
    # the same report with no denial anywhere is a contact
    kept = propose(text.split("\n")[1], published="2031-04-14", registry=REG)
    assert [p.type for p in kept] == ["phone_call"]


def test_an_attribution_after_the_contact_and_the_contact_s_content_are_not_statements() -> None:
    text = (
        "Secretary Ruiz and Foreign Minister Petrova met in Vienna on Monday, spokesperson Mia Holt"
        " said in a press release.\n"
        "Ruiz said her country is willing to keep talking with Russia."
    )
    props = propose(text, published="2031-04-15", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-04-14", [("Ana Ruiz", "participant"), ("Olga Petrova", "participant")])
    ]


def test_said_before_the_contact_is_still_a_statement() -> None:
    text = "Spokesperson Mia Holt said Secretary Ruiz called Foreign Minister Petrova on Monday."
    props = propose(text, published="2031-04-15", registry=REG)
    assert [p.type for p in props] == ["phone_call", "statement"]


def test_a_meeting_named_in_a_statement_is_proposed_and_the_statement_is_not() -> None:
    text = (
        "Foreign Minister Petrova on Thursday said she reviewed ties with the United States at a"
        " bilateral meeting with Secretary of State Ana Ruiz here."
    )
    props = propose(text, published="2031-04-17", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-04-17", [("Olga Petrova", "participant"), ("Ana Ruiz", "participant")])
    ]


def test_nominal_contacts_with_their_own_date() -> None:
    text = (
        "The ministers built on discussions between President Tomas Varga of Hungary and"
        " Prime Minister Lena Berg of Sweden in Budapest on March 3.\n"
        "After Special Envoy Witold Nowak's March 30 visit to Moscow, the two sides agreed to meet."
    )
    props = propose(text, published="2031-04-20", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-03-03", [("Tomas Varga", "participant"), ("Lena Berg", "participant")]),
        ("visit", "2031-03-30", [("Witold Nowak", "visitor"), ("Russia", "host")]),
    ]


def test_the_same_new_person_named_two_ways_is_one_proposal() -> None:
    text = (
        "US Secretary of State Mark Dalton and Norwegian Foreign Minister Eva Lind met in Oslo.\n"
        '"Secretary of State Mark T. Dalton met today with Norwegian Foreign Minister Eva Lind in'
        ' Oslo," the spokesperson said.'
    )
    props = propose(text, published="2031-05-02", registry=EMPTY)
    assert [p.type for p in props] == ["meeting"]
    assert len(props[0].evidence) == 2


def test_warm_conversation_is_a_meeting_when_the_text_says_sidelines() -> None:
    text = (
        "Secretary Ruiz on Tuesday held a ''warm conversation'' with Foreign Minister Petrova.\n"
        "Ruiz, who is in London for a visit, held talks with Petrova on the sidelines of the"
        " G7 meeting."
    )
    props = propose(text, published="2031-05-07", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-05-06", [("Ana Ruiz", "participant"), ("Olga Petrova", "participant")])
    ]


def test_a_republisher_s_stray_dateline_does_not_move_today() -> None:
    text = (
        "Tuesday, 02 January 2029 12:17 GMT\n"
        "Secretary Ruiz's Call With Foreign Minister Petrova\n\n"
        "Secretary of State Ana Ruiz spoke with Foreign Minister Olga Petrova today."
    )
    props = propose(text, published="2031-06-03", registry=REG)
    assert [p.date for p in props] == ["2031-06-03"]
    near = propose(text.replace("2029", "2031").replace("02 January", "01 June"),
                   published="2031-06-03", registry=REG)  # fmt: skip
    assert [p.date for p in near] == ["2031-06-01"]


def test_the_two_defence_ministers_are_not_the_last_contact_s_pair() -> None:
    text = (
        "Secretary Ruiz held talks with Foreign Minister Petrova on Saturday.\n"
        "The two defence ministers on Friday discussed the security situation."
    )
    props = propose(text, published="2031-06-08", registry=REG)
    assert [p.date for p in props] == ["2031-06-07"]


def test_a_conversation_that_took_place_between_two_named_ministers() -> None:
    text = (
        "A phone conversation took place between the Ministers of Foreign Affairs of Russia and"
        " Norway Olga Petrova and Erik Dahl, the ministry said.\n"
        "During the conversation, the tension between Russia and Ukraine was discussed.\n"
        "The Russian FM also had phone talks with her Finnish counterpart Mikko Laine."
    )
    props = propose(text, published="2031-02-18", registry=REG)
    assert brief(props) == [
        ("phone_call", "2031-02-18", [("Olga Petrova", "participant"), ("Erik Dahl", "participant")]),
        ("phone_call", "2031-02-18", [("Olga Petrova", "participant"), ("Mikko Laine", "participant")]),
    ]  # fmt: skip


def test_a_title_after_the_name_describes_it_and_is_no_one_else() -> None:
    text = (
        "On November 14, Mr. Kenji Sato, Minister for Foreign Affairs, held talks with Dr. Li Ming,"
        " Minister of Foreign Affairs of the People's Republic of China, for 35 minutes."
    )
    props = propose(text, published="2030-11-14", registry=EMPTY)
    assert brief(props) == [
        ("meeting", "2030-11-14", [("Kenji Sato", "participant"), ("Li Ming", "participant")])
    ]
    assert [x.new.country for x in props[0].parties if x.new] == [None, "CHN"]


def test_a_meeting_and_working_lunch_and_the_ministry_s_readout_of_it() -> None:
    text = (
        "Norwegian Foreign Minister Erik Dahl on Wednesday held a meeting and working lunch with"
        " his Russian counterpart Olga Petrova in Moscow.\n"
        'The Ministry of Foreign Affairs of Norway in a statement said, "The two foreign ministers'
        ' concurred that they would increase cooperation."'
    )
    props = propose(text, published="2031-12-26", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-12-24", [("Erik Dahl", "participant"), ("Olga Petrova", "participant")])
    ]


def test_the_two_leaders_are_the_last_two_heads_named_not_the_ministers() -> None:
    text = (
        "There are no plans for President Tomas Varga and President Jan Novak to meet soon, an"
        " official said on October 21.\n"
        "Secretary Ruiz and Foreign Minister Petrova also have no plans to meet in person.\n"
        "The idea of a summit emerged during a call between the two leaders on October 17.\n"
        "It was expected that Ruiz and Petrova would meet. The two men held a phone call on"
        " October 20."
    )
    props = propose(text, published="2031-10-21", registry=REG)
    calls = [p for p in props if p.type == "phone_call"]
    assert brief(calls) == [
        ("phone_call", "2031-10-17", [("Tomas Varga", "participant"), ("Jan Novak", "participant")]),
        ("phone_call", "2031-10-20", [("Ana Ruiz", "participant"), ("Olga Petrova", "participant")]),
    ]  # fmt: skip


def test_a_name_then_a_comma_and_another_actor_is_not_a_group() -> None:
    text = (
        "Foreign Minister Olga Petrova held a telephone conversation with Secretary Ruiz, the"
        " Russian Foreign Ministry said on Friday."
    )
    props = propose(text, published="2031-09-15", registry=REG)
    assert [[x.label for x in p.parties] for p in props] == [["Olga Petrova", "Ana Ruiz"]]


def test_its_foreign_minister_and_his_counterpart_spoke() -> None:
    text = (
        "MOSCOW (Wire) - Russia said on Friday its foreign minister and his American counterpart"
        " spoke on the phone on Thursday, the first such contact in months."
    )
    props = propose(text, published="2031-02-28", registry=REG)
    calls = [p for p in props if p.type == "phone_call"]
    assert brief(calls) == [
        ("phone_call", "2031-02-27", [("Olga Petrova", "participant"), ("Ana Ruiz", "participant")])
    ]


def test_a_visit_to_each_country_named() -> None:
    text = "Before her Russia tour, Secretary Ruiz visited Laos and Cambodia on Monday."
    props = propose(text, published="2031-03-05", registry=REG)
    assert [[(x.label, x.role) for x in p.parties] for p in props] == [
        [("Ana Ruiz", "visitor"), ("Laos", "host")],
        [("Ana Ruiz", "visitor"), ("Cambodia", "host")],
    ]


def test_a_participle_clause_and_a_date_of_something_else() -> None:
    text = (
        "Ruiz, invited by Petrova, held talks with Petrova in Moscow.\n"
        "In Ramallah, Secretary Ruiz met with Palestinian Authority President Karim Nasser to"
        " ensure the events of October 7 are never repeated.\n"
        "In Cairo, Secretary Ruiz expressed appreciation for Egypt's role in facilitating the"
        " delivery of assistance to civilians during a meeting with Egyptian President Omar Fathy."
    )
    props = propose(text, published="2031-11-12", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-11-12", [("Ana Ruiz", "participant"), ("Olga Petrova", "participant")]),
        ("meeting", "2031-11-12", [("Ana Ruiz", "participant"), ("Karim Nasser", "participant")]),
        ("meeting", "2031-11-12", [("Ana Ruiz", "participant"), ("Omar Fathy", "participant")]),
    ]  # fmt: skip


def test_an_unknown_foreign_secretary_is_no_one_not_the_us_secretary() -> None:
    text = "The Foreign Secretary spoke to Russian Foreign Minister Petrova today."
    props = propose(text, published="2031-06-17", registry=REG)
    assert props == []  # Ana Ruiz is Secretary of State: not "the Foreign Secretary"


def test_a_long_name_with_particles_after_an_honorific() -> None:
    text = (
        "RIYADH - Prince Faisal bin Farhan bin Abdullah, Minister of Foreign Affairs of Saudi"
        " Arabia, received a phone call today from Secretary of State Ana Ruiz."
    )
    props = propose(text, published="2031-04-02", registry=REG)
    assert brief(props) == [
        ("phone_call", "2031-04-02", [("Faisal bin Farhan bin Abdullah", "recipient"),
                                      ("Ana Ruiz", "initiator")])
    ]  # fmt: skip
    assert [x.new.country for x in props[0].parties if x.new] == ["SAU"]


PM_REG = build(
    [
        Actor("lena-berg", "Lena Berg", "person", "SWE", ("Berg",)),
        Actor("tom-ward", "Tom Ward", "person", "AUS", ("Ward",)),
        Actor("sweden", "Sweden", "state", "SWE"),
        Actor("mia-holt", "Mia Holt", "person", "SWE", ("Holt",)),
    ],
    [
        Office("lena-berg", "Prime Minister of Sweden", (), None, "SWE", "2030-01-01", None),
        Office("tom-ward", "Prime Minister of Australia", (), None, "AUS", "2030-01-01", None),
        Office("mia-holt", "Spokesperson", (), None, "SWE", "2030-01-01", None),
    ],
    [],
)


def test_the_pm_and_a_counterpart_by_an_office_of_a_country() -> None:
    text = (
        "Australian PM Ward on Wednesday arrived in Malmo on a state visit to Sweden.\n"
        "Prime Minister Berg welcomed her Australian counterpart at the palace on Friday.\n"
        "The Australian PM on Friday also met External Affairs Minister Nils Ek."
    )
    props = propose(text, published="2031-03-10", registry=PM_REG)
    assert brief(props) == [
        ("visit", "2031-03-05", [("Tom Ward", "visitor"), ("Sweden", "host")]),
        ("meeting", "2031-03-07", [("Lena Berg", "host"), ("Tom Ward", "visitor")]),
        ("meeting", "2031-03-07", [("Tom Ward", "participant"), ("Nils Ek", "participant")]),
    ]


def test_a_spokesperson_s_readout_of_the_call_and_a_quote_dated_by_its_attribution() -> None:
    text = (
        "STOCKHOLM (Wire - 14th July, 2031) Prime Minister Berg and Prime Minister Ward in a"
        " telephone call discussed trade, spokesperson Mia Holt said in a statement.\n"
        '"Berg spoke today with Prime Minister Tom Ward.\n'
        'Prime Minister Berg and Prime Minister Ward discussed trade," Holt said in the statement'
        " on Monday.\n"
        '"Prime Minister Berg reiterated that Sweden seeks closer ties with Australia," Holt added'
        " in a statement."
    )
    props = propose(text, published="2031-07-15", registry=PM_REG)
    assert brief(props) == [
        ("phone_call", "2031-07-14", [("Lena Berg", "participant"), ("Tom Ward", "participant")])
    ]
    assert len(props[0].evidence) == 3
