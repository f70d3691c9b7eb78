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

As a git merge driver (``.gitattributes``: ``data/events.jsonl -text merge=tracker-log``;
see the README or ``tracker init``: ``tracker.log.folder``), git calls ``tracker merge %A %B %O`` and commits the
result: ``%A`` is ours (a temporary copy git makes), written in place.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import orjson

from tracker.domain.errors import ConflictError, Notice, ValidationError
from tracker.domain.events import LogsMerged
from tracker.domain.validation import check_event
from tracker.log.envelope import Encoded, Record, encode
from tracker.log.file import EventLog


@dataclass(frozen=True)
class MergeResult:
    common: int  # lines both logs share at their start
    ours_only: int  # lines only ours has (kept as they are)
    added: int  # events taken from theirs
    duplicates: int  # events theirs had that ours has too
    head: str  # the chain hash of the merged log's last line


def merge_logs(
    ours: str | os.PathLike[str],
    theirs: str | os.PathLike[str],
    base: str | os.PathLike[str] | None = None,
    *,
    recorded_by: str | None = None,
    notice: Notice | None = None,
    remember: bool = False,
) -> MergeResult:
    """Append to ``ours`` what only ``theirs`` has (see the module docstring).

    Written through the log's one writer (``EventLog.writing``: its lock, its prefix check
    and tail repair, one write, fsync, cut back on failure). ``remember`` records the
    file's state beside it for the next writer; the git driver writes into git's own
    temporary copy and leaves nothing beside it."""
    ours_log, theirs_log = EventLog(ours), EventLog(theirs)
    ours_log.require()
    theirs_log.require()
    with ours_log.writing(notice, remember=remember) as writer:
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
        new: list[Encoded] = []
        duplicates = 0
        for record in other[common:]:
            digest = known.get(record.id)
            if digest is None:
                _check_incoming(record, theirs_log)  # checked as any new event is
                known[record.id] = record.hash
                # the same id, type, payload, content hash, recording time and recorder
                new.append(
                    Encoded(
                        record.type, record.type_v, orjson.dumps(record.data), record.hash,
                        record.id, record.recorded_at, record.recorded_by,
                    )
                )  # fmt: skip
            elif digest == record.hash:
                duplicates += 1
            else:
                raise ConflictError(
                    f"event {record.id} differs between the two logs (line {record.seq} of"
                    f" {theirs_log.path}); nothing was merged"
                )
        if not new:
            return MergeResult(common, len(mine) - common, 0, duplicates, writer.state.chain)
        merged = LogsMerged(
            ours_head=mine[-1].chain if mine else "",
            theirs_head=other[-1].chain if other else "",
            added=len(new),
            duplicates=duplicates,
        )
        # every id was checked against ours above: the writer need not read ours again
        result = writer.append(
            [*new, encode(merged)], recorded_by=recorded_by, ids_checked_to=writer.state.size
        )
    return MergeResult(common, len(mine) - common, len(new), duplicates, result.head)


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
