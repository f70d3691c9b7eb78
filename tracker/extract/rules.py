"""The genre's rules, as patterns over a tagged sentence.

A sentence is rewritten with each mention as ``@k`` and each date as ``#k``, the rest in
lower case: "Secretary Blinken spoke today with UK Foreign Secretary Truss" becomes
``@0 spoke #0 with @1``. Each rule is a pattern over that string and says what it means:
the verbs and phrases of contacts ("spoke with", "held a call", "met", "visited",
"hosted", "at the invitation of", "received a call from"), statements ("said", "a message
from", "a joint statement", denials) and developments ("evacuated its embassy"), and the
words that make a contact not one (a plan, a request, a hypothesis, a denial, a question).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracker.extract.genre_rules import (  # noqa: F401 (re-exported)
    ACCORDING_TO,
    CALLED_ON,
    CAPTION,
    DASH_APPOSITIVE,
    DURING_BETWEEN,
    DURING_CALL,
    IN_CALL_WITH,
    IN_ON_VISIT,
    IN_PASSING,
    INTO_TALKS,
    JOINED_FOR,
    JOINT_BY,
    JOINT_LIST,
    LATE_CONTACTS,
    OFFSET,
    OPPORTUNITY,
    PICKED_UP_PHONE,
    POSSESSIVE,
    POSSESSIVE_PAIR,
    PROVENANCE_PREFIX,
    REQUEST,
    REQUEST2,
    REQUEST_AFTER,
    STATEMENT_AFTER,
    STILL_TO_COME,
    TOOK_PART_OF,
    TRAILING_REPORT,
    TRAVEL_TO_MEET,
    WHERE_SAID,
    offset_days,
)
from tracker.extract.needs import NEEDS
from tracker.extract.patterns import (
    ADJ,
    CALL_NOUN,
    GAP,
    LAST,
    MEET_NOUN,
    OBJ,
    PRE,
    ROUND,
    STATEMENT_VERB,
    SUBJ,
    SUMMIT_NOUN,
    VIDEO_NOUN,
    G,
    M,
    Rule,
    rule_pattern,
)

CONTACT_RULES: tuple[Rule, ...] = (
    Rule(
        "contact.received_call",
        rule_pattern(
            rf"{SUBJ}{PRE}\s+(?P<verb>received|took|accepted)\s+(?:a|an)\s+(?!courtesy\b){ADJ}{CALL_NOUN}{GAP}\s+from\s+{OBJ}"
        ),
        "contact",
        "phone_call",
        initiator="obj",
        confidence=0.9,
    ),
    Rule(
        "contact.called",
        rule_pattern(
            rf"{SUBJ}{PRE}\s+(?P<verb>called|telephoned|phoned|rang|dialed|dialled)(?!\s+(?:for|on|upon|off|it|them|him|her|into)\b)\s+{OBJ}"
        ),
        "contact",
        "phone_call",
        initiator="subj",
        confidence=0.9,
    ),
    Rule(
        "contact.placed_call",
        rule_pattern(
            rf"{SUBJ}{PRE}\s+(?P<verb>placed|made|initiated)\s+(?:a|an)\s+{ADJ}{CALL_NOUN}{GAP}\s+to\s+{OBJ}"
        ),
        "contact",
        "phone_call",
        initiator="subj",
        confidence=0.9,
    ),
    Rule(
        "contact.held_with",
        rule_pattern(
            rf"{SUBJ}{PRE}\s+(?P<verb>(?:held|had|conducted|hosted|joined|participated in|took part in|began|begun|started|opened|resumed|was on|were on)\s+(?:a|an|the|their|his|her)?\s*{ADJ}"
            rf"(?P<noun>{VIDEO_NOUN}|{CALL_NOUN}|{MEET_NOUN}|{SUMMIT_NOUN}|{ROUND})(?:\s+and\s+(?:a\s+)?{ADJ}(?:{MEET_NOUN}|{CALL_NOUN}))?)['\"]*(?P<gap>(?:\s+(?:(?:in|at)\s+(?:the\s+)?@\d+|#\d+|(?!with\b|to\b|and\b|but\b|was\b|were\b|being\b|been\b|will\b|would\b)[a-z0-9][\w'’-]*),?){{0,8}}?)\s+with\s+{OBJ}"
        ),
        "contact",
        None,
        confidence=0.9,
    ),
    Rule(
        # "A phone conversation took place between A and B"
        "contact.took_place",
        rule_pattern(
            rf"(?:a|an|the)\s+{ADJ}(?P<noun>{VIDEO_NOUN}|{CALL_NOUN}|meeting|talks)\s+(?P<verb>took place|was held|were held)"
            rf"(?:\s+(?:#\d+|on\s+#\d+|in\s+@\d+))*\s+between\s+(?:the\s+)?(?:[a-z ]+?\s+of\s+(?:@\d+(?:\s+and\s+@\d+)?)\s+)?(?P<subj>{G})"
        ),
        "contact",
        None,
        symmetric=True,
        confidence=0.85,
    ),
    Rule(
        # "X said he reviewed ties ... at a bilateral meeting with Y"
        "contact.at_meeting",
        rule_pattern(
            rf"^(?:[^@]{{0,40}}?)(?:@\d+\s*(?:\([^)]*\))?\s*(?:[-—–]+|,\s*#\d+\s*(?:\([^)]*\))?\s*--)\s+)?(?P<subj>{M})(?P<pre>[^.;]*?)\s+(?P<verb>(?:(?:at|during|in|with)\s+(?:a|an|the|their|his|her)\s+{ADJ}"
            rf"(?P<noun>{VIDEO_NOUN}|{CALL_NOUN}|meeting|talks)|in\s+(?:a\s+series\s+of\s+)?(?:[a-z-]+\s+)?(?:meetings|talks)))\s+with\s+{OBJ}"
        ),
        "contact",
        None,
        confidence=0.75,
    ),
    IN_CALL_WITH,
    DURING_CALL,
    STATEMENT_AFTER,
    TRAVEL_TO_MEET,
    DURING_BETWEEN,
    OPPORTUNITY,
    PICKED_UP_PHONE,
    Rule(
        "contact.spoke_with",
        rule_pattern(
            rf"{SUBJ}{PRE}\s+(?P<verb>spoke|spoken|talked|chatted|telephoned|conferred|consulted|met|visited with|sat down|caught up|exchanged views){GAP}\s+(?:with|to)\s+{OBJ}"
        ),
        "contact",
        None,
        confidence=0.85,
    ),
    Rule(
        # "Discussed the peace process with President Assad" (a trip's remarks), "The
        # Secretary discussed Afghanistan with Foreign Minister X" (a readout's next sentence;
        # a state in the topic is no party)
        "contact.discussed_with",
        rule_pattern(
            rf"{SUBJ}{PRE}\s+(?P<verb>discussed|reviewed)\s+(?:(?!with\b)(?:[^@#.;]|@\d+)){{1,80}}?\s+with\s+{OBJ}"
        ),
        "contact",
        None,
        confidence=0.6,
    ),
    Rule(
        "contact.met",
        # (not "welcomed Japan's decision to ...", "Turkiye's constructive engagement.": a
        # possessive whose noun is no one's name)
        rule_pattern(
            rf"{SUBJ}{PRE}\s+(?P<verb>met|received|hosted|welcomed)\s+(?:#\d+\s+)?{OBJ}"
            r"(?!['’]s\s+(?:[a-z][\w'’-]*\s*){1,4}(?:[.;,:#]|$|(?<=\s)(?:to|on|in|for|and|as|at|by|with|of)\b))"
        ),
        "contact",
        "meeting",
        confidence=0.85,
    ),
    Rule(
        "contact.together",
        rule_pattern(
            # (not the tail of a list: "counterparts from @3, @4 and @5 in Berlin where they discussed")
            rf"(?<!between\s)(?<!among\s)(?<!of\s)(?<!with\s)(?<!about\s)(?<!on\s)(?<!from\s)(?<!@\d,\s)(?<!@\d\d,\s)"
            # "A, B, and the C met in Riyadh": a serial comma before the last
            rf"(?P<subj>{M}(?:(?:\s*,\s*|\s+)(?:and\s+)?(?:the\s+)?{M})*\s*,?\s+and\s+{LAST}|(?<![\w@#])(?:the two(?:\s+(?:sides|leaders|ministers|diplomats|officials))?|both sides))"
            rf"(?!\s+(?:were|was|are|is|been)\b)(?![^.;@#]*?\b(?:were|was|are|is|been|be)\s+discussed\b)"
            rf"(?!(?:(?!\b(?:spoke|talked|met|held|had|conferred)\b)[^.;@#])*?\b(?:where|when|which|who|whom)\b[^.;@#]*?\b(?:discussed|met|spoke)\b)"
            rf"{PRE}\s+(?P<verb>spoke|talked|chatted|met|conferred|held talks|had talks|discussed|"
            rf"(?:held|had|conducted)(?:\s+#\d+)?\s+(?:a|an|their)?\s*{ADJ}(?P<noun>{VIDEO_NOUN}|{CALL_NOUN}|{MEET_NOUN}|{SUMMIT_NOUN}|{ROUND}))\b(?!\s+with\b)"
        ),
        "contact",
        None,
        symmetric=True,
        confidence=0.85,
    ),
    Rule(
        "contact.visit",
        rule_pattern(
            rf"{SUBJ}{PRE}\s+(?P<verb>visited|(?:is|was) visiting|toured|traveled to|travelled to|flew to|(?:made a stop|stopped(?: over)?) in|(?:arrived|landed)(?:\s+(?:unannounced|here|early|late|safely|today|yesterday))?\s+(?:in|at)|"
            rf"(?:paid|made|paying|making)\s+(?:a|an|his|her|their)\s+{ADJ}visit\s+to)\s+(?:the\s+)?(?P<obj>{G})"
        ),
        "contact",
        "visit",
        confidence=0.85,
    ),
    Rule(
        # "X on Wednesday arrived in Ahmedabad on a state visit to India"
        "contact.on_visit",
        rule_pattern(
            rf"{SUBJ}{PRE}\s+(?P<verb>(?:arrived|landed|came|is|was|were|are)(?:\s+(?:in|at)\s+(?:the\s+)?(?:@\d+|[a-z]+))?"
            rf"\s+(?:on|for)\s+(?:a|an|his|her|their)\s+{ADJ}(?:visit|trip|tour))\s+to\s+(?:the\s+)?(?P<obj>{G})"
        ),
        "contact",
        "visit",
        confidence=0.8,
    ),
    TOOK_PART_OF,
    CAPTION,
    CALLED_ON,
    IN_ON_VISIT,
    INTO_TALKS,
    JOINED_FOR,
    *LATE_CONTACTS,
    Rule(
        "contact.letter",
        rule_pattern(
            rf"{SUBJ}{PRE}\s+(?P<verb>(?:sent|wrote|delivered|handed|conveyed|addressed)\s+(?:a|an|the)\s+{ADJ}(?P<noun>letter|message|note))"
            rf"{GAP}\s+(?:to|for)\s+{OBJ}"
        ),
        "contact",
        None,
        initiator="subj",
        confidence=0.85,
    ),
    Rule(
        "contact.wrote_to",
        rule_pattern(rf"{SUBJ}{PRE}\s+(?P<verb>wrote)\s+to\s+{OBJ}"),
        "contact",
        "letter",
        initiator="subj",
        confidence=0.8,
    ),
)

NOMINAL_RULES: tuple[Rule, ...] = (
    # "discussions between A and B in Washington on November 13": dated in its clause
    Rule(
        "nominal.between",
        rule_pattern(
            rf"\b(?P<noun>discussions|talks|meeting|summit|(?:tele)?phone (?:call|conversation)|telephonic conversation|call|conversation|videoconference)\s+between\s+(?:the\s+)?(?P<obj>{G})"
            rf"(?:\s+(?:in|at)\s+(?:the\s+)?(?:@\d+|[a-z]+))?\s+(?:on|in)\s+(?P<date>#\d+)"
        ),
        "nominal",
        None,
        confidence=0.7,
    ),
    # "Secretary Ruiz's call with Foreign Minister X on Monday": dated, so past or planned
    POSSESSIVE,
    POSSESSIVE_PAIR,
    *IN_PASSING,
    # "Special Envoy Witkoff's April 25 visit to Moscow"
    Rule(
        "nominal.visit",
        rule_pattern(
            rf"(?P<subj>{M})'s\s+(?P<date>#\d+)\s+(?:[a-z-]+\s+){{0,2}}?(?P<noun>visit|trip)\s+to\s+(?:the\s+)?(?P<obj>{M})"
        ),
        "nominal",
        "visit",
        confidence=0.7,
    ),
    # "the May 21 Summit between President Biden and President Yoon": dated, so past or planned
    Rule(
        "nominal.dated",
        rule_pattern(
            rf"(?:the|their|a|his|her)\s+(?P<date>#\d+)\s+(?:[a-z-]+\s+){{0,2}}?(?P<noun>summit|meeting|call|phone call|talks|visit|videoconference)"
            rf"\s+(?:between|with|of)\s+(?:the\s+)?(?P<obj>{G})"
        ),
        "nominal",
        None,
        confidence=0.75,
    ),
)

DENIAL_VERBS = frozenset({"denied", "denies", "rejected", "dismissed"})
# A sentence that denies or disputes that a contact took place
DENIAL_WORDS = re.compile(
    r"\b(?:den(?:y|ied|ies|ying)|false|untrue|fiction|fake|no (?:such )?(?:call|conversation|meeting|contact)s?"
    r"|there was no|did not (?:speak|talk|meet)|never (?:spoke|talked|met)|(?:cannot|can't|could not) (?:either )?confirm)\b"
)
# "X reported that", "according to a report": a contact told second-hand
REPORTED = re.compile(
    r"\b(?:reported|reports|report|reportedly|according to|citing|claimed|claims)\b"
)
# A title after a name, blanked before the rules read ("Mr. X, Minister for Foreign Affairs, held talks")
APPOSITIVE_TITLE = re.compile(
    r"(?<=@\d),\s+(?:the\s+)?(?:[a-z'-]+\s+){0,3}?(?:minister|secretary|president|ambassador|envoy|spokesperson|spokesman|adviser|advisor|counselor|chairman|director|commissioner|representative|member|head|chief|leader)\b[^,;#]*?(?:@\d+[^,;@#]*){0,4},"
)
# A relative clause, blanked before the rules read ("X, who is in the UK for a visit, held talks")
RELATIVE = re.compile(
    r",\s+(?:who|which|(?:invited|accompanied|joined|led|flanked|hosted|received)\s+by"
    r"|(?:on|during|in|while|after|before|speaking)\s+(?:his|her|their|a|an|the)\s+(?:[a-z-]+\s+){0,3}?(?:visit|trip|tour|stop|way|flight))\s+[^;]*?,"
)

STATEMENT_RULES: tuple[Rule, ...] = (
    Rule(
        "statement.joint",
        rule_pattern(
            rf"(?:(?:in\s+)?(?:a|an|the)\s+|^)(?:following\s+)?joint\s+statement{JOINT_BY}(?P<subj>{JOINT_LIST})"
        ),
        "statement",
        "statement",
        symmetric=True,
        confidence=0.8,
    ),
    Rule(
        "statement.said",
        rule_pattern(
            rf"{SUBJ}(?P<pre>(?:\s+(?:#\d+|also|again|later|earlier|then|separately|jointly|on|in|a|an|statement|separate|written|,)){{0,4}}?),?\s+{STATEMENT_VERB}"
        ),
        "statement",
        "statement",
        symmetric=True,
        confidence=0.75,
    ),
    Rule(
        "statement.but_said",
        rule_pattern(
            rf"^(?:[a-z]+\s+){{0,2}}?(?P<subj>{M})(?![^@]*?\b(?:said|says)\b[^@]*?\b(?:but|and)\s+(?:also\s+)?said)[^;]*?\b(?:but|and)\s+(?:also\s+)?(?P<verb>said|says|stated|insisted|added)\b"
        ),
        "statement",
        "statement",
        confidence=0.7,
    ),
    Rule(
        "statement.said_inverted",
        # '..." said Kremlin spokesman Dmitry Peskov', '..., said White House spokesperson Jen Psaki, who'
        rule_pattern(
            rf"[\"”'’,]\s*(?P<verb>said|says)\s+(?:(?:the\s+)?@\d+(?:'s|’s)?\s+(?:[a-z-]+\s+){{0,3}}?)?(?P<subj>{M})"
            rf"(?=\s*[,.;]|\s*$|\s+(?:in|on|at|#))"
        ),
        "statement",
        "statement",
        confidence=0.75,
    ),
    Rule(
        "statement.message_from",
        rule_pattern(
            rf"(?:a|the)\s+(?:[a-z-]+\s+){{0,2}}?(?P<verb>message|statement)\s+(?:from|by)\s+(?:the\s+)?(?P<subj>{G})"
        ),
        "statement",
        "statement",
        symmetric=True,
        confidence=0.75,
    ),
    Rule(
        "statement.again_from",
        rule_pattern(
            rf"^(?:that|this)\s+is\s+(?:again\s+)?(?P<verb>from)\s+(?:the\s+)?(?P<subj>{M})"
        ),
        "statement",
        "statement",
        confidence=0.7,
    ),
    Rule(
        "statement.announced",
        rule_pattern(
            rf"(?P<subj>{M}\s+and\s+(?:the\s+)?{M}){PRE}\s+(?P<verb>announced|unveiled|agreed on|signed)\b"
        ),
        "statement",
        "statement",
        symmetric=True,
        confidence=0.7,
    ),
)

DEVELOPMENT_RULES: tuple[Rule, ...] = (
    Rule(
        "development.action",
        rule_pattern(
            rf"{SUBJ}{PRE}\s+(?P<verb>evacuated|closed|reopened|shut down|suspended|withdrew|recalled|"
            rf"expelled|imposed|lifted|severed|broke off|restored|froze|seized|captured|annexed|"
            rf"invaded|relocated|downgraded|upgraded)\b(?P<rest>\s+(?:its|their|the|all)?\s*(?:[a-z-]+\s*){{0,3}}?(?P<what>embassy|consulate|diplomats|ambassador|sanctions|relations|ties|troops|forces|staff|mission|personnel|airspace|border))?"
        ),
        "development",
        "development",
        confidence=0.7,
    ),
)

# Words before a verb that make the contact planned, hypothetical, requested or denied.
MODAL = re.compile(
    r"\b(?:will|would|shall|could|might|may|can|cannot|must|should|plans?|planning|planned|"
    r"expected|expects|scheduled|set to|due to|slated|intends?|hopes?|hoping|wants?|seeks?|"
    r"seeking|agreed to|offered|proposed|invited|asked|requested|unless|whether|not|never|"
    r"n't|no|yet|ready|willing|forward|possible|possibly|likely|to|going)\b"
)
BEFORE_SUBJECT = re.compile(
    r"\b(?:if|unless|whether|would|could|might|not|no|never|before|until)\s*$"
)
# "the call", "in both calls", "during the meeting": more words of the last contact
CALL_REFERENCE = re.compile(r"\b(?:the|both|their|this|that)\s+(?:phone\s+|telephone\s+)?calls?\b")
MEETING_REFERENCE = re.compile(r"\b(?:during|at|in)\s+(?:the|their)\s+meeting\b|\bthe meeting\b")
PROVENANCE = re.compile(
    r"\battributable to\b|\bthe (?:following|below) is\b(?! (?:the|a) (?:text of (?:the|a) )?joint statement)"
    r"|^according to\b",
    re.I,
)
QUOTE_OPEN = ('"', "“", "'", "‘")


def type_of(verb: str, noun: str | None, context: str) -> tuple[str, bool]:
    """The event type of a contact's words, and whether it is a guess ("spoke with")."""
    words = f"{verb} {noun or ''}".lower()
    if re.search(r"video|virtual|teleconference", words) or re.search(
        r"\b(?:via|by|over)\s+video|videoconference|video link|virtually", context
    ):
        return "video_call", False
    if "letter" in words or "wrote" in words or "note" in words:
        return "letter", False
    if "message" in words:
        return "message", False
    if "round of" in words:
        return "negotiation_round", False
    if "summit" in words and not re.search(r"\bsummit\s+(?:tele)?(?:phone|video)", context):
        return "summit", False
    if re.search(r"call|phone", words):
        return "phone_call", False
    if "conversation" in words:
        # "held a warm conversation with": by phone only when the words say so
        if re.search(r"\b(?:by|over the|on the)\s+(?:tele)?phone\b|\bphone\b|\bcall\b", context):
            return "phone_call", False
        if re.search(r"\bon the (?:margins|sidelines)\b|\bin person\b|\bmet\b", context):
            return "meeting", False
        return "phone_call", True
    if re.search(
        r"\bmet\b|meeting|talks|discussions?|consultations|dialogue|lunch|dinner|breakfast|bilateral|sat down|hosted|received|welcomed",
        words,
    ):
        return "meeting", False
    if re.search(r"visit|toured|traveled|travelled|arrived|landed", words):
        return "visit", False
    # "spoke", "talked", "conferred": a call unless the words say they were together
    if re.search(r"\b(?:by|over the|on the)\s+(?:tele)?phone\b|\bphone\b|\bcall\b", context):
        return "phone_call", False
    if re.search(
        r"\bon the (?:margins|sidelines)\b|\bin person\b|\b(?:during|before|after) (?:a|an|his|her|their) (?:visit|meeting)\b",
        context,
    ):
        return "meeting", False
    return "phone_call", True


@dataclass
class Match:
    rule: Rule
    start: int  # offsets in the tagged sentence
    end: int
    verb_at: int
    subj: list[int] = field(default_factory=list)  # mention indexes
    pronoun: str | None = None
    obj: list[int] = field(default_factory=list)
    verb: str = ""
    noun: str | None = None
    gap: str = ""
    date: int | None = None  # a date index the rule itself names


def mentions_in(text: str | None) -> list[int]:
    return [int(x) for x in re.findall(r"@(\d+)", text or "")]


def dates_in(text: str | None) -> list[int]:
    return [int(x) for x in re.findall(r"#(\d+)", text or "")]


def run(rules: tuple[Rule, ...], tagged: str) -> list[Match]:
    out: list[Match] = []
    for rule in rules:
        need = NEEDS.get(rule.name)
        if need is not None and need.search(tagged) is None:
            continue
        for m in rule.pattern.finditer(tagged):
            groups = m.groupdict()
            subj_text = groups.get("subj")
            subj = mentions_in(subj_text)
            pronoun = subj_text.strip() if subj_text and not subj else None
            verb = groups.get("verb") or ""
            verb_at = m.start("verb") if groups.get("verb") is not None else m.start()
            date_text = groups.get("date") or groups.get("date2")
            out.append(
                Match(
                    rule,
                    m.start(),
                    m.end(),
                    verb_at,
                    subj,
                    pronoun,
                    mentions_in(groups.get("obj")),
                    verb,
                    groups.get("noun"),
                    groups.get("gap") or "",
                    dates_in(date_text)[0] if date_text else None,
                )
            )
    return out
