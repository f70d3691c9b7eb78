"""Who took part: the subject and counterparts of a contact, the speaker and addressees
of a statement, the initiator and the place, each a ``Party`` of the proposal.
"""

from __future__ import annotations

import re

from tracker.extract import rules
from tracker.extract.lexicon import title_class
from tracker.extract.proposals import Party, Proposal, SentenceState
from tracker.extract.references import Mention
from tracker.extract.shapes import named_holder


def mention_party(m: Mention, role: str) -> Party | None:
    if m.key is None:
        return None
    return Party(
        m.key,
        role,
        m.actor,
        m.new,
        m.text if m.new is None else m.new.name,
        m.kind,
        m.country,
        # "the Russian President" whom the registry cannot name: the state, until a sentence
        # near it names the person (``pipeline.name_counterparts``)
        unnamed=m.kind == "state" and title_class(m.title or "") is not None,
        office=title_class(m.title or "") if m.kind == "state" else None,
    )


def in_role(p: Party, role: str) -> Party:
    """``p`` in another role (what the text said of it: ``unnamed`` is not carried)."""
    return Party(p.key, role, p.actor, p.new, p.label, p.kind, p.country)


def subject_parties(
    match: rules.Match, mentions: list[Mention], state: SentenceState
) -> list[Party]:
    if match.subj:
        out = []
        for k in match.subj:
            p = mention_party(mentions[k], "participant")
            if p is not None and not mentions[k].adjective:
                out.append(p)
        day = state.narrative or state.ref.isoformat()
        for k in match.subj:  # "X and his Chinese counterpart": X's counterpart
            if mentions[k].counterpart and out:
                p = _counterpart(mentions[k], out, state, day)
                if p is not None and p.key is not None:
                    out.append(p)
        return out
    word = (match.pronoun or "").lower()
    # "X reaffirmed ... when he met with Y": the sentence's first person before the object
    earlier = [m for m in mentions[: min(match.obj, default=0)] if m.kind == "person" and m.key]
    if word in ("he", "she") and state.clause_subject is None and earlier:
        p = mention_party(earlier[0], "participant")
        return [p] if p else []
    if word in ("he", "she"):
        if state.clause_subject is not None:
            # "After X had an opportunity to speak with Y, he then spoke with Z": X
            first = state.clause_subject
            return [in_role(first, "participant")]
        if state.last_contact is not None and state.since_contact <= 3:
            first = state.last_contact.parties[0]
            return [in_role(first, "participant")]
        if state.last_subject is not None:
            p = mention_party(state.last_subject, "participant")
            return [p] if p else []
        if state.subject is not None:
            return [state.subject]
        return []
    if word in ("it", "the ministry"):
        return [state.last_speaker] if state.last_speaker is not None else []
    if word and state.last_contact is not None:  # they, the two, both sides
        return [in_role(p, "participant") for p in state.last_contact.parties]
    return []


def _counterpart(m: Mention, subject: list[Party], state: SentenceState, day: str) -> Party | None:
    reg = state.ctx.registry
    for s in subject:
        if s.actor is None:
            continue
        for office in reg.offices_on(s.actor, day):
            holders = reg.holders(office.title, m.country, day)
            if len(holders) == 1:
                actor = reg.get(holders[0])
                return Party(
                    holders[0],
                    "participant",
                    holders[0],
                    None,
                    actor.name if actor else holders[0],
                    actor.kind if actor else None,
                    m.country,
                )
    if m.country:
        # no holder in the registry: the person of that country and of the subject's office
        # the text named before ("Lavrov arrived ... Qureshi and his Russian counterpart")
        for cls in _classes(subject, state, day):
            earlier = named_holder(state.ctx, cls, m.country)
            if earlier is not None:
                return mention_party(earlier, "participant")
    p = mention_party(m, "participant")
    if p is not None and p.kind == "state":
        p.unnamed = True  # a later sentence may name them (pipeline.name_counterparts)
    return p


def state_counterpart(p: Party, parties: list[Party], state: SentenceState) -> Party:
    """ "his counterparts from the Netherlands": the registry's holder of the subject's
    office (by class) in that state on the day, or the state, unnamed until a sentence names
    them (``pipeline.name_counterparts``)."""
    day = state.narrative or state.ref.isoformat()
    m = Mention(0, 0, p.label, kind="state", country=p.country, counterpart=True)
    holder = _counterpart(m, [q for q in parties if q.kind == "person"][:1], state, day)
    if (
        holder is not None
        and holder.kind == "person"
        and holder.key not in {q.key for q in parties}
    ):
        return holder
    p.unnamed = True
    return p


def _classes(subject: list[Party], state: SentenceState, day: str) -> list[str]:
    """The classes of the subject's offices: the registry's on ``day``, or a new actor's."""
    reg = state.ctx.registry
    titles = [o.title for s in subject if s.actor for o in reg.offices_on(s.actor, day)]
    titles += [s.new.office for s in subject if s.new is not None and s.new.office]
    return [c for c in dict.fromkeys(title_class(t) for t in titles) if c is not None]


def contact_parties(
    c: rules.Match, mentions: list[Mention], state: SentenceState
) -> list[Party] | None:
    subj = subject_parties(c, mentions, state)
    if not subj and state.subject is not None and c.start == 0:
        subj = [state.subject]
    if not subj:
        return None
    objs: list[Party] = []
    day = state.narrative or state.ref.isoformat()
    locations = set(
        rules.mentions_in(" ".join(re.findall(r"\b(?:in|at)\s+(?:the\s+)?@\d+", c.gap)))
    )
    for k in c.obj:
        if k in locations:
            continue
        m = mentions[k]
        if m.counterpart:
            p = _counterpart(m, subj, state, day)
        elif m.adjective:
            continue
        else:
            p = mention_party(m, "participant")
        if p is not None:
            objs.append(p)
    if c.rule.symmetric:
        parties = subj + objs
    else:
        if not objs:
            return None
        parties = subj + objs
    unique: dict[str, Party] = {}
    for p in parties:
        unique.setdefault(p.key, p)
    parties = list(unique.values())
    if c.rule.type == "visit":
        if len(parties) < 2:
            return None
        for p in parties[: len(subj)]:
            p.role = "visitor"
        for p in parties[len(subj) :]:
            p.role = "host"
        return parties  # several hosts: split by split_visits
    body = c.rule.name == "contact.gathered" and parties[0].kind == "international_organization"
    if len(parties) < 2 and not body:
        return None  # (the G7's ministers gathered: the body's meeting)
    if c.rule.name == "contact.was_met_by":  # the one met arrived: the other hosts
        for p in parties[: len(subj)]:
            p.role = "visitor"
        for p in parties[len(subj) :]:
            p.role = "host"
    hosting = c.rule.name == "contact.met" and c.verb in ("hosted", "received", "welcomed")
    if hosting or c.rule.name in ("contact.courtesy_from", "contact.hosted_meal"):
        # (the one called on hosts; the one who gave the dinner)
        for p in parties[: len(subj)]:
            p.role = "host"
        for p in parties[len(subj) :]:
            p.role = "visitor"
    return parties


_EACH = re.compile(
    r"\b(?:held|had)\s+(?:[a-z-]+\s+){0,4}meetings\s+with\b|\bmet\s+(?:with\s+)?(?:his|her|their)\s+counterparts\s+@"
    r"|\band\s+@\d+\s+(?:described|called|termed|hailed|praised|characteri[sz]ed)\s+their\b"  # "A and B described their talks with C"
)


def split_bilateral(parties: list[Party], etype: str, tagged: str) -> list[list[Party]]:
    """ "Spoke with A and B": two calls, unless the words make it one (joint, trilateral);
    "visited Laos and Cambodia": a visit to each."""
    hosts = [p for p in parties if p.role == "host"]
    if etype == "visit" and len(hosts) > 1 and all(p.kind == "state" for p in hosts):
        visitors = [p for p in parties if p.role == "visitor"]
        return [[*visitors, h] for h in hosts]
    separately = etype == "meeting" and (
        re.search(r"\bseparately\b", tagged) is not None
        # "spent hours in meetings with A and B": a meeting with each
        or re.search(r"\bin (?:a series of )?(?:[a-z-]+ )?meetings with\b", tagged) is not None
        # "held (separate, bilateral) meetings with A and B", "met her counterparts from A
        # and B, X and Y": one with each
        or _EACH.search(tagged) is not None
    )
    if (etype not in ("phone_call", "video_call", "letter", "message") and not separately) or len(
        parties
    ) <= 2:
        return [parties]
    if re.search(
        r"\b(?:joint|trilateral|conference call|together|jointly|multilateral|teleconference|video ?conference)\b",
        tagged,
    ):
        return [parties]
    first = parties[0]
    return [
        [
            Party(
                first.key,
                first.role,
                first.actor,
                first.new,
                first.label,
                first.kind,
                first.country,
            ),
            p,
        ]
        for p in parties[1:]
    ]


def set_initiator(prop: Proposal, caller: Party) -> bool:
    """Make ``caller`` (or the one party of its country) the initiator, the rest recipients."""
    chosen = next((p for p in prop.parties if p.key == caller.key), None)
    if chosen is None and caller.country:
        same = [p for p in prop.parties if p.country == caller.country]
        if len(same) == 1:
            chosen = same[0]
    if chosen is None:
        return False
    for p in prop.parties:
        p.role = "initiator" if p is chosen else "recipient"
    return True


def initiator_of(
    prop: Proposal, c: rules.Match, tagged: str, mentions: list[Mention], state: SentenceState
) -> None:
    """Who called: the caller, "at X's request", "received a call from X"."""
    if prop.type == "visit" or any(p.role in ("host", "visitor") for p in prop.parties):
        who = _requester(tagged, mentions)
        if who is not None:
            for p in prop.parties:
                if p.key == who.key or (
                    who.kind == "state" and p.country == who.country and p.kind != "state"
                ):
                    p.role = "host"
        return
    caller: Party | None = None
    if c.rule.initiator == "subj" and c.subj:
        caller = mention_party(mentions[c.subj[0]], "initiator")
    elif c.rule.initiator == "subj" and prop.parties:
        caller = prop.parties[0]
    elif c.rule.initiator == "obj" and c.obj:
        caller = mention_party(mentions[c.obj[0]], "initiator")
    requester = _requester(tagged, mentions)
    if requester is not None:
        caller = requester
    if caller is None:
        return
    set_initiator(prop, caller)


def requester_of(tagged: str, mentions: list[Mention]) -> Party | None:
    return _requester(tagged, mentions)


def _requester(tagged: str, mentions: list[Mention]) -> Party | None:
    m = rules.REQUEST.search(tagged) or rules.REQUEST2.search(tagged)
    if m is None:
        return None
    groups = m.groupdict()
    index = int(
        (groups.get("a") or groups.get("b") or groups.get("c") or groups.get("d") or "@-1")[1:]
    )
    if index < 0 or index >= len(mentions):
        return None
    return mention_party(mentions[index], "initiator")


def location_of(c: rules.Match, mentions: list[Mention]) -> str | None:
    found = re.search(r"\b(?:in|at)\s+(?:the\s+)?@(\d+)", c.gap)
    if found:
        return mentions[int(found.group(1))].text
    return None


def nominal_parties(
    n: rules.Match, mentions: list[Mention], tagged: str, state: SentenceState
) -> list[Party] | None:
    parties = [
        p
        for p in (
            mention_party(mentions[k], "participant")
            for k in [*n.subj, *n.obj]
            if not mentions[k].adjective
        )
        if p
    ]
    if tagged[n.start :].startswith("their") and state.last_contact is not None:
        parties = [in_role(p, "participant") for p in state.last_contact.parties] + parties
    unique = list({p.key: p for p in parties}.values())
    return unique if len(unique) >= 2 else None


def described_visitor(visitor: Party, state: SentenceState) -> Party:
    """ "This marks the Russian minister's first visit": the person of that country the
    last contact told of, or the state."""
    if visitor.kind != "state":
        return visitor
    return next(
        (
            in_role(q, "visitor")
            for prev in state.last_contacts
            for q in prev.parties
            if q.kind == "person" and q.country == visitor.country
        ),
        visitor,
    )
