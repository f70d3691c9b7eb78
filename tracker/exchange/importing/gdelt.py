"""GDELT 2.0 events: 61 tab-separated columns, no header row. Codes stay strings.

GDELT's all-capitals names are title-cased. A plain row (every value well formed, a url
source) is built straight from its cells (``LeanReader.lean``): exactly what the draft
path (``gdelt_row``, then the builder) makes of it, which a test checks row by row; dates,
CAMEO codes and actor cells are looked up once per import.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tracker.domain.cameo import cameo_text, cameo_type
from tracker.domain.dates import EventDate, parse_event_date
from tracker.domain.errors import TrackerError, ValidationError
from tracker.domain.events import (
    INTERACTION_TYPES,
    STATEMENT_TYPE,
    OccurrenceRecorded,
    occurrence_class,
)
from tracker.domain.text import clean_text, has_control, is_source_url
from tracker.exchange.importing.build import Builder
from tracker.exchange.importing.folding import FOLD_WINDOW, FoldWindow, fold_keys
from tracker.exchange.importing.rows import (
    EXTRA_TEXT,
    REMEMBERED,
    ActorSpec,
    BadRow,
    Built,
    Draft,
    Progress,
    Row,
    cameo_code,
    digits,
    each_line,
    event_key,
    extra_of,
    iso3,
    kind_from_code,
    parse_number,
    read_lines,
    roles_for_pair,
    truncate,
)

_ACTOR_FIELDS = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_GEO_FIELDS = (
    "Type",
    "FullName",
    "CountryCode",
    "ADM1Code",
    "ADM2Code",
    "Lat",
    "Long",
    "FeatureID",
)
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS),
    *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS),
    *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS),
    "DATEADDED",
    "SOURCEURL",
)
assert len(GDELT_COLUMNS) == 61


def parse_gdelt(path: Path) -> Iterator[Row]:
    """GDELT 2.0 events: 61 tab-separated columns, no header. Codes stay strings."""
    return each_line(path, gdelt_row)


def _title(name: str) -> str:
    return name.title() if name.isupper() else name


@functools.lru_cache(maxsize=1 << 14)
def gdelt_actor(
    n: int, code: str, name: str, country: str, type1: str, type2: str, type3: str
) -> ActorSpec | None:
    """Actor ``n`` of a row from its cells (Code, Name, CountryCode, Type1-3Code); a few
    thousand actors fill a whole file, so the specs are kept (a refused name is not)."""
    code = code.strip()
    name = clean_text(name, f"Actor{n}Name", limit=200, required=False)
    if not name and not code:
        return None
    kind, country_of_code = kind_from_code(code, (type1, type2, type3))
    own = iso3(country.strip())
    return ActorSpec(_title(name) or code, kind, own or country_of_code, code or None)


def _clean(value: str, what: str, limit: int, required: bool, plain: bool) -> str:
    """``clean_text`` for a cell of a row known (``plain``) to hold no control character."""
    if plain:
        text = value.strip()
        if len(text) <= limit and (text or not required):
            return text
    return clean_text(value, what, limit=limit, required=required)


def _int(value: str, what: str) -> int | float | None:
    """``parse_number(value, what, int)``, quicker for the usual well-formed cell."""
    if value.isascii() and "_" not in value:
        try:
            return int(value)
        except ValueError:
            pass
    return parse_number(value, what, int)


def _float(value: str, what: str) -> int | float | None:
    """``parse_number(value, what)``, quicker for the usual well-formed cell."""
    if not value.isascii() or "_" in value:
        return parse_number(value, what)
    try:
        number = float(value)
    except ValueError:
        return parse_number(value, what)
    return number if math.isfinite(number) else parse_number(value, what)


_G = {name: i for i, name in enumerate(GDELT_COLUMNS)}
_G_ACTOR1, _G_ACTOR2 = _G["Actor1Code"], _G["Actor2Code"]


def gdelt_row(number: int, text: str) -> Draft:
    cells = text.split("\t")
    if len(cells) != len(GDELT_COLUMNS):
        raise ValidationError(
            f"expected {len(GDELT_COLUMNS)} tab-separated columns, found {len(cells)}"
        )
    plain = not has_control(text)  # then each cell is clean once stripped
    source_id = _clean(cells[0], "GLOBALEVENTID", 40, True, plain)
    day = cells[1].strip()
    if len(day) != 8 or not digits(day):
        raise ValidationError(f"bad SQLDATE {day!r}: YYYYMMDD")
    when = f"{day[:4]}-{day[4:6]}-{day[6:]}"
    code = cameo_code(cells[_G["EventCode"]], "EventCode")
    a, b = _G_ACTOR1, _G_ACTOR2  # Code, Name, CountryCode at +0..2; Type1-3Code at +7..9
    first = gdelt_actor(1, cells[a], cells[a + 1], cells[a + 2], *cells[a + 7 : a + 10])
    second = gdelt_actor(2, cells[b], cells[b + 1], cells[b + 2], *cells[b + 7 : b + 10])
    code_type = cameo_type(code)
    actors = roles_for_pair(code_type, [first] if first else [], [second] if second else [])
    url = _clean(cells[_G["SOURCEURL"]], "SOURCEURL", 2000, False, plain)
    source: dict[str, Any] = (
        {"url": url}
        if url.lower().startswith(("http://", "https://"))
        else {"outlet": url or "GDELT"}
    )
    names = " → ".join(a.name for a, _ in actors)
    extra = extra_of(
        source="gdelt",
        source_id=source_id,
        event_code=code,
        event_base_code=cells[_G["EventBaseCode"]].strip(),
        event_root_code=cells[_G["EventRootCode"]].strip(),
        is_root_event=_int(cells[_G["IsRootEvent"]], "IsRootEvent"),
        quad_class=_int(cells[_G["QuadClass"]], "QuadClass"),
        goldstein=_float(cells[_G["GoldsteinScale"]], "GoldsteinScale"),
        num_mentions=_int(cells[_G["NumMentions"]], "NumMentions"),
        num_sources=_int(cells[_G["NumSources"]], "NumSources"),
        num_articles=_int(cells[_G["NumArticles"]], "NumArticles"),
        avg_tone=_float(cells[_G["AvgTone"]], "AvgTone"),
        actor1_code=first.code if first else None,
        actor2_code=second.code if second else None,
        date_added=cells[_G["DATEADDED"]].strip(),
    )
    location = _clean(cells[_G["ActionGeo_FullName"]], "ActionGeo_FullName", 200, False, plain)
    summary = f"{cameo_text(code)}: {names}" if names else cameo_text(code)
    draft = Draft(
        lines=(number,),
        key=f"gdelt:{source_id}",
        type=code_type[0],
        when=when,
        actors=actors,
        summary=summary,
        sources=[source],
        location=location or None,
        cameo=code,
        extra=extra,
        raw=truncate(text),
        # every text value is a stripped cell (or made of them), so within the row's length
        checked=plain
        and len(text) <= EXTRA_TEXT
        and code.isascii()
        and "url" in source
        and is_source_url(url) is not None,
    )
    draft.fold = fold_keys(draft, url or source_id, first, second)
    return draft


_GDELT_WIDTH = len(GDELT_COLUMNS)
_G_CODE, _G_URL, _G_PLACE = _G["EventCode"], _G["SOURCEURL"], _G["ActionGeo_FullName"]
_G_BASE, _G_ROOT, _G_IS_ROOT = _G["EventBaseCode"], _G["EventRootCode"], _G["IsRootEvent"]
_G_QUAD, _G_GOLDSTEIN, _G_TONE = _G["QuadClass"], _G["GoldsteinScale"], _G["AvgTone"]
_G_MENTIONS, _G_SOURCES, _G_ARTICLES = _G["NumMentions"], _G["NumSources"], _G["NumArticles"]
_G_ADDED = _G["DATEADDED"]
_UNSEEN = object()


def gdelt_day(cell: str) -> EventDate | None:
    """The date of a SQLDATE cell, or None when ``gdelt_row`` or ``_build`` refuses it."""

    day = cell.strip()
    if len(day) != 8 or not digits(day):
        return None
    try:
        return parse_event_date(f"{day[:4]}-{day[4:6]}-{day[6:]}")
    except ValidationError:
        return None


def gdelt_code(
    cell: str,
) -> tuple[str, str, str, str, str, type[OccurrenceRecorded], bool] | None:
    """(code, type, role of actor 1, role of actor 2, summary label, event class, whether
    it may fold: a 042 or 043) of an EventCode cell; None for a code the event refuses."""
    code = cell.strip()
    if not (digits(code) and 2 <= len(code) <= 4):
        return None
    etype, role1, role2 = cameo_type(code)
    return (
        code, etype, role1, role2, cameo_text(code), occurrence_class(etype),
        code[:3] in ("042", "043"),
    )  # fmt: skip


class LeanReader:
    """The rows of a GDELT file for one import, built by ``builder``; ``count`` is the
    rows read. What repeats from row to row (dates, codes) is looked up once."""

    def __init__(self, builder: Builder) -> None:
        self.builder = builder
        self.count = 0
        self._days: dict[str, Any] = {}  # SQLDATE cell -> its date (EventDate | None)
        self._codes: dict[str, Any] = {}  # EventCode cell -> gdelt_code(cell)

    def items(self, path: Path, progress: Progress | None = None) -> Iterator[Built | BadRow]:
        """Every row of the file, in one loop: built at once by ``lean`` when it can; the
        others are read as drafts (``gdelt_row``), folded as ``fold_pairs`` does, and built
        by the builder, or are bad rows with their reasons."""
        lean, built, folds = self.lean, self.builder.built, FoldWindow(FOLD_WINDOW)
        count = 0
        for number, text in read_lines(path):
            if isinstance(text, str):
                if not text.strip():
                    continue
                row: Row | None = lean(number, text)
                if row is None:
                    try:
                        row = gdelt_row(number, text)
                    except ValidationError as exc:
                        row = BadRow(number, exc.message, truncate(text))
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
        if len(cells) != _GDELT_WIDTH or len(text) > EXTRA_TEXT or has_control(text):
            return None
        day = self._days.get(cells[1], _UNSEEN)
        if day is _UNSEEN:
            day = gdelt_day(cells[1])
            if len(self._days) >= REMEMBERED:
                self._days.clear()
            self._days[cells[1]] = day
        cameo = self._codes.get(cells[_G_CODE], _UNSEEN)
        if cameo is _UNSEEN:
            cameo = gdelt_code(cells[_G_CODE])
            if len(self._codes) >= REMEMBERED:
                self._codes.clear()
            self._codes[cells[_G_CODE]] = cameo
        source_id = cells[0].strip()
        url = cells[_G_URL].strip()
        place = cells[_G_PLACE].strip()
        if (
            day is None
            or cameo is None
            or not source_id
            or len(source_id) > 40
            or len(place) > 200
            or not is_source_url(url)
        ):
            return None
        code, etype, role1, role2, label, kind, folds = cameo
        numbers = (
            cells[_G_IS_ROOT] + cells[_G_QUAD] + cells[_G_GOLDSTEIN] + cells[_G_MENTIONS]
            + cells[_G_SOURCES] + cells[_G_ARTICLES] + cells[_G_TONE]
        )  # fmt: skip
        if not numbers.isascii() or "_" in numbers:
            return None  # int() and float() would read other digits: number decides
        try:  # the numbers as number reads them, when each is a finite number
            is_root, quad = int(cells[_G_IS_ROOT]), int(cells[_G_QUAD])
            goldstein, mentions = float(cells[_G_GOLDSTEIN]), int(cells[_G_MENTIONS])
            sources, articles = int(cells[_G_SOURCES]), int(cells[_G_ARTICLES])
            tone = float(cells[_G_TONE])
        except ValueError:
            return None
        base, root = cells[_G_BASE].strip(), cells[_G_ROOT].strip()
        if not (base and root and math.isfinite(goldstein) and math.isfinite(tone)):
            return None
        a, b = _G_ACTOR1, _G_ACTOR2
        try:
            spec1 = gdelt_actor(1, cells[a], cells[a + 1], cells[a + 2], *cells[a + 7 : a + 10])
            spec2 = gdelt_actor(2, cells[b], cells[b + 1], cells[b + 2], *cells[b + 7 : b + 10])
        except ValidationError:
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
        if spec1 is not None and spec1.code:
            extra["actor1_code"] = spec1.code
        if spec2 is not None and spec2.code:
            extra["actor2_code"] = spec2.code
        added = cells[_G_ADDED].strip()
        if added:
            extra["date_added"] = added
        if folds:  # a 042 or 043 waits for its mirror row as a draft, as gdelt_row makes it
            return self.fold_draft(number, text, cameo, spec1, spec2, extra, day, url, place)
        # the participants as roles_for_pair and _build choose them: actor 1, then actor 2
        # unless a statement's or development's actor 2 is actor 1 again (by name, or by the
        # actor it resolves to); resolved in that order, as the draft path would
        interaction = etype in INTERACTION_TYPES
        if interaction:
            if spec1 is None or spec2 is None:
                return None
            specs: tuple[tuple[ActorSpec, str], ...] = ((spec1, role1), (spec2, role2))
        elif spec1 is None:
            if spec2 is None or etype == STATEMENT_TYPE:  # a statement needs its speaker
                return None
            specs = ((spec2, role2),)
        elif spec2 is None or spec1.name.casefold() == spec2.name.casefold():
            specs = ((spec1, role1),)
        else:
            specs = ((spec1, role1), (spec2, role2))
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
        summary = (
            f"{label}: {specs[0][0].name} → {specs[1][0].name}"
            if len(specs) == 2
            else f"{label}: {specs[0][0].name}"
        )
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
        return Built((number,), key, text, event_key(key), kind, data, new)  # text: short

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
        names = " → ".join(spec.name for spec, _ in actors)
        draft = Draft(
            lines=(number,),
            key=f"gdelt:{extra['source_id']}",
            type=etype,
            when=day.text,
            actors=actors,
            summary=f"{label}: {names}" if names else label,
            sources=[{"url": url}],
            location=place or None,
            cameo=code,
            extra=extra,
            raw=truncate(text),
            checked=True,
        )
        draft.fold = fold_keys(draft, url, first, second)
        return draft
