"""A snapshot of who is who, as the extractor's dictionary: names and aliases, kinds,
countries, offices with their holders and dates, and ties (a ministry part of a state).

It is plain data: ``tracker.extract.snapshot`` builds it from a read model; a test or the
evaluation can build one by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from tracker.extract.lexicon import CASE_SENSITIVE_MAX, NOT_NAMES, norm, surname, title_class


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
                    if len(plain) >= 2:
                        family = norm(surname(plain, actor.country))
                        if len(family) >= 3 and family not in NOT_NAMES:
                            persons_by_surname.setdefault(family, set()).add(target)
        for family, ids in persons_by_surname.items():
            if len(ids) == 1 and family not in self.by_key:
                self._add_key(family, next(iter(ids)))
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

    def country_of(self, actor_id: str) -> str | None:
        actor = self.get(actor_id)
        return actor.country if actor else None

    def offices_on(self, actor_id: str, day: str | None) -> list[Office]:
        actor_id = self.canonical(actor_id)
        return [
            o for o in self.offices if self.canonical(o.actor_id) == actor_id and _covers(o, day)
        ]

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
