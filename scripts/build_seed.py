"""Write the shipped log, data/events.jsonl, from the seed article, through tracker's own code.

The article: "US reaches out to Russia, China on Afghanistan crisis", The New Indian
Express (from AP), 17 August 2021 (shared/seeds/). Only what it supports goes in. Each
event cites it and is dated as the article dates it: the embassy evacuation "a day
before" Monday's calls (Sunday 15 August 2021); the calls, and the statements about them,
on Monday 16 August 2021.

    python scripts/build_seed.py [--log data/events.jsonl]

It refuses to touch a log that already holds events: the shipped log is built once and
committed; later facts are appended with `tracker add-event`.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tracker.log.file import EventLog
from tracker.services.recording import ActorRef
from tracker.services.tracker import Tracker

URL = (
    "https://www.newindianexpress.com/world/2021/aug/17/"
    "us-reaches-out-to-russia-china-on-afghanistancrisis-2345596.html"
)
OUTLET = "The New Indian Express (AP)"
PUBLISHED = "2021-08-17"


def source(quote: str) -> dict[str, str]:
    return {"url": URL, "outlet": OUTLET, "published": PUBLISHED, "quote": quote}


ACTORS = [
    # name, kind, country, aliases, external ids
    ("Antony Blinken", "person", "USA",
     ["Blinken", "Secretary Blinken", "Tony Blinken", "Secretary of State Antony Blinken"], {}),
    ("Wang Yi", "person", "CHN", [], {}),
    ("Sergey Lavrov", "person", "RUS", ["Lavrov", "Sergei Lavrov"], {}),
    ("Ned Price", "person", "USA", [], {}),
    ("US Department of State", "government_body", "USA",
     ["State Department", "Department of State", "U.S. Department of State"], {"cameo": "USAGOV"}),
    ("Ministry of Foreign Affairs of China", "government_body", "CHN",
     ["Chinese Foreign Ministry", "China's foreign ministry", "Chinese MFA"], {"cameo": "CHNGOV"}),
    ("Ministry of Foreign Affairs of Russia", "government_body", "RUS",
     ["Russian Foreign Ministry", "Russia's foreign ministry", "Russian MFA"], {"cameo": "RUSGOV"}),
    ("United States", "state", "USA", ["US", "USA", "U.S.", "Washington"],
     {"wikidata": "Q30", "cameo": "USA"}),
    ("China", "state", "CHN", ["People's Republic of China", "PRC", "Beijing"],
     {"wikidata": "Q148", "cameo": "CHN"}),
    ("Russia", "state", "RUS", ["Russian Federation", "Moscow"],
     {"wikidata": "Q159", "cameo": "RUS"}),
    ("Pakistan", "state", "PAK", [], {"wikidata": "Q843", "cameo": "PAK"}),
    ("Afghanistan", "state", "AFG", [], {"wikidata": "Q889", "cameo": "AFG"}),
    ("United Nations", "international_organization", None, ["UN", "U.N."], {"wikidata": "Q1065"}),
    ("Taliban", "group", "AFG", ["the Taliban"], {}),
]  # fmt: skip

# Offices held (public record): actor, office, organization, from, to, other names.
OFFICES = [
    ("Antony Blinken", "Secretary of State", "US Department of State", "2021-01-26",
     "2025-01-20", []),
    ("Wang Yi", "Foreign Minister", "Ministry of Foreign Affairs of China", "2013-03-16",
     "2022-12-30", ["Minister of Foreign Affairs", "Chinese Foreign Minister"]),
    ("Wang Yi", "Foreign Minister", "Ministry of Foreign Affairs of China", "2023-07-25", None,
     ["Minister of Foreign Affairs", "Chinese Foreign Minister"]),
    ("Sergey Lavrov", "Foreign Minister", "Ministry of Foreign Affairs of Russia", "2004-03-09",
     None, ["Minister of Foreign Affairs", "Russian Foreign Minister"]),
    # Price's first month and last year are what is certain; the precision says so.
    ("Ned Price", "Spokesperson", "US Department of State", "2021-01", "2023",
     ["State Department spokesperson", "State Department spokesman", "Department spokesman"]),
]  # fmt: skip

# Affiliations: actor, organization or state, relation, from, to.
AFFILIATIONS = [
    ("US Department of State", "United States", "part_of", None, None),
    ("Ministry of Foreign Affairs of China", "China", "part_of", None, None),
    ("Ministry of Foreign Affairs of Russia", "Russia", "part_of", None, None),
    # UN membership: the PRC holds China's seat since 1971-10-25; the Russian Federation
    # the USSR's since 1991-12-24.
    ("United States", "United Nations", "member_of", "1945-10-24", None),
    ("China", "United Nations", "member_of", "1971-10-25", None),
    ("Russia", "United Nations", "member_of", "1991-12-24", None),
    ("Pakistan", "United Nations", "member_of", "1947-09-30", None),
    ("Afghanistan", "United Nations", "member_of", "1946-11-19", None),
]

EVENTS = [
    {
        "type": "development",
        "when": "2021-08-15",
        "participants": [ActorRef("United States", "involved")],
        "summary": "The US evacuated its embassy in Kabul and relocated its remaining diplomats "
        "to the airport.",
        "topics": ["Afghanistan", "evacuation"],
        "location": "Kabul",
        "sources": [
            source(
                "Department spokesman Ned Price said Blinken called Chinese Foreign "
                "Minister Wang Yi and Russian Foreign Minister Sergey Lavrov a day after "
                "the US evacuated its embassy in Kabul and relocated remaining "
                "diplomats to the airport."
            )
        ],
    },
    {
        "type": "phone_call",
        "when": "2021-08-16",
        "participants": [ActorRef("Antony Blinken", "initiator"), ActorRef("Wang Yi", "recipient")],
        "summary": "Secretary of State Antony Blinken called Chinese Foreign Minister Wang Yi about "
        "developments in Afghanistan, including the security situation.",
        "topics": ["Afghanistan", "security"],
        "cameo": "041",
        "sources": [
            source(
                "The State Department says Secretary of State Antony Blinken spoke on "
                'Monday to his Chinese and Russian counterparts about "developments in '
                'Afghanistan, including the security situation."'
            )
        ],
    },
    {
        "type": "phone_call",
        "when": "2021-08-16",
        "participants": [
            ActorRef("Antony Blinken", "initiator"),
            ActorRef("Sergey Lavrov", "recipient"),
        ],
        "summary": "Blinken called Russian Foreign Minister Sergey Lavrov about developments in "
        "Afghanistan. By Russia's account they discussed the situation after the flight of the "
        "country's leader and agreed to continue consultations involving China, Pakistan, other "
        "interested nations and the UN to press for an intra-Afghan dialogue.",
        "topics": ["Afghanistan", "security", "intra-Afghan dialogue"],
        "cameo": "041",
        "sources": [
            source(
                "The two agreed 'to continue consultations' that would involve China, "
                "Pakistan, other 'interested nations' and the UN to try to press for an "
                "intra-Afghan dialogue."
            )
        ],
    },
    {
        "type": "statement",
        "when": "2021-08-16",
        "participants": [
            ActorRef("Ned Price", "speaker"),
            ActorRef("Antony Blinken", "about"),
            ActorRef("Wang Yi", "about"),
            ActorRef("Sergey Lavrov", "about"),
        ],
        "summary": "State Department spokesman Ned Price said Blinken had called Wang Yi and "
        "Sergey Lavrov about developments in Afghanistan, a day after the US evacuated its Kabul "
        "embassy.",
        "topics": ["Afghanistan"],
        "cameo": "010",
        "sources": [
            source(
                "Department spokesman Ned Price said Blinken called Chinese Foreign "
                "Minister Wang Yi and Russian Foreign Minister Sergey Lavrov a day after "
                "the US evacuated its embassy in Kabul and relocated remaining "
                "diplomats to the airport."
            )
        ],
    },
    {
        "type": "statement",
        "when": "2021-08-16",
        "participants": [
            ActorRef("Ministry of Foreign Affairs of China", "speaker"),
            ActorRef("Afghanistan", "about"),
            ActorRef("Taliban", "about"),
        ],
        "summary": "China said its embassy in Kabul remains open and is willing to assist with "
        "Afghan reconstruction. The foreign ministry would not say if Beijing would recognize the "
        "Taliban as the new government, but said China would respect the choice of the Afghan "
        "people.",
        "topics": ["Afghanistan", "embassy", "recognition"],
        "location": "Beijing",
        "cameo": "010",
        "sources": [
            source(
                "Earlier Monday, China said its embassy in Kabul remains open and is "
                "willing to assist with Afghan reconstruction."
            )
        ],
    },
    {
        "type": "statement",
        "when": "2021-08-16",
        "participants": [
            ActorRef("Ministry of Foreign Affairs of Russia", "speaker"),
            ActorRef("Sergey Lavrov", "about"),
            ActorRef("Antony Blinken", "about"),
            ActorRef("China", "about"),
            ActorRef("Pakistan", "about"),
            ActorRef("United Nations", "about"),
            ActorRef("Afghanistan", "about"),
        ],
        "summary": "Russia's foreign ministry said Lavrov and Blinken discussed the situation in "
        "Afghanistan after the flight of the country's leader, disintegration of the existing "
        "government bodies and a de-facto ongoing regime change; Lavrov shared Russian assessments "
        "and Moscow's contacts with all main political forces in Afghanistan; the two agreed to "
        "continue consultations involving China, Pakistan, other interested nations and the UN.",
        "topics": ["Afghanistan", "intra-Afghan dialogue"],
        "cameo": "010",
        "sources": [
            source(
                "Russia's foreign ministry said Lavrov and Blinken \"discussed the "
                "situation in Afghanistan after the flight of the country's leader, "
                "disintegration of the existing government bodies and a de-facto "
                'ongoing regime change."'
            )
        ],
    },
]


def build(log_path: Path) -> int:
    log = EventLog(log_path)
    if log.exists() and log.path.stat().st_size:
        print(f"{log_path} already holds events; the seed is built once", file=sys.stderr)
        return 1
    os.environ.setdefault("TRACKER_USER", "tracker-seed (from shared/seeds)")
    EventLog.create(log_path)
    tracker = Tracker(log_path)
    for name, kind, country, aliases, ids in ACTORS:
        tracker.register_actor(name, kind=kind, aliases=aliases, country=country, external_ids=ids)
    for name, office, org, start, end, office_aliases in OFFICES:
        tracker.hold_office(name, office, org=org, start=start, end=end, aliases=office_aliases)
    for name, org, relation, start, end in AFFILIATIONS:
        tracker.affiliate(name, org, relation=relation, start=start, end=end)
    result = tracker.add_events(EVENTS)
    print(
        f"wrote {len(ACTORS)} actors, {len(OFFICES)} offices, {len(AFFILIATIONS)} affiliations"
        f" and {len(result.ids)} events to {log_path}"
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--log", type=Path, default=Path("data/events.jsonl"))
    return build(parser.parse_args().log)


if __name__ == "__main__":
    sys.exit(main())
