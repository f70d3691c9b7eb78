"""CAMEO event codes: the Goldstein score of a code (-10 conflict .. +10 cooperation).

The score belongs to the code, not to a single event. Values for 01-05 follow
shared/FORMATS.md; a code not listed takes its root's score (the first two digits).
"""

from __future__ import annotations

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
