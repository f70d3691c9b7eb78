"""POLECAT's tab-separated release (Harvard Dataverse): a header row, then one event a row.

The columns are found by name (any order, any case): ``Event ID``, ``Event Date``, ``Event
Type`` (a PLOVER category), ``Event Mode``, ``Intensity``, ``Quad Code``, ``Contexts``,
then for the actor ``Actor Name``, ``Actor Country``, ``Actor COW``, ``Primary Actor
Sector``, ``Actor Sectors``, ``Actor Title``, ``Actor Name Raw``, ``Wikipedia Actor ID``,
the same eight for the ``Recipient``, the place (``Placename``, ``City``, ``District``,
``Province``, ``Country``, ``Latitude``, ``Longitude``, ``GeoNames ID``, ...), ``Source``,
``Publication Date``, ``Story People``, ``Story Organizations``, ``Story Locations``,
``Language`` and ``Version``. Only the first four of the actor's are needed. Releases
differ: the 2023-24 files name ``Intensity`` ``Event Intensity``, and some add ``Event
Text`` (then the summary), ``Headline``, ``Story ID`` and ``Feed``; ``None`` is a missing
value there as ``NA`` is in R's files.

Multi-valued cells are separated by ``;`` (several actors a row: the names, countries,
sectors and titles line up by position). ``NA``, ``NULL`` and empty cells are missing. A
file that is not UTF-8 is read as ISO-8859-1 (older releases). An actor is a state when
its name is its country's, an international organization for an IGO sector, a person when
it holds a title (``Actor Title``: "President"), a government body for a government,
military, police, legislative or judicial sector, an armed group for a rebel or insurgent
sector; else "other". The summary is the row's ``Event Text`` where the release has one,
else made from the category, mode and actors; the source is the row's ``Source`` (the
outlet: POLECAT gives no URL) with its publication date.

The weekly files (``ngecEvents.20230103111842.Release603.DV.txt``) are read as they are,
the yearly archives (``ngecEventsDV-2022.txt.zip``, a file a month) member by member, each
with its header row. Some published files end their lines with a tab: no column.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tracker.domain.errors import LogIOError, ValidationError
from tracker.domain.events import INTERACTION_TYPES
from tracker.domain.plover import plover_type
from tracker.domain.text import clean_text
from tracker.exchange.importing.rows import (
    ActorSpec,
    BadRow,
    Draft,
    Row,
    country_of_name,
    extra_of,
    iso3,
    parse_number,
    roles_for_pair,
    split_lines,
    truncate,
)

REQUIRED = ("event id", "event date", "event type", "actor name")
_MISSING = frozenset({"", "NA", "N/A", "NULL", "NONE", "NAN", "---"})
_GOVERNMENT = ("GOV", "MIL", "POLICE", "LEGISLAT", "JUDIC", "EXECUTIVE", "MINIST", "PARLIAMENT")
_DATE = re.compile(r"(\d{4})[-/]?(\d{2})[-/]?(\d{2})")


def is_polecat_tsv(first: bytes) -> bool:
    """Whether a file's first bytes are POLECAT's tab-separated header."""
    head = first.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].lower()
    return b"\t" in head and head.startswith(b"event id\t")


def is_zip(first: bytes) -> bool:
    """Whether a file's first bytes are a zip archive's (the yearly releases)."""
    return first.startswith(b"PK\x03\x04")


def _tables(path: Path) -> Iterator[tuple[str, Iterator[tuple[int, str]]]]:
    """The tab-separated tables of a release file: the file itself, or each ``.txt`` or
    ``.tsv`` in a zip archive (``ngecEventsDV-2022.txt.zip`` holds a file a month), in
    name order, each named for the messages (the file, or the file and the member)."""
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise LogIOError(f"cannot read {path}: {exc.strerror}") from None
    with f:
        try:
            if not is_zip(f.read(4)):
                f.seek(0)
                yield str(path), _lines(f)
                return
            f.seek(0)
            with zipfile.ZipFile(f) as archive:
                members = sorted(
                    i.filename
                    for i in archive.infolist()
                    if not i.is_dir() and i.filename.lower().endswith((".txt", ".tsv"))
                    and not i.filename.startswith(("__MACOSX/", "."))
                )  # fmt: skip
                if not members:
                    raise ValidationError(f"{path} is a zip archive with no .txt or .tsv in it")
                for name in members:
                    with archive.open(name) as member:
                        yield f"{path}:{name}", _lines(member)
        except zipfile.BadZipFile as exc:
            raise ValidationError(f"{path} is not a readable zip archive: {exc}") from None
        except OSError as exc:
            raise LogIOError(f"cannot read {path}: {exc.strerror or exc}") from None


def _lines(f: Any) -> Iterator[tuple[int, str]]:
    """A table's lines, streamed: each UTF-8, else ISO-8859-1 (older releases)."""
    for number, line in enumerate(split_lines(f), 1):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            text = line.decode("iso-8859-1")
        yield number, text.removeprefix("\ufeff") if number == 1 else text


def _cell(cells: dict[str, str], name: str) -> str:
    value = cells.get(name, "").strip()
    return "" if value.upper() in _MISSING else value


def _many(cells: dict[str, str], name: str) -> list[str]:
    value = _cell(cells, name)
    return [v.strip() for v in value.split(";")] if value else []


def _kind(name: str, country: str | None, sectors: str, title: str) -> str:
    upper = sectors.upper()
    if country and country_of_name(name) == country:
        return "state"
    if "IGO" in upper or "INTERNATIONAL" in upper or "INTERGOVERNMENTAL" in upper:
        return "international_organization"
    if title:
        return "person"
    if any(word in upper for word in _GOVERNMENT):
        return "government_body"
    if any(word in upper for word in ("REB", "INSURG", "MILITANT", "ARMED")):
        return "group"
    return "other"


def _actors(cells: dict[str, str], who: str) -> list[ActorSpec]:
    names = _many(cells, f"{who} name")
    countries = _many(cells, f"{who} country")
    primary = _many(cells, f"primary {who} sector")
    sectors = _many(cells, f"{who} sectors")
    titles = _many(cells, f"{who} title")
    if not names and countries:  # a country named by its code or name only
        names = [""] * len(countries)
    out = []
    for i, name in enumerate(names):
        given = countries[i] if i < len(countries) else ""
        country = iso3(given) if len(given) == 3 else country_of_name(given)
        if not name.strip() or name.strip().upper() in _MISSING:
            if country is None:
                continue
            name = given if len(given) != 3 else _country_label(country)
        text = clean_text(name, f"{who} name", limit=200)
        sector = " ".join(s[i] for s in (primary, sectors) if i < len(s))
        title = titles[i] if i < len(titles) else ""
        out.append(ActorSpec(text, _kind(text, country, sector, title), country))
    return out


def _country_label(iso: str) -> str:
    import pycountry

    found = pycountry.countries.get(alpha_3=iso)
    return str(getattr(found, "common_name", None) or found.name) if found else iso


def _date(text: str, what: str) -> str:
    m = _DATE.match(text.strip())
    if m is None:
        raise ValidationError(f"{what} is not a date (YYYY-MM-DD): {text.strip()[:40]!r}")
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"


def polecat_row(number: int, cells: dict[str, str], text: str, fmt: str) -> Draft:
    source_id = clean_text(_cell(cells, "event id"), "Event ID", limit=100)
    if not source_id:
        raise ValidationError("missing Event ID")
    when = _date(_cell(cells, "event date"), "Event Date")
    event = clean_text(_cell(cells, "event type"), "Event Type", limit=40).upper()
    if not event:
        raise ValidationError("missing Event Type")
    modes = [clean_text(m, "Event Mode", limit=40) for m in _many(cells, "event mode")]
    contexts = [clean_text(c, "Contexts", limit=60) for c in _many(cells, "contexts")]
    firsts, seconds = _actors(cells, "actor"), _actors(cells, "recipient")
    code_type = plover_type(event, modes)
    if not firsts and seconds:
        code_type, firsts, seconds = ("development", "involved", "involved"), seconds, []
    if not firsts:
        raise ValidationError("no actor named (Actor Name and Recipient Name are empty)")
    if code_type[0] in INTERACTION_TYPES and len({a.name.casefold() for a in firsts + seconds}) < 2:
        code_type = ("development", "involved", "involved")  # a meeting of one
    parts = roles_for_pair(code_type, firsts, seconds)
    label = event + (f" ({', '.join(modes)})" if modes else "")
    told = clean_text(_cell(cells, "event text"), "Event Text", limit=500, required=False)
    summary = told or f"{label}: {' → '.join(a.name for a, _ in parts)}"
    place = [
        _cell(cells, c) for c in ("placename", "city", "province", "country") if _cell(cells, c)
    ]
    location = clean_text(", ".join(dict.fromkeys(place)), "Placename", limit=200, required=False)
    source = {"outlet": clean_text(_cell(cells, "source"), "Source", limit=200, required=False)}
    if not source["outlet"]:
        source["outlet"] = fmt.upper()
    published = _cell(cells, "publication date")
    if published and _DATE.match(published):
        source["published"] = _date(published, "Publication Date")
    intensity = _cell(cells, "intensity") or _cell(cells, "event intensity")
    quad = _cell(cells, "quad code")
    return Draft(
        lines=(number,),
        key=f"{fmt}:{source_id}",
        type=code_type[0],
        when=when,
        actors=parts,
        summary=summary if len(summary) <= 500 else summary[:497] + "…",
        sources=[source],
        location=location or None,
        extra=extra_of(
            source=fmt,
            source_id=source_id,
            event=[event],
            mode=modes,
            context=contexts,
            quad_code=quad or None,
            intensity=parse_number(intensity, "Intensity") if intensity else None,
            story_id=_cell(cells, "story id") or None,
            headline=clean_text(_cell(cells, "headline"), "Headline", limit=500, required=False)
            or None,
            language=_cell(cells, "language") or None,
            version=_cell(cells, "version") or None,
        ),
        raw=truncate(text),
    )


def parse_polecat_tsv(path: Path, fmt: str = "polecat") -> Iterator[Row]:
    """POLECAT's tab-separated release (see the module docstring): a file, or a zip of
    them (each with its header row; a bad row of a member is named with the member). Its
    rows are keyed ``polecat:EVENT-ID`` whichever command name (``plover`` or ``polecat``)
    reads it, so importing the release again adds nothing. Tabs after the last column
    (some published files end their lines with one) are no columns."""
    fmt = "polecat"
    for table, lines in _tables(path):
        member = table != str(path)
        header: list[str] | None = None
        for number, text in lines:
            if header is None:
                header = [h.strip().lower() for h in text.split("\t")]
                while header and not header[-1]:
                    header.pop()
                missing = [c for c in REQUIRED if c not in header]
                if missing:
                    where = table if member else str(path)
                    raise ValidationError(
                        f"{where}: line 1 is not POLECAT's header: missing {', '.join(missing)}"
                    )
                continue
            if not text.strip():
                continue
            try:
                cells = text.split("\t")
                while len(cells) > len(header) and not cells[-1].strip():
                    cells.pop()
                if len(cells) != len(header):
                    raise ValidationError(
                        f"expected {len(header)} tab-separated columns, found {len(cells)}"
                    )
                yield polecat_row(number, dict(zip(header, cells, strict=True)), text, fmt)
            except ValidationError as exc:
                reason = f"{table.rpartition(':')[2]}: {exc.message}" if member else exc.message
                yield BadRow(number, reason, truncate(text))
