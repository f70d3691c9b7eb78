"""Who took part: the subject and counterparts of a contact, the speaker and addressees
of a statement, the initiator and the place, each a ``Party`` of the proposal.
"""

from __future__ import annotations

import re

from tracker.extract import rules
from tracker.extract.document import Sentence
from tracker.extract.lexicon import title_class
from tracker.extract.proposals import Party, Proposal, SentenceState
from tracker.extract.references import Mention
from tracker.extract.shapes import named_holder


def _party(m: Mention, role: str) -> Party | None:
    if m.key is None:
        return None
    return Party(
        m.key, role, m.actor, m.new, m.text if m.new is None else m.new.name, m.kind, m.country
    )


def _as(p: Party, role: str) -> Party:
    """``p`` in another role (what the text said of it: ``unnamed`` is not carried)."""
    return Party(p.key, role, p.actor, p.new, p.label, p.kind, p.country)


def subject_parties(
    match: rules.Match, mentions: list[Mention], state: SentenceState
) -> list[Party]:
    if match.subj:
        out = []
        for k in match.subj:
            p = _party(mentions[k], "participant")
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
        p = _party(earlier[0], "participant")
        return [p] if p else []
    if word in ("he", "she"):
        if state.clause_subject is not None:
            # "After X had an opportunity to speak with Y, he then spoke with Z": X
            first = state.clause_subject
            return [_as(first, "participant")]
        if state.last_contact is not None and state.since_contact <= 3:
            first = state.last_contact.parties[0]
            return [_as(first, "participant")]
        if state.last_subject is not None:
            p = _party(state.last_subject, "participant")
            return [p] if p else []
        if state.subject is not None:
            return [state.subject]
        return []
    if word in ("it", "the ministry"):
        return [state.last_speaker] if state.last_speaker is not None else []
    if word and state.last_contact is not None:  # they, the two, both sides
        return [_as(p, "participant") for p in state.last_contact.parties]
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
                return _party(earlier, "participant")
    p = _party(m, "participant")
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
            p = _party(m, "participant")
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
    if hosting or c.rule.name == "contact.courtesy_from":  # (the one called on hosts)
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
        caller = _party(mentions[c.subj[0]], "initiator")
    elif c.rule.initiator == "subj" and prop.parties:
        caller = prop.parties[0]
    elif c.rule.initiator == "obj" and c.obj:
        caller = _party(mentions[c.obj[0]], "initiator")
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
    return _party(mentions[index], "initiator")


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
            _party(mentions[k], "participant")
            for k in [*n.subj, *n.obj]
            if not mentions[k].adjective
        )
        if p
    ]
    if tagged[n.start :].startswith("their") and state.last_contact is not None:
        parties = [_as(p, "participant") for p in state.last_contact.parties] + parties
    unique = list({p.key: p for p in parties}.values())
    return unique if len(unique) >= 2 else None


def _speaks_for_others(
    p: Party, mentions: list[Mention], s: rules.Match, reg: object, state: SentenceState
) -> bool:
    """A spokesperson (by the title in the text, or an office in the registry)."""
    from tracker.extract.lexicon import title_class

    titles = [mentions[k].title for k in s.subj if mentions[k].title]
    if p.actor:
        day = state.narrative or state.ref.isoformat()
        titles += [o.title for o in state.ctx.registry.offices_on(p.actor, day)]
    return any(title_class(t or "") == "spokesperson" for t in titles)


# What a readout says the parties of a contact did
_READOUT_CONTENT = re.compile(
    r"(?:^|[\"“\s])(?:(?:the\s+)?two\s+(?:sides|ministers|leaders|men|diplomats|officials)|the\s+(?:parties|sides|two"
    r"|(?:foreign\s+)?ministers|heads\s+of\s+[a-z ]{3,40}?)|they|both\s+sides)\s+(?:also\s+)?"
    r"(?:agreed|discussed|exchanged|reaffirmed|reviewed|underscored|stressed|emphasi[sz]ed|confirmed)\b"
)

# the contact just told, named again in what its readout says ("... in the call, X said")
_CONTACT_TOLD = re.compile(
    r"\b(?:in|during|at|after)\s+(?:the|their|this|that|today's)\s+(?:(?:tele)?phone\s+|video\s+)?"
    r"(?:call|conversation|meeting|talks|discussion)\b"
)


def statement_of(
    s: rules.Match,
    tagged: str,
    mentions: list[Mention],
    state: SentenceState,
    sent: Sentence,
    when: object,
    contacts: list[Proposal],
    denial_at: int | None,
) -> Proposal | None:
    if re.match(r"^as\b", tagged.strip()) or re.match(
        r"^(?:as|when|if|after|before)\s+[^,]*$", tagged[: s.start].strip()
    ):
        return None  # "As the Secretary said, ...": a reference back, not news
    if re.search(r"\b(?:since|until|ever since)\s*$", tagged[: s.start]):
        return None  # "their first call since Washington said on Wednesday ...": a reference
    if re.search(
        r"\b(?:would|will|could|may|might|not|never|to|n't)\s*$",
        tagged[max(0, s.verb_at - 12) : s.verb_at],
    ):
        return None
    speakers = subject_parties(s, mentions, state)
    if not speakers:
        return None
    for p in speakers:
        p.role = "speaker"
    denial = s.verb in rules.DENIAL_VERBS or bool(rules.DENIAL_WORDS.search(tagged))
    if contacts and not denial and all(s.verb_at > c.verb_at >= 0 for c in contacts):
        return None  # "A met B, spokesperson X said": the attribution of the contact
    if (
        not denial
        and state.last_contacts
        and state.since_contact <= 3
        and re.search(
            r"\b(?:the two (?:foreign )?(?:ministers|sides|leaders|men|diplomats)|both sides"
            r"|the (?:meeting|call|talks|conversation))\b",
            tagged[s.verb_at :],
        )
    ):
        return None  # a ministry's readout of the contact: "... said, 'The two ministers ...'"
    if not denial and _READOUT_CONTENT.search(tagged):
        # "'The heads of the ministries discussed ...,' the ministry said", "the ministry
        # stated that the parties agreed to ...": a readout of a contact, not a statement
        return None
    if (
        not denial
        and state.last_contacts
        and state.since_contact <= 2
        and re.search(r"[,\"']\s*(?:the\s+|a\s+|an\s+)?$", tagged[: s.start])
        and _CONTACT_TOLD.search(tagged[: s.start])
    ):
        return None  # "They discussed ... in the call, a statement by X said": its readout
    if (
        not denial
        and state.last_contacts
        and state.since_contact <= 2
        and tagged.count('"') == 1
        and re.search(r'"\s*,?\s*(?:the\s+|a\s+)?$', tagged[: s.start])
    ):
        return None  # '"He has just had a call with X. ... We will release a message," Y said'
    recent_keys = {q.key for c in state.last_contacts for q in c.parties}
    reg_ = state.ctx.registry
    if (
        not denial
        and not contacts
        and state.last_contacts
        and state.since_contact <= 2
        and all(_speaks_for_others(p, mentions, s, reg_, state) for p in speakers)
        and any(m.key in recent_keys for k, m in enumerate(mentions) if k not in s.subj)
    ):
        return None  # a spokesperson's readout of the contact just told
    earlier = {q.key for c in state.doc_contacts for q in c.parties}
    if (
        not denial
        and not contacts
        and all(p.key in earlier for p in speakers)
        and not re.search(r"#\d+", tagged)
    ):
        # "Kerry said his country is willing ...", undated, after the call: what the contact
        # was about, not a statement of its own
        return None
    # the content of a contact just reported: "Secretary Blinken said ..." after the readout's
    # call (a joint statement released after their meeting is news of its own)
    recent = contacts or (state.last_contacts if state.since_contact <= 3 else [])
    # ("X said that A and B described their talks with C", after X's own meeting with C)
    recent = recent + [
        c for c in state.doc_contacts if 0 <= state.sentence_index - (c.sentence or 0) <= 3
    ]
    if (
        any(p.key in {q.key for c in recent for q in c.parties} for p in speakers)
        and s.verb not in rules.DENIAL_VERBS
        and s.rule.name != "statement.joint"
    ):
        return None
    when_fn = when  # the sentence's date resolver
    date_text, basis, inherited, _ = when_fn(s, future_ok=True)  # type: ignore[operator]
    if date_text is None or (inherited and s.rule.name == "statement.joint"):
        return None  # "as called for in the Joint Statement made by ...": undated, a reference
    about: list[Party] = []
    speaker_keys = {p.key for p in speakers}
    reg = state.ctx.registry
    for k, m in enumerate(mentions):
        if k in s.subj or m.adjective or m.key is None or m.key in speaker_keys:
            continue
        if any(
            m.actor and p.actor and reg.family(m.actor, p.actor) and m.kind == "state"
            for p in speakers
        ):
            continue
        if any(
            m.kind == "state" and m.country and m.country == p.country and p.kind != "person"
            for p in speakers
        ):
            continue
        if m.kind != "person" and any(
            re.search(rf"@{k}(?:'s|’s)?\s+(?:[a-z-]+\s+){{0,3}}?@{j}\b", tagged) for j in s.subj
        ):
            continue  # "said White House spokesperson X": X's institution, part of the name
        if m.kind == "state" and any(
            x.kind == "person" and x.country == m.country and x.key != m.key
            for x in speakers + [y for y in mentions if y.key and y.key not in speaker_keys]
        ):
            continue  # "the U.S. and Russian presidents": the people, not their states again
        ap = _party(m, "about")
        if ap is not None:
            about.append(ap)
    for c in contacts:
        for q in c.parties:
            if q.key not in speaker_keys and q.key not in {a.key for a in about}:
                about.append(_as(q, "about"))
    parties = list({p.key: p for p in speakers + about}.values())
    if denial:
        for q in state.denied:
            if q.key not in {p.key for p in parties}:
                parties.append(_as(q, "about"))
    rule = s.rule.name + (".denial" if denial else "")
    prop = Proposal(
        "statement",
        date_text,
        parties,
        [(sent.start, sent.end)],
        rule,
        s.rule.confidence,
        date_basis=basis,
        date_inherited=inherited,
    )
    state.last_speaker = speakers[0]
    state.last_statement = prop
    return prop
