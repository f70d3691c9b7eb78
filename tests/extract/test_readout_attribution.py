"""Families from two retired held-out test splits (issue 14, round 4, 2026-12-03): a
spokesperson quoting a readout whole, a readout's content told by a spokesperson, a plan
told after the contact, a non-answer, a courtesy that ends a sentence too early ("the Hon."),
a wire's "State Secretary", and two sentences glued together by a page's copy. Each rule has
its twin that must stay as it was. Fixtures are short texts written for these tests, in the
genre's style; every name in them is invented."""

from __future__ import annotations

import pytest

from tests.extract.test_unseen import REG, brief
from tracker.extract import propose
from tracker.extract.document import sentences

P = "participant"
MEETING = ("meeting", "2031-04-22", [("Ana Ruiz", P), ("Sato Kenji", P)])


def test_a_spokesperson_quoting_the_readout_whole_is_its_source_not_a_statement() -> None:
    text = (
        "State Department spokesperson Lena Marsh said, “Secretary of State Ana Ruiz met with"
        " Foreign Minister Sato Kenji today in Tokyo.”"
    )
    assert brief(propose(text, published="2031-04-22", registry=REG)) == [MEETING]


def test_a_spokesperson_telling_the_contact_in_his_own_words_is_still_a_statement() -> None:
    # the shipped log's convention (the seed: "spokesman Ned Price said Blinken called ...")
    text = "State Department spokesperson Lena Marsh said Secretary Ruiz met Foreign Minister Sato."
    props = propose(text, published="2031-04-22", registry=REG)
    assert [p.type for p in props] == ["meeting", "statement"]
    assert props[1].parties[0].label == "Lena Marsh"
    assert props[1].parties[0].role == "speaker"


@pytest.mark.parametrize(
    "content",
    [
        "The two sides conducted in-depth communications on trade, Foreign Ministry"
        " spokesperson Lena Marsh said at the regular press conference.",
        "Both ministers shared the view that the talks were useful, spokesperson Lena Marsh"
        " told reporters.",
    ],
)
def test_a_readout_s_content_told_by_a_spokesperson_is_not_a_statement(content: str) -> None:
    text = f"Secretary Ruiz met Foreign Minister Sato in Tokyo on Tuesday.\n{content}"
    assert brief(propose(text, published="2031-04-26", registry=REG)) == [MEETING]


def test_a_spokesperson_telling_what_one_party_urged_a_few_sentences_on_is_not_a_statement() -> (
    None
):
    text = (
        "Secretary Ruiz met Foreign Minister Sato in Tokyo on Tuesday. The Japanese side said"
        " the long meeting was useful. Japan asked for more flights. Ruiz stressed the need for"
        " progress on the inquiry, spokesperson Lena Marsh told reporters."
    )
    assert brief(propose(text, published="2031-04-26", registry=REG)) == [MEETING]


def test_a_spokesperson_s_remark_on_another_matter_is_a_statement() -> None:
    text = (
        "Secretary Ruiz met Foreign Minister Sato in Tokyo on Tuesday. Separately, spokesperson"
        " Lena Marsh told reporters on Wednesday that the embassy in Oslo would reopen."
    )
    props = propose(text, published="2031-04-26", registry=REG)
    assert brief(props)[0] == MEETING
    assert [(p.type, p.date, p.parties[0].label) for p in props[1:]] == [
        ("statement", "2031-04-23", "Lena Marsh")
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Orlov had a meeting with his Japanese counterpart, Sato Kenji, planned as well.",
        "Talks between Orlov and Foreign Minister Sato are also scheduled.",
    ],
)
def test_a_plan_told_after_the_contact_is_not_a_contact(sentence: str) -> None:
    assert propose(sentence, published="2031-04-22", registry=REG) == []


@pytest.mark.parametrize("after", ["as planned", "as scheduled", "and is expected to return"])
def test_a_contact_that_went_as_planned_is_a_contact(after: str) -> None:
    text = f"Secretary Ruiz met Foreign Minister Sato in Tokyo on Tuesday, {after}."
    assert brief(propose(text, published="2031-04-26", registry=REG)) == [MEETING]


@pytest.mark.parametrize(
    "answer",
    [
        "I have no information to provide regarding this specific question.",
        "I'm not aware of the specifics.",
        "I would refer you to the competent authorities.",
    ],
)
def test_a_spokesperson_s_non_answer_is_not_a_statement(answer: str) -> None:
    text = (
        "Asked whether the two ministers would speak by phone, spokesperson Lena Marsh said on"
        f' Thursday that "{answer}"'
    )
    assert propose(text, published="2031-04-24", registry=REG) == []


def test_an_answer_that_says_something_is_a_statement() -> None:
    text = (
        'Asked about the embassy, spokesperson Lena Marsh said on Thursday that "the embassy'
        ' will reopen next month."'
    )
    props = propose(text, published="2031-04-24", registry=REG)
    assert [(p.type, p.date, p.parties[0].label) for p in props] == [
        ("statement", "2031-04-24", "Lena Marsh")
    ]


def test_the_honourable_abbreviated_does_not_end_the_sentence() -> None:
    text = (
        "On Wednesday, April 23, commencing at 3:15 p.m. for approximately 20 minutes, Mr. Sato"
        " Kenji, Minister for Foreign Affairs, held a telephone talk with the Hon. Tom Ward, MP,"
        " Foreign Secretary of the United Kingdom."
    )
    assert len(sentences(text)) == 1
    assert brief(propose(text, published="2031-04-23", registry=REG)) == [
        ("phone_call", "2031-04-23", [("Sato Kenji", P), ("Tom Ward", P)])
    ]


def test_a_wire_s_state_secretary_is_the_person_not_the_state() -> None:
    text = (
        "The Russian Foreign Ministry on Tuesday confirmed that Foreign Minister Olga Petrova"
        " held phone talks with US State Secretary Ana Ruiz."
    )
    props = propose(text, published="2031-04-22", registry=REG)
    assert brief(props)[0] == (
        "phone_call",
        "2031-04-22",
        [("Olga Petrova", P), ("Ana Ruiz", P)],
    )


def test_two_sentences_glued_by_a_page_s_copy_are_two() -> None:
    text = "Orlov said the talks were useful, Marsh added.Also on Thursday, Ruiz visited Oslo."
    assert [s.text for s in sentences(text)] == [
        "Orlov said the talks were useful, Marsh added.",
        "Also on Thursday, Ruiz visited Oslo.",
    ]
    # an abbreviation and initials stay inside their sentence
    assert len(sentences("He met Mr.Sato on Tuesday.")) == 1
    assert len(sentences("The U.S.Navy said so.")) == 1


def test_what_a_spokesperson_was_asked_is_not_what_the_answer_is_about() -> None:
    text = (
        "In response to a question about Secretary Ruiz's call with Foreign Minister Sato,"
        " spokesperson Lena Marsh said on Thursday that Turkey has no right to intervene."
    )
    props = propose(text, published="2031-04-24", registry=REG)
    assert [(p.type, [(x.label, x.role) for x in p.parties]) for p in props] == [
        ("statement", [("Lena Marsh", "speaker"), ("Turkey", "about")])
    ]


def test_a_joint_statement_s_own_heading_line_is_the_statement_of_all_its_signatories() -> None:
    text = (
        "Joint Statement from the Foreign Ministers of Japan, Turkey, the United States and"
        " the High Representative of the European Union.\n"
        "The Foreign Ministers strongly reject the decision to expand the operation.\n"
    )
    props = propose(text, published="2031-08-09", registry=REG)
    assert [(p.type, p.date, p.rule) for p in props] == [
        ("statement", "2031-08-09", "statement.joint")
    ]
    assert [x.role for x in props[0].parties] == ["speaker"] * len(props[0].parties)
    assert {"Turkey", "United States"} <= {x.label for x in props[0].parties}


def test_a_joint_statement_named_in_passing_undated_is_a_reference() -> None:
    text = "The ministers acted as called for in the joint statement by Japan and Turkey."
    assert [
        p
        for p in propose(text, published="2031-08-09", registry=REG)
        if p.rule == "statement.joint"
    ] == []


@pytest.mark.parametrize(
    "sentence",
    [
        "In a statement on Monday, Foreign Minister Sato condemned the strike.",
        "Foreign Minister Sato strongly condemned the strike on Monday.",
        "Foreign Minister Sato expressed deep regret over the decision on Monday.",
        "Foreign Minister Sato wrote on X on Monday that the strike was unacceptable.",
        "Foreign Minister Sato tweeted on Monday that the strike was unacceptable.",
    ],
)
def test_a_public_reaction_is_a_statement(sentence: str) -> None:
    props = propose(sentence, published="2031-04-22", registry=REG)
    assert [(p.type, p.date, p.parties[0].label, p.parties[0].role) for p in props] == [
        ("statement", "2031-04-21", "Sato Kenji", "speaker")
    ]


def test_a_party_s_reaction_told_in_the_readout_of_its_contact_is_no_statement() -> None:
    text = (
        "Secretary Ruiz spoke with Foreign Minister Sato on Monday. Foreign Minister Sato"
        " condemned the strike and expressed deep concern over the attacks."
    )
    assert brief(propose(text, published="2031-04-22", registry=REG)) == [
        ("phone_call", "2031-04-21", [("Ana Ruiz", P), ("Sato Kenji", P)])
    ]


def test_a_date_inside_a_quote_about_the_contact_does_not_make_it_news() -> None:
    text = (
        "Tokyo, April 21: Secretary Ruiz on Monday met Foreign Minister Sato and discussed trade.\n"
        "The two countries are close partners.\n"
        "Writing on X, Ruiz said the talks were useful.\n"
        '"Good talks with Sato. Our partnership today is stronger than ever," the Secretary'
        " tweeted.\n"
    )
    props = propose(text, published="2031-04-22", registry=REG)
    assert [p.type for p in props] == ["meeting"]


def test_the_following_is_the_joint_statement_is_the_text_s_own_statement() -> None:
    text = (
        "The following is the joint statement issued by the Secretary of State of the United"
        " States and the Foreign Minister of Japan.\n"
        "They condemned the missile launches.\n"
    )
    props = propose(text, published="2031-09-23", registry=REG)
    assert [(p.type, p.date, p.rule) for p in props][:1] == [
        ("statement", "2031-09-23", "statement.joint")
    ]
    # the same words in passing, undated, are a reference
    passing = "They acted as set out in the joint statement issued by Japan and Turkey."
    assert propose(passing, published="2031-09-23", registry=REG) == []


def test_the_governments_of_two_states_gave_a_joint_statement() -> None:
    text = "The governments of Japan and Turkey gave a joint statement on security on Monday."
    props = propose(text, published="2031-09-23", registry=REG)
    assert [(p.type, p.date, [(x.label, x.role) for x in p.parties]) for p in props] == [
        ("statement", "2031-09-22", [("Japan", "speaker"), ("Turkey", "speaker")])
    ]
