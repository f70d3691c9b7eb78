"""The extractor on short readouts and stories written for these tests, in the genre's style."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.extract import Actor, InputError, Office, Tie, build, decode, propose
from tracker.extract.dates import dateline, find, resolve

REG = build(
    [
        Actor("ana-ruiz", "Ana Ruiz", "person", "USA", ("Ruiz", "Secretary Ruiz")),
        Actor("li-wen", "Li Wen", "person", "CHN"),
        Actor("olga-petrova", "Olga Petrova", "person", "RUS", ("Petrova",)),
        Actor("omar-haddad", "Omar Haddad", "person", "JOR"),
        Actor("usa", "United States", "state", "USA", ("US", "U.S.")),
        Actor("china", "China", "state", "CHN", ("Beijing",)),
        Actor("russia", "Russia", "state", "RUS", ("Moscow", "Kremlin")),
        Actor("jordan", "Jordan", "state", "JOR"),
        Actor(
            "mfa-rus",
            "Ministry of Foreign Affairs of Russia",
            "government_body",
            "RUS",
            ("Russian Foreign Ministry",),
        ),
    ],
    [
        Office("ana-ruiz", "Secretary of State", (), None, "USA", "2030-01-20", None),
        Office(
            "li-wen",
            "Foreign Minister",
            ("Minister of Foreign Affairs",),
            None,
            "CHN",
            "2028-03-01",
            "2031-06-30",
        ),
        Office("olga-petrova", "Foreign Minister", (), None, "RUS", "2025-01-01", None),
    ],
    [Tie("mfa-rus", "russia")],
)


def brief(props: list) -> list[tuple[str, str, list[tuple[str, str]]]]:
    return [(p.type, p.date, [(x.key, x.role) for x in p.parties]) for p in props]


def test_spoke_with_today_is_a_phone_call_of_the_publication_day() -> None:
    text = "Secretary of State Ana Ruiz spoke today with Chinese Foreign Minister Li Wen."
    props = propose(text, published="2031-03-04", registry=REG)
    assert brief(props) == [
        ("phone_call", "2031-03-04", [("ana-ruiz", "participant"), ("li-wen", "participant")])
    ]
    assert props[0].type_uncertain  # "spoke with" never says phone
    assert props[0].quote(text) == text


def test_called_and_at_request_give_the_initiator() -> None:
    called = propose("Ruiz called Olga Petrova on Monday.", published="2031-03-05", registry=REG)
    assert brief(called) == [
        ("phone_call", "2031-03-03", [("ana-ruiz", "initiator"), ("olga-petrova", "recipient")])
    ]
    asked = propose(
        "Secretary Ruiz held a phone call with Foreign Minister Petrova, at Russia's request.",
        published="2031-03-05", registry=REG,
    )  # fmt: skip
    assert brief(asked) == [
        ("phone_call", "2031-03-05", [("ana-ruiz", "recipient"), ("olga-petrova", "initiator")])
    ]
    received = propose(
        "Li Wen received a call from Secretary Ruiz yesterday.",
        published="2031-03-05",
        registry=REG,
    )
    assert brief(received) == [
        ("phone_call", "2031-03-04", [("li-wen", "recipient"), ("ana-ruiz", "initiator")])
    ]


def test_meeting_visit_video_letter_and_summit_rules() -> None:
    text = (
        "Secretary Ruiz met with Jordanian Foreign Minister Omar Haddad in Amman on March 2.\n"
        "Olga Petrova visited Jordan last week.\n"
        "Ruiz held a videoconference with Li Wen on February 27.\n"
        "Petrova sent a letter to Secretary Ruiz on February 20.\n"
        "They recalled the February 10 summit between Li Wen and Olga Petrova.\n"
    )
    props = propose(text, published="2031-03-05", registry=REG)
    assert brief(props) == [
        ("meeting", "2031-03-02", [("ana-ruiz", "participant"), ("omar-haddad", "participant")]),
        ("visit", "2031-02", [("olga-petrova", "visitor"), ("jordan", "host")]),
        ("video_call", "2031-02-27", [("ana-ruiz", "participant"), ("li-wen", "participant")]),
        ("letter", "2031-02-20", [("olga-petrova", "initiator"), ("ana-ruiz", "recipient")]),
        ("summit", "2031-02-10", [("li-wen", "participant"), ("olga-petrova", "participant")]),
    ]


def test_plans_requests_hypotheses_denials_and_questions_are_not_contacts() -> None:
    text = (
        "Secretary Ruiz will meet Li Wen next week.\n"
        "Ruiz and Petrova are expected to speak on Friday.\n"
        "Ruiz has not spoken with Olga Petrova since January.\n"
        "Petrova asked to meet Secretary Ruiz.\n"
        "If Ruiz met Li Wen, the talks would matter.\n"
        "Did Ruiz speak with Petrova?\n"
        "They discussed their March 20 meeting with Omar Haddad.\n"
    )
    assert propose(text, published="2031-03-05", registry=REG) == []


def test_a_denial_is_a_statement_not_a_contact() -> None:
    props = propose(
        "The Kremlin denied that Petrova met Ruiz in Geneva.", published="2031-03-05", registry=REG
    )
    assert brief(props) == [
        (
            "statement",
            "2031-03-05",
            [("russia", "speaker"), ("olga-petrova", "about"), ("ana-ruiz", "about")],
        )
    ]
    assert props[0].rule.endswith(".denial")


def test_provenance_is_not_a_statement_and_a_contact_told_twice_is_one() -> None:
    text = (
        "The below is attributable to Spokesperson Sam Field:\n\n"
        "Secretary Ruiz spoke yesterday with Chinese Foreign Minister Li Wen. "
        "The call focused on trade. Ruiz and Li Wen also discussed climate.\n"
    )
    props = propose(text, published="2031-03-05", registry=REG)
    assert brief(props) == [
        ("phone_call", "2031-03-04", [("ana-ruiz", "participant"), ("li-wen", "participant")])
    ]
    assert not props[0].type_uncertain  # "The call" says it was one
    assert len(props[0].evidence) >= 2


def test_several_contacts_in_one_text_and_counterparts_by_office_on_the_day() -> None:
    text = "Secretary Ruiz spoke on Monday with her Chinese and Russian counterparts."
    assert brief(propose(text, published="2031-03-05", registry=REG)) == [
        ("phone_call", "2031-03-03", [("ana-ruiz", "participant"), ("li-wen", "participant")]),
        (
            "phone_call",
            "2031-03-03",
            [("ana-ruiz", "participant"), ("olga-petrova", "participant")],
        ),
    ]
    # after Li Wen's term the Chinese counterpart is nobody the registry knows: the state
    later = propose(text, published="2031-09-03", registry=REG)
    assert [p.parties[1].key for p in later] == ["china", "olga-petrova"]


def test_office_holder_resolves_at_the_article_date() -> None:
    text = "Ruiz met China's foreign minister in Beijing."
    assert brief(propose(text, published="2030-05-05", registry=REG))[0][2][1] == (
        "li-wen",
        "participant",
    )
    assert brief(propose(text, published="2032-05-05", registry=REG))[0][2][1] == (
        "china",
        "participant",
    )


def test_unknown_people_are_proposed_with_kind_country_and_office() -> None:
    props = propose(
        "Secretary Ruiz met today with Dutch Foreign Minister Pieter Smit. Ruiz thanked Smit.",
        published="2031-03-05", registry=REG,
    )  # fmt: skip
    new = props[0].parties[1].new
    assert new is not None and new.to_json() == {
        "name": "Pieter Smit", "kind": "person", "country": "NLD", "office": "Foreign Minister", "aliases": ["Smit"],
    }  # fmt: skip


def test_statements_speech_and_developments() -> None:
    text = (
        "Russia's foreign ministry said on Tuesday that Petrova had met Li Wen the day before.\n"
        "The US closed its embassy in Amman a day after Ruiz met Omar Haddad on Thursday.\n"
    )
    props = propose(text, published="2031-03-07", registry=REG)
    got = brief(props)
    assert (
        "meeting",
        "2031-03-03",
        [("olga-petrova", "participant"), ("li-wen", "participant")],
    ) in got
    statement = next(p for p in props if p.type == "statement")
    assert statement.date == "2031-03-04"
    assert next((x.key, x.role) for x in statement.parties) == ("mfa-rus", "speaker")
    development = next(p for p in props if p.type == "development")
    assert (development.date, [x.key for x in development.parties]) == ("2031-03-07", ["usa"])


def test_subject_of_remarks_without_one() -> None:
    props = propose(
        "Met with Foreign Minister Li Wen.",
        published="2029-04-01",
        registry=REG,
        subject="ana-ruiz",
    )
    assert brief(props) == [
        ("meeting", "2029-04-01", [("ana-ruiz", "participant"), ("li-wen", "participant")])
    ]


@pytest.mark.parametrize(
    ("words", "ref", "expected"),
    [
        ("today", "2031-03-05", "2031-03-05"),
        ("yesterday", "2031-03-05", "2031-03-04"),
        ("on Monday", "2031-03-05", "2031-03-03"),  # a Wednesday: the Monday before
        ("on Wednesday", "2031-03-05", "2031-03-05"),
        ("last week", "2031-03-05", "2031-02"),
        ("December 28", "2031-01-03", "2030-12-28"),  # the nearest year
        ("March 27, 2024", "2031-01-03", "2024-03-27"),
        ("03/27/2024", "2031-01-03", "2024-03-27"),
        ("in November", "2031-03-05", "2030-11"),
    ],
)
def test_relative_dates(words: str, ref: str, expected: str) -> None:
    found = find(f"They met {words}.")
    assert len(found) == 1
    resolved = resolve(found[0], date.fromisoformat(ref))
    assert resolved is not None and resolved.text == expected


def test_datelines() -> None:
    assert dateline("December 27, 2017") == "2017-12-27"
    assert dateline("Thursday, July 11, 2024") == "2024-07-11"
    assert dateline("2025-06-01 11:01:42") == "2025-06-01"
    assert dateline("The talks began on July 11, 2024.") is None


def test_html_is_read_with_a_parser_and_scripts_are_dropped() -> None:
    page = (
        b"<!doctype html><html><head><title>Readout</title><script>alert('x')</script>"
        b'<meta property="article:published_time" content="2031-03-05T10:00:00Z"></head>'
        b"<body><style>p{}</style><p>Secretary Ruiz met <b>Omar Haddad</b> today.</p>"
        b"<script>document.write('Ruiz called Li Wen')</script></body></html>"
    )
    doc = decode(page, "page.html")
    assert doc.html and doc.published == "2031-03-05" and doc.title == "Readout"
    assert "alert" not in doc.text and "document.write" not in doc.text
    assert brief(propose(doc.text, published=doc.published, registry=REG)) == [
        ("meeting", "2031-03-05", [("ana-ruiz", "participant"), ("omar-haddad", "participant")])
    ]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "is empty"),
        (b"  \n\n ", "is empty"),
        (b"\x00\x01\x02binary", "binary file"),
        (b"%PDF-1.7 ...", "binary file"),
        (b"Ruiz met Haddad \xff\xfe today.", "not valid UTF-8 (byte 16)"),
        (b"<html><script>x()</script></html>", "without any text"),
    ],
)
def test_bad_input(raw: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        decode(raw, "doc")
