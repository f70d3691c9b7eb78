"""Families of wording a third held-out set showed missed (2026-12-03): a ministry's talk
"with H.E. Mr. Y", counterparts of countries then named in order ("her counterparts from
Croatia and Japan, A and B"), meetings held "with counterparts including", a
meeting "was held ... and included A, B and C", ministers who "gathered in" a city, who
"attended the ASEAN summit" or "represented the EU at" one, a visit begun, wrapped up or
concluded ("concluded his two-day visit to India on Sunday"), and "Mike and I had a good
discussion" in a known speaker's quote. ``rules`` puts the rules in its list; ``sentence``
runs the rewrites.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from tracker.extract.document import Sentence
from tracker.extract.lexicon import title_class
from tracker.extract.patterns import (
    ADJ,
    CALL_NOUN,
    GATHERING,
    LAST,
    PRE,
    SUBJ,
    G,
    M,
    Rule,
    rule_pattern,
)
from tracker.extract.references import Context, Mention

HELD_INCLUDED = Rule(
    # "A tripartite meeting was held in Ankara on Monday and included A, B and C"
    "contact.held_included",
    rule_pattern(
        rf"(?:a|an|the)\s+{ADJ}(?P<noun>{GATHERING}|{CALL_NOUN})\s+(?P<verb>was held|took place|was convened|was hosted)"
        rf"(?P<gap>[^.;@]{{0,80}}?(?:@\d+[^.;@]{{0,40}}?)?)\s+(?:and\s+|which\s+|that\s+)?"
        rf"(?:included|involved|brought together|was attended by|gathered)\s+(?:the\s+)?"
        rf"(?:(?!and\b)[a-z-]+\s+){{0,3}}?(?:(?:of|from)\s+(?:the\s+)?)?(?P<subj>{G})(?P<pre>)"
    ),
    "contact",
    None,
    symmetric=True,
    confidence=0.75,
)

HELD_OF = Rule(
    # "A trilateral meeting of A, B and C was held in Ankara on Monday"
    "contact.held_of",
    rule_pattern(
        rf"(?:a|an|the)\s+{ADJ}(?P<noun>{GATHERING}|{CALL_NOUN})\s+(?:of|between|among)\s+(?:the\s+)?(?P<subj>{G})(?P<pre>)"
        rf"\s+(?P<verb>was held|were held|took place|was convened)\b"
    ),
    "contact",
    None,
    symmetric=True,
    confidence=0.75,
)

GATHERED = Rule(
    # "G7 foreign ministers gathered in Nagoya on Monday": a body's members together
    "contact.gathered",
    rule_pattern(
        rf"(?P<subj>{M})(?P<pre>(?:\s+(?:foreign|defence|defense|finance|trade|energy|health))?"
        rf"\s+(?:ministers|leaders|heads of state(?: and government)?|envoys|members))(?:\s+#\d+)?"
        rf"\s+(?P<verb>gathered|convened|assembled|met)\s+(?:in|at|for)\b"
    ),
    "contact",
    "multilateral_meeting",
    symmetric=True,
    confidence=0.7,
)

ATTENDED = Rule(
    # "X attended the ASEAN summit in Jakarta", "X represented the EU at the G20 summit"
    "contact.attended",
    rule_pattern(
        rf"{SUBJ}{PRE}\s+(?P<verb>attended|(?:took|taking)\s+part\s+in|participated\s+in|represented\s+(?:the\s+)?{M}\s+at)"
        rf"\s+(?:a|an|the)\s+(?:#\d+\s+)?(?P<obj>{M})(?:\s+[a-z'-]+){{0,3}}?\s+(?P<noun>{GATHERING})\b"
    ),
    "contact",
    "multilateral_meeting",
    confidence=0.7,
)

REPRESENTED = Rule(
    # "X represented the EU at the summit in Jakarta": the represented one is X's party
    "contact.represented",
    rule_pattern(
        rf"{SUBJ}{PRE}\s+(?P<verb>represented)\s+(?:the\s+)?(?P<obj>{M})\s+at\s+(?:a|an|the)\s+{ADJ}(?P<noun>{GATHERING})\b"
    ),
    "contact",
    "multilateral_meeting",
    confidence=0.65,
)

TOUR = Rule(
    # "X concluded his two-day visit to India on Sunday", "began a four-nation tour of A, B
    # and C", "wrapped up a visit to Japan": the visit took place
    "contact.tour",
    rule_pattern(
        rf"{SUBJ}{PRE}\s+(?P<verb>(?:began|started|kicked off|opened|wrapped up|concluded|ended|completed|capped|continued|cut short)"
        rf"\s+(?:a|an|his|her|their)\s+{ADJ}(?P<noun>visit|trip|tour|state visit))\s+(?:to|of|in)\s+(?:the\s+)?(?P<obj>{G})"
    ),
    "contact",
    "visit",
    confidence=0.8,
)

GATHERED_OF = Rule(
    # "Leaders of the G7 gathered in Nagoya": the same, the body after its members
    "contact.gathered",
    rule_pattern(
        rf"(?:the\s+)?(?:foreign\s+|defence\s+|defense\s+|finance\s+)?(?:ministers|leaders|heads of state(?: and government)?)\s+of\s+(?:the\s+)?"
        rf"(?P<subj>{M})(?P<pre>)(?:\s+#\d+)?\s+(?P<verb>gathered|convened|assembled|met)\s+(?:in|at|for)\b"
    ),
    "contact",
    "multilateral_meeting",
    symmetric=True,
    confidence=0.7,
)

JOINED_MEMBERS = Rule(
    # "X joined G7 foreign ministers in Nagoya": X at the body's meeting
    "contact.joined_members",
    rule_pattern(
        rf"{SUBJ}{PRE}\s+(?P<verb>joined)\s+(?:the\s+|other\s+|fellow\s+)?(?P<obj>{M})\s+(?:foreign\s+|defence\s+|defense\s+|finance\s+)?"
        rf"(?:ministers|leaders|counterparts)\s+(?:in|at)\s+(?!\w+ing\b)"
    ),
    "contact",
    "multilateral_meeting",
    confidence=0.65,
)

COURTESY_FROM = Rule(
    # "X received a courtesy call from H.E. Mr. Y": Y came to see X (a meeting, not a call)
    "contact.courtesy_from",
    rule_pattern(
        rf"{SUBJ}{PRE}\s+(?P<verb>received|accepted)\s+(?:a|an)\s+courtesy\s+calls?\s+from\s+(?P<obj>{G})"
    ),
    "contact",
    "meeting",
    confidence=0.8,
)

LEFT_AFTER = Rule(
    # "X left Tokyo on Sunday after a two-day visit": the visit ended that day
    "contact.tour",
    rule_pattern(
        rf"{SUBJ}{PRE}\s+(?P<verb>(?:left|departed(?:\s+from)?)\s+(?P<obj>{M})(?:\s+#\d+)?\s+(?:after|following|at the end of)"
        rf"\s+(?:a|an|his|her|their)\s+{ADJ}(?:visit|trip|stay|tour))\b"
    ),
    "contact",
    "visit",
    confidence=0.75,
)

ARRIVED_HERE = Rule(
    # "ISLAMABAD: X arrived here Tuesday on a two-day visit": "here" read as the lead's state
    "contact.arrived_here",
    rule_pattern(rf"{SUBJ}{PRE}\s+(?P<verb>arrived|landed)\s+(?P<obj>{M})(?![\w@])"),
    "contact",
    "visit",
    confidence=0.75,
)

# "the @k's phone call between A and B": a contact dated by its possessive
DATED_POSSESSIVE = Rule(
    "nominal.dated_possessive",
    rule_pattern(
        rf"(?P<date>#\d+)'s\s+(?:[a-z-]+\s+){{0,2}}?(?P<noun>(?:tele)?phone (?:call|conversation|talks)|call|meeting|talks|summit|conversation|videoconference)"
        rf"\s+between\s+(?:the\s+)?(?P<obj>{G})"
    ),
    "nominal",
    None,
    confidence=0.7,
)

CONDUCTED_BY = Rule(
    # "during a telephone conversation conducted by X with Y": the passive's agent and its party
    "contact.conducted_by",
    rule_pattern(
        rf"(?P<verb>(?:a|an|the)\s+{ADJ}(?P<noun>{CALL_NOUN}|{GATHERING})\s+(?:conducted|held|made|placed)\s+by)\s+(?P<subj>{M})(?P<pre>)"
        rf"\s+with\s+(?P<obj>(?:the\s+)?(?:[a-z]+\s+){{0,2}}?{G})"
    ),
    "contact",
    None,
    confidence=0.7,
)

EXCHANGED_VIEWS = Rule(
    # "A and B exchanged views on bilateral cooperation": two named, what a contact is
    "contact.exchanged_views",
    rule_pattern(
        rf"^(?:[a-z]+\s+){{0,2}}?(?P<subj>{M}\s+and\s+{LAST})(?P<pre>(?:\s+also)?)\s+(?P<verb>exchanged\s+(?:their\s+)?views|had\s+an\s+exchange\s+of\s+views)\b"
    ),
    "contact",
    None,
    symmetric=True,
    confidence=0.6,
)

# "the meeting between A and B, which took place in Belgrade on October 7": read before the
# relative clause is blanked
BETWEEN_WHICH = Rule(
    "nominal.between_which",
    rule_pattern(
        rf"\b(?P<noun>meeting|talks|(?:tele)?phone (?:call|conversation|talks)|call|conversation|summit)\s+between\s+(?:the\s+)?(?P<obj>{G})"
        rf",?\s+(?:which|that)\s+(?:took place|was held|were held)(?:\s+(?:in|at)\s+(?:the\s+)?(?:@\d+|[a-z]+))?\s+(?:on\s+|in\s+)?(?P<date>#\d+)"
    ),
    "nominal",
    None,
    confidence=0.65,
)

UNBLANKED = (BETWEEN_WHICH,)  # nominals read before relative clauses are blanked

CONTACTS = (
    HELD_INCLUDED,
    HELD_OF,
    GATHERED,
    GATHERED_OF,
    JOINED_MEMBERS,
    COURTESY_FROM,
    ATTENDED,
    REPRESENTED,
    TOUR,
    LEFT_AFTER,
    ARRIVED_HERE,
    CONDUCTED_BY,
    EXCHANGED_VIEWS,
)

NEEDS = {  # (narrow: each is searched in every sentence)
    "contact.conducted_by": r"\b(?:conducted|held|made|placed) by @",
    "contact.exchanged_views": r"^(?:[a-z]+ ){0,2}?@\d+ and .*\bexchange(?:d| of) (?:their )?views\b",
    "nominal.between_which": r"\bbetween\b.*\b(?:which|that) (?:took place|was held|were held)\b",
    "nominal.dated_possessive": r"#\d+'s\b",
    "contact.held_included": r"\b(?:was held|took place|was convened|was hosted)\b.*\b(?:included|involved|brought together|attended by|gathered)\b",
    "contact.held_of": r"\b(?:of|between|among) (?:the )?@\d+.*\b(?:was held|were held|took place|was convened)\b",
    "contact.gathered": r"\b(?:gathered|convened|assembled)\b|\b(?:ministers|leaders|members|envoys|government)(?: #\d+)? met\b",
    "contact.joined_members": r"\bjoined (?:the |other |fellow )?@",
    "contact.courtesy_from": r"\bcourtesy calls? from\b",
    "contact.attended": r"\b(?:attended|part in|participated in) (?:a|an|the) (?:#\d+ )?@|\brepresented (?:the )?@\d+ at\b",
    "contact.represented": r"\brepresented (?:the )?@\d+ at\b",
    "contact.arrived_here": r"\b(?:arrived|landed) @",
    "contact.tour": r"\b(?:began|started|kicked off|opened|wrapped up|concluded|ended|completed|capped|continued|cut short) (?:a|an|his|her|their)\b"
    r"|\b(?:left|departed)\b.*\b(?:after|following|end of)\b",
}


_MODE_WORDS = re.compile(
    r"\b(?:(?P<phone>(?:tele)?phone|call|calls|called)|(?P<video>video\w*|virtual)|meetings?|met|talks|sidelines|visit)\b",
    re.I,
)


_BY_PHONE = re.compile(r"\b(?:by|over the|on the)\s+(?:tele)?phone\b")


def retype(rule: str, verb: str, etype: str, after: str, before: list[Sentence]) -> str:
    """ "held talks by phone": a call. "A and B exchanged views" says no mode: the mode the
    sentences before it name last ("held bilateral meetings ... on the sidelines": in person)."""
    if etype == "meeting" and "talks" in verb and _BY_PHONE.search(after[:80]):
        return "phone_call"
    if rule != "contact.exchanged_views":
        return etype
    last = None
    for sent in before:
        for found in _MODE_WORDS.finditer(sent.text):
            last = found
    if last is None:
        return etype
    return (
        "phone_call" if last.group("phone") else "video_call" if last.group("video") else "meeting"
    )


_DAYS = ("two", "three", "four", "five", "six", "seven")  # a visit of 2..7 days
_SPAN = re.compile(r"\b(two|three|four|five|six|seven|[2-5])[- ]day\b")


_ENDED = re.compile(r"(?:wrapped up|concluded|ended|completed|capped|cut short|left|departed)\b")
# after an arrival: "arrived in X on Monday for a two-day visit"
_FOR_DAYS = re.compile(
    r"^[^.;@]{0,30}?\b(?:on|for)\s+(?:a|an|his|her|their)\s+(two|three|four|five|six|seven|[2-5])[- ]day\b"
)


def visit_span(
    rule: str, verb: str, tail: str, day: str, end: str | None
) -> tuple[str, str | None]:
    """A visit of n days concluded (wrapped up, left after) on ``day`` began n-1 days before
    it; one begun, or arrived for, on ``day`` ends n-1 days after. (date, date_end)."""
    if end is not None or len(day) != 10:
        return day, end
    span = _SPAN.search(verb) if rule == "contact.tour" else None
    if rule in ("contact.visit", "contact.on_visit", "contact.arrived_here") and re.match(
        r"(?:arrived|landed)\b", verb
    ):
        span = _SPAN.search(verb) or _FOR_DAYS.search(tail)
    if span is None:
        return day, end
    word = span.group(1)
    length = timedelta(days=(int(word) if word.isdigit() else _DAYS.index(word) + 2) - 1)
    if rule == "contact.tour" and _ENDED.match(verb):
        return (date.fromisoformat(day) - length).isoformat(), day
    return day, (date.fromisoformat(day) + length).isoformat()


# "The Kremlin denied that A and B spoke": a denial, whoever the denier is
DENIED_THAT = re.compile(r"\bden(?:ied|ies|ying)\s+(?:reports?\s+|claims?\s+)?that\b")

# "@0, who arrived in @1 #0, met ...": the arrival a relative clause tells
_ARRIVAL_CLAUSE = re.compile(
    r"^(?:(?:on\s+)?#\d+\s*,\s+)?(?P<subj>@\d+)\s*,\s+(?:who\s+)?(?P<clause>(?:(?<=who )(?:arrived\b|landed\b|was\s+visiting\s"
    r"|(?:is|was|are|were)\s+(?:currently\s+)?on\s+(?:a|an|his|her|their)\s)"
    r"|(?<!who )on\s+(?:a|an|his|her|their)\s+(?:[a-z-]+\s+){0,3}?(?:visit|trip|tour)\s+to\s)[^,;]*?),"
)


def arrival_clause(tagged: str) -> str | None:
    """The subject and its relative clause of arrival alone, every other word blanked (the
    same length, so offsets hold): the clause's visit, read before the clause is blanked."""
    found = _ARRIVAL_CLAUSE.match(tagged)
    if found is None:
        return None
    a, b = found.span("clause")
    s, e = found.span("subj")
    return " " * s + tagged[s:e] + " " * (a - e) + tagged[a:b] + " " * (len(tagged) - b)


# "visited @1's office in South Block": a meeting with the person, at their office
_OFFICE_OF = re.compile(
    r"\b(?:visited|called at|went to)(\s+(?:[a-z-]+\s+){0,5}?@(\d+))(?P<place>'s\s+(?:office|residence|home)\b)"
)


# "h.e. @1", "his excellency @1", "the hon. @1": a courtesy before a name
_HONORIFIC = re.compile(
    r"\b(?:h\.\s?e\.|his excellency|her excellency|their excellencies|the hon\.|the (?:right )?honou?rable"
    r"|senator the hon\.?)\s+(?=@)|(?<=,\s)he\s+(?=@)"  # (", HE Taro Kono,": His Excellency)
)
_AS_OFFICE = re.compile(r"(?<=\bas\s)@(\d+)")


def _bare_title(m: Mention) -> bool:
    return m.kind == "person" and title_class(m.text.strip()) is not None


# "today (#3) spoke": a date in brackets is the clause's
_BRACKETED_DATE = re.compile(r"\(\s*(#\d+)\s*\)")
# "@1, Jr. spoke": the name's suffix, not a clause's comma
_SUFFIX = re.compile(r"(@\d+),?\s+(?:jr|sr)\.?(?=[\s,;]|$)")
# "her counterparts from @1 and @2, @3 and @4": the countries, then their people in order
_COUNTRIES_THEN_PEOPLE = re.compile(
    r"\bcounterparts(?P<from>\s+(?:from|of)\s+(?:the\s+)?(?P<states>@\d+(?:\s*,\s*(?:the\s+)?@\d+)*\s*,?\s+and\s+(?:the\s+)?@\d+)"
    r"\s*,)\s+(?P<people>@\d+(?:\s*,\s*@\d+)*\s*,?\s+and\s+@\d+)(?=\s*(?:,|\.|$|#|\s+(?:on|in|at|during)\b))"
)

# "her counterpart from @1, @2": the same, for one
_COUNTRY_THEN_PERSON = re.compile(
    r"\bcounterpart(?P<from>\s+(?:from|of)\s+(?:the\s+)?(?P<states>@\d+)\s*,)\s+(?P<people>@\d+)"
    r"(?=\s*(?:,|\.|$|#|\s+(?:on|in|at|during|and)\b))"
)

# "@1, minister of foreign and european affairs of the @2": the person's country
_TITLE_OF_STATE = re.compile(
    r"@(\d+),\s+(?:the\s+)?(?:[a-z-]+\s+){0,3}?(?:minister|secretary|president|prime minister|chancellor|ambassador)\b[^,;@#]{0,60}?\bof\s+(?:the\s+)?@(\d+)"
)


def _give_country(person: Mention, state: Mention) -> None:
    if person.kind == "person" and state.kind == "state" and person.country is None:
        person.country = state.country
        if person.new is not None:
            person.new.country = state.country


def _tags(text: str) -> list[int]:
    return [int(k) for k in re.findall(r"@(\d+)", text)]


def rewrite(tagged: str, mentions: list[Mention]) -> str:
    """Courtesies blanked; a title's state given to the new person it follows, and the
    counterparts' countries to the people then named."""
    tagged = _HONORIFIC.sub(lambda m: " " * len(m.group()), tagged)
    tagged = _BRACKETED_DATE.sub(lambda m: f" {m.group(1)}".ljust(len(m.group())), tagged)
    # "her first call as @3 with Y" (@3 "Foreign Minister"): the office she spoke in, no one
    tagged = _AS_OFFICE.sub(
        lambda m: " " * len(m.group()) if _bare_title(mentions[int(m.group(1))]) else m.group(),
        tagged,
    )
    tagged = _SUFFIX.sub(lambda m: m.group(1) + " " * (len(m.group()) - len(m.group(1))), tagged)
    tagged = _OFFICE_OF.sub(
        lambda m: (
            "met" + " " * (m.start(1) - m.start() - 3) + m.group(1) + " " * len(m["place"])
            if mentions[int(m.group(2))].kind == "person"
            else m.group()
        ),
        tagged,
    )
    for found in _TITLE_OF_STATE.finditer(tagged):
        _give_country(mentions[int(found.group(1))], mentions[int(found.group(2))])
    for listed in (_COUNTRIES_THEN_PEOPLE.search(tagged), _COUNTRY_THEN_PERSON.search(tagged)):
        if listed is None:
            continue
        states, people = _tags(listed.group("states")), _tags(listed.group("people"))
        if len(states) == len(people) and all(
            mentions[s].kind == "state" and mentions[p].kind == "person"
            for s, p in zip(states, people, strict=True)
        ):
            for s, p in zip(states, people, strict=True):
                _give_country(mentions[p], mentions[s])
            a, b = listed.start("from"), listed.start("people")
            tagged = tagged[:a] + " " * (b - a) + tagged[b:]
            break
    return tagged


# '"Mike and I had a good discussion," X said': the first name of a person the text named
_FIRST_NAME_AND_I = re.compile(
    r"^(?:[A-Z][^\"“]{0,80}:\s*)?[\"“‘']\s*(?:[A-Z][a-z]+,?\s+)?(?P<name>[A-Z][a-z]+)\s+and\s+I\s+(?:also\s+|just\s+)?(?:had|held|spoke|talked|met|discussed)\b"
)


def first_name_partner(body: str, mentions: list[Mention], ctx: Context) -> None:
    """The one person named earlier in the text whose first name this quote's "Mike and I"
    gives, added to ``mentions`` at the name; no one when no one or several."""
    found = _FIRST_NAME_AND_I.match(body)
    if found is None:
        return
    start, end = found.span("name")
    if any(m.start < end and start < m.end for m in mentions):
        return
    people: dict[str, Mention] = {}
    for m in ctx.entities:
        actor = ctx.registry.get(m.actor) if m.actor else None
        full = actor.name if actor else (m.new.name if m.new else "")
        if m.kind == "person" and m.key and full.split()[:1] == [found.group("name")]:
            people[m.key] = m
    if len(people) != 1:
        return
    person = next(iter(people.values()))
    mentions.append(
        Mention(
            start,
            end,
            found.group("name"),
            actor=person.actor,
            new=person.new,
            kind="person",
            country=person.country,
        )
    )
    mentions.sort(key=lambda m: m.start)
