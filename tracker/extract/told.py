"""Families a fourth held-out set's dev split still missed (round 3, 2026-12-03): a visit
told in a clause beside the sentence's contact ("X, on a two-day visit to India, met Y",
"X, who was visiting New Delhi, ..."), contacts one "described" ("A and B described their
talks with C as candid"), and talks a pair held, named in passing ("the talks A and B held
in Istanbul the day before", "the Russian-Ukrainian talks held in Istanbul on Friday",
"the meeting A held with B"), and "X shook hands with Y before their meeting". ``genre_rules``
puts them in ``rules``' lists.
"""

from __future__ import annotations

from tracker.extract.patterns import ADJ, PRE, SUBJ, G, M, Rule, rule_pattern

VISITING_PAST = Rule(
    # "X was visiting India when ...", "X, who was visiting New Delhi, met Y": a visit
    "contact.was_visiting",
    rule_pattern(rf"{SUBJ}{PRE}\s+(?P<verb>(?:was|were)\s+visiting)\s+(?:the\s+)?(?P<obj>{G})"),
    "contact",
    "visit",
    confidence=0.75,
)

APPOSITIVE_VISIT = Rule(
    # "X, on a two-day visit to India, met Y": the appositive's visit, beside the meeting (read
    # in the clause alone: ``arrival_clause``)
    "contact.on_visit_appositive",
    rule_pattern(
        rf"^\s*(?P<subj>@\d+)(?P<pre>)\s+(?P<verb>on\s+(?:a|an|his|her|their)\s+{ADJ}(?:visit|trip|tour))\s+to\s+(?:the\s+)?(?P<obj>{G})"
    ),
    "contact",
    "visit",
    confidence=0.75,
)

DESCRIBED_OWN = Rule(
    # "A and B described their talks with C as candid": each one's contact with C, told as
    # past by its judgment (undated: the text's day). C first, so that a pair splits in two.
    "contact.described_own",
    rule_pattern(
        rf"(?P<obj>{G})(?P<pre>(?:\s+(?:also|later|have|had))?)\s+(?P<verb>described|called|termed|hailed|praised|characteri[sz]ed)"
        rf"\s+(?:their|his|her)\s+(?!(?:[a-z-]+\s+)?(?:upcoming|planned|proposed|next|future|expected)\b){ADJ}"
        rf"(?P<noun>talks|meetings?|discussions|(?:(?:tele)?phone\s+)?(?:calls?|conversations?))\s+with\s+(?:the\s+)?(?P<subj>{M})"
    ),
    "contact",
    None,
    confidence=0.65,
)
# "the talks A and B held in Istanbul the day before", "the Russian-Ukrainian talks held in
# Istanbul on Friday" (the pair of adjectives read as two states: ``pair_adjectives``)
_HELD_NOUN = r"(?P<noun>talks|meeting|summit|negotiations|consultations|(?:tele)?phone (?:call|conversation)|call|conversation)"
_HELD_WHERE = r"(?:(?:in|at)\s+(?:the\s+)?(?:@\d+|[a-z]+)\s+)?(?:on\s+|in\s+)?(?P<date>#\d+)"
HELD_BY = Rule(
    "nominal.held_by",
    rule_pattern(
        rf"\bthe\s+{ADJ}{_HELD_NOUN}\s+(?:that\s+)?(?P<obj>{G})\s+(?:had\s+)?(?:held|had)\s+{_HELD_WHERE}"
    ),
    "nominal",
    None,
    confidence=0.65,
)
HELD_WITH = Rule(
    # "the meeting A held with B in Geneva on Monday", "the talks between A and B held in ..."
    "nominal.held_by",
    rule_pattern(
        rf"\bthe\s+{ADJ}{_HELD_NOUN}\s+(?:(?:that\s+)?(?P<subj>{M})\s+(?:had\s+)?(?:held|had)\s+with|between)\s+(?:the\s+)?(?P<obj>{G})"
        rf"(?(subj)|\s+held)\s+{_HELD_WHERE}"
    ),
    "nominal",
    None,
    confidence=0.65,
)
PAIR_HELD = Rule(
    "nominal.held_by",
    rule_pattern(
        rf"\bthe\s+(?P<obj>@\d+-@\d+)\s+{_HELD_NOUN}\s+(?:held|that\s+took\s+place)\s+{_HELD_WHERE}"
    ),
    "nominal",
    None,
    confidence=0.6,
)

SHOOK_HANDS = Rule(
    # "X shook hands with Y before their meeting in Tokyo": the meeting (a caption's, once
    # ``transcripts.caption_past`` has put it in the past)
    "contact.shook_hands",
    rule_pattern(
        rf"{SUBJ}{PRE}\s+(?P<verb>shook\s+hands|greeted\s+each\s+other|posed\s+for\s+(?:a\s+)?photos?)\s+with\s+(?P<obj>{G})"
        rf"(?P<gap>[^.;@]{{0,60}}?)\s+(?:prior\s+to|before|ahead\s+of|during|after|at\s+the\s+start\s+of)\s+(?:their|the|a)\s+"
        rf"(?P<noun>(?:bilateral\s+|trilateral\s+)?(?:meeting|talks))\b"
    ),
    "contact",
    "meeting",
    symmetric=True,
    confidence=0.7,
)

CONTACTS = (DESCRIBED_OWN, VISITING_PAST, APPOSITIVE_VISIT, SHOOK_HANDS)
NOMINALS = (HELD_BY, HELD_WITH, PAIR_HELD)

NEEDS = {  # (narrow: each is searched in every sentence)
    "contact.shook_hands": r"\b(?:shook hands|greeted each other|posed for) .*\b(?:meeting|talks)\b",
    "contact.was_visiting": r"\b(?:was|were) visiting\b",
    "contact.on_visit_appositive": r"^\s*@\d+\s+on\s",
    "nominal.held_by": r"\b(?:held|had)\b.*#",
    "contact.described_own": r"\b(?:described|called|termed|hailed|praised|characteri[sz]ed) (?:their|his|her) ",
}
