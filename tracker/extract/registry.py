"""A snapshot of who is who, as the extractor's dictionary: names and aliases, kinds,
countries, offices with their holders and dates, and ties (a ministry part of a state).

It is plain data: ``tracker.extract.snapshot`` builds it from a read model; a test or the
evaluation can build one by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from tracker.domain.names import ROYAL_WORDS, given_alike
from tracker.extract.lexicon import (
    CASE_SENSITIVE_MAX,
    FAMILY_FIRST,
    NOT_NAMES,
    fold,
    norm,
    surname,
    title_class,
    title_words,
)


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str = "person"
    country: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Office:
    actor_id: str
    title: str
    aliases: tuple[str, ...] = ()
    org_id: str | None = None
    country: str | None = None  # the org's country, else the holder's
    first: str | None = None  # ISO day, inclusive; None: open
    last: str | None = None


@dataclass(frozen=True)
class Tie:
    actor_id: str
    org_id: str
    relation: str = "part_of"  # part_of | member_of


@dataclass
class Registry:
    actors: Mapping[str, Actor] = field(default_factory=dict)
    offices: tuple[Office, ...] = ()
    ties: tuple[Tie, ...] = ()
    merged: Mapping[str, str] = field(default_factory=dict)  # merged id -> the id it is now

    def __post_init__(self) -> None:
        self.by_key: dict[str, set[str]] = {}
        self.exact: dict[str, set[str]] = {}  # short names, matched as written
        self.first_words: dict[str, int] = {}  # first word of a name -> most words
        persons_by_surname: dict[str, set[str]] = {}
        for actor in self.actors.values():
            target = self.merged.get(actor.id, actor.id)
            names = (actor.name, *actor.aliases)
            for name in names:
                self._add(name, target)
            if actor.kind == "person":
                for name in names:
                    words = name.replace(".", ". ").split()
                    plain = [w for w in words if not (len(w.rstrip(".")) == 1 and w.endswith("."))]
                    if 2 <= len(plain) < len(words):  # "Antony J. Blinken" -> "Antony Blinken"
                        self._add(" ".join(plain), target)
                    bare = _untitled(plain)
                    if len(bare) >= 2 and len(bare) < len(plain):
                        # "Mohammed bin Salman" of "Crown Prince Mohammed bin Salman"
                        self._add(" ".join(bare), target)
                    family = _family_name(plain, actor.country)
                    if family is not None:
                        persons_by_surname.setdefault(family, set()).add(target)
        self.surnames: set[str] = set()  # keys that are a person's surname, no name of theirs
        for family, ids in persons_by_surname.items():
            if len(ids) == 1 and family not in self.by_key:
                self._add_key(family, next(iter(ids)))
                self.surnames.add(family)
        self.states: dict[str, str] = {}
        for actor in self.actors.values():
            if actor.kind == "state" and actor.country and actor.id not in self.merged:
                self.states.setdefault(actor.country, actor.id)
        self.office_keys: dict[str, list[Office]] = {}
        for office in self.offices:
            for title in (office.title, *office.aliases):
                self.office_keys.setdefault(norm(title), []).append(office)
        self.parents: dict[str, set[str]] = {}
        for tie in self.ties:
            if tie.relation == "part_of":
                self.parents.setdefault(self.canonical(tie.actor_id), set()).add(
                    self.canonical(tie.org_id)
                )
        for office in self.offices:
            if office.org_id:
                self.parents.setdefault(self.canonical(office.actor_id), set()).add(
                    self.canonical(office.org_id)
                )

    def _add(self, name: str, actor_id: str) -> None:
        key = norm(name)
        if not key:
            return
        if len(name.strip()) <= CASE_SENSITIVE_MAX:
            self.exact.setdefault(name.strip(), set()).add(actor_id)
            return
        self._add_key(key, actor_id)

    def _add_key(self, key: str, actor_id: str) -> None:
        self.by_key.setdefault(key, set()).add(actor_id)
        words = key.split()
        first = words[0]
        self.first_words[first] = max(self.first_words.get(first, 0), len(words) + 2)

    # ------------------------------------------------------------------ questions

    def canonical(self, actor_id: str) -> str:
        return self.merged.get(actor_id, actor_id)

    def get(self, actor_id: str) -> Actor | None:
        return self.actors.get(self.canonical(actor_id))

    def lookup(self, text: str) -> set[str]:
        """The actors with this name or alias (short ones only as written)."""
        stripped = text.strip()
        if len(stripped) <= CASE_SENSITIVE_MAX:
            return set(self.exact.get(stripped, ()))
        return set(self.by_key.get(norm(stripped), ()))

    def by_surname(self, word: str) -> set[str]:
        """The actors a name's last word is the surname of (however short: "Kerry", "Rice"),
        or is the name or alias of."""
        return set(self.by_key.get(norm(word), ())) | self.lookup(word)

    def country_of(self, actor_id: str) -> str | None:
        actor = self.get(actor_id)
        return actor.country if actor else None

    def same_given(self, actor_id: str, words: list[str]) -> bool:
        """Whether a name written with a given name (``words``, "Boris Johnson") may be
        this person, known by the surname alone: not when each name's given name is written
        out and the two differ ("Boris" is not "Lyndon B."); an initial, or a usual short
        form ("Mike" for "Michael"), may be either."""
        actor = self.get(actor_id)
        if actor is None or actor.kind != "person" or len(words) < 2:
            return True
        if actor.country in FAMILY_FIRST:
            return True  # which word is the given name is the country's
        mine = norm(words[0]).strip(" .")
        if len(mine) <= 1:
            return True
        names = [norm(n).split() for n in (actor.name, *actor.aliases)]
        if any(mine in known[1:] for known in names):
            return True  # a double surname: "Giscard d'Estaing" of "Valéry Giscard d'Estaing"
        if any(known and (known[0] in title_words() or known[0] in _ROYAL) for known in names):
            return True  # "Chancellor Adenauer": the registry knows no given name
        given = [known[0].rstrip(".") for known in names if len(known) >= 2]
        return not given or any(given_alike(mine, g) for g in given)

    def offices_on(self, actor_id: str, day: str | None) -> list[Office]:
        actor_id = self.canonical(actor_id)
        return [
            o for o in self.offices if self.canonical(o.actor_id) == actor_id and _covers(o, day)
        ]

    def org_holder(self, title: str, org: str | None, day: str | None) -> str | None:
        """The one holder of the office ``title`` of the organisation ``org`` on ``day``."""
        if org is None:
            return None
        held = {
            self.canonical(o.actor_id)
            for o in self.office_keys.get(norm(title), [])
            if o.org_id and self.canonical(o.org_id) == self.canonical(org) and _covers(o, day)
        }
        return next(iter(held)) if len(held) == 1 else None

    def holders(
        self, title: str, country: str | None, day: str | None, *, by_class: bool = True
    ) -> list[str]:
        """Who held an office of this title (or of its class) in ``country`` on ``day``."""
        key = norm(title)
        found = [o for o in self.office_keys.get(key, []) if _covers(o, day)]
        if country:
            found = [o for o in found if (o.country or self.country_of(o.actor_id)) == country]
        if not found and by_class:
            wanted = title_class(title)
            if wanted:
                found = [
                    o
                    for o in self.offices
                    if _covers(o, day)
                    and (
                        title_class(o.title) == wanted
                        or any(title_class(a) == wanted for a in o.aliases)
                    )
                ]
        if country:
            found = [o for o in found if (o.country or self.country_of(o.actor_id)) == country]
        return sorted({self.canonical(o.actor_id) for o in found})

    def family(self, a: str, b: str) -> bool:
        """The same actor, or one part of (or an office holder of) the other."""
        a, b = self.canonical(a), self.canonical(b)
        return a == b or b in self._ancestors(a) or a in self._ancestors(b)

    def _ancestors(self, actor_id: str) -> set[str]:
        seen: set[str] = set()
        todo = [actor_id]
        while todo:
            for parent in self.parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen


# a name's opening words that are no part of it: a royal's ("King Saud", "Prince Sihanouk":
# the name after them is a given name, never a surname) and an office's ("Chancellor
# Adenauer", as HistoryAtState names a visitor: the name after it is the surname)
_ROYAL = ROYAL_WORDS | {"sheikh", "sheikha"}


def _untitled(words: list[str]) -> list[str]:
    """A name's words after its royal's or office's opening words ("Crown Prince", "Chancellor")."""
    k = 0
    while k < len(words) - 1 and (fold(words[k]) in _ROYAL or norm(words[k]) in title_words()):
        k += 1
    return words[k:]


def _family_name(words: list[str], country: str | None) -> str | None:
    """The surname key of a person's name (its words, initials dropped), or None."""
    if words and fold(words[0]) in _ROYAL:
        return None
    rest = _untitled(words)
    if len(rest) < 2 and len(rest) == len(words):
        return None
    family = norm(surname(rest, country))
    return family if len(family) >= 3 and family not in NOT_NAMES else None


def _covers(office: Office, day: str | None) -> bool:
    if day is None:
        return True
    day = day[:10]
    return (office.first is None or office.first[: len(day)] <= day) and (
        office.last is None or day <= office.last
    )


def build(
    actors: Iterable[Actor],
    offices: Iterable[Office] = (),
    ties: Iterable[Tie] = (),
    merged: Mapping[str, str] | None = None,
) -> Registry:
    return Registry({a.id: a for a in actors}, tuple(offices), tuple(ties), dict(merged or {}))
