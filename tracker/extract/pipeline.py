"""``propose(text, published=..., registry=...)``: the contacts, statements and
developments a text reports, as proposals in ``add-event --json``'s format.

One pass over the sentences: find the mentions and date words, tag the sentence, run the
rules, drop what is planned, requested, hypothetical, denied or asked, resolve the date
(against the publication day, or the day of the speech), then merge what the text tells
twice into one proposal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from tracker.extract import dates as dates_mod
from tracker.extract import rules
from tracker.extract.document import Sentence, sentences, tokens
from tracker.extract.lexicon import fold, norm
from tracker.extract.mentions import Context, Mention, NewActor
from tracker.extract.mentions import find as find_mentions
from tracker.extract.registry import Registry

VERSION = "tracker-extract 1"

_KIND_RANK = {
    "person": 3,
    "government_body": 2,
    "group": 2,
    "international_organization": 2,
    "state": 1,
}


@dataclass
class Party:
    key: str
    role: str
    actor: str | None = None
    new: NewActor | None = None
    label: str = ""
    kind: str | None = None
    country: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "actor": self.actor if self.actor else (self.new.to_json() if self.new else self.label),
            "role": self.role,
        }


@dataclass
class Proposal:
    type: str
    date: str
    parties: list[Party]
    evidence: list[tuple[int, int]]  # character offsets of the supporting sentences
    rule: str
    confidence: float
    summary: str = ""
    location: str | None = None
    date_end: str | None = None
    type_uncertain: bool = False
    date_basis: str = ""
    highlights: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, actor|date)
    date_inherited: bool = False

    @property
    def category(self) -> str:
        return self.type if self.type in ("statement", "development") else "interaction"

    def keys(self) -> frozenset[str]:
        return frozenset(p.key for p in self.parties)

    def quote(self, text: str) -> str:
        return " ".join(text[a:b] for a, b in self.evidence)

    def to_json(
        self,
        text: str,
        *,
        url: str | None = None,
        outlet: str | None = None,
        published: str | None = None,
    ) -> dict[str, object]:
        source: dict[str, object] = {}
        if url:
            source["url"] = url
        if outlet:
            source["outlet"] = outlet
        if published:
            source["published"] = published
        source["quote"] = self.quote(text)[:20_000]
        out: dict[str, object] = {
            "type": self.type,
            "date": self.date,
            "participants": [p.to_json() for p in self.parties],
            "summary": self.summary,
            "sources": [source],
        }
        if self.location:
            out["location"] = self.location
        meta: dict[str, object] = {
            "evidence": [{"start": a, "end": b} for a, b in self.evidence],
            "confidence": round(self.confidence, 2),
            "rule": self.rule,
            "extractor": VERSION,
        }
        if self.type_uncertain:
            meta["type_uncertain"] = True
        if self.date_end:
            meta["date_end"] = self.date_end
        if self.date_basis:
            meta["date_basis"] = self.date_basis
        out["proposal"] = meta
        return out


@dataclass
class _State:
    ctx: Context
    ref: date  # the day relative dates count from
    narrative: str | None = None  # the date of the latest dated event: what undated ones inherit
    last_contact: Proposal | None = None
    last_contacts: list[Proposal] = field(default_factory=list)  # of the last contact sentence
    last_speaker: Party | None = None
    last_statement: Proposal | None = None
    since_contact: int = 99  # sentences since the last contact
    last_subject: Mention | None = None
    subject: Party | None = None  # the traveller of HistoryAtState remarks


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
    from tracker.extract.registry import Registry as _Registry

    reg = registry if registry is not None else _Registry()
    ref = _as_date(published)
    state = _State(Context(reg), ref or date.today())
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
    for index, sent in enumerate(all_sentences):
        if sent.dateline:
            state.ref = date.fromisoformat(sent.dateline)
            state.narrative = None
            continue
        found.extend(_sentence(sent, state, all_sentences, index))
    return _merge(found, reg, text)


def _as_date(value: str | date | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


_SPEAKER_LABEL = re.compile(
    r"^(?:[A-Z][A-Z .'’-]+|[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s*\(\d{1,2}:\d{2}(?::\d{2})?\)):\s*"
)
_SUBJECTLESS = re.compile(
    r"(?:also\s+)?(?:met|spoke|held|visited|called|conferred|traveled|travelled|paid|hosted)\b"
)
_HEADLINE_END = re.compile(r"[.!?:;\"”’)]$")


def _sentence(
    sent: Sentence, state: _State, all_sentences: list[Sentence], index: int
) -> list[Proposal]:
    body = sent.text
    offset = sent.start
    label = _SPEAKER_LABEL.match(body) if sent.line_start else None
    if label is not None:
        body = body[label.end() :]
        offset += label.end()
        if not body.strip():
            return []
    state.since_contact += 1
    if (
        sent.line_start
        and sent.line_end
        and not _HEADLINE_END.search(body.strip())
        and len(body.split()) < 25
    ):
        return []  # a headline, a byline, a caption: no verb to trust
    if rules.PROVENANCE.search(body) or body.rstrip().endswith("?"):
        return []
    ctx = state.ctx
    toks = tokens(body)
    date_words = dates_mod.find(body)
    day_hint = state.narrative or state.ref.isoformat()
    first_day = _first_day(date_words, state.ref) or day_hint
    mentions = find_mentions(body, toks, ctx, first_day)
    mentions = [
        m for m in mentions if not any(d.start < m.end and m.start < d.end for d in date_words)
    ]
    _describe(body, mentions, state)
    tagged = _tag(body, mentions, date_words)
    if state.subject is not None and _SUBJECTLESS.match(tagged):
        # HistoryAtState remarks: "Met with Foreign Minister X." is the traveller's
        sub = state.subject
        mentions.append(
            Mention(0, 0, sub.label, actor=sub.actor, kind=sub.kind, country=sub.country)
        )
        tagged = f"@{len(mentions) - 1} {tagged}"
    for m in mentions:
        ctx.remember(m)
    out: list[Proposal] = []
    statements = rules.run(rules.STATEMENT_RULES, tagged)
    contacts = rules.run(rules.CONTACT_RULES, tagged)
    nominals = rules.run(rules.NOMINAL_RULES, tagged)
    developments = rules.run(rules.DEVELOPMENT_RULES, tagged)
    contacts = _claim(contacts)
    denial_at = min((s.verb_at for s in statements if s.verb in rules.DENIAL_VERBS), default=None)
    consumed: set[int] = set()
    # reported speech: "X said on Tuesday that ...": later relative dates count from Tuesday
    speech_ref = state.ref
    for s in statements:
        after = re.match(
            r"\s+(?:on\s+|late\s+|early\s+|earlier\s+)?#(\d+)", tagged[s.verb_at + len(s.verb) :]
        )
        before = re.search(r"#(\d+)\s*,?\s*$", tagged[: s.start])
        for found in (after, before):
            if found is None:
                continue
            k = int(found.group(1))
            resolved = dates_mod.resolve(date_words[k], state.ref)
            if resolved is not None and resolved.first == resolved.last:
                speech_ref = resolved.first
                s.date = k
                break

    def when(
        match: rules.Match, *, future_ok: bool = False
    ) -> tuple[str | None, str, bool, str | None]:
        """(date, basis, inherited, end) for a match; None when it lies in the future."""
        candidates = [k for k in range(len(date_words)) if k not in consumed]
        if match.date is not None:
            candidates = [match.date]
        if candidates:
            pos = {k: tagged.find(f"#{k}") for k in candidates}
            cut = next(
                (o.start() for o in rules.OFFSET.finditer(tagged) if o.start() > match.verb_at),
                None,
            )
            if cut is not None:  # "A a day after B on Thursday": Thursday is B's
                candidates = [k for k in candidates if pos[k] < cut]
        if candidates:
            clause_end = _clause_end(tagged, match.end)
            inside = [k for k in candidates if pos[k] < clause_end]
            pool = inside or candidates
            best = min(pool, key=lambda k: abs(pos[k] - match.verb_at))
            words = date_words[best]
            base = (
                state.ref if not words.speech_relative and speech_ref == state.ref else speech_ref
            )
            if words.speech_relative and state.narrative:
                base = (
                    date.fromisoformat(state.narrative[:10])
                    if speech_ref == state.ref
                    else speech_ref
                )
            resolved = dates_mod.resolve(words, base)
            if resolved is not None:
                if resolved.first > state.ref and not future_ok:
                    return None, words.text, False, None
                return resolved.text, words.text, False, resolved.end_text
        return (state.narrative or state.ref.isoformat()), "", True, None

    offsets = list(rules.OFFSET.finditer(tagged))
    positions: dict[int, int] = {}  # id(proposal) -> where its words start in the sentence
    main_date: str | None = None
    contact_props: list[Proposal] = []
    for c in contacts:
        if _blocked(tagged, c) or (denial_at is not None and c.start > denial_at):
            continue
        parties = _contact_parties(c, mentions, state)
        if parties is None:
            continue
        when_date, basis, inherited, end = when(c)
        if when_date is None:
            continue  # a date still to come: a plan
        after = next((o for o in offsets if o.end() <= c.start), None)
        if after is not None and main_date is not None:
            when_date = _shift(main_date, rules.offset_days(after))
            basis, inherited = after.group(), False
        etype, uncertain = rules.type_of(c.verb, c.noun, tagged)
        if c.rule.type and c.rule.type != "meeting":
            etype, uncertain = c.rule.type, False
        elif c.rule.type == "meeting" and c.verb in ("met", "hosted", "received", "welcomed"):
            etype, uncertain = "meeting", False
        location = _location(c, mentions)
        groups = _split_bilateral(parties, etype, tagged)
        for group in groups:
            if (
                etype in ("meeting",)
                and len({p.country for p in group if p.country}) >= 3
                and len(group) >= 4
            ):
                kind = "multilateral_meeting"
            else:
                kind = etype
            prop = Proposal(
                kind,
                when_date,
                group,
                [(sent.start, sent.end)],
                c.rule.name,
                c.rule.confidence - (0.15 if uncertain else 0.0),
                location=location,
                date_end=end,
                type_uncertain=uncertain and kind == etype,
                date_basis=basis,
                date_inherited=inherited,
            )
            _initiator(prop, c, tagged, mentions, state)
            positions[id(prop)] = c.start
            prop.highlights = _highlights(sent, offset, mentions, date_words)
            contact_props.append(prop)
        if not inherited or main_date is None:
            main_date = when_date
    for n in nominals:
        parties = _nominal_parties(n, mentions, tagged, state)
        if parties is None or n.date is None:
            continue
        consumed.add(n.date)
        when_date, basis, inherited, end = when(n)
        if when_date is None:
            continue
        etype, uncertain = rules.type_of(n.noun or "", n.noun, "")
        if uncertain:
            continue
        prop = Proposal(
            etype,
            when_date,
            parties,
            [(sent.start, sent.end)],
            n.rule.name,
            n.rule.confidence,
            date_basis=basis,
        )
        prop.highlights = _highlights(sent, offset, mentions, date_words)
        contact_props.append(prop)
    if contact_props:
        state.last_contacts = contact_props
        state.last_contact = contact_props[-1]
        state.since_contact = 0
        dated = [p for p in contact_props if not p.date_inherited]
        if dated:
            state.narrative = dated[0].date
    elif (
        state.last_contacts
        and (rules.CALL_REFERENCE.search(tagged) or rules.MEETING_REFERENCE.search(tagged))
        and state.since_contact <= 2
    ):
        count = 2 if re.search(r"\bboth\s+calls\b", tagged) else 1
        for prop in state.last_contacts[-count:]:
            prop.evidence.append((sent.start, sent.end))
            if rules.CALL_REFERENCE.search(tagged) and prop.type_uncertain:
                prop.type_uncertain = False
                prop.confidence += 0.1
    elif state.last_contacts and re.search(
        r"^(?:the two|both|they)\b.*\b(?:discussed|agreed|reviewed|exchanged)\b", tagged
    ):
        pass
    out.extend(contact_props)
    for s in statements:
        stated = _statement(s, tagged, mentions, state, sent, when, contact_props, denial_at)
        if stated is not None:
            stated.highlights = _highlights(sent, offset, mentions, date_words)
            out.append(stated)
    for d in developments:
        if _blocked(tagged, d):
            continue
        subj = _subject_parties(d, mentions, state)
        if not subj or any(p.kind == "person" for p in subj):
            continue
        if not d.rule.pattern.match(tagged, d.start) or not re.search(
            r"\b(?:embassy|consulate|diplomats|ambassador|sanctions|relations|ties|troops|forces|staff|mission|personnel|airspace|border)\b",
            tagged[d.verb_at : d.end + 40],
        ):
            continue
        when_date, basis, inherited, _ = when(d)
        if when_date is None:
            continue
        after = next((o for o in offsets if o.end() <= d.start), None)
        if after is not None and main_date is not None:
            when_date = _shift(main_date, rules.offset_days(after))
            basis, inherited = after.group(), False
        parties = [
            Party(p.key, "involved", p.actor, p.new, p.label, p.kind, p.country) for p in subj
        ]
        prop = Proposal(
            "development",
            when_date,
            parties,
            [(sent.start, sent.end)],
            d.rule.name,
            d.rule.confidence,
            date_basis=basis,
            date_inherited=inherited,
        )
        positions[id(prop)] = d.start
        prop.highlights = _highlights(sent, offset, mentions, date_words)
        out.append(prop)
    _anchor_offsets(out, offsets, tagged, positions)
    subjects = [m for m in mentions if tagged.startswith(f"@{mentions.index(m)}")]
    if subjects:
        state.last_subject = subjects[0]
    return out


def _anchor_offsets(
    props: list[Proposal], offsets: list[re.Match[str]], tagged: str, positions: dict[int, int]
) -> None:
    """ "A a day after B": when only B is dated, A is B plus a day."""
    for o in offsets:
        before = [p for p in props if positions.get(id(p), -1) < o.start() and id(p) in positions]
        after = [p for p in props if positions.get(id(p), -1) >= o.end()]
        if (
            before
            and after
            and not after[0].date_inherited
            and all(p.date_inherited for p in before)
        ):
            for p in before:
                p.date = _shift(after[0].date, -rules.offset_days(o))
                p.date_inherited, p.date_basis = False, o.group()


def _first_day(words: list[dates_mod.DateWords], ref: date) -> str | None:
    for w in words:
        resolved = dates_mod.resolve(w, ref)
        if resolved is not None and resolved.first == resolved.last:
            return resolved.text
    return None


def _shift(day: str, days: int) -> str:
    try:
        return (date.fromisoformat(day[:10]) + timedelta(days=days)).isoformat()
    except ValueError:
        return day


def _clause_end(tagged: str, pos: int) -> int:
    found = re.search(r"[;]|\.\s|\bwhile\b|\bbut\b", tagged[pos:])
    return pos + found.start() if found else len(tagged)


def _claim(matches: list[rules.Match]) -> list[rules.Match]:
    """One reading per verb: the first rule to claim a verb keeps it."""
    kept: list[rules.Match] = []
    for m in matches:
        if any(
            k.verb_at == m.verb_at
            or (k.start <= m.verb_at < k.end and m.start <= k.verb_at < m.end)
            for k in kept
        ):
            continue
        kept.append(m)
    return kept


def _blocked(tagged: str, match: rules.Match) -> bool:
    """A plan, a request, a hypothesis or a denial: the words before the verb say so."""
    pre_start = tagged.rfind("@", 0, match.verb_at)
    window = tagged[match.start : match.verb_at]
    subject_end = re.match(
        r"(?:@\d+(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?@\d+)*|[a-z ]+?)(?=\s)",
        tagged[match.start :],
    )
    if subject_end is not None:
        window = tagged[match.start + subject_end.end() : match.verb_at]
    del pre_start
    if rules.MODAL.search(window):
        return True
    before = tagged[max(0, match.start - 30) : match.start]
    if rules.BEFORE_SUBJECT.search(before):
        return True
    return bool(
        re.search(
            r"\b(?:if|unless|whether|would|could|might|plans? to|no)\b[^.;]*$",
            tagged[max(0, match.start - 60) : match.start],
        )
    )


def _party(m: Mention, role: str) -> Party | None:
    if m.key is None:
        return None
    return Party(
        m.key, role, m.actor, m.new, m.text if m.new is None else m.new.name, m.kind, m.country
    )


def _subject_parties(match: rules.Match, mentions: list[Mention], state: _State) -> list[Party]:
    if match.subj:
        out = []
        for k in match.subj:
            p = _party(mentions[k], "participant")
            if p is not None and not mentions[k].adjective:
                out.append(p)
        return out
    word = (match.pronoun or "").lower()
    if word in ("he", "she"):
        if state.last_contact is not None and state.since_contact <= 3:
            first = state.last_contact.parties[0]
            return [
                Party(
                    first.key,
                    "participant",
                    first.actor,
                    first.new,
                    first.label,
                    first.kind,
                    first.country,
                )
            ]
        if state.last_subject is not None:
            p = _party(state.last_subject, "participant")
            return [p] if p else []
        if state.subject is not None:
            return [state.subject]
        return []
    if word in ("it", "the ministry"):
        return [state.last_speaker] if state.last_speaker is not None else []
    if word and state.last_contact is not None:  # they, the two, both sides
        return [
            Party(p.key, "participant", p.actor, p.new, p.label, p.kind, p.country)
            for p in state.last_contact.parties
        ]
    return []


def _counterpart(m: Mention, subject: list[Party], state: _State, day: str) -> Party | None:
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
    return _party(m, "participant")


def _contact_parties(c: rules.Match, mentions: list[Mention], state: _State) -> list[Party] | None:
    subj = _subject_parties(c, mentions, state)
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
        return parties
    if len(parties) < 2:
        return None
    if c.rule.name == "contact.met" and c.verb in ("hosted", "received", "welcomed"):
        for p in parties[: len(subj)]:
            p.role = "host"
        for p in parties[len(subj) :]:
            p.role = "visitor"
    return parties


def _split_bilateral(parties: list[Party], etype: str, tagged: str) -> list[list[Party]]:
    """ "Spoke with A and B": two calls, unless the words make it one (joint, trilateral)."""
    if etype not in ("phone_call", "video_call", "letter", "message") or len(parties) <= 2:
        return [parties]
    if re.search(r"\b(?:joint|trilateral|conference call|together|jointly|multilateral)\b", tagged):
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


def _initiator(
    prop: Proposal, c: rules.Match, tagged: str, mentions: list[Mention], state: _State
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
    chosen = None
    for p in prop.parties:
        if p.key == caller.key:
            chosen = p
    if chosen is None and caller.country:
        same = [p for p in prop.parties if p.country == caller.country]
        if len(same) == 1:
            chosen = same[0]
    if chosen is None:
        return
    for p in prop.parties:
        p.role = "initiator" if p is chosen else "recipient"


def _requester(tagged: str, mentions: list[Mention]) -> Party | None:
    m = rules.REQUEST.search(tagged) or rules.REQUEST2.search(tagged)
    if m is None:
        return None
    index = int((m.groupdict().get("a") or m.groupdict().get("b") or "@-1")[1:])
    if index < 0 or index >= len(mentions):
        return None
    return _party(mentions[index], "initiator")


def _location(c: rules.Match, mentions: list[Mention]) -> str | None:
    found = re.search(r"\b(?:in|at)\s+(?:the\s+)?@(\d+)", c.gap)
    if found:
        return mentions[int(found.group(1))].text
    return None


def _nominal_parties(
    n: rules.Match, mentions: list[Mention], tagged: str, state: _State
) -> list[Party] | None:
    parties = [
        p
        for p in (_party(mentions[k], "participant") for k in n.obj if not mentions[k].adjective)
        if p
    ]
    if tagged[n.start :].startswith("their") and state.last_contact is not None:
        parties = [
            Party(p.key, "participant", p.actor, p.new, p.label, p.kind, p.country)
            for p in state.last_contact.parties
        ] + parties
    unique = list({p.key: p for p in parties}.values())
    return unique if len(unique) >= 2 else None


def _statement(
    s: rules.Match,
    tagged: str,
    mentions: list[Mention],
    state: _State,
    sent: Sentence,
    when: object,
    contacts: list[Proposal],
    denial_at: int | None,
) -> Proposal | None:
    if re.match(r"^as\b", tagged.strip()) or re.match(
        r"^(?:as|when|if|after|before)\s+[^,]*$", tagged[: s.start].strip()
    ):
        return None  # "As the Secretary said, ...": a reference back, not news
    if re.search(
        r"\b(?:would|will|could|may|might|not|never|to|n't)\s*$",
        tagged[max(0, s.verb_at - 12) : s.verb_at],
    ):
        return None
    speakers = _subject_parties(s, mentions, state)
    if not speakers:
        return None
    for p in speakers:
        p.role = "speaker"
    # the content of a contact just reported: "Secretary Blinken said ..." after the readout's call
    recent = contacts or (state.last_contacts if state.since_contact <= 3 else [])
    if (
        any(p.key in {q.key for c in recent for q in c.parties} for p in speakers)
        and s.verb not in rules.DENIAL_VERBS
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
        ap = _party(m, "about")
        if ap is not None:
            about.append(ap)
    for c in contacts:
        for q in c.parties:
            if q.key not in speaker_keys and q.key not in {a.key for a in about}:
                about.append(Party(q.key, "about", q.actor, q.new, q.label, q.kind, q.country))
    parties = list({p.key: p for p in speakers + about}.values())
    rule = s.rule.name + (".denial" if s.verb in rules.DENIAL_VERBS else "")
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


def _describe(body: str, mentions: list[Mention], state: _State) -> None:
    """ "the foreign ministry": the ministry of the country the text is about."""
    reg = state.ctx.registry
    for found in re.finditer(
        r"\b(?:foreign ministry|ministry of foreign affairs|foreign office)\b", body, re.I
    ):
        if any(m.start < found.end() and found.start() < m.end for m in mentions):
            continue
        owner = next(
            (
                m
                for m in mentions
                if m.kind == "state" and body[m.end : found.start()] in ("'s ", "’s ", " ")
            ),
            None,
        )
        start = found.start()
        if owner is not None:
            country, start = owner.country, owner.start
        elif body[max(0, start - 4) : start].lower() == "the ":
            speaker = state.last_speaker
            country = speaker.country if speaker is not None and speaker.kind != "person" else None
            country = country or next(
                (m.country for m in reversed(state.ctx.entities)
                 if m.kind in ("state", "government_body") and m.country and not m.adjective),
                None,
            )  # fmt: skip
            start -= 4
        else:
            continue
        if country is None:
            continue
        for actor in reg.actors.values():
            names = " | ".join(fold(n) for n in (actor.name, *actor.aliases))
            if (
                actor.kind == "government_body"
                and actor.country == country
                and ("foreign ministry" in names or "foreign affairs" in names)
            ):
                if owner is not None:
                    mentions.remove(owner)
                mentions.append(
                    Mention(
                        start,
                        found.end(),
                        body[start : found.end()],
                        actor=actor.id,
                        kind=actor.kind,
                        country=country,
                    )
                )
                break
    mentions.sort(key=lambda m: m.start)


def _tag(body: str, mentions: list[Mention], date_words: list[dates_mod.DateWords]) -> str:
    spans = [(m.start, m.end, f"@{k}") for k, m in enumerate(mentions)]
    spans += [(d.start, d.end, f"#{k}") for k, d in enumerate(date_words)]
    spans.sort()
    out: list[str] = []
    pos = 0
    for a, b, tag in spans:
        if a < pos:
            continue
        out.append(body[pos:a].lower())
        out.append(tag)
        pos = b
    out.append(body[pos:].lower())
    return "".join(out).replace("’", "'").replace("“", '"').replace("”", '"')


def _highlights(
    sent: Sentence, offset: int, mentions: list[Mention], date_words: list[dates_mod.DateWords]
) -> list[tuple[int, int, str]]:
    out = [(offset + m.start, offset + m.end, "actor") for m in mentions if m.key]
    out += [(offset + d.start, offset + d.end, "date") for d in date_words]
    return sorted(out)


# --------------------------------------------------------------------------- merging


def _merge(found: list[Proposal], reg: Registry, text: str) -> list[Proposal]:
    """The same contact (or statement) told twice in one text is one proposal."""
    out: list[Proposal] = []
    for prop in found:
        target = next((p for p in out if _same(p, prop, reg)), None)
        if target is None:
            out.append(prop)
            continue
        _absorb(target, prop, reg)
    for prop in out:
        for party in prop.parties:
            actor = reg.get(party.actor) if party.actor else None
            if actor is not None:
                party.label = actor.name
        prop.summary = _summary(prop)
        prop.confidence = min(prop.confidence, 0.99)
    return out


def _same(a: Proposal, b: Proposal, reg: Registry) -> bool:
    if a.category != b.category:
        return False
    if a.date != b.date and not (a.date_inherited or b.date_inherited):
        return False
    if a.category == "statement":
        sa = [p for p in a.parties if p.role == "speaker"]
        sb = [p for p in b.parties if p.role == "speaker"]
        return bool(sa and sb) and any(_family(x, y, reg) for x in sa for y in sb)
    if a.keys() != b.keys():
        return False
    return bool(a.type == b.type or a.type_uncertain or b.type_uncertain)


def _family(x: Party, y: Party, reg: Registry) -> bool:
    if x.key == y.key:
        return True
    if x.actor and y.actor:
        return reg.family(x.actor, y.actor)
    return False


def _absorb(target: Proposal, other: Proposal, reg: Registry) -> None:
    for span in other.evidence:
        if span not in target.evidence:
            target.evidence.append(span)
    target.evidence.sort()
    target.highlights = sorted(set(target.highlights) | set(other.highlights))
    if target.type_uncertain and not other.type_uncertain:
        target.type, target.type_uncertain = other.type, False
    if target.date_inherited and not other.date_inherited:
        target.date, target.date_basis, target.date_inherited = other.date, other.date_basis, False
    target.location = target.location or other.location
    target.confidence = max(target.confidence, other.confidence) + 0.05
    if target.category == "statement":
        speakers = list(
            {p.key: p for p in target.parties + other.parties if p.role == "speaker"}.values()
        )
        speakers.sort(key=lambda p: -_KIND_RANK.get(p.kind or "", 0))
        kept: list[Party] = []
        for p in speakers:  # "China" and "the foreign ministry": the ministry speaks
            if not any(_family(p, k, reg) for k in kept):
                kept.append(p)
        keys = {p.key for p in speakers}
        about = [
            p for p in target.parties + other.parties if p.role == "about" and p.key not in keys
        ]
        target.parties = [*kept, *{p.key: p for p in about}.values()]
        return
    roles = {p.key: p.role for p in other.parties if p.role != "participant"}
    if roles and all(p.role == "participant" for p in target.parties):
        for p in target.parties:
            p.role = roles.get(p.key, "recipient" if "initiator" in roles.values() else p.role)


_VERBS = {
    "phone_call": "spoke by phone with",
    "video_call": "held a video call with",
    "meeting": "met",
    "multilateral_meeting": "met",
    "visit": "visited",
    "letter": "wrote to",
    "message": "sent a message to",
    "negotiation_round": "held a round of talks with",
    "summit": "held a summit with",
}


def _names(parties: list[Party]) -> str:
    names = [p.label for p in parties]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _summary(p: Proposal) -> str:
    if p.type == "statement":
        speakers = [x for x in p.parties if x.role == "speaker"]
        about = [x for x in p.parties if x.role == "about"]
        tail = f" about {_names(about)}" if about else ""
        return f"{_names(speakers)} made a statement{tail}."
    if p.type == "development":
        return f"Development involving {_names(p.parties)}."
    first = next((x for x in p.parties if x.role in ("initiator", "visitor")), p.parties[0])
    rest = [x for x in p.parties if x is not first]
    if p.type == "phone_call" and first.role == "initiator":
        return f"{first.label} called {_names(rest)}."
    return f"{first.label} {_VERBS.get(p.type, 'met')} {_names(rest)}."


def norm_name(text: str) -> str:
    return norm(text)
