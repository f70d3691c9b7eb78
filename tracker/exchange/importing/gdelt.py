"""GDELT events: 2.0 (61 tab-separated columns) and 1.0 (58 columns, the daily files from
April 2013; 57, the historical backfiles without SOURCEURL: the 2.0 layout without the
ADM2 columns), no header row (a header row is skipped), one file holding both 1.0 widths
too, a ``.CSV.zip`` read as its data file. Codes stay strings. A comma-separated file with
GDELT's column names in a header row (what BigQuery's ``gdelt-bq`` tables and pandas
write; quoted cells, extra columns such as ``CAMEOCodeDescription``, columns in any order)
is read by those names (``gdelt_lines``).

Actors come from their codes (``tracker.exchange.importing.actors``). A row whose actors
are both missing (empty, or generic agents with no country) is left out, with its
reason; a contact with one actor is a development involving it. A plain row (every value well formed, a url
source) is built straight from its cells (``LeanReader.lean``): exactly what the draft
path (``gdelt_row``, then the builder) makes of it, which a test checks row by row; dates,
CAMEO codes and actor cells are looked up once per import.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from tracker.domain.cameo import cameo_text, cameo_type
from tracker.domain.countries import is_country
from tracker.domain.dates import EventDate, parse_event_date
from tracker.domain.errors import ValidationError
from tracker.domain.events import (
    OccurrenceRecorded,
    occurrence_class,
)
from tracker.domain.text import clean_text, has_control, is_source_url
from tracker.exchange.importing.actors import gdelt_actor as coded_actor
from tracker.exchange.importing.folding import fold_keys
from tracker.exchange.importing.rows import (
    EXTRA_TEXT,
    REMEMBERED,
    ActorSpec,
    BadRow,
    Draft,
    LeftOut,
    Row,
    cameo_code,
    coded_summary,
    digits,
    each_line,
    extra_of,
    honest_type,
    open_data,
    parse_number,
    read_lines,
    roles_for_pair,
    strip_controls,
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
    """GDELT events, 2.0 or 1.0 (see the module docstring), as drafts."""
    return each_line(path, gdelt_row, gdelt_lines)


def gdelt_lines(path: Path) -> Iterator[tuple[int, str | BadRow]]:
    """``read_lines`` of a GDELT file; a comma-separated file with a header row of GDELT's
    column names is read by those names, each row given as the tab-separated 2.0 row it
    stands for (a column the header lacks is empty: ADM2 codes, or SOURCEURL in 1.0)."""
    lines = read_lines(path)
    first = next(lines, None)
    if first is None:
        return
    _number, text = first
    if isinstance(text, str) and "\t" not in text and _named_header(text):
        getattr(lines, "close", lambda: None)()  # the file is read again, by the names
        yield from _named_rows(path)
        return
    yield first
    yield from lines


_NEEDED = ("GLOBALEVENTID", "SQLDATE", "EventCode")


def _named_header(text: str) -> bool:
    """Whether a line is a comma-separated header naming GDELT's GLOBALEVENTID column."""
    return "globaleventid" in (c.strip().strip('"').casefold() for c in text.split(","))


def _named_rows(path: Path) -> Iterator[tuple[int, str | BadRow]]:
    import csv
    import io

    from tracker.domain.errors import LogIOError

    try:
        raw = open_data(path)
    except OSError as exc:
        raise LogIOError(f"cannot read {path}: {exc.strerror or exc}") from None
    with raw, io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="") as f:
        reader = csv.reader(f)
        header = [h.strip().casefold() for h in next(reader)]
        where = {name: i for i, name in reversed(list(enumerate(header)))}
        columns = [where.get(name.casefold()) for name in GDELT_COLUMNS]
        lacking = [n for n in _NEEDED if where.get(n.casefold()) is None]
        if lacking:
            raise ValidationError(
                f"{path}: line 1: a comma-separated GDELT file needs the columns"
                f" {', '.join(_NEEDED)} in its header; {', '.join(lacking)} missing"
            )
        width = len(header)
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield reader.line_num, BadRow(reader.line_num, f"not readable as CSV: {exc}", "")
                continue
            number = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != width:
                text = ",".join(cells)
                reason = f"expected {width} comma-separated columns (as the header), found"
                yield number, BadRow(number, f"{reason} {len(cells)}", truncate(text))
                continue
            row = [
                "" if i is None else cells[i].replace("\t", " ").replace("\n", " ") for i in columns
            ]
            yield number, "\t".join(row).replace("\r", " ")


def is_header(text: str) -> bool:
    return text[:13].upper() == "GLOBALEVENTID"


_V1_GEO = 7  # a 1.0 geography: the 2.0 one without its ADM2Code


def gdelt_cells(text: str) -> list[str]:
    """The cells of a row in the 2.0 layout (a 1.0 row widened: empty ADM2 columns, and an
    empty SOURCEURL for a backfile row)."""
    cells = text.split("\t")
    width = len(cells)
    if width == 61:
        return cells
    if width not in (57, 58):
        raise ValidationError(
            f"expected 61 tab-separated columns (GDELT 2.0) or 57 or 58 (GDELT 1.0), found {width}"
        )
    out = cells[:35]
    for start in (35, 35 + _V1_GEO, 35 + 2 * _V1_GEO):
        out += [*cells[start : start + 4], "", *cells[start + 4 : start + _V1_GEO]]
    out.append(cells[56])
    out.append(cells[57] if width == 58 else "")
    return out


@functools.lru_cache(maxsize=REMEMBERED)
def gdelt_actor(
    code: str, name: str, country: str, known: str, t1: str, t2: str, t3: str, geo: str
) -> ActorSpec | None:
    """An actor of a row from its cells (``actors.gdelt_actor``); a few thousand actors
    fill a whole file, so the specs are kept."""
    return coded_actor(code, name, country, known, (t1, t2, t3), geo)


# An actor's cells (Code, Name, CountryCode, KnownGroupCode, Type1-3Code) -> what
# ``row_actor`` needs of them, worked out once: whether the actor has a country, its
# stripped name and that name casefolded, and its specs without and with its name as the
# geography (filled when first needed).
_ActorCells = tuple[str, str, str, str, str, str, str]
_ROW_ACTORS: dict[_ActorCells, list[Any]] = {}


def row_actor(cells: list[str], at: int, geo_at: int) -> ActorSpec | None:
    """Actor 1 or 2 of a row (its cells start at ``at``, its Geo_FullName at ``geo_at``).
    The geography counts for an actor without a country (a generic agent: its own place,
    else the action's) and for a name that is a place the row names ("HAIFA" at "Haifa,
    Hefa, Israel"), which stands for its country."""
    own: _ActorCells = (
        cells[at], cells[at + 1], cells[at + 2], cells[at + 3],
        cells[at + 7], cells[at + 8], cells[at + 9],
    )  # fmt: skip
    known = _ROW_ACTORS.get(own)
    if known is None:
        code, name, country = own[0], own[1].strip(), own[2]
        countried = bool(country.strip() or is_country(code[:3].upper()))
        known = [countried, name, name.casefold(), _UNSET, _UNSET]
        if len(_ROW_ACTORS) >= REMEMBERED:
            _ROW_ACTORS.clear()
        _ROW_ACTORS[own] = known
    if not known[0]:
        return gdelt_actor(*own, cells[geo_at] or cells[G_GEO_ACTION])
    name, key = known[1], known[2]
    slot = 3
    if name:
        size = len(name)
        for place in (cells[G_GEO1], cells[G_GEO2], cells[G_GEO_ACTION]):
            if place[:size].casefold() == key:
                slot = 4  # it names a place of the row
                break
    spec = known[slot]
    if spec is _UNSET:  # a refused name raises here each time, as before
        spec = known[slot] = gdelt_actor(*own, name if slot == 4 else "")
    return spec


_UNSET: Any = object()


def clear_row_actors() -> None:
    """Forget what actor cells made (``row_actor``'s memory), as ``gdelt_actor.cache_clear``
    does for its own."""
    _ROW_ACTORS.clear()


def source_of(url: str) -> dict[str, Any]:
    """The source of a SOURCEURL cell: a url (a space in it percent-encoded, as a url
    writes it: U+00A0 as %C2%A0), else the outlet."""
    if url.lower().startswith(("http://", "https://")):
        fixed = url if is_source_url(url) else re.sub(r"\s", lambda m: quote(m.group()), url)
        if is_source_url(fixed) and len(fixed) <= 2000:
            return {"url": fixed}
    return {"outlet": url if url and len(url) <= 200 else "GDELT"}


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


G = {name: i for i, name in enumerate(GDELT_COLUMNS)}
G_ACTOR1, G_ACTOR2 = G["Actor1Code"], G["Actor2Code"]
G_GEO1, G_GEO2 = G["Actor1Geo_FullName"], G["Actor2Geo_FullName"]
G_GEO_ACTION = G["ActionGeo_FullName"]


def gdelt_row(number: int, text: str) -> Draft | LeftOut | None:
    """The draft of a row; a row with no actor is left out; None for a header row."""
    if is_header(text):
        return None
    plain = not has_control(text)  # then each cell is clean once stripped
    cells = gdelt_cells(text if plain else strip_controls(text))
    source_id = _clean(cells[0], "GLOBALEVENTID", 40, True, plain)
    day = cells[1].strip()
    if len(day) != 8 or not digits(day):
        raise ValidationError(f"bad SQLDATE {day!r}: YYYYMMDD")
    when = f"{day[:4]}-{day[4:6]}-{day[6:]}"
    code = cameo_code(cells[G["EventCode"]], "EventCode")
    first = row_actor(cells, G_ACTOR1, G_GEO1)
    second = row_actor(cells, G_ACTOR2, G_GEO2)
    if first is None and second is None:
        named = any(cells[i].strip() for i in (G_ACTOR1, G_ACTOR1 + 1, G_ACTOR2, G_ACTOR2 + 1))
        return LeftOut(number, "generic agents with no country" if named else "no actor")
    code_type = honest_type(cameo_type(code), first, second)
    actors = roles_for_pair(code_type, [first] if first else [], [second] if second else [])
    url = _clean(cells[G["SOURCEURL"]], "SOURCEURL", 2000, False, plain)
    source = source_of(url)
    names = [a.name for a, _ in actors]
    extra = extra_of(
        source="gdelt",
        source_id=source_id,
        event_code=code,
        event_base_code=cells[G["EventBaseCode"]].strip(),
        event_root_code=cells[G["EventRootCode"]].strip(),
        is_root_event=_int(cells[G["IsRootEvent"]], "IsRootEvent"),
        quad_class=_int(cells[G["QuadClass"]], "QuadClass"),
        goldstein=_float(cells[G["GoldsteinScale"]], "GoldsteinScale"),
        num_mentions=_int(cells[G["NumMentions"]], "NumMentions"),
        num_sources=_int(cells[G["NumSources"]], "NumSources"),
        num_articles=_int(cells[G["NumArticles"]], "NumArticles"),
        avg_tone=_float(cells[G["AvgTone"]], "AvgTone"),
        actor1_code=cells[G_ACTOR1].strip() or None,
        actor2_code=cells[G_ACTOR2].strip() or None,
        date_added=cells[G["DATEADDED"]].strip(),
    )
    location = _clean(cells[G["ActionGeo_FullName"]], "ActionGeo_FullName", 200, False, plain)
    summary = coded_summary(cameo_text(code), names, first is not None)
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
        and source["url"] == url,
    )
    draft.fold = fold_keys(draft, url or source_id, first, second)
    return draft


GDELT_WIDTH = len(GDELT_COLUMNS)
G_CODE, G_URL, G_PLACE = G["EventCode"], G["SOURCEURL"], G["ActionGeo_FullName"]
G_BASE, G_ROOT, G_IS_ROOT = G["EventBaseCode"], G["EventRootCode"], G["IsRootEvent"]
G_QUAD, G_GOLDSTEIN, G_TONE = G["QuadClass"], G["GoldsteinScale"], G["AvgTone"]
G_MENTIONS, G_SOURCES, G_ARTICLES = G["NumMentions"], G["NumSources"], G["NumArticles"]
G_ADDED = G["DATEADDED"]


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
