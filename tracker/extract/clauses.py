"""Within a sentence: where a clause ends, which rule matches claim which words, what
blocks a match (a plan, a request, a denial, a question), the date words' day, the
tagged form the rules read.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from tracker.extract import dates as dates_mod
from tracker.extract import rules
from tracker.extract.document import Sentence
from tracker.extract.proposals import Proposal, SentenceState
from tracker.extract.references import Mention


def anchor_offsets(
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
                p.date = shift_day(after[0].date, -rules.offset_days(o))
                p.date_inherited, p.date_basis = False, o.group()


def day_of_words(words: list[dates_mod.DateWords], ref: date) -> str | None:
    for w in words:
        resolved = dates_mod.resolve(w, ref)
        if resolved is not None and resolved.first == resolved.last:
            return resolved.text
    return None


def shift_day(day: str, days: int) -> str:
    try:
        return (date.fromisoformat(day[:10]) + timedelta(days=days)).isoformat()
    except ValueError:
        return day


def end_of_clause(tagged: str, pos: int) -> int:
    found = re.search(r"[;]|\.\s|\bwhile\b|\bbut\b", tagged[pos:])
    return pos + found.start() if found else len(tagged)


def claimed(matches: list[rules.Match]) -> list[rules.Match]:
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


# "... a meeting with @2, planned as well", "... talks with @3 are scheduled": the plan told
# after the contact ("as planned" is a contact that took place)
_PLANNED_AFTER = re.compile(
    r"[^.;@#]{0,40}?(?<!\bas)\s*,?\s+(?:(?:is|was|are|were|also|now|being)\s+){0,2}"
    r"(?:planned|scheduled|expected|envisaged|in the works)\b(?!\s+(?:to|for)\b)"
)  # ("..., is also expected to hold talks with Y": another contact, planned)


def is_blocked(tagged: str, match: rules.Match) -> bool:
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
    if match.rule.name == "contact.during_between":
        # "... will be discussed during a meeting between A and B": the clause's verb
        return bool(
            re.search(
                r"\b(?:will|would|shall|could|might|may|planned|scheduled|expected|due|hope|hopes)\b",
                tagged[max(0, match.start - 60) : match.start],
            )
        )
    if match.rule.name in ("contact.during_call", "contact.in_call_with"):
        # "X voiced concerns to Y ... during a call": the main verb's words, before "to Y"
        window = re.split(r"\s(?:to|with)\s+@", tagged[match.start : match.verb_at], maxsplit=1)[0]
        window = window[window.find("@") :] if "@" in window else window
        window = re.sub(r"^@\d+", "", window)
    elif match.rule.name == "contact.travel_to_meet":
        window = re.split(r"\s(?:traveled|travelled|flew|went)\s", window, maxsplit=1)[0]
    elif match.rule.name == "contact.at_meeting":
        window = window[
            :30
        ]  # "X expressed appreciation for ... during a meeting with Y": the main verb
    if rules.MODAL.search(window):
        return True
    if _PLANNED_AFTER.match(tagged, match.end):
        return True  # "X had a meeting with Y, Z, planned as well"
    before = tagged[max(0, match.start - 30) : match.start]
    if rules.BEFORE_SUBJECT.search(before):
        return True
    return bool(
        re.search(
            r"\b(?:if|unless|whether|would|could|might|plans? to|no)\b[^.;]*$",
            tagged[max(0, match.start - 60) : match.start],
        )
    )


def tagged_sentence(
    body: str, mentions: list[Mention], date_words: list[dates_mod.DateWords]
) -> str:
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


def highlights_of(
    sent: Sentence, offset: int, mentions: list[Mention], date_words: list[dates_mod.DateWords]
) -> list[tuple[int, int, str]]:
    out = [(offset + m.start, offset + m.end, "actor") for m in mentions if m.key]
    out += [(offset + d.start, offset + d.end, "date") for d in date_words]
    return sorted(out)


def arrival_matches(arrival: str | None) -> list[rules.Match]:
    """The contacts of the arrival clause, each dated by the clause's own date (the main
    clause's rules do not see the clause's dates: ``blanked_dates``)."""
    if arrival is None:
        return []
    found = rules.run(rules.CONTACT_RULES, arrival)
    days = re.findall(r"#(\d+)", arrival)
    for match in found:
        if match.date is None and days:
            match.date = int(days[0])
    return found


def blanked_dates(unblanked: str, tagged: str) -> set[int]:
    """The dates of the words blanked out of the sentence (a relative clause's: "X, who
    arrived on Thursday, earlier visited Y": Thursday is the arrival's, not the visit's)."""
    return {int(k) for k in re.findall(r"#(\d+)", unblanked) if f"#{k}" not in tagged}


# "..., following discussions at the ASEAN Regional Forum in August": a day of that other
# gathering, named after the verb ("prior to their meeting ... Tuesday": the same day, kept)
_OTHER_EVENT = re.compile(
    r"\b(?:following|since)\s+(?:the\s+|their\s+|his\s+|her\s+|a\s+|an\s+)?"
    r"(?:[\w@'-]+\s+){0,4}?(?:discussions?|talks|meetings?|summit|visit|conference|forum|consultations"
    r"|session|dialogue|trip|elections?)\b[^,;#]*$"
)


def other_event_day(tagged: str, verb_at: int, at: int) -> bool:
    """Whether the date at ``at`` (after the verb) is another event's, named in passing: after
    an offset ("a day after B on Thursday") or in a phrase of that event."""
    cut = next((o.start() for o in rules.OFFSET.finditer(tagged) if o.start() > verb_at), None)
    if cut is not None and at >= cut:
        return True
    return at > verb_at and _OTHER_EVENT.search(tagged, verb_at, at) is not None


# "X briefed leaders on his call with Y": a contact of the subject's, told as done
_BRIEFED_ON = re.compile(
    r"\b(?:briefed|informed|updated)\b[^.;@]*?\bon\s+(?:his|her|their)\s+(?:[a-z-]+\s+){0,2}?"
    r"(?:(?:tele)?phone\s+)?(?:calls?|meetings?|talks|conversations?)\s+with\b"
)


def briefed_on(tagged: str, match: rules.Match) -> bool:
    """Whether an undated contact named in passing is one the subject briefed others on."""
    return match.rule.name == "nominal.own_contact" and _BRIEFED_ON.search(tagged) is not None


def topic_only(c: rules.Match, state: SentenceState, count: int, mentions: list[Mention]) -> bool:
    """Whether "X discussed Z with Y" tells only what a contact was about: in a readout, after
    a contact was told, or beside another in the sentence, or with no person ("reviewed ties
    with the United States at a meeting with Y": the topic). In remarks, or as the text's
    first contact with a person ("X discussed trade with Y on Monday"), it is a contact."""
    return (
        c.rule.name == "contact.discussed_with"
        and state.subject is None
        and (
            bool(state.doc_contacts)
            or count > 1
            or any(mentions[k].kind != "person" for k in c.obj)
        )
    )
