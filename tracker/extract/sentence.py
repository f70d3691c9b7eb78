"""One sentence read: its mentions, date words and clauses, the rules run over it, and
the proposals it makes (contacts, statements, developments).
"""

from __future__ import annotations

import re
from datetime import date

from tracker.extract import dates as dates_mod
from tracker.extract import families, rewrites, rules, speech_days, transcripts
from tracker.extract.clauses import (
    anchor_offsets,
    arrival_matches,
    blanked_dates,
    briefed_on,
    claimed,
    day_of_words,
    end_of_clause,
    highlights_of,
    is_blocked,
    other_event_day,
    shift_day,
    tagged_sentence,
    topic_only,
)
from tracker.extract.document import Sentence, tokens
from tracker.extract.mentions import find as find_mentions
from tracker.extract.parties import (
    contact_parties,
    described_visitor,
    initiator_of,
    location_of,
    nominal_parties,
    requester_of,
    set_initiator,
    split_bilateral,
    state_counterpart,
    subject_parties,
)
from tracker.extract.places import capital_mentions, here_mention, pair_adjectives, visiting
from tracker.extract.proposals import Party, Proposal, SentenceState
from tracker.extract.references import Mention
from tracker.extract.statements import statement_of

_SUBJECTLESS = re.compile(
    r"(?:also\s+)?(?:met|spoke|held|visited|called|conferred|traveled|travelled|paid|hosted|discussed|reviewed)\b"
)
_BULLET = re.compile(r"^[-•*]\s+\S")  # a story's summary points: sentences without a full stop
_EDITORS_WORDS = re.compile(
    r"\[([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2})\] ([A-Z][\w'’-]*)"
)  # same length
_HEADLINE_END = re.compile(r"[.!?:;\"”’)]$")


def read_sentence(
    sent: Sentence, state: SentenceState, all_sentences: list[Sentence], index: int
) -> list[Proposal]:
    body = sent.text
    offset = sent.start
    label = transcripts.SPEAKER_LABEL.match(body) if sent.line_start else None
    if label is not None:
        body = body[label.end() :]
        offset += label.end()
        if not body.strip():
            return []
    state.since_contact += 1
    body = _EDITORS_WORDS.sub(r" \1 \2 ", body)  # "French President [Emmanuel] Macron" (TASS)
    title = transcripts.TITLE.match(body) if index < 3 else None  # "Remarks With X After ..."
    bare = (
        sent.line_start
        and sent.line_end
        and not _HEADLINE_END.search(body.strip())
        and not _BULLET.match(body)
        and len(body.split()) < 25
        # the text's last line, cut mid-sentence where the copy ended, is no headline
        and not (index > 2 and index == len(all_sentences) - 1 and len(body.split()) >= 10)
    )
    headline = bare and index < 2 and transcripts.HEADLINE.match(body) is not None
    if title is None and bare and not headline:
        return []  # a headline, a byline, a caption: no verb to trust (but "Xi meets Blinken")
    # "The below is attributable to Spokesperson X: Secretary Y spoke today with Z" (a
    # readout republished on one line): the provenance goes, the readout is read
    prefix = rules.PROVENANCE_PREFIX.match(body)
    if prefix is not None and len(body) - prefix.end() > 20:
        body = body[prefix.end() :]
        offset += prefix.end()
    # "According to the Kremlin, A and B met in Sochi": the source goes, the clause is read
    source = rules.ACCORDING_TO.match(body)
    if source is not None and re.search(r"[@\w]", body[source.end() :]):
        body = body[source.end() :]
        offset += source.end()
    if rules.PROVENANCE.search(body) or body.rstrip().endswith("?"):
        return []
    ctx = state.ctx
    toks = tokens(body)
    date_words = dates_mod.find(body)
    day_hint = state.narrative or state.ref.isoformat()
    first_day = day_of_words(date_words, state.ref) or day_hint
    mentions = find_mentions(body, toks, ctx, first_day)
    mentions = [
        m for m in mentions if not any(d.start < m.end and m.start < d.end for d in date_words)
    ]
    capital_mentions(body, toks, mentions, ctx, first_day)  # "arrived in Beijing": China
    pair_adjectives(body, mentions, ctx, first_day)  # "the Russian-Ukrainian talks"
    here_mention(
        body, mentions, ctx, state.here, first_day, state.doc_contacts
    )  # "ISLAMABAD: X arrived here"
    rewrites.describe(body, mentions, state)
    families.first_name_partner(body, mentions, ctx)  # '"Mike and I met," X said'
    state.sentence_index = index
    state.people[index] = [m for m in mentions if m.kind == "person" and m.key]
    tagged = families.rewrite(tagged_sentence(body, mentions, date_words), mentions)
    tagged = transcripts.caption_past(tagged, date_words, state.ref)  # "X meets Y, June 19, 2023."
    tagged = transcripts.headline_past(tagged) if headline else tagged
    if title is not None:
        byline = transcripts.byline_person(index, all_sentences, ctx, first_day)
        tagged = transcripts.title_meeting(tagged, mentions, byline)
    if state.subject is not None and _SUBJECTLESS.match(tagged):
        # HistoryAtState remarks: "Met with Foreign Minister X." is the traveller's
        sub = state.subject
        mentions.append(
            Mention(0, 0, sub.label, actor=sub.actor, kind=sub.kind, country=sub.country)
        )
        tagged = f"@{len(mentions) - 1} {tagged}"
    for m in mentions:
        ctx.remember(m)
    # "X, who is in the UK for a visit, held talks": the relative clause is not the subject's verb
    arrival = families.arrival_clause(tagged)  # "X, who arrived in Y on Thursday, met ..."
    unblanked = tagged
    tagged = rules.RELATIVE.sub(lambda m: " " * len(m.group()), tagged)
    # "on Sunday (local time) met": a wire's note on the clock is no word of the clause
    tagged = re.sub(r"\((?:local|[a-z]+ standard) time\)", lambda m: " " * len(m.group()), tagged)
    tagged = rules.APPOSITIVE_TITLE.sub(lambda m: " " * len(m.group()), tagged)
    # "X, in an interview on Fox Business Network, said": where X said it, not who
    tagged = rules.WHERE_SAID.sub(lambda m: "," + " " * (len(m.group()) - 1), tagged)
    tagged = rewrites.names_in_apposition(tagged, mentions)
    tagged = rewrites.title_chains(tagged, mentions)
    tagged = rewrites.pair_offices(tagged, mentions, ctx, first_day)
    tagged = rewrites.pair_anaphora(body, tagged, mentions, state)
    tagged = rewrites.group_anaphora(body, tagged, mentions, state)
    tagged = rewrites.first_person(tagged)
    tagged = transcripts.speaker_i(tagged, mentions, state.speaker)  # "SECRETARY X: I met Y"
    # "the two defence ministers": not the last contact's pair
    tagged = re.sub(
        r"\bthe two (?!foreign\b|top\b)([a-z]+) (ministers|secretaries|envoys|advisers|advisors)\b",
        lambda m: "these " + "x" * (len(m.group()) - 6),
        tagged,
    )
    tagged = rewrites.members_of(tagged, mentions)
    out: list[Proposal] = []
    statements = rules.run(rules.STATEMENT_RULES, tagged)
    contacts = rules.run(rules.CONTACT_RULES, tagged)
    contacts += arrival_matches(arrival)
    nominals = rules.run(rules.NOMINAL_RULES, tagged) + rules.run(families.UNBLANKED, unblanked)
    developments = rules.run(rules.DEVELOPMENT_RULES, tagged)
    contacts = claimed(contacts)
    denial_at = min((s.verb_at for s in statements if s.verb in rules.DENIAL_VERBS), default=None)
    consumed = blanked_dates(unblanked, tagged)  # a relative clause's dates are its own
    # reported speech: "X said on Tuesday that ...": later relative dates count from Tuesday
    speech_ref = (
        speech_days.quoted_speech_day(body, all_sentences, index, state.ref)
        or speech_days.briefing_day(body, state, index, all_sentences)
        or state.ref
    )
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
        if (
            s.date is None
            and s.rule.name in ("statement.said", "statement.said_inverted")
            and re.search(r"[,\"”]\s*(?:the\s+|a\s+)?$", tagged[: s.start])
            and not re.search(r"#\d+", tagged[s.start :])
        ):
            # "The meeting, scheduled for Saturday, will be chaired by Y, X said": the dates
            # are of what was said; the speech is of the day
            s.date = -1

    def when(
        match: rules.Match, *, future_ok: bool = False
    ) -> tuple[str | None, str, bool, str | None]:
        """(date, basis, inherited, end) for a match; None when it lies in the future."""
        candidates = [k for k in range(len(date_words)) if k not in consumed]
        # "the events of October 7", "since May", "(Sputnik - 14th July, 2020)": a date
        # of something else, or the wire's dateline
        candidates = [
            k for k in candidates
            if not re.search(r"\b(?:of|since|until|from)\s*$", tagged[: max(0, tagged.find(f"#{k}"))])
            and tagged[: max(0, tagged.find(f"#{k}"))].count("(") <= tagged[: max(0, tagged.find(f"#{k}"))].count(")")
        ] or ([] if candidates else candidates)  # fmt: skip
        # "discussed this week's G7 meetings", "unrelated to Wednesday's meeting": a date that
        # qualifies a noun is that thing's, not the verb's ("at Wednesday's briefing" is)
        candidates = [
            k
            for k in candidates
            if not re.match(rf"#{k}(?:'s|’s)\b", tagged[tagged.find(f"#{k}") :])
            or re.search(r"\b(?:at|during|in|after|following)\s*$", tagged[: tagged.find(f"#{k}")])
        ]
        # "..., as the president had said on Thursday": an earlier remark's day, not this one's
        candidates = [
            k
            for k in candidates
            if not re.search(
                r"\bhad\s+(?:said|stated|announced|told\s+[a-z ]{3,30}?)\s+(?:on\s+)?$",
                tagged[: max(0, tagged.find(f"#{k}"))],
            )
        ]
        if match.date == -1:  # a statement's content dates: not the speech's
            candidates = []
        elif match.date is not None:
            candidates = [match.date]
        if candidates:
            pos = {k: tagged.find(f"#{k}") for k in candidates}
            # "A a day after B on Thursday": Thursday is B's; "following talks at X in
            # August": August is the talks'
            candidates = [
                k for k in candidates if not other_event_day(tagged, match.verb_at, pos[k])
            ]
        if candidates:
            clause_end = end_of_clause(tagged, match.end)
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
    reported = rules.REPORTED.search(tagged)
    state.clause_subject = None
    for c in contacts:
        if is_blocked(tagged, c) or (denial_at is not None and c.start > denial_at):
            continue
        if families.DENIED_THAT.search(tagged[: c.start]):
            continue  # "The Kremlin denied that A and B spoke": a denier the registry lacks
        if topic_only(c, state, len(contacts), mentions):
            continue  # "X discussed Iran with Y" after their call: what the call was about
        parties = contact_parties(c, mentions, state)
        if parties is None:
            continue
        if c.rule.name == "contact.marks_visit":
            parties[0] = described_visitor(parties[0], state)
        if state.clause_subject is None and c.subj:
            state.clause_subject = parties[0]
        for k in c.obj:  # "his U.S. counterpart": a country until a sentence names them
            # ("her counterparts from Japan and South Korea": the same, for each country)
            if re.search(rf"@{k}\s+counterparts?\b", tagged) or re.search(
                rf"\bcounterparts?\s+(?:from|of)\s+(?:the\s+)?(?:@\d+\s*,?\s+(?:and\s+)?(?:the\s+)?)*@{k}\b",
                tagged,
            ):
                parties = [
                    state_counterpart(p, parties, state)
                    if p.key == mentions[k].key and p.kind == "state"
                    else p
                    for p in parties
                ]
        if (
            state.disputed
            and reported is not None
            and (reported.start() < c.verb_at or rules.TRAILING_REPORT.search(tagged[c.end :]))
        ):
            # "The Washington Post reported that Trump talked with Putin", in a text that
            # denies it: a report, not a contact
            state.denied.extend(p for p in parties if p.key not in {d.key for d in state.denied})
            continue
        when_date, basis, inherited, end = when(c)
        if when_date is None:
            continue  # a date still to come: a plan
        after = next((o for o in offsets if o.end() <= c.start), None)
        if after is not None and main_date is not None:
            when_date = shift_day(main_date, rules.offset_days(after))
            basis, inherited = after.group(), False
        etype, uncertain = rules.type_of(c.verb, c.noun, tagged)
        etype = families.retype(
            c.rule.name,
            c.verb,
            etype,
            tagged[c.verb_at :],
            all_sentences[max(0, index - 3) : index],
        )
        if c.rule.type and c.rule.type != "meeting":
            etype, uncertain = c.rule.type, False
        elif (c.rule.type == "meeting" and c.rule.name == "contact.called_on") or (
            c.rule.type == "meeting"
            and c.verb
            in (
                "met",
                "meet",
                "hold talks",
                "hosted",
                "received",
                "welcomed",
            )
        ):
            etype, uncertain = "meeting", False
        when_date, end = families.visit_span(
            c.rule.name, c.verb, unblanked[c.end :], when_date, end
        )
        location = location_of(c, mentions)
        groups = split_bilateral(parties, etype, tagged)
        for group in groups:
            if etype in ("meeting",) and (
                (len({p.country for p in group if p.country}) >= 3 and len(group) >= 4)
                or (len(group) >= 3 and re.search(r"\b(?:trilateral|multilateral)\b", c.noun or ""))
                # "X, the Foreign Ministers of the GCC member states, and its Secretary General met"
                or (len(group) >= 3 and any(p.kind == "international_organization" for p in group))
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
            initiator_of(prop, c, tagged, mentions, state)
            prop.sentence = index
            positions[id(prop)] = c.start
            prop.verb_at = c.verb_at
            prop.highlights = highlights_of(sent, offset, mentions, date_words)
            contact_props.append(prop)
        if not inherited or main_date is None:
            main_date = when_date
    state.clause_subject = None
    for n in nominals:
        parties = nominal_parties(n, mentions, tagged, state)
        if any(
            c.start <= n.verb_at < c.end
            for c in contacts
            if c.rule.name != "contact.discussed_with"
        ):
            continue  # "concluded his visit to X": the contact's own words (not "discussed ... with")
        if (
            parties is None
            or (n.date is None and not briefed_on(tagged, n))
            or is_blocked(tagged, n)
        ):
            continue
        if rules.STILL_TO_COME.match(tagged[n.end :]):
            continue  # "X's call with Y on Friday will focus on ...": a plan
        consumed.update([n.date] if n.date is not None else [])
        when_date, basis, inherited, end = when(n)
        if when_date is None:
            continue
        etype, uncertain = rules.type_of(n.noun or "", n.noun, "")
        if n.rule.type:
            etype, uncertain = n.rule.type, False
        if uncertain:
            continue
        if etype == "visit":
            for k, p in enumerate(parties):
                p.role = "visitor" if k < len(n.subj) else "host"
        prop = Proposal(
            etype,
            when_date,
            parties,
            [(sent.start, sent.end)],
            n.rule.name,
            n.rule.confidence,
            date_basis=basis,
        )
        prop.highlights = highlights_of(sent, offset, mentions, date_words)
        prop.verb_at = n.verb_at  # ("X's call with Y ..., Z said": Z's words are its readout)
        contact_props.append(prop)
    state.doc_contacts.extend(contact_props)
    if contact_props:
        state.last_contacts = contact_props
        state.last_contact = contact_props[-1]
        state.since_contact = 0
        dated = [p for p in contact_props if not p.date_inherited]
        # a month's contact in a story of one day ("Last month, A and B met in Tokyo"):
        # background; the undated contacts after it are the story's day's
        if dated and not (
            state.narrative is not None
            and len(dated[0].date or "") < 10 <= len(state.narrative)
            and not state.narrative.startswith(dated[0].date or "-")
        ):
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
    if not contact_props and state.last_contacts and state.since_contact <= 2:
        # "The conversation took place on the American initiative."
        caller = requester_of(tagged, mentions) if rules.REQUEST_AFTER.search(tagged) else None
        if caller is not None:
            for prop in state.last_contacts:
                if prop.type in ("phone_call", "video_call", "meeting", "letter", "message"):
                    set_initiator(prop, caller)
    out.extend(contact_props + visiting(contact_props, tagged, mentions, ctx, first_day))
    for s in statements:
        stated = statement_of(s, tagged, mentions, state, sent, when, contact_props, denial_at)
        if stated is not None:
            stated.sentence = index
            stated.highlights = highlights_of(sent, offset, mentions, date_words)
            out.append(stated)
    for d in developments:
        if is_blocked(tagged, d):
            continue
        subj = subject_parties(d, mentions, state)
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
            when_date = shift_day(main_date, rules.offset_days(after))
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
        prop.highlights = highlights_of(sent, offset, mentions, date_words)
        out.append(prop)
    anchor_offsets(out, offsets, tagged, positions)
    people = list({m.key: m for m in mentions if m.kind == "person" and m.key}.values())
    if len(people) == 2:
        state.last_pair = people
    elif len(people) > 2:
        state.last_pair = None
    # whom a "he" or "she" in the next sentence means: the subject, or the person who spoke
    # ('"...," Tillerson told reporters. He said he had talked to Lavrov')
    subjects = [m for m in mentions if tagged.startswith(f"@{mentions.index(m)}")]
    spoke = {p.key for prop in out if prop.type == "statement" for p in prop.parties[:1]}
    subjects += [m for m in mentions if m.kind == "person" and m.key in spoke]
    subjects.sort(key=lambda m: m.kind != "person")
    if subjects:
        state.last_subject = subjects[0]
    for prop in out if headline else []:  # "Xi meets Blinken": kept when the story has none
        prop.rule = f"headline.{prop.rule}"
    return out
