"""A deterministic generator of realistic synthetic logs, written through tracker's own
append path (validation, lock, one write per batch, fsync, hash chain).

    python -m benchmarks.generate --events 100000 --actors 300 --log /tmp/100k.jsonl

The same seed gives the same actors and events (ids and recording times differ: they are
made by the writer). Contacts follow a power law: a few actors take part in most events,
as in real diplomacy. Dates run from 2000 to 2026; summaries are 100-300 characters.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from tracker.domain.events import ActorRegistered, Participant, build_actor, build_occurrence
from tracker.log.file import EventLog

COUNTRIES = (
    "USA", "CHN", "RUS", "GBR", "FRA", "DEU", "IND", "JPN", "BRA", "TUR", "IRN", "ISR",
    "SAU", "PAK", "AFG", "UKR", "KOR", "PRK", "EGY", "ZAF", "NGA", "MEX", "CAN", "AUS",
    "IDN", "QAT", "ARE", "ITA", "ESP", "POL",
)  # fmt: skip
TYPES = (
    ("phone_call", 30), ("meeting", 24), ("statement", 18), ("visit", 9), ("video_call", 6),
    ("message", 4), ("negotiation_round", 3), ("summit", 2), ("multilateral_meeting", 2),
    ("development", 2),
)  # fmt: skip
WORDS = [
    "ministers",
    "discussed",
    "regional",
    "security",
    "ceasefire",
    "humanitarian",
    "access",
    "sanctions",
    "trade",
    "energy",
    "talks",
    "agreed",
    "to",
    "continue",
    "consultations",
    "on",
    "the",
    "situation",
    "expressed",
    "concern",
    "about",
    "escalation",
    "reaffirmed",
    "support",
    "for",
    "dialogue",
    "called",
    "for",
    "restraint",
    "reviewed",
    "bilateral",
    "cooperation",
    "nuclear",
    "programme",
    "maritime",
    "border",
    "elections",
    "refugees",
    "aid",
    "reconstruction",
    "investment",
    "climate",
    "summit",
    "preparations",
    "prisoner",
    "exchange",
]
CAMEO = ("010", "013", "036", "040", "041", "042", "043", "044", "046", "051", "057", "112")
START = date(2000, 1, 1)
DAYS = (date(2026, 12, 31) - START).days


def actors(n: int, rng: random.Random) -> list[ActorRegistered]:
    out = []
    for i in range(n):
        kind = rng.choices(
            ("person", "government_body", "state", "international_organization"), (70, 15, 10, 5)
        )[0]
        country = None if kind == "international_organization" else COUNTRIES[i % len(COUNTRIES)]
        out.append(build_actor(f"Actor {i:04d}", kind, [f"A{i:04d}"], country))
    return out


def summary(rng: random.Random) -> str:
    target = rng.randint(100, 300)
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < target:
        words.append(rng.choice(WORDS))
    text = " ".join(words)[:target].rstrip()
    return text[0].upper() + text[1:] + "."


def events(n: int, people: list[ActorRegistered], rng: random.Random):  # type: ignore[no-untyped-def]
    """Yield n validated occurrences among ``people``, power-law distributed."""
    ids = [a.actor for a in people]
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(ids))]
    names, type_weights = zip(*TYPES, strict=True)
    for _ in range(n):
        etype = rng.choices(names, type_weights)[0]
        size = 1 if etype == "development" else rng.choices((2, 3, 4, 5), (80, 12, 5, 3))[0]
        chosen: list[str] = []
        while len(chosen) < size:
            pick = rng.choices(ids, weights)[0]
            if pick not in chosen:
                chosen.append(pick)
        if etype == "statement":
            roles = ["speaker"] + ["about"] * (len(chosen) - 1)
        elif etype == "development":
            roles = ["involved"] * len(chosen)
        elif etype == "visit":
            roles = ["visitor", "host"] + ["participant"] * (len(chosen) - 2)
        else:
            roles = ["initiator", "recipient"] + ["participant"] * (len(chosen) - 2)
        day = START + timedelta(days=rng.randrange(DAYS))
        yield build_occurrence(
            event_type=etype,
            when=day.isoformat(),
            participants=[Participant(a, r) for a, r in zip(chosen, roles, strict=True)],
            summary=summary(rng),
            sources=[{"url": f"https://news.example.org/{day:%Y/%m/%d}/{rng.randrange(10**9)}"}],
            topics=[rng.choice(("security", "trade", "energy", "humanitarian", "diplomacy"))],
            cameo=rng.choice(CAMEO) if rng.random() < 0.6 else None,
        )


def generate(
    path: Path, n_events: int, n_actors: int = 300, *, seed: int = 1, batch: int = 10_000
) -> float:
    """Write a new log at ``path``; returns the seconds it took."""
    if path.exists() and path.stat().st_size:
        raise SystemExit(f"{path} already holds events")
    started = time.perf_counter()
    rng = random.Random(seed)
    log = EventLog.create(path)
    people = actors(n_actors, rng)
    log.append(people, recorded_by="generator")
    pending = []
    for event in events(n_events, people, rng):
        pending.append(event)
        if len(pending) >= batch:
            log.append(pending, recorded_by="generator")
            pending = []
    if pending:
        log.append(pending, recorded_by="generator")
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--actors", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--log", type=Path, required=True)
    args = parser.parse_args()
    seconds = generate(args.log, args.events, args.actors, seed=args.seed)
    print(f"wrote {args.events} events among {args.actors} actors to {args.log} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
