"""Appending to the log, under its lock: one ``write`` of every new line on an
``O_APPEND`` descriptor, an fsync, and the file cut back if either fails; and the repair
of the tail before an append (a missing final newline restored, a torn write moved aside
to ``<log>-torn-<time>``, beside the log and not git-ignored).
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from tracker.domain.dates import format_utc, utc_now
from tracker.domain.errors import ConflictError, LogIOError, Notice
from tracker.domain.ids import uuid7
from tracker.log.envelope import AppendResult, Encoded, Sealer, current_user
from tracker.log.paths import create_beside
from tracker.log.reader import TailState

# (ids, from byte) -> the content hash of each of those ids found in the log's lines
ExistingHashes = Callable[[set[str], int], dict[str, str]]


def write_lines(path: Path, payload: bytes, size_before: int, *, sync: bool = True) -> None:
    """One write on an O_APPEND descriptor, then (``sync``) fsync; on failure, cut back."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    except OSError as exc:
        raise LogIOError(f"cannot write to log {path}: {exc.strerror}") from None
    try:
        try:
            written = os.write(fd, payload)
            if written != len(payload):
                raise OSError(errno.EIO, f"short write ({written} of {len(payload)} bytes)")
            if sync:
                os.fsync(fd)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, size_before)
                if sync:
                    os.fsync(fd)
            raise LogIOError(
                f"cannot write to log {path}: {exc.strerror or exc}; nothing was appended"
            ) from None
    finally:
        os.close(fd)


def fsync_log(path: Path) -> None:
    """Have the disk hold what was appended (after an append with ``sync=False``)."""
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise LogIOError(
            f"cannot write to log {path}: {exc.strerror}; the events appended last"
            " may not be on the disk"
        ) from None


def mend_tail(path: Path, state: TailState, notice: Notice | None) -> TailState:
    """Under the lock: give a complete last event its newline back, or move a torn tail
    aside (never delete it). Returns the state after."""
    if state.unterminated:
        write_lines(path, b"\n", state.size)
        if notice:
            notice(
                f"note: the last line of the log (line {state.seq}) is a complete event"
                " that lacked its final newline; restored the newline"
            )
        return TailState(state.seq, state.chain, state.size + 1, 0)
    if not state.torn:
        return state
    stamp = format_utc(utc_now()).replace(":", "").replace("-", "")
    try:
        with open(path, "rb") as f:
            f.seek(state.size)
            tail = f.read()
        aside, out = create_beside(path, f"{path.name}-torn-{stamp}")
        with out:
            out.write(tail)
            out.flush()
            os.fsync(out.fileno())
        with open(path, "r+b") as f:
            f.truncate(state.size)
            os.fsync(f.fileno())
    except OSError as exc:
        raise LogIOError(f"cannot move the torn tail of {path} aside: {exc.strerror}") from None
    if notice:
        notice(
            f"warning: the log ended with an incomplete line ({len(tail)} bytes, a torn write);"
            f" moved it to {aside}"
        )
    return TailState(state.seq, state.chain, state.size, 0)


class Writer:
    """Appends to a log under its lock, made by ``EventLog.writing()`` after the prefix
    check and the tail's repair. ``state`` is the log's end, kept current."""

    def __init__(self, path: Path, state: TailState, existing: ExistingHashes) -> None:
        self.path = path
        self.state = state
        self.existing = existing

    def append(
        self,
        items: Iterable[Encoded],
        *,
        recorded_by: str | None = None,
        ids_checked_to: int = 0,
        sync: bool = True,
    ) -> AppendResult:
        """See ``EventLog.append_encoded``: one write (and fsync) of every new line."""
        pending = list(items)
        state = self.state
        result = AppendResult(head=state.chain, end=state.size)
        given = {p.id for p in pending if p.id}
        existing = self.existing(given, ids_checked_to) if given else {}
        batch_ids: dict[str, str] = {}
        lines: list[bytes] = []
        seq, prev = state.seq, state.chain
        sealer = Sealer(format_utc(utc_now()), recorded_by or current_user())
        for p in pending:
            event_id = p.id or uuid7()
            result.ids.append(event_id)
            if existing or event_id in batch_ids:
                known = existing.get(event_id) or batch_ids.get(event_id)
                if known is not None:
                    if known != p.hash:
                        where = (
                            "is already in the log"
                            if event_id in existing
                            else "is given twice in this input"
                        )
                        raise ConflictError(
                            f"event id {event_id} {where} with different content;"
                            " nothing was written"
                        )
                    result.duplicates.append(event_id)
                    continue
            batch_ids[event_id] = p.hash
            seq += 1
            line, prev = sealer.line(seq, event_id, p, prev)
            lines.append(line)
            result.written.append(event_id)
        payload = b"".join(lines)
        if payload:
            write_lines(self.path, payload, state.size, sync=sync)
        result.head = prev
        result.end = state.size + len(payload)
        self.state = TailState(seq, prev, result.end, 0)
        return result
