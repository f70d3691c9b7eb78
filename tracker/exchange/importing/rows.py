"""What an importer reads a file into: drafts (a row's event before its actors are
resolved), bad rows (with their line and reason), and built events (ready to append);
and the small readers every format shares: lines in any line end, numbers in ASCII
digits, actor kinds guessed from CAMEO actor codes, and the id of a source row.

Event ids. Each row's id is ``uuid5(NAMESPACE_URL, "FORMAT:SOURCE-ID")`` (the source's
own event id: GLOBALEVENTID, ICEWS Event ID, PLOVER id), so importing a file twice adds
nothing: the second time every event is a duplicate. ICEWS event ids are not unique across
releases, so two releases may give one id two contents: that row is then reported as bad.

Actors. A new actor's kind is guessed from the CAMEO actor code: a piece IGO or UNO ->
international_organization; GOV -> government_body; REB, INS, SEP, RAD -> group; a
3-letter country code alone -> state; else ``other``. Its country is the code's first
three letters when they are an ISO 3166 alpha-3 code.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.domain.errors import LogIOError, ValidationError
from tracker.domain.events import (
    DEVELOPMENT_TYPE,
    INTERACTION_TYPES,
    STATEMENT_TYPE,
    OccurrenceRecorded,
)

MAX_RAW = 2000  # characters of a bad row kept in the report
EXTRA_TEXT = 2000  # characters of a text value in an event's extra (events.check_extra)
assert EXTRA_TEXT <= MAX_RAW  # so a row the GDELT lean path takes is its own raw text
Progress = Callable[[str, int], None]  # (stage, rows so far)
REMEMBERED = 1 << 16  # actor names and dates an import remembers (then it starts afresh)

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


@dataclass(frozen=True)
class ActorSpec:
    """A participant as the source names it, with what a new actor would be made of."""

    name: str
    kind: str = "other"
    country: str | None = None
    code: str | None = None  # a CAMEO actor code
    parent: ActorSpec | None = None  # the state a sector or agent is part of
    # other names of a new actor (each one no actor in the log has); the import's later
    # rows that give one of them find the new actor
    aliases: tuple[str, ...] = ()


@dataclass(slots=True)
class Draft:
    """One event read from a source, before its actors are resolved.

    ``checked``: the parser has made sure that every value is one ``build_occurrence``
    takes as it is (clean, stripped text within its limits, a day date, a url source,
    extra values of the right kinds), so the importer may build the payload directly;
    see ``tracker.exchange.importing.build.payload``."""

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
    csv_cells: dict[str, str] | None = (
        None  # a csv row's cells as written (see Builder._same_as_logged)
    )
    exported: dict[str, Any] | None = None  # a record of tracker's own PLOVER export, as read
    # the key an older tracker gave the row (ICEWS: its Event ID without the date): an event
    # of the log under that key's id, on the row's day, is this row, imported before
    older_key: str | None = None


@dataclass(frozen=True)
class BadRow:
    line: int
    reason: str
    raw: str = ""


@dataclass(frozen=True)
class LeftOut:
    """A row valid in its format that is not a tracker event (no actor to name): counted
    by its reason in the summary, never a bad row."""

    line: int
    reason: str


@dataclass(slots=True)
class Built:
    """One event ready to be appended: its payload, as ``build_occurrence(...).to_data()``
    makes it, and where it came from."""

    lines: tuple[int, ...]
    key: str
    raw: str
    event_id: str
    kind: type[OccurrenceRecorded]
    data: dict[str, Any]
    new: list[str]  # ids of new actors it names
    # the payload is what check_payload passes unchanged, by construction (the GDELT lean
    # path: see LeanReader.lean); every other event is checked before it is spilled
    checked: bool = False


Row = Draft | BadRow | Built | LeftOut  # Built: a GDELT row taken by the lean path (gdelt.py)


def truncate(text: str) -> str:
    return text if len(text) <= MAX_RAW else text[:MAX_RAW] + "…"


def read_lines(path: Path) -> Iterator[tuple[int, str | BadRow]]:
    """(line number, text without its line end) of a file, streamed; bad UTF-8 is a bad row.

    A line ends at a newline, a CR-LF, or a lone CR (an old Mac file, as some spreadsheets
    still write CSV)."""
    try:
        f = open_data(path)
    except OSError as exc:
        raise LogIOError(f"cannot read {path}: {exc.strerror or exc}") from None
    with f:
        lines = enumerate(split_lines(f), 1)
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
                        truncate(raw.decode("utf-8", "replace")),
                    ),
                )
                continue
            if number == 1:
                text = text.removeprefix("\ufeff")
            yield number, text


def open_data(path: Path) -> Any:
    """A data file opened for reading bytes; a zip archive (GDELT's ``.CSV.zip``) is its
    one data member (the first file in it that is not a folder or a note)."""
    import zipfile

    f = open(path, "rb")  # noqa: SIM115 - the caller closes it
    if f.read(4) != b"PK\x03\x04":
        f.seek(0)
        return f
    try:
        archive = zipfile.ZipFile(f)
        names = [i for i in archive.infolist() if not i.is_dir()]
        data = [i for i in names if not i.filename.lower().endswith((".txt", ".md", ".pdf"))]
        if not (data or names):
            raise ValidationError(f"{path} is a zip archive with no file in it")
        return archive.open((data or names)[0])
    except zipfile.BadZipFile as exc:
        f.close()
        raise ValidationError(f"{path} is not a readable zip archive: {exc}") from None


def strip_controls(text: str) -> str:
    """``text`` without C1 control characters (U+0080 to U+009F): the mojibake of text
    decoded in the wrong code page, as published in real place names ("K\x9bavn*"). Other
    control characters stay, for the row's check to refuse."""
    return _C1.sub("", text)


_C1 = re.compile("[\x80-\x9f]")


def split_lines(f: Any, block: int = 1 << 20) -> Iterator[bytes]:
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


def kind_from_code(code: str, extra_codes: Iterable[str] = ()) -> tuple[str, str | None]:
    """Guess (kind, ISO country) from a CAMEO actor code such as ``USAGOV``."""
    code = code.strip().upper()
    pieces = {code[i : i + 3] for i in range(0, len(code), 3)}
    pieces |= {c.strip().upper() for c in extra_codes if c and c.strip()}
    country = iso3(code[:3]) if len(code) >= 3 else None
    if pieces & {"IGO", "UNO"}:
        return "international_organization", None
    if "GOV" in pieces:
        return "government_body", country
    if pieces & {"REB", "INS", "SEP", "RAD"}:
        return "group", country
    if len(code) == 3 and country:
        return "state", country
    return "other", country


def iso3(code: str) -> str | None:
    import pycountry

    if len(code) != 3 or not code.isalpha():
        return None
    found = pycountry.countries.get(alpha_3=code.upper())
    return str(found.alpha_3) if found is not None else None


def country_of_name(name: str) -> str | None:
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


def digits(text: str) -> bool:
    """Whether ``text`` is all ASCII digits (``str.isdigit`` takes any script's)."""
    return text.isascii() and text.isdigit()


def parse_number(
    value: str, what: str, kind: type[int] | type[float] = float
) -> int | float | None:
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


def cameo_code(value: str, what: str = "CAMEO code") -> str:
    code = value.strip()
    if not digits(code) or not 2 <= len(code) <= 4:
        raise ValidationError(f"bad {what} {code!r}: 2 to 4 digits, e.g. 041")
    return code


def roles_for_pair(
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


def honest_type(
    code_type: tuple[str, str, str], first: ActorSpec | None, second: ActorSpec | None
) -> tuple[str, str, str]:
    """The type and roles a coded row can honestly be: a contact with one actor (the
    other missing, or the same actor twice) is a development involving it; so is a
    statement without its speaker."""
    etype = code_type[0]
    one = first is None or second is None or first.name.casefold() == second.name.casefold()
    if (etype in INTERACTION_TYPES and one) or (etype == STATEMENT_TYPE and first is None):
        return (DEVELOPMENT_TYPE, "involved", "involved")
    return code_type


UNIDENTIFIED = "(unidentified)"  # the actor 1 a coded row leaves empty


def coded_summary(label: str, names: list[str], first_named: bool = True) -> str:
    """``label: A → B`` of a coded row; a row that names only its actor 2 (the target: GDELT
    leaves Actor1 empty on many rows) says so, for the target did not act: "Accuse:
    (unidentified) → United Kingdom", not "Accuse: United Kingdom"."""
    if not names:
        return label
    if not first_named:
        names = [UNIDENTIFIED, *names]
    return f"{label}: {' → '.join(names)}"


def extra_of(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in (None, "", [])}


def each_line(
    path: Path,
    parse: Callable[[int, str], Row | None],
    lines: Callable[[Path], Iterator[tuple[int, str | BadRow]]] | None = None,
) -> Iterator[Row]:
    """One row per non-blank line (of ``lines(path)``, ``read_lines`` by default); a line
    that fails ``parse`` becomes a bad row (None: a line that is no row, such as a header)."""
    for number, text in (lines or read_lines)(path):
        if isinstance(text, BadRow):
            yield text
            continue
        if not text.strip():
            continue
        try:
            row = parse(number, text)
        except ValidationError as exc:
            row = BadRow(number, exc.message, truncate(text))
        if row is not None:
            yield row
