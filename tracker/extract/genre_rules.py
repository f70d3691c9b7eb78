"""Rules of the genre found on unseen readouts and wire stories (2026-12-02): a call that
leads the sentence, a verb to someone "during a telephone conversation", a conversation
"between" two, a trip "to meet with", taking part in a meeting "of" an organisation, photo
captions, courtesy calls, "currently in X on a visit", going "straight into talks with" someone, "had an
opportunity to speak with", "was met at the airport by", "picked up the phone and spoke with", possessive dated
contacts, and a
pair's dated contact ("A and B's meeting in Vancouver last week").
``rules`` puts each in its place in its list (the first rule to claim a verb keeps it).
"""

from __future__ import annotations

import re

from tracker.extract import told
from tracker.extract.families import CONTACTS as FAMILY_CONTACTS
from tracker.extract.families import DATED_POSSESSIVE
from tracker.extract.patterns import (
    ADJ,
    CALL_NOUN,
    MEET_NOUN,
    OBJ,
    PRE,
    SUBJ,
    SUMMIT_NOUN,
    VIDEO_NOUN,
    G,
    M,
    Rule,
    rule_pattern,
)

# an adjective that makes a named contact one still to come ("at the upcoming meeting between")
_NOT_PLANNED = r"(?!(?:[a-z.'’-]+\s+){0,2}(?:upcoming|planned|proposed|forthcoming|possible|next|future|expected|scheduled)\b)"

IN_CALL_WITH = Rule(
    # "In a phone call with his French counterpart, Wang Yi said ...": the call leads;
    # "During his meeting with Foreign Minister X, Y underlined ..." (not one still to come)
    "contact.in_call_with",
    rule_pattern(
        rf"^(?:[^@#]{{0,25}}?)(?P<verb>(?:in|during|at)\s+(?:(?:a|an|the|their|his|her)\s+)?{_NOT_PLANNED}{ADJ}(?P<noun>{VIDEO_NOUN}|{CALL_NOUN}|meeting|talks))"
        rf"(?P<gap>(?:\s+#\d+)?)\s+with\s+(?P<obj>(?:(?:the|his|her|their|its)\s+)?(?:[a-z]+\s+){{0,2}}?{G}(?:\s+counterparts?)?)"
        rf"(?:\s+(?:of|from)\s+(?:the\s+)?@\d+)?(?:\s+#\d+)?\s*,\s+(?P<subj>{M})(?P<pre>)\s+(?:also\s+)?(?!(?:will|would|is|plans|hopes|expects|intends)\b)[a-z]{{3,}}\b"
    ),
    "contact",
    None,
    confidence=0.8,
)


DURING_CALL = Rule(
    # "Obama voiced deep concerns to Putin on Friday ... during a telephone conversation"
    "contact.during_call",
    rule_pattern(
        rf"^(?:[^@]{{0,40}}?)(?:@\d+\s*(?:\([^)]*\))?\s*(?:[-—–]+|,\s*#\d+\s*(?:\([^)]*\))?\s*--)\s+)?(?P<subj>{M})(?P<pre>(?:\s+#\d+)?(?:\s+[a-z'’-]+){{1,5}}?)\s+(?:to|with)\s+(?P<obj>{M})"
        rf"(?P<gap>[^.;@]{{0,120}}?(?:@\d+[^.;@]{{0,60}}?){{0,3}}?)\s+(?P<verb>(?:during|in)\s+(?:a|an|the)\s+{ADJ}(?P<noun>{VIDEO_NOUN}|(?:phone|telephone)\s+(?:call|conversation|talks?)))\b(?!\s+with\b)"
    ),
    "contact",
    None,
    confidence=0.75,
)


TRAVEL_TO_MEET = Rule(
    # "X traveled to Nairobi on August 22 to meet with President Y": a trip's report
    "contact.travel_to_meet",
    rule_pattern(
        rf"{SUBJ}{PRE}\s+(?:traveled|travelled|flew|went)\s+to\s+(?:[^.;]{{0,60}}?)\s+to\s+(?P<verb>meet|hold talks)(?:\s+with)?\s+{OBJ}"
    ),
    "contact",
    "meeting",
    confidence=0.75,
)


DURING_BETWEEN = Rule(
    # "The agreement was reached during a telephonic conversation between A and B"
    "contact.during_between",
    rule_pattern(
        rf"(?P<verb>\b(?:during|in|at)\s+(?:a|an|the|their)\s+{_NOT_PLANNED}{ADJ}(?P<noun>{VIDEO_NOUN}|{CALL_NOUN}|meeting|talks))\s+between\s+(?:the\s+)?(?P<subj>{G})(?P<pre>)"
    ),
    "contact",
    None,
    symmetric=True,
    confidence=0.75,
)


TOOK_PART_OF = Rule(
    # "X has been taking part in a meeting of the Arctic Council", "attended the summit of"
    "contact.took_part_of",
    rule_pattern(
        rf"{SUBJ}{PRE}\s+(?P<verb>(?:took|taking|takes|take)\s+part\s+in|participated\s+in|attended)\s+(?:a|an|the)\s+{ADJ}"
        rf"(?P<noun>meeting|summit|session|conference|ministerial|council)\s+of\s+(?:the\s+)?(?:[a-z]+\s+){{0,2}}?(?P<obj>{G})"
    ),
    "contact",
    "multilateral_meeting",
    confidence=0.75,
)


CAPTION = Rule(
    # a photo caption: "X, left, shakes hands with Y, right, prior to their meeting at
    # the Guesthouse Tuesday, July 20, 2021, in Tokyo"
    "contact.caption",
    rule_pattern(
        rf"^(?P<subj>{M},\s+(?:left|right|center|centre)(?:\s*,\s+and\s+{M},\s+(?:left|right|center|centre))?)\s*,?(?P<pre>)\s+"
        rf"(?P<verb>[a-z]+(?:\s+[a-z]+)?)(?:\s+[a-z]+){{0,4}}?\s+with\s+(?P<obj>{M})(?:,\s+(?:left|right|center|centre),)?"
        rf"(?P<gap>[^.;@]{{0,40}}?)\s+(?:prior to|before|ahead of|during|after|at the start of)\s+(?:their|the|a)\s+"
        rf"(?P<noun>(?:bilateral\s+|trilateral\s+)?(?:meeting|talks))"
    ),
    "contact",
    "meeting",
    symmetric=True,
    confidence=0.7,
)


CALLED_ON = Rule(
    # "The minister called on President X" (a courtesy call), "paid a courtesy call on X";
    # not "called on X to withdraw" (a demand)
    "contact.called_on",
    rule_pattern(
        rf"{SUBJ}{PRE}\s+(?P<verb>called\s+on|paid\s+(?:a\s+)?(?:courtesy\s+)?calls?\s+on)\s+{OBJ}(?![\w@]*\s+(?:to|for|all|both|the|them)\b)(?=\s*(?:[,.;]|$|#|and\b|on\b|in\b|at\b|during\b))"
    ),
    "contact",
    "meeting",
    confidence=0.75,
)


IN_ON_VISIT = Rule(
    # "The foreign minister is currently in China on a two-day official visit"
    "contact.in_on_visit",
    rule_pattern(
        rf"{SUBJ}{PRE}\s+(?P<verb>(?:is|was|are|were)(?:\s+(?:currently|now|already))?)\s+in\s+(?:the\s+)?(?P<obj>{M})"
        rf"\s+(?:on|for)\s+(?:a|an|his|her|their)\s+{ADJ}(?:visit|trip|tour)\b"
    ),
    "contact",
    "visit",
    confidence=0.75,
)


MARKS_VISIT = Rule(
    # "This marks the Russian minister's first visit to Syria since 2012", "It is X's second
    # trip to China this year": the visit under way, told by its own name
    "contact.marks_visit",
    rule_pattern(
        rf"^(?:this|it|the\s+(?:trip|visit|tour|talks|meeting))\s+(?P<verb>marks|marked|is|was)\s+(?:also\s+)?"
        rf"(?:the\s+)?(?P<subj>{M})(?:'s|’s)\s+(?:[a-z-]+\s+){{0,3}}?(?:visit|trip)\s+to\s+(?:the\s+)?(?P<obj>{M})"
    ),
    "contact",
    "visit",
    confidence=0.7,
)


IN_FOR_TALKS = Rule(
    # "X was in Tokyo on Monday for talks with Y", "X is in Beijing for meetings with Y"
    "contact.in_for_talks",
    rule_pattern(
        rf"{SUBJ}{PRE}\s+(?P<verb>is|was|are|were)\s+in\s+(?:the\s+)?(?:@\d+|[a-z]+(?:\s+[a-z]+)?)(?:\s+(?:on\s+)?#\d+)?\s+for\s+"
        rf"(?:(?:[a-z-]+\s+){{0,2}}?)(?P<noun>talks|meetings?|consultations|discussions)\s+with\s+{OBJ}"
    ),
    "contact",
    "meeting",
    confidence=0.75,
)

BETWEEN_LASTED = Rule(
    # "The phone conversation between Putin and Trump lasted about two hours", "The meeting
    # between A and B took place at the Kremlin": the contact told by its own noun
    "contact.between_lasted",
    rule_pattern(
        rf"^(?:[a-z]+\s+){{0,2}}?(?:the|their)\s+{ADJ}(?P<noun>{VIDEO_NOUN}|{CALL_NOUN}|meeting|talks)\s+between\s+(?:the\s+)?"
        rf"(?P<subj>{G})\s+(?:#\d+\s+)?(?P<verb>lasted|took place|was held|were held|ended|began|started|went)\b"
    ),
    "contact",
    None,
    symmetric=True,
    confidence=0.8,
)

HOSTED_MEAL = Rule(
    # "X hosted a working dinner for Y", "X gave a luncheon in honour of Y"
    "contact.hosted_meal",
    rule_pattern(
        rf"{SUBJ}{PRE}\s+(?P<verb>hosted|gave|held|offered)\s+(?:a|an)\s+{ADJ}(?P<noun>dinner|lunch|luncheon|breakfast|banquet|reception)"
        rf"\s+(?:for|in\s+hono(?:u)?r\s+of)\s+{OBJ}"
    ),
    "contact",
    "meeting",
    confidence=0.75,
)


POSSESSIVE = Rule(
    "nominal.possessive",
    rule_pattern(
        rf"(?P<subj>{M})(?:'s|’s)\s+(?:[a-z-]+\s+){{0,2}}?(?P<noun>phone call|call|meeting|talks|conversation|videoconference)\s+with\s+(?:the\s+)?(?P<obj>{G})"
        rf"(?:\s+(?:in|at)\s+(?:the\s+)?(?:@\d+|[a-z]+))?\s+(?:(?:on|in)\s+)?(?P<date>#\d+)"
    ),
    "nominal",
    None,
    confidence=0.7,
)


INTO_TALKS = Rule(
    # "X landed in Ankara late on Thursday and went straight into talks with President Y"
    "contact.into_talks",
    rule_pattern(
        rf"{SUBJ}(?P<pre>(?:\s+[^\s.;@]+){{0,3}}?(?:\s+(?:in|at)\s+@\d+)?(?:\s+[^\s.;@]+){{0,4}}?)\s+(?P<verb>(?:went|headed|moved|sat down)\s+(?:straight\s+|directly\s+|immediately\s+)?into\s+(?:talks|a meeting|meetings|discussions))"
        rf"\s+with\s+{OBJ}"
    ),
    "contact",
    "meeting",
    confidence=0.75,
)


OPPORTUNITY = Rule(
    # "the Secretary did have an opportunity today to speak to the leader of Armenia"; not
    # "will have the opportunity to speak" (a modal before "have" blocks it)
    "contact.opportunity",
    rule_pattern(
        rf"{SUBJ}{PRE}\s+(?P<verb>(?:had|did have)\s+(?:an|the)\s+opportunity(?:\s+#\d+)?\s+to\s+(?P<noun>speak|talk|meet))"
        rf"(?:\s+(?:with|to))?\s+{OBJ}"
    ),
    "contact",
    None,
    confidence=0.7,
)


PICKED_UP_PHONE = Rule(
    # "he then immediately picked up the phone and spoke with A, B, and C"
    "contact.picked_up_phone",
    rule_pattern(
        rf"{SUBJ}{PRE}\s+(?P<verb>picked up the (?:tele)?phone\s+and\s+(?:spoke|talked|conferred))\s+(?:with|to)\s+{OBJ}"
    ),
    "contact",
    "phone_call",
    confidence=0.8,
)


WAS_MET_BY = Rule(
    # "He was met at the airport by Foreign Minister X": an arrival's first meeting
    "contact.was_met_by",
    rule_pattern(
        rf"{SUBJ}{PRE}\s+(?P<verb>(?:was|were)\s+(?:met|received|welcomed|greeted))(?:\s+(?:at|on)\s+(?:the\s+)?[a-z]+)?\s+by\s+{OBJ}"
    ),
    "contact",
    "meeting",
    confidence=0.7,
)

AIRPORT_ARRIVAL = Rule(
    # "The Pakistani foreign minister was received at the airport in Islamabad yesterday by
    # X": an arrival, so a visit to the place's country (who met them is a rule of its own)
    "contact.airport_arrival",
    rule_pattern(
        rf"{SUBJ}{PRE}\s+(?P<verb>(?:was|were)\s+(?:met|received|welcomed|greeted))\s+(?:on\s+arrival\s+)?at\s+the\s+"
        rf"(?:[a-z-]+\s+){{0,2}}?airport\s+(?:in|of)\s+(?:the\s+)?(?P<obj>{M})"
    ),
    "contact",
    "visit",
    confidence=0.7,
)

# read after the genre's own contacts, before letters (``rules.CONTACT_RULES``)
LATE_CONTACTS = (
    WAS_MET_BY,
    AIRPORT_ARRIVAL,
    MARKS_VISIT,
    IN_FOR_TALKS,
    HOSTED_MEAL,
    BETWEEN_LASTED,
    *FAMILY_CONTACTS,
    *told.CONTACTS,
)


POSSESSIVE_PAIR = Rule(
    # "Secretary Tillerson and Foreign Secretary Johnson's meeting in Vancouver last week"
    "nominal.possessive_pair",
    rule_pattern(
        rf"(?P<subj>{M}(?:\s*,\s*{M})*\s+and\s+{M})(?:'s|’s)\s+(?:[a-z-]+\s+){{0,2}}?(?P<noun>phone call|call|meeting|talks|conversation|videoconference)"
        rf"(?:\s+(?:in|at)\s+(?:the\s+)?(?:@\d+|[a-z]+))?\s+(?:(?:on|in)\s+)?(?P<date>#\d+)"
    ),
    "nominal",
    None,
    symmetric=True,
    confidence=0.7,
)


# "a joint statement [was] released on #k by the foreign ministers of": who stated it
JOINT_BY = (
    r"(?:\s+(?:was|were|has been|had been))?(?:\s+(?:made|issued|released|signed|adopted)(?:\s+(?:on\s+)?(?P<date>#\d+))?)?"
    r"\s+(?:by|from|of)\s+(?:the\s+)?(?:(?!and\b)[a-z-]+\s+){0,3}?(?:(?:of|from)\s+(?:the\s+)?)?"
)
# who a joint statement is from: "A, B, C, the United Kingdom and the High Representative of
# the European Union" (an item may be an office of its body)
JOINT_LIST = rf"{M}(?:(?:\s*,\s*|\s*,?\s+and\s+)(?:the\s+)?(?:(?:[a-z-]+\s+){{0,3}}?(?:of|from)\s+(?:the\s+)?){{0,2}}{M})*"

STATEMENT_AFTER = Rule(
    # "The joint statement was released by A, B, C and D following today's virtual
    # ministerial meeting": the meeting they stated after is a contact of theirs
    "contact.statement_after",
    rule_pattern(
        rf"\bjoint\s+statement{JOINT_BY.replace('?P<date>', '?:')}(?P<subj>{G})(?P<pre>)\s+(?P<verb>(?:following|after|at the (?:end|close|conclusion) of)"
        rf"\s+(?:(?:the|their|a|an)\s+|#\d+(?:'s|’s)\s+)?{ADJ}(?P<noun>{VIDEO_NOUN}|{CALL_NOUN}|{MEET_NOUN}|{SUMMIT_NOUN}|ministerial))\b"
    ),
    "contact",
    None,
    symmetric=True,
    confidence=0.75,
)


# words that make a contact named in passing not one: put off, called off, still to come
_NOT_HELD = r"(?![^.;@]*?\b(?:postpon|cancel|called off|scrapped|delay|upcoming|planned|proposed|forthcoming|possible|next|future|first-ever)\w*)"

OWN_VISIT = Rule(
    # "X discussed the outcome of his visit to North Korea on October 7": the subject's own
    # visit, named in passing (no other name between them: "his" is the subject's)
    "nominal.own_visit",
    rule_pattern(
        rf"^(?P<subj>{M})(?=\s){_NOT_HELD}[^.;@]*?\b(?:his|her|their)\s+(?:[a-z-]+\s+){{0,2}}?(?P<verb>(?P<noun>visit|trip))"
        rf"\s+to\s+(?:the\s+)?(?P<obj>{G})(?:\s+(?:on|in))?\s+(?P<date>#\d+)"
    ),
    "nominal",
    "visit",
    confidence=0.65,
)

OWN_CONTACT = Rule(
    # "X briefed reporters on her calls yesterday with G7 foreign ministers", "... on his
    # meeting with Y on Monday": the subject's own contact, dated before or after the other
    "nominal.own_contact",
    rule_pattern(
        rf"^(?P<subj>{M})(?=\s){_NOT_HELD}[^.;@]*?\b(?:his|her|their)\s+(?:[a-z-]+\s+){{0,2}}?(?P<verb>(?P<noun>(?:(?:tele)?phone\s+)?calls?|meetings?|talks|conversations?))"
        rf"\s+(?:(?:on\s+)?(?P<date>#\d+)\s+)?with\s+(?:the\s+)?(?P<obj>{G})(?:\s+(?:[a-z]+\s+)?(?:ministers|leaders|counterparts))?"
        rf"(?:\s+(?:in\s+(?:the\s+)?(?:@\d+|[a-z]+)\s+)?(?:on\s+)?(?P<date2>#\d+))?"
    ),
    "nominal",
    None,
    confidence=0.65,
)

THEIR_EARLIER = Rule(
    # "Following their meeting in Rome last week, A and B agreed ...": the pair's contact
    "nominal.their_earlier",
    rule_pattern(
        rf"^(?:following|after)\s+their\s+(?:[a-z-]+\s+){{0,2}}?(?P<verb>(?P<noun>meeting|talks|(?:phone\s+)?call|conversation|summit))"
        rf"(?:\s+(?:in|at)\s+(?:the\s+)?(?:@\d+|[a-z]+))?\s+(?:(?:on|in)\s+)?(?P<date>#\d+)\s*,\s+(?P<subj>{G})"
    ),
    "nominal",
    None,
    symmetric=True,
    confidence=0.65,
)


JOINED_FOR = Rule(
    # "X joined the G7 foreign ministers for talks in Rome", "joined Y for a working dinner"
    "contact.joined_for",
    rule_pattern(
        rf"{SUBJ}{PRE}\s+(?P<verb>joined)\s+{OBJ}(?:\s+(?!for\b|at\b|in\b)[a-z]+){{0,2}}?\s+(?:for|at|in)\s+(?:(?:a|an|the|their|his|her)\s+)?{ADJ}"
        rf"(?P<noun>{VIDEO_NOUN}|{CALL_NOUN}|{MEET_NOUN}|{SUMMIT_NOUN})\b"
    ),
    "contact",
    None,
    confidence=0.75,
)


_BETWEEN_NOUN = r"(?:(?:tele)?phone\s+(?:talks|calls?|conversations?)|talks|meetings?|summit|calls?|conversations?|videoconference)"
DATED_BETWEEN = Rule(
    # "the telephone talks on November 24 between A and B": dated before "between"
    "nominal.dated_between",
    rule_pattern(
        rf"\b(?P<noun>{_BETWEEN_NOUN})\s+(?:on\s+)?(?P<date>#\d+)\s+between\s+(?:the\s+)?(?P<obj>{G})"
    ),
    "nominal",
    None,
    confidence=0.7,
)
ALSO_BETWEEN = Rule(
    # "... between A and B as well as between C and D": the second pair's own contact
    "nominal.also_between",
    rule_pattern(
        rf"\b(?P<noun>{_BETWEEN_NOUN})\s+(?:(?:on\s+)?(?P<date>#\d+)\s+)?between\s+(?:the\s+)?{G}"
        rf"(?:\s+(?:in|at)\s+(?:the\s+)?(?:@\d+|[a-z]+))?(?:\s+(?:on|in)\s+(?P<date2>#\d+))?"
        rf",?\s+(?:as well as|and also|and)\s+between\s+(?:the\s+)?(?P<obj>{G})"
    ),
    "nominal",
    None,
    confidence=0.65,
)

# contacts named in passing, read after the possessive ones (``rules.NOMINAL_RULES``)
IN_PASSING = (
    DATED_BETWEEN,
    ALSO_BETWEEN,
    OWN_VISIT,
    OWN_CONTACT,
    THEIR_EARLIER,
    DATED_POSSESSIVE,
    *told.NOMINALS,
)


PROVENANCE_PREFIX = re.compile(
    r"^\s*the (?:following|below) is attributable to [^:.]{2,80}:\s+(?=[A-Z\"“])", re.I
)

# "According to the Kremlin, ...", "According to Seoul's foreign ministry, ...": a source
ACCORDING_TO = re.compile(
    r"^\s*according to (?:the\s+)?(?![^,]{0,60}\b(?:reports?|sources?|media|outlets?)\b)[^,]{2,60},\s+(?=[A-Za-z@])",
    re.I,
)

# "the heads of @0 and @1 administrations – @2 and @3 – met": the dashes hold the names
DASH_APPOSITIVE = re.compile(
    r"(?:^|(?<=,\s))(?:the\s+)?[a-z][^,;@#–—]*?(?:@\d+[^,;@#–—]*?){0,3}\s[–—]\s(?P<names>@\d+(?:\s*,\s*@\d+)*(?:\s*,?\s+and\s+@\d+)?)\s[–—](?=\s)"
)

# "..., media outlets reported citing anonymous sources": a report's attribution after it
TRAILING_REPORT = re.compile(
    r",\s+(?:[^,;]{0,60}\s)?(?:reported|reports|reportedly|according to|citing)\b"
)

# after a nominal contact: "... on Friday will focus on": one still to come
STILL_TO_COME = re.compile(
    r"\s*,?\s*(?:will|would|shall|is (?:set|due|expected|scheduled|to)|are (?:set|due|expected|scheduled|to))\b"
)


# A later sentence on who asked: "The conversation was initiated by the American side."
REQUEST_AFTER = re.compile(
    r"\b(?:the|this|that)\s+(?:phone\s+|telephone\s+)?(?:conversation|call|talks|meeting|contact)\s+"
    r"(?:took place|was held|was initiated|was requested|was placed)"
    # "X held a telephonic conversation on the request of Y" (the contact told again)
    r"|\b(?:held|had)\s+(?:a|the)\s+(?:[a-z-]+\s+)?(?:conversation|call|talks)\s+(?:on|at|upon)\s+(?:the\s+)?(?:request|initiative|invitation)\s+of\b"
)


# Who asked, and how far from another event a contact lies (read by ``sentence``)
REQUEST = re.compile(
    r"(?:at|on|upon)\s+(?:the\s+)?(?:(?:request|invitation|initiative|behest)\s+of\s+(?:the\s+)?(?P<a>@\d+)"
    r"|(?P<b>@\d+)(?:'s|’s|\s+side's|\s+side’s)?\s+(?P<what>request|invitation|initiative|behest))"
    r"|(?:was|were)\s+(?:initiated|requested|placed)\s+by\s+(?:the\s+)?(?P<c>@\d+)"
    # China's ministry: "held phone talks at request with X" (at X's request)
    r"|\bat\s+(?:the\s+)?request\s+with\s+(?:the\s+)?(?:[a-z-]+\s+){0,3}?(?P<d>@\d+)"
)
REQUEST2 = re.compile(r"\b(?:request|invitation|initiative|behest)\s+of\s+(?:the\s+)?(?P<a>@\d+)")
OFFSET = re.compile(  # (not a tag's number: "@3 after their meeting")
    r"\b(?<![@#])(?P<n>a|one|two|three|four|five|six|seven|\d+|the|hours|minutes|shortly)\s*(?:days?\s+)?(?P<dir>after|before)\b"
)
_NUMBERS = {
    "a": 1,
    "one": 1,
    "the": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
}


def offset_days(match: re.Match[str]) -> int:
    word = match.group("n")
    if word in ("hours", "minutes", "shortly"):
        return 0
    days = int(word) if word.isdigit() else _NUMBERS.get(word, 1)
    return -days if match.group("dir") == "after" else days


# A parenthesis on where a remark was made: ", in an interview with @3,", ", speaking to
# reporters in @4,", ", in remarks at @5,"
WHERE_SAID = re.compile(
    r",\s+(?:(?:in|during)\s+(?:an?\s+)?(?:interview|remarks|an appearance|a briefing|a press conference)"
    r"|speaking|addressing|writing)\b[^,;]{1,80}?,(?=\s+(?:also\s+)?(?:said|says|told|added|stated|warned)\b)"
)
