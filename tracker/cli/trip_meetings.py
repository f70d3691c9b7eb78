"""``tracker import historyatstate ... --propose-meetings FILE``: the meetings the trips'
remarks report ("Met with Minister for Foreign Affairs Toshimitsu Motegi"), run through the
extractor and written as drafts in ``add-event --json``'s format, never appended: review
them, then ``tracker add-event --json FILE --create-actors``.

Here, at the CLI layer, because the importer (``tracker.exchange``) and the extractor
(``tracker.extract``) are siblings that do not import each other.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from tracker.domain.errors import ValidationError
from tracker.domain.text import clean_name

if TYPE_CHECKING:
    from tracker.extract.registry import Registry
    from tracker.services.tracker import Tracker

TRAVELS = ("secretary-travels", "president-travels")


def check_output(out: Path, log_path: Path) -> None:
    """Before anything is imported: the drafts' file is not the log, and can be written."""
    if out.resolve() == log_path.resolve():
        raise ValidationError(f"--propose-meetings {out} is the log itself; give another file")
    parent = out.resolve().parent
    if not parent.is_dir() or not os.access(parent, os.W_OK):
        raise ValidationError(
            f"cannot write --propose-meetings {out}: {parent} is not a writable folder"
        )
    if out.is_dir():
        raise ValidationError(f"--propose-meetings {out} is a folder; give a file")


def propose_meetings(tracker: Tracker, path: Path, out: Path) -> tuple[int, int, int]:
    """Write the drafts to ``out``; (stops with remarks, meetings proposed, stops whose
    traveller is not in the log)."""
    from tracker.exchange.importing.historyatstate import OUTLET, SITE, short_name
    from tracker.exchange.importing.historyatstate_xml import records, stops, texts_of
    from tracker.extract.remarks import propose_remarks
    from tracker.extract.snapshot import snapshot

    registry = snapshot(tracker)
    drafts: list[dict[str, object]] = []
    read = unknown = 0
    for group in stops(list(records(path))):
        first = group[0]
        text = texts_of(group)
        if first.collection not in TRAVELS or not text.strip() or not first.start:
            continue
        read += 1
        traveller = _traveller(registry, first.fields.get("name", ""), short_name)
        if traveller is None:
            unknown += 1
            continue
        role = "president" if first.collection == "president-travels" else "secretary"
        who = first.attrs.get("who", "")
        url = f"{SITE}/travels/{role}/{who}" if who else f"{SITE}/travels/{role}"
        for prop in propose_remarks(
            text, day=first.start[:10], traveller=traveller, registry=registry
        ):
            draft = prop.to_json(text, url=url, outlet=OUTLET)
            proposal = draft.get("proposal")
            if isinstance(proposal, dict):
                proposal["source_id"] = first.record_id  # the record (add-event ignores it)
            drafts.append(draft)
    _write(out, orjson.dumps(drafts, option=orjson.OPT_INDENT_2) + b"\n")
    return read, len(drafts), unknown


def _traveller(registry: Registry, name: str, short_name: object) -> str | None:
    full = clean_name(name)
    for candidate in (full, short_name(full) if callable(short_name) else None):
        if not candidate:
            continue
        ids = {registry.canonical(i) for i in registry.lookup(candidate)}
        if len(ids) == 1:
            return next(iter(ids))
    return None


def _write(out: Path, data: bytes) -> None:
    """All or nothing: a temporary file beside ``out``, renamed over it."""
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.resolve().parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
