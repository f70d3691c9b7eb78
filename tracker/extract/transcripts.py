"""Titles and captions that report a contact without a past verb of their own: a State Department transcript
"Remarks With Russian Foreign Minister Sergey Lavrov After Their Meeting", above its byline
("John Kerry / Secretary of State"), or "Secretary X With Y Before Their Meeting". The title is the only sentence that says the two met;
the remarks below it ("It was a good meeting.") say it to whoever was there. And a photo
caption's present tense ("X meets with Y in Beijing, June 19, 2023.").
"""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise

from tracker.extract.dates import DateWords, resolve
from tracker.extract.document import Sentence, tokens
from tracker.extract.proposals import Proposal
from tracker.extract.references import Context, Mention

# "Remarks With X After Their Meeting", "Joint Press Availability With X Following Their
# Meeting", "Remarks With X Before Their Bilateral Meeting"
# (a republisher's section before it: "Press Releases: Remarks With ...")
TITLE = re.compile(
    r"^(?:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?:\s+)?(?:(?:Joint\s+)?(?:Remarks|Press\s+Availability|Press\s+Conference|Press\s+Remarks|Statements?\s+to\s+the\s+Press)"
    r"|(?:Deputy\s+)?Secretary\s+(?:of\s+State\s+)?[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3})"
    r"\s+(?i:with|and)\s+(?P<who>.+?)\s+(?i:after|before|following|prior\s+to|at\s+the\s+(?:top|start|conclusion)\s+of)"
    r"\s+(?i:their|our|the|a)\s+(?:[A-Z][a-z]+\s+)?(?i:meetings?)\s*$"
)
_SECTION = r"(?:[a-z]+(?:\s+[a-z]+)?:\s+)?"
_TAGGED = re.compile(
    rf"^{_SECTION}(?:joint\s+)?[a-z ]+?\s+(?:with|and)\s+(?P<who>.+?)\s+(?:after|before|following|prior\s+to|at\s+the\s+[a-z]+\s+of)\s"
)
_PAIR_TITLE = re.compile(
    rf"^{_SECTION}(?:(?:deputy\s+)?secretary\s+(?:of\s+state\s+)?)?(?P<a>@\d+)\s+(?:with|and)\s+(?P<who>.+?)\s+(?:after|before|following|prior\s+to|at\s+the\s+[a-z]+\s+of)\s"
)
_BYLINE_LINES = 3  # the lines after the title where its byline's name may stand
_SECRETARY = re.compile(r"^(?:Deputy\s+)?Secretary\b")


def _people_in(text: str, ctx: Context, day: str) -> list[Mention]:
    """The people a line names (a byline, a speaker's label, a speech's title), read apart
    from the sentence being read."""
    from tracker.extract.mentions import find as find_mentions

    states = ctx.sentence_states  # the lookup below starts its own sentence
    found = find_mentions(text, tokens(text), ctx, day)
    ctx.sentence_states = states
    return [m for m in found if m.kind == "person" and m.key]


def byline_person(
    title_at: int, all_sentences: list[Sentence], ctx: Context, day: str
) -> Mention | None:
    """The person the byline under a title names: a line of a name, the next line of their
    office ("John Kerry" / "Secretary of State")."""
    lines = all_sentences[title_at + 1 : title_at + 1 + _BYLINE_LINES + 1]
    for line, below in pairwise(lines):
        if not (line.line_start and line.line_end and _SECRETARY.match(below.text.strip())):
            continue
        people = _people_in(line.text, ctx, day)
        if len(people) == 1:
            return people[0]
    return None


def title_meeting(tagged: str, mentions: list[Mention], byline: Mention | None) -> str:
    """The title as "@k met with X" (k the Secretary the title names, or the byline's person,
    added to ``mentions``), or "" when neither names anyone."""
    pair = _PAIR_TITLE.match(tagged)  # "Secretary X With Y Before Their Meeting"
    if pair is not None:
        return f"{pair.group('a')} met with {pair.group('who')}"
    found = _TAGGED.match(tagged)
    if found is None or byline is None:
        return ""
    mentions.append(
        Mention(
            0, 0, byline.text, byline.actor, byline.new, byline.kind, byline.country, byline.title
        )
    )
    return f"@{len(mentions) - 1} met with {found.group('who')}"


# a photo caption in the present: "X meets with Y in Beijing, capital of China, June 19,
# 2023. (Xinhua/Li Xueren)": the verb first after the subject, the caption's day last
_CAPTION = re.compile(
    r"^(?P<subj>@\d+)(?P<mark>\s*(?:\((?:[lrc]|left|right|cent(?:er|re)|front)\)|,\s+(?:left|right|cent(?:er|re)),))?"
    r"\s+(?:also\s+)?(?P<verb>meets|holds\s+talks|holds\s+a\s+meeting|speaks|talks|shakes\s+hands|welcomes|receives|greets)\b"
    r"[^#]*,\s+#(?P<day>\d+)\s*\.?\s*(?:\([^()]{1,60}\)\s*\.?\s*|[a-z]+(?:\s+photo)?/[a-z .'-]{2,40})?$"
)
_PAST = {
    "meets": "met",
    "speaks": "spoke",
    "talks": "talked",
    "shakes hands": "shook hands",
    "welcomes": "welcomed",
    "receives": "received",
    "greets": "greeted",
}


def caption_past(tagged: str, date_words: list[DateWords], ref: date) -> str:
    """A caption's present tense as the past, when the caption gives its day in full (a
    year, on or before the publication day): the photo shows what happened that day."""
    found = _CAPTION.match(tagged)
    if found is None:
        return tagged
    words = date_words[int(found.group("day"))]
    day = resolve(words, ref) if words.groups.get("year") else None
    if day is None or day.first != day.last or day.first > ref:
        return tagged
    verb = re.sub(r"\s+", " ", found.group("verb"))
    past = _PAST.get(verb) or verb.replace("holds", "held")
    # "X (R) meets Y", "X, left, meets Y": where X stands in the photo goes
    a, b = found.span("mark") if found.group("mark") else (found.end("subj"), found.end("subj"))
    out = tagged[:a] + " " * (b - a) + tagged[b : found.start("verb")]
    return out + past + tagged[found.end("verb") :]


# a story's headline in the present: "Xi meets Blinken in Beijing", "Chinese President meets
# US Secretary of State", "Lavrov holds talks with Kerry" (the verb right after the subject)
_HEADLINE_VERB = r"(?:meets|holds\s+(?:[a-z-]+\s+)?talks|hosts|receives|speaks|talks|holds\s+(?:a\s+)?(?:phone\s+)?call)\b"
HEADLINE = re.compile(rf"^[A-Z][\w.'’ -]{{2,80}}?\s{_HEADLINE_VERB}")
_HEADLINE_TAGGED = re.compile(rf"^(?P<subj>@\d+)\s+(?P<verb>{_HEADLINE_VERB})")


def headline_past(tagged: str) -> str:
    """A headline's present as the past ("@0 meets @1" -> "@0 met @1"), or "" when the
    headline does not open with its subject and the verb: a headline is read only then."""
    found = _HEADLINE_TAGGED.match(tagged)
    if found is None:
        return ""
    verb = re.sub(r"\s+", " ", found.group("verb"))
    past = _PAST.get(verb) or verb.replace("holds", "held").replace("hosts", "hosted")
    return tagged[: found.start("verb")] + past + tagged[found.end("verb") :]


def headline_only(found: list[Proposal]) -> list[Proposal]:
    """A headline's contact of people is kept only when the story below tells none of the
    same two (the story's telling has the day and the words); "Chinese President meets US
    Secretary of State" read as two states is no one's."""
    heads = [p for p in found if p.rule.startswith("headline.")]
    body = [p for p in found if p not in heads]
    kept = []
    for head in heads:
        told = [p for p in body if len(head.keys() & p.keys()) >= 2]
        for prop in told:
            if prop.type_uncertain:  # "The two ministers discussed ..." under "X meets Y"
                prop.type, prop.type_uncertain = head.type, False
        if not told and all(x.kind == "person" for x in head.parties):
            kept.append(head)
    return [p for p in found if p in body or p in kept]


# A transcript's speaker label at a line's start: "SECRETARY KERRY:", "FOREIGN MINISTER
# LAVROV: (via interpreter)", "MR PRICE:", "Ned Price (12:04):". What follows, until the
# next label, is theirs.
_INTERPRETER = r"(?:\s*\((?i:via interpreter|as interpreted|through an interpreter)\))?"
SPEAKER_LABEL = re.compile(
    rf"^(?:(?P<who>[A-Z][A-Z .'’-]+?){_INTERPRETER}"
    r"|(?P<named>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})\s*\(\d{1,2}:\d{2}(?::\d{2})?\)"
    # "Penny Wong, Foreign Minister:" (a name of two to four words, then the office)
    r"|(?P<titled>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}),\s+(?:[A-Z][\w'’-]*|of|for|and|the)(?:\s+(?:[A-Z][\w'’-]*|of|for|and|the)){0,7})"
    rf"\s*:{_INTERPRETER}\s*"
)
_SPEAKER_WORDS = frozenset({"mr", "mr.", "ms", "ms.", "mrs", "mrs.", "dr", "dr."})


def label_speaker(text: str, ctx: Context, day: str) -> tuple[bool, Mention | None]:
    """Whether the line opens with a speaker's label, and the person it names (None for
    "QUESTION:", "MODERATOR:", a wire's "ISLAMABAD:" or a name the registry cannot place)."""
    found = SPEAKER_LABEL.match(text)
    if found is None:
        return False, None
    words = (found.group("who") or found.group("named") or found.group("titled")).split()
    if len(words) < 2 and words[0].lower() not in _SPEAKER_WORDS:
        return True, None  # "QUESTION:", "MODERATOR:", "WASHINGTON:"
    name = " ".join(w if w.lower() in _SPEAKER_WORDS else w.capitalize() for w in words)
    people = _people_in(name, ctx, day)
    return True, people[0] if len(people) == 1 else None


# "I met ...", "the Vice President and I met with ...", "I also spoke with ...", in a
# speech "we have had a video conference with ...": the speaker's own contacts
_I_CONTACT = re.compile(
    r"(?:^|(?<=[\s,;(]))(?:i|we)(?=\s+(?:(?:also|just|then|have|had|already|again|only)\s+){0,2}"
    r"(?:met|spoke|talked|called|visited|held|engaged|had\s+(?:a|an|my|our|the)\b))"
)

# A speech's title: "Remarks by High Representative/Vice-President Josep Borrell at the
# press conference", "Speech by Foreign Secretary X", "Opening remarks by Secretary X"
_BY_TITLE = re.compile(
    r"^(?:.{0,80}?:\s+)?(?:(?:opening|closing|press|introductory)\s+)?(?:remarks|speech|address|statement)\s+by\s+",
    re.I,
)


def title_speaker(text: str, ctx: Context, day: str) -> Mention | None:
    """The one person a speech's title names as its speaker, or None."""
    found = _BY_TITLE.match(text)
    if found is None:
        return None
    people = _people_in(text[found.end() :], ctx, day)
    return people[0] if len({m.key for m in people}) == 1 else None


# a host's words: "It's my great pleasure to welcome Foreign Minister X to Washington", "I
# want to welcome Secretary X from the Philippines to the State Department"
_WELCOME = re.compile(
    r"^(?:[a-z,’' ]{0,20}?)(?:(?:it\s+is|it's|it’s)\s+)?(?:my|a|our)\s+(?:great\s+|real\s+|distinct\s+)?"
    r"(?:pleasure|honou?r|privilege)\s+to\s+welcome|^(?:[a-z,’' ]{0,20}?)(?:i|we)\s+(?:want\s+to|would\s+like\s+to|'d\s+like\s+to|"
    r"’d\s+like\s+to)\s+welcome|^(?:[a-z,’' ]{0,20}?)(?:i|we)(?:'m|’m|\s+am|'re|’re|\s+are)\s+(?:delighted|pleased|happy|glad|honou?red)\s+to\s+welcome"
)


def speaker_i(tagged: str, mentions: list[Mention], speaker: Mention | None) -> str:
    """A transcript's "I" of a contact as its speaker (added to ``mentions``), and a host's
    welcome ("my pleasure to welcome X") as the speaker's meeting with X."""
    if speaker is None:
        return tagged
    welcome = _WELCOME.search(tagged)
    if welcome is None and _I_CONTACT.search(tagged) is None:
        return tagged
    mentions.append(
        Mention(
            0, 0, speaker.text, speaker.actor, speaker.new, speaker.kind, speaker.country,
            speaker.title,
        )
    )  # fmt: skip
    if welcome is not None:
        return f"@{len(mentions) - 1} welcomed" + tagged[welcome.end() :]
    return _I_CONTACT.sub(f"@{len(mentions) - 1}", tagged)
