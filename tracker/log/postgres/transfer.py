"""Between a file log and the team server: ``pull`` writes the server's log as a file log,
byte for byte; ``push`` appends a file log's events the server lacks, ``tracker merge``'s
rules with the server as "ours".
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson
import psycopg

from tracker.domain.errors import ConflictError, DamagedLogError, LogIOError, TrackerError
from tracker.domain.events import LogsMerged
from tracker.domain.ids import uuid7
from tracker.log.envelope import GENESIS, encode
from tracker.log.file import EventLog
from tracker.log.postgres.common import redact
from tracker.log.postgres.store import (
    HEAD_SQL,
    Head,
    InputRow,
    PullResult,
    PushResult,
    Store,
    content_hashes,
    insert_rows,
)


def pull(store: Store, path: str | os.PathLike[str]) -> PullResult:
    """Write the server's log to ``path`` as a file log: the same lines, byte for byte.
    The file is written aside, verified like ``tracker verify``, then moved in place.
    A ``path`` that holds events the server lacks (work not pushed yet) is refused
    (``ConflictError``), and so is one that is no tracker log: nothing is lost."""
    target = Path(path)
    aside = target.with_name(f".{target.name}.pull-{os.getpid()}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(aside, "wb") as out:
            for _seq, block in store.blocks():
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
    except OSError as exc:
        aside.unlink(missing_ok=True)
        raise LogIOError(f"cannot write {target}: {exc.strerror}") from None
    except BaseException:
        aside.unlink(missing_ok=True)
        raise
    try:
        report = EventLog(aside).verify()
    except DamagedLogError as exc:
        aside.unlink(missing_ok=True)
        raise DamagedLogError(f"on the store {redact(store.url)}", exc.line, exc.problem) from None
    try:
        _keeps_everything(target, aside)
        os.replace(aside, target)
    except OSError as exc:
        raise LogIOError(f"cannot write {target}: {exc.strerror}") from None
    finally:
        aside.unlink(missing_ok=True)
    return PullResult(report.events, Head(report.events, report.head), target)


def _keeps_everything(target: Path, pulled: Path) -> None:
    """Refuse to replace ``target`` if it holds an event that ``pulled`` lacks."""
    if not target.exists():
        return
    have = {event_id for event_id, _ in EventLog(pulled).id_hashes()}
    try:
        for record in EventLog(target).read():
            if record.id not in have:
                raise ConflictError(
                    f"{target} holds events the store lacks (line {record.seq}: event"
                    f" {record.id}); push them first (`tracker push {target}`) or pull"
                    " into another file; nothing was written"
                )
    except TrackerError as exc:
        if isinstance(exc, ConflictError):
            raise
        raise ConflictError(
            f"{target} exists and is not a valid tracker log ({exc}); pull into another"
            " file; nothing was written"
        ) from None


def push(store: Store, path: str | os.PathLike[str]) -> PushResult:
    """Append a file log's events that the server lacks, re-chained after its head,
    then a ``LogsMerged`` event; the same id with other content is a conflict and
    nothing is written. The file is read and verified first, and left unchanged."""
    log = EventLog(path)
    records = list(log.read(full=True, check_ids=True))
    counts = {"added": 0, "duplicates": 0}

    def write(cur: psycopg.Cursor[Any]) -> Head | None:
        row = cur.execute(HEAD_SQL).fetchone()
        before = Head(row[0], row[1]) if row else Head(0, GENESIS)
        existing = content_hashes(cur, [r.id for r in records])
        fresh: list[InputRow] = []
        for record in records:
            digest = existing.get(record.id)
            if digest is None:
                fresh.append(
                    InputRow(
                        record.id, record.type, record.type_v,
                        orjson.dumps(record.data).decode(), record.hash,
                        True, record.recorded_at, record.recorded_by,
                    )
                )  # fmt: skip
            elif digest != record.hash:
                raise ConflictError(
                    f"event {record.id} differs between the store and {log.path} (line"
                    f" {record.seq} of the file); nothing was pushed"
                )
        counts["added"], counts["duplicates"] = len(fresh), len(records) - len(fresh)
        if not fresh:
            return None
        merged = LogsMerged(
            ours_head=before.chain if before.seq else "",
            theirs_head=records[-1].chain,
            added=len(fresh),
            duplicates=counts["duplicates"],
        )
        m = encode(merged, uuid7())
        return insert_rows(
            cur, [*fresh, InputRow(m.id or "", m.type, m.type_v, m.data.decode(), m.hash)]
        )

    ids = [r.id for r in records]
    head = store.transaction(write, ids, f"cannot push {log.path} to the store")
    return PushResult(counts["added"], counts["duplicates"], head)
