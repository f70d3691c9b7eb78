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

from tracker.api import ActorRef, Tracker
from tracker.log import EventLog

URL = (
    "https://www.newindianexpress.com/world/2021/aug/17/"
    "us-reaches-out-to-russia-china-on-afghanistancrisis-2345596.html"
)
OUTLET = "The New Indian Express (AP)"
PUBLISHED = "2021-08-17"


def source(quote: str) -> dict[str, str]:
    return {"url": URL, "outlet": OUTLET, "published": PUBLISHED, "quote": quote}


ACTORS = [
    # name, kind, country, aliases
    (
        "Antony Blinken",
        "person",
        "USA",
        ["Blinken", "Secretary Blinken", "Tony Blinken", "Secretary of State Antony Blinken"],
    ),
    ("Wang Yi", "person", "CHN", ["Chinese Foreign Minister Wang Yi"]),
    (
        "Sergey Lavrov",
        "person",
        "RUS",
        ["Lavrov", "Sergei Lavrov", "Russian Foreign Minister Sergey Lavrov"],
    ),
    ("Ned Price", "person", "USA", ["Price", "State Department spokesman Ned Price"]),
    ("US Department of State", "organization", "USA", ["State Department", "Department of State"]),
    (
        "Ministry of Foreign Affairs of China",
        "organization",
        "CHN",
        ["Chinese Foreign Ministry", "China's foreign ministry", "Chinese MFA"],
    ),
    (
        "Ministry of Foreign Affairs of Russia",
        "organization",
        "RUS",
        ["Russian Foreign Ministry", "Russia's foreign ministry", "Russian MFA"],
    ),
    ("United States", "state", "USA", ["US", "USA", "U.S.", "Washington"]),
    ("China", "state", "CHN", ["People's Republic of China", "PRC", "Beijing"]),
    ("Russia", "state", "RUS", ["Russian Federation", "Moscow"]),
    ("Pakistan", "state", "PAK", []),
    ("Afghanistan", "state", "AFG", []),
    ("United Nations", "organization", None, ["UN", "U.N."]),
    ("Taliban", "group", "AFG", ["the Taliban"]),
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
    for name, kind, country, aliases in ACTORS:
        tracker.register_actor(name, kind=kind, aliases=aliases, country=country)
    result = tracker.add_events(EVENTS)
    print(f"wrote {len(ACTORS)} actors and {len(result.ids)} events to {log_path}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--log", type=Path, default=Path("data/events.jsonl"))
    return build(parser.parse_args().log)


if __name__ == "__main__":
    sys.exit(main())
