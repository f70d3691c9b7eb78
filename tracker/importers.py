"""Importers: event data sets into the log, streamed, validated, idempotent.

Formats (``tracker import FORMAT FILE``):

- ``csv``: the tracker's own template (``tracker import csv --template PATH`` writes its
  header). Columns: ``type,date,actors,roles,summary,topics,location,cameo,source_url,
  source_outlet,source_published,source_quote,id``. ``actors``, ``roles`` and ``topics``
  hold several values separated by ``;``. ``roles`` may be empty: a statement's first actor
  is then its speaker and the others its addressees, a development's actors are
  ``involved``, an interaction's are ``participant``. ``type``, ``date``, ``actors``,
  ``summary`` and a source url or outlet are required. ``id`` is optional: a UUID is used
  as the event id as it is (so a ``tracker export csv`` file re-imports as duplicates),
  any other text is the row's source id, and without one the row's content is.
- ``gdelt``: the GDELT 2.0 events export, 61 tab-separated columns, no header row.
- ``icews``: ICEWS coded event data, tab-separated, with its header row.
- ``plover`` and ``polecat``: PLOVER JSON lines (``id``, ``date``, ``actor[]``,
  ``recipient[]``, ``event[]``, ``mode[]``, ...). POLECAT's tab-separated release is not
  read (yet): convert it to PLOVER JSON lines first.

Event ids. Each row's id is ``uuid5(NAMESPACE_URL, "FORMAT:SOURCE-ID")`` (the source's
own event id: GLOBALEVENTID, ICEWS Event ID, PLOVER id), so importing a file twice adds
nothing: the second time every event is a duplicate. ICEWS event ids are not unique across
releases, so two releases may give one id two contents: that row is then reported as bad.

What is kept, and where: the CAMEO code in the event's ``cameo`` field; the source url (or
outlet) in ``sources``; the source's event id, its original codes (event, base and root
code, PLOVER event/mode/context), Goldstein scale, intensity, QuadClass, tone and actor
codes in the event's ``extra`` mapping (never in the summary).

CAMEO event codes -> tracker types (GDELT, ICEWS), roles of actor 1 / actor 2::

    040 consult                  meeting            initiator / recipient
    041 discuss by telephone     phone_call         initiator / recipient
    042 make a visit             visit              visitor / host
    043 host a visit             visit              host / visitor
    044 meet at a third location meeting            initiator / recipient
    045 mediate                  negotiation_round  initiator (the mediator) / recipient
    046 engage in negotiation    negotiation_round  initiator / recipient
    04x other                    meeting            initiator / recipient
    01, 02, 03 (incl. 036),      statement          speaker / addressee
    051-053, 055, 056, 10-13
    everything else (050, 054,   development        involved / involved
    057, 06-09, 14-20)

A statement or development whose two actors are one actor keeps it once; an interaction
needs two different actors (else the row is bad).

PLOVER events -> tracker types: CONSULT with mode ``phone`` -> phone_call, ``visit`` ->
visit (actor visitor, recipient host), ``third-party`` -> meeting, ``multilateral`` ->
multilateral_meeting (all participants), no mode -> meeting; AGREE, SUPPORT, REQUEST,
DEMAND, ACCUSE, REJECT, THREATEN, CONCEDE -> statement (actor speaker, recipient
addressee); anything else -> development (all involved).

Actors. Each name is resolved through the actor registry (``tracker.actors.resolve``:
id, name or alias, ignoring case and accents). An unknown name becomes a new actor
(``ActorRegistered``), its kind guessed from the CAMEO actor code: a piece IGO or UNO ->
international_organization; GOV -> government_body; REB, INS, SEP, RAD -> group; a
3-letter country code alone -> state; else ``other`` (ICEWS: a name equal to its country
-> state, ``Name (Country)`` -> government_body when its sectors say government, a plain
name with sectors -> person; PLOVER: the entity's code and sector alike). The country of
a new actor is the code's first three letters when they are an ISO 3166 alpha-3 code.
GDELT's all-capitals names are title-cased.

Folding CAMEO's directed pairs. CAMEO codes one visit twice: A-B 042 (A visits B) and
B-A 043 (B hosts A). Two rows fold into one visit (A visitor, B host) when: one is 042 and
the other 043, the 043 row's actors are the 042 row's actors swapped (compared by actor
code, else by name, ignoring case), they have the same date, and the same source (GDELT:
the SOURCEURL; ICEWS: the Story ID; PLOVER is not coded in pairs), and the second comes at
most ``FOLD_WINDOW`` rows after the first (which keeps memory bounded; exports are written
in event-id order, so a story's rows lie together). The folded event's id comes from both
source ids (``gdelt:ID042+ID043``), its ``extra`` holds both rows' codes and scores (a
value the rows share is kept once, differing ones as a list [042's, 043's]). A half whose
partner is in another file is imported alone, as a visit with the same roles.

Validation and writing. The file is read once and never held in memory. The first step
builds and checks every row, and writes each good event, encoded as it will be appended
(payload JSON, content hash), to a temporary spill (``tracker._spill.Spill``, in TMPDIR:
about the size the events add to the log); then it finds the ids given twice in the file
and those already in the log, a part of the ids at a time, and collects the bad rows with
their line numbers. With any bad row nothing is appended unless ``skip_bad``, which writes
a report of the bad rows instead. The second step appends the spilled events in batches of
about ``BATCH_BYTES`` through ``EventLog.append_encoded`` (each batch one write under the
log's lock, the same lines ``EventLog.append`` writes; a new actor goes in the batch of its
first event; a batch's fsync runs while the next batch is made). Should a later batch fail
(a full disk, another writer), the earlier ones stay: running the import again adds only
what is missing. Memory stays flat in the number of rows (besides one bit a row).

Speed. A plain GDELT row (every value well formed, a url source) is built straight from
its cells (``Importer._gdelt_lean``), and a draft the parser has checked is encoded
without ``build_occurrence`` (``_payload``); both give exactly what the draft path with
``build_occurrence`` gives, which a test checks row by row. Dates, CAMEO codes, actor
cells and the actors names resolve to are looked up once per import.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import math
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from tracker._spill import Spill
from tracker.domain.errors import LogIOError, TrackerError, UnknownActorError, ValidationError
from tracker.domain.events import (
    DEVELOPMENT_TYPE,
    INTERACTION_TYPES,
    STATEMENT_TYPE,
    ActorRegistered,
    OccurrenceRecorded,
    Participant,
    build_actor,
    build_occurrence,
    check_event_ref,
    occurrence_class,
    roles_for,
)
from tracker.domain.ids import spelled_id
from tracker.domain.text import clean_text, has_control, is_source_url
from tracker.domain.validation import check_payload
from tracker.log.envelope import Encoded, encode
from tracker.services.registering import unique_actor

if TYPE_CHECKING:
    import sqlite3

    from tracker.domain.dates import EventDate
    from tracker.log.outputs import Outputs
    from tracker.services.tracker import Tracker

FORMATS = ("csv", "gdelt", "icews", "plover", "polecat")
FOLD_WINDOW = 1000
MAX_RAW = 2000  # characters of a bad row kept in the report
_EXTRA_TEXT = 2000  # characters of a text value in an event's extra (events.check_extra)
assert _EXTRA_TEXT <= MAX_RAW  # so a row _gdelt_lean takes is its own raw text

TEMPLATE_COLUMNS = (
    "type",
    "date",
    "actors",
    "roles",
    "summary",
    "topics",
    "location",
    "cameo",
    "source_url",
    "source_outlet",
    "source_published",
    "source_quote",
    "id",
)
_TEMPLATE_REQUIRED = ("type", "date", "actors", "summary")

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

# Short descriptions of CAMEO codes, for the summaries of coded rows (FORMATS.md, 01-05;
# root names for the rest). The 015-018 wording follows CAMEO 1.1b3.
CAMEO_TEXT = {
    "01": "Make public statement",
    "010": "Make statement",
    "011": "Decline comment",
    "012": "Make pessimistic comment",
    "013": "Make optimistic comment",
    "014": "Consider policy option",
    "015": "Acknowledge or claim responsibility",
    "016": "Deny responsibility",
    "017": "Engage in symbolic act",
    "018": "Make empathetic comment",
    "019": "Express accord",
    "02": "Appeal",
    "026": "Appeal to others to meet or negotiate",
    "03": "Express intent to cooperate",
    "036": "Express intent to meet or negotiate",
    "04": "Consult",
    "040": "Consult",
    "041": "Discuss by telephone",
    "042": "Make a visit",
    "043": "Host a visit",
    "044": "Meet at a third location",
    "045": "Mediate",
    "046": "Engage in negotiation",
    "05": "Engage in diplomatic cooperation",
    "051": "Praise or endorse",
    "052": "Defend verbally",
    "053": "Rally support",
    "054": "Grant diplomatic recognition",
    "055": "Apologize",
    "056": "Forgive",
    "057": "Sign formal agreement",
    "06": "Engage in material cooperation",
    "07": "Provide aid",
    "08": "Yield",
    "09": "Investigate",
    "10": "Demand",
    "11": "Disapprove",
    "12": "Reject",
    "13": "Threaten",
    "14": "Protest",
    "15": "Exhibit force posture",
    "16": "Reduce relations",
    "17": "Coerce",
    "18": "Assault",
    "19": "Fight",
    "20": "Use unconventional mass violence",
}

_CONSULT_TYPES = {
    "040": ("meeting", "initiator", "recipient"),
    "041": ("phone_call", "initiator", "recipient"),
    "042": ("visit", "visitor", "host"),
    "043": ("visit", "host", "visitor"),
    "044": ("meeting", "initiator", "recipient"),
    "045": ("negotiation_round", "initiator", "recipient"),
    "046": ("negotiation_round", "initiator", "recipient"),
}
_VERBAL_ROOTS = frozenset({"01", "02", "03", "10", "11", "12", "13"})
_VERBAL_CODES = frozenset({"051", "052", "053", "055", "056"})

PLOVER_VERBAL = frozenset(
    {"AGREE", "SUPPORT", "REQUEST", "DEMAND", "ACCUSE", "REJECT", "THREATEN", "CONCEDE"}
)
PLOVER_CONSULT_MODES = {
    "phone": ("phone_call", "initiator", "recipient"),
    "visit": ("visit", "visitor", "host"),
    "third-party": ("meeting", "initiator", "recipient"),
    "multilateral": ("multilateral_meeting", "participant", "participant"),
}


def cameo_type(code: str) -> tuple[str, str, str]:
    """The tracker type of a CAMEO event code, and the roles of actor 1 and actor 2.

    >>> cameo_type("042"), cameo_type("036")[0], cameo_type("190")[0]
    (('visit', 'visitor', 'host'), 'statement', 'development')
    """
    root, base = code[:2], code[:3]
    if root == "04":
        return _CONSULT_TYPES.get(base, ("meeting", "initiator", "recipient"))
    if root in _VERBAL_ROOTS or base in _VERBAL_CODES:
        return (STATEMENT_TYPE, "speaker", "addressee")
    return (DEVELOPMENT_TYPE, "involved", "involved")


def plover_type(event: str, modes: Iterable[str]) -> tuple[str, str, str]:
    """The tracker type of a PLOVER event and mode, and the roles of actor and recipient."""
    kind = event.strip().upper()
    if kind == "CONSULT":
        for mode in modes:
            found = PLOVER_CONSULT_MODES.get(str(mode).strip().lower().replace("_", "-"))
            if found:
                return found
        return ("meeting", "initiator", "recipient")
    if kind in PLOVER_VERBAL:
        return (STATEMENT_TYPE, "speaker", "addressee")
    return (DEVELOPMENT_TYPE, "involved", "involved")


def cameo_text(code: str) -> str:
    return CAMEO_TEXT.get(code[:3]) or CAMEO_TEXT.get(code[:2]) or f"CAMEO event {code}"


_NAMESPACE_URL = uuid.NAMESPACE_URL.bytes
_VARIANT = {f"{i:x}": f"{8 | (i & 3):x}" for i in range(16)}  # RFC 4122: 10xx


def event_key(key: str) -> str:
    """The event id of a source row: ``uuid5(NAMESPACE_URL, "format:source-id")``.

    Computed as ``uuid.uuid5`` does (sha1 of the namespace and the name, version 5, RFC
    4122 variant), without making a ``UUID`` object: it is done for every row.

    >>> event_key("gdelt:1") == str(uuid.uuid5(uuid.NAMESPACE_URL, "gdelt:1"))
    True
    """
    h = hashlib.sha1(_NAMESPACE_URL + key.encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:32]}"


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class ActorSpec:
    """A participant as the source names it, with what a new actor would be made of."""

    name: str
    kind: str = "other"
    country: str | None = None
    code: str | None = None  # a CAMEO actor code


@dataclass(slots=True)
class Draft:
    """One event read from a source, before its actors are resolved.

    ``checked``: the parser has made sure that every value is one ``build_occurrence``
    takes as it is (clean, stripped text within its limits, a day date, a url source,
    extra values of the right kinds), so the importer may build the payload directly;
    see ``Importer._payload``."""

    lines: tuple[int, ...]
    key: str  # "format:source-id": the idempotency key
    type: str
    when: str
    actors: list[tuple[ActorSpec, str]]  # (actor, role)
    summary: str
    sources: list[dict[str, Any]]
    topics: list[str] = field(default_factory=list)
    location: str | None = None
    cameo: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    event_id: str | None = None  # an id given by the source (the csv template)
    fold: tuple[tuple[Any, ...], tuple[Any, ...]] | None = None  # (own key, partner's key)
    raw: str = ""
    checked: bool = False
    csv_cells: dict[str, str] | None = None  # a csv row's cells as written (see _same_as_logged)


@dataclass(frozen=True)
class BadRow:
    line: int
    reason: str
    raw: str = ""


@dataclass(slots=True)
class _Built:
    """One event ready to be appended: its payload, as ``build_occurrence(...).to_data()``
    makes it, and where it came from."""

    lines: tuple[int, ...]
    key: str
    raw: str
    event_id: str
    kind: type[OccurrenceRecorded]
    data: dict[str, Any]
    new: list[str]  # ids of new actors it names


Row = Draft | BadRow | _Built  # _Built: a GDELT row taken by Importer._gdelt_lean


def _truncate(text: str) -> str:
    return text if len(text) <= MAX_RAW else text[:MAX_RAW] + "…"


def _read_lines(path: Path) -> Iterator[tuple[int, str | BadRow]]:
    """(line number, text without its line end) of a file, streamed; bad UTF-8 is a bad row.

    A line ends at a newline, a CR-LF, or a lone CR (an old Mac file, as some spreadsheets
    still write CSV)."""
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise LogIOError(f"cannot read {path}: {exc.strerror}") from None
    with f:
        lines = enumerate(_split_lines(f), 1)
        while True:
            try:
                number, raw = next(lines)
            except StopIteration:
                return
            except OSError as exc:  # a disk error halfway
                raise LogIOError(f"cannot read {path}: {exc.strerror or exc}") from None
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield (
                    number,
                    BadRow(
                        number,
                        f"not valid UTF-8 (byte {exc.start + 1} of the line)",
                        _truncate(raw.decode("utf-8", "replace")),
                    ),
                )
                continue
            if number == 1:
                text = text.removeprefix("\ufeff")
            yield number, text


def _split_lines(f: Any, block: int = 1 << 20) -> Iterator[bytes]:
    """The lines of a binary file without their ends (LF, CR-LF or CR), read a block at a
    time: a file without a single LF is not held in memory whole either."""
    rest = b""
    while True:
        chunk = f.read(block)
        if not chunk:
            break
        lines = (rest + chunk if rest else chunk).split(b"\n")
        rest = lines.pop()  # after the last LF: the start of a line
        for line in lines:
            if line.endswith(b"\r"):
                line = line[:-1]
            if b"\r" in line:
                yield from line.split(b"\r")
            else:
                yield line
        if b"\r" in rest:  # lines ended by a lone CR
            pieces = rest.split(b"\r")
            rest = pieces.pop()
            if not rest:  # a CR at the end of the block: a CR-LF may be cut in two
                rest = pieces.pop() + b"\r"
            yield from pieces
    if rest:
        yield from rest.removesuffix(b"\r").split(b"\r")


def _kind_from_code(code: str, extra_codes: Iterable[str] = ()) -> tuple[str, str | None]:
    """Guess (kind, ISO country) from a CAMEO actor code such as ``USAGOV``."""
    code = code.strip().upper()
    pieces = {code[i : i + 3] for i in range(0, len(code), 3)}
    pieces |= {c.strip().upper() for c in extra_codes if c and c.strip()}
    country = _iso3(code[:3]) if len(code) >= 3 else None
    if pieces & {"IGO", "UNO"}:
        return "international_organization", None
    if "GOV" in pieces:
        return "government_body", country
    if pieces & {"REB", "INS", "SEP", "RAD"}:
        return "group", country
    if len(code) == 3 and country:
        return "state", country
    return "other", country


def _iso3(code: str) -> str | None:
    import pycountry

    if len(code) != 3 or not code.isalpha():
        return None
    found = pycountry.countries.get(alpha_3=code.upper())
    return str(found.alpha_3) if found is not None else None


def _country_of_name(name: str) -> str | None:
    import pycountry

    if not name.strip():
        return None
    try:
        return str(pycountry.countries.lookup(name.strip()).alpha_3)
    except LookupError:
        return None


# Numbers and codes as sources write them: ASCII digits only. Python's int(), float() and
# str.isdigit() also take other scripts' digits ("٤٢", "０41"), and int() and float() take
# "1_000": none of them is a number a source file means.
_INT = re.compile(r"[+-]?[0-9]+", re.ASCII)
_FLOAT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)


def _digits(text: str) -> bool:
    """Whether ``text`` is all ASCII digits (``str.isdigit`` takes any script's)."""
    return text.isascii() and text.isdigit()


def _number(value: str, what: str, kind: type[int] | type[float] = float) -> int | float | None:
    text = value.strip()
    if not text:
        return None
    if not (_INT if kind is int else _FLOAT).fullmatch(text):
        raise ValidationError(f"{what} is not a number: {text!r}")
    try:
        number = kind(text)
    except ValueError:
        raise ValidationError(f"{what} is not a number: {text!r}") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValidationError(f"{what} is not a number: {text!r}")
    return number


def _cameo_code(value: str, what: str = "CAMEO code") -> str:
    code = value.strip()
    if not _digits(code) or not 2 <= len(code) <= 4:
        raise ValidationError(f"bad {what} {code!r}: 2 to 4 digits, e.g. 041")
    return code


def _roles_for_pair(
    code_type: tuple[str, str, str], first: list[ActorSpec], second: list[ActorSpec]
) -> list[tuple[ActorSpec, str]]:
    """Actor 1 (or actor[]) and actor 2 (or recipient[]) with their roles; a statement's or
    development's actor named twice is kept once (CAMEO codes USA and USAGOV alike)."""
    etype, role1, role2 = code_type
    out: list[tuple[ActorSpec, str]] = [(a, role1) for a in first]
    out += [(a, role2) for a in second]
    if etype in (STATEMENT_TYPE, DEVELOPMENT_TYPE):
        seen: set[str] = set()
        kept = []
        for spec, role in out:
            if spec.name.casefold() not in seen:
                seen.add(spec.name.casefold())
                kept.append((spec, role))
        out = kept
    return out


def _extra(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in (None, "", [])}


# --------------------------------------------------------------------------- parsers


def _each_line(path: Path, parse: Callable[[int, str], Row]) -> Iterator[Row]:
    """One row per non-blank line; a line that fails ``parse`` becomes a bad row."""
    for number, text in _read_lines(path):
        if isinstance(text, BadRow):
            yield text
            continue
        if not text.strip():
            continue
        try:
            yield parse(number, text)
        except ValidationError as exc:
            yield BadRow(number, exc.message, _truncate(text))


def parse_gdelt(path: Path) -> Iterator[Row]:
    """GDELT 2.0 events: 61 tab-separated columns, no header. Codes stay strings."""
    return _each_line(path, _gdelt_row)


def _title(name: str) -> str:
    return name.title() if name.isupper() else name


@functools.lru_cache(maxsize=1 << 14)
def _gdelt_actor(
    n: int, code: str, name: str, country: str, type1: str, type2: str, type3: str
) -> ActorSpec | None:
    """Actor ``n`` of a row from its cells (Code, Name, CountryCode, Type1-3Code); a few
    thousand actors fill a whole file, so the specs are kept (a refused name is not)."""
    code = code.strip()
    name = clean_text(name, f"Actor{n}Name", limit=200, required=False)
    if not name and not code:
        return None
    kind, country_of_code = _kind_from_code(code, (type1, type2, type3))
    own = _iso3(country.strip())
    return ActorSpec(_title(name) or code, kind, own or country_of_code, code or None)


def _clean(value: str, what: str, limit: int, required: bool, plain: bool) -> str:
    """``clean_text`` for a cell of a row known (``plain``) to hold no control character."""
    if plain:
        text = value.strip()
        if len(text) <= limit and (text or not required):
            return text
    return clean_text(value, what, limit=limit, required=required)


def _int(value: str, what: str) -> int | float | None:
    """``_number(value, what, int)``, quicker for the usual well-formed cell."""
    if value.isascii() and "_" not in value:
        try:
            return int(value)
        except ValueError:
            pass
    return _number(value, what, int)


def _float(value: str, what: str) -> int | float | None:
    """``_number(value, what)``, quicker for the usual well-formed cell."""
    if not value.isascii() or "_" in value:
        return _number(value, what)
    try:
        number = float(value)
    except ValueError:
        return _number(value, what)
    return number if math.isfinite(number) else _number(value, what)


_G = {name: i for i, name in enumerate(GDELT_COLUMNS)}
_G_ACTOR1, _G_ACTOR2 = _G["Actor1Code"], _G["Actor2Code"]


def _gdelt_row(number: int, text: str) -> Draft:
    cells = text.split("\t")
    if len(cells) != len(GDELT_COLUMNS):
        raise ValidationError(
            f"expected {len(GDELT_COLUMNS)} tab-separated columns, found {len(cells)}"
        )
    plain = not has_control(text)  # then each cell is clean once stripped
    source_id = _clean(cells[0], "GLOBALEVENTID", 40, True, plain)
    day = cells[1].strip()
    if len(day) != 8 or not _digits(day):
        raise ValidationError(f"bad SQLDATE {day!r}: YYYYMMDD")
    when = f"{day[:4]}-{day[4:6]}-{day[6:]}"
    code = _cameo_code(cells[_G["EventCode"]], "EventCode")
    a, b = _G_ACTOR1, _G_ACTOR2  # Code, Name, CountryCode at +0..2; Type1-3Code at +7..9
    first = _gdelt_actor(1, cells[a], cells[a + 1], cells[a + 2], *cells[a + 7 : a + 10])
    second = _gdelt_actor(2, cells[b], cells[b + 1], cells[b + 2], *cells[b + 7 : b + 10])
    code_type = cameo_type(code)
    actors = _roles_for_pair(code_type, [first] if first else [], [second] if second else [])
    url = _clean(cells[_G["SOURCEURL"]], "SOURCEURL", 2000, False, plain)
    source: dict[str, Any] = (
        {"url": url}
        if url.lower().startswith(("http://", "https://"))
        else {"outlet": url or "GDELT"}
    )
    names = " → ".join(a.name for a, _ in actors)
    extra = _extra(
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
        raw=_truncate(text),
        # every text value is a stripped cell (or made of them), so within the row's length
        checked=plain
        and len(text) <= _EXTRA_TEXT
        and code.isascii()
        and "url" in source
        and is_source_url(url) is not None,
    )
    draft.fold = _fold_keys(draft, url or source_id, first, second)
    return draft


_GDELT_WIDTH = len(GDELT_COLUMNS)
_G_CODE, _G_URL, _G_PLACE = _G["EventCode"], _G["SOURCEURL"], _G["ActionGeo_FullName"]
_G_BASE, _G_ROOT, _G_IS_ROOT = _G["EventBaseCode"], _G["EventRootCode"], _G["IsRootEvent"]
_G_QUAD, _G_GOLDSTEIN, _G_TONE = _G["QuadClass"], _G["GoldsteinScale"], _G["AvgTone"]
_G_MENTIONS, _G_SOURCES, _G_ARTICLES = _G["NumMentions"], _G["NumSources"], _G["NumArticles"]
_G_ADDED = _G["DATEADDED"]
_UNSEEN = object()


def _gdelt_day(cell: str) -> EventDate | None:
    """The date of a SQLDATE cell, or None when ``_gdelt_row`` or ``_build`` refuses it."""
    from tracker.domain.dates import parse_event_date

    day = cell.strip()
    if len(day) != 8 or not _digits(day):
        return None
    try:
        return parse_event_date(f"{day[:4]}-{day[4:6]}-{day[6:]}")
    except ValidationError:
        return None


def _gdelt_code(
    cell: str,
) -> tuple[str, str, str, str, str, type[OccurrenceRecorded], bool] | None:
    """(code, type, role of actor 1, role of actor 2, summary label, event class, whether
    it may fold: a 042 or 043) of an EventCode cell; None for a code the event refuses."""
    code = cell.strip()
    if not (_digits(code) and 2 <= len(code) <= 4):
        return None
    etype, role1, role2 = cameo_type(code)
    return (
        code, etype, role1, role2, cameo_text(code), occurrence_class(etype),
        code[:3] in ("042", "043"),
    )  # fmt: skip


def _fold_keys(
    draft: Draft, story: str, first: ActorSpec | None, second: ActorSpec | None
) -> tuple[tuple[Any, ...], tuple[Any, ...]] | None:
    """The keys under which a 042/043 row waits for its mirror row (see the docstring)."""
    if not draft.cameo or draft.cameo[:3] not in ("042", "043") or not (first and second):
        return None
    a = (first.code or first.name).casefold()
    b = (second.code or second.name).casefold()
    if a == b:
        return None
    mine, other = draft.cameo[:3], "043" if draft.cameo[:3] == "042" else "042"
    return (draft.when, story, a, b, mine), (draft.when, story, b, a, other)


def parse_icews(path: Path) -> Iterator[Row]:
    """ICEWS coded event data: tab-separated, with its header row."""
    header: list[str] | None = None
    for number, text in _read_lines(path):
        if isinstance(text, BadRow):
            if header is None:
                raise ValidationError(f"{path}: line 1: {text.reason}")
            yield text
            continue
        if header is None:
            header = [h.strip() for h in text.split("\t")]
            missing = [c for c in ICEWS_COLUMNS if c not in header]
            if missing:
                raise ValidationError(
                    f"{path}: line 1 is not the ICEWS header: missing {', '.join(missing)}"
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
            yield _icews_row(number, dict(zip(header, cells, strict=True)), text)
        except ValidationError as exc:
            yield BadRow(number, exc.message, _truncate(text))
    if header is None:
        raise ValidationError(f"{path} is empty: expected the ICEWS header row")


def _icews_actor(name: str, sectors: str, country: str, what: str) -> ActorSpec | None:
    clean = clean_text(name, what, limit=200, required=False)
    if not clean:
        return None
    sectors = clean_text(sectors, f"{what} sectors", limit=2000, required=False)
    country_name = clean_text(country, f"{what} country", limit=200, required=False)
    iso = _country_of_name(country_name)
    if country_name and clean.casefold() == country_name.casefold():
        kind = "state"
    elif "(" in clean:
        kind = "government_body" if "government" in sectors.lower() else "other"
    elif sectors:
        kind = "person"
    else:
        kind = "other"
    return ActorSpec(clean, kind, iso)


def _icews_row(number: int, row: dict[str, str], text: str) -> Draft:
    source_id = clean_text(row["Event ID"], "Event ID", limit=60)
    when = row["Event Date"].strip()
    if len(when) != 10:
        raise ValidationError(f"bad Event Date {when!r}: YYYY-MM-DD")
    code = row["CAMEO Code"].strip()
    if _digits(code) and len(code) == 2 and int(code) > 20:
        code = "0" + code  # a code read as a number lost its leading zero: 42 -> 042
    code = _cameo_code(code)
    first = _icews_actor(
        row["Source Name"], row["Source Sectors"], row["Source Country"], "Source Name"
    )
    second = _icews_actor(
        row["Target Name"], row["Target Sectors"], row["Target Country"], "Target Name"
    )
    code_type = cameo_type(code)
    actors = _roles_for_pair(code_type, [first] if first else [], [second] if second else [])
    event_text = clean_text(row["Event Text"], "Event Text", limit=200, required=False)
    story = clean_text(row["Story ID"], "Story ID", limit=60, required=False)
    publisher = clean_text(row["Publisher"], "Publisher", limit=200, required=False)
    place = [
        clean_text(row[c], c, limit=200, required=False) for c in ("City", "Province", "Country")
    ]
    names = " → ".join(a.name for a, _ in actors)
    head = event_text or cameo_text(code)
    draft = Draft(
        lines=(number,),
        key=f"icews:{source_id}",
        type=code_type[0],
        when=when,
        actors=actors,
        summary=f"{head}: {names}" if names else head,
        sources=[{"outlet": publisher or "ICEWS"}],
        location=", ".join(p for p in dict.fromkeys(place) if p) or None,
        cameo=code,
        extra=_extra(
            source="icews",
            source_id=source_id,
            event_code=code,
            event_text=event_text,
            intensity=_number(row["Intensity"], "Intensity"),
            story_id=story,
            sentence_number=_number(row["Sentence Number"], "Sentence Number", int),
            source_sectors=row["Source Sectors"].strip(),
            target_sectors=row["Target Sectors"].strip(),
        ),
        raw=_truncate(text),
    )
    draft.fold = _fold_keys(draft, story or source_id, first, second)
    return draft


def parse_plover(path: Path, fmt: str = "plover") -> Iterator[Row]:
    """PLOVER JSON lines: one event object a line."""

    def parse(number: int, text: str) -> Row:
        try:
            obj = orjson.loads(text)
        except orjson.JSONDecodeError:
            raise ValidationError("not valid JSON") from None
        if not isinstance(obj, dict):
            raise ValidationError("not a JSON object")
        return _plover_row(number, obj, text, fmt)

    return _each_line(path, parse)


def _plover_list(obj: Mapping[str, Any], key: str, *, required: bool = False) -> list[Any]:
    value = obj.get(key)
    if value in (None, "", []):
        if required:
            raise ValidationError(f"missing {key}[]")
        return []
    if isinstance(value, str | dict):
        value = [value]
    if not isinstance(value, list):
        raise ValidationError(f"{key} must be a list")
    return value


def _plover_actor(entity: Any, what: str) -> ActorSpec:
    if isinstance(entity, str):
        name = clean_text(entity, what, limit=200)
        kind, country = (
            _kind_from_code(name) if name.isupper() and name.isalpha() else ("other", None)
        )
        return ActorSpec(name, kind, country, name if kind != "other" else None)
    if not isinstance(entity, dict):
        raise ValidationError(f"an entity of {what} must be text or an object")
    given = entity.get("entity_text") or entity.get("name") or entity.get("code")
    if not isinstance(given, str):
        raise ValidationError(f"an entity of {what} has no entity_text or code")
    name = clean_text(given, what, limit=200)
    code = str(entity["code"]) if isinstance(entity.get("code"), str) else ""
    sector = str(entity["sector"]) if isinstance(entity.get("sector"), str) else ""
    kind, country = _kind_from_code(code or "", [sector])
    if kind == "other" and entity.get("identifier_id") and not code:
        kind = "person"
    return ActorSpec(name, kind, country, code or None)


def _plover_row(number: int, obj: Mapping[str, Any], text: str, fmt: str) -> Draft:
    source_id = obj.get("id")
    if not isinstance(source_id, str | int) or isinstance(source_id, bool) or source_id == "":
        raise ValidationError("missing id")
    source_id = clean_text(str(source_id), "id", limit=100)
    when = obj.get("date")
    if not isinstance(when, str) or not when.strip():
        raise ValidationError("missing date")
    events = [
        clean_text(str(e), "event", limit=40) for e in _plover_list(obj, "event", required=True)
    ]
    modes = [clean_text(str(m), "mode", limit=40) for m in _plover_list(obj, "mode")]
    contexts = [clean_text(str(c), "context", limit=60) for c in _plover_list(obj, "context")]
    actors = [_plover_actor(a, "actor") for a in _plover_list(obj, "actor", required=True)]
    recipients = [_plover_actor(a, "recipient") for a in _plover_list(obj, "recipient")]
    code_type = plover_type(events[0], modes)
    parts = _roles_for_pair(code_type, actors, recipients)
    summary = obj.get("event_text") or obj.get("text")
    if isinstance(summary, str) and summary.strip():
        summary = clean_text(summary, "event_text")
        if len(summary) > 500:
            summary = summary[:497] + "…"
    else:
        names = " → ".join(a.name for a, _ in parts)
        label = events[0].upper() + (f" ({', '.join(modes)})" if modes else "")
        summary = f"{label}: {names}"
    link = obj.get("link")
    source: dict[str, Any] = {}
    if isinstance(link, str) and link.strip():
        source["url"] = link.strip()
    info = obj.get("text_info")
    outlet = None
    if isinstance(info, dict):
        outlet = info.get("publisher") or info.get("source") or info.get("outlet")
    if isinstance(outlet, str) and outlet.strip():
        source["outlet"] = outlet
    if not source:
        source["outlet"] = fmt.upper()
    place = obj.get("event_loc")
    if isinstance(place, dict):
        place = place.get("name") or place.get("placename") or place.get("geo_name")
    location = (
        clean_text(place, "event_loc", limit=200, required=False) if isinstance(place, str) else ""
    )
    intensity = obj.get("intensity", obj.get("event_intensity"))
    if intensity is not None and (
        isinstance(intensity, bool) or not isinstance(intensity, int | float)
    ):
        intensity = _number(str(intensity), "intensity")
    quad = obj.get("quad_code")
    return Draft(
        lines=(number,),
        key=f"{fmt}:{source_id}",
        type=code_type[0],
        when=when,
        actors=parts,
        summary=summary,
        sources=[source],
        location=location or None,
        extra=_extra(
            source=fmt,
            source_id=source_id,
            event=events,
            mode=modes,
            context=contexts,
            quad_code=quad
            if isinstance(quad, int | float | str) and not isinstance(quad, bool)
            else None,
            intensity=intensity,
            event_scale=obj.get("event_scale")
            if isinstance(obj.get("event_scale"), str | int | float)
            else None,
        ),
        raw=_truncate(text),
    )


def parse_csv(path: Path) -> Iterator[Row]:
    """The csv template (see the module docstring): a header row, then one event a row."""
    lines = _read_lines(path)
    bad_lines: list[BadRow] = []
    numbers: list[int] = []

    def texts() -> Iterator[str]:
        for number, text in lines:
            if isinstance(text, BadRow):
                bad_lines.append(text)
                text = ""
            numbers.append(number)
            yield text + "\n"

    reader = csv.reader(texts())
    header: list[str] | None = None
    while True:
        start = len(numbers) + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield BadRow(start, f"not valid CSV: {exc}")
            continue
        while bad_lines:
            yield bad_lines.pop(0)
        if header is None:
            header = [c.strip().lower() for c in cells]
            unknown = [c for c in header if c not in TEMPLATE_COLUMNS]
            missing = [c for c in _TEMPLATE_REQUIRED if c not in header]
            if unknown or missing:
                why = []
                if unknown:
                    why.append(f"unknown column(s) {', '.join(unknown)}")
                if missing:
                    why.append(f"missing column(s) {', '.join(missing)}")
                raise ValidationError(
                    f"{path}: line 1 is not the template header: {'; '.join(why)}"
                    " (see `tracker import csv --template PATH`)"
                )
            continue
        if not any(c.strip() for c in cells):
            continue
        raw = _truncate(",".join(cells))
        try:
            if len(cells) != len(header):
                raise ValidationError(f"expected {len(header)} columns, found {len(cells)}")
            yield _csv_row(start, dict(zip(header, cells, strict=True)), raw)
        except ValidationError as exc:
            yield BadRow(start, exc.message, raw)
    if header is None:
        raise ValidationError(f"{path} is empty: expected the template header row")


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


def _csv_row(number: int, cells: dict[str, str], raw: str) -> Draft:
    from tracker.domain.markup import csv_text

    # the text of each cell: the quote `export csv` puts before a formula-like cell undone
    row = {column: csv_text(cell) for column, cell in cells.items()}
    etype = row.get("type", "").strip().lower().replace("-", "_").replace(" ", "_")
    names = _split(row.get("actors", ""))
    if not names:
        raise ValidationError("no actors")
    roles = [r.lower() for r in _split(row.get("roles", ""))]
    if roles and len(roles) != len(names):
        raise ValidationError(f"{len(names)} actors but {len(roles)} roles")
    if not roles:
        if etype == STATEMENT_TYPE:
            roles = ["speaker"] + ["addressee"] * (len(names) - 1)
        elif etype == DEVELOPMENT_TYPE:
            roles = ["involved"] * len(names)
        else:
            roles = ["participant"] * len(names)
    source = {
        k: row.get(f"source_{k}", "").strip() or None
        for k in ("url", "outlet", "published", "quote")
    }
    given = row.get("id", "").strip()
    event_id = None
    if given:
        event_id = spelled_id(given)  # any spelling of a UUID is that id, canonical
        key = f"csv:{event_id or clean_text(given, 'id', limit=200)}"
    else:
        digest = hashlib.sha256(orjson.dumps(sorted(cells.items()))).hexdigest()
        key = f"csv:sha256:{digest}"
    return Draft(
        lines=(number,),
        key=key,
        type=etype or row.get("type", ""),
        when=row.get("date", "").strip(),
        actors=[(ActorSpec(n, "other"), r) for n, r in zip(names, roles, strict=True)],
        summary=row.get("summary", ""),
        sources=[{k: v for k, v in source.items() if v}] if any(source.values()) else [],
        topics=_split(row.get("topics", "")),
        location=row.get("location", "").strip() or None,
        cameo=row.get("cameo", "").strip() or None,
        event_id=event_id,
        raw=raw,
        csv_cells=cells,
    )


PARSERS: dict[str, Callable[[Path], Iterator[Row]]] = {
    "csv": parse_csv,
    "gdelt": parse_gdelt,
    "icews": parse_icews,
    "plover": lambda p: parse_plover(p, "plover"),
    "polecat": lambda p: parse_plover(p, "polecat"),
}


def write_template(path: Path, outputs: Outputs | None = None) -> Path:
    """Write the csv template's header row to ``path`` (never over the log's files)."""
    from tracker.log.outputs import write_text

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(TEMPLATE_COLUMNS)
    return write_text(path, buf.getvalue(), outputs=outputs)


# --------------------------------------------------------------------------- folding


def fold_pairs(rows: Iterable[Row], window: int = FOLD_WINDOW) -> Iterator[Row]:
    """Fold CAMEO 042/043 mirror rows into one visit (see the module docstring)."""
    folds = _FoldWindow(window)
    for row in rows:
        if isinstance(row, Draft) and row.fold is not None:
            yield from folds.push(row)
        else:
            yield row
        if folds.waiting:
            line = row.line if isinstance(row, BadRow) else row.lines[-1]
            if folds.oldest < line - window:
                yield from folds.expire(line)
    yield from folds.rest()


class _FoldWindow:
    """The 042/043 rows waiting for their mirror row, at most ``window`` rows."""

    def __init__(self, window: int) -> None:
        self.window = window
        self.waiting: dict[tuple[Any, ...], Draft] = {}
        self.oldest = 0  # the first line of the row waiting longest, while one waits

    def _moved(self) -> None:
        self.oldest = next(iter(self.waiting.values())).lines[0] if self.waiting else 0

    def push(self, row: Draft) -> list[Row]:
        """Take a row that may fold (``row.fold``): the rows now ready, in order (the row
        folded with its mirror, or a row it replaces)."""
        assert row.fold is not None
        mine, partner_key = row.fold
        ready: list[Row] = []
        partner = self.waiting.pop(partner_key, None)
        if partner is not None:
            ready.append(_fold(partner, row))
        else:
            if mine in self.waiting:
                ready.append(self.waiting.pop(mine))
            self.waiting[mine] = row
        self._moved()
        return ready

    def expire(self, line: int) -> list[Row]:
        """The rows that have waited since before ``line - window``, in order."""
        ready: list[Row] = []
        while self.waiting:
            first_key = next(iter(self.waiting))
            if self.waiting[first_key].lines[0] >= line - self.window:
                break
            ready.append(self.waiting.pop(first_key))
        self._moved()
        return ready

    def rest(self) -> list[Row]:
        """The rows still waiting at the end of the file."""
        ready: list[Row] = list(self.waiting.values())
        self.waiting.clear()
        return ready


def _fold(a: Draft, b: Draft) -> Draft:
    visit, host = (a, b) if (a.cameo or "").startswith("042") else (b, a)
    extra: dict[str, Any] = {}
    for key in dict.fromkeys([*visit.extra, *host.extra]):
        x, y = visit.extra.get(key), host.extra.get(key)
        extra[key] = x if x == y else [v for v in (x, y) if v is not None]
    sources = list(visit.sources)
    for s in host.sources:
        if s not in sources:
            sources.append(s)
    visitor, hosting = visit.actors[0][0].name, visit.actors[-1][0].name
    lines = tuple(sorted(a.lines + b.lines))
    return replace(
        visit,
        lines=lines,
        key=f"{visit.key}+{host.key.partition(':')[2]}",
        summary=f"Visit: {visitor} visited {hosting}",
        sources=sources,
        extra=extra,
        fold=None,
        raw=visit.raw,
        checked=a.checked and b.checked,
    )


# --------------------------------------------------------------------------- importing


@dataclass
class ImportReport:
    fmt: str
    path: Path
    read: int = 0
    added: int = 0
    duplicates: int = 0
    skipped: int = 0
    new_actors: list[tuple[str, str]] = field(default_factory=list)  # (id, name)
    bad: list[BadRow] = field(default_factory=list)
    report_path: Path | None = None
    dry_run: bool = False

    def summary(self) -> str:
        line = (
            f"read {self.read}, added {self.added}, duplicates {self.duplicates},"
            f" skipped {self.skipped}, new actors {len(self.new_actors)}"
        )
        return f"dry run, nothing written: {line}" if self.dry_run else line


class BadRowsError(ValidationError):
    """Rows that cannot be imported; nothing was appended."""

    def __init__(self, path: Path, bad: list[BadRow]) -> None:
        self.bad = bad
        super().__init__(
            f"{len(bad)} bad row(s) in {path}; nothing was imported"
            " (fix them, or pass --skip-bad to import the good rows)"
        )


Progress = Callable[[str, int], None]
Show = Callable[[str, OccurrenceRecorded, list[str]], None]

BATCH_BYTES = 4 << 20  # an append (one write, one fsync) per 4 MiB of payloads
_REMEMBERED = 1 << 16  # actor names and dates an import remembers (then it starts afresh)


def _payload(d: Draft, parts: list[tuple[str, str]], when: str) -> dict[str, Any] | None:
    """What ``build_occurrence(...).to_data()`` makes of a checked draft (``Draft.checked``)
    with these participants, built directly; None when it could differ (or refuse), for
    ``build_occurrence`` to decide."""
    allowed = roles_for(d.type)
    seen: set[str] = set()
    for actor, role in parts:
        if not actor or role not in allowed or actor in seen:
            return None
        seen.add(actor)
    if d.type in INTERACTION_TYPES:
        if len(parts) < 2:
            return None
    elif d.type == STATEMENT_TYPE:
        if not any(role == "speaker" for _, role in parts):
            return None
    elif d.type != DEVELOPMENT_TYPE:
        return None
    sources = []
    for source in d.sources:
        url = source.get("url")
        if len(source) != 1 or not isinstance(url, str):
            return None
        sources.append({"url": url})
    if not sources or d.topics:
        return None
    data: dict[str, Any] = {
        "type": d.type,
        "when": when,
        "participants": [{"actor": actor, "role": role} for actor, role in parts],
        "summary": d.summary,
        "topics": [],
        "sources": sources,
    }
    if d.location:
        data["location"] = " ".join(d.location.split())
    if d.cameo:
        data["cameo"] = d.cameo
    if d.extra:
        data["extra"] = d.extra
    return data


class Importer:
    """Reads one file, checks every row, then appends the good ones; see the module
    docstring. The checked events wait on disk (``tracker._spill.Spill``) in between."""

    def __init__(
        self,
        tracker: Tracker,
        fmt: str,
        path: Path,
        *,
        skip_bad: bool = False,
        dry_run: bool = False,
        progress: Progress | None = None,
        show: Show | None = None,
    ) -> None:
        if fmt not in PARSERS:
            raise ValidationError(f"unknown import format {fmt!r}; use {', '.join(FORMATS)}")
        self.tracker = tracker
        self.fmt = fmt
        self.path = Path(path)
        self.skip_bad = skip_bad
        self.dry_run = dry_run
        self.progress = progress
        self.show = show
        self.new_actors: dict[str, ActorRegistered] = {}  # casefolded name -> actor
        self.taken: set[str] = set()
        # name -> (its casefolded key, what it resolved to), for names not naming an office
        self._resolved: dict[str, tuple[str, tuple[str, bool]]] = {}
        self._dates: dict[str, EventDate] = {}
        self._days: dict[str, Any] = {}  # SQLDATE cell -> EventDate | None
        self._codes: dict[str, Any] = {}  # EventCode cell -> _gdelt_code(cell)
        self._conn: sqlite3.Connection | None = None
        self._count = 0
        self._checked_to = 0

    # ------------------------------------------------------------------ building

    def _items(self, conn: sqlite3.Connection) -> Iterator[_Built | BadRow]:
        """Every row of the file, folded, built (or bad, with its reason), in order."""
        if not self.path.is_file():
            raise LogIOError(f"cannot read {self.path}: no such file")
        if self.fmt == "gdelt":
            yield from self._gdelt_items(conn)
            return
        count = 0
        for row in fold_pairs(PARSERS[self.fmt](self.path)):
            count += 1 if isinstance(row, BadRow) else len(row.lines)
            yield self._built(conn, row)
            if self.progress is not None and count % 1000 == 0:
                self.progress("checking", count)
        self._count = count

    def _built(self, conn: sqlite3.Connection, row: Row) -> _Built | BadRow:
        """A row built by ``_build``, or a bad row with the reason it is not."""
        if not isinstance(row, Draft):
            return row
        try:
            return self._build(conn, row)
        except TrackerError as exc:
            reason = exc.message
            if len(row.lines) > 1:
                reason += f" (folded with line {row.lines[1]})"
            return BadRow(row.lines[0], reason, row.raw)

    def _gdelt_items(self, conn: sqlite3.Connection) -> Iterator[_Built | BadRow]:
        """``_items`` for GDELT, in one loop: a row is built at once by ``_gdelt_lean``
        when it can; the others are read as drafts (``_gdelt_row``), folded as
        ``fold_pairs`` does, and built by ``_build``, or are bad rows with their reasons."""
        lean, built, folds = self._gdelt_lean, self._built, _FoldWindow(FOLD_WINDOW)
        count = 0
        for number, text in _read_lines(self.path):
            if isinstance(text, str):
                if not text.strip():
                    continue
                row: Row | None = lean(number, text)
                if row is None:
                    try:
                        row = _gdelt_row(number, text)
                    except ValidationError as exc:
                        row = BadRow(number, exc.message, _truncate(text))
            else:
                row = text
            if isinstance(row, _Built):
                yield row
            elif isinstance(row, Draft) and row.fold is not None:
                for ready in folds.push(row):
                    yield built(conn, ready)
            else:
                yield built(conn, row)
            if folds.waiting and folds.oldest < number - FOLD_WINDOW:
                for ready in folds.expire(number):
                    yield built(conn, ready)
            count += 1
            if self.progress is not None and count % 1000 == 0:
                self.progress("checking", count)
        for ready in folds.rest():
            yield built(conn, ready)
        self._count = count

    def _gdelt_lean(self, number: int, text: str) -> _Built | Draft | None:
        """The event of a plain GDELT row, built straight from its cells: the one that
        ``_gdelt_row`` and ``_build`` make of it (a test compares them row by row), with
        what repeats from row to row (dates, codes, actors) looked up once. None for any
        row that is not plain (a bad value, a control character, a long row, a source
        that is not a url, a participant the event would refuse): the draft path takes
        those. A plain row that may fold (042, 043) becomes its draft."""
        cells = text.split("\t")
        if len(cells) != _GDELT_WIDTH or len(text) > _EXTRA_TEXT or has_control(text):
            return None
        day = self._days.get(cells[1], _UNSEEN)
        if day is _UNSEEN:
            day = _gdelt_day(cells[1])
            if len(self._days) >= _REMEMBERED:
                self._days.clear()
            self._days[cells[1]] = day
        cameo = self._codes.get(cells[_G_CODE], _UNSEEN)
        if cameo is _UNSEEN:
            cameo = _gdelt_code(cells[_G_CODE])
            if len(self._codes) >= _REMEMBERED:
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
            return None  # int() and float() would read other digits: _number decides
        try:  # the numbers as _number reads them, when each is a finite number
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
            spec1 = _gdelt_actor(1, cells[a], cells[a + 1], cells[a + 2], *cells[a + 7 : a + 10])
            spec2 = _gdelt_actor(2, cells[b], cells[b + 1], cells[b + 2], *cells[b + 7 : b + 10])
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
        if folds:  # a 042 or 043 waits for its mirror row as a draft, as _gdelt_row makes it
            return self._gdelt_fold_draft(number, text, cameo, spec1, spec2, extra, day, url, place)
        # the participants as _roles_for_pair and _build choose them: actor 1, then actor 2
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
        conn = self._conn
        assert conn is not None
        try:
            for spec, role in specs:
                actor_id, is_new = self._resolve(conn, spec, day.first)
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
        return _Built((number,), key, text, event_key(key), kind, data, new)  # text: short

    @staticmethod
    def _gdelt_fold_draft(
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
        """The draft ``_gdelt_row`` makes of a plain 042 or 043 row (a visit), from the
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
            raw=_truncate(text),
            checked=True,
        )
        draft.fold = _fold_keys(draft, url, first, second)
        return draft

    def _date(self, when: str) -> EventDate:
        from tracker.domain.dates import parse_event_date

        day = self._dates.get(when)
        if day is None:
            day = parse_event_date(when)
            if len(self._dates) >= _REMEMBERED:
                self._dates.clear()
            self._dates[when] = day
        return day

    def _resolve(self, conn: sqlite3.Connection, spec: ActorSpec, on: Any) -> tuple[str, bool]:
        """The actor id of a participant, and whether the import makes it (a new actor).

        A name resolves the same way on every row unless it is an office's (then it is the
        holder on the day), so the answer is kept for the next rows; a new actor made
        under the name's key since is found first, as before."""
        hit = self._resolved.get(spec.name)
        if hit is not None:
            made = self.new_actors.get(hit[0])
            return (made.actor, True) if made is not None else hit[1]
        key = " ".join(spec.name.split()).casefold()
        found = self._resolve_now(conn, spec, on, key)
        from tracker.queries.actors import offices_named

        if not offices_named(conn, spec.name):
            if len(self._resolved) >= _REMEMBERED:
                self._resolved.clear()
            self._resolved[spec.name] = (key, found)
        return found

    def _resolve_now(
        self, conn: sqlite3.Connection, spec: ActorSpec, on: Any, key: str
    ) -> tuple[str, bool]:
        from tracker.queries.actors import resolve

        made = self.new_actors.get(key)
        if made is not None:
            return made.actor, True
        try:
            return resolve(conn, spec.name, on), False
        except UnknownActorError:
            pass
        ids = {"cameo": spec.code} if spec.code else None
        try:
            actor = build_actor(spec.name, spec.kind, (), spec.country, ids)
        except ValidationError:
            actor = build_actor(spec.name, spec.kind)  # an odd code or country: leave it out
        actor = unique_actor(conn, actor, self.taken)
        self.new_actors[key] = actor
        return actor.actor, True

    def _same_as_logged(self, conn: sqlite3.Connection, d: Draft) -> _Built | None:
        """A csv row with the id of an event in the log whose every cell is what `export
        csv` writes for that event now is that event, whatever the csv cannot carry (more
        sources, ``extra``): its own payload, so that the import counts it a duplicate."""
        from tracker.domain.errors import NotFoundError
        from tracker.domain.events import EVENT_CLASSES
        from tracker.domain.markup import csv_cell
        from tracker.exporters import csv_values
        from tracker.queries import events as queries

        assert d.csv_cells is not None and d.event_id is not None
        try:
            values = csv_values(queries.get_event(conn, d.event_id))
        except NotFoundError:
            return None
        if any(csv_cell(values.get(c, "")) != cell for c, cell in d.csv_cells.items()):
            return None
        row = conn.execute(
            "SELECT line_end FROM changes WHERE target = ? AND event_id = ?",
            (d.event_id, d.event_id),
        ).fetchone()
        record = self.tracker.log.record_at(row[0]) if row else None
        if record is None or record.id != d.event_id or record.type not in EVENT_CLASSES:
            return None
        kind = EVENT_CLASSES[record.type]
        if record.type_v != kind.VERSION or not issubclass(kind, OccurrenceRecorded):
            return None  # an older version: its hash is not the current one's
        return _Built(d.lines, d.key, d.raw, d.event_id, kind, record.data, [])

    def _build(self, conn: sqlite3.Connection, d: Draft) -> _Built:
        if d.csv_cells is not None and d.event_id is not None:
            logged = self._same_as_logged(conn, d)
            if logged is not None:
                return logged
        if not isinstance(d.when, str) or not d.when.strip():
            raise ValidationError("no date")
        day = self._date(d.when)
        parts: list[tuple[str, str]] = []
        new: list[str] = []
        once = d.type in (STATEMENT_TYPE, DEVELOPMENT_TYPE)
        for spec, role in d.actors:
            actor_id, is_new = self._resolve(conn, spec, day.first)
            if is_new and actor_id not in new:
                new.append(actor_id)
            if once and any(actor == actor_id for actor, _ in parts):
                continue  # two names of one actor
            parts.append((actor_id, role))
        if not parts:
            raise ValidationError("no actor")
        event_id = d.event_id or event_key(d.key)
        data = _payload(d, parts, day.text) if d.checked else None
        if data is not None:
            return _Built(d.lines, d.key, d.raw, event_id, occurrence_class(d.type), data, new)
        event = build_occurrence(
            event_type=d.type,
            when=d.when,
            participants=[Participant(actor, role) for actor, role in parts],
            summary=d.summary,
            sources=d.sources,
            topics=d.topics,
            location=d.location,
            cameo=d.cameo,
            extra=d.extra,
        )
        if event.type in INTERACTION_TYPES and len({actor for actor, _ in parts}) < 2:
            raise ValidationError(f"a {event.type} needs two different actors")
        return _Built(d.lines, d.key, d.raw, event_id, type(event), event.to_data(), new)

    # ------------------------------------------------------------------ the two steps

    def run(self) -> ImportReport:
        report = ImportReport(self.fmt, self.path, dry_run=self.dry_run)
        conn = self._conn = self.tracker.model()
        try:
            with Spill() as spill:
                self._check(conn, report, spill)
                if report.bad and not self.skip_bad:
                    raise BadRowsError(self.path, report.bad)
                self._append(report, spill)
        finally:
            self._conn = None
            conn.close()
        report.skipped = len(report.bad)
        return report

    def _check(self, conn: sqlite3.Connection, report: ImportReport, spill: Spill) -> None:
        """Step 1: every row built and checked, into the spill; ids against each other and
        the log (a repeat or an id in the log is skipped; with other content it is bad)."""
        for item in self._items(conn):
            if not isinstance(item, BadRow):
                try:  # what enters the log is checked as any new event is
                    check_payload(item.kind.TYPE, item.kind.VERSION, item.data)
                    check_event_ref(item.event_id, "event id")
                except ValidationError as exc:
                    item = BadRow(item.lines[0], exc.message, item.raw)
            if isinstance(item, BadRow):
                report.bad.append(item)
            else:
                spill.add(item)
        report.read = self._count
        self._checked_to = self.tracker.log.tail_state().size
        settled = spill.settle(self.tracker.log.id_hashes())  # the log, streamed
        report.duplicates += settled.duplicates
        for line, event_id, key, first, raw in settled.conflicts:
            report.bad.append(
                BadRow(
                    line,
                    f"event id {event_id} ({key}) was given at line {first} with different content",
                    raw,
                )
            )
        for line, event_id in settled.in_log:
            report.bad.append(
                BadRow(
                    line,
                    f"event id {event_id} is already in the log with different content"
                    " (to change it, use `tracker amend`)",
                )
            )
        report.bad.sort(key=lambda b: b.line)

    def _append(self, report: ImportReport, spill: Spill) -> None:
        """Step 2: the spilled events not skipped, in batches of about ``BATCH_BYTES``; a
        new actor just before its first event. Each batch is one write under the log's
        lock; its fsync runs beside the next batch's making, which waits for it before
        its own write (so at most one batch is not yet on disk)."""
        from concurrent.futures import Future, ThreadPoolExecutor

        registered: set[str] = set()
        by_id = {a.actor: a for a in self.new_actors.values()}
        batch: list[Encoded] = []
        size = actors = count = 0
        log = self.tracker.log
        synced: Future[None] | None = None

        def flush() -> None:
            nonlocal size, actors, synced
            if not batch:
                return
            if not self.dry_run:
                if synced is not None:
                    synced.result()  # the batch before is on disk (or its error is raised)
                result = log.append_encoded(
                    batch, notice=self.tracker.notice, ids_checked_to=self._checked_to, sync=False
                )
                synced = syncer.submit(log.fsync)
                self._checked_to = result.end or self._checked_to
                report.added += len(result.written) - actors  # new actors are always written
                report.duplicates += len(result.duplicates)
            else:
                report.added += len(batch) - actors
            batch.clear()
            size = actors = 0

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="tracker-fsync") as syncer:
            for lines, item, new in spill.events():
                for actor_id in new.decode().split("\n") if new else ():
                    if actor_id not in registered:
                        registered.add(actor_id)
                        actor = by_id[actor_id]
                        batch.append(encode(actor))
                        actors += 1
                        report.new_actors.append((actor.actor, actor.name))
                batch.append(item)
                size += len(item.data)
                if self.show is not None:
                    self._show(item, by_id)
                if self.progress is not None:
                    count += lines
                    if count % 1000 < lines:
                        self.progress("importing", count)
                if size >= BATCH_BYTES:
                    flush()
            flush()
            if synced is not None:
                synced.result()

    def _show(self, item: Encoded, by_id: Mapping[str, ActorRegistered]) -> None:
        assert self.show is not None and item.id is not None
        data = orjson.loads(item.data)
        event = occurrence_class(data["type"]).from_data(data)
        names = [by_id[p.actor].name if p.actor in by_id else p.actor for p in event.participants]
        self.show(item.id, event, names)


def write_bad_report(
    report: ImportReport, path: Path | None = None, outputs: Outputs | None = None
) -> Path:
    """The bad rows of an import as CSV (line, reason, row); formulas neutralised."""
    from tracker.domain.dates import format_utc, utc_now
    from tracker.domain.markup import csv_cell
    from tracker.log.outputs import write_text

    if path is None:
        stamp = format_utc(utc_now()).replace(":", "").replace("-", "")[:15]
        path = Path("reports") / f"import-{report.fmt}-{report.path.stem}-{stamp}-bad.csv"
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["line", "reason", "row"])
    for bad in report.bad:
        writer.writerow(
            [bad.line, csv_cell(bad.reason), csv_cell(bad.raw.replace("\x00", "\\x00"))]
        )
    return write_text(path, buf.getvalue(), outputs=outputs, what="the report ")


def import_file(
    tracker: Tracker,
    fmt: str,
    path: str | Path,
    *,
    skip_bad: bool = False,
    dry_run: bool = False,
    report_path: Path | None = None,
    progress: Progress | None = None,
    show: Show | None = None,
) -> ImportReport:
    """Import ``path`` (of format ``fmt``) into the tracker's log. See the module docstring."""
    from tracker.log.outputs import Outputs

    tracker.log.require()
    outputs = Outputs.of(tracker.log.path, tracker.db_path)
    if report_path is not None:  # before anything is imported
        outputs.check(report_path, what="the report ")
    importer = Importer(
        tracker,
        fmt.lower(),
        Path(path),
        skip_bad=skip_bad,
        dry_run=dry_run,
        progress=progress,
        show=show,
    )
    report = importer.run()
    if report.bad and not dry_run:
        report.report_path = write_bad_report(report, report_path, outputs)
    return report
