"""ICEWS coded event data: tab-separated, with its header row.

Actors: ``tracker.exchange.importing.actors.icews_actor`` ("Police (India)" is India's
sector, part of the state; a country's name is the state; organisations by their sectors
and names; other names are persons). Empty cells and ``NA`` (R's ``write_tsv``) are
missing values. A row with no actor is left out; a contact with one is a development.

A row's event id comes from its Event ID and Event Date: the releases use 145,312 Event IDs
twice, on distinct dates (17,365,059 rows, 17,219,747 ids, 1995 to September 2018, as the
``icews`` R package's author counted), so the Event ID alone would make the second a
conflict with the first, and nothing would be imported. Trackers before that gave a row
the id of its Event ID alone: a row whose event the log holds under that id, on the row's
day, is that event (a duplicate), so a file imported before is not imported again.

The Dataverse's file of 2017 (``Events.2017.20200602.tab``) has no ``CAMEO Code`` column
and writes its dates month first (``1/1/2017``): the code comes from the Event Text, the
CAMEO name of the event (``tracker.domain.cameo_names``), and a name CAMEO has no code for
is left out and counted; a code that is no code ("13y" in a 2017 file, beside "Threaten")
takes the text's. A line that is not UTF-8 is read as Windows-1252 (else ISO-8859-1):
older releases are not all UTF-8.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from tracker.domain.cameo import cameo_text, cameo_type
from tracker.domain.cameo_names import code_of_name
from tracker.domain.errors import LogIOError, ValidationError
from tracker.domain.text import clean_text
from tracker.exchange.importing.actors import icews_actor, missing
from tracker.exchange.importing.folding import fold_keys
from tracker.exchange.importing.rows import (
    BadRow,
    Draft,
    LeftOut,
    Row,
    cameo_code,
    coded_summary,
    digits,
    extra_of,
    honest_type,
    open_data,
    parse_number,
    roles_for_pair,
    split_lines,
    truncate,
)

ICEWS_COLUMNS = (
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "Event Text",
    "CAMEO Code",
    "Intensity",
    "Target Name",
    "Target Sectors",
    "Target Country",
    "Story ID",
    "Sentence Number",
    "Publisher",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
)


_REQUIRED = ("Event ID", "Event Date", "Source Name", "Target Name")


def _column_key(name: str) -> str:
    """A header cell compared loosely: "Event ID", "Event.ID", "event_id" are one."""
    return "".join(c for c in name.casefold() if c.isalnum())


_KEYS = {_column_key(c): c for c in ICEWS_COLUMNS}


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """The file's lines (a zip: its data file), streamed; a line that is not UTF-8 is read
    as Windows-1252, else ISO-8859-1: older releases are not all UTF-8."""
    try:
        f = open_data(path)
    except OSError as exc:
        raise LogIOError(f"cannot read {path}: {exc.strerror or exc}") from None
    with f:
        try:
            for number, raw in enumerate(split_lines(f), 1):
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    try:
                        text = raw.decode("cp1252")
                    except UnicodeDecodeError:
                        text = raw.decode("iso-8859-1")
                yield number, text.removeprefix("\ufeff") if number == 1 else text
        except OSError as exc:  # a disk error halfway
            raise LogIOError(f"cannot read {path}: {exc.strerror or exc}") from None


def parse_icews(path: Path) -> Iterator[Row]:
    """ICEWS coded event data: tab-separated, with its header row (columns in any order,
    named as the Dataverse release or R's ``write_tsv`` writes them)."""
    header: list[str] | None = None
    for number, text in _lines(path):
        if header is None:
            header = [_KEYS.get(_column_key(h.strip().strip('"')), h) for h in text.split("\t")]
            missing_columns = [c for c in _REQUIRED if c not in header]
            if "CAMEO Code" not in header and "Event Text" not in header:
                missing_columns.append("CAMEO Code")
            if missing_columns:
                raise ValidationError(
                    f"{path}: line 1 is not the ICEWS header: missing {', '.join(missing_columns)}"
                )
            continue
        if not text.strip():
            continue
        try:
            cells = text.split("\t")
            if len(cells) != len(header):
                raise ValidationError(
                    f"expected {len(header)} tab-separated columns, found {len(cells)}"
                )
            row = {c: "" for c in ICEWS_COLUMNS}
            for column, cell in zip(header, cells, strict=True):
                row[column] = "" if missing(cell) else cell
            yield _icews_row(number, row, text)
        except ValidationError as exc:
            yield BadRow(number, exc.message, truncate(text))
    if header is None:
        raise ValidationError(f"{path} is empty: expected the ICEWS header row")


_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def _event_date(when: str) -> str:
    """An Event Date as ISO 8601: ``2018-10-13`` as the releases write it, ``20181013``,
    or ``10/13/2018`` (month first: the Dataverse's 2017 file, ``Events.2017.20200602``,
    writes its dates so)."""
    if len(when) == 8 and digits(when):
        when = f"{when[:4]}-{when[4:6]}-{when[6:]}"
    elif (us := _US_DATE.fullmatch(when)) is not None:
        month, day, year = us.groups()
        when = f"{year}-{int(month):02d}-{int(day):02d}"
    if len(when) != 10:
        raise ValidationError(f"bad Event Date {when!r}: YYYY-MM-DD (or M/D/YYYY)")
    return when


def _icews_row(number: int, row: dict[str, str], text: str) -> Draft | LeftOut:
    source_id = clean_text(row["Event ID"], "Event ID", limit=60)
    when = _event_date(row["Event Date"].strip())
    code = row["CAMEO Code"].strip()
    named = code_of_name(row["Event Text"]) if row["Event Text"].strip() else None
    if not code and row["Event Text"].strip():  # the 2017 file: the name, not the code
        if named is None:
            return LeftOut(number, "event texts with no CAMEO code")
        code = named
    if digits(code) and len(code) == 2 and int(code) > 20:
        code = "0" + code  # a code read as a number lost its leading zero: 42 -> 042
    if named is not None and not digits(code):
        code = named  # "13y" in a 2017 file, beside the text "Threaten": the text's code
    code = cameo_code(code)
    first = icews_actor(
        row["Source Name"], row["Source Sectors"], row["Source Country"], "Source Name"
    )
    second = icews_actor(
        row["Target Name"], row["Target Sectors"], row["Target Country"], "Target Name"
    )
    if first is None and second is None:
        return LeftOut(number, "no actor")
    code_type = honest_type(cameo_type(code), first, second)
    actors = roles_for_pair(code_type, [first] if first else [], [second] if second else [])
    event_text = clean_text(row["Event Text"], "Event Text", limit=200, required=False)
    story = clean_text(row["Story ID"], "Story ID", limit=60, required=False)
    publisher = clean_text(row["Publisher"], "Publisher", limit=200, required=False)
    place = [
        clean_text(row[c], c, limit=200, required=False) for c in ("City", "Province", "Country")
    ]
    head = event_text or cameo_text(code)
    draft = Draft(
        lines=(number,),
        key=f"icews:{source_id}:{when}",  # the Event ID is not unique alone (see above)
        older_key=f"icews:{source_id}",  # the id trackers before it gave the row
        type=code_type[0],
        when=when,
        actors=actors,
        summary=coded_summary(head, [a.name for a, _ in actors], first is not None),
        sources=[{"outlet": publisher or "ICEWS"}],
        location=", ".join(p for p in dict.fromkeys(place) if p) or None,
        cameo=code,
        extra=extra_of(
            source="icews",
            source_id=source_id,
            event_code=code,
            event_text=event_text,
            intensity=parse_number(row["Intensity"], "Intensity"),
            story_id=story,
            sentence_number=parse_number(row["Sentence Number"], "Sentence Number", int),
            source_sectors=row["Source Sectors"].strip(),
            target_sectors=row["Target Sectors"].strip(),
        ),
        raw=truncate(text),
    )
    draft.fold = fold_keys(draft, story or source_id, first, second)
    return draft
