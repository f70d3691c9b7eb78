"""What a mention is: an actor (or a proposed new one) named at a span of the text, and the
context of a document's mentions (the registry, who was named last).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tracker.extract.lexicon import (
    FAMILY_FIRST,
    fold,
    norm,
    surname,
    title_class,
)
from tracker.extract.registry import Registry

# Words that make a capitalised phrase a place or a body, not a person.
NOT_PERSON = frozenset(
    [
        # a region in an office's name ("Director Middle East and North Africa")
        "east",
        "africa",
        "asia",
        "europe",
        "americas",
        "pacific",
        "caribbean",
        "balkans",
        "eurasia",
        "hemisphere",
        "sahel",
        "arctic",
        "mediterranean",
        "sea",
        "strait",
        "peninsula",
        "center",
        "centre",
        "council",
        "committee",
        "department",
        "ministry",
        "office",
        "embassy",
        "authority",
        "administration",
        "delegation",
        "allies",
        "partners",
        "members",
        "officials",
        "leaders",
        "counterparts",
        "representatives",
        "university",
        "party",
        "union",
        "organization",
        "organisation",
        "forum",
        "summit",
        "agreement",
        "treaty",
        "day",
        "week",
        "house",
        "airport",
        "island",
        "islands",
        "gulf",
        "river",
        "bank",
        "fund",
        "group",
        "court",
        "assembly",
        "parliament",
        "congress",
        "senate",
        "commission",
        "agency",
        "service",
        "force",
        "forces",
        "army",
        "navy",
        "republic",
        "kingdom",
        "state",
        "states",
        "affairs",
        "security",
        "policy",
        "news",
        "times",
        "post",
        "press",
        "church",
        "program",
        "programme",
        "initiative",
        "process",
        "conference",
        "meeting",
        "dialogue",
        "talks",
        "plan",
        "city",
        "province",
        "region",
        "airport",
        "hospital",
        "school",
        "institute",
        "foundation",
        "year",
        "jubilee",
    ]
)
PRONOUNS = frozenset({"his", "her", "their", "its"})


@dataclass
class NewActor:
    """A participant the registry does not know, as the text describes it."""

    name: str
    kind: str = "person"
    country: str | None = None
    office: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return "new:" + norm(self.name)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "kind": self.kind}
        if self.country:
            out["country"] = self.country
        if self.office:
            out["office"] = self.office
        if self.aliases:
            out["aliases"] = list(self.aliases)
        return out


@dataclass
class Mention:
    start: int  # offsets within the sentence
    end: int
    text: str
    actor: str | None = None  # a registry id
    new: NewActor | None = None
    kind: str | None = None
    country: str | None = None
    title: str | None = None
    adjective: bool = False  # "Russian": a country's adjective standing alone
    counterpart: bool = False  # "his Chinese counterpart": resolved against the subject
    anaphor: bool = False  # "the Secretary": resolved to an earlier mention

    @property
    def key(self) -> str | None:
        if self.actor:
            return self.actor
        if self.new is not None:
            return self.new.key
        return None

    @property
    def label(self) -> str:
        if self.new is not None:
            return self.new.name
        return self.text


# Countries whose names are written in either order in English (family name first in the
# government's own romanisation since 2020, given name first in most wire stories)
EITHER_ORDER = frozenset({"JPN"})


@dataclass
class Context:
    """What a document has said so far: whom it named, and the new actors it proposed."""

    registry: Registry
    entities: list[Mention] = field(default_factory=list)
    new_by_name: dict[str, NewActor] = field(default_factory=dict)
    new_by_surname: dict[str, NewActor] = field(default_factory=dict)
    sentence_states: list[Mention] = field(
        default_factory=list
    )  # states named so far in a sentence

    def remember(self, mention: Mention) -> None:
        if mention.key is not None:
            self.entities.append(mention)

    def recent(self, wanted: str | None, title: str | None) -> Mention | None:
        """The latest mention with this very title ("the Secretary": the latest "Secretary
        ..."), else the latest with a title of this class."""
        key = norm(title or "")
        if key:
            for m in reversed(self.entities):
                if m.title and (norm(m.title) == key or norm(m.title).startswith(key + " ")):
                    return m
            for m in reversed(self.entities):  # "the minister": "External Affairs Minister X"
                if m.title and m.kind == "person" and norm(m.title).endswith(" " + key):
                    return m
        for m in reversed(self.entities):
            if m.title and (
                (wanted and title_class(m.title) == wanted) or norm(m.title) == norm(title or "")
            ):
                return m
        return None

    def adopt(self, new: NewActor) -> NewActor:
        """One new actor per person in a document: "Stef Blok" then "Blok" are one."""
        key = norm(new.name)
        found = self.new_by_name.get(key)
        if found is None and " " not in key:
            found = self.new_by_surname.get(key)
        if found is None and new.kind == "person" and " " in key:
            # "Michael R. Pompeo" after "Mike Pompeo": one person (same surname, same initial)
            words = new.name.split()
            same = self.new_by_surname.get(norm(surname(words, new.country)))
            if (
                same is not None
                and new.country not in FAMILY_FIRST
                and (same.country is None or new.country is None or same.country == new.country)
                and fold(same.name)[:1] == fold(new.name)[:1]
            ):
                found = same
                if new.name not in same.aliases and new.name != same.name:
                    same.aliases = (*same.aliases, new.name)
        if found is not None:
            if not found.country and new.country:
                found.country = new.country
            if not found.office and new.office:
                found.office = new.office
            return found
        self.new_by_name[key] = new
        words = key.split()
        if new.kind == "person" and len(words) >= 2:
            self.new_by_surname.setdefault(norm(surname(new.name.split(), new.country)), new)
            if new.country in EITHER_ORDER and len(words) == 2:
                # Japan's ministry writes "KAMIKAWA Yoko", the wires "Yoko Kamikawa": "Kamikawa"
                self.new_by_surname.setdefault(words[0], new)
        return new
