"""One real-world contact, one event: the contacts an import builds that are the same
contact (the same day, the same participants in any direction, the same class of contact)
fold into one event that keeps every story as a source.

Coded data tells one meeting many times: CAMEO codes it as directed pairs (A->B and B->A,
040 and 040, 042 and 043, 046 and 046), and each story (each sentence, in ICEWS) that
reports it is a row of its own. The classes: in person (meeting, visit, negotiation round,
summit, multilateral meeting), remote (phone and video calls), written (letters,
messages). The folded event is the most specific row's (a visit over a meeting, a
negotiation round over a meeting; its participants and roles, its summary), with the
sources of all of them, their ``extra`` values gathered (a value the rows share once,
differing ones as a list), and the id of its first row (so an import of the same file
folds the same way, and adds nothing the second time).

One story telling one statement or development twice (ICEWS codes each sentence; GDELT
each mention with its place) is one event too: rows of the same day, type, CAMEO code,
participants in the same roles, place and story (ICEWS's Story ID, else the one source
url) fold the same way (``story_key``). ICEWS's rows of one story are one event wherever
each was geocoded: the mirrored rows of one sentence (North Korea -> United States and
United States -> North Korea, 050) carry each its source's place. Across stories they stay apart: two arrests by
"Police (India)" of "Citizen (India)" on one day are not known to be one, and a
statement's words are not in the row to compare.

Against the log: a contact the log already holds as an event of another id (from another
file, or recorded by hand) is not added again: the sources it lacks are added to that
event by an amendment, and a row whose sources it has already adds nothing. A contact of
several days (a HistoryAtState stop, ``2021-03-22/2021-03-25``) is keyed by its first day.
A reader that folds its own copies (HistoryAtState: a stop is one record, two stops of one
day in one country are two events) folds against the log only (``within=False``): its
stop in another file of the same trips, or another clone's, is the log's event.

The events keep the file's order (a group in the place of its first row); a group waits
at most ``WINDOW`` rows for its next member, so memory stays bounded. A contact whose rows
lie further apart (a GDELT 1.0 daily file holds a whole day's stories, 100,000 rows and
more, in id order) is still one event: the last ``FINISHED`` contacts this import made are
remembered (by the hash of their key, with their sources), and a later group of one of
them gives its sources to that event by an amendment, as against the log.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from tracker.domain.events import EventAmended
from tracker.exchange.importing.rows import BadRow, Built, LeftOut

WINDOW = 5_000
FINISHED = 50_000  # contacts this import made, remembered past the window (about 10 MB)
CONTACT_CLASS = {
    "meeting": "in person",
    "visit": "in person",
    "negotiation_round": "in person",
    "summit": "in person",
    "multilateral_meeting": "in person",
    "phone_call": "remote",
    "video_call": "remote",
    "letter": "written",
    "message": "written",
}
SPECIFIC = {"visit": 3, "summit": 3, "negotiation_round": 2, "multilateral_meeting": 2}
REASON = "the same contact from another story (import)"

Key = tuple[str, frozenset[str], str]


def contact_key(data: dict[str, Any]) -> Key | None:
    """(day, participants, class) of a contact; None for what is not a contact."""
    kind = CONTACT_CLASS.get(data["type"])
    if kind is None:
        return None
    actors = frozenset(p["actor"] for p in data["participants"])
    return (data["when"][:10], actors, kind) if len(actors) >= 2 else None  # the first day


TOLD = frozenset({"statement", "development"})
STORY = "story"  # the class of a ``story_key``: never a contact's
TOLD_BY: frozenset[str] = frozenset()  # a ``story_key`` holds its participants in its class


def story_key(data: dict[str, Any]) -> Key | None:
    """(day, ``TOLD_BY``, "story" + type, code, place, story and the participants in their
    roles) of a statement or development; None without a code or a story to tell it by."""
    cameo = data.get("cameo")
    if not cameo:
        return None
    extra = data.get("extra")
    story = extra.get("story_id") if extra else None
    if story is None:
        sources = data["sources"]
        story = sources[0].get("url") if len(sources) == 1 else None
        if not story:
            return None
    elif story.__class__ is not str:
        return None
    # ICEWS geocodes each row of a sentence apart (A->B at A's capital, B->A at B's): its
    # story is the place; GDELT codes each mention with its own place
    place = "" if extra and "sentence_number" in extra else data.get("location") or ""
    told = [STORY, data["type"], cameo, place, story]
    told += sorted([p["actor"] + "/" + p["role"] for p in data["participants"]])  # A-B, B-A
    return (data["when"], TOLD_BY, "\x1f".join(told))


def amendment_id(amendment: EventAmended) -> str:
    """The id of an import's amendment, from its target and the sources it sets: one file
    imported into two logs gives the same lines, and the same amendment twice is one."""
    text = orjson.dumps([amendment.target, amendment.changes], option=orjson.OPT_SORT_KEYS)
    return str(uuid.uuid5(_AMENDMENTS, text.decode()))


_AMENDMENTS = uuid.UUID("6f1d2b8e-5a77-4c1e-9a39-2f0d4c7e9b13")


def merge(group: list[Built]) -> Built:
    """One event of a group of the same contact (see the module docstring)."""
    if len(group) == 1:
        return group[0]
    first = group[0]
    best = max(group, key=lambda b: SPECIFIC.get(b.data["type"], 1))  # the first such
    data = dict(best.data)
    sources: list[dict[str, Any]] = []
    for member in group:
        for source in member.data["sources"]:
            if source not in sources:
                sources.append(source)
    data["sources"] = sources
    extras = [member.data.get("extra") or {} for member in group]
    if any(extras):
        data["extra"] = gathered(extras)
    lines = tuple(sorted(line for member in group for line in member.lines))
    new = list(dict.fromkeys(actor for member in group for actor in member.new))
    return Built(lines, first.key, first.raw, first.event_id, best.kind, data, new)


def gathered(extras: list[dict[str, Any]]) -> dict[str, Any]:
    """Each key's values over the rows: one value when they agree, else all of them."""
    out: dict[str, Any] = {}
    for key in dict.fromkeys(k for extra in extras for k in extra):
        values: list[Any] = []
        for extra in extras:
            value = extra.get(key)
            values += value if isinstance(value, list) else [value] if value is not None else []
        distinct = list(dict.fromkeys(orjson.dumps(v) for v in values))
        out[key] = values[0] if len(distinct) == 1 else values
    return out


class Folder:
    """Folds the built events of one import (``fold``); ``folded`` counts the rows that
    went into another row's event or into one of the log's, ``duplicates`` the events
    the log holds already, ``amendments`` the sources to add to the log's events."""

    def __init__(self, conn: sqlite3.Connection, window: int = WINDOW, within: bool = True) -> None:
        self.conn = conn
        self.window = window
        self.within = within  # False: each row is its own event, folded against the log only
        self.waiting: dict[Key, list[Built]] = {}  # the groups that may still grow
        self.queue: deque[Built | BadRow | LeftOut | tuple[Key, list[Built]]] = deque()
        self.folded = 0
        self.duplicates = 0  # contacts the log holds already, under their own ids
        self.amendments: dict[str, EventAmended] = {}  # by the log event's id
        self._days: dict[str, dict[Key, tuple[str, list[Any]]]] = {}
        # hash(key) -> (id, sources as JSON) of the contacts this import made, and the
        # hashes in the order they came (the oldest is forgotten first: a dict's first key
        # is found by a walk over the slots its deletions left, so it is not asked)
        self._finished: dict[int, tuple[str, str]] = {}
        self._finished_order: deque[int] = deque()

    def fold(self, items: Iterable[Built | BadRow | LeftOut]) -> Iterator[Built | BadRow | LeftOut]:
        """The items in their order, each contact group in the place of its first row."""
        queue, waiting, window = self.queue, self.waiting, self.window
        until = 0  # the front group waits while rows come up to this line (0: look again)
        for item in items:
            if item.__class__ is not Built:
                if not queue:  # nothing waits before it: it goes at once
                    yield item
                    continue
                queue.append(item)
                line = item.line  # type: ignore[union-attr]
            else:
                built: Built = item
                line = built.lines[0]
                if len(built.lines) > 1:
                    self.folded += len(built.lines) - 1  # a mirror pair the reader folded
                data = built.data
                kind = CONTACT_CLASS.get(data["type"])
                key = None
                if kind is not None:
                    actors = frozenset(p["actor"] for p in data["participants"])
                    key = (data["when"][:10], actors, kind) if len(actors) >= 2 else None
                elif data["type"] in TOLD and self.within:
                    key = story_key(data)
                group = waiting.get(key) if key is not None else None
                if group is not None and any(m.event_id == built.event_id for m in group):
                    del waiting[key]  # type: ignore[arg-type]  # an id given twice: the spill decides
                    group = None
                    until = 0  # it may be the front group, which may go now
                if key is None:
                    if not queue:  # nothing waits before it: it goes at once
                        yield built
                        continue
                    queue.append(built)
                elif not self.within:
                    queue.append((key, [built]))  # a group of one: only the log may hold it
                elif group is not None:
                    group.append(built)
                else:
                    waiting[key] = group = [built]
                    queue.append((key, group))
            if line <= until:
                continue
            while queue:  # what may go: all but a group that may still grow
                front = queue[0]
                if front.__class__ is not tuple:
                    queue.popleft()
                    yield front  # type: ignore[misc]
                    continue
                key, group = front
                if waiting.get(key) is group:
                    if group[0].lines[0] >= line - window:
                        until = group[0].lines[0] + window
                        break
                    del waiting[key]
                queue.popleft()
                if key[1] is TOLD_BY and len(group) == 1:  # a story's row told once
                    yield group[0]
                    continue
                yield from self._finish(key, group)
        while queue:
            front = queue.popleft()
            if front.__class__ is not tuple:
                yield front  # type: ignore[misc]
            else:
                yield from self._finish(*front)

    def _finish(self, key: Key, group: list[Built]) -> Iterator[Built]:
        """A group that will not grow: its one event, unless the log holds it."""
        if self.waiting.get(key) is group:
            del self.waiting[key]
        if key[1] is TOLD_BY:  # one story's statement or development
            logged = self._ids_in_log(group) if len(group) > 1 else {}
            first = group[0].event_id
            if logged.keys() - {first}:  # the log holds them unfolded (one at a time)
                self.folded += sum(1 for m in group if m.event_id not in logged)
                yield from (m for m in group if m.event_id in logged)
                return
            self.folded += len(group) - 1
            if logged:  # the log holds the story's event (its first row alone, or folded)
                self._amend(first, logged[first], merge(group).data["sources"])
                self.duplicates += 1
                return
            yield merge(group)
            return
        event = merge(group)
        into = self._into_log(key, event, len(group) > 1)
        if into is None and self.within:
            into = self._into_earlier(key, event)
        if into == "duplicate":
            self.folded += len(group) - 1
            self.duplicates += 1
            return
        self.folded += len(group) - (into is None)
        if into is None:
            yield event

    def _into_log(self, key: Key, event: Built, merged: bool) -> str | None:
        """None when the log does not hold this contact (or holds this one row's own id:
        the spill tells a repeat from a changed row); else "folded" (the sources it lacks
        are added to the log's event by an amendment) or, for the log's event of the same
        id with every source already, "duplicate"."""
        if event.new:  # a participant made by this import: no event in the log names it
            return None
        logged = self._logged(key[0]).get(key) if self.within else self._stop_in_log(key, event)
        if logged is None or (logged[0] == event.event_id and not merged):
            return None
        target, sources = logged
        if not self._amend(target, sources, event.data["sources"]) and target == event.event_id:
            return "duplicate"
        return "folded"

    def _amend(self, target: str, sources: list[Any], more: list[Any]) -> bool:
        """Whether ``more`` holds sources that the event ``target`` (with ``sources``, and
        those this import's amendment gives it already) lacks: then they go to it by an
        amendment, appended after the events."""
        amendment = self.amendments.get(target)
        have = list(amendment.changes["sources"]) if amendment else list(sources)
        lacking = [s for s in more if s not in have]
        if lacking:
            self.amendments[target] = EventAmended(target, {"sources": have + lacking}, REASON)
        return bool(lacking)

    def _ids_in_log(self, group: list[Built]) -> dict[str, list[Any]]:
        """The ids of a group's rows that the log holds already, with their sources."""
        ids = [m.event_id for m in group]
        marks = ",".join("?" * len(ids))
        found = self.conn.execute(f"SELECT id, sources FROM events WHERE id IN ({marks})", ids)
        return {event_id: orjson.loads(sources) for event_id, sources in found}

    def _into_earlier(self, key: Key, event: Built) -> str | None:
        """ "folded" when this import made the contact already, from rows more than the
        window before (the sources it lacks go to that event by an amendment, appended
        after the events); else None, and the contact is remembered."""
        slot = hash(key)
        finished = self._finished
        earlier = finished.get(slot)
        if earlier is None or earlier[0] == event.event_id:
            if len(finished) >= FINISHED:
                del finished[self._finished_order.popleft()]
            if slot not in finished:
                self._finished_order.append(slot)
            # as text: orjson's bytes hold about 4 kB each however short (50,000: 200 MB)
            finished[slot] = (event.event_id, orjson.dumps(event.data["sources"]).decode())
            return None
        target, sources = earlier
        self._amend(target, orjson.loads(sources), event.data["sources"])
        return "folded"

    def _stop_in_log(self, key: Key, event: Built) -> tuple[str, list[Any]] | None:
        """The log's event a stop is (``within=False``): its own id if the log holds it
        (the spill tells a repeat), else one of the same key at the same place, or with no
        place on either side (a visit recorded by hand); two stops of one day in one
        country at two places stay two. A GDELT or ICEWS contact (one with a CAMEO code) is
        not one: the stop, with its days and remarks, is its own event."""
        place = event.data.get("location") or ""
        found = None
        rows = self.conn.execute(
            "SELECT id, type, when_text, participants, sources, location FROM events"
            " WHERE day_first = ? AND NOT retracted AND cameo IS NULL",
            (key[0],),
        )  # (not a machine-coded contact: its one day and no remarks would take the stop's)
        for event_id, etype, when, participants, sources, location in rows:
            data = {"type": etype, "when": when, "participants": orjson.loads(participants)}
            if contact_key(data) != key:
                continue
            if event_id == event.event_id:
                return event_id, orjson.loads(sources)
            if found is None and (not place or not location or location == place):
                found = (event_id, orjson.loads(sources))
        return found

    def _logged(self, day: str) -> dict[Key, tuple[str, list[Any]]]:
        """The contacts the log holds on ``day``, by their keys: (id, sources)."""
        found = self._days.get(day)
        if found is None:
            if len(self._days) > 1000:
                self._days.clear()
            found = {}
            rows = self.conn.execute(
                "SELECT id, type, when_text, participants, sources FROM events"
                " WHERE day_first = ? AND NOT retracted",
                (day,),
            )
            for event_id, etype, when, participants, sources in rows:
                data = {"type": etype, "when": when, "participants": orjson.loads(participants)}
                key = contact_key(data)
                if key is not None and key not in found:
                    found[key] = (event_id, orjson.loads(sources))
            self._days[day] = found
        return found
