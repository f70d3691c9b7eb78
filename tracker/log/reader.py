"""Reading the log: every line checked as it is read, and what follows the last newline.

The tail: a last line without its newline that is a complete event (valid JSON, every
field, linked to the line before, its hashes right) is an event: readers count it (and
the next writer restores the newline). Anything else after the last newline is a torn
write: readers ignore it (and the next writer moves it aside).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, NoReturn

import orjson

from tracker.domain.errors import DamagedLogError, LogIOError
from tracker.log.envelope import (
    ENVELOPE_VERSION,
    FIELD_SET,
    FIELDS,
    GENESIS,
    Record,
    chain_ok,
    content_hash,
    sealed_as_written,
)

READ_BLOCK = 1 << 20
UNTERMINATED_MAX = 64 << 20  # a last line longer than this is never taken for an event


@dataclass(frozen=True, slots=True)
class TailState:
    seq: int
    chain: str
    size: int  # bytes up to and including the last newline (or the unterminated event)
    torn: int  # bytes after the last newline (a torn tail), 0 if none
    unterminated: bool = False  # the last line is a complete event without its newline


def crlf_problem(path: Path) -> str:
    return (
        "ends with CRLF (\\r\\n), not LF: git converted the line endings (core.autocrlf,"
        " Git for Windows' default) or an editor did, and the hash chain covers the exact"
        f" bytes; mark the log -text in .gitattributes, then `rm {path} && git checkout --"
        f" {path}`, or convert it back with `dos2unix {path}`"
    )


class LogReader:
    """Reads the log file at ``path``; never writes. Raises ``DamagedLogError`` naming the
    first bad line."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def damaged(self, line: int, problem: str) -> NoReturn:
        raise DamagedLogError(str(self.path), line, problem)

    def open(self, buffering: int = -1) -> BinaryIO:
        try:
            return open(self.path, "rb", buffering=buffering)
        except OSError as exc:
            raise LogIOError(f"cannot read log {self.path}: {exc.strerror}") from None

    def read(
        self,
        *,
        offset: int = 0,
        seq: int = 0,
        prev: str = GENESIS,
        check_ids: bool = False,
        full: bool = False,
    ) -> Iterator[Record]:
        """Stream verified records from byte ``offset``, continuing after ``seq``/``prev``.
        A last line without a newline is read if it is a complete event (``unterminated``);
        anything else there is a torn tail and is not read."""
        seen: dict[str, int] | None = {} if check_ids else None
        with self.open() as f:
            f.seek(offset)
            pos = offset
            for raw in f:
                start, pos = pos, pos + len(raw)
                seq += 1
                if raw.endswith(b"\n"):
                    record = self.parse(raw, seq, prev, start, pos, full)
                else:  # the last line, without its newline
                    unterminated = self.unterminated(raw, seq, prev, start)
                    if unterminated is None:
                        return  # torn tail: ignored by readers
                    record = unterminated
                if seen is not None:
                    first = seen.get(record.id)
                    if first is not None:
                        self.damaged(
                            seq, f"event id {record.id} appears again (first at line {first})"
                        )
                    seen[record.id] = seq
                prev = record.chain
                yield record

    def parse(
        self, raw: bytes, seq: int, prev: str, start: int, end: int, full: bool = False
    ) -> Record:
        """Check one line and make it a record.

        The chain hash covers every byte of the line, so when it holds (and the line
        links to the one before) nothing was changed; the content hash is then checked
        only with ``full`` (``verify``). When the chain breaks, the content hash says
        whether the payload or the envelope was edited.
        """
        try:
            env = orjson.loads(raw)
        except orjson.JSONDecodeError:
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                self.damaged(seq, f"not valid UTF-8 (byte {exc.start + 1} of the line)")
            self.damaged(seq, "empty line" if not raw.strip() else "not valid JSON")
        if not isinstance(env, dict):
            self.damaged(seq, "not a JSON object")
        missing = () if env.keys() >= FIELD_SET else [k for k in FIELDS if k not in env]
        if missing:
            self.damaged(seq, f"missing field(s) {', '.join(missing)}")
        if env["v"] != ENVELOPE_VERSION:
            self.damaged(seq, f"envelope version {env['v']!r} is not one this tracker reads")
        if env["seq"] != seq:
            self.damaged(
                seq,
                f"sequence number {env['seq']!r}, expected {seq}"
                " (a line was removed, inserted or reordered)",
            )
        if env["prev"] != prev:
            self.damaged(
                seq,
                "does not link to the line before it (a line was removed, inserted or reordered)",
            )
        if not isinstance(env["data"], dict) or not isinstance(env["type"], str):
            self.damaged(seq, "bad type or data")
        chained = isinstance(env["chain"], str) and chain_ok(raw, env["chain"])
        if not chained and raw.endswith(b"\r\n"):
            self.damaged(seq, crlf_problem(self.path))
        if (full or not chained) and content_hash(env["type"], env["type_v"], env["data"]) != env[
            "hash"
        ]:
            self.damaged(seq, "content does not match its hash (the line was edited)")
        if not chained:
            self.damaged(seq, "chain hash does not match (the envelope was edited)")
        return Record.of(env, start, end)

    def unterminated(self, raw: bytes, seq: int, prev: str, start: int) -> Record | None:
        """The last line, without its newline, as a record if it is a complete event: JSON
        with every field, line ``seq``, linked to ``prev``, both hashes right. Its ``end``
        is where it ends once its newline is restored (by the next writer). None if it is
        anything else: a torn write."""
        if len(raw) > UNTERMINATED_MAX or not raw.endswith(b"}"):
            return None
        try:
            return self.parse(raw, seq, prev, start, start + len(raw) + 1, full=True)
        except DamagedLogError:
            return None

    def check_chain(self, end: int | None = None) -> tuple[int, str, int]:
        """Check the hash chain of the complete lines that start before byte ``end`` (all
        of them by default), from the raw bytes: each line's sequence number, its link to
        the line before and its chain hash, without decoding its JSON. A line without the
        layout this tracker writes goes through the full parser instead.

        Returns (seq, chain, offset) of the end of the last line checked.
        """
        limit = end if end is not None else sys.maxsize
        seq, prev, pos = 0, GENESIS.encode(), 0
        with self.open(READ_BLOCK) as f:
            for raw in f:
                if pos >= limit or raw[-1:] != b"\n":
                    break
                seq += 1
                chain = sealed_as_written(raw, seq, prev)
                if chain is None:
                    record = self.parse(raw, seq, prev.decode(), pos, pos + len(raw), full=True)
                    chain = record.chain.encode()
                prev = chain
                pos += len(raw)
        return seq, prev.decode(), pos

    def record_at(self, end: int) -> Record | None:
        """The record whose line ends at byte ``end`` (unverified chain), or None. The last
        line without its newline is found at its size + 1 (its ``end``, see ``read``)."""
        if end <= 0:
            return None
        try:
            with open(self.path, "rb") as f:
                start = _line_start(f, end)
                f.seek(start)
                raw = f.read(end - start)
        except OSError:
            return None
        if not raw.endswith(b"\n") and len(raw) != end - start - 1:
            return None
        try:
            return Record.of(orjson.loads(raw), start, end)
        except (orjson.JSONDecodeError, KeyError, TypeError):
            return None

    def tail_state(self) -> TailState:
        """Sequence number and chain hash of the last line, and what follows the last
        newline: nothing, a complete event without its newline, or a torn tail."""
        rest = b""
        with open(self.path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            complete = _complete_size(f, size)
            if 0 < size - complete <= UNTERMINATED_MAX:
                f.seek(complete)
                rest = f.read(size - complete)
        last = self.record_at(complete) if complete else None
        if complete and last is None:
            self.damaged(self.lines_before(complete), "the last line is not a valid event")
        seq, chain = (last.seq, last.chain) if last is not None else (0, GENESIS)
        if rest:
            event = self.unterminated(rest, seq + 1, chain, complete)
            if event is not None:
                return TailState(event.seq, event.chain, size, 0, True)
        return TailState(seq, chain, complete, size - complete)

    def lines_before(self, end: int) -> int:
        """The number of lines that end at or before byte ``end`` (for an error message)."""
        count, pos = 0, 0
        with open(self.path, "rb") as f:
            while pos < end:
                block = f.read(min(READ_BLOCK, end - pos))
                if not block:
                    break
                count += block.count(b"\n")
                pos += len(block)
        return count

    def id_hashes(self, offset: int = 0) -> Iterator[tuple[str, str]]:
        """(id, content hash) of each line from byte ``offset``, the last one without its
        newline included if it is an event: a plain scan (readers verify the lines
        themselves; damage is theirs to report)."""
        with open(self.path, "rb") as f:
            f.seek(offset)
            for raw in f:
                if not raw.endswith(b"\n"):
                    if self.tail_state().unterminated:  # an event, not a torn write
                        env = orjson.loads(raw)
                        yield env["id"], env["hash"]
                    break
                try:
                    env = orjson.loads(raw)
                    yield env["id"], env["hash"]
                except (orjson.JSONDecodeError, KeyError, TypeError):
                    continue


def _complete_size(f: BinaryIO, size: int) -> int:
    """Bytes up to and including the last newline of an open binary file."""
    pos = size
    while pos > 0:
        step = min(READ_BLOCK, pos)
        f.seek(pos - step)
        block = f.read(step)
        idx = block.rfind(b"\n")
        if idx >= 0:
            return pos - step + idx + 1
        pos -= step
    return 0


def _line_start(f: BinaryIO, end: int) -> int:
    """Start offset of the line that ends (with its newline) at ``end``."""
    pos = end - 1  # skip the line's own newline
    while pos > 0:
        step = min(65536, pos)
        f.seek(pos - step)
        block = f.read(step)
        idx = block.rfind(b"\n")
        if idx >= 0:
            return pos - step + idx + 1
        pos -= step
    return 0
