"""Two analysts, one log: merging two copies of a log without breaking the chain.

``merge_logs(ours, theirs)`` keeps ``ours`` byte for byte (the common prefix and our own
new lines), then appends the events that only ``theirs`` has, in their order, re-sealed
onto our chain (new ``seq``, ``prev`` and ``chain``; the same id, type, payload, content
hash, recording time and recorder), and records the merge as a ``LogsMerged`` event.
Events both sides have (the same id and content) are kept once; the same id with other
content is a conflict and nothing is written.

What is guaranteed: merging A into B and B into A gives the same set of events (the
merge records aside) and a valid chain either way. The order is not the same: each side
keeps its own lines first. (A single order for both would mean rewriting one side's
lines, which a reader of that side's history may already have anchored.)

As a git merge driver (``.gitattributes``: ``data/events.jsonl merge=tracker-log``; see
the README or ``tracker init``), git calls ``tracker merge %A %B %O`` and commits the
result: ``%A`` is ours, written in place.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .dates import format_utc, utc_now
from .errors import ConflictError, ValidationError
from .events import LogsMerged, check_event
from .ids import uuid7
from .log import ENVELOPE_VERSION, EventLog, Record, content_hash, current_user, seal


@dataclass(frozen=True)
class MergeResult:
    common: int  # lines both logs share at their start
    ours_only: int  # lines only ours has (kept as they are)
    added: int  # events taken from theirs
    duplicates: int  # events theirs had that ours has too
    head: str  # the chain hash of the merged log's last line


def _envelope(record: Record, seq: int, prev: str) -> dict[str, Any]:
    return {
        "v": ENVELOPE_VERSION,
        "seq": seq,
        "id": record.id,
        "type": record.type,
        "type_v": record.type_v,
        "recorded_at": record.recorded_at,
        "recorded_by": record.recorded_by,
        "data": record.data,
        "hash": record.hash,
        "prev": prev,
    }


def merge_logs(
    ours: str | os.PathLike[str],
    theirs: str | os.PathLike[str],
    base: str | os.PathLike[str] | None = None,
    *,
    recorded_by: str | None = None,
) -> MergeResult:
    """Append to ``ours`` what only ``theirs`` has (see the module docstring)."""
    ours_log, theirs_log = EventLog(ours), EventLog(theirs)
    ours_log.require()
    theirs_log.require()
    with ours_log.locked():
        mine = list(ours_log.read(full=True))
        other = list(theirs_log.read(full=True))
        common = 0
        for a, b in zip(mine, other, strict=False):
            if a.chain != b.chain:
                break
            common += 1
        if base is not None:
            base_records = list(EventLog(base).read(full=True))
            if len(base_records) > common or any(
                x.chain != y.chain for x, y in zip(base_records, mine, strict=False)
            ):
                raise ValidationError(
                    "the base is not the start of both logs: one of them was rewritten;"
                    " nothing was merged"
                )
        known = {r.id: r.hash for r in mine}
        new: list[Record] = []
        duplicates = 0
        for record in other[common:]:
            digest = known.get(record.id)
            if digest is None:
                known[record.id] = record.hash
                new.append(record)
            elif digest == record.hash:
                duplicates += 1
            else:
                raise ConflictError(
                    f"event {record.id} differs between the two logs (line {record.seq} of"
                    f" {theirs_log.path}); nothing was merged"
                )
        for record in new:  # what enters our log is checked as any new event is
            _check_incoming(record, theirs_log)
        state = ours_log.tail_state()
        if not new:
            return MergeResult(common, len(mine) - common, 0, duplicates, state.chain)
        seq, prev = state.seq, state.chain
        lines = []
        for record in new:
            seq += 1
            line, prev = seal(_envelope(record, seq, prev))
            lines.append(line)
        merged = LogsMerged(
            ours_head=mine[-1].chain if mine else "",
            theirs_head=other[-1].chain if other else "",
            added=len(new),
            duplicates=duplicates,
        )
        data = merged.to_data()
        seq += 1
        envelope = {
            "v": ENVELOPE_VERSION,
            "seq": seq,
            "id": uuid7(),
            "type": merged.TYPE,
            "type_v": merged.VERSION,
            "recorded_at": format_utc(utc_now()),
            "recorded_by": recorded_by or current_user(),
            "data": data,
            "hash": content_hash(merged.TYPE, merged.VERSION, data),
            "prev": prev,
        }
        line, prev = seal(envelope)
        lines.append(line)
        ours_log._write(b"".join(lines), state.size)
    return MergeResult(common, len(mine) - common, len(new), duplicates, prev)


def _check_incoming(record: Record, source: EventLog) -> None:
    """Refuse a line of another log whose event tracker would not have written
    (``events.check_event``: the payload of its type, the id, the recorder)."""
    try:
        check_event(
            record.id, record.type, record.type_v, record.recorded_at, record.recorded_by,
            record.data,
        )  # fmt: skip
    except ValidationError as exc:
        raise ValidationError(
            f"line {record.seq} of {source.path}: event {str(record.id)[:60]}: {exc.message};"
            " nothing was written"
        ) from None


def merge_driver_command(tracker_command: str) -> str:
    """The ``git config merge.tracker-log.driver`` value for a tracker command."""
    return f"{tracker_command} merge %A %B %O"


def setup_git(folder: Path, tracker_command: str) -> bool:
    """Register the merge driver for the log in ``folder``'s git repository, if any.

    Writes the ``.gitattributes`` rule and sets ``merge.tracker-log.*`` in the repository's
    config. Returns False when ``folder`` is not in a git work tree (or git is missing).
    """
    import shutil
    import subprocess

    git = shutil.which("git")
    if git is None:
        return False
    inside = subprocess.run(
        [git, "-C", str(folder), "rev-parse", "--is-inside-work-tree"],
        capture_output=True,
        text=True,
        check=False,
    )
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        return False
    attributes = folder / ".gitattributes"
    rule = "data/events.jsonl merge=tracker-log"
    lines = attributes.read_text(encoding="utf-8").splitlines() if attributes.exists() else []
    if rule not in lines:
        with attributes.open("a", encoding="utf-8") as f:
            f.write(("\n" if lines and lines[-1] else "") + rule + "\n")
    for key, value in (
        ("merge.tracker-log.name", "tracker: merge two event logs, re-chaining the new suffix"),
        ("merge.tracker-log.driver", merge_driver_command(tracker_command)),
    ):
        subprocess.run([git, "-C", str(folder), "config", key, value], check=True)
    return True
