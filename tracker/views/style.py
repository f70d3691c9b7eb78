"""Colour for a terminal: ANSI SGR codes, applied only when asked (``on``).

Whether colour is wanted is the command line's decision (``tracker.cli.screen``: a
terminal, ``NO_COLOR``, ``--no-color``, ``FORCE_COLOR``); these helpers only paint. Text is
made terminal-safe (``markup.safe``) before it is painted, so a hostile string cannot
bring its own escape codes.

>>> paint("Error:", "error", on=True)
'\\x1b[1;31mError:\\x1b[0m'
>>> paint("Error:", "error", on=False)
'Error:'
>>> highlight("Blinken called Wang Yi", ["wang"], on=True)
'Blinken called \\x1b[1;33mWang\\x1b[0m Yi'
"""

from __future__ import annotations

import re
from collections.abc import Iterable

RESET = "\x1b[0m"
STYLES = {
    "error": "1;31",  # bold red
    "warning": "33",
    "header": "1",
    "dim": "2",
    "match": "1;33",  # bold yellow: a search's matches
    "id": "2",
}
# Event types by kind: calls cyan, meetings and visits green, summits magenta, written
# contact yellow, statements blue, developments grey.
TYPE_STYLES = {
    "phone_call": "36",
    "video_call": "36",
    "meeting": "32",
    "visit": "32",
    "negotiation_round": "32",
    "summit": "35",
    "multilateral_meeting": "35",
    "letter": "33",
    "message": "33",
    "statement": "34",
    "development": "90",
}


def paint(text: str, style: str, *, on: bool) -> str:
    """``text`` in ``style`` (a name of ``STYLES`` or ``TYPE_STYLES``), or as it is."""
    code = STYLES.get(style) or TYPE_STYLES.get(style)
    if not on or not code or not text:
        return text
    return f"\x1b[{code}m{text}{RESET}"


def event_type(text: str, *, on: bool) -> str:
    """An event type in its colour (the text may be padded: the padding stays plain)."""
    name = text.strip()
    if not on or name not in TYPE_STYLES:
        return text
    return text.replace(name, paint(name, name, on=True), 1)


def highlight(text: str, terms: Iterable[str], *, on: bool, style: str = "match") -> str:
    """Every occurrence of any of ``terms`` in ``text`` (ignoring case) painted: what a
    search shows of its matches. Longer terms win where two overlap."""
    words = sorted({t for t in terms if t and t.strip()}, key=len, reverse=True)
    if not on or not words:
        return text
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    return pattern.sub(lambda m: paint(m.group(0), style, on=True), text)


def visible(text: str) -> str:
    """``text`` without its colour codes (what a terminal shows of it)."""
    return _SGR.sub("", text)


_SGR = re.compile(r"\x1b\[[0-9;]*m")
