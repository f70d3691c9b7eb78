"""Proposals: an event a text reports (its type, date, parties, evidence, rule and
confidence), in ``add-event --json``'s format; and the merge of what a text tells twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from tracker.extract.lexicon import norm
from tracker.extract.references import Context, Mention, NewActor
from tracker.extract.registry import Registry

VERSION = "tracker-extract 1"

_KIND_RANK = {
    "person": 3,
    "government_body": 2,
    "group": 2,
    "international_organization": 2,
    "state": 1,
}


@dataclass
class Party:
    key: str
    role: str
    actor: str | None = None
    new: NewActor | None = None
    label: str = ""
    kind: str | None = None
    country: str | None = None
    unnamed: bool = False  # "his Indian counterpart", not found in the registry: a country
    office: str | None = None  # the class of the unnamed holder's office ("foreign_minister")

    def to_json(self) -> dict[str, object]:
        return {
            "actor": self.actor if self.actor else (self.new.to_json() if self.new else self.label),
            "role": self.role,
        }


@dataclass
class Proposal:
    type: str
    date: str
    parties: list[Party]
    evidence: list[tuple[int, int]]  # character offsets of the supporting sentences
    rule: str
    confidence: float
    summary: str = ""
    location: str | None = None
    date_end: str | None = None
    type_uncertain: bool = False
    date_basis: str = ""
    highlights: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, actor|date)
    date_inherited: bool = False
    verb_at: int = -1  # where the contact's verb stands in its tagged sentence (reading only)
    sentence: int | None = None  # the index of the sentence that told it (reading only)

    @property
    def category(self) -> str:
        return self.type if self.type in ("statement", "development") else "interaction"

    def keys(self) -> frozenset[str]:
        return frozenset(p.key for p in self.parties)

    def quote(self, text: str) -> str:
        return " ".join(text[a:b] for a, b in self.evidence)

    def to_json(
        self,
        text: str,
        *,
        url: str | None = None,
        outlet: str | None = None,
        published: str | None = None,
    ) -> dict[str, object]:
        source: dict[str, object] = {}
        if url:
            source["url"] = url
        if outlet:
            source["outlet"] = outlet
        if published:
            source["published"] = published
        source["quote"] = self.quote(text)[:20_000]
        out: dict[str, object] = {
            "type": self.type,
            "date": self.date,
            "participants": [p.to_json() for p in self.parties],
            "summary": self.summary,
            "sources": [source],
        }
        if self.location:
            out["location"] = self.location
        meta: dict[str, object] = {
            "evidence": [{"start": a, "end": b} for a, b in self.evidence],
            "confidence": round(self.confidence, 2),
            "rule": self.rule,
            "extractor": VERSION,
        }
        if self.type_uncertain:
            meta["type_uncertain"] = True
        if self.date_end:
            meta["date_end"] = self.date_end
        if self.date_basis:
            meta["date_basis"] = self.date_basis
        out["proposal"] = meta
        return out


@dataclass
class SentenceState:
    ctx: Context
    ref: date  # the day relative dates count from
    narrative: str | None = None  # the date of the latest dated event: what undated ones inherit
    last_contact: Proposal | None = None
    last_contacts: list[Proposal] = field(default_factory=list)  # of the last contact sentence
    last_speaker: Party | None = None
    last_statement: Proposal | None = None
    since_contact: int = 99  # sentences since the last contact
    last_subject: Mention | None = None
    clause_subject: Party | None = None  # the subject of this sentence's first contact
    subject: Party | None = None  # the traveller of HistoryAtState remarks
    doc_contacts: list[Proposal] = field(default_factory=list)  # every contact so far
    disputed: bool = False  # the text denies or disputes a report: reported contacts are not
    denied: list[Party] = field(default_factory=list)  # parties of the reported, denied contacts
    last_pair: list[Mention] | None = None  # the two people the latest sentence named
    last_group: list[Mention] | None = None  # the latest list of three or more ("A, B and C")
    people: dict[int, list[Mention]] = field(default_factory=dict)  # sentence -> its people
    sentence_index: int = 0
    here: str | None = None  # the country of the capital a wire's lead names ("ISLAMABAD:")
    speaker: Mention | None = None  # a transcript's speaker ("SECRETARY KERRY: I met ...")


# --------------------------------------------------------------------------- merging


def merge_proposals(found: list[Proposal], reg: Registry, text: str) -> list[Proposal]:
    """The same contact (or statement) told twice in one text is one proposal."""
    out: list[Proposal] = []
    for prop in found:
        target = next((p for p in out if _same(p, prop, reg)), None)
        if target is None:
            out.append(prop)
            continue
        _absorb(target, prop, reg)
    out = _voiced(out, reg)
    out = _remarks_at_contacts(out, text)
    out = [p for p in out if not _internal(p)]
    for prop in out:
        prop.evidence = sorted(set(prop.evidence))
        prop.highlights = sorted(set(prop.highlights))
        for party in prop.parties:
            actor = reg.get(party.actor) if party.actor else None
            if actor is not None:
                party.label = actor.name
        if (
            prop.type == "meeting"
            and prop.rule.endswith("contact.together")
            and len({p.country for p in prop.parties if p.country}) >= 3
        ):
            # "A, B and C met": the ministers of three countries or more, together
            prop.type = "multilateral_meeting"
        prop.summary = _summary(prop)
        prop.confidence = min(prop.confidence, 0.99)
    return out


def _internal(prop: Proposal) -> bool:
    """ "The Secretary met with the President": officials of one country consulting among
    themselves are no diplomatic contact (a visit or a statement can be; a call or meeting
    of two people of the same country is not)."""
    if prop.type not in ("meeting", "phone_call", "video_call") or len(prop.parties) < 2:
        return False
    countries = {p.country for p in prop.parties}
    # the registry's countries only: a new person's country may be a guess from a title
    # ("Secretary of State Pietro Parolin" is the Holy See's)
    known = all(p.kind == "person" and p.actor for p in prop.parties)
    return known and len(countries) == 1 and None not in countries


_OF_A_CONTACT = re.compile(r"\b(?:meet|meeting|met|talks|call|conversation)\b", re.I)


def _remarks_at_contacts(props: list[Proposal], text: str) -> list[Proposal]:
    """ "Lavrov and Ayrault met on Saturday" and '"We have been meeting often," Lavrov said':
    what a participant said of the contact that day, about no one outside it, is the
    contact's content, not a statement of its own. A denial stays a statement, and so does
    a joint statement (released after the meeting, it is news of its own)."""
    contacts = [p for p in props if p.category == "interaction"]
    out = []
    for prop in props:
        if (
            prop.category == "statement"
            and not prop.rule.endswith(".denial")
            and not prop.rule.startswith("statement.joint")
        ):
            speakers = {x.key for x in prop.parties if x.role == "speaker"}
            about = [x for x in prop.parties if x.role != "speaker"]
            # about no one: only when the words are of the contact ("we have been meeting")
            words = about or _OF_A_CONTACT.search(prop.quote(text))
            inside = bool(words) and any(_within(speakers, about, c, prop.date) for c in contacts)
            if inside:
                continue
        out.append(prop)
    return out


def _within(speakers: set[str], about: list[Party], contact: Proposal, day: str | None) -> bool:
    """The speakers took part in the contact that day, and what they spoke of is in it."""
    keys = contact.keys()
    countries = {y.country for y in contact.parties}
    return (
        contact.date == day
        and speakers <= keys
        and all(x.key in keys or (x.kind == "state" and x.country in countries) for x in about)
    )


_SPOKES = re.compile(r"spokes|press secretary|press service|aide|representative", re.I)


def _voiced(props: list[Proposal], reg: Registry) -> list[Proposal]:
    """ "The Kremlin said ..." and then "..., said Kremlin spokesman Dmitry Peskov": one
    statement, in the spokesperson's voice (the institution's statement is theirs)."""
    out = list(props)
    for inst in [p for p in props if p.category == "statement"]:
        speakers = [x for x in inst.parties if x.role == "speaker"]
        if len(speakers) != 1 or speakers[0].kind == "person" or not speakers[0].country:
            continue
        country = speakers[0].country
        start = min((a for a, _ in inst.evidence), default=0)
        voice = next(
            (
                p
                for p in out
                if p is not inst
                and p.category == "statement"
                and p.date == inst.date
                and any(
                    x.role == "speaker" and x.kind == "person" and x.country == country
                    and _spokesperson(x, reg, p.date)
                    for x in p.parties
                )
                and any(0 <= a - start <= 600 for a, _ in p.evidence)
            ),
            None,
        )  # fmt: skip
        if voice is None:
            continue
        voice.evidence.extend(inst.evidence)
        voice.highlights.extend(inst.highlights)
        keys = {x.key for x in voice.parties}
        for x in inst.parties:
            if x.role == "about" and x.key not in keys:
                voice.parties.append(x)
        out.remove(inst)
    return out


def _spokesperson(x: Party, reg: Registry, day: str | None) -> bool:
    if _SPOKES.search(x.label or ""):
        return True
    if x.new is not None and _SPOKES.search(x.new.office or ""):
        return True
    if x.actor is None:
        return False
    return any(_SPOKES.search(o.title) for o in reg.offices_on(x.actor, day))


def _same(a: Proposal, b: Proposal, reg: Registry) -> bool:
    if a.category != b.category:
        return False
    if a.date != b.date and not (a.date_inherited or b.date_inherited):
        return False
    if a.date != b.date and a.rule.startswith("nominal.") != b.rule.startswith("nominal."):
        return False  # "met X in London ... after their meeting in Vancouver last week": two
    if a.category == "statement":
        sa = [p for p in a.parties if p.role == "speaker"]
        sb = [p for p in b.parties if p.role == "speaker"]
        return bool(sa and sb) and any(_family(x, y, reg) for x in sa for y in sb)
    if a.keys() != b.keys() and not (_by_countries(a, b) or _by_countries(b, a)):
        return False
    return bool(a.type == b.type or a.type_uncertain or b.type_uncertain)


def _by_countries(a: Proposal, b: Proposal) -> bool:
    """``a`` is ``b`` told by its countries ("Foreign Ministers of Poland, Ukraine and the
    United Kingdom met", after the three were named): as many parties, all states, and the
    same countries as ``b``'s people."""
    if not (
        len(a.parties) == len(b.parties)
        and any(p.kind == "state" for p in a.parties)
        and any(p.kind == "person" for p in b.parties)
    ):
        return False
    left = list(b.parties)
    for p in sorted(a.parties, key=lambda p: p.kind == "state"):  # the people first
        same = next((q for q in left if q.key == p.key), None)
        if same is None and p.kind == "state":  # (a person of no known country may stand for one)
            same = next((q for q in left if q.kind == "person" and q.country == p.country), None)
            same = same or next((q for q in left if q.kind == "person" and q.country is None), None)
        if same is None:
            return False
        left.remove(same)
    return True


def _family(x: Party, y: Party, reg: Registry) -> bool:
    if x.key == y.key:
        return True
    if x.actor and y.actor:
        return reg.family(x.actor, y.actor)
    return False


def _absorb(target: Proposal, other: Proposal, reg: Registry) -> None:
    # evidence and highlights are put in order once, at the end of merge_proposals: a text
    # that tells one contact thousands of times stays linear
    target.evidence.extend(other.evidence)
    target.highlights.extend(other.highlights)
    if target.category != "statement" and _by_countries(target, other):
        target.parties = other.parties  # the people, not their countries
    if target.type_uncertain and not other.type_uncertain:
        target.type, target.type_uncertain = other.type, False
    if target.date_inherited and not other.date_inherited:
        target.date, target.date_basis, target.date_inherited = other.date, other.date_basis, False
    target.location = target.location or other.location
    target.confidence = max(target.confidence, other.confidence) + 0.05
    if target.category == "statement":
        speakers = list(
            {p.key: p for p in target.parties + other.parties if p.role == "speaker"}.values()
        )
        speakers.sort(key=lambda p: -_KIND_RANK.get(p.kind or "", 0))
        kept: list[Party] = []
        for p in speakers:  # "China" and "the foreign ministry": the ministry speaks
            if not any(_family(p, k, reg) for k in kept):
                kept.append(p)
        keys = {p.key for p in speakers}
        about = [
            p for p in target.parties + other.parties if p.role == "about" and p.key not in keys
        ]
        target.parties = [*kept, *{p.key: p for p in about}.values()]
        return
    roles = {p.key: p.role for p in other.parties if p.role != "participant"}
    if roles and all(p.role == "participant" for p in target.parties):
        for p in target.parties:
            p.role = roles.get(p.key, "recipient" if "initiator" in roles.values() else p.role)


_VERBS = {
    "phone_call": "spoke by phone with",
    "video_call": "held a video call with",
    "meeting": "met",
    "multilateral_meeting": "met",
    "visit": "visited",
    "letter": "wrote to",
    "message": "sent a message to",
    "negotiation_round": "held a round of talks with",
    "summit": "held a summit with",
}


def _names(parties: list[Party]) -> str:
    names = [p.label for p in parties]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _summary(p: Proposal) -> str:
    if p.type == "statement":
        speakers = [x for x in p.parties if x.role == "speaker"]
        about = [x for x in p.parties if x.role == "about"]
        tail = f" about {_names(about)}" if about else ""
        return f"{_names(speakers)} made a statement{tail}."
    if p.type == "development":
        return f"Development involving {_names(p.parties)}."
    first = next((x for x in p.parties if x.role in ("initiator", "visitor")), p.parties[0])
    rest = [x for x in p.parties if x is not first]
    if p.type == "phone_call" and first.role == "initiator":
        return f"{first.label} called {_names(rest)}."
    return f"{first.label} {_VERBS.get(p.type, 'met')} {_names(rest)}."


def norm_name(text: str) -> str:
    return norm(text)
