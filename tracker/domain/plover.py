"""PLOVER event types and modes -> tracker types.

CONSULT with mode ``phone`` -> phone_call, ``visit`` -> visit (actor visitor, recipient
host), ``third-party`` -> meeting, ``multilateral`` -> multilateral_meeting (all
participants), no mode -> meeting; AGREE, SUPPORT, REQUEST, DEMAND, ACCUSE, REJECT,
THREATEN, CONCEDE -> statement (actor speaker, recipient addressee); anything else ->
development (all involved).
"""

from __future__ import annotations

from collections.abc import Iterable

from tracker.domain.events.base import DEVELOPMENT_TYPE, STATEMENT_TYPE

PLOVER_VERBAL = frozenset(
    {"AGREE", "SUPPORT", "REQUEST", "DEMAND", "ACCUSE", "REJECT", "THREATEN", "CONCEDE"}
)
PLOVER_CONSULT_MODES = {
    "phone": ("phone_call", "initiator", "recipient"),
    "visit": ("visit", "visitor", "host"),
    "third-party": ("meeting", "initiator", "recipient"),
    "multilateral": ("multilateral_meeting", "participant", "participant"),
}


def plover_type(event: str, modes: Iterable[str]) -> tuple[str, str, str]:
    """The tracker type of a PLOVER event and mode, and the roles of actor and recipient."""
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
