"""Whether a said-verb is a statement of its own, or the source, readout or content of a
contact the text tells (issue 14: "A statement is gold when the on-record remark is itself
the news"), and who spoke and what about.
"""

from __future__ import annotations

import re

from tracker.extract import rules
from tracker.extract.document import Sentence
from tracker.extract.lexicon import title_class
from tracker.extract.parties import in_role, mention_party, subject_parties
from tracker.extract.proposals import Party, Proposal, SentenceState
from tracker.extract.references import Mention


def _speaks_for_others(
    p: Party, mentions: list[Mention], s: rules.Match, reg: object, state: SentenceState
) -> bool:
    """A spokesperson (by the title in the text, or an office in the registry)."""

    titles = [mentions[k].title for k in s.subj if mentions[k].title]
    if p.actor:
        day = state.narrative or state.ref.isoformat()
        titles += [o.title for o in state.ctx.registry.offices_on(p.actor, day)]
    return any(title_class(t or "") == "spokesperson" for t in titles)


# What a readout says the parties of a contact did
_READOUT_CONTENT = re.compile(
    r"(?:^|[\"“\s])(?:(?:the\s+)?two\s+(?:[a-z]+\s+)?(?:sides|ministers|leaders|men|diplomats|officials)|the\s+(?:parties|sides|two"
    r"|(?:foreign\s+)?ministers|heads\s+of\s+[a-z ]{3,40}?)|they|both\s+(?:sides|ministers|leaders|parties))"
    r"\s+(?:also\s+)?(?:agreed|discussed|exchanged|reaffirmed|reviewed|underscored|stressed|emphasi[sz]ed"
    r"|confirmed|conducted|held|shared|expressed|affirmed)\b"
)


def _outside_quotes(tagged: str) -> str:
    """The sentence without what it quotes ('our ties today ...," X tweeted': the quote
    closes here, so all before its one mark is quoted)."""
    if tagged.count('"') % 2 == 1:
        tagged = tagged[tagged.index('"') + 1 :]
    return re.sub(r'"[^"]*"', " ", tagged)


# the question a spokesperson answers, told before the answer
_ASKED = re.compile(
    r"\b(?:in response to|responding to|(?:when |on being )?asked (?:about|whether|if|by)|"
    r"commenting on|reacting to|in reply to)\b"
)

# what a remark says of a contact still to come
_PLANNED_CONTENT = re.compile(
    r"\b(?:he|she|they|we|i)\s+(?:also\s+)?(?:would|will|'ll|plans?\s+to|planned\s+to|intends?\s+to|hopes?\s+to|is\s+to|are\s+to|"
    r"was\s+to|is\s+going\s+to|expects?\s+to|looks?\s+forward\s+to)\s+(?:also\s+)?(?:be\s+)?"
    r"(?:meet|meeting|hold\s+talks|holding\s+talks|visit|visiting|travel|speak|speaking|talk|call|host|hosting)\b"
    r"|\b(?:we|they)\s+(?:also\s+)?agreed\s+to\s+(?:meet|hold\s+talks|speak|visit)\b"
    r"|\binvitation\s+(?:to\s+(?:the\s+)?@\d+\s+)?to\s+(?:visit|take\s+part|attend|participate|join)\b"
)

# a spokesperson's answer that says nothing
_NON_ANSWER = re.compile(
    r"\bi (?:have|had) no (?:information|details|comment)\b|\bi(?: am|'m) not aware\b"
    r"|\bno comment\b|\bi have nothing (?:to|more to) (?:offer|add|share|announce|release)\b"
    r"|\bi (?:would|will|'d) refer you to\b"
)

# a quote opening right after the statement's verb: "X said, “..." / "X said: '..."
_QUOTE_OPENS = re.compile(r"\s*[,:]?\s*[\"“'‘]")

# the contact just told, named again in what its readout says ("... in the call, X said")
_CONTACT_TOLD = re.compile(
    r"\b(?:in|during|at|after)\s+(?:the|their|this|that|today's)\s+(?:[\w-]+\s+){0,2}?(?:(?:tele)?phone\s+|video\s+)?"
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
    if _NON_ANSWER.search(tagged, s.verb_at):
        return None  # '... said that "I have no information to offer"': nothing was said
    if _PLANNED_CONTENT.search(tagged, s.verb_at) and not rules.DENIAL_WORDS.search(tagged):
        # "X said he would meet Y at the weekend", "X confirmed the invitation to Y to take
        # part": the speaker's own plan, whose sentence is no event (a plan denied is a
        # denial; a spokesperson's "Z said Lavrov would hold talks with Y", an announcement;
        # and so is a quote first, '"I will meet X," said Y in a media release')
        return None
    speakers = subject_parties(s, mentions, state)
    if not speakers:
        return None
    for p in speakers:
        p.role = "speaker"
    denial = s.verb in rules.DENIAL_VERBS or bool(rules.DENIAL_WORDS.search(tagged))
    # "A met B, spokesperson X said", "X said, 'A met B today'" (the readout quoted whole):
    # the attribution of the contact, which is the news. Told without quotes ("X said A
    # called B"), the remark stays a statement, as the shipped log has it.
    if (
        contacts
        and not denial
        and all(c.verb_at >= 0 for c in contacts)
        and (
            all(s.verb_at > c.verb_at for c in contacts)
            or (_QUOTE_OPENS.match(tagged, s.end) and all(c.verb_at > s.verb_at for c in contacts))
        )
    ):
        return None
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
    if not denial and (
        _READOUT_CONTENT.search(tagged) or _READOUT_CONTENT.search(sent.text.lower())
    ):
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
        and state.since_contact <= 4
        and all(_speaks_for_others(p, mentions, s, reg_, state) for p in speakers)
        and any(m.key in recent_keys for k, m in enumerate(mentions) if k not in s.subj)
    ):
        return None  # a spokesperson's readout of the contact just told
    earlier = {q.key for c in state.doc_contacts for q in c.parties}
    if (
        not denial
        and not contacts
        and all(p.key in earlier for p in speakers)
        and not re.search(r"#\d+", _outside_quotes(tagged))
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
    own = (
        s.start == 0 or re.match(r"^(?:the|below|following|is|\s)*$", tagged[: s.start]) is not None
    )
    if date_text is None or (inherited and s.rule.name == "statement.joint" and not own):
        # "as called for in the Joint Statement made by ...": undated, a reference ("Joint
        # Statement from the Foreign Ministers of A, B and C." opening a line, or "The
        # following is the joint statement issued by ...": the text's own)
        return None
    about: list[Party] = []
    speaker_keys = {p.key for p in speakers}
    reg = state.ctx.registry
    # "In response to a question about whether China plans a call with X, Y said that ...":
    # what was asked, not what the statement is about
    asked = _ASKED.search(tagged, 0, s.start)
    for k, m in enumerate(mentions):
        if k in s.subj or m.adjective or m.key is None or m.key in speaker_keys:
            continue
        at = re.search(rf"@{k}(?!\d)", tagged)
        if asked is not None and at is not None and asked.start() < at.start() < s.start:
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
        ap = mention_party(m, "about")
        if ap is not None:
            about.append(ap)
    for c in contacts:
        for q in c.parties:
            if q.key not in speaker_keys and q.key not in {a.key for a in about}:
                about.append(in_role(q, "about"))
    parties = list({p.key: p for p in speakers + about}.values())
    if denial:
        for q in state.denied:
            if q.key not in {p.key for p in parties}:
                parties.append(in_role(q, "about"))
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
