"""Close matches for a name nobody has: scored by its parts, ranked, capped, cut off.

A person is asked for by one part of the name as often as by all of it ("Truss",
"Lavrov"), so a name is scored word by word: each word of the query against the best
word of the candidate (the same word scores 100, the start of one of at least three
letters 90, else rapidfuzz's ``ratio``, an edit-distance similarity), averaged by the
words' lengths; the whole strings' ``ratio`` counts when it is higher ("AntonyBlinken").
Words of one or two letters only count when they are equal ("US" is not "UN"). Case,
accents and dots are ignored (``name_key``).

A score below ``CUTOFF`` is no suggestion: "Truss" scores about 73 against "Russia" and
36 against "United States" (rapidfuzz's ``WRatio``, used before, ranked "United States"
first and had no cut-off), and an unknown "Jake Sullivan" is shown none rather than
far-fetched ones. At most ``LIMIT`` names are suggested, best first.

>>> names = ["Elizabeth Truss", "United States", "Russia", "Sergey Lavrov", "Elizabeth Warren"]
>>> closest("Truss", names)
['Elizabeth Truss']
>>> closest("Lavrow", names), closest("elizabeth truss", names)
(['Sergey Lavrov'], ['Elizabeth Truss'])
>>> closest("Elizabeth", names)
['Elizabeth Truss', 'Elizabeth Warren']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from tracker.domain.names import name_key

CUTOFF = 80.0
LIMIT = 5
PREFIX = 90.0  # the query's word is the start of the candidate's ("Lavr", "Lavrov")
_WORD = re.compile(r"\w+")


def words(name: str) -> list[str]:
    return _WORD.findall(name_key(name))


def score(query: str | list[str], candidate: str | list[str]) -> float:
    """How well ``candidate`` matches ``query``, 0 to 100 (see the module docstring).

    >>> score("Truss", "Elizabeth Truss"), score("Truss", "Russia") < CUTOFF
    (100.0, True)
    """
    from rapidfuzz.fuzz import ratio

    asked = words(query) if isinstance(query, str) else query
    have = words(candidate) if isinstance(candidate, str) else candidate
    if not asked or not have:
        return 0.0
    total = 0.0
    for word in asked:
        best = 0.0
        for other in have:
            if word == other:
                best = 100.0
                break
            if len(word) < 3 or len(other) < 3:
                continue
            best = max(best, PREFIX if other.startswith(word) else ratio(word, other))
        total += best * len(word)
    parts = total / sum(len(w) for w in asked)
    return max(parts, ratio(" ".join(asked), " ".join(have)))


def closest(
    query: str,
    names: Iterable[str],
    *,
    limit: int = LIMIT,
    cutoff: float = CUTOFF,
    shown: Sequence[str] | None = None,
) -> list[str]:
    """The names (or, given ``shown``, what each stands for: the actor of an alias) that
    match ``query`` at ``cutoff`` or better, best first (ties: the closer whole string,
    then the name), each once, at most ``limit``."""
    from rapidfuzz.fuzz import ratio

    asked = words(query)
    joined = " ".join(asked)
    found: dict[str, tuple[float, float, str]] = {}
    for i, name in enumerate(names):
        have = words(name)
        points = score(asked, have)
        if points < cutoff:
            continue
        display = shown[i] if shown is not None else name
        key = (-points, -ratio(joined, " ".join(have)), display)
        if display not in found or key < found[display]:
            found[display] = key
    return sorted(found, key=found.__getitem__)[:limit]
