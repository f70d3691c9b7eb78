"""Rules of the genre found on unseen readouts and wire stories: a readout republished on
one line after its provenance, "According to X," before a contact, hard-wrapped wire copy,
"in a phone call with", "... during a telephone conversation", names between dashes, an
appositive of membership or of a trip between subject and verb, reports a denial disputes
told after the contact, a teleconference. Fixtures are short texts written for these tests."""

from __future__ import annotations

from tracker.extract import Actor, Office, build, propose

REG = build(
    [
        Actor("ana-ruiz", "Ana Ruiz", "person", "USA", ("Ruiz", "Secretary Ruiz")),
        Actor("olga-petrova", "Olga Petrova", "person", "RUS", ("Petrova",)),
        Actor("li-wen", "Li Wen", "person", "CHN", ("Li",)),
        Actor("jean-morel", "Jean Morel", "person", "FRA", ("Morel",)),
        Actor("kremlin", "Kremlin", "government_body", "RUS", ()),
        Actor("usa", "United States", "state", "USA", ("US", "U.S.")),
        Actor("russia", "Russia", "state", "RUS", ("Moscow",)),
        Actor("france", "France", "state", "FRA", ()),
    ],
    [
        Office("ana-ruiz", "Secretary of State", (), None, "USA", "2030-01-20", None),
        Office("olga-petrova", "Foreign Minister", (), None, "RUS", "2025-01-01", None),
        Office("li-wen", "Foreign Minister", (), None, "CHN", "2025-01-01", None),
        Office("jean-morel", "Foreign Minister", (), None, "FRA", "2025-01-01", None),
    ],
    [],
)


def brief(props: list) -> list[tuple[str, str, list[tuple[str, str]]]]:
    return [(p.type, p.date, [(x.label, x.role) for x in p.parties]) for p in props]


def test_a_readout_on_one_line_after_its_provenance_is_read() -> None:
    text = (
        "The below is attributable to Spokesperson Tom Reed: Secretary of State Ana Ruiz spoke"
        " today with Foreign Minister Olga Petrova about the grain corridor."
    )
    props = propose(text, published="2031-03-02", registry=REG)
    assert brief(props) == [
        ("phone_call", "2031-03-02", [("Ana Ruiz", "participant"), ("Olga Petrova", "participant")])
    ]
    # the provenance alone is still no statement
    alone = propose(
        "The below is attributable to Spokesperson Tom Reed:", published="2031-03-02", registry=REG
    )
    assert alone == []


def test_according_to_a_source_the_clause_is_read() -> None:
    text = "According to the Kremlin, Olga Petrova and Li Wen met in Sochi on Friday."
    props = propose(text, published="2031-03-08", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-03-07", [("Olga Petrova", "participant"), ("Li Wen", "participant")])
    ]
    # according to media reports: second-hand, and a sentence that is only a source is nothing
    reported = "According to media reports, Olga Petrova and Li Wen met in Sochi on Friday."
    assert propose(reported, published="2031-03-08", registry=REG) == []


def test_hard_wrapped_wire_copy_is_one_sentence() -> None:
    text = (
        "Petrova speaks to Chinese counterpart\n"
        "MOSCOW — Russia's Foreign Minister Olga\n"
        "Petrova spoke with her Chinese counterpart Li Wen by video\n"
        "call on Monday, the ministry said.\n"
    )
    props = propose(text, published="2031-03-05", registry=REG)
    assert brief(props) == [
        ("video_call", "2031-03-03", [("Olga Petrova", "participant"), ("Li Wen", "participant")])
    ]
    quote = text[props[0].evidence[0][0] : props[0].evidence[0][1]]
    assert quote.startswith("MOSCOW — Russia's Foreign Minister Olga\nPetrova spoke")
    # a headline over a lead is not joined to it
    assert "speaks to" not in quote


def test_in_a_phone_call_with_someone_the_subject_after_the_comma_took_part() -> None:
    text = "- In a phone call with his French counterpart, Li Wen said Beijing wanted stable ties"
    props = propose(text, published="2031-03-05", registry=REG)
    assert brief(props) == [
        ("phone_call", "2031-03-05", [("Li Wen", "participant"), ("Jean Morel", "participant")])
    ]


def test_a_verb_to_someone_during_a_telephone_conversation_is_a_call() -> None:
    text = (
        "WASHINGTON (Reuters) - Secretary Ruiz voiced deep concerns to Olga Petrova on Friday"
        " about troops near the border during a telephone conversation, the State Department said."
    )
    props = propose(text, published="2031-03-08", registry=REG)
    assert brief(props) == [
        ("phone_call", "2031-03-07", [("Ana Ruiz", "participant"), ("Olga Petrova", "participant")])
    ]
    planned = (
        "Secretary Ruiz hopes to raise concerns with Olga Petrova during a telephone conversation."
    )
    assert propose(planned, published="2031-03-08", registry=REG) == []


def test_names_between_dashes_and_appositives_of_membership_or_a_trip() -> None:
    text = "The heads of the two foreign ministries – Olga Petrova and Li Wen – met in Sochi on Friday."
    props = propose(text, published="2031-03-08", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-03-07", [("Olga Petrova", "participant"), ("Li Wen", "participant")])
    ]
    text = (
        "Li Wen, member of the Political Bureau of the Communist Party of China Central Committee"
        " and Chinese foreign minister, held talks with Ana Ruiz in Washington on Thursday."
    )
    props = propose(text, published="2031-03-08", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-03-06", [("Li Wen", "participant"), ("Ana Ruiz", "participant")])
    ]
    text = (
        "Li Wen, on his first visit to the US capital since the new cabinet took office,"
        " met Secretary Ruiz on Tuesday."
    )
    props = propose(text, published="2031-03-08", registry=REG)
    assert brief(props) == [  # (the appositive's visit too: round 3's families)
        ("meeting", "2031-03-04", [("Li Wen", "participant"), ("Ana Ruiz", "participant")]),
        ("visit", "2031-03-04", [("Li Wen", "visitor"), ("United States", "host")]),
    ]


def test_a_report_told_after_the_contact_in_a_denial_is_not_a_contact() -> None:
    text = (
        "The Kremlin on Monday denied media reports that Olga Petrova and Ana Ruiz had spoken.\n"
        "On Thursday, Petrova and Ruiz held a phone conversation, media outlets reported citing"
        " anonymous sources."
    )
    props = propose(text, published="2031-03-10", registry=REG)
    assert [p.type for p in props] == ["statement"]


def test_a_teleconference_with_several_is_one_joint_call_and_passive_lists_are_not_contacts() -> (
    None
):
    text = (
        "Foreign Minister Olga Petrova had a teleconference with Li Wen and Jean Morel on 19 March 2031.\n"
        "At the meeting, Russia, France and United States issues were discussed."
    )
    props = propose(text, published="2031-03-19", registry=REG)
    assert brief(props) == [
        ("video_call", "2031-03-19", [("Olga Petrova", "participant"), ("Li Wen", "participant"),
                                      ("Jean Morel", "participant")])
    ]  # fmt: skip


def test_a_trip_report_the_secretary_he_and_as_well_as() -> None:
    reg = build(
        [
            Actor("ana-ruiz", "Ana Ruiz", "person", "USA", ("Ruiz",)),
            Actor("mara-odhiambo", "Mara Odhiambo", "person", "KEN", ()),
            Actor("paul-njoro", "Paul Njoro", "person", "KEN", ()),
            Actor("ben-adeyemi", "Ben Adeyemi", "person", "NGA", ()),
            Actor("kenya", "Kenya", "state", "KEN", ("Nairobi",)),
            Actor("nigeria", "Nigeria", "state", "NGA", ("Abuja",)),
        ],
        [Office("ana-ruiz", "Secretary of State", (), None, "USA", "2030-01-20", None)],
        [],
    )
    text = (
        "Secretary of State Ana Ruiz traveled to Nairobi, Kenya, on May 2 to meet with President"
        " Paul Njoro to discuss regional security. Secretary Ruiz also met with Kenyan Foreign"
        " Minister Mara Odhiambo. The Secretary traveled to Abuja, Nigeria, on May 3."
        " He met with President Ben Adeyemi, as well as Mara Odhiambo."
    )
    props = propose(text, published="2031-05-06", registry=reg)
    got = brief(props)
    assert (
        "meeting",
        "2031-05-02",
        [("Ana Ruiz", "participant"), ("Paul Njoro", "participant")],
    ) in got
    assert ("visit", "2031-05-02", [("Ana Ruiz", "visitor"), ("Kenya", "host")]) in got
    # "The Secretary" is the Secretary of State named before, not the last minister
    assert ("visit", "2031-05-03", [("Ana Ruiz", "visitor"), ("Nigeria", "host")]) in got
    # "met A, as well as B": one meeting, as "met A and B" is
    assert ("meeting", "2031-05-03", [("Ana Ruiz", "participant"), ("Ben Adeyemi", "participant"),
                                      ("Mara Odhiambo", "participant")]) in got  # fmt: skip
    # a trip announced is no meeting
    planned = "Secretary Ruiz will travel to Nairobi on May 9 to meet with President Paul Njoro."
    assert propose(planned, published="2031-05-06", registry=reg) == []


def test_a_country_before_a_title_and_a_name_is_the_persons_and_a_stop_begun_with_a_meeting() -> (
    None
):
    reg = build(
        [
            Actor("ana-ruiz", "Ana Ruiz", "person", "USA", ("Ruiz",)),
            Actor("raj-mehta", "Raj Mehta", "person", "IND", ("Mehta",)),
            Actor("kate-lin", "Kate Lin", "person", "USA", ("Lin",)),
            Actor("usa", "United States", "state", "USA", ("US", "U.S.")),
        ],
        [],
        [],
    )
    text = (
        "Earlier in the day, Mehta met US Trade Representative Ambassador Kate Lin in Washington."
    )
    props = propose(text, published="2031-05-06", registry=reg)
    assert brief(props) == [
        ("meeting", "2031-05-06", [("Raj Mehta", "participant"), ("Kate Lin", "participant")])
    ]
    text = "Ana Ruiz began her Delhi stop with a meeting with Foreign Minister, Raj Mehta."
    props = propose(text, published="2031-05-06", registry=reg)
    assert brief(props) == [
        ("meeting", "2031-05-06", [("Ana Ruiz", "participant"), ("Raj Mehta", "participant")])
    ]


def test_an_institution_then_its_spokesperson_is_one_statement_in_the_spokespersons_voice() -> None:
    reg = build(
        [
            Actor("white-house", "White House", "government_body", "USA", ()),
            Actor("tom-reed", "Tom Reed", "person", "USA", ("Reed",)),
            Actor("joe-park", "Joe Park", "person", "USA", ("Park",)),
            Actor("olga-petrova", "Olga Petrova", "person", "RUS", ("Petrova",)),
            Actor("usa", "United States", "state", "USA", ("US", "U.S.")),
        ],
        [Office("tom-reed", "Press Secretary", (), None, "USA", "2030-01-20", None)],
        [],
    )
    text = (
        "A meeting between President Joe Park and Olga Petrova is not an option at the moment,"
        " the White House said.\n"
        '"At this point it is not in the plans," said White House spokesperson Tom Reed, who'
        " added that a de-escalation would be needed first."
    )
    props = propose(text, published="2031-02-22", registry=reg)
    assert brief(props) == [
        ("statement", "2031-02-22", [("Tom Reed", "speaker"), ("Joe Park", "about"),
                                     ("Olga Petrova", "about")])
    ]  # fmt: skip
    assert len(props[0].evidence) == 2
    # an institution alone keeps its own voice
    alone = propose(text.split("\n")[0], published="2031-02-22", registry=reg)
    assert [x.label for x in alone[0].parties if x.role == "speaker"] == ["White House"]


def test_a_statement_about_people_does_not_list_their_states_again() -> None:
    reg = build(
        [
            Actor("olga-petrova", "Olga Petrova", "person", "RUS", ("Petrova",)),
            Actor("joe-park", "Joe Park", "person", "USA", ("Park",)),
            Actor("usa", "United States", "state", "USA", ("US", "U.S.")),
        ],
        [],
        [],
    )
    text = (
        "Olga Petrova said on Monday that the United States and Joe Park had not asked for a call."
    )
    props = propose(text, published="2031-02-22", registry=reg)
    assert brief(props) == [
        ("statement", "2031-02-17", [("Olga Petrova", "speaker"), ("Joe Park", "about")])
    ]


def test_a_dateline_then_a_call_with_a_counterpart_named_after_a_comma() -> None:
    text = (
        "WASHINGTON - Secretary Ruiz discussed sanctions and the war in a phone call with her"
        " Russian counterpart, Olga Petrova, on Friday, a State Department spokeswoman said.\n"
        "It was their first phone call since Washington said on Wednesday it would impose sanctions."
    )
    empty = build([], [], [])
    for reg in (REG, empty):
        props = propose(text, published="2031-03-08", registry=reg)
        assert [(p.type, p.date, len(p.parties), p.parties[1].label) for p in props] == [
            ("phone_call", "2031-03-07", 2, "Olga Petrova")
        ]
        assert "Ruiz" in props[0].parties[0].label


def test_a_surname_first_in_capitals_is_a_name_in_the_usual_order() -> None:
    text = (
        "On March 2, Mr. PETROVA Olga, Minister for Foreign Affairs, held a telephone talk with"
        " Mr. Li Wen, Foreign Minister of China."
    )
    props = propose(text, published="2031-03-03", registry=build([], [], []))
    assert [(p.type, p.date, [x.label for x in p.parties]) for p in props] == [
        ("phone_call", "2031-03-02", ["Olga Petrova", "Li Wen"])
    ]
    assert props[0].parties[0].new is not None and props[0].parties[0].new.kind == "person"


def test_a_counterpart_the_next_sentence_names() -> None:
    reg = build(
        [
            Actor("min-ho", "Min Ho", "person", "KOR", ("Min",)),
            Actor("asha-rao", "Asha Rao", "person", "IND", ("Rao",)),
            Actor("india", "India", "state", "IND", ()),
        ],
        [
            Office("min-ho", "First Vice Foreign Minister", (), None, "KOR", "2030-01-01", None),
            Office("asha-rao", "Secretary (East)", (), None, "IND", "2030-01-01", None),
        ],
        [],
    )
    text = (
        "SEOUL, March 5 (Yonhap) -- First Vice Foreign Minister Min Ho held video talks with his"
        " Indian counterpart Wednesday on trade. In the talks, Min and Asha Rao agreed to meet again."
    )
    props = propose(text, published="2031-03-05", registry=reg)
    assert brief(props) == [
        ("video_call", "2031-03-05", [("Min Ho", "participant"),
                                      ("Asha Rao", "participant")])
    ]  # fmt: skip
    # nobody of that country named after: the country stays
    alone = propose(text.split(" In the talks")[0], published="2031-03-05", registry=reg)
    assert [x.label for x in alone[0].parties][1:] == ["India"]


def test_a_trailing_attributions_dates_are_of_what_was_said() -> None:
    reg = build(
        [
            Actor("hong-li", "Hong Li", "person", "CHN", ("Hong",)),
            Actor("li-wen", "Li Wen", "person", "CHN", ("Li",)),
        ],
        [Office("hong-li", "Spokesperson", (), None, "CHN", "2030-01-01", None)],
        [],
    )
    text = (
        "The meeting, scheduled for Saturday and Sunday in Ningbo, will be chaired by Foreign"
        " Minister Li Wen, Hong Li said at a regular news briefing."
    )
    props = propose(text, published="2031-04-04", registry=reg)
    assert [(p.type, p.date) for p in props] == [("statement", "2031-04-04")]
    # the speech's own day still counts
    dated = text.replace("said at a regular", "said on Thursday at a regular")
    props = propose(dated, published="2031-04-04", registry=reg)
    assert [(p.type, p.date) for p in props] == [("statement", "2031-04-03")]


def test_arrived_unannounced_and_dates_set_off_by_commas_before_the_verb() -> None:
    reg = build(
        [
            Actor("ana-ruiz", "Ana Ruiz", "person", "USA", ("Ruiz",)),
            Actor("egypt", "Egypt", "state", "EGY", ("Cairo",)),
        ],
        [],
        [],
    )
    text = "Secretary of State, Ana Ruiz, yesterday, May 3, 2031, arrived unannounced in Egypt."
    props = propose(text, published="2031-05-04", registry=reg)
    assert brief(props) == [("visit", "2031-05-03", [("Ana Ruiz", "visitor"), ("Egypt", "host")])]
    text = "Ana Ruiz will arrive in Egypt on May 9; she arrived here early on May 3 last year."
    assert [p.date for p in propose(text, published="2031-05-04", registry=reg)] != ["2031-05-09"]


def test_taking_part_in_a_meeting_of_an_organisation_and_a_dated_joint_statement() -> None:
    reg = build(
        [
            Actor("ana-ruiz", "Ana Ruiz", "person", "USA", ("Ruiz",)),
            Actor("arctic", "Arctic Council", "international_organization", None, ()),
            Actor("g7", "G7", "international_organization", None, ("Group of Seven",)),
        ],
        [],
        [],
    )
    text = "Ruiz has been taking part in a meeting of the Arctic Council in Finland."
    props = propose(text, published="2031-05-07", registry=reg)
    assert brief(props) == [
        (
            "multilateral_meeting",
            "2031-05-07",
            [("Ana Ruiz", "participant"), ("Arctic Council", "participant")],
        )
    ]
    text = "The ministry cited a joint statement issued on Wednesday by the Group of Seven foreign ministers."
    props = propose(text, published="2031-05-09", registry=reg)
    assert [(p.type, p.date, [(x.label, x.role) for x in p.parties]) for p in props] == [
        ("statement", "2031-05-07", [("G7", "speaker")])
    ]
    planned = "Ruiz will take part in a meeting of the Arctic Council next week."
    assert propose(planned, published="2031-05-07", registry=reg) == []


def test_photo_captions_of_a_meeting() -> None:
    text = (
        "Secretary Ruiz, left, shakes hands with Foreign Minister Olga Petrova, right, prior to"
        " their meeting at the Guest House Tuesday, March 4, 2031, in Moscow. (AP Photo/Jo Lane)\n"
        "Secretary Ruiz, left, and Li Wen, right, walk in the venue with Jean Morel prior to their"
        " trilateral meeting at the Guest House Wednesday, March 5, 2031, in Moscow.\n"
        "Secretary Ruiz, left, waves to reporters before a meeting with nobody in particular."
    )
    props = propose(text, published="2031-03-06", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-03-04", [("Ana Ruiz", "participant"), ("Olga Petrova", "participant")]),
        ("multilateral_meeting", "2031-03-05", [("Ana Ruiz", "participant"), ("Li Wen", "participant"),
                                                ("Jean Morel", "participant")]),
    ]  # fmt: skip


def test_a_courtesy_call_on_someone_is_a_meeting_and_a_demand_is_not() -> None:
    text = "Secretary Ruiz called on Olga Petrova in Moscow on Tuesday."
    props = propose(text, published="2031-05-07", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-05-06", [("Ana Ruiz", "participant"), ("Olga Petrova", "participant")])
    ]
    props = propose(
        "Secretary Ruiz paid a courtesy call on Olga Petrova.", published="2031-05-07", registry=REG
    )
    assert [p.type for p in props] == ["meeting"]
    for demand in (
        "Secretary Ruiz called on Olga Petrova to release the detainees.",
        "Secretary Ruiz called on Russia to withdraw its troops.",
    ):
        assert [p.type for p in propose(demand, published="2031-05-07", registry=REG)] != [
            "meeting"
        ]


def test_a_possessive_dated_call_is_past_unless_still_to_come() -> None:
    text = "Secretary Ruiz's call with Olga Petrova on Monday focused on grain."
    props = propose(text, published="2031-05-07", registry=REG)
    assert brief(props) == [
        ("phone_call", "2031-05-05", [("Ana Ruiz", "participant"), ("Olga Petrova", "participant")])
    ]
    planned = "Secretary Ruiz's call with Olga Petrova on Friday will focus on grain."
    assert propose(planned, published="2031-05-07", registry=REG) == []


def test_i_in_a_quote_is_its_speaker_and_last_night_is_the_day_before() -> None:
    text = '"Yes, I spoke with Olga Petrova last night," Ruiz told reporters.'
    props = propose(text, published="2031-05-07", registry=REG)
    assert brief(props) == [
        ("phone_call", "2031-05-06", [("Ana Ruiz", "participant"), ("Olga Petrova", "participant")])
    ]
    planned = '"I will speak with Olga Petrova tomorrow," Ruiz told reporters.'
    assert [p.type for p in propose(planned, published="2031-05-07", registry=REG)] == ["statement"]


def test_a_us_counterpart_named_later_who_asked_for_the_call() -> None:
    reg = build(
        [
            Actor("deniz-kaya", "Deniz Kaya", "person", "TUR", ("Kaya",)),
            Actor("ana-ruiz", "Ana Ruiz", "person", "USA", ("Ruiz",)),
        ],
        [
            Office(
                "deniz-kaya", "Minister of Foreign Affairs", (), None, "TUR", "2030-01-01", None
            ),
            Office("ana-ruiz", "Secretary of State", (), None, "USA", "2030-01-01", None),
        ],
        [],
    )
    text = (
        "Turkish Foreign Minister Deniz Kaya on Saturday spoke with his U.S. counterpart on the"
        " phone, according to a diplomatic official. The official said Kaya held a telephonic"
        " conversation on the request of the U.S. Secretary of State Ana Ruiz."
    )
    props = propose(text, published="2031-01-18", registry=reg)
    assert brief(props) == [
        ("phone_call", "2031-01-18", [("Deniz Kaya", "recipient"), ("Ana Ruiz", "initiator")])
    ]


def test_meetings_with_several_and_a_conversation_between_two() -> None:
    text = "Secretary Ruiz earlier spent hours in meetings with Li Wen and Foreign Minister Jean Morel."
    props = propose(text, published="2031-06-19", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-06-19", [("Ana Ruiz", "participant"), ("Li Wen", "participant")]),
        ("meeting", "2031-06-19", [("Ana Ruiz", "participant"), ("Jean Morel", "participant")]),
    ]
    text = (
        "The agreement was reached during a telephonic conversation between Foreign Minister"
        " Olga Petrova and her French counterpart Jean Morel."
    )
    props = propose(text, published="2031-06-19", registry=REG)
    assert brief(props) == [
        (
            "phone_call",
            "2031-06-19",
            [("Olga Petrova", "participant"), ("Jean Morel", "participant")],
        )
    ]
    planned = "The issue will be discussed during a meeting between Olga Petrova and Jean Morel."
    assert propose(planned, published="2031-06-19", registry=REG) == []


def test_currently_in_a_country_on_a_visit() -> None:
    reg = build(
        [
            Actor("ana-ruiz", "Ana Ruiz", "person", "USA", ("Ruiz",)),
            Actor("china", "China", "state", "CHN", ("Beijing",)),
        ],
        [],
        [],
    )
    text = "Secretary Ana Ruiz is currently in China on a two-day official visit to attend the dialogue."
    props = propose(text, published="2031-08-21", registry=reg)
    assert brief(props) == [("visit", "2031-08-21", [("Ana Ruiz", "visitor"), ("China", "host")])]
    planned = "Ana Ruiz will be in China on a two-day official visit next week."
    assert propose(planned, published="2031-08-21", registry=reg) == []
