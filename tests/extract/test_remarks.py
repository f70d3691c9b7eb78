"""Trip remarks in HistoryAtState's style (written for these tests) to proposed meetings."""

from __future__ import annotations

from tracker.extract import Actor, Office, build
from tracker.extract.remarks import propose_remarks

REG = build(
    [
        Actor("ana-ruiz", "Ana Ruiz", "person", "USA", ("Ruiz",)),
        Actor("kenji-sato", "Kenji Sato", "person", "JPN", ("Sato",)),
        Actor("japan", "Japan", "state", "JPN"),
    ],
    [Office("kenji-sato", "Minister for Foreign Affairs", (), None, "JPN", "2030-01-01", None)],
    [],
)


def brief(props: list) -> list[tuple[str, str, list[tuple[str, str]]]]:
    return [(p.type, p.date, [(x.label, x.role) for x in p.parties]) for p in props]


def test_met_with_a_minister_is_a_meeting_of_the_traveller_on_the_stop_s_day() -> None:
    props = propose_remarks(
        "Met with Minister for Foreign Affairs Kenji Sato.",
        day="2031-03-15", traveller="ana-ruiz", registry=REG,
    )  # fmt: skip
    assert brief(props) == [
        ("meeting", "2031-03-15", [("Ana Ruiz", "participant"), ("Kenji Sato", "participant")])
    ]


def test_several_people_the_xml_s_whitespace_and_discussed_with() -> None:
    text = """Met with Prime Minister Hiro Tanaka and
              Foreign Minister Kenji Sato. Discussed regional security with Defense Minister
              Yuki Mori."""
    props = propose_remarks(text, day="2031-03-16", traveller="ana-ruiz", registry=REG)
    assert [[x.label for x in p.parties] for p in props] == [
        ["Ana Ruiz", "Hiro Tanaka", "Kenji Sato"],
        ["Ana Ruiz", "Yuki Mori"],
    ]
    assert {p.type for p in props} == {"meeting"}


def test_attended_signed_and_accompanied_are_not_meetings() -> None:
    for text in (
        "Attended the NATO Ministerial Meeting.",
        "Signed the Arctic Cooperation Agreement.",
        "",
        "   ",
    ):
        assert propose_remarks(text, day="2031-03-16", traveller="ana-ruiz", registry=REG) == []


def test_a_place_before_a_title_is_not_a_person() -> None:
    props = propose_remarks(
        "Met with Abu Dhabi Crown Prince Khalid bin Omar.",
        day="2031-03-17", traveller="ana-ruiz", registry=REG,
    )  # fmt: skip
    assert [[x.label for x in p.parties] for p in props] == [
        ["Ana Ruiz", "Crown Prince Khalid bin Omar"]
    ]


def test_names_with_hyphenated_particles() -> None:
    props = propose_remarks(
        "Met with Foreign Minister Faris al-Rashid and King Omar bin Khalid al-Nasser.",
        day="2031-03-18", traveller="ana-ruiz", registry=REG,
    )  # fmt: skip
    assert [[x.label for x in p.parties] for p in props] == [
        ["Ana Ruiz", "Faris al-Rashid", "King Omar bin Khalid al-Nasser"]
    ]
