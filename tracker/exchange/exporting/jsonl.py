"""jsonl: a sub-log that is itself a valid log (``tracker verify`` passes): the selected
events' own log lines, their amendments, and the actor events of the actors they name
(registrations, aliases, renames; offices, affiliations and merges when every actor they
name is in), in log order, re-sealed with a fresh chain under their original ids, so that
appending them to the log they came from adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tracker.domain.dates import parse_utc
from tracker.domain.errors import ValidationError
from tracker.domain.events import EVENT_CLASSES
from tracker.exchange.exporting.selection import BATCH, ExportResult, Selection, outputs_of
from tracker.log.envelope import Pending, check_record
from tracker.log.file import EventLog
from tracker.log.outputs import staged
from tracker.services.tracker import Tracker


def export_jsonl(tracker: Tracker, selection: Selection, path: Path) -> ExportResult:
    """A valid sub-log of the selection (see the module docstring)."""
    outputs = outputs_of(tracker)
    target = outputs.check(path)
    if target.exists() and target.stat().st_size:
        raise ValidationError(f"{path} already exists and is not empty; nothing was written")
    wanted = {e.id for e in selection.entries}
    moment = selection.as_of

    def records() -> Iterable[Any]:
        for record in tracker.log.read():
            try:
                check_record(record)  # a bad event is left out, as the read model leaves it
            except ValidationError:
                continue
            if moment is not None and parse_utc(record.recorded_at) > moment:
                continue
            yield record

    # Pass 1: the actor ids the selected events name, as written (merged ids included).
    needed: set[str] = {p.actor_id for e in selection.entries for p in e.participants}
    for record in records():
        if record.id in wanted and "participants" in record.data:
            needed.update(p["actor"] for p in record.data["participants"])
        elif record.type == "EventAmended" and record.data.get("target") in wanted:
            for p in record.data.get("changes", {}).get("participants") or []:
                needed.add(p["actor"])
    conn = tracker.model(moment)
    try:
        direct = dict(
            conn.execute(
                "SELECT id, merged_into FROM actors WHERE merged_into IS NOT NULL"
            ).fetchall()
        )
    finally:
        conn.close()
    for actor_id in list(needed):
        current = actor_id
        while current in direct and direct[current] not in needed:
            current = direct[current]
            needed.add(current)

    def keep(record: Any) -> bool:
        data = record.data
        if record.type in ("InteractionRecorded", "StatementRecorded", "DevelopmentRecorded"):
            return bool(record.id in wanted)
        if record.type == "EventAmended":
            return bool(data.get("target") in wanted)
        if record.type == "EventRetracted":
            return False
        refs = [data.get(k) for k in ("actor", "org", "source", "target") if data.get(k)]
        return bool(refs) and all(r in needed for r in refs)

    written = 0
    batch: list[Pending] = []
    with staged(path, outputs=outputs) as tmp:  # the whole sub-log, or nothing
        out = EventLog.create(tmp)
        try:
            for record in records():
                if not keep(record):
                    continue
                event = EVENT_CLASSES[record.type].from_data(record.upcast_data())
                batch.append(Pending(event, record.id))
                if len(batch) >= BATCH:
                    written += len(out.append(batch).written)
                    batch.clear()
            if batch:
                written += len(out.append(batch).written)
        finally:
            out.checked_path.unlink(missing_ok=True)  # the writers' record of the temp file
    return ExportResult(path, len(wanted), written)
