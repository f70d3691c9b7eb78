"""The lean path of a GDELT import: a plain row (every value well formed, a url source)
is built straight from its cells (``LeanReader.lean``): exactly what the draft path
(``gdelt_row``, then the builder) makes of it, which a test checks row by row; dates,
CAMEO codes and actor cells are looked up once per import.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tracker.domain.dates import EventDate
from tracker.domain.errors import TrackerError, ValidationError
from tracker.domain.events import (
    EVENT_CLASSES as EVENT_KINDS,
)
from tracker.domain.events import (
    EVENT_TYPES,
    INTERACTION_TYPES,
    STATEMENT_TYPE,
    occurrence_class,
    roles_for,
)
from tracker.domain.events.occurrences import CAMEO_CODE, when_date
from tracker.domain.quick import plain_actor_id
from tracker.domain.text import MAX_TEXT, has_control, is_source_url
from tracker.exchange.importing.build import Builder
from tracker.exchange.importing.folding import FOLD_WINDOW, FoldWindow, fold_keys
from tracker.exchange.importing.gdelt import (
    G_ACTOR1,
    G_ACTOR2,
    G_ADDED,
    G_ARTICLES,
    G_BASE,
    G_CODE,
    G_GEO1,
    G_GEO2,
    G_GEO_ACTION,
    G_GOLDSTEIN,
    G_IS_ROOT,
    G_MENTIONS,
    G_PLACE,
    G_QUAD,
    G_ROOT,
    G_SOURCES,
    G_TONE,
    G_URL,
    GDELT_WIDTH,
    gdelt_cells,
    gdelt_code,
    gdelt_day,
    gdelt_lines,
    gdelt_row,
    is_header,
    row_actor,
)
from tracker.exchange.importing.rows import (
    EXTRA_TEXT,
    REMEMBERED,
    ActorSpec,
    BadRow,
    Built,
    Draft,
    LeftOut,
    Progress,
    Row,
    coded_summary,
    event_key,
    truncate,
)

_UNSEEN = object()
# the shapes a reader remembers (see row_shape; about 700 bytes each: at 65,536
# the peak memory of a 1M import grew from 86 to 131 MB)
SHAPES = 1 << 13


class LeanReader:
    """The rows of a GDELT file for one import, built by ``builder``; ``count`` is the
    rows read. What repeats from row to row (dates, codes) is looked up once."""

    def __init__(self, builder: Builder) -> None:
        self.builder = builder
        self.count = 0
        self._days: dict[str, Any] = {}  # SQLDATE cell -> its date (EventDate | None)
        self._codes: dict[str, Any] = {}  # EventCode cell -> gdelt_code(cell)
        # what check_payload passes, looked at once: a date's text, an event code's
        # (code, class, roles) as lean uses them
        self._plain_when: dict[str, bool] = {}  # a date's text -> whether it is plain
        self._shapes: dict[tuple[str, ...], Any] = {}  # see row_shape

    def items(
        self, path: Path, progress: Progress | None = None
    ) -> Iterator[Built | BadRow | LeftOut]:
        """Every row of the file, in one loop: built at once by ``lean`` when it can; the
        others are read as drafts (``gdelt_row``), folded as ``fold_pairs`` does, and built
        by the builder, or are bad rows with their reasons."""
        lean, built, folds = self.lean, self.builder.built, FoldWindow(FOLD_WINDOW)
        count = 0
        for number, text in gdelt_lines(path):
            if isinstance(text, str):
                # a row that starts with a digit is neither blank nor the header
                if not text[:1].isdigit() and (not text.strip() or is_header(text)):
                    continue
                row: Row | None = lean(number, text)
                if row is None:
                    try:
                        row = gdelt_row(number, text)
                    except ValidationError as exc:
                        row = BadRow(number, exc.message, truncate(text))
                    if row is None:
                        continue
            else:
                row = text
            if isinstance(row, Built):
                yield row
            elif isinstance(row, Draft) and row.fold is not None:
                for ready in folds.push(row):
                    yield built(ready)
            else:
                yield built(row)
            if folds.waiting and folds.oldest < number - FOLD_WINDOW:
                for ready in folds.expire(number):
                    yield built(ready)
            count += 1
            if progress is not None and count % 1000 == 0:
                progress("checking", count)
        for ready in folds.rest():
            yield built(ready)
        self.count = count

    def lean(self, number: int, text: str) -> Built | Draft | None:
        """The event of a plain GDELT row, built straight from its cells: the one that
        ``gdelt_row`` and the builder make of it (a test compares them row by row), with
        what repeats from row to row (dates, codes, actors) looked up once. None for any
        row that is not plain (a bad value, a control character, a long row, a source
        that is not a url, a participant the event would refuse): the draft path takes
        those. A plain row that may fold (042, 043) becomes its draft."""
        cells = text.split("\t")
        if len(cells) != GDELT_WIDTH:
            if len(cells) not in (57, 58):
                return None
            cells = gdelt_cells(text)
        if len(text) > EXTRA_TEXT:
            return None
        # one look at the whole row: printable text but its tabs holds no control character
        # (each character has_control refuses is one isprintable refuses)
        printable = text.replace("\t", "").isprintable()
        if not printable and has_control(text):
            return None
        day = self._days.get(cells[1], _UNSEEN)
        if day is _UNSEEN:
            day = gdelt_day(cells[1])
            if len(self._days) >= REMEMBERED:
                self._days.clear()
            self._days[cells[1]] = day
            if day is not None and day.text not in self._plain_when:
                self._plain_when[day.text] = when_is_plain(day.text)
        cameo = self._codes.get(cells[G_CODE], _UNSEEN)
        if cameo is _UNSEEN:
            cameo = gdelt_code(cells[G_CODE])
            if len(self._codes) >= REMEMBERED:
                self._codes.clear()
            self._codes[cells[G_CODE]] = cameo
        source_id = cells[0].strip()
        url = cells[G_URL].strip()
        place = cells[G_PLACE].strip()
        if (
            day is None
            or cameo is None
            or not source_id
            or len(source_id) > 40
            or len(place) > 200
            or not is_source_url(url)
        ):
            return None
        code, etype, kind = cameo[0], cameo[1], cameo[5]
        numbers = (
            cells[G_IS_ROOT] + cells[G_QUAD] + cells[G_GOLDSTEIN] + cells[G_MENTIONS]
            + cells[G_SOURCES] + cells[G_ARTICLES] + cells[G_TONE]
        )  # fmt: skip
        if not numbers.isascii() or "_" in numbers:
            return None  # int() and float() would read other digits: number decides
        try:  # the numbers as number reads them, when each is a finite number
            is_root, quad = int(cells[G_IS_ROOT]), int(cells[G_QUAD])
            goldstein, mentions = float(cells[G_GOLDSTEIN]), int(cells[G_MENTIONS])
            sources, articles = int(cells[G_SOURCES]), int(cells[G_ARTICLES])
            tone = float(cells[G_TONE])
        except ValueError:
            return None
        base, root = cells[G_BASE].strip(), cells[G_ROOT].strip()
        if not (base and root and math.isfinite(goldstein) and math.isfinite(tone)):
            return None
        shape_key = (
            "\t".join(cells[G_ACTOR1 : G_ACTOR2 + 10]), cells[G_GEO1], cells[G_GEO2],
            cells[G_GEO_ACTION], cells[G_CODE],
        )  # fmt: skip  # every cell row_shape reads
        shape = self._shapes.get(shape_key, _UNSEEN)
        if shape is _UNSEEN:
            shape = row_shape(cells, cameo)
            if len(self._shapes) >= SHAPES:
                self._shapes.clear()
            self._shapes[shape_key] = shape
        if shape is None:
            return None
        extra: dict[str, Any] = {
            "source": "gdelt",
            "source_id": source_id,
            "event_code": code,
            "event_base_code": base,
            "event_root_code": root,
            "is_root_event": is_root,
            "quad_class": quad,
            "goldstein": goldstein,
            "num_mentions": mentions,
            "num_sources": sources,
            "num_articles": articles,
            "avg_tone": tone,
        }
        code1, code2 = cells[G_ACTOR1].strip(), cells[G_ACTOR2].strip()
        if code1:
            extra["actor1_code"] = code1
        if code2:
            extra["actor2_code"] = code2
        added = cells[G_ADDED].strip()
        if added:
            extra["date_added"] = added
        specs, summary, plain, interaction = shape
        if summary is None:  # a 042 or 043 waits for its mirror row as a draft (gdelt_row's)
            first, second = specs
            return self.fold_draft(number, text, cameo, first, second, extra, day, url, place)
        parts: list[dict[str, str]] = []
        new: list[str] = []
        try:
            for spec, role in specs:
                actor_id, is_new = self.builder.resolve(spec, day.first)
                if is_new and actor_id not in new:
                    new.append(actor_id)
                if parts and parts[0]["actor"] == actor_id:
                    if interaction:  # refused: one actor twice
                        return None
                    continue
                parts.append({"actor": actor_id, "role": role})
        except TrackerError:
            return None
        data: dict[str, Any] = {
            "type": etype,
            "when": day.text,
            "participants": parts,
            "summary": summary,
            "topics": [],
            "sources": [{"url": url}],
        }
        if place:
            data["location"] = " ".join(place.split())
        data["cameo"] = code
        data["extra"] = extra
        key = "gdelt:" + source_id
        # Checked by construction: each value above is what check_payload passes (its
        # type, structure, and the facts looked at once a date, a code and an actor id),
        # once this one look at the row's own text holds; else check_payload decides.
        checked = (
            printable  # then every cell, and all text made of them, is printable
            and plain
            and len(url) <= 2000
            and self._plain_when[day.text]
            and len(parts) == len(specs)
            and plain_actor_id(parts[0]["actor"])
            and (len(parts) == 1 or plain_actor_id(parts[1]["actor"]))
        )
        return Built((number,), key, text, event_key(key), kind, data, new, checked)

    @staticmethod
    def fold_draft(
        number: int,
        text: str,
        cameo: tuple[Any, ...],
        first: ActorSpec | None,
        second: ActorSpec | None,
        extra: dict[str, Any],
        day: EventDate,
        url: str,
        place: str,
    ) -> Draft:
        """The draft ``gdelt_row`` makes of a plain 042 or 043 row (a visit), from the
        values ``_gdelt_lean`` has read."""
        code, etype, role1, role2, label = cameo[:5]
        actors = [(spec, role) for spec, role in ((first, role1), (second, role2)) if spec]
        names = [spec.name for spec, _ in actors]
        draft = Draft(
            lines=(number,),
            key=f"gdelt:{extra['source_id']}",
            type=etype,
            when=day.text,
            actors=actors,
            summary=coded_summary(label, names, first is not None),
            sources=[{"url": url}],
            location=place or None,
            cameo=code,
            extra=extra,
            raw=truncate(text),
            checked=True,
        )
        draft.fold = fold_keys(draft, url, first, second)
        return draft


def when_is_plain(when: str) -> bool:
    """Whether a date's text is what check_payload passes (a single date)."""
    try:
        return when_date(when).text == when and "/" not in when
    except ValidationError:
        return False


def code_is_plain(cameo: tuple[Any, ...] | None) -> bool:
    """Whether an event code's code, type, class and roles (as ``lean`` uses them:
    actor 1's role, then actor 2's; a statement's actor 1 speaks) are what
    check_payload passes."""
    if cameo is None:
        return False
    code, etype, role1, role2, _, kind, _ = cameo
    if type(code) is not str or not CAMEO_CODE.match(code) or etype not in EVENT_TYPES:
        return False
    roles = roles_for(etype)
    return (
        EVENT_KINDS.get(kind.TYPE) is kind
        and kind is occurrence_class(etype)
        and role1 in roles
        and role2 in roles
        and (etype != STATEMENT_TYPE or role1 == "speaker")
    )


def row_shape(cells: list[str], cameo: tuple[Any, ...]) -> Any:
    """What a row's actor cells, places and event code make of its event, the same
    for every row that has them: None for a row ``lean`` leaves to the draft path;
    else (specs, summary, plain, interaction), where a 042 or 043 (which waits for
    its mirror row) has the two specs and no summary, and ``plain`` says whether
    the code (its class and roles) and the summary are what check_payload passes."""
    try:
        spec1 = row_actor(cells, G_ACTOR1, G_GEO1)
        spec2 = row_actor(cells, G_ACTOR2, G_GEO2)
    except ValidationError:
        return None
    if spec1 is None and spec2 is None:
        return None  # left out: gdelt_row says why
    _, etype, role1, role2, label, _, folds = cameo
    interaction = etype in INTERACTION_TYPES
    if interaction and (
        spec1 is None or spec2 is None or spec1.name.casefold() == spec2.name.casefold()
    ):
        return None  # a development with one actor: the draft path makes it
    if folds:
        return (spec1, spec2), None, False, interaction
    # the participants as roles_for_pair and _build choose them: actor 1, then actor 2
    # unless a statement's or development's actor 2 is actor 1 again (by name, or by the
    # actor it resolves to); resolved in that order, as the draft path would
    if interaction:
        assert spec1 is not None and spec2 is not None
        specs: tuple[tuple[ActorSpec, str], ...] = ((spec1, role1), (spec2, role2))
    elif spec1 is None:
        if spec2 is None or etype == STATEMENT_TYPE:  # a statement needs its speaker
            return None  # the draft path: a development
        specs = ((spec2, role2),)
    elif spec2 is None or spec1.name.casefold() == spec2.name.casefold():
        specs = ((spec1, role1),)
    else:
        specs = ((spec1, role1), (spec2, role2))
    summary = coded_summary(label, [spec.name for spec, _ in specs], spec1 is not None)
    plain = (
        code_is_plain(cameo)
        and summary.isprintable()
        and summary[0] != " " != summary[-1]
        and len(summary) <= MAX_TEXT
    )
    return specs, summary, plain, interaction
