"""Who a sentence names: registry names and aliases, and the genre's own shape of a
reference, ``[country] [title] [name]`` ("UK Foreign Secretary Elizabeth Truss",
"Russia's foreign ministry", "the Secretary", "his Chinese counterpart").

A name the registry knows resolves to its actor; a title without a name resolves to the
holder of that office on the day in question ("China's foreign minister" in 2021), or to
the state when nobody is recorded; a person the registry does not know becomes a
proposed new actor with the kind, country and office the text gives."""

from __future__ import annotations

import re
from typing import Any

from tracker.extract.countries import country_index
from tracker.extract.document import Token
from tracker.extract.lexicon import (
    NAME_PARTICLES,
    norm,
    org_index,
    title_index,
    title_words,
)
from tracker.extract.name_runs import is_name_token, name_run
from tracker.extract.references import NOT_PERSON, PRONOUNS, Context, Mention, NewActor
from tracker.extract.registry import Registry
from tracker.extract.shapes import pick, resolve_shape, shape_at


def find(text: str, toks: list[Token], ctx: Context, day: str | None) -> list[Mention]:
    """The mentions of one sentence, left to right, none overlapping."""
    registry = ctx.registry
    countries = country_index()
    titles = title_index()
    out: list[Mention] = []
    ctx.sentence_states = []
    n = len(toks)
    i = 0
    while i < n:
        tok = toks[i]
        got = _registry_match(text, toks, i, registry)
        shape = shape_at(text, toks, i, countries, titles, registry)
        if (
            shape is not None
            and got is not None
            and shape[0] == got[0]
            and _title_only(shape[1])
            and _a_person(got[1], registry)
        ):
            # "the leader of Armenia", "The Secretary": an alias the analyst registered for a
            # person names them, rather than an office holder found by the title
            shape = None
        reach = max(got[0] if got else 0, shape[0] if shape else 0)
        if reach and _outlet_after(toks, reach):
            # "The Washington Post", "China Daily", "The Moscow Times": a newspaper
            i = reach + 1
            continue
        if shape is not None and (got is None or shape[0] >= got[0]):
            end, mentions = shape
            resolved = [resolve_shape(m, ctx, day) for m in mentions]
            if _indefinite(toks, i):
                # "A Foreign Office spokesperson said": one of them, no holder the registry has
                resolved = [
                    None if m is not None and m.kind == "person" and not x.name else m
                    for m, x in zip(resolved, mentions, strict=True)
                ]
            kept = [m for m in resolved if m is not None]
            if kept:
                out.extend(kept)
                ctx.sentence_states.extend(m for m in kept if m.kind == "state")
                i = end
                continue
            if got is None and all(m.title and not m.name for m in mentions):
                # "the Foreign Secretary", whom the registry does not know: no one, and not
                # "Secretary" read again on its own
                i = end
                continue
        if got is not None:
            end, ids = got
            actor_id = pick(ids, registry)
            if actor_id is not None:
                actor = registry.get(actor_id)
                if actor is not None and actor.kind == "state":
                    ctx.sentence_states.append(
                        Mention(0, 0, "", actor=actor_id, kind="state", country=actor.country)
                    )
                out.append(
                    Mention(
                        toks[i].start,
                        toks[end - 1].end,
                        text[toks[i].start : toks[end - 1].end],
                        actor=actor_id,
                        kind=actor.kind if actor else None,
                        country=actor.country if actor else None,
                    )
                )
                i = end
                continue
        # a surname of a new actor named earlier in the document ("Blok")
        if is_name_token(tok) and tok.folded in ctx.new_by_surname:
            new = ctx.new_by_surname[tok.folded]
            out.append(
                Mention(tok.start, tok.end, tok.text, new=new, kind=new.kind, country=new.country)
            )
            i += 1
            continue
        bare = _bare_name(text, toks, i, ctx, countries)
        if bare is not None:
            end, mention = bare
            out.append(mention)
            i = end
            continue
        i += 1
    _mark_counterparts(toks, out)
    return _list_item_heads(text, _appositives(text, out))


# capitalised words that open an item of a list of people, before its title: "and Labour
# Party leader Miliband", ", UN Special Adviser Espen Barth Eide", ", Turkish Cypriot leader X"
_ITEM_HEAD = re.compile(
    r"(?:^|,|\band|\bwith)\s+((?:[A-Z][\w'’.-]*\s+)(?:(?:of\s+|for\s+|the\s+)?[A-Z][\w'’.-]*\s+){0,4})$"
)


# "Foreign Minister and Alternate Prime Minister Yair Lapid": a title, "and", then the
# person's other title and name
_TITLE_AND = re.compile(
    r"(?:^|,|\band|\bwith)\s+(((?:[A-Z][\w'’-]*\s+){1,4})and\s+(?:[A-Z][\w'’-]*\s+){0,2})$"
)


def _list_item_heads(text: str, mentions: list[Mention]) -> list[Mention]:
    """A titled person whose list item opens with words no table knows (a party, a body, a
    people): those words are the title's, and what was read in them (the body "UN", a
    person "Cypriot") is no one of its own."""
    out: list[Mention] = []
    for m in mentions:
        head = None
        if m.kind == "person" and m.title:
            head = _TITLE_AND.search(text, 0, m.start)
            if head is not None and not all(norm(w) in title_words() for w in head[2].split()):
                head = None
            head = head or _ITEM_HEAD.search(text, 0, m.start)
        if head is not None and m.country is None and norm(m.title or "") in norm(m.text):
            start = head.start(1)
            inside = [p for p in out if p.start >= start]
            if all(p.kind != "person" or (p.title is None and p.new is not None) for p in inside):
                out = [p for p in out if p.start < start]
                m.start, m.text = start, text[start : m.end]
        out.append(m)
    return out


def _indefinite(toks: list[Token], i: int) -> bool:
    """Whether "a" or "an" opens the phrase that ends at ``toks[i]``: "A spokesperson", "A
    Foreign, Commonwealth & Development Office spokesperson"."""
    k = i - 1
    while k >= 0 and i - k <= 7 and (toks[k].text[:1].isupper() or toks[k].text in ("&", ",")):
        if toks[k].folded in ("a", "an"):
            return True
        k -= 1
    return k >= 0 and toks[k].folded in ("a", "an")


def _title_only(shapes: list[Any]) -> bool:
    return all(m.title and not m.name for m in shapes)


def _a_person(ids: set[str], registry: Registry) -> bool:
    actor = registry.get(pick(ids, registry) or "")
    return actor is not None and actor.kind == "person"


def _appositives(text: str, mentions: list[Mention]) -> list[Mention]:
    """ "Dr. Yang Jiechi, Minister of Foreign Affairs of China,": the title describes the
    person before it (and gives a new person's country); it is no one else."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == "person"
            and m.title is not None
            and (m.kind != "person" or norm(m.text).endswith(norm(m.title)))
            and text[prev.end : m.start].strip() == ","
            # "with Secretary X, the Russian President confirmed": another country's office
            and not (prev.country and m.country and prev.country != m.country)
        ):
            if prev.new is not None and prev.new.country is None and m.country:
                prev.new.country = m.country
                prev.country = m.country
            if prev.title is None:  # "the Japanese Foreign Minister" may stand for them later
                prev.title = m.title
            continue
        out.append(m)
    return out


# Capitalised words of slogans and names of things, never of a person
# ("Mutually Beneficial Relationship Based on Common Strategic Interests")
_POLICY_WORDS = frozenset(
    {"relationship", "relations", "interests", "interest", "based", "common", "strategic",
     "partnership", "cooperation", "development", "peace", "order", "free", "open", "mutually",
     "beneficial", "comprehensive", "economic", "global", "international", "national", "new",
     "joint", "action", "plan", "framework", "declaration", "charter", "vision", "era",
     "belt", "road", "pacific", "atlantic", "north", "south", "east", "west", "central",
     "eastern", "western", "northern", "southern", "middle", "great", "united", "democratic",
     "people's", "peoples", "republic", "federal", "royal", "nuclear", "climate", "trade",
     "energy", "health", "human", "rights", "war", "crisis", "conflict", "dialogue", "summit",
     "forum", "agenda", "goals", "values", "alliance", "prosperity", "stability", "secure"}
)  # fmt: skip
_COURTESY = frozenset({"mr", "mrs", "ms", "dr", "prince", "sheikh", "honorable", "honourable"})


def _bare_name(
    text: str, toks: list[Token], i: int, ctx: Context, countries: dict[str, tuple[str, bool]]
) -> tuple[int, Mention] | None:
    """A person named without a title: "Emmanuel Bonne", "Mr Khalilzad" (a new actor)."""
    n = len(toks)
    j = i + 1 if toks[i].folded in _COURTESY and i + 1 < n else i
    if j > i and j < n and toks[j].text == ".":
        j += 1  # "Mr. Seiji Maehara"
    end = name_run(toks, j)
    count = end - j
    group = toks[j:end]
    particles = sum(t.folded in NAME_PARTICLES for t in group)
    if count < 1 or (count < 2 and j == i) or count - particles > 4:
        return None
    if any(
        t.folded in NOT_PERSON
        or t.folded in _POLICY_WORDS
        or (t.text.isupper() and not _initial(t))
        for t in group
    ) or _initial(group[-1]):
        return None  # (an initial is a name's: "S. Jaishankar", "S Jaishankar"; never its end)
    if any(t.folded in countries or t.folded in org_index() for t in group):
        return None
    if end < n and (
        toks[end].folded in NOT_PERSON
        or is_name_token(toks[end])
        or toks[end].folded in title_words()  # "Abu Dhabi Crown Prince X": a place, then a title
    ):
        return None
    name = text[group[0].start : group[-1].end]
    known = ctx.registry.lookup(name)
    if not known and count == 2:
        # "Mr. HAYASHI Yoshimasa" read as "Yoshimasa Hayashi": the registry may hold either order
        known = ctx.registry.lookup(f"{group[1].text} {group[0].text}")
    actor_id = pick(known, ctx.registry) if known else None
    if actor_id is not None:
        actor = ctx.registry.get(actor_id)
        return end, Mention(
            toks[i].start, group[-1].end, text[toks[i].start : group[-1].end], actor=actor_id,
            kind=actor.kind if actor else None, country=actor.country if actor else None,
        )  # fmt: skip
    if count < 2:
        found = ctx.new_by_surname.get(group[0].folded)
        if found is None:
            return None
        new = found
    else:
        words = name.split()
        new = ctx.adopt(NewActor(name, "person", None, None, (words[-1],)))
    return end, Mention(
        toks[i].start, group[-1].end, text[toks[i].start : group[-1].end], new=new,
        kind="person", country=new.country,
    )  # fmt: skip


# A newspaper's or an agency's name: a place, then one of these ("The Washington Post")
_OUTLET_WORDS = frozenset(
    {"Post", "Times", "Journal", "Herald", "Tribune", "Daily", "Gazette", "Telegraph",
     "Chronicle", "Observer", "Review", "Independent", "Today", "Express", "Insider",
     "Monitor", "Mail", "Standard", "News"}
)  # fmt: skip


def _outlet_after(toks: list[Token], end: int) -> bool:
    return end < len(toks) and toks[end].text in _OUTLET_WORDS


def _initial(tok: Token) -> bool:
    """ "S." or "S": one capital letter, a first name's initial."""
    bare = tok.text.rstrip(".")
    return len(bare) == 1 and bare.isupper() and len(tok.text) <= 2


def _registry_match(
    text: str, toks: list[Token], i: int, registry: Registry
) -> tuple[int, set[str]] | None:
    tok = toks[i]
    best: tuple[int, set[str]] | None = None
    exact = registry.exact.get(tok.text)
    if exact:
        best = (i + 1, set(exact))
    longest = registry.first_words.get(tok.folded)
    if longest:
        key = ""
        for j in range(i, min(len(toks), i + longest)):
            key = toks[j].folded if j == i else f"{key} {toks[j].folded}"
            ids = registry.by_key.get(key)
            if ids and (j + 1 > (best[0] if best else 0)):
                span = text[toks[i].start : toks[j].end]
                if any(ch.isupper() for ch in span):  # "us" the pronoun is not the US
                    best = (j + 1, set(ids))
    return best


def _mark_counterparts(toks: list[Token], mentions: list[Mention]) -> None:
    """``his Chinese and Russian counterparts``: adjectives after a possessive pronoun."""
    by_start = {m.start: m for m in mentions}
    for index, tok in enumerate(toks):
        if tok.folded not in PRONOUNS:
            continue
        run: list[Mention] = []
        k = index + 1
        while k < len(toks):
            m = by_start.get(toks[k].start)
            if m is not None and m.adjective:
                run.append(m)
                while k < len(toks) and toks[k].end <= m.end:
                    k += 1
                continue
            if toks[k].folded in ("and", ",") and run:
                k += 1
                continue
            break
        if run and k < len(toks) and toks[k].folded in ("counterpart", "counterparts"):
            for m in run:
                m.counterpart = True
