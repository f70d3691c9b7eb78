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

The same stop recorded twice (two ids, the same traveller, country and locale, dates that
overlap, as the published files hold) is one event, with the copies counted as folded: its
id comes from the values of the copy with the lowest id, not from the record id, its dates
span every copy's and its summary holds each copy's remarks once; importing again adds
nothing.

Countries: the record's country id (the site's slug) or its name, to an ISO 3166-1 code
(pycountry, plus the slugs and former names it does not know: "Korea, South", "Burma",
"Ceylon"); states that no longer exist ("U.S.S.R.", "Yugoslavia", "German Democratic
Republic", "Czechoslovakia") and places without a code (Kosovo) are states named as the
record names them, without a code. A state already in the log with the code is used.

``records`` reads the records without importing them, and ``stops`` groups them as the
import does: the hook for running the text extractor on the remarks (``texts_of(stop)``,
and ``stop[0].event_id``, the id of the stop's event).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tracker.domain.countries import former_state
from tracker.domain.dates import parse_event_when
from tracker.domain.errors import TrackerError, ValidationError
from tracker.domain.names import name_key
from tracker.domain.text import clean_name
from tracker.exchange.importing.build import Builder
from tracker.exchange.importing.historyatstate_xml import (
    HistoryRecord,
    records,
    span_of,
    stops,
    texts_of,
)
from tracker.exchange.importing.rows import (
    ActorSpec,
    BadRow,
    Built,
    Draft,
    LeftOut,
    Progress,
    country_of_name,
    iso3,
    truncate,
)
from tracker.exchange.importing.visitors import canonical_names
from tracker.queries.actors import actors_named

__all__ = ["HistoryAtStateReader", "HistoryRecord", "country_of", "records", "stops", "texts_of"]

SITE = "https://history.state.gov/departmenthistory"
OUTLET = "Office of the Historian, U.S. Department of State"

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
    "saint-kitts-nevis": "KNA", "saint-vincent-grenadines": "VCT", "somoa": "WSM",
    "korea, south": "KOR", "korea, north": "PRK", "west germany": "DEU",
}  # fmt: skip
# Places without an ISO 3166-1 code, kept as named states (as states that no longer exist
# are: ``tracker.domain.countries.former_state``).
_NAMED = {
    "kosovo": "Kosovo",
    "hawaii": "Kingdom of Hawaii",  # a visitor from it before 1898
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
    "chief of state", "vice premier", "president of the council of ministers",
    "chairman of the council of ministers", "chairman of the presidency",
    "president of the presidency", "chairman of the presidential council",
    "chancellor-elect", "prime minister-elect", "president- elect", "prime ministere",
    "lieutenant general", "major general", "general", "field marshal", "marshal", "colonel",
    "lieutenant colonel", "admiral", "interim president", "interim prime minister",
    "transitional president",
)  # fmt: skip
_LONGEST_FIRST = sorted(_TITLES, key=len, reverse=True)  # "president of the ..." before "president"
_PARENS = re.compile(r"\s*\([^)]*\)")


def country_of(slug: str, text: str) -> tuple[str, str | None]:
    """(name, ISO 3166-1 alpha-3 or None) of a record's country, from its slug and name.

    >>> country_of("korea-south", "Korea, Republic of")
    ('South Korea', 'KOR')
    >>> country_of("russia", "U.S.S.R.")
    ('Soviet Union', None)
    """
    plain = _PARENS.sub("", text).strip()
    named = (
        _NAMED.get(slug) or _NAMED.get(text.casefold()) or _NAMED.get(plain.casefold())
        or former_state(slug) or former_state(text) or former_state(plain)
    )  # fmt: skip
    if named:
        return named, None
    saint = re.sub(r"^St\.? ", "Saint ", plain)
    code = (
        _SLUGS.get(slug) or _SLUGS.get(plain.casefold()) or country_of_name(slug.replace("-", " "))
        or country_of_name(plain) or country_of_name(saint) or country_of_name(text)
    )  # fmt: skip
    if code is None:
        return plain or text or slug, None
    return _SHORT.get(code) or _pycountry_name(code), code


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


_SUFFIX = re.compile(r",?\s+(Jr|Sr)\.?$")


def suffixed(name: str) -> str:
    """A name with its generational suffix written one way: the visits write "Surangel
    Whipps Jr.", "Surangel Whipps, Jr" and "Tommy E. Remengesau, Jr." of one man each.

    >>> suffixed("Surangel Whipps, Jr"), suffixed("Ferdinand Marcos Jr."), suffixed("Jr")
    ('Surangel Whipps Jr.', 'Ferdinand Marcos Jr.', 'Jr')
    """
    return _SUFFIX.sub(r" \1.", name) if len(name.split()) > 1 else name


def split_title(visitor: str) -> tuple[str, str | None]:
    """(name, office) of a visitor as the visits name them ("Prime Minister Jacinda
    Ardern" -> ("Jacinda Ardern", "Prime Minister")); the office is left in when fewer than
    two words would remain."""
    lower = visitor.casefold()
    for title in _LONGEST_FIRST:
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


class HistoryAtStateReader:
    """The records of a folder, zip or file, as drafts built by ``builder``."""

    def __init__(self, builder: Builder) -> None:
        self.builder = builder
        self.count = 0  # records read
        self.unresolved: dict[str, int] = {}  # countries without an ISO code -> records
        self._states: dict[str, str] = {}  # ISO code -> the name of its state actor
        self._people: dict[str, ActorSpec] = {}
        self._names: dict[tuple[str, str], str] = {}  # (country, visitor) -> the name it is

    def items(
        self, path: Path, progress: Progress | None = None
    ) -> Iterator[Built | BadRow | LeftOut]:
        found = list(records(path))
        self._names = self._visitor_names(found)
        last: dict[str, int] = {}  # each file's last record's line
        for r in found:
            last[r.file] = max(last.get(r.file, 0), r.line)
        lines, offset = {}, 0  # a line number per record, unique across the files
        for name, end in last.items():
            lines[name] = offset
            offset += end + 1
        count = 0
        for group in stops(found):  # one event a stop: its copies are folded into it
            first = group[0]
            row = self._row(first, span_of(group), texts_of(group), lines[first.file] + first.line)
            if isinstance(row, Draft):
                row.lines = tuple(sorted(lines[r.file] + r.line for r in group))
            yield self.builder.built(row)
            count += len(group)
            if progress is not None and count % 1000 < len(group):
                progress("checking", count)
        self.count = count

    def _row(self, first: HistoryRecord, when: str, text: str, line: int) -> Draft | BadRow:
        """The draft of a stop: the content of ``first`` (its copy of lowest id), the dates
        of every copy (``when``) and their remarks (``text``)."""
        try:
            return self._draft(first, when, text, line)
        except TrackerError as exc:
            where = f"{first.file} line {first.line}"
            raw = truncate(" | ".join(f"{k}={v}" for k, v in first.fields.items()))
            return BadRow(line, f"{where}: {exc.message}", raw)

    def _draft(self, r: HistoryRecord, when: str, text: str, line: int) -> Draft:
        f = r.fields
        if not r.start:
            raise ValidationError("no start-date")
        when = parse_event_when(when).text  # here, so that a bad one names its file
        extra: dict[str, Any] = {"source": "historyatstate", "source_id": r.record_id,
                                 "collection": r.collection}  # fmt: skip
        if r.collection == "visits":
            slug, country = r.ids.get("from", ""), f.get("from", "")
            if not f.get("visitor"):
                raise ValidationError("no visitor")
            name, iso = self._country(slug, country)
            actors = []
            offices = []
            written = []
            for visitor in _visitors(f["visitor"]):
                person, office = split_title(visitor)
                own = suffixed(clean_name(person))
                one = self._names.get((iso or name, own), own)  # "Binyamin Netanyahu"
                if one != own:
                    written.append(own)
                actors.append((ActorSpec(one, "person", iso), "visitor"))
                offices.append(office or "")
            if written:
                extra["visitor_written"] = written if len(written) > 1 else written[0]
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

    def _visitor_names(self, found: list[HistoryRecord]) -> dict[tuple[str, str], str]:
        """The name each visitor is imported as, when several of a country's names are one
        person's (``visitors.canonical_names``), against the log's people too."""
        keys = []
        for r in found:
            if r.collection == "visits" and r.fields.get("visitor"):
                name, iso = country_of(r.ids.get("from", ""), r.fields.get("from", ""))
                year = int(r.start[:4]) if r.start[:4].isdigit() else 0
                for visitor in _visitors(r.fields["visitor"]):
                    try:
                        person = suffixed(clean_name(split_title(visitor)[0]))
                    except TrackerError:
                        continue  # a bad record: its row says why
                    keys.append((iso or name, person, year))
        known: dict[str, list[str]] = {}
        for person, country in self.builder.conn.execute(
            "SELECT name, country FROM actors WHERE kind = 'person' AND country IS NOT NULL"
            " AND merged_into IS NULL"
        ):
            known.setdefault(country, []).append(person)
        return canonical_names(keys, known, _TITLES)

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
            words = set(name_key(full).split())
            ((_, known_name),) = actors_named(conn, short)
            if set(name_key(known_name).split()) <= words:
                spec = ActorSpec(short, "person", "USA")
        self._people[name] = spec
        return spec


def _known(conn: Any, name: str) -> bool:
    """Whether one actor of the log answers to ``name`` (a name or alias)."""
    return len(actors_named(conn, name)) == 1
