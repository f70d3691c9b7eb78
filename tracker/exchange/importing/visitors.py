"""One person, one actor: the visits name a visitor several ways over the years
("Benjamin Netanyahu", "Binyamin Netanyahu", "Benyamin Netanyahu"; "Recep Erdogan" and
"Recep Tayyip Erdogan"; "Jacques R. Chirac"; "Chancellor Erhard" and "Ludwig Erhard").

``canonical_names`` groups the names of one country's people by surname, and within a
surname the names whose given names agree: the first given name alike (the same, an
initial, a usual short form, another spelling: ``given_alike``) and the middle names of one
found in the other's ("Luiz Lula da Silva" in "Luiz Inacio Lula da Silva"). Middle initials
that differ are two people ("George W. Bush", "George H.W. Bush"). A name that is a surname
alone after an office ("Prime Minister Wilson") joins the surname's one group, when there is
only one. Each group is named by the name the log already holds, else by its most frequent
(then its fullest) name. Names that open with a monarch's title ("King Olav V") are only
ever themselves.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from tracker.domain.names import FAMILY_FIRST, ROYAL_WORDS, given_alike

# words before a name that are no part of it, when the name is compared
_HONORIFICS = frozenset(
    {"el", "hadj", "al-hadj", "alhaji", "haji", "dr", "sir", "mr", "mrs", "ms", "sheikh",
     "sheik", "tun"}
)  # fmt: skip
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "3rd"})
# years apart beyond which two names are two people (a father and a son: "Ferdinand Marcos",
# 1966, and "Ferdinand Marcos Jr.", 2023); a surname alone after an office, fewer
GAP_YEARS, BARE_GAP_YEARS = 20, 12
# names of one country and surname compared pair by pair at most (the published visits hold
# a dozen at most: "Kim" of Korea); beyond, each name is itself
GROUP_MAX = 300
# particles that belong to the surname after them ("Charles de Gaulle", "Lula da Silva")
_PARTICLES = frozenset({"de", "da", "do", "dos", "del", "van", "von", "der", "den", "la", "le",
                        "al", "el", "bin", "ibn", "e", "y"})  # fmt: skip

# "Isa bin Sulman": the name after it is the father's ("Amir Sulman" is another man)
_PATRONYMIC = frozenset({"bin", "ibn", "ben", "bint"})
Key = tuple[str, str]  # (the country's key: its code or name, the name as the record gives it)


def _words(name: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = [w.strip(".,") for w in re.sub(r"[’']", "", plain).split() if w.strip(".,")]
    # "el-" and "al-", "el" and "al", "&" and "and": one
    words = ["al" + w[2:] if w.startswith("el-") else w for w in words]
    return [{"el": "al", "&": "and"}.get(w, w) for w in words]


class Named(NamedTuple):
    name: str
    given: tuple[str, ...]  # empty: a surname alone ("Chancellor Erhard")
    nick: str | None  # "Willem (Wim) Kok": another first given name
    suffix: str  # "jr", "3rd": another person than the name without it
    titled: bool  # written with an office or an honorific ("Dr. Hilda C. Heine")


def _parts(name: str, country: str, titles: list[str]) -> tuple[str, Named] | None:
    """(surname key, the name's parts), or None for a monarch's name (only ever itself)."""
    nick = re.search(r"\(([^)]+)\)", name)
    words = _words(re.sub(r"\([^)]*\)", " ", name))
    if words and words[0] in ("amir", "emir", "sultan", "sheikh", "sheik"):
        words = words[1:]  # the Gulf's rulers, named by their own names after the title
    if not words or words[0] in ROYAL_WORDS:
        return None
    lowered = " ".join(words)
    for title in titles:
        if lowered.startswith(title + " "):
            words = words[len(title.split()) :]
            break
    titled = len(words) < len(_words(name))
    while len(words) > 1 and words[0] in _HONORIFICS:
        words, titled = words[1:], True
    suffix = ""
    while len(words) > 1 and words[-1] in _SUFFIXES:
        suffix, words = words[-1] + suffix, words[:-1]
    if not words:
        return None
    if country in FAMILY_FIRST:
        surname, given = words[0], words[1:]
    else:
        surname, given = words[-1], words[:-1]
        while given and given[-1] in _PARTICLES:
            given = given[:-1]
    key = surname[3:] if surname.startswith("al-") else surname
    first = _words(nick.group(1))[0] if nick and _words(nick.group(1)) else None
    return key, Named(name, tuple(given), first, suffix, titled)


def _initials(word: str) -> bool:
    return len(word) == 1 or "." in word


def _same(a: str, b: str) -> bool:
    """Two given or middle names that may be one (an initial matches a name it begins;
    initials of two letters only the same)."""
    if _initials(a) or _initials(b):
        if "." in a or "." in b:
            return a.replace(".", "") == b.replace(".", "")
        return a[0] == b[0]
    return given_alike(a, b)


def _found_in(small: tuple[str, ...], large: tuple[str, ...]) -> bool:
    """Whether the names ``small`` are found, in order, in ``large``."""
    k = 0
    for word in small:
        while k < len(large) and not _same(word, large[k]):
            k += 1
        if k == len(large):
            return False
        k += 1
    return True


def alike(a: Named, b: Named) -> bool:
    """Whether ``a`` (with no more given names than ``b``) may be ``b``'s person: first
    given names alike and ``a``'s middle names in ``b``'s, or, when ``a`` has fewer, all of
    ``a``'s given names in ``b``'s after its first ("Nawaz Sharif", "Mohammed Nawaz Sharif")."""
    if a.suffix != b.suffix:
        return False
    firsts = {a.given[0], *([a.nick] if a.nick else [])}
    others = {b.given[0], *([b.nick] if b.nick else [])}
    if any(_same(x, y) for x in firsts for y in others):
        return _found_in(a.given[1:], b.given[1:])
    own = tuple(w for k, w in enumerate(b.given) if k and b.given[k - 1] not in _PATRONYMIC)
    return len(a.given) < len(b.given) and _found_in(a.given, own)


def canonical_names(
    names: Iterable[tuple[str, str, int]],
    known: Mapping[str, Iterable[str]],
    titles: Iterable[str],
) -> dict[Key, str]:
    """The name each (country, name) of ``names`` (country, name, the year of a record) is
    to be imported as, when not itself; ``known``: the names of the log's people, by country
    key (their years unknown)."""
    ordered = sorted(titles, key=len, reverse=True)
    counts: Counter[Key] = Counter()
    years: dict[Key, tuple[int, int]] = {}
    for country, name, year in names:
        counts[country, name] += 1
        lo, hi = years.get((country, name), (year, year))
        years[country, name] = (min(lo, year), max(hi, year))
    by_country: dict[str, set[str]] = {}
    for country, name in counts:
        by_country.setdefault(country, set()).add(name)
    out: dict[Key, str] = {}
    for country, own in by_country.items():
        logged = set(known.get(country, ()))
        groups: dict[str, list[Named]] = {}
        for name in sorted(own | logged):
            parts = _parts(name, country, ordered)
            if parts is not None:
                groups.setdefault(parts[0], []).append(parts[1])
        for members in groups.values():
            if len(members) < 2 or len(members) > GROUP_MAX:
                continue  # (one name; or a file no archive writes, whose pairs are too many)
            spans = {m.name: years.get((country, m.name)) for m in members}
            for name, best in _name_groups(members, counts, country, logged, spans).items():
                if name != best and name in own:
                    out[country, name] = best
    return out


def _apart(a: tuple[int, int] | None, b: tuple[int, int] | None) -> int:
    """Years between two spans of years (0 when they meet, or one is unknown)."""
    if a is None or b is None:
        return 0
    return max(0, b[0] - a[1], a[0] - b[1])


def _name_groups(
    members: list[Named],
    counts: Counter[Key],
    country: str,
    logged: set[str],
    spans: Mapping[str, tuple[int, int] | None],
) -> dict[str, str]:
    """Each name of one surname -> the name of its group. The names with the most given
    names come first; a name joins the one group it is alike to a member of, and stays
    alone when it is alike to two ("Sabah al-Sabah" of two rulers named Sabah)."""
    tails = {
        m.name
        for m in members
        for other in members
        if m is not other
        and 1 < len(_words(m.name)) < len(_words(other.name))
        and _words(other.name)[-len(_words(m.name)) :] == _words(m.name)
        and bool(m.given and other.given)
        and not _same(m.given[0], other.given[0])
    }  # "Diaz Ordaz" of "Gustavo Diaz Ordaz": the surname alone ("Giulio Andreotti" of
    # "Giulio Giulio Andreotti" is not: its first name is the other's)
    full = sorted(
        (m for m in members if m.given and m.name not in tails),
        key=lambda m: (-len(m.given), m.name),
    )
    bare = [m.name for m in members if not m.given or m.name in tails]
    clusters: list[list[Named]] = []

    def span(group: list[Named]) -> tuple[int, int] | None:
        known = [x for x in (spans.get(m.name) for m in group) if x is not None]
        return (min(x[0] for x in known), max(x[1] for x in known)) if known else None

    for m in full:
        near = [
            c
            for c in clusters
            if _apart(span(c), spans.get(m.name)) <= GAP_YEARS
            and any(
                alike(m, other) or (len(other.given) == len(m.given) and alike(other, m))
                for other in c
            )
        ]
        if len(near) == 1:
            near[0].append(m)
        else:
            clusters.append([m])

    def best(group: list[Named]) -> str:
        def rank(m: Named) -> tuple[bool, bool, bool, int, int, str]:
            words = _words(m.name)
            return (m.name not in logged, m.titled, len(set(words)) < len(words),
                    -counts[country, m.name], -len(words), m.name)  # fmt: skip

        return min(group, key=rank).name

    out = {m.name: best(group) for group in clusters for m in group}
    if len(clusters) == 1:
        (group,) = clusters
        for n in bare:
            if _apart(span(group), spans.get(n)) <= BARE_GAP_YEARS:
                out[n] = best(group)
    return out
