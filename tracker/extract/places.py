"""The city a visit names, read as its country: "arrived in Beijing", "landed in Ankara",
"visited Kyiv". A wire story names the capital, not the state; the visit is to the state.

Only after a verb of arrival or travel: elsewhere "Washington" and "Moscow" are places
where a contact happened (its location), not parties to it.
"""

from __future__ import annotations

import re

from tracker.extract.countries import country_label
from tracker.extract.document import Token, tokens
from tracker.extract.references import Context, Mention

# Capitals and the seats of government that diplomatic travel names, by ISO alpha-3. Cities
# that host international bodies more than they stand for their state (Geneva, New York,
# Brussels for the EU, Vienna for the IAEA) are left out on purpose.
CAPITALS: dict[str, str] = {
    "kabul": "AFG", "tirana": "ALB", "algiers": "DZA", "buenos aires": "ARG",
    "yerevan": "ARM", "canberra": "AUS", "baku": "AZE", "manama": "BHR", "dhaka": "BGD",
    "minsk": "BLR", "brasilia": "BRA", "brasília": "BRA", "sofia": "BGR",
    "phnom penh": "KHM", "ottawa": "CAN", "santiago": "CHL", "beijing": "CHN",
    "bogota": "COL", "bogotá": "COL", "zagreb": "HRV", "havana": "CUB", "nicosia": "CYP",
    "prague": "CZE", "copenhagen": "DNK", "cairo": "EGY", "tallinn": "EST",
    "addis ababa": "ETH", "helsinki": "FIN", "paris": "FRA", "tbilisi": "GEO",
    "berlin": "DEU", "accra": "GHA", "athens": "GRC", "budapest": "HUN",
    "reykjavik": "ISL", "new delhi": "IND", "jakarta": "IDN", "tehran": "IRN",
    "baghdad": "IRQ", "dublin": "IRL", "jerusalem": "ISR", "tel aviv": "ISR",
    "rome": "ITA", "tokyo": "JPN", "amman": "JOR", "astana": "KAZ", "nairobi": "KEN",
    "kuwait city": "KWT", "riga": "LVA", "beirut": "LBN", "tripoli": "LBY",
    "vilnius": "LTU", "kuala lumpur": "MYS", "mexico city": "MEX", "chisinau": "MDA",
    "ulaanbaatar": "MNG", "rabat": "MAR", "the hague": "NLD", "wellington": "NZL",
    "abuja": "NGA", "pyongyang": "PRK", "skopje": "MKD", "oslo": "NOR", "muscat": "OMN",
    "islamabad": "PAK", "panama city": "PAN", "lima": "PER", "manila": "PHL",
    "warsaw": "POL", "lisbon": "PRT", "doha": "QAT", "bucharest": "ROU", "moscow": "RUS",
    "riyadh": "SAU", "belgrade": "SRB", "singapore": "SGP", "bratislava": "SVK",
    "ljubljana": "SVN", "pretoria": "ZAF", "seoul": "KOR", "madrid": "ESP",
    "khartoum": "SDN", "stockholm": "SWE", "bern": "CHE", "damascus": "SYR",
    "bangkok": "THA", "tunis": "TUN", "ankara": "TUR", "kampala": "UGA", "kyiv": "UKR",
    "kiev": "UKR", "abu dhabi": "ARE", "london": "GBR", "washington": "USA",
    "tashkent": "UZB", "caracas": "VEN", "hanoi": "VNM", "sanaa": "YEM", "harare": "ZWE",
}  # fmt: skip

_LONGEST = max(len(k.split()) for k in CAPITALS)
# the verb of a visit, then up to two words ("unannounced", "late"), then "in"/"at" or none
_VISIT_VERB = re.compile(
    r"\b(?:arrived|landed|touched down)(?:\s+[a-z]+){0,2}?\s+(?:in|at)\s+$"
    r"|\b(?:visited|toured|traveled to|travelled to|flew to)\s+$"
)


_ANY_VISIT = re.compile(
    r"\b(?:arrived|landed|touched down|visited|toured|traveled to|travelled to|flew to)\b", re.I
)


def capital_mentions(
    body: str, toks: list[Token], mentions: list[Mention], ctx: Context, day: str
) -> None:
    """Add to ``mentions`` the state of each capital a visit verb names (in place, in order),
    replacing what was read there ("Tel Aviv" is no person)."""
    from tracker.extract.mentions import find as find_mentions

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
            code = CAPITALS.get(name.lower())
            if code is None or not all(p.text[:1].isupper() for p in part):
                continue
            label = country_label(code)
            states = ctx.sentence_states  # the lookup below starts its own sentence
            found = [m for m in find_mentions(label, tokens(label), ctx, day) if m.kind == "state"]
            ctx.sentence_states = states
            if not found:
                break
            state = found[0]
            state.start, state.end, state.text = part[0].start, part[-1].end, name
            mentions[:] = [m for m in mentions if not (m.start < state.end and state.start < m.end)]
            mentions.append(state)
            mentions.sort(key=lambda m: m.start)
            break
