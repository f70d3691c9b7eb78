"""The city a visit names, read as its country: "arrived in Beijing", "landed in Ankara",
"visited Kyiv". A wire story names the capital, not the state; the visit is to the state.

Only after a verb of arrival or travel: elsewhere "Washington" and "Moscow" are places
where a contact happened (its location), not parties to it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tracker.domain.countries import capital_country
from tracker.extract.countries import country_index, country_label
from tracker.extract.document import Token, tokens
from tracker.extract.lexicon import fold, norm
from tracker.extract.proposals import Party, Proposal
from tracker.extract.references import Context, Mention

# A capital stands for its state as GeoNames gives it (``capital_country``), but for these.
# Seats of international bodies more than of their state: a visit there is to the body.
NOT_THE_STATE = frozenset({"brussels", "vienna", "geneva", "new york", "strasbourg"})
# Names GeoNames does not give as the capital, that the genre uses for the state.
CAPITALS: dict[str, str] = {
    "the hague": "NLD",  # the seat of government (Amsterdam is the capital)
    "tel aviv": "ISR",  # where most embassies are
    "kiev": "UKR",  # the older spelling of Kyiv
    "astana": "KAZ",  # named Nur-Sultan in 2019-2022, the name GeoNames keeps
    "rangoon": "MMR",  # Yangon, the capital until 2005
    "yangon": "MMR",
    "peking": "CHN",  # the older spelling of Beijing
    "naypyidaw": "MMR",  # GeoNames writes "Nay Pyi Taw"
    # seats of government where GeoNames gives the constitutional capital
    "la paz": "BOL",  # (Sucre)
    "abidjan": "CIV",  # (Yamoussoukro)
    "dar es salaam": "TZA",  # (Dodoma)
    "cotonou": "BEN",  # (Porto-Novo)
}


def capital_code(name: str) -> str | None:
    """The state a capital stands for in a visit ("Beijing" -> CHN), or None.

    >>> capital_code("Ulaanbaatar"), capital_code("Kiev"), capital_code("Brussels")
    ('MNG', 'UKR', None)
    """
    key = fold(name)
    if key in NOT_THE_STATE:
        return None
    return CAPITALS.get(key) or capital_country(name)


_LONGEST = 3  # words in a capital's name ("Bandar Seri Begawan", "Port of Spain")
# the verb of a visit, then up to two words ("unannounced", "late"), then "in"/"at" or none
_VISIT_VERB = re.compile(
    r"\b(?:arrived|landed|touched down)(?:\s+[a-z]+){0,2}?\s+(?:in|at)\s+$"
    r"|\b(?:visited|was visiting|were visiting|toured|traveled to|travelled to|flew to|left|departed(?: from)?"
    r"|made a stop in|stopped(?: over)? in)\s+$"
    r"|\b(?:visit|tour|trip)\s+(?:to|of|in)\s+$"  # "wrapped up her Asia tour in Tokyo"
    r"|\bat\s+the\s+(?:[a-z-]+\s+){0,2}?airport\s+(?:in|of)\s+$"  # "received at the airport in Goa"
)


_ANY_VISIT = re.compile(
    r"(?i:\b(?:arrived|landed|touched down|visited|was visiting|were visiting|toured|traveled to|travelled to|flew to|stop in|stopped(?: over)? in)\b)"
    r"|\b(?:left [A-Z]|departed|(?:visit|tour|trip) (?:to|of|in) [A-Z]|airport (?:in|of) [A-Z])",
)


def state_mention(code: str, ctx: Context, day: str) -> Mention | None:
    """The state of a country code, as the sentence would name it (None if it does not)."""
    from tracker.extract.mentions import find as find_mentions

    label = country_label(code)
    states = ctx.sentence_states  # the lookup below starts its own sentence
    found = [m for m in find_mentions(label, tokens(label), ctx, day) if m.kind == "state"]
    ctx.sentence_states = states
    return found[0] if found else None


# a wire's lead: "ISLAMABAD:", "NEW DELHI, Sept 27 (ANI):", "ANKARA (AA) -"
_WIRE_CITY = re.compile(
    r"^(?P<city>[A-Z][A-Z'’-]+(?: [A-Z][A-Z'’-]+){0,2})(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}\.?|,\s+\d{1,2}\s+[A-Z][a-z]{2,8})?"
    r"(?:,?\s+\d{4})?\s*(?:\([^)]{1,30}\)|/[A-Z]{2,8}/\.?)?\s*(?::|—|–|--?)\s"
)
_HERE = re.compile(r"\b(?:arrived|landed)\s+(?:[a-z]+\s+)?(?P<here>here)\b", re.I)


def wire_city(line: str) -> str | None:
    """The country code of the capital a wire story's lead names ("ISLAMABAD:" -> PAK)."""
    found = _WIRE_CITY.match(line)
    return capital_code(found.group("city").title()) if found is not None else None


def here_mention(
    body: str,
    mentions: list[Mention],
    ctx: Context,
    code: str | None,
    day: str,
    contacts: Sequence[Proposal] = (),
) -> None:
    """ "ISLAMABAD: X arrived here on Tuesday": "here" is the lead's capital, its state.
    Without a lead, the state of whom X's first contact in the text was with ("X held talks
    with Pakistan's Y here. X, who arrived here today, ...": Pakistan)."""
    found = _HERE.search(body)
    if found is not None and code is None:
        code = host_here(found.start(), mentions, contacts)
    state = state_mention(code, ctx, day) if found is not None and code is not None else None
    if found is None or state is None:
        return
    state.start, state.end, state.text = found.start("here"), found.end("here"), "here"
    mentions.append(state)
    mentions.sort(key=lambda m: m.start)


def host_here(at: int, mentions: list[Mention], contacts: Sequence[Proposal]) -> str | None:
    """The country of the other party of the first contact told of the person named last
    before ``at`` (a person of another country), or None."""
    visitor = next((m for m in reversed(mentions) if m.start < at and m.kind == "person"), None)
    if visitor is None or visitor.key is None:
        return None
    for prop in contacts:
        if visitor.key in {p.key for p in prop.parties}:
            return next(
                (
                    p.country
                    for p in prop.parties
                    if p.key != visitor.key and p.country and p.country != visitor.country
                ),
                None,
            )
    return None


def capital_mentions(
    body: str, toks: list[Token], mentions: list[Mention], ctx: Context, day: str
) -> None:
    """Add to ``mentions`` the state of each capital a visit verb names (in place, in order),
    replacing what was read there ("Tel Aviv" is no person)."""
    if _ANY_VISIT.search(body) is None:
        return
    for tok_i, tok in enumerate(toks):
        if not tok.text[:1].isupper():
            continue
        if not _VISIT_VERB.search(body[max(0, tok.start - 40) : tok.start].lower()):
            continue
        for size in range(_LONGEST, 0, -1):
            part = toks[tok_i : tok_i + size]
            if len(part) < size:
                continue
            name = body[part[0].start : part[-1].end]
            code = capital_code(name)
            if code is None or not all(p.text[:1].isupper() for p in part):
                continue
            state = state_mention(code, ctx, day)
            if state is None:
                break
            state.start, state.end, state.text = part[0].start, part[-1].end, name
            mentions[:] = [m for m in mentions if not (m.start < state.end and state.start < m.end)]
            mentions.append(state)
            mentions.sort(key=lambda m: m.start)
            break


_VISITING = re.compile(r"\b(?:the\s+)?visiting\s+(?P<after>[^,;:.()]{0,80})")
_VISITING_TITLE = re.compile(r"(?:the\s+)?visiting\s", re.I)


def visiting(
    contacts: Sequence[Proposal], tagged: str, mentions: list[Mention], ctx: Context, day: str
) -> list[Proposal]:
    """ "X met with the visiting Y", "X and visiting Y held talks": Y's visit to the state of
    whom Y met (a person of another country), on the contact's day."""
    out: list[Proposal] = []
    if "visiting" not in tagged and not any("isiting" in m.text for m in mentions):
        return out
    named = [
        [mentions[int(k)] for k in re.findall(r"@(\d+)", f["after"])]
        for f in _VISITING.finditer(tagged)
    ]
    # ("the visiting Secretary of State X": the word read as part of the title)
    named += [[m] for m in mentions if _VISITING_TITLE.match(m.text)]
    for tags in named:
        guest = next((m for m in tags if m.kind == "person"), None)
        contact = next(
            (
                p
                for p in contacts
                if p.type != "visit" and guest and guest.key in {x.key for x in p.parties}
            ),
            None,
        )
        if guest is None or guest.key is None or contact is None:
            continue
        code = next(
            (
                p.country
                for p in contact.parties
                if p.key != guest.key and p.country and p.country != guest.country
            ),
            None,
        )
        host = state_mention(code, ctx, day) if code else None
        if host is None or host.key is None:
            continue
        visit = Proposal(
            "visit",
            contact.date,
            [
                Party(
                    guest.key,
                    "visitor",
                    guest.actor,
                    guest.new,
                    guest.label,
                    "person",
                    guest.country,
                ),
                Party(host.key, "host", host.actor, host.new, host.label, host.kind, host.country),
            ],
            list(contact.evidence),
            "contact.visiting",
            0.6,
            date_basis=contact.date_basis,
            date_inherited=contact.date_inherited,
        )
        visit.sentence = contact.sentence
        out.append(visit)
    return out


# "the Russian-Ukrainian talks": two states' adjectives joined before a contact's noun
_PAIR_ADJECTIVES = re.compile(
    r"\b([A-Z][a-z]+)-([A-Z][a-z]+)\s+(?=(?:talks|meeting|summit|negotiations|consultations)\b)"
)


def pair_adjectives(body: str, mentions: list[Mention], ctx: Context, day: str) -> None:
    """Add to ``mentions`` the two states of "Russian-Ukrainian talks" (both words a country's
    adjective, of two countries), at their words."""
    for found in _PAIR_ADJECTIVES.finditer(body):
        if any(m.start < found.end() and found.start() < m.end for m in mentions):
            continue
        codes = [country_index().get(norm(found.group(i))) for i in (1, 2)]
        pair = [c[0] for c in codes if c is not None and c[1]]
        states = [state_mention(code, ctx, day) for code in pair] if len(set(pair)) == 2 else []
        if len(states) != 2 or None in states:
            continue
        for i, state in enumerate(states, start=1):
            if state is not None:
                state.start, state.end, state.text = found.start(i), found.end(i), found.group(i)
                mentions.append(state)
    mentions.sort(key=lambda m: m.start)
