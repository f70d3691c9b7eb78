"""The spill of an import: its checked events on disk between its two steps.

``tracker.exchange.importing.pipeline`` checks every row of a file before it appends anything, so the events
it has built wait here, encoded as they will be appended, and memory stays flat however
long the file. See ``Spill``.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import struct
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import orjson

from tracker.domain.errors import LogIOError
from tracker.domain.events import (
    DevelopmentRecorded,
    InteractionRecorded,
    OccurrenceRecorded,
    StatementRecorded,
    version_needed,
)
from tracker.exchange.importing.rows import Built
from tracker.log.envelope import Encoded, canonical

_KINDS = (InteractionRecorded, StatementRecorded, DevelopmentRecorded)  # by their index
_KIND_INDEX: dict[type[OccurrenceRecorded], int] = {kind: i for i, kind in enumerate(_KINDS)}
_ID_PART = {f"{i:02x}": i for i in range(256)}  # an id's part: its first byte


def _around(type_name: str, version: int) -> tuple[bytes, bytes]:
    """The bytes of ``canonical({"type": type_name, "type_v": version, "data": ...})``
    before and after the data's."""
    whole = canonical({"type": type_name, "type_v": version, "data": 0})
    before, after = whole.split(b'"data":0', 1)
    assert before == b"{" and after.startswith(b",")
    return b'{"data":', after


_AROUND: dict[tuple[type[OccurrenceRecorded], int], tuple[bytes, bytes]] = {}


@dataclass
class Settled:
    """What ``Spill.settle`` found."""

    duplicates: int = 0  # repeats of an earlier row, and events already in the log
    conflicts: list[tuple[int, str, str, int, str]] = field(default_factory=list)
    # (line, event id, key, line of its first row, raw row): an id given twice, two contents
    in_log: list[tuple[int, str, int]] = field(default_factory=list)
    # (line, event id, place in the events): an id already in the log with other content


class Spill:
    """The checked events of an import, on disk until they are appended, so memory stays
    flat however long the file (about as much as the events add to the log).

    Every file is a temporary file in TMPDIR that has no name (``O_TMPFILE``, or unlinked
    as soon as it is made): the system frees it when the import ends, however it ends; a
    killed import leaves nothing behind.

    - ``events``: each event as it will be appended (id, content hash, type, payload JSON),
      the new actors it names, and its source key and raw row (for a bad row), in order;
    - ``ids-NN``: (id, content hash, line, number, place in ``events``) of each event, in
      64 parts by the id's first hex digits (ids are UUIDs), so that ``settle`` finds
      repeated ids, and ids already in the log (``log-NN``), one part at a time;
    - ``skip``: one bit per event (in memory: 125 kB a million), set for a repeat or an id
      already in the log.
    """

    PARTS = 64
    # id, content hash, type (_KINDS, plus 16 a version above 1), source lines; bytes of
    # key, raw, data, new actors
    _HEAD = struct.Struct("<36s64sBIHIIH")
    _ID = struct.Struct("<36s64sQQQ")  # id, content hash, line, number, place in events
    _LOG = struct.Struct("<36s64s")  # id, content hash
    _FLUSH = 1 << 16  # bytes a part gathers before it is written

    def __init__(self) -> None:
        self.folder = Path(tempfile.gettempdir())
        self._files: dict[str, IO[bytes]] = {}  # the parts' files, open until settled
        self._events: IO[bytes] = self._file(1 << 20)
        self._size = 0  # of events
        self._parts = [bytearray() for _ in range(self.PARTS)]
        self.count = 0
        self.skip = bytearray()

    def _file(self, buffering: int) -> IO[bytes]:
        """A new temporary file without a name (gone with this process)."""
        try:
            return tempfile.TemporaryFile(prefix="tracker-import-", buffering=buffering)
        except OSError as exc:
            raise LogIOError(
                f"cannot make the import's temporary file in {self.folder}:"
                f" {exc.strerror or exc} (set TMPDIR to a folder with room)"
            ) from None

    def __enter__(self) -> Spill:
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(OSError):
            self._events.close()
        for f in self._files.values():
            with contextlib.suppress(OSError):
                f.close()
        self._files.clear()

    def _failed(self, exc: OSError) -> LogIOError:
        return LogIOError(
            f"cannot use the import's temporary files in {self.folder}: {exc.strerror or exc}"
            " (set TMPDIR to a folder with room)"
        )

    def _part(self, name: str, parts: list[bytearray], index: int) -> None:
        """Move what part ``index`` has gathered to its file."""
        path = f"{name}-{index:02d}"
        f = self._files.get(path)
        if f is None:
            f = self._files[path] = self._file(0)
        f.write(parts[index])
        parts[index].clear()

    def _read_part(self, name: str, parts: list[bytearray], index: int) -> bytes:
        """All of part ``index``: its file, then what it still gathers."""
        path = f"{name}-{index:02d}"
        f = self._files.pop(path, None)
        if f is None:
            return bytes(parts[index])
        with f:
            f.seek(0)
            return f.read() + parts[index]

    def add(self, item: Built) -> None:
        """Keep one checked event (encoded as ``EventLog.append`` would write it)."""
        kind, data = item.kind, item.data
        # a checked lean event is one day's (version 1: version_needed's answer)
        version = 1 if item.checked else version_needed(kind.TYPE, data)
        around = _AROUND.get((kind, version))
        if around is None:
            around = _AROUND[kind, version] = _around(kind.TYPE, version)
        # the content hash: sha256 of canonical({"type": ..., "type_v": ..., "data": data}),
        # spliced from its constant pieces (its keys sorted: data, type, type_v)
        digest = (
            hashlib.sha256(around[0] + orjson.dumps(data, option=orjson.OPT_SORT_KEYS) + around[1])
            .hexdigest()
            .encode()
        )
        payload = orjson.dumps(data)
        event_id = item.event_id.encode()
        part = _ID_PART.get(item.event_id[:2])
        if part is None or len(event_id) != 36:
            raise ValueError(f"an event id that is not a UUID: {item.event_id!r}")
        key, raw = item.key.encode(), item.raw.encode()
        new = "\n".join(item.new).encode() if item.new else b""
        record = b"".join(
            (
                self._HEAD.pack(
                    event_id, digest, _KIND_INDEX[kind] + 16 * (version - 1), len(item.lines),
                    len(key), len(raw), len(payload), len(new),
                ),
                payload, new, key, raw,
            )
        )  # fmt: skip
        try:
            self._events.write(record)
            self._parts[part % self.PARTS] += self._ID.pack(
                event_id, digest, item.lines[0], self.count, self._size
            )
            self._size += len(record)
            self.count += 1
            if not self.count % 4096:  # then the parts that have gathered enough go to disk
                for index, gathered in enumerate(self._parts):
                    if len(gathered) >= self._FLUSH:
                        self._part("ids", self._parts, index)
        except OSError as exc:
            raise self._failed(exc) from None

    def settle(self, log_ids: Iterable[tuple[str, str]]) -> Settled:
        """Find the repeats (same id, same content: skipped), the conflicts (same id, other
        content: bad) and the events already in the log (``log_ids``: (id, content hash))."""
        try:
            return self._settle(log_ids)
        except OSError as exc:
            raise self._failed(exc) from None

    def _settle(self, log_ids: Iterable[tuple[str, str]]) -> Settled:
        self._events.flush()
        logged = [bytearray() for _ in range(self.PARTS)]
        for event_id, digest in log_ids:
            part = _ID_PART.get(event_id[:2])
            if part is not None and len(event_id) == 36:
                part %= self.PARTS
                logged[part] += self._LOG.pack(event_id.encode(), digest.encode())
                if len(logged[part]) >= self._FLUSH:
                    self._part("log", logged, part)
        self.skip = bytearray((self.count + 7) // 8)
        found = Settled()
        conflicts: list[tuple[int, str, int, int]] = []
        for index in range(self.PARTS):
            first: dict[bytes, tuple[bytes, int, int, int]] = {}
            ids = self._read_part("ids", self._parts, index)
            for event_id, digest, line, number, at in self._ID.iter_unpack(ids):
                seen = first.get(event_id)
                if seen is None:
                    first[event_id] = (digest, line, number, at)
                    continue
                self.skip[number >> 3] |= 1 << (number & 7)
                if seen[0] == digest:
                    found.duplicates += 1
                else:
                    conflicts.append((line, event_id.decode(), seen[1], at))
            logs = self._read_part("log", logged, index)
            for event_id, digest in self._LOG.iter_unpack(logs):
                seen = first.pop(event_id, None)
                if seen is None:
                    continue
                self.skip[seen[2] >> 3] |= 1 << (seen[2] & 7)
                if seen[0] == digest:
                    found.duplicates += 1
                else:
                    found.in_log.append((seen[1], event_id.decode(), seen[3]))
        if conflicts:
            f = self._events
            for line, event_id, first_line, at in conflicts:
                f.seek(at)
                *_, key_size, raw_size, data_size, new_size = self._HEAD.unpack(
                    f.read(self._HEAD.size)
                )
                f.seek(data_size + new_size, io.SEEK_CUR)
                key, raw = f.read(key_size).decode(), f.read(raw_size).decode()
                found.conflicts.append((line, event_id, key, first_line, raw))
        return found

    def data_at(self, at: int) -> dict[str, Any]:
        """The payload of the event kept at ``at`` (a place ``settle`` gives)."""
        try:
            self._events.flush()
            head = self._HEAD.unpack(os.pread(self._events.fileno(), self._HEAD.size, at))
            data_size = head[6]
            return dict(
                orjson.loads(os.pread(self._events.fileno(), data_size, at + self._HEAD.size))
            )
        except OSError as exc:
            raise self._failed(exc) from None

    def events(self) -> Iterator[tuple[int, Encoded, bytes]]:
        """(source lines, event, the new actors it names: ids, one a line) of each event
        not skipped, in order."""
        head, skip = self._HEAD, self.skip
        try:
            self._events.flush()
        except OSError as exc:
            raise self._failed(exc) from None
        # its own position: iterations are apart
        read = io.BufferedReader(_Positioned(self._events.fileno()), 1 << 20).read
        for number in range(self.count):
            try:
                event_id, digest, kind, lines, key_size, raw_size, data_size, new_size = (
                    head.unpack(read(head.size))
                )
                body = read(data_size + new_size + key_size + raw_size)
            except (OSError, struct.error) as exc:
                raise self._failed(
                    exc if isinstance(exc, OSError) else OSError(f"cut short ({exc})")
                ) from None
            if skip[number >> 3] & (1 << (number & 7)):
                continue
            cls, version = _KINDS[kind & 15], (kind >> 4) + 1
            yield (
                lines,
                Encoded(cls.TYPE, version, body[:data_size], digest.decode(), event_id.decode()),
                body[data_size : data_size + new_size],
            )


class _Positioned(io.RawIOBase):
    """A file read from its start with ``pread``: its position is its own, so two readers
    of one open file never move each other (nor its writer). Buffered by the caller."""

    def __init__(self, fd: int) -> None:
        self.fd, self.offset = fd, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = os.pread(self.fd, len(buffer), self.offset)
        buffer[: len(data)] = data
        self.offset += len(data)
        return len(data)
