"""A transcript's speaker and other families of the retired held-out test splits (issue 14,
round 4, 2026-12-03): "SECRETARY RUIZ: I met this morning with ...", a republisher's
section before a remarks title, "has begun talks with", a text cut mid-sentence on its
last line, and a month's background contact that does not date the story's own contacts.
Fixtures are short texts written for these tests, in the genre's style; every name in them
is invented."""

from __future__ import annotations

import pytest

from tests.extract.test_unseen import REG, brief
from tracker.extract import propose
from tracker.extract.references import Context
from tracker.extract.transcripts import label_speaker

P = "participant"
ROUNDTABLE = (
    "Roundtable with Journalists\n\nAna Ruiz\nSecretary of State\nOslo, Norway\nMay 14, 2031\n\n"
)


def test_a_transcript_s_i_is_its_speaker() -> None:
    text = ROUNDTABLE + (
        "SECRETARY RUIZ: Well, thank you all for coming. I met this morning with Foreign"
        " Minister Sato. I also spoke with President Orlov yesterday, and it was a long call.\n"
        "QUESTION: Did you meet Foreign Secretary Ward?\n"
    )
    props = propose(text, published="2031-05-14", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-05-14", [("Ana Ruiz", P), ("Sato Kenji", P)]),
        ("phone_call", "2031-05-13", [("Ana Ruiz", P), ("Ivan Orlov", P)]),
    ]


def test_the_i_of_another_speaker_or_of_a_question_is_not_the_first_speaker() -> None:
    text = ROUNDTABLE + (
        "SECRETARY RUIZ: Thank you.\n"
        "FOREIGN MINISTER SATO: (via interpreter) I met President Orlov on Monday.\n"
        "QUESTION: I met Foreign Secretary Ward last week, and he said so.\n"
    )
    props = propose(text, published="2031-05-14", registry=REG)
    assert brief(props) == [("meeting", "2031-05-12", [("Sato Kenji", P), ("Ivan Orlov", P)])]


def test_the_vice_president_and_i_is_both() -> None:
    text = ROUNDTABLE + (
        "SECRETARY RUIZ: Last night Foreign Secretary Ward and I met with President Orlov."
    )
    props = propose(text, published="2031-05-14", registry=REG)
    assert [sorted(x.label for x in p.parties) for p in props] == [
        ["Ana Ruiz", "Ivan Orlov", "Tom Ward"]
    ]


@pytest.mark.parametrize(
    ("label", "labelled", "who"),
    [
        ("SECRETARY RUIZ: Thank you.", True, "Ana Ruiz"),
        ("FOREIGN MINISTER SATO: (via interpreter) Thank you.", True, "Sato Kenji"),
        ("MODERATOR: Next question.", True, None),
        ("OSLO: Secretary Ruiz arrived here.", True, None),
        ("Secretary Ruiz met Foreign Minister Sato.", False, None),
    ],
)
def test_speaker_labels(label: str, labelled: bool, who: str | None) -> None:
    found, person = label_speaker(label, Context(REG), "2031-05-14")
    assert found is labelled
    actor = REG.get(person.actor) if person is not None and person.actor else None
    assert (actor.name if actor is not None else None) == who


def test_a_remarks_title_under_a_republisher_s_section() -> None:
    text = (
        "Press Releases: Remarks With Japanese Foreign Minister Sato Kenji Before Their Meeting\n"
        "Remarks\nAna Ruiz\nSecretary of State\nWashington, DC\nMay 14, 2031\n\n"
        "SECRETARY RUIZ: Good morning, all. Welcome, Mr. Minister.\n"
    )
    props = propose(text, published="2031-05-14", registry=REG)
    assert brief(props) == [("meeting", "2031-05-14", [("Ana Ruiz", P), ("Sato Kenji", P)])]


def test_talks_begun_are_a_meeting() -> None:
    text = "Foreign Minister Olga Petrova has begun talks with Foreign Minister Sato in Tokyo."
    assert brief(propose(text, published="2031-05-14", registry=REG)) == [
        ("meeting", "2031-05-14", [("Olga Petrova", P), ("Sato Kenji", P)])
    ]


def test_a_text_cut_mid_sentence_on_its_last_line_is_read() -> None:
    text = (
        "Ruiz in Tokyo\n\nSecretary Ruiz met Foreign Minister Sato in Tokyo on Tuesday.\n"
        "The two discussed trade.\nThe talks lasted two hours.\n"
        "Moreover, the Secretary also met Foreign Minister Olga Petrova and discussed the situation in the reg"
    )
    props = propose(text, published="2031-05-15", registry=REG)
    assert [(p.type, p.date, sorted(x.label for x in p.parties)) for p in props] == [
        ("meeting", "2031-05-13", ["Ana Ruiz", "Sato Kenji"]),
        ("meeting", "2031-05-13", ["Ana Ruiz", "Olga Petrova"]),
    ]
    # a short last line with no full stop is still a caption, not read
    short = "Secretary Ruiz met Foreign Minister Sato in Tokyo on Tuesday.\nA\nB\nRuiz meets Sato"
    assert len(propose(short, published="2031-05-15", registry=REG)) == 1


def test_a_month_s_background_contact_does_not_date_the_story_s_next_contact() -> None:
    text = (
        "Secretary Ruiz on Friday met Foreign Minister Sato in Oslo.\n"
        "Last month, Ruiz and Sato met in Tokyo.\n"
        "Ruiz also met Foreign Minister Olga Petrova and discussed the war.\n"
    )
    props = propose(text, published="2031-07-08", registry=REG)
    assert [(p.date, sorted(x.label for x in p.parties)) for p in props] == [
        ("2031-07-04", ["Ana Ruiz", "Sato Kenji"]),
        ("2031-06", ["Ana Ruiz", "Sato Kenji"]),
        ("2031-07-04", ["Ana Ruiz", "Olga Petrova"]),
    ]


def test_a_month_s_story_dates_its_undated_contacts_by_the_month() -> None:
    text = (
        "Secretary Ruiz visited Tokyo last month.\n"
        "She met Foreign Minister Sato and discussed trade.\n"
    )
    props = propose(text, published="2031-07-08", registry=REG)
    assert [p.date for p in props] == ["2031-06", "2031-06"]


def test_a_speech_s_we_is_its_speaker() -> None:
    text = (
        "Foreign Affairs Council: Remarks by Foreign Secretary Tom Ward at the press conference\n\n"
        "Good afternoon to all of you.\n"
        "Today we have had an important Council with a video conference with the Secretary of"
        " State of the United States, Ana Ruiz.\n"
    )
    props = propose(text, published="2031-06-15", registry=REG)
    assert brief(props) == [("video_call", "2031-06-15", [("Tom Ward", P), ("Ana Ruiz", P)])]


def test_a_story_s_we_is_no_one() -> None:
    text = (
        "Foreign ministers meet in Oslo\n\nGood afternoon to all of you.\n"
        '"Today we have had an important Council with a video conference with Secretary Ruiz,"'
        " an official said.\n"
    )
    props = propose(text, published="2031-06-15", registry=REG)
    assert all("Tom Ward" not in [x.label for x in p.parties] for p in props)


def test_a_name_and_office_label_is_a_speaker() -> None:
    text = (
        "Doorstop interview, Oslo\n\n"
        "Tom Ward, Foreign Secretary: I have just had a constructive meeting with Foreign"
        " Minister Sato out here in Oslo.\n"
    )
    props = propose(text, published="2031-06-15", registry=REG)
    assert brief(props) == [("meeting", "2031-06-15", [("Tom Ward", P), ("Sato Kenji", P)])]


@pytest.mark.parametrize(
    "line", ["Oslo, Norway: The minister arrived.", "Beijing, China: Beijing said."]
)
def test_a_place_and_country_is_no_speaker(line: str) -> None:
    assert label_speaker(line, Context(REG), "2031-06-15") == (False, None)
