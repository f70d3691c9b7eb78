"""HistoryAtState: the Office of the Historian's travels and visits (public domain XML).

Three collections, as published in the HistoryAtState/travels and HistoryAtState/visits
repositories:

- ``secretary-travels/*.xml`` and ``president-travels/*.xml``: ``<trips>`` of ``<trip
  role="secretary|president" who="SLUG">``, each one stop of a trip: ``<name>``,
  ``<start-date>``, ``<end-date>``, ``<country id="SLUG">``, ``<locale>``, ``<remarks>``;
- ``visits/data/*.xml``: ``<visits>`` of ``<visit>``, each a foreign leader's visit to the
  United States: ``<visitor>``, ``<from id="SLUG">``, ``<description>`` (which may hold
  ``<em>``), the dates.

Each record is one ``visit``: the traveller (a person) visits the host (the country, a
state), at the locale; a foreign visitor (a person of the country it came from) visits the
United States. The remarks (or description) are the summary, whitespace made plain; the
source is the page of history.state.gov that lists the record (the traveller's travels, or
the country's visits). A stop of several days is an interval (``2021-03-15/2021-03-17``).

The same stop recorded twice (two ids, the same traveller, dates, country and locale, as
the published files hold) is one event: the event id comes from those values, not the
record id, and every copy is given the content of the one with the lowest id, so the
import counts the others as duplicates; importing again adds nothing.

Countries: the record's country id (the site's slug) or its name, to an ISO 3166-1 code
(pycountry, plus the slugs and former names it does not know: "Korea, South", "Burma",
"Ceylon"); states that no longer exist ("U.S.S.R.", "Yugoslavia", "German Democratic
Republic", "Czechoslovakia") and places without a code (Kosovo) are states named as the
record names them, without a code. A state already in the log with the code is used.

``records`` reads the records without importing them: the hook for running the text
extractor on the remarks (``HistoryRecord.text``, with ``event_id`` of its event).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

from tracker.domain.errors import LogIOError, TrackerError, UnknownActorError, ValidationError
from tracker.domain.text import clean_name
from tracker.exchange.importing.build import Builder
from tracker.exchange.importing.rows import (
    ActorSpec,
    BadRow,
    Built,
    Draft,
    Progress,
    event_key,
    iso3,
    truncate,
)
from tracker.queries.actors import resolve

SITE = "https://history.state.gov/departmenthistory"
OUTLET = "Office of the Historian, U.S. Department of State"
MAX_FILE = 64 << 20  # bytes of one XML file (the largest published one is under 1 MB)
ROOTS = {"trips": "trip", "visits": "visit"}

# The site's country slugs and names that pycountry does not find, by ISO 3166-1 alpha-3.
_SLUGS = {
    "korea-south": "KOR", "korea-north": "PRK", "holy-see": "VAT", "vatican-city": "VAT",
    "palestinian-authority": "PSE", "west-bank": "PSE", "gaza": "PSE", "taiwan": "TWN",
    "burma": "MMR", "congo-democratic-republic": "COD", "congo-kinshasa": "COD", "zaire": "COD",
    "congo-republic": "COG", "congo-brazzaville": "COG", "cote-divoire": "CIV",
    "cape-verde": "CPV", "timor-leste": "TLS", "east-timor": "TLS", "brunei": "BRN",
    "laos": "LAO", "vietnam": "VNM", "syria": "SYR", "iran": "IRN", "persia": "IRN",
    "russia": "RUS", "turkey": "TUR", "turkiye": "TUR", "czech-republic": "CZE",
    "czechia": "CZE", "macedonia": "MKD", "north-macedonia": "MKD", "micronesia": "FSM",
    "bolivia": "BOL", "venezuela": "VEN", "tanzania": "TZA", "moldova": "MDA",
    "bosnia-herzegovina": "BIH", "united-kingdom": "GBR", "united-states": "USA",
    "swaziland": "SWZ", "eswatini": "SWZ", "kyrgyzstan": "KGZ", "ceylon": "LKA",
    "siam": "THA", "dahomey": "BEN", "upper-volta": "BFA", "saint-lucia": "LCA",
    "saint-kitts-and-nevis": "KNA", "saint-vincent-and-the-grenadines": "VCT",
    "the-gambia": "GMB", "gambia": "GMB", "bahamas": "BHS", "netherlands": "NLD",
}  # fmt: skip
# States that no longer exist, and places without an ISO 3166-1 code: kept as named states.
_NAMED = {
    "u.s.s.r.": "Soviet Union", "ussr": "Soviet Union", "soviet union": "Soviet Union",
    "soviet-union": "Soviet Union", "yugoslavia": "Yugoslavia",
    "czechoslovakia": "Czechoslovakia", "german democratic republic": "East Germany",
    "german-democratic-republic": "East Germany", "east germany": "East Germany",
    "serbia and montenegro": "Serbia and Montenegro", "serbia-and-montenegro":
    "Serbia and Montenegro", "netherlands antilles": "Netherlands Antilles",
    "netherlands-antilles": "Netherlands Antilles", "kosovo": "Kosovo",
}  # fmt: skip
# Short names of states, where pycountry's is long or formal.
_SHORT = {
    "KOR": "South Korea", "PRK": "North Korea", "RUS": "Russia", "IRN": "Iran", "SYR": "Syria",
    "VNM": "Vietnam", "LAO": "Laos", "TWN": "Taiwan", "BOL": "Bolivia", "VEN": "Venezuela",
    "TZA": "Tanzania", "MDA": "Moldova", "VAT": "Holy See", "PSE": "Palestine",
    "COD": "Democratic Republic of the Congo", "COG": "Republic of the Congo",
    "FSM": "Micronesia", "BRN": "Brunei", "GBR": "United Kingdom", "USA": "United States",
    "CZE": "Czechia", "MKD": "North Macedonia", "CIV": "Côte d'Ivoire", "TUR": "Türkiye",
    "CPV": "Cabo Verde", "SWZ": "Eswatini", "MMR": "Myanmar",
}  # fmt: skip
# Offices a visitor's name starts with ("President X"): left out of the person's name (kept
# in ``extra``) when two words or more remain. Titles of monarchs stay: they are the name
# ("King Abdullah II").
_TITLES = (
    "acting president", "vice president", "president-elect", "president", "prime minister",
    "prime minster", "deputy prime minister", "first minister", "chief minister",
    "foreign minister", "chancellor", "premier", "taoiseach", "chairman", "general secretary",
    "secretary general", "secretary-general", "governor general", "governor-general",
    "head of state", "chief executive", "state counsellor", "supreme leader", "leader",
)  # fmt: skip
_SPACE = re.compile(r"\s+")
_PARENS = re.compile(r"\s*\([^)]*\)")


@dataclass(slots=True)
class HistoryRecord:
    """One trip stop or visit as published (text whitespace made plain)."""

    collection: str  # secretary-travels | president-travels | visits
    file: str  # where it was read (its path in the folder or zip)
    line: int  # the line of its element in the file
    fields: dict[str, str] = field(default_factory=dict)  # child element -> text
    ids: dict[str, str] = field(default_factory=dict)  # child element -> its id attribute
    attrs: dict[str, str] = field(default_factory=dict)  # the record element's attributes

    @property
    def record_id(self) -> str:
        return self.fields.get("id", "")

    @property
    def text(self) -> str:
        """The remarks of a trip, the description of a visit."""
        return self.fields.get("remarks") or self.fields.get("description") or ""

    @property
    def start(self) -> str:
        return self.fields.get("start-date", "")

    @property
    def end(self) -> str:
        return self.fields.get("end-date", "") or self.start

    @property
    def key(self) -> str:
        """What one stop is: the same for two records of it (see the module docstring)."""
        return f"{self.place}|{self.start}|{self.fields.get('end-date', '')}".casefold()

    @property
    def place(self) -> str:
        """Who went where: the traveller, the country and locale (a visit: the visitor and
        the country it came from)."""
        f = self.fields
        what: tuple[str, ...]
        if self.collection == "visits":
            what = ("visits", f.get("visitor", ""), self.ids.get("from") or f.get("from", ""))
        else:
            who = self.attrs.get("who") or f.get("name", "")
            what = (self.collection, who, self.ids.get("country") or f.get("country", ""),
                    f.get("locale", ""))  # fmt: skip
        return "historyatstate:" + "|".join(p.casefold() for p in what)

    @property
    def event_id(self) -> str:
        return event_key(self.key)


def records(path: Path) -> Iterator[HistoryRecord]:
    """Every trip stop and visit in ``path``: a folder (read through, as the repositories
    are laid out), a zip of one, or one XML file. Other XML files in a folder (the list of
    presidents, the code tables) are passed over; a file that is not well-formed is an
    error naming it."""
    found = False
    for name, data in _xml_files(path):
        for record in _parse(name, data, single=name == str(path)):
            found = True
            yield record
    if not found and not path.is_file():
        raise ValidationError(f"no HistoryAtState travels or visits in {path}")


def _xml_files(path: Path) -> Iterator[tuple[str, bytes]]:
    try:
        if path.is_dir():
            for file in sorted(path.rglob("*.xml")):
                relative = file.relative_to(path)
                if any(part.startswith(".") for part in relative.parts):
                    continue
                yield str(relative), _read(file)
        elif zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                for info in sorted(archive.infolist(), key=lambda i: i.filename):
                    if info.is_dir() or not info.filename.endswith(".xml"):
                        continue
                    if info.file_size > MAX_FILE:
                        raise ValidationError(f"{path}: {info.filename} is over {MAX_FILE} bytes")
                    yield info.filename, archive.read(info)
        else:
            yield str(path), _read(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise LogIOError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None


def _read(file: Path) -> bytes:
    if file.stat().st_size > MAX_FILE:
        raise ValidationError(f"{file} is over {MAX_FILE} bytes: not a HistoryAtState file")
    return file.read_bytes()


def _parse(name: str, data: bytes, *, single: bool) -> list[HistoryRecord]:
    """The records of one file, read with expat (no DTD, no entities)."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    out: list[HistoryRecord] = []
    stack: list[str] = []
    state: dict[str, Any] = {"record": None, "field": None, "text": [], "root": None}
    collection = "visits"

    def refuse(*_: Any) -> None:
        raise ValidationError(f"{name}: a DTD or entity declaration; HistoryAtState XML has none")

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal collection
        depth = len(stack)
        stack.append(tag)
        if depth == 0:
            state["root"] = tag
            if tag not in ROOTS:
                raise _NotOurs(tag)
        elif depth == 1 and tag == ROOTS[state["root"]]:
            if tag == "trip":
                role = attrs.get("role", "")
                collection = "president-travels" if role == "president" else "secretary-travels"
            state["record"] = HistoryRecord(collection, name, parser.CurrentLineNumber, attrs=attrs)
        elif depth == 2 and state["record"] is not None:
            state["field"], state["text"] = tag, []
            if "id" in attrs:
                state["record"].ids[tag] = attrs["id"]

    def end(tag: str) -> None:
        stack.pop()
        depth = len(stack)
        record = state["record"]
        if depth == 2 and record is not None and state["field"] == tag:
            text = _SPACE.sub(" ", "".join(state["text"])).strip()
            record.fields[tag] = text
            state["field"] = None
        elif depth == 1 and record is not None:
            out.append(record)
            state["record"] = None

    def chars(text: str) -> None:
        if state["field"] is not None:
            state["text"].append(text)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(data, True)
    except _NotOurs as exc:
        if single:
            raise ValidationError(
                f"{name}: not HistoryAtState travels or visits (its root is <{exc.args[0]}>,"
                " not <trips> or <visits>)"
            ) from None
        return []
    except expat.ExpatError as exc:
        reason = expat.errors.messages.get(exc.code, str(exc)) if exc.code else str(exc)
        raise ValidationError(
            f"{name}: not well-formed XML at line {exc.lineno}, column {exc.offset + 1}:"
            f" {reason}; nothing was imported"
        ) from None
    return out


class _NotOurs(Exception):
    """A root element other than <trips> or <visits>."""


def country_of(slug: str, text: str) -> tuple[str, str | None]:
    """(name, ISO 3166-1 alpha-3 or None) of a record's country, from its slug and name.

    >>> country_of("korea-south", "Korea, Republic of")
    ('South Korea', 'KOR')
    >>> country_of("russia", "U.S.S.R.")
    ('Soviet Union', None)
    """
    plain = _PARENS.sub("", text).strip()
    named = _NAMED.get(slug) or _NAMED.get(text.casefold()) or _NAMED.get(plain.casefold())
    if named:
        return named, None
    code = _SLUGS.get(slug) or _lookup(slug.replace("-", " ")) or _lookup(plain) or _lookup(text)
    if code is None:
        return plain or text or slug, None
    return _SHORT.get(code) or _pycountry_name(code), code


def _lookup(name: str) -> str | None:
    import pycountry

    if not name.strip():
        return None
    try:
        return str(pycountry.countries.lookup(name.strip()).alpha_3)
    except LookupError:
        return None


def _pycountry_name(code: str) -> str:
    import pycountry

    found = pycountry.countries.get(alpha_3=code)
    return str(getattr(found, "common_name", None) or found.name) if found else code


def short_name(name: str) -> str | None:
    """A person's first and last name, when the record gives more ("Antony John Blinken"
    -> "Antony Blinken"); None when it gives no more."""
    words = _PARENS.sub("", name).replace(",", " ").split()
    while len(words) > 2 and words[-1].rstrip(".").lower() in ("jr", "sr", "ii", "iii", "iv"):
        words.pop()
    if len(words) <= 2:
        return None
    return f"{words[0]} {words[-1]}"


def split_title(visitor: str) -> tuple[str, str | None]:
    """(name, office) of a visitor as the visits name them ("Prime Minister Jacinda
    Ardern" -> ("Jacinda Ardern", "Prime Minister")); the office is left in when fewer than
    two words would remain."""
    lower = visitor.casefold()
    for title in _TITLES:
        if lower.startswith(title + " "):
            rest = visitor[len(title) :].strip()
            if len(rest.split()) >= 2 and not rest.lower().startswith(("and ", "& ")):
                return rest, visitor[: len(title)]
            break
    return visitor, None


def _visitors(visitor: str) -> list[str]:
    """Several visitors in one record ("President X and Prime Minister Y"): each starts
    with an office; otherwise the record names one."""
    parts = [p.strip() for p in re.split(r",\s+|\s+and\s+|\s+&\s+", visitor) if p.strip()]
    if len(parts) > 1 and all(split_title(p)[1] for p in parts):
        return parts
    return [visitor]


def stops(found: list[HistoryRecord]) -> list[list[HistoryRecord]]:
    """The records grouped into stops: the records of one place (``HistoryRecord.place``)
    whose dates overlap are one stop (nobody is twice in one place at once). Each group is
    in record id order; the groups in the order their first record was read."""
    by_place: dict[str, list[HistoryRecord]] = {}
    for record in found:
        by_place.setdefault(record.place, []).append(record)
    groups: list[list[HistoryRecord]] = []
    for same in by_place.values():
        same.sort(key=lambda r: (r.start, r.end))
        current: list[HistoryRecord] = []
        last = ""
        for record in same:
            if current and record.start and record.start <= last:
                current.append(record)
                last = max(last, record.end)
                continue
            if current:
                groups.append(current)
            current, last = [record], record.end
        groups.append(current)
    order = {id(r): i for i, r in enumerate(found)}
    for group in groups:
        group.sort(key=lambda r: (_number(r.record_id), order[id(r)]))
    groups.sort(key=lambda g: min(order[id(r)] for r in g))
    return groups


def _span(group: list[HistoryRecord]) -> str:
    """The dates of a stop: its first start to its last end (one day: that day)."""
    start = min(r.start for r in group)
    end = max(r.end for r in group)
    return start if end == start else f"{start}/{end}"


def _texts(group: list[HistoryRecord]) -> str:
    """The remarks of a stop's records, each once; one that another continues is left out
    ("Attended the meeting." beside "Attended the meeting, and met ...")."""
    texts = list(dict.fromkeys(r.text for r in group if r.text))
    kept = [t for t in texts if not any(o != t and o.startswith(t.rstrip(".")) for o in texts)]
    return " ".join(kept)


class HistoryAtStateReader:
    """The records of a folder, zip or file, as drafts built by ``builder``."""

    def __init__(self, builder: Builder) -> None:
        self.builder = builder
        self.count = 0  # records read
        self.unresolved: dict[str, int] = {}  # countries without an ISO code -> records
        self._states: dict[str, str] = {}  # ISO code -> the name of its state actor
        self._people: dict[str, ActorSpec] = {}

    def items(self, path: Path, progress: Progress | None = None) -> Iterator[Built | BadRow]:
        found = list(records(path))
        last: dict[str, int] = {}  # each file's last record's line
        for r in found:
            last[r.file] = max(last.get(r.file, 0), r.line)
        lines, offset = {}, 0  # a line number per record, unique across the files
        for name, end in last.items():
            lines[name] = offset
            offset += end + 1
        count = 0
        for group in stops(found):
            texts = _texts(group)
            when = _span(group)
            for record in group:
                count += 1
                line = lines[record.file] + record.line
                yield self.builder.built(self._row(group[0], when, texts, record, line))
                if progress is not None and count % 1000 == 0:
                    progress("checking", count)
        self.count = count

    def _row(
        self, first: HistoryRecord, when: str, text: str, record: HistoryRecord, line: int
    ) -> Draft | BadRow:
        """The draft of ``record`` with the content of ``first`` (the copy of lowest id),
        the dates of every copy (``when``) and their remarks (``text``)."""
        try:
            return self._draft(first, when, text, line)
        except TrackerError as exc:
            where = f"{record.file} line {record.line}"
            raw = truncate(" | ".join(f"{k}={v}" for k, v in record.fields.items()))
            return BadRow(line, f"{where}: {exc.message}", raw)

    def _draft(self, r: HistoryRecord, when: str, text: str, line: int) -> Draft:
        f = r.fields
        if not r.start:
            raise ValidationError("no start-date")
        extra: dict[str, Any] = {"source": "historyatstate", "source_id": r.record_id,
                                 "collection": r.collection}  # fmt: skip
        if r.collection == "visits":
            slug, country = r.ids.get("from", ""), f.get("from", "")
            if not f.get("visitor"):
                raise ValidationError("no visitor")
            name, iso = self._country(slug, country)
            actors = []
            offices = []
            for visitor in _visitors(f["visitor"]):
                person, office = split_title(visitor)
                actors.append((ActorSpec(clean_name(person), "person", iso), "visitor"))
                offices.append(office or "")
            actors.append(
                (ActorSpec(self._state_name("USA", "United States"), "state", "USA"), "host")
            )
            if any(offices):
                extra["visitor_office"] = offices if len(offices) > 1 else offices[0]
            url = f"{SITE}/visits/{slug or 'index'}"
            summary = text or f"{f['visitor']} visited the United States"
            location = None
        else:
            who = r.attrs.get("who", "")
            if not f.get("name"):
                raise ValidationError("no name")
            slug, country = r.ids.get("country", ""), f.get("country", "")
            if not (slug or country):
                raise ValidationError("no country")
            name, iso = self._country(slug, country)
            role = "president" if r.collection == "president-travels" else "secretary"
            actors = [
                (self._person(f["name"]), "visitor"),
                (ActorSpec(name, "state", iso), "host"),
            ]
            url = f"{SITE}/travels/{role}/{who}" if who else f"{SITE}/travels/{role}"
            location = f.get("locale") or None
            place = f" ({location})" if location else ""
            summary = text or f"{f['name']} visited {name}{place}"
        if slug:
            extra["country_id"] = slug
        return Draft(
            lines=(line,),
            key=r.key,
            type="visit",
            when=when,
            actors=actors,
            summary=summary,
            sources=[{"url": url, "outlet": OUTLET}],
            location=location,
            extra=extra,
            raw=truncate(" | ".join(f"{k}={v}" for k, v in r.fields.items())),
        )

    def _country(self, slug: str, text: str) -> tuple[str, str | None]:
        name, iso = country_of(slug, text)
        if iso is None:
            self.unresolved[name] = self.unresolved.get(name, 0) + 1
            return name, None
        return self._state_name(iso, name), iso

    def _state_name(self, iso: str, name: str) -> str:
        """The name of the state actor of ``iso``: the log's, if it holds one, else ``name``."""
        known = self._states.get(iso)
        if known is None:
            rows = self.builder.conn.execute(
                "SELECT name FROM actors WHERE kind = 'state' AND country = ?"
                " AND merged_into IS NULL ORDER BY registered_seq",
                (iso3(iso) or iso,),
            ).fetchall()
            known = self._states[iso] = rows[0][0] if len(rows) == 1 else name
        return known

    def _person(self, name: str) -> ActorSpec:
        """A traveller: the log's actor of the full name, or of its short form when that
        actor's name has no word the full name lacks; else a new person (with the short
        form as an alias)."""
        spec = self._people.get(name)
        if spec is not None:
            return spec
        full = clean_name(_PARENS.sub("", name))
        short = short_name(full)
        spec = ActorSpec(full, "person", "USA", aliases=(short,) if short else ())
        conn = self.builder.conn
        if not _known(conn, full) and short and _known(conn, short):
            words = set(full.casefold().replace(".", ". ").split())
            actor = resolve(conn, short)
            row = conn.execute("SELECT name FROM actors WHERE id = ?", (actor,)).fetchone()
            if row and set(row[0].casefold().replace(".", ". ").split()) <= words:
                spec = ActorSpec(short, "person", "USA")
        self._people[name] = spec
        return spec


def _known(conn: Any, name: str) -> bool:
    """Whether one actor of the log answers to ``name``."""
    try:
        resolve(conn, name)
    except UnknownActorError:
        return False
    except TrackerError:
        return False
    return True


def _number(text: str) -> int:
    return int(text) if text.isascii() and text.isdigit() else 1 << 62
