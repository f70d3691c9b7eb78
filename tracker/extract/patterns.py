"""The building blocks of the genre's rules: a mention ``@k``, a date ``#k``, a group of
mentions, a subject, the words between a verb and its object, the nouns of contacts, and
``Rule`` itself (``rules`` and ``genre_rules`` build on them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.extract.lexicon import PLURAL_TITLES, title_words

M = r"@\d+"
# a group: "A", "A and B", "A, B and C" (a comma list ends with "and": "A, the B said" is not one)
LAST = rf"(?:(?:the|his|her|their|its)\s+)?(?:visiting\s+)?{M}(?:\s+counterparts?\b)?"  # "and his @k counterpart"
# ("A, B and regional leaders": the named ones, the list's unnamed end no one)
_UNNAMED_END = (
    r"(?=\s*,?\s+(?:and|as well as)\s+(?:[a-z]+\s+){0,2}"
    r"(?:officials|leaders|members|representatives|figures|delegations|others)\b)"
)
G = (
    rf"{M}(?:(?:\s*,\s*(?:the\s+)?{M})*\s*,?\s+(?:and|as well as)\s+{LAST}"
    rf"|(?:\s*,\s*(?:the\s+)?{M})+{_UNNAMED_END})?"
)
PRONOUN = (
    r"(?:he|she|they|it|the two(?:\s+(?:sides|leaders|ministers|diplomats|officials|secretaries))?"
    r"|both sides|both leaders|both ministers|the ministry)"
)
SUBJ = rf"(?P<subj>{G}|(?<![\w@#]){PRONOUN}(?![\w@]))"
# a few words between subject and verb: "also", a date, "on Monday", "by phone"; never a
# clause's opening ("relations with Russia when he met": Russia is no subject of "met")
PRE = r"(?P<pre>(?:,(?=\s+(?:#|held\b|had\b|have\b|has\b|met\b|spoke\b|talked\b|conferred\b)))?(?:\s+(?:#\d+|(?!(?:when|while|after|before|as|he|she|they|who|which|that|because|since|where|until|if)\b)[a-z][\w'’-]*),?){0,4}?)"
# words between the verb and its "with"/"to": dates, "by phone", "in @k"
GAP = r"(?P<gap>(?:\s+(?:(?:in|at)\s+(?:the\s+)?@\d+|#\d+|(?!with\b|to\b|and\b|but\b|was\b|were\b|being\b|been\b|will\b|would\b)[a-z][\w'’-]*),?){0,8}?)"
# the words that make "the X of Y" someone ("the foreign minister of", "the heads of
# delegation from", "members of"), not something ("the opening of", "the sidelines of")
PERSON_NOUN = (
    r"(?:[a-z]+-)?(?:"
    + "|".join(sorted(title_words() | set(PLURAL_TITLES), key=len, reverse=True))
    + r"|delegations?|heads?|leaders?|members?|representatives?|officials?|counterparts?"
    r"|envoys|ambassadors|chiefs|secretaries|team|diplomats?|government|authorities|speakers?"
    r"|rulers?|commanders?|officers?|delegates?|consuls?|charg\S*(?:\s+d\S*affaires)?|lawmakers?|negotiators?"
    r"|mediators?|coordinators?|monarchs?|emperors?|patriarchs?|staff|people|leadership)"
)
OBJ = (
    rf"(?P<obj>(?:(?:the|his|her|their|its)\s+)?(?:(?:[a-z-]+|#\d+)\s+){{0,4}}?{PERSON_NOUN}\s+(?:of|from)\s+(?:the\s+)?{G}"
    rf"|(?:(?:the|his|her|their|its)\s+)?(?:@\d+\s+(?:authority|government|administration|national|transitional)\s+(?=@))?"
    rf"(?:(?!(?:in|at|on|for|to|from|by|about|of|and|the|with|his|her|their|its)\b)[a-z]+\s+){{0,2}}?{G})"
)

# up to three words before a noun ("a productive telephone call"), never a clause's verb
NOT_ADJ = r"(?!(?:that|which|who|to|was|were|is|are|be|been|being|said|says|indicated|announced|expected|planned|will|would|could|should|not|no|also|and|but)\b)"
# ("a japan-u.s. foreign ministers' telephone talk": a word may hold dots and apostrophes)
ADJ = rf"(?:['\"]*{NOT_ADJ}[a-z][a-z.'’-]*['\"]*\s+){{0,3}}?['\"]*"
CALL_NOUN = (
    r"(?:(?:phone|telephone|telephonic)\s+(?:calls?|conversations?|talks?)|calls?|conversations?)"
)
MEET_NOUN = r"(?:meetings?|talks|discussions?|consultations|dialogue|working (?:lunch|dinner|breakfast)|lunch|dinner|bilateral(?!\s+(?:call|phone|telephone|video|conversation)))"
VIDEO_NOUN = r"(?:video\s?conference|video call|video talks|virtual meeting|video link|video-link|videocall|teleconference)"
SUMMIT_NOUN = r"(?:summit)"
# what makes a gathering: a meeting's nouns and a conference's
GATHERING = (
    rf"(?:{MEET_NOUN}|{SUMMIT_NOUN}|{VIDEO_NOUN}|ministerial|conference|session|forum|council)"
)
ROUND = r"(?:the\s+)?(?:[a-z]+|\d+(?:st|nd|rd|th))\s+round\s+of\s+(?:talks|negotiations|consultations|dialogue|strategic dialogue)"

# the verbs of a statement ("said", "told reporters", "condemned", "wrote on X")
STATEMENT_VERB = (
    r"(?P<verb>said|says|stated|states|announced|announces|declared|denied|denies|rejected|"
    r"dismissed|confirmed|insisted|warned|(?:issued|released|published|adopted|signed|gave|made)\s+(?:a|an)\s+"
    r"(?:[a-z-]+\s+){0,2}?statement|told\s+(?:reporters|journalists|the press|a news conference|"
    r"a press conference|a briefing|state media|state television|lawmakers)|(?:strongly\s+)?(?:condemned|"
    r"denounced|criticized|criticised|deplored)|(?:expressed|voiced)\s+(?:its\s+|his\s+|her\s+|their\s+)?"
    r"(?:deep\s+|grave\s+|serious\s+|strong\s+)?(?:concern|regret|outrage|indignation)|tweeted|(?:wrote|posted)"
    r"\s+on\s+(?:x|twitter|telegram|facebook|social media))\b"
)


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    kind: str  # contact | statement | development | nominal
    type: str | None  # the event type, or None: decided from the words
    initiator: str | None = None  # "subj" or "obj": who called
    symmetric: bool = False  # the subject is the whole group ("A and B met")
    confidence: float = 0.8


def rule_pattern(text: str) -> re.Pattern[str]:
    return re.compile(text)
