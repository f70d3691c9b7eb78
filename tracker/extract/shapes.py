"""The genre's shape of a reference, ``[country] [title] [name]`` ("UK Foreign
Secretary Elizabeth Truss", "Russia's foreign ministry", "the Secretary", "his Chinese
counterpart"), read at a token and resolved to an actor, an office's holder on the day,
a state, or a proposed new actor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tracker.extract.countries import country_label
from tracker.extract.document import Token
from tracker.extract.lexicon import (
    NAME_PARTICLES,
    ON_TITLES,
    PLURAL_TITLES,
    SUBJECT_WORDS,
    TITLE_MODIFIERS,
    TITLES_IN_NAME,
    default_country,
    norm,
    org_exact,
    org_index,
    royal_title,
    surname,
    title_class,
    title_words,
)
from tracker.extract.lookup import longest_key
from tracker.extract.name_runs import is_name_token, name_run
from tracker.extract.references import NOT_PERSON, Context, Mention, NewActor
from tracker.extract.registry import Registry


def _capital(tok: Token) -> bool:
    return tok.text[:1].isupper()


# Words of a descriptive phrase a title may carry before its name, never a verb
# ("US special envoy on Afghan peace reconciliation, Zalmay Khalilzad")
_DESCRIPTION_STOP = frozenset(
    {"said", "says", "told", "met", "spoke", "who", "which", "that", "was", "is", "has",
     "had", "will", "would", "but", "while", "when", "as"}
)  # fmt: skip


def _appositive(toks: list[Token], k: int) -> int | None:
    """After a title: ``[description] , Name Name`` -> where the name starts."""
    n = len(toks)
    j = k
    while j < n and j - k <= 6 and toks[j].text != ",":
        if toks[j].folded in _DESCRIPTION_STOP or not toks[j].text[:1].isalnum():
            return None
        j += 1
    if j >= n or toks[j].text != "," or j + 1 >= n:
        return None
    end = name_run(toks, j + 1)
    if end - (j + 1) < 2:
        return None
    if end < n and toks[end].text not in (",", ".", ";", ")") and toks[end].folded != "and":
        return None
    return j + 1


def pick(ids: set[str], registry: Registry) -> str | None:
    canon = {registry.canonical(i) for i in ids}
    return next(iter(canon)) if len(canon) == 1 else None


@dataclass
class _Shape:
    start: int
    end: int
    text: str
    country: str | None
    org: str | None
    adjective: bool
    title: str | None
    name: str | None
    definite: bool
    possessive_owner: bool  # "Russia's" standing before a noun that is not a title


def _name_at_end(toks: list[Token], start: int, end: int) -> int:
    """Where the words of a title's "of"/"for" part that run from ``start`` to ``end`` stop,
    when a person's name ends them: "President of Kosovo | Hashim Thaci", "for Ukraine
    Negotiations | Kurt Volker", "of the United Nations | Antonio Guterres"; else ``end``."""
    org = longest_key(org_index(), toks, start, 4)
    for split in range(max(start + 1, org[0] if org else 0), end):
        names_end = name_run(toks, split)  # ("Ursula von der Leyen": past the capitals)
        names = [t for t in toks[split:names_end] if t.folded not in NAME_PARTICLES]
        if (
            2 <= len(names) <= 3
            and names_end >= end
            and not any(t.folded in title_words() or t.folded in SUBJECT_WORDS for t in names)
        ):
            return split
    return end


# a courtesy before a new person's name, not part of it (a prince's or sheikh's title is)
_COURTESY = re.compile(r"^(?:(?:Dr|Mr|Mrs|Ms|Mme|H\.\s?E)\.?\s+)+(?=\S)")


def shape_at(
    text: str,
    toks: list[Token],
    i: int,
    countries: dict[str, tuple[str, bool]],
    titles: dict[str, str],
    registry: Registry,
) -> tuple[int, list[_Shape]] | None:
    """``[the] [country['s]] [(ACRONYM)] [modifier] [title [of country]] [,] [Name]``."""
    n = len(toks)
    j = i
    definite = False
    owned = False  # "its foreign minister": the office of the state the sentence named
    if toks[j].folded == "the" and j + 1 < n:
        definite = True
        j += 1
    elif toks[j].folded == "its" and j + 1 < n and longest_key(titles, toks, j + 1, 9) is not None:
        definite = owned = True
        j += 1
    if definite and toks[j].folded == "visiting" and j + 1 < n:
        j += 1  # "the visiting Japanese Foreign Minister"
    country = None
    org = None
    adjective = False
    c = longest_key(countries, toks, j, 7)
    o = longest_key(org_index(), toks, j, 4) if _capital(toks[j]) else None
    if o is None and toks[j].text in org_exact():
        o = (j + 1, toks[j].text)
    if o is not None and (c is None or o[0] > c[0]):
        end, key = o
        org = org_index().get(key) or org_exact()[key]
        j = end
        if j < n and toks[j].folded == "'s":
            j += 1
    elif c is not None and _capital(toks[j]):
        end, key = c
        country, adjective = countries[key]
        j = end
        if j < n and toks[j].folded == "'s":
            j += 1
        if (
            j + 2 < n
            and toks[j].text == "("
            and toks[j + 2].text == ")"
            and toks[j + 1].text.isupper()
        ):
            j += 3
    elif (
        definite
        and toks[j].folded not in titles
        and toks[j].folded not in ("foreign", "deputy", "first", "executive", "vice")
        and longest_key(titles, toks, j, 9) is None  # "The External Affairs Minister"
    ):
        return None
    while j < n and toks[j].folded in TITLE_MODIFIERS and j + 1 < n:
        j += 1
    if (
        country is not None
        and j + 1 < n
        and toks[j].folded == "counterpart"
        and name_run(toks, j + 1) - (j + 1) >= 2
    ):
        # "his South African counterpart Naledi Pandor": the named person
        end = name_run(toks, j + 1)
        group = toks[j + 1 : end]
        first = i + 1 if definite else i
        return end, [
            _Shape(toks[first].start, group[-1].end, text[toks[first].start : group[-1].end],
                   country, None, False, None, text[group[0].start : group[-1].end], False, False)
        ]  # fmt: skip
    title = None
    plural = None
    if j < n and toks[j].folded in PLURAL_TITLES:
        plural = PLURAL_TITLES[toks[j].folded]
    t = longest_key(titles, toks, j, 9)
    office_keys = registry.office_keys
    t2 = longest_key(office_keys, toks, j, 8)
    if t2 is not None and (t is None or t2[0] > t[0]):
        t = t2
    if t is not None and t[0] + 1 < n and toks[t[0]].text == "/":
        # "Deputy Prime Minister/Foreign Minister Ishaq Dar": two offices, one person; the
        # second is the one the genre's readouts use him in
        second = longest_key(titles, toks, t[0] + 1, 9)
        if second is not None:
            t = second
    if t is not None and t[0] + 1 < n and toks[t[0]].folded == "'s":
        # "Prime Minister's Advisor on Foreign Affairs X": the office of the office's holder
        owned_title = longest_key(titles, toks, t[0] + 1, 9)
        if owned_title is not None:
            j, t = t[0] + 1, owned_title
    if t is not None:
        title_end = t[0]
        # "Minister of Foreign Affairs of Japan", "Special Envoy ... for Yemen", "Advisor on
        # Foreign Affairs" (an adviser's or envoy's subject; never "Minister on Monday")
        k = title_end
        # ("Aide to the President Yury Ushakov": an aide's, not a president's name)
        tails = (
            ("of", "for", "on", "to") if toks[title_end - 1].folded in ON_TITLES else ("of", "for")
        )
        while (
            k + 1 < n
            and toks[k].folded in tails
            and (_capital(toks[k + 1]) or toks[k + 1].folded == "the")
        ):
            m = k + 1
            if toks[m].folded == "the":
                m += 1
            if m < n and _capital(toks[m]):
                cc = longest_key(countries, toks, m, 7)
                if cc is not None and country is None:
                    country = countries[cc[1]][0]
                    adjective = False
                    k = cc[0]
                    while k < n and _capital(toks[k]) and toks[k].folded in SUBJECT_WORDS:
                        k += 1  # "for Ukraine Negotiations"
                    break
                first_word = m
                while (
                    m < n
                    and (_capital(toks[m]) or toks[m].text == "-")
                    and (toks[k].folded != "on" or toks[m].folded in title_words())
                ):  # (after "on", the subject's words: "on Foreign Affairs", not the name)
                    m += 1
                m = _name_at_end(toks, first_word, m)
                if m == first_word:
                    break
                k = m
            else:
                break
        title = text[toks[j].start : toks[k - 1].end]
        j = k
    elif plural is not None:
        title = plural
        j += 1
    if title is None and country is None and org is None:
        return None
    # the name
    k = j
    if title is not None and k + 1 < n and toks[k].text == "," and is_name_token(toks[k + 1]):
        k += 1
    elif title is not None and k < n and not is_name_token(toks[k]):
        named = _appositive(toks, k)
        if named is not None:
            k = named
    names: list[list[Token]] = []
    while True:
        start = k
        k = name_run(toks, k)
        if k > start:
            names.append(toks[start:k])
        # "Presidents Trump and Putin": a plural title over several names
        if (
            plural is not None
            and k + 1 < n
            and toks[k].folded in ("and", ",")
            and is_name_token(toks[k + 1])
        ):
            k += 1
            if toks[k].folded == "and":
                k += 1
            continue
        break
    tail_end = None
    if (
        len(names) == 1
        and title is not None
        and k + 1 < n
        and toks[k].folded == "of"
        and _capital(toks[k + 1])
    ):
        # "Foreign Minister Fumio Kishida of Japan": the country after the name
        cc = longest_key(countries, toks, k + 1, 7)
        if cc is not None and (country is None or country == countries[cc[1]][0]):
            country = countries[cc[1]][0]
            k = cc[0]
            tail_end = toks[k - 1].end
    if names and title is None and plural is None and country is not None and not adjective:
        names = []  # "Russia and Turkey Sergey Lavrov and ...": the country, then a name
        k = j
    if names and any(t.folded in NOT_PERSON for t in names[0]):
        names = []
        k = j
    if not names and title is None:
        # a country alone, or a country's possessive: "Russia", "Russia's request"
        end = j
        while end > i and toks[end - 1].folded in ("'s", ")"):
            end -= 1 if toks[end - 1].folded == "'s" else 3
        first = i + 1 if definite else i
        return (
            j,
            [
                _Shape(
                    toks[first].start,
                    toks[end - 1].end,
                    text[toks[first].start : toks[end - 1].end],
                    country,
                    org,
                    adjective,
                    None,
                    None,
                    False,
                    False,
                )
            ],
        )
    if (
        not names
        and title is not None
        and country is None
        and org is None
        and not definite
        and default_country(title) is None
    ) and norm(title) not in registry.office_keys:
        return None
    shapes = []
    if names:
        for group in names:
            first = i + 1 if definite and country is None else i
            span_start = toks[first].start if group is names[0] else group[0].start
            span_end = tail_end or group[-1].end
            shapes.append(
                _Shape(
                    span_start,
                    span_end,
                    text[span_start:span_end],
                    country,
                    org,
                    adjective,
                    title,
                    text[group[0].start : group[-1].end],
                    False,
                    False,
                )
            )
        return k, shapes
    first = i
    return (
        j,
        [
            _Shape(
                toks[first].start,
                toks[j - 1].end,
                text[toks[first].start : toks[j - 1].end],
                country,
                org,
                adjective,
                title,
                None,
                definite,
                owned,
            )
        ],
    )


def resolve_shape(shape: _Shape, ctx: Context, day: str | None) -> Mention | None:
    registry = ctx.registry
    base: dict[str, Any] = dict(
        start=shape.start, end=shape.end, text=shape.text, country=shape.country, title=shape.title
    )
    if shape.name:
        whole = registry.lookup(shape.text)
        ids = whole or registry.lookup(shape.name)
        if not whole and royal_title(shape.title) and norm(shape.name) in registry.surnames:
            ids = set()  # "Crown Prince Hassan": a royal's given name, no one's surname
        if not ids and shape.title:
            ids = registry.lookup(f"{shape.title} {shape.name}")
        if not ids:
            written = shape.name.split()
            words = [w for w in written if not (len(w) == 2 and w.endswith("."))]
            if len(written) >= 2:
                ids = (registry.lookup(" ".join(words)) if len(words) >= 2 else set()) or {
                    i for i in registry.by_surname(words[-1]) if registry.same_given(i, written)
                }  # "Prime Minister Boris Johnson" is not Lyndon B. Johnson; "L. Johnson" may be
        if len(ids) > 1 and shape.country:
            ids = {i for i in ids if registry.country_of(i) == shape.country} or ids
        elif shape.country and len(shape.name.split()) == 1 and not whole:
            # "Canadian External Affairs Secretary Clark" is not New Zealand's Helen Clark
            ids = {i for i in ids if registry.country_of(i) in (None, shape.country)}
        actor_id = pick(ids, registry) if ids else None
        if actor_id is not None:
            actor = registry.get(actor_id)
            base["country"] = actor.country if actor else shape.country
            return Mention(**base, actor=actor_id, kind=actor.kind if actor else None)
        country = shape.country or (default_country(shape.title) if shape.title else None)
        office = _office_label(shape.title) if shape.title else None
        name = _COURTESY.sub("", shape.name) or shape.name  # "Dr S Jaishankar": S Jaishankar
        if shape.title and norm(shape.title) in TITLES_IN_NAME:
            name = f"{office} {shape.name}"
        words = [w for w in name.split() if not (len(w) == 2 and w.endswith("."))]
        aliases = (
            (surname(words, country),)
            if len(words) >= 2 and norm(shape.title or "") not in TITLES_IN_NAME
            else ()
        )
        new = ctx.adopt(NewActor(name, "person", country, office, aliases))
        base["country"] = new.country
        return Mention(**base, new=new, kind="person")
    if shape.org and not shape.name:
        org = _org(base, shape.org, ctx)
        # "the UN Secretary-General": the one who held that office of it on the day
        holder = registry.org_holder(shape.title, org.actor, day) if shape.title else None
        if holder is not None:
            actor = registry.get(holder)
            return Mention(**base, actor=holder, kind=actor.kind if actor else "person")
        return org
    if shape.title:
        cls = title_class(shape.title)
        country = shape.country
        if country is None and shape.possessive_owner and ctx.sentence_states:
            country = ctx.sentence_states[-1].country
        if country is None and shape.definite:
            earlier = ctx.recent(cls, shape.title)
            if earlier is not None:
                return _anaphor(base, earlier, earlier.country)
        country = country or default_country(shape.title)
        # without a country, only the very office: "the Foreign Secretary" is no other
        # country's foreign minister
        holders = registry.holders(shape.title, country, day, by_class=country is not None)
        if len(holders) == 1:
            actor = registry.get(holders[0])
            return Mention(
                **{**base, "country": actor.country if actor else country},
                actor=holders[0],
                kind=actor.kind if actor else None,
            )
        if country and shape.country and shape.definite:
            # "The Saudi Arabian foreign minister said ...", after a readout named them: the
            # person of that country and office the text named, when no registry holder is
            earlier = named_holder(ctx, cls, country)
            if earlier is not None:
                return _anaphor(base, earlier, country)
        if country and shape.country:
            return _state(base, country, ctx)
        return None
    if shape.country:
        mention = _state(base, shape.country, ctx)
        mention.adjective = shape.adjective
        return mention
    return None


def _anaphor(base: dict[str, Any], earlier: Mention, country: str | None) -> Mention:
    """A mention that stands for ``earlier``'s actor ("the foreign minister" after a text
    named one), in ``country``."""
    return Mention(
        **{**base, "country": country},
        actor=earlier.actor,
        new=earlier.new,
        kind=earlier.kind,
        anaphor=True,
    )


def named_holder(ctx: Context, cls: str | None, country: str) -> Mention | None:
    """The latest person of ``country`` the text named with a title of class ``cls``."""
    if cls is None:
        return None
    for m in reversed(ctx.entities):
        if m.kind == "person" and m.country == country and m.title and title_class(m.title) == cls:
            return m
    return None


def _state(base: dict[str, Any], country: str, ctx: Context) -> Mention:
    """An unnamed office holder, or a country itself: the state."""
    state = ctx.registry.states.get(country)
    if state is not None:
        return Mention(**{**base, "country": country}, actor=state, kind="state")
    new = ctx.adopt(NewActor(country_label(country), "state", country))
    return Mention(**{**base, "country": country}, new=new, kind="state")


def _org(base: dict[str, Any], name: str, ctx: Context) -> Mention:
    ids = ctx.registry.lookup(name)
    actor_id = pick(ids, ctx.registry) if ids else None
    if actor_id is not None:
        return Mention(**base, actor=actor_id, kind="international_organization")
    new = ctx.adopt(NewActor(name, "international_organization"))
    return Mention(**base, new=new, kind="international_organization")


def _office_label(title: str) -> str:
    words = title.split()
    if title.islower() or title.isupper():
        small = {"of", "for", "and", "the"}
        return " ".join(w if w.lower() in small else w[:1].upper() + w[1:].lower() for w in words)
    return " ".join(words)
