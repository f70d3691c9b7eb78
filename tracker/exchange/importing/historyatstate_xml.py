"""HistoryAtState XML read into records: the trips of ``secretary-travels/`` and
``president-travels/`` and the visits of ``visits/data/``, from a folder (read through, as
the repositories are laid out), a zip of one, or one file; and the records grouped into
stops (see ``tracker.exchange.importing.historyatstate``).

Read with expat, which is given no DTD and no entities (a file declaring one is refused):
nothing outside the file is read, and no entity expands.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

from tracker.domain.errors import LogIOError, ValidationError
from tracker.exchange.importing.rows import event_key

MAX_FILE = 64 << 20  # bytes of one XML file (the largest published one is under 1 MB)
ROOTS = {"trips": "trip", "visits": "visit"}
_SPACE = re.compile(r"\s+")


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
                yield str(path / relative), _read(file)
        elif zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                for info in sorted(archive.infolist(), key=lambda i: i.filename):
                    if info.is_dir() or not info.filename.endswith(".xml"):
                        continue
                    if info.file_size > MAX_FILE:
                        raise ValidationError(f"{path}: {info.filename} is over {MAX_FILE} bytes")
                    yield f"{path}:{info.filename}", archive.read(info)
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
        raise ValidationError(
            f"{name}: a DTD or entity declaration (HistoryAtState XML has none);"
            " nothing was imported"
        )

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


def span_of(group: list[HistoryRecord]) -> str:
    """The dates of a stop: its first start to its last end (one day: that day)."""
    start = min(r.start for r in group)
    end = max(r.end for r in group)
    return start if end == start else f"{start}/{end}"


def texts_of(group: list[HistoryRecord]) -> str:
    """The remarks of a stop's records, each once; one that another continues is left out
    ("Attended the meeting." beside "Attended the meeting, and met ...")."""
    texts = list(dict.fromkeys(r.text for r in group if r.text))
    kept = [t for t in texts if not any(o != t and o.startswith(t.rstrip(".")) for o in texts)]
    return " ".join(kept)


def _number(text: str) -> int:
    return int(text) if text.isascii() and text.isdigit() else 1 << 62
