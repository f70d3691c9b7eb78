"""The day of a speech that relative dates count from: a quote attributed in a later
sentence to a dated speech ("..., Ortagus said in the statement on Monday"), and an undated
quote just after a dated briefing."""

from __future__ import annotations

import re
from datetime import date

from tracker.extract import dates as dates_mod
from tracker.extract.document import Sentence
from tracker.extract.proposals import SentenceState

_QUOTES = ('"', "“", "”")
_SAID_ON = re.compile(r"[\"”]\s*,?[^\"“”]*?\b(?:said|says|told)\b[^\"“”]*$")


_QUOTE_SAID = re.compile(r"[\"”],?\s+(?:[^\"“”]{0,80}?\s)?(?:said|added)\.?\s*$")


def briefing_day(
    body: str, state: SentenceState, index: int, all_sentences: list[Sentence]
) -> date | None:
    """ "Price spoke about this at Wednesday's briefing. '... the Secretary spoke today with
    X,' the spokesperson said.": an undated quote just after a dated statement is of that
    speech, and its "today" is that day."""
    last = state.last_statement
    said = _QUOTE_SAID.search(body)
    if said is None and sum(body.count(q) for q in _QUOTES) % 2 == 1:
        # the quote closes in a later sentence: its attribution is there
        closing = next(
            (
                x.text
                for x in all_sentences[index + 1 : index + 4]
                if any(q in x.text for q in _QUOTES)
            ),
            "",
        )
        said = _QUOTE_SAID.search(closing)
    if (
        last is None
        or last.sentence is None
        or index - last.sentence > 2
        or said is None
        or not body.lstrip().startswith(_QUOTES)
        or dates_mod.find(said.group())
        or not last.date
        or len(last.date) != 10
    ):
        return None
    day = date.fromisoformat(last.date)
    return day if day < state.ref else None


def quoted_speech_day(
    body: str, all_sentences: list[Sentence], index: int, ref: date
) -> date | None:
    """ "Pompeo spoke today with Lavrov. ...," Ortagus said in the statement on Monday.":
    a quote that opens here and closes in a later sentence, attributed there to a dated
    speech; its relative dates count from that day."""
    text = body.lstrip()
    if not text.startswith(_QUOTES) or sum(text.count(q) for q in _QUOTES) % 2 == 0:
        return None
    for later in all_sentences[index + 1 : index + 4]:
        if not any(q in later.text for q in _QUOTES):
            continue
        tail = _SAID_ON.search(later.text)
        if tail is None:
            return None
        for words in dates_mod.find(tail.group()):
            resolved = dates_mod.resolve(words, ref)
            if resolved is not None and resolved.first == resolved.last and resolved.first <= ref:
                return resolved.first
        return None
    return None
