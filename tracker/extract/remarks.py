"""The contacts a trip stop's remarks report: HistoryAtState's "Met with Foreign Minister
Toshimitsu Motegi." is a meeting of the traveller, on the stop's day.

The remarks have no subject (the traveller is the record's) and no date (the stop's); the
stop itself is the visit (the importer records it), so only the other contacts are
proposed. A trip is in person: "Discussed X with Y" is a meeting, not a guessed call.
"""

from __future__ import annotations

import re

from tracker.extract.pipeline import propose
from tracker.extract.proposals import Proposal
from tracker.extract.registry import Registry

_CONTACTS = frozenset(
    {"meeting", "multilateral_meeting", "summit", "phone_call", "video_call", "negotiation_round"}
)


# A later predicate of the traveller's: "State visit; met with President Li", "Addressed the
# Congress and met with President Arroyo", "Met with business leaders, addressed the Chamber,
# and met with Foreign Minister X"
_PREDICATE = re.compile(
    r"(?:;|,?\s+and|,)\s+(?:also\s+)?(?=(?:met|discussed|reviewed|conferred|held talks)\b)([a-z])"
)


# a trip's words for meeting someone, read as "Met" (the same length, padded): "Briefed King
# Faisal on ...", "Called on the Emperor", "Audience with Pope John Paul II"
_MEETING_WORDS = re.compile(
    r"(?:^|(?<=[.;]\s))(briefed|called on|paid a call on|(?:had an )?audience with)\s",
    re.IGNORECASE,
)


def predicates(text: str) -> str:
    """``text`` with each later predicate of the traveller's made a sentence of its own, the
    same length (so the evidence's offsets are the text's): "State visit; met with X" is
    read as "State visit. Met with X"; "Briefed X on" as "Met X on"."""

    def met(m: re.Match[str]) -> str:
        word = "met with" if m.group(1).lower().endswith("with") else "met"
        if m.group(1)[0].isupper():
            word = word.capitalize()
        return word.ljust(len(m.group(1))) + " "

    out = _MEETING_WORDS.sub(met, text)
    return _PREDICATE.sub(lambda m: "." + " " * (len(m.group()) - 2) + m.group(1).upper(), out)


def propose_remarks(text: str, *, day: str, traveller: str, registry: Registry) -> list[Proposal]:
    """The meetings (and calls) ``text`` reports, each with the traveller (a registry id),
    dated ``day`` (YYYY-MM-DD, the stop's first day) unless the remarks date it."""
    plain = " ".join(text.split())  # the XML's line breaks and indentation
    if not plain:
        return []
    me = registry.canonical(traveller)
    out: list[Proposal] = []
    for prop in propose(predicates(plain), published=day, registry=registry, subject=traveller):
        if prop.type not in _CONTACTS or not any(p.key == me for p in prop.parties):
            continue
        if prop.type == "phone_call" and prop.type_uncertain:
            prop.type, prop.type_uncertain = "meeting", False  # on a trip: in person
        out.append(prop)
    return out
