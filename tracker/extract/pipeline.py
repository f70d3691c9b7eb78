"""``propose(text, published=..., registry=...)``: the contacts, statements and
developments a text reports, as proposals in ``add-event --json``'s format.

One pass over the sentences (``sentence``): find the mentions and date words, tag the
sentence, run the rules, drop what is planned, requested, hypothetical, denied or asked,
resolve the date (against the publication day, or the day of the speech), then merge what
the text tells twice into one proposal (``proposals``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from tracker.extract.dates import wire_dateline
from tracker.extract.document import Sentence, sentences
from tracker.extract.lexicon import title_class
from tracker.extract.places import wire_city
from tracker.extract.proposals import Party, Proposal, SentenceState, merge_proposals
from tracker.extract.references import Context, Mention
from tracker.extract.registry import Registry
from tracker.extract.registry import Registry as _Registry
from tracker.extract.rules import DENIAL_WORDS
from tracker.extract.sentence import read_sentence
from tracker.extract.transcripts import headline_only, label_speaker, title_speaker


def propose(
    text: str,
    *,
    published: str | date | None,
    registry: Registry | None = None,
    subject: str | None = None,
) -> list[Proposal]:
    """The events ``text`` reports. ``published`` anchors relative dates (a dateline in
    the text overrides it below itself); ``subject`` is whom subjectless remarks are of
    ("Met with Foreign Minister X", in HistoryAtState trip remarks): a registry id."""
    reg = registry if registry is not None else _Registry()
    ref = _as_date(published)
    state = SentenceState(Context(reg), ref or date.today())
    if subject:
        actor = reg.get(subject)
        state.subject = Party(
            reg.canonical(subject),
            "participant",
            actor=reg.canonical(subject),
            label=actor.name if actor else subject,
            kind=actor.kind if actor else None,
            country=actor.country if actor else None,
        )
    found: list[Proposal] = []
    all_sentences = sentences(text)
    state.disputed = bool(DENIAL_WORDS.search(text.lower()))
    for index, sent in enumerate(all_sentences):
        if sent.dateline:
            day = date.fromisoformat(sent.dateline)
            # a dateline counts when it is the text's own day: a republisher's stray date
            # ("Tuesday, 02 January 2024 12:17 GMT" above a 2025 readout) is not
            if ref is None or timedelta(0) <= ref - day <= timedelta(days=_DATELINE_DAYS):
                state.ref = day
                state.narrative = None
            continue
        if sent.line_start:
            labelled, person = label_speaker(sent.text, state.ctx, state.ref.isoformat())
            if labelled:
                state.speaker = person
            elif index < 2 and state.speaker is None:  # "Remarks by X at the press conference"
                state.speaker = title_speaker(sent.text, state.ctx, state.ref.isoformat())
        if index < 3 and sent.line_start and state.here is None:
            state.here = wire_city(sent.text)  # "ISLAMABAD: X arrived here"
        wire = wire_dateline(sent.text, ref) if sent.line_start and ref is not None else None
        if wire is not None and timedelta(0) <= ref - wire[0] <= timedelta(days=_DATELINE_DAYS):  # type: ignore[operator]
            # "NEW DELHI, Sept 27 (ANI): ... on Thursday": the lead's day, the lead no clause
            state.ref, state.narrative = wire[0], None
            sent = replace(sent, start=sent.start + wire[1], text=sent.text[wire[1] :])
        found.extend(read_sentence(sent, state, all_sentences, index))
    name_counterparts(found, state)
    found = headline_only(told_during(found, all_sentences))
    return merge_proposals(found, reg, text)


# "This came during a telephone conversation conducted by X with Y": what the sentence
# before told was said in that contact
_CAME_DURING = re.compile(
    r"^(?:this|that|it|these remarks|the remarks|the announcement|the statement)\s+(?:came|was made|were made)\s+"
    r"(?:during|in|at|on the sidelines of)\b",
    re.I,
)


def told_during(found: list[Proposal], all_sentences: list[Sentence]) -> list[Proposal]:
    """The statements of the sentence before "This came during <a contact>", of or about its
    parties, dropped: the contact's content, not statements of their own."""
    drop: set[int] = set()
    for prop in found:
        at = prop.sentence
        if prop.type == "statement" or at is None or at == 0:
            continue
        if not _CAME_DURING.match(all_sentences[at].text.strip()):
            continue
        keys = {p.key for p in prop.parties}
        for other in found:
            if (
                other.type == "statement"
                and other.sentence == at - 1
                and keys & {p.key for p in other.parties}
            ):
                drop.add(id(other))
    return [p for p in found if id(p) not in drop]


def name_counterparts(found: list[Proposal], state: SentenceState) -> None:
    """ "held video talks with his Indian counterpart. In the talks, Choi and Riva Das,
    secretary east in India's ministry, agreed ...": the counterpart is the person of that
    country the next sentences name."""
    for prop in found:
        at = prop.sentence
        if at is None:
            continue
        for k, p in enumerate(prop.parties):
            if not p.unnamed:
                continue
            keys = {q.key for q in prop.parties}
            day = prop.date or state.ref.isoformat()
            person = next(
                (
                    m
                    for i in (at, at + 1, at + 2, at + 3, at + 4, at - 1, at - 2)
                    for m in state.people.get(i, [])
                    if m.country == p.country and m.key not in keys
                    and _may_hold(m, p.office, state, day)
                ),
                None,
            )  # fmt: skip
            if person is not None and person.key is not None:
                prop.parties[k] = Party(
                    person.key,
                    p.role,
                    person.actor,
                    person.new,
                    person.text if person.new is None else person.new.name,
                    person.kind,
                    person.country,
                )
    for prop in found:
        at = prop.sentence or 0
        for k, p in enumerate(prop.parties):
            if not p.unnamed or p.kind != "state":
                continue
            keys = {q.key for q in prop.parties}
            # "held meetings with his counterparts from Nepal, Bhutan and Bangladesh", then,
            # sentences later, "also met Bhutanese Foreign Minister Tandi Dorji": that meeting
            later = next(
                (
                    q
                    for other in found
                    if other is not prop and other.type == prop.type and other.date == prop.date
                    and (other.sentence or 0) > at and keys - {p.key} <= {x.key for x in other.parties}
                    for q in other.parties
                    if q.kind == "person" and q.country == p.country and q.key not in keys
                ),
                None,
            )  # fmt: skip
            if later is not None:
                prop.parties[k] = Party(
                    later.key,
                    p.role,
                    later.actor,
                    later.new,
                    later.label,
                    later.kind,
                    later.country,
                )


def _may_hold(m: Mention, office: str | None, state: SentenceState, day: str) -> bool:
    """Whether ``m`` may be the holder of an office of that class: no office known of them,
    or one of that class ("the NSAs of India and Pakistan" are not the MEA's spokesperson)."""
    titles = [m.title] if m.title else []
    if m.actor:
        titles += [o.title for o in state.ctx.registry.offices_on(m.actor, day[:10])]
    if m.new is not None and m.new.office:
        titles.append(m.new.office)
    classes = {title_class(t) for t in titles} - {None, "minister"}  # ("minister": any)
    return office is None or not classes or office in classes


_DATELINE_DAYS = 62  # how long before the publication day a dateline may lie


def _as_date(value: str | date | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
