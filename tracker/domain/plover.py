"""PLOVER event types and modes -> tracker types, and PLOVER's quad categories.

CONSULT with mode ``phone`` -> phone_call, ``visit`` -> visit (source visitor, recipient
host), ``third-party`` -> meeting, ``multilateral`` -> multilateral_meeting (all
participants), no mode -> meeting; the verbal categories AGREE, SUPPORT, CONCEDE,
REQUEST, DEMAND, ACCUSE, DISAPPROVE (PLOVER 0.5-0.7), REJECT and THREATEN -> statement
(source speaker, recipient addressee); anything else (COOPERATE, AID, RETREAT,
INVESTIGATE, SANCTION, PROTEST, MOBILIZE, COERCE, ASSAULT, FIGHT, CRIME, ...) ->
development (all involved).

Quad codes follow the PLOVER manual (draft 0.8): 1 verbal cooperation (AGREE, CONSULT,
SUPPORT, CONCEDE), 2 material cooperation (COOPERATE, AID, RETREAT, INVESTIGATE), 3 verbal
conflict (REQUEST, DEMAND, ACCUSE, DISAPPROVE, REJECT, SANCTION, THREATEN), 4 material
conflict (PROTEST, CRIME, MOBILIZE, COERCE, ASSAULT, FIGHT). REQUEST, which replaced
DEMAND in OEDA's 2021 CAMEO2PLOVER table, is put where DEMAND was.
"""

from __future__ import annotations

from collections.abc import Iterable

from tracker.domain.events.base import DEVELOPMENT_TYPE, STATEMENT_TYPE

PLOVER_VERBAL = frozenset(
    {
        "AGREE",
        "SUPPORT",
        "CONCEDE",
        "REQUEST",
        "DEMAND",
        "ACCUSE",
        "DISAPPROVE",
        "REJECT",
        "THREATEN",
    }
)
PLOVER_CONSULT_MODES = {
    "phone": ("phone_call", "initiator", "recipient"),
    "visit": ("visit", "visitor", "host"),
    "third-party": ("meeting", "initiator", "recipient"),
    "multilateral": ("multilateral_meeting", "participant", "participant"),
}
_QUADS = {
    1: ("AGREE", "CONSULT", "SUPPORT", "CONCEDE"),
    2: ("COOPERATE", "AID", "RETREAT", "INVESTIGATE"),
    3: ("REQUEST", "DEMAND", "ACCUSE", "DISAPPROVE", "REJECT", "SANCTION", "THREATEN"),
    4: ("PROTEST", "CRIME", "MOBILIZE", "COERCE", "ASSAULT", "FIGHT"),
}
QUAD_OF = {event: quad for quad, events in _QUADS.items() for event in events}


def quad_of(event: str) -> int | None:
    """PLOVER's quad code of an event category (see the module docstring)."""
    return QUAD_OF.get(event.strip().upper())


def plover_type(event: str, modes: Iterable[str]) -> tuple[str, str, str]:
    """The tracker type of a PLOVER event and mode, and the roles of source and recipient."""
    kind = event.strip().upper()
    if kind == "CONSULT":
        for mode in modes:
            found = PLOVER_CONSULT_MODES.get(str(mode).strip().lower().replace("_", "-"))
            if found:
                return found
        return ("meeting", "initiator", "recipient")
    if kind in PLOVER_VERBAL:
        return (STATEMENT_TYPE, "speaker", "addressee")
    return (DEVELOPMENT_TYPE, "involved", "involved")
