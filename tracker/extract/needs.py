"""The words each rule cannot match without (``rules.run`` tests them first: a cheap search
that spares most sentences most patterns)."""

from __future__ import annotations

import re

from tracker.extract import families, told

# Words a rule cannot match without: a cheap test before the rule's own pattern runs
NEEDS: dict[str, re.Pattern[str]] = {
    name: re.compile(words)
    for name, words in {
        "contact.received_call": r"\b(?:received|took|accepted)\b",
        "contact.called": r"\b(?:called|telephoned|phoned|rang|dialed|dialled)\b",
        "contact.placed_call": r"\b(?:placed|made|initiated)\b",
        "contact.took_place": r"\b(?:took place|was held|were held)\b",
        "contact.at_meeting": r"\b(?:(?:at|during|in|with) (?:a|an|the|their|his|her)|in (?:a series of )?(?:[a-z-]+ )?(?:meetings|talks) with)\b",
        "contact.travel_to_meet": r"\bto (?:meet|hold talks)\b",
        "contact.in_call_with": r"^[^@#]{0,25}?\b(?:in|during|at) ",
        "contact.during_call": r"\b(?:during|in) (?:a|an|the)\b",
        "contact.visit": r"\b(?:visit|toured|travel|arrived|landed|flew|stop)",
        "contact.on_visit": r"\b(?:visit|trip|tour)\b",
        "contact.letter": r"\b(?:letter|message|note)\b",
        "contact.wrote_to": r"\bwrote to\b",
        "contact.statement_after": r"\bjoint statement\b",
        "contact.joined_for": r"\bjoined\b",
        "contact.opportunity": r"\bopportunity\b",
        "contact.picked_up_phone": r"\bpicked up the\b",
        "contact.was_met_by": r"\b(?:was|were) (?:met|received|welcomed|greeted)\b",
        "contact.airport_arrival": r"\bairport\b",
        "contact.between_lasted": r"\bbetween\b",
        "contact.in_for_talks": r"\bfor (?:[a-z-]+ ){0,2}?(?:talks|meetings?|consultations|discussions) with\b",
        "contact.hosted_meal": r"\b(?:dinner|lunch|luncheon|breakfast|banquet|reception)\b",
        "contact.into_talks": r"\binto (?:talks|a meeting|meetings|discussions) with\b",
        "contact.in_on_visit": r"\b(?:visit|trip|tour)\b",
        "contact.marks_visit": r"['’]s\b",
        "contact.during_between": r"\bbetween\b",
        "contact.called_on": r"\bcall(?:ed|s)? on\b",
        "nominal.possessive": r"['’]s\b",
        "nominal.possessive_pair": r"['’]s\b",
        "contact.caption": r",\s+(?:left|right|center|centre)\b",
        "contact.took_part_of": r"\b(?:part in|participated in|attended)\b",
        "contact.discussed_with": r"\b(?:discussed|reviewed)\b",
        "nominal.dated": r"#",
        "nominal.between": r"\bbetween\b",
        "nominal.own_visit": r"\b(?:his|her|their) (?:[a-z-]+ ){0,2}?(?:visit|trip) to\b",
        "nominal.own_contact": r"\b(?:his|her|their) (?:[a-z-]+ ){0,2}?(?:(?:tele)?phone )?(?:calls?|meetings?|talks|conversations?) (?:(?:on )?#\d+ )?with\b",
        "nominal.their_earlier": r"^(?:following|after) their\b",
        "nominal.dated_between": r"#\d+ between\b",
        "nominal.also_between": r"\bbetween\b.*\bbetween\b",
        "nominal.visit": r"\b(?:visit|trip)\b",
        "statement.joint": r"\bjoint\b",
        "statement.message_from": r"\b(?:message|statement)\b",
        "statement.announced": r"\b(?:announced|unveiled|agreed on|signed)\b",
        "development.action": r"\b(?:evacuated|closed|reopened|shut|suspended|withdrew|recalled|expelled|imposed|lifted|severed|broke|restored|froze|seized|captured|annexed|invaded|relocated|downgraded|upgraded)\b",
    }.items()
}
NEEDS.update({name: re.compile(words) for name, words in families.NEEDS.items()})
NEEDS.update({name: re.compile(words) for name, words in told.NEEDS.items()})


def _quick(words: str) -> re.Pattern[str]:
    """The need without its leading word boundary: a looser test, but one the regex engine
    can skip through by its first letters (a leading ``\\b`` makes it try every position)."""
    return re.compile(words[2:] if words.startswith(r"\b") else words)


NEEDS.update({name: _quick(p.pattern) for name, p in NEEDS.items()})
