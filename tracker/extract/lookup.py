"""The longest run of a sentence's tokens that is a key of an index (countries, titles,
organisations, a registry's offices): the lookup every mention's shape is read with.
"""

from __future__ import annotations

from typing import Any

from tracker.extract.document import Token

# index -> the word prefixes of its keys ("prime", "prime minister"), so a run stops at the
# first word no key goes on with; the index is kept beside them (its id is not reused)
_PREFIXES: dict[int, tuple[dict[str, Any], frozenset[str]]] = {}


def _prefixes(index: dict[str, Any]) -> frozenset[str]:
    held = _PREFIXES.get(id(index))
    if held is not None and held[0] is index:
        return held[1]
    if len(_PREFIXES) > 16:
        _PREFIXES.clear()
    words: set[str] = set()
    for key in index:
        parts = key.split(" ")
        words.update(" ".join(parts[: k + 1]) for k in range(len(parts)))
    _PREFIXES[id(index)] = (index, frozenset(words))
    return _PREFIXES[id(index)][1]


def longest_key(
    index: dict[str, Any], toks: list[Token], i: int, longest: int
) -> tuple[int, str] | None:
    """The longest run of tokens from ``i`` whose normalised text is a key of ``index``."""
    best = None
    key = ""
    prefixes = _prefixes(index)
    for j in range(i, min(len(toks), i + longest)):
        key = toks[j].folded if j == i else f"{key} {toks[j].folded}"
        if key not in prefixes:
            break
        if key in index:
            best = (j + 1, key)
    return best
