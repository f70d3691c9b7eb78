"""Rewrites of a tagged sentence before the rules read it: names in apposition ("met US
Trade Representative Ambassador X", "his Russian counterpart, X,", "the heads of ... – X
and Y – met"), "I" in a quote attributed in the same sentence, "the foreign ministry"
read as the ministry of the country the text is about, and "the two men" as the pair the
text named last.
"""

from __future__ import annotations

import re

from tracker.extract import rules
from tracker.extract.lexicon import (
    FOREIGN,
    HEAD_OF_GOVERNMENT,
    HEAD_OF_STATE,
    fold,
    title_class,
    title_words,
)
from tracker.extract.proposals import SentenceState
from tracker.extract.references import Mention

_TITLE_CHAIN = re.compile(
    r"@(\d+)\s+((?:[a-z][a-z-]*\s+){0,3}?(?:trade\s+)?(?:representative|minister|secretary|ambassador|envoy|adviser|advisor|director|spokesperson|spokesman|chief|president|chancellor)(?:\s+[a-z][a-z-]*){0,3}\s+)@(\d+)"
)


def _state_before_person(mentions: list[Mention], k: int, j: int) -> bool:
    if k >= len(mentions) or j >= len(mentions):
        return False
    return mentions[k].kind == "state" and mentions[j].kind == "person"


_COUNTERPART_NAMED = re.compile(
    r"(?:his|her|their)\s+@(\d+)\s+counterparts?,\s+@(\d+)(?=\s*(?:,|\.|$|#|\s+(?:on|in|at)\b))"
)
# "met China's Wang Yi", "Russia's Sergei Lavrov said": the wire's possessive of a country
_POSSESSIVE_NAMED = re.compile(r"@(\d+)['’]s\s+@(\d+)")
# ('"Yesterday I spoke with ...," X said', 'X said on Thursday: "Yesterday I met ..."')
_FIRST_PERSON = re.compile(
    r"^(?:@(?P<k>\d+)\s+(?:said|says|told\s+[a-z ]{3,30}?)(?:\s+(?:on\s+)?#\d+)?\s*:\s*)?[\"“‘']\s*(?:(?:yes|well|so|and),?\s+)?"
    r"(?:(?:#\d+|earlier|later|then)\s*,?\s+)?(?:@\d+\s+and\s+)?(?P<i>i)\s+(?:also\s+|just\s+)?(?:spoke|talked|met|had|held|called|phoned|received)\b"
)
_ATTRIBUTED = re.compile(
    r"[\"”’'],?\s+(?:@(?P<k>\d+)\s+(?:said|says|told|added)|(?:said|says|added)\s+@(?P<j>\d+))\b"
)


def names_in_apposition(tagged: str, mentions: list[Mention]) -> str:
    """The person named after a country and a title, after "his X counterpart,", or
    between dashes, stands where the description stood."""
    # "met US Trade Representative Ambassador Katherine Tai": the country is the person's
    tagged = _TITLE_CHAIN.sub(
        lambda m: (
            " " * (m.start(3) - 1 - m.start()) + tagged[m.start(3) - 1 : m.end()]
            if _state_before_person(mentions, int(m.group(1)), int(m.group(3)))
            else m.group()
        ),
        tagged,
    )
    # "China's Wang Yi": the person, who is the country's
    tagged = _POSSESSIVE_NAMED.sub(lambda m: _possessed(m, tagged, mentions), tagged)
    # "his Russian counterpart, Sergei Lavrov,": the named person
    tagged = _COUNTERPART_NAMED.sub(
        lambda m: (
            " " * (m.start(2) - 1 - m.start()) + tagged[m.start(2) - 1 : m.end()]
            if _state_before_person(mentions, int(m.group(1)), int(m.group(2)))
            else m.group()
        ),
        tagged,
    )
    # "the heads of A's and B's administrations – X and Y – met": the names between dashes
    return rules.DASH_APPOSITIVE.sub(
        lambda m: (
            " " * (m.start("names") - m.start())
            + m.group("names")
            + " " * (m.end() - m.end("names"))
        ),
        tagged,
    )


def _possessed(m: re.Match[str], tagged: str, mentions: list[Mention]) -> str:
    """ "@k's @j" as "@j" (blanks keep the offsets) when a state owns a person; a person
    the registry does not know takes the state's country."""
    k, j = int(m.group(1)), int(m.group(2))
    if not _state_before_person(mentions, k, j):
        return m.group()
    new = mentions[j].new
    if new is not None and new.country is None:
        new.country = mentions[j].country = mentions[k].country
    return " " * (m.start(2) - 1 - m.start()) + tagged[m.start(2) - 1 : m.end()]


def first_person(tagged: str) -> str:
    """'"I spoke with the president last night," Rubio told reporters': I is the speaker."""
    first = _FIRST_PERSON.match(tagged)
    voice = _ATTRIBUTED.search(tagged) if first is not None else None
    if first is not None and (voice is not None or first.group("k")):
        k = first.group("k") or (voice.group("k") or voice.group("j") if voice else None)
        tagged = tagged[: first.start("i")] + f"@{k}" + tagged[first.end("i") :]
    return tagged


def describe(body: str, mentions: list[Mention], state: SentenceState) -> None:
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


_PAIR_OFFICE = re.compile(
    r"(?<![\w@])(?:the\s+)?@(?P<a>\d+)\s+and\s+(?:the\s+)?@(?P<b>\d+)\s+(?P<title>foreign ministers|top diplomats|presidents|prime ministers|leaders)\b"
)

# "the @a and @b" where @b is "Russian presidents", read as the Russian one
_AND_PLURAL = re.compile(r"(?<![\w@])(?:the\s+)?@(?P<a>\d+)\s+and\s+@(?P<b>\d+)(?![\w@])")


def _shared_plural(tagged: str, mentions: list[Mention], ctx: object, day: str) -> None:
    """ "The U.S. and Russian presidents": the plural title the second state's words took
    is the first state's too; its holder on the day stands where the state stood."""
    from tracker.extract.document import tokens
    from tracker.extract.lexicon import PLURAL_TITLES
    from tracker.extract.mentions import find as find_mentions

    found = _AND_PLURAL.search(tagged)
    if found is None:
        return
    a, b = mentions[int(found.group("a"))], mentions[int(found.group("b"))]
    words = b.text.lower().split()
    plural = " ".join(words[-2:]) if " ".join(words[-2:]) in PLURAL_TITLES else words[-1]
    if a.kind != "state" or b.kind != "person" or len(words) < 2 or plural not in PLURAL_TITLES:
        return
    phrase = f"{a.text} {PLURAL_TITLES[plural]}"
    states = ctx.sentence_states  # type: ignore[attr-defined]
    got = find_mentions(phrase, tokens(phrase), ctx, day)  # type: ignore[arg-type]
    ctx.sentence_states = states  # type: ignore[attr-defined]
    if len(got) == 1 and got[0].kind == "person" and got[0].key != b.key:
        holder = got[0]
        holder.start, holder.end, holder.text = a.start, a.end, a.text
        mentions[int(found.group("a"))] = holder


_OFFICE_OF = re.compile(
    r"(?<![\w@])(?:the\s+)?(?P<title>foreign ministers|top diplomats|presidents|prime ministers|leaders)\s+of\s+(?:the\s+)?"
    r"(?P<list>@\d+(?:\s*,\s*(?:the\s+)?@\d+)*\s*,?\s+and\s+(?:the\s+)?@\d+)(?!\s*(?:member|@|and\b))"
)


def pair_offices(tagged: str, mentions: list[Mention], ctx: object, day: str) -> str:
    """ "The U.S. and Russian foreign ministers spoke by telephone", "Foreign Ministers of
    Poland, Ukraine and the UK met": each state's holder of the office on the day, when the
    registry knows them all; the title words then go."""
    from tracker.extract.document import tokens
    from tracker.extract.lexicon import PLURAL_TITLES
    from tracker.extract.mentions import find as find_mentions

    found = _PAIR_OFFICE.search(tagged) or _OFFICE_OF.search(tagged)
    if found is None:
        _shared_plural(tagged, mentions, ctx, day)
        return tagged
    if found.re is _PAIR_OFFICE:
        keys = [int(found.group("a")), int(found.group("b"))]
        words = found.span("title")
    else:  # "Foreign Ministers of Poland, Ukraine and the United Kingdom met"
        keys = [int(k) for k in re.findall(r"@(\d+)", found.group("list"))]
        words = (found.start("title"), found.start("list"))
    if any(mentions[k].kind != "state" for k in keys):
        return tagged
    title = PLURAL_TITLES.get(found.group("title"), found.group("title")[:-1])
    if found.group("title") == "top diplomats":
        title = "foreign minister"
    holders: list[Mention] = []
    states = ctx.sentence_states  # type: ignore[attr-defined]
    for k in keys:
        phrase = f"{mentions[k].text} {title}"
        got = find_mentions(phrase, tokens(phrase), ctx, day)  # type: ignore[arg-type]
        if len(got) != 1 or got[0].kind != "person":
            ctx.sentence_states = states  # type: ignore[attr-defined]
            return tagged
        holders.append(got[0])
    ctx.sentence_states = states  # type: ignore[attr-defined]
    for k, holder in zip(keys, holders, strict=True):
        holder.start, holder.end, holder.text = mentions[k].start, mentions[k].end, mentions[k].text
        holder.title = title
        mentions[k] = holder
    start, end = words
    return tagged[:start] + " " * (end - start) + tagged[end:]


_MEMBERS = re.compile(
    r"\b(?:the\s+)?(?:foreign\s+)?ministers\s+of\s+(?:the\s+)?@(?P<k>\d+)\s+member\s+(?:states|countries)\b"
)


def members_of(tagged: str, mentions: list[Mention]) -> str:
    """ "Foreign Ministers of the GCC member states": the organisation takes part."""

    def one(m: re.Match[str]) -> str:
        k = int(m.group("k"))
        if mentions[k].kind != "international_organization":
            return m.group()
        return f"@{k}".ljust(len(m.group()))

    tagged = _MEMBERS.sub(one, tagged)

    # "The foreign ministers of @1, @2 and @3 met": the states, listed, take part; their
    # office holders, when a sentence near names them ("The Foreign Secretaries of India and
    # Pakistan met here today. The talks between Jilani and his Indian counterpart Mathai")
    def people_of(m: re.Match[str]) -> str:
        office = re.sub(r"(?:ies|s)$", lambda e: "y" if e.group() == "ies" else "", m["office"])
        for k in re.findall(r"@(\d+)", tagged[m.end() : m.end() + 80]):
            if mentions[int(k)].kind == "state" and mentions[int(k)].title is None:
                mentions[int(k)].title = office
        return " " * len(m.group())

    return _PEOPLE_OF_STATES.sub(people_of, tagged)


_PEOPLE_OF_STATES = re.compile(
    r"\b(?:the\s+)?(?:(?:senior|top|high-ranking)\s+)?(?P<office>(?:[a-z-]+\s+){0,2}?(?:ministers|secretaries|leaders"
    r"|officials|representatives|delegations|heads of state|presidents|advis[oe]rs|envoys|negotiators|nsas"
    r"|governments))"
    r"\s+(?:of|from)\s+(?=(?:the\s+)?@\d+(?:\s*,\s*(?:the\s+)?@\d+)*\s*,?\s+and\s+(?:the\s+)?@\d+\s+"
    r"(?:(?:also|have|has|had|on\s+#\d+|#\d+)\s+)*(?:met|held|spoke|talked|gathered|convened|discussed"
    r"|issued|gave|released|made|adopted|signed)\b)"
)


# Words of a title chain besides the titles' own ("Minister for Foreign and European Affairs")
_CHAIN_WORDS = frozenset(
    {"and", "of", "for", "the", "affairs", "european", "foreign", "international", "state",
     "cooperation", "development", "trade", "economic", "commonwealth", "central", "office",
     "commission", "council", "committee", "national", "security", "first", "senior",
     "political", "integration", "relations", "external", "diaspora", "expatriates",
     "government", "cabinet", "party", "ccp", "cpc", "federal"}
)  # fmt: skip
_WORD = re.compile(r"@\d+|[a-z][a-z'-]*")
_LAST_WORD = re.compile(r"(@\d+|[a-z][a-z'-]*)\s+$")
_LINKS = frozenset({"and", "of", "for", "the"})


def title_chains(tagged: str, mentions: list[Mention]) -> str:
    """ "with Deputy Prime Minister and Minister for Foreign and European Affairs X": a chain
    of titles before a person's name (that no title of the registry spelled whole) stands
    for nothing more than the name: blanked, so the rules read "with X". A title inside the
    chain that was read as its holder ("Minister for Foreign Affairs") is one of its words."""
    if "@" not in tagged:
        return tagged
    titles = title_words()
    out = list(tagged)
    for found in re.finditer(r"@(\d+)", tagged):
        k = int(found.group(1))
        if k >= len(mentions) or mentions[k].kind != "person" or _title_only(mentions[k]):
            continue
        last = _LAST_WORD.search(tagged, max(0, found.start() - 40), found.start())
        if last is not None and last.group(1) == "and":  # "... Commission and Foreign Minister X"
            last = _LAST_WORD.search(tagged, max(0, last.start() - 40), last.start())
        if (
            last is None
            or last.group(1) in _LINKS
            or not _chain_word(last.group(1), mentions, titles)
        ):
            continue  # a chain ends with a word of a title ("... European Affairs X")
        words = list(_WORD.finditer(tagged, max(0, found.start() - 240), found.start()))
        first = len(words)
        while first > 0:
            w = words[first - 1]
            gap = tagged[w.end() : words[first].start() if first < len(words) else found.start()]
            if gap.strip() or not _chain_word(w.group(), mentions, titles):
                break
            first -= 1
        while first < len(words) and words[first].group() in _LINKS:
            first += 1
        chain = [w.group() for w in words[first:]]
        if len(chain) < 3 or not any(w in titles or w.startswith("@") for w in chain):
            continue
        start = words[first].start()
        out[start : found.start()] = " " * (found.start() - start)
    return "".join(out)


def _title_only(m: Mention) -> bool:
    return bool(m.title) and fold(m.text).endswith(fold(m.title or ""))


def _chain_word(word: str, mentions: list[Mention], titles: frozenset[str]) -> bool:
    if word.startswith("@"):
        k = int(word[1:])
        return k < len(mentions) and mentions[k].kind == "person" and _title_only(mentions[k])
    return word in titles or word in _CHAIN_WORDS


# "A, B and C", "A, B, and the C": a list of three or more
_LIST = re.compile(r"@\d+(?:\s*,\s*(?:the\s+)?@\d+)+\s*,?\s+and\s+(?:the\s+)?@\d+")
# a group noun standing for such a list: "The Co-Chairs met ...", "the mediators"
_GROUP = re.compile(
    r"^(?:[a-z]+\s+){0,2}?(?P<noun>the\s+(?:three\s+|four\s+)?(?:co-chairs|co-chairmen|co-sponsors|co-conveners|mediators|guarantors|guarantor\s+(?:states|countries)))\b"
)


def group_anaphora(body: str, tagged: str, mentions: list[Mention], state: SentenceState) -> str:
    """ "The group is chaired by A, B and C. The Co-Chairs met today with X": the group noun
    stands for the latest list the text named (the list is remembered for later sentences)."""
    found = _GROUP.match(tagged)
    group = state.last_group
    listed = _LIST.search(tagged)
    if listed is not None:
        state.last_group = [mentions[int(k)] for k in re.findall(r"@(\d+)", listed.group())]
    if found is None or group is None:
        return tagged
    tags = stand_ins(body, found.group("noun"), group, mentions)
    joined = ", ".join(tags[:-1]) + " and " + tags[-1]
    return tagged[: found.start("noun")] + joined + tagged[found.end("noun") :]


def stand_ins(body: str, words: str, earlier: list[Mention], mentions: list[Mention]) -> list[str]:
    """The earlier mentions that ``words`` ("the two men", "the Co-Chairs") stand for, added
    to the sentence's ``mentions`` at those words: their tags, in order."""
    span = re.search(re.escape(words), body, re.I)
    start, end = (span.start(), span.end()) if span else (0, 0)
    tags = []
    for m in earlier:
        mentions.append(
            Mention(start, end, m.text, actor=m.actor, new=m.new, kind=m.kind, country=m.country)
        )
        tags.append(f"@{len(mentions) - 1}")
    return tags


def _last_two(state: SentenceState, classes: tuple[str, ...]) -> list[Mention] | None:
    """The last two people named with an office of these classes (in the text or the registry)."""
    reg = state.ctx.registry
    day = state.narrative or state.ref.isoformat()
    found: dict[str, Mention] = {}
    for m in reversed(state.ctx.entities):
        if m.kind != "person" or m.key is None or m.key in found:
            continue
        titles = [m.title] if m.title else []
        if m.actor:
            titles += [o.title for o in reg.offices_on(m.actor, day)]
        if any(title_class(t) in classes for t in titles if t):
            found[m.key] = m
            if len(found) == 2:
                return list(reversed(found.values()))
    return None


_PAIR = re.compile(
    r"\bthe two (?:men|women|leaders|presidents|ministers|foreign ministers|diplomats|officials|top diplomats)\b"
)


def pair_anaphora(body: str, tagged: str, mentions: list[Mention], state: SentenceState) -> str:
    """ "The two men held a phone call": the two people the text named last, when the
    sentence before named exactly two (otherwise the last contact's, as before)."""
    found = _PAIR.search(tagged)
    if found is None or mentions:
        return tagged
    pair = state.last_pair
    if re.search(r"leaders|presidents", found.group()):
        pair = _last_two(state, (HEAD_OF_STATE, HEAD_OF_GOVERNMENT)) or pair
    elif re.search(r"ministers|diplomats", found.group()):
        pair = _last_two(state, (FOREIGN,)) or pair
    if pair is None:
        return tagged
    tags = stand_ins(body, found.group(), pair, mentions)
    return tagged[: found.start()] + " and ".join(tags) + tagged[found.end() :]
