"""CAMEO event codes: the Goldstein score of a code (-10 conflict .. +10 cooperation), the
tracker type a code stands for, and a short description of it.

The score belongs to the code, not to a single event. Values for 01-05 follow
shared/FORMATS.md; a code not listed takes its root's score (the first two digits).

CAMEO event codes -> tracker types, roles of actor 1 / actor 2::

    040 consult                  meeting            initiator / recipient
    041 discuss by telephone     phone_call         initiator / recipient
    042 make a visit             visit              visitor / host
    043 host a visit             visit              host / visitor
    044 meet at a third location meeting            initiator / recipient
    045 mediate                  negotiation_round  initiator (the mediator) / recipient
    046 engage in negotiation    negotiation_round  initiator / recipient
    04x other                    meeting            initiator / recipient
    01, 02, 03 (incl. 036),      statement          speaker / addressee
    051-053, 055, 056, 10-13
    everything else (050, 054,   development        involved / involved
    057, 06-09, 14-20)
"""

from __future__ import annotations

from tracker.domain.events.base import DEVELOPMENT_TYPE, STATEMENT_TYPE

# Root codes: the standard CAMEO-Goldstein mapping.
ROOT_SCORES: dict[str, float] = {
    "01": 0.0,
    "02": 3.0,
    "03": 4.0,
    "04": 1.0,
    "05": 3.5,
    "06": 6.0,
    "07": 7.0,
    "08": 5.0,
    "09": -2.0,
    "10": -5.0,
    "11": -2.0,
    "12": -4.0,
    "13": -6.0,
    "14": -6.5,
    "15": -7.2,
    "16": -4.0,
    "17": -7.0,
    "18": -9.0,
    "19": -10.0,
    "20": -10.0,
}

CODE_SCORES: dict[str, float] = {
    "011": -0.1,
    "012": -0.4,
    "013": 0.4,
    "026": 4.0,
    "036": 4.0,
    "037": 5.0,
    "038": 7.0,
    "039": 5.0,
    "040": 1.0,
    "041": 1.0,
    "042": 1.9,
    "043": 2.8,
    "044": 2.5,
    "045": 5.0,
    "046": 7.0,
    "050": 3.5,
    "051": 3.4,
    "052": 3.5,
    "053": 3.8,
    "054": 6.0,
    "055": 7.0,
    "056": 7.0,
    "057": 8.0,
}


def goldstein(code: str | None) -> float | None:
    """The Goldstein score of a CAMEO code, or None for no code or an unknown root.

    >>> goldstein("043"), goldstein("0431"), goldstein("190"), goldstein(None)
    (2.8, 2.8, -10.0, None)
    """
    if not code:
        return None
    for prefix in (code, code[:3]):
        if prefix in CODE_SCORES:
            return CODE_SCORES[prefix]
    return ROOT_SCORES.get(code[:2])


# Short descriptions of CAMEO codes, for the summaries of coded rows (FORMATS.md, 01-05;
# root names for the rest). The 015-018 wording follows CAMEO 1.1b3.
CAMEO_TEXT = {
    "01": "Make public statement",
    "010": "Make statement",
    "011": "Decline comment",
    "012": "Make pessimistic comment",
    "013": "Make optimistic comment",
    "014": "Consider policy option",
    "015": "Acknowledge or claim responsibility",
    "016": "Deny responsibility",
    "017": "Engage in symbolic act",
    "018": "Make empathetic comment",
    "019": "Express accord",
    "02": "Appeal",
    "026": "Appeal to others to meet or negotiate",
    "03": "Express intent to cooperate",
    "036": "Express intent to meet or negotiate",
    "04": "Consult",
    "040": "Consult",
    "041": "Discuss by telephone",
    "042": "Make a visit",
    "043": "Host a visit",
    "044": "Meet at a third location",
    "045": "Mediate",
    "046": "Engage in negotiation",
    "05": "Engage in diplomatic cooperation",
    "051": "Praise or endorse",
    "052": "Defend verbally",
    "053": "Rally support",
    "054": "Grant diplomatic recognition",
    "055": "Apologize",
    "056": "Forgive",
    "057": "Sign formal agreement",
    "06": "Engage in material cooperation",
    "07": "Provide aid",
    "08": "Yield",
    "09": "Investigate",
    "10": "Demand",
    "11": "Disapprove",
    "12": "Reject",
    "13": "Threaten",
    "14": "Protest",
    "15": "Exhibit force posture",
    "16": "Reduce relations",
    "17": "Coerce",
    "18": "Assault",
    "19": "Fight",
    "20": "Use unconventional mass violence",
}

_CONSULT_TYPES = {
    "040": ("meeting", "initiator", "recipient"),
    "041": ("phone_call", "initiator", "recipient"),
    "042": ("visit", "visitor", "host"),
    "043": ("visit", "host", "visitor"),
    "044": ("meeting", "initiator", "recipient"),
    "045": ("negotiation_round", "initiator", "recipient"),
    "046": ("negotiation_round", "initiator", "recipient"),
}
_VERBAL_ROOTS = frozenset({"01", "02", "03", "10", "11", "12", "13"})
_VERBAL_CODES = frozenset({"051", "052", "053", "055", "056"})


def cameo_type(code: str) -> tuple[str, str, str]:
    """The tracker type of a CAMEO event code, and the roles of actor 1 and actor 2.

    >>> cameo_type("042"), cameo_type("036")[0], cameo_type("190")[0]
    (('visit', 'visitor', 'host'), 'statement', 'development')
    """
    root, base = code[:2], code[:3]
    if root == "04":
        return _CONSULT_TYPES.get(base, ("meeting", "initiator", "recipient"))
    if root in _VERBAL_ROOTS or base in _VERBAL_CODES:
        return (STATEMENT_TYPE, "speaker", "addressee")
    return (DEVELOPMENT_TYPE, "involved", "involved")


def cameo_text(code: str) -> str:
    return CAMEO_TEXT.get(code[:3]) or CAMEO_TEXT.get(code[:2]) or f"CAMEO event {code}"
