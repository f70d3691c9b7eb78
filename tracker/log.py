"""The append-only log, ``data/events.jsonl``: the only source of truth.

One JSON object per line (UTF-8). The envelope of each line::

    v            envelope schema version (1)
    seq          sequence number, 1-based, equal to the line number, gap-free
    id           event id made by the writer (UUIDv7), also the idempotency key
    type, type_v the event type and its version (see tracker.events)
    recorded_at  when it was appended (UTC), recorded_by: who (TRACKER_USER or the OS user)
    data         the payload
    hash         sha256 of the canonical {type, type_v, data}: the content
    prev         the chain hash of the line before (64 zeros for the first line)
    chain        sha256 of the line's own bytes before ``,"chain":`` (closed with ``}``),
                 so of every other field, ``prev`` included; always the last field

The chain is taken over the bytes as written rather than a re-serialisation, so checking
it costs one hash and no JSON encoding; any change to a line's bytes breaks it.

There is one writer, ``EventLog.writing()`` (``append``, ``append_encoded``, ``merge`` and
``import jsonl`` all go through it). It takes an exclusive ``flock`` on the log file itself,
so every path to one file (a symlink, a hard link, another spelling) shares one lock, and
no lock file is left beside it. Under the lock it checks the prefix it appends after,
mends the tail, builds every line, writes them with one ``write`` on an ``O_APPEND``
descriptor, fsyncs, and cuts the file back if the write or the fsync fails.

The prefix check: after each append the writer records the file's inode, size and mtime
with the head it left (``.<log>.checked``, beside the log). If the file is not as the last
writer left it (replaced by ``mv`` or a git checkout, edited, appended to by something
else), the next writer, and the next reader that would apply it incrementally, first
checks the whole chain from the raw bytes (``check_chain``), and refuses a damaged log.

The tail: a last line without its newline that is a complete event (valid JSON, every
field, linked to the line before, its hashes right) is an event: readers count it and the
next writer restores the newline, with a notice. Anything else after the last newline is
a torn write: readers ignore it and the next writer moves it aside, to
``<log>-torn-<time>`` (beside the log, not git-ignored), and says so.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import hashlib
import itertools
import os
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import orjson

from tracker.domain.dates import format_utc, utc_now
from tracker.domain.errors import ConflictError, DamagedLogError, LogIOError, ValidationError
from tracker.domain.events import Event, check_event_ref, upcast
from tracker.domain.ids import spelled_id, uuid7
from tracker.domain.validation import check_event, check_payload

ENVELOPE_VERSION = 1
GENESIS = "0" * 64
_FIELDS = (
    "v",
    "seq",
    "id",
    "type",
    "type_v",
    "recorded_at",
    "recorded_by",
    "data",
    "hash",
    "prev",
    "chain",
)
_FIELD_SET = frozenset(_FIELDS)
_new_record = tuple.__new__
_READ_BLOCK = 1 << 20
_CHECKED_SIZE = 256  # bytes of the writers' record (written in place, always this long)
_UNTERMINATED_MAX = 64 << 20  # a last line longer than this is never taken for an event

Notice = Callable[[str], None]


def canonical(obj: Any) -> bytes:
    """The canonical bytes of a JSON value: sorted keys, no spaces, UTF-8."""
    return orjson.dumps(obj, option=orjson.OPT_SORT_KEYS)


def content_hash(type_name: str, type_v: int, data: Any) -> str:
    return hashlib.sha256(
        canonical({"type": type_name, "type_v": type_v, "data": data})
    ).hexdigest()


_CHAIN_KEY = b',"chain":"'


def seal(envelope: dict[str, Any]) -> tuple[bytes, str]:
    """The line for an envelope without ``chain``, and its chain hash (the last field)."""
    body = orjson.dumps({k: v for k, v in envelope.items() if k != "chain"})
    chain = hashlib.sha256(body).hexdigest()
    return body[:-1] + _CHAIN_KEY + chain.encode() + b'"}\n', chain


def chain_ok(raw: bytes, stored: str) -> bool:
    """Whether a line's stored chain is the hash of its bytes, and is its last field."""
    end = len(raw)
    while end and raw[end - 1] == 10:  # the newline
        end -= 1
    cut = raw.rfind(_CHAIN_KEY, 0, end)
    if cut < 0 or raw[cut:end] != _CHAIN_KEY + stored.encode() + b'"}':
        return False
    digest = hashlib.sha256(memoryview(raw)[:cut])  # no copy of the line
    digest.update(b"}")
    return digest.hexdigest() == stored


def current_user() -> str:
    """Who records: TRACKER_USER, else the OS user; a name as any text field is checked."""
    from tracker.domain.text import clean_name

    user = os.environ.get("TRACKER_USER")
    if user:
        return clean_name(user, "TRACKER_USER")
    try:
        return clean_name(getpass.getuser(), "the OS user name")
    except Exception:  # no passwd entry in some containers
        return "unknown"


class Record(NamedTuple):
    """One verified line of the log (a named tuple: immutable, and cheap to make by the
    million in a rebuild)."""

    seq: int
    id: str
    type: str
    type_v: int
    recorded_at: str
    recorded_by: str
    data: dict[str, Any]
    hash: str
    chain: str
    offset: int  # byte offset of the line's start
    end: int  # byte offset just after its newline

    @property
    def line(self) -> int:
        return self.seq

    @classmethod
    def of(cls, env: dict[str, Any], start: int, end: int) -> Record:
        """The record of a parsed line (its envelope) found at bytes [start, end)."""
        return _new_record(cls, (
            env["seq"], env["id"], env["type"], env["type_v"], env["recorded_at"],
            env["recorded_by"], env["data"], env["hash"], env["chain"], start, end,
        ))  # fmt: skip

    def upcast_data(self) -> dict[str, Any]:
        return upcast(self.type, self.type_v, self.data)


@dataclass(frozen=True, slots=True)
class Pending:
    """An event waiting to be appended. ``id`` given by a caller is checked for duplicates."""

    event: Event
    id: str | None = None


@dataclass(frozen=True, slots=True)
class Encoded:
    """An event already serialised for appending (an importer's): its type and version,
    ``data`` as the compact JSON bytes ``orjson.dumps`` makes of the payload, and its
    content hash. ``id`` as in ``Pending``."""

    type: str
    type_v: int
    data: bytes
    hash: str
    id: str | None = None
    # kept from another log by a merge; None: now, and the writer's ``recorded_by``
    recorded_at: str | None = None
    recorded_by: str | None = None


def encode(event: Event, event_id: str | None = None) -> Encoded:
    """The ``Encoded`` form of an event: what ``append`` would write of it. The event is
    checked as every event entering the log is (``events.check_payload``), and so is a
    caller-given id (one UUID spelling only: see ``tracker.ids``)."""
    data = event.to_data()
    check_payload(event.TYPE, event.VERSION, data)
    if event_id is not None:
        check_event_ref(event_id, "event id")
    return Encoded(
        event.TYPE, event.VERSION, orjson.dumps(data),
        content_hash(event.TYPE, event.VERSION, data), event_id,
    )  # fmt: skip


@dataclass
class AppendResult:
    ids: list[str] = field(default_factory=list)  # every event's id, in input order
    written: list[str] = field(default_factory=list)  # ids of lines actually written
    duplicates: list[str] = field(default_factory=list)  # ids already in the log
    head: str = GENESIS
    end: int = 0  # the log's size after the append (bytes of complete lines)


@dataclass(frozen=True, slots=True)
class TailState:
    seq: int
    chain: str
    size: int  # bytes up to and including the last newline (or the unterminated event)
    torn: int  # bytes after the last newline (a torn tail), 0 if none
    unterminated: bool = False  # the last line is a complete event without its newline


@dataclass
class VerifyReport:
    events: int
    head: str
    torn_tail_bytes: int
    unterminated: bool = False  # the last event lacks its final newline
    retracted_bad: int = 0  # bad events (set aside by readers) that a retraction settled


class EventLog:
    """The log file at ``path``. Reading never writes; appending holds the lock."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock_fd: int | None = None  # the locked descriptor, while ``locked()`` holds it

    # ------------------------------------------------------------------ paths

    @property
    def checked_path(self) -> Path:
        """Where writers record the file as they left it: beside the real file (symlinks
        followed), so every path to one log shares it."""
        real = self.path.resolve()
        return real.with_name(f".{real.name}.checked")

    def exists(self) -> bool:
        return self.path.is_file()

    def require(self) -> None:
        if not self.path.exists():
            blocker = _file_in_the_way(self.path)
            if blocker is not None:  # ENOTDIR: `tracker init` would fail too
                raise LogIOError(f"no log at {self.path}: {blocker} is a file, not a folder")
            raise LogIOError(
                f"no log at {self.path} (run `tracker init` to start one, or pass --log PATH)"
            )
        if not self.path.is_file():
            raise LogIOError(f"{self.path} is not a file")

    @classmethod
    def create(cls, path: str | os.PathLike[str]) -> EventLog:
        """Create an empty log (and its directory). An existing log is left as it is."""
        log = cls(path)
        try:
            log.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(log.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            os.close(fd)
        except OSError as exc:
            blocker = _file_in_the_way(log.path)
            why = f"{blocker} is a file, not a folder" if blocker else exc.strerror
            raise LogIOError(f"cannot create log {log.path}: {why}") from None
        return log

    # ------------------------------------------------------------------ reading

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

        Raises ``DamagedLogError`` naming the first bad line. A last line without a
        newline is read if it is a complete event (see ``_unterminated``); anything else
        there is a torn tail and is not read.
        """
        self.require()
        seen: dict[str, int] | None = {} if check_ids else None
        try:
            f = open(self.path, "rb")  # noqa: SIM115 - closed in finally
        except OSError as exc:
            raise LogIOError(f"cannot read log {self.path}: {exc.strerror}") from None
        try:
            f.seek(offset)
            pos = offset
            for raw in f:
                start, pos = pos, pos + len(raw)
                seq += 1
                if raw.endswith(b"\n"):
                    record = self._parse(raw, seq, prev, start, pos, full)
                else:  # the last line, without its newline
                    unterminated = self._unterminated(raw, seq, prev, start)
                    if unterminated is None:
                        return  # torn tail: ignored by readers
                    record = unterminated
                if seen is not None:
                    first = seen.get(record.id)
                    if first is not None:
                        self._damaged(
                            seq, f"event id {record.id} appears again (first at line {first})"
                        )
                    seen[record.id] = seq
                prev = record.chain
                yield record
        finally:
            f.close()

    def _damaged(self, line: int, problem: str) -> None:
        raise DamagedLogError(str(self.path), line, problem)

    def _parse(
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
                self._damaged(seq, f"not valid UTF-8 (byte {exc.start + 1} of the line)")
            self._damaged(seq, "empty line" if not raw.strip() else "not valid JSON")
        if not isinstance(env, dict):
            self._damaged(seq, "not a JSON object")
        missing = () if env.keys() >= _FIELD_SET else [k for k in _FIELDS if k not in env]
        if missing:
            self._damaged(seq, f"missing field(s) {', '.join(missing)}")
        if env["v"] != ENVELOPE_VERSION:
            self._damaged(seq, f"envelope version {env['v']!r} is not one this tracker reads")
        if env["seq"] != seq:
            self._damaged(
                seq,
                f"sequence number {env['seq']!r}, expected {seq}"
                " (a line was removed, inserted or reordered)",
            )
        if env["prev"] != prev:
            self._damaged(
                seq,
                "does not link to the line before it (a line was removed, inserted or reordered)",
            )
        if not isinstance(env["data"], dict) or not isinstance(env["type"], str):
            self._damaged(seq, "bad type or data")
        chained = isinstance(env["chain"], str) and chain_ok(raw, env["chain"])
        if not chained and raw.endswith(b"\r\n"):
            self._damaged(seq, _crlf_problem(self.path))
        if (full or not chained) and content_hash(env["type"], env["type_v"], env["data"]) != env[
            "hash"
        ]:
            self._damaged(seq, "content does not match its hash (the line was edited)")
        if not chained:
            self._damaged(seq, "chain hash does not match (the envelope was edited)")
        return Record.of(env, start, end)

    def _unterminated(self, raw: bytes, seq: int, prev: str, start: int) -> Record | None:
        """The last line, without its newline, as a record if it is a complete event: JSON
        with every field, line ``seq``, linked to ``prev``, both hashes right. Its ``end``
        is where it ends once its newline is restored (by the next writer). None if it is
        anything else: a torn write."""
        if len(raw) > _UNTERMINATED_MAX or not raw.endswith(b"}"):
            return None
        try:
            return self._parse(raw, seq, prev, start, start + len(raw) + 1, full=True)
        except DamagedLogError:
            return None

    def check_chain(self, end: int | None = None) -> tuple[int, str, int]:
        """Check the hash chain of the complete lines that start before byte ``end`` (all
        of them by default), from the raw bytes: each line's sequence number, its link to
        the line before and its chain hash, without decoding its JSON. A line without the
        layout this tracker writes goes through the full parser instead.

        Raises ``DamagedLogError`` naming the first bad line; returns (seq, chain,
        offset) of the end of the last line checked.
        """
        self.require()
        limit = end if end is not None else sys.maxsize
        seq, prev, pos = 0, GENESIS.encode(), 0
        sha256 = hashlib.sha256
        try:
            f = open(self.path, "rb", buffering=_READ_BLOCK)  # noqa: SIM115 - closed below
        except OSError as exc:
            raise LogIOError(f"cannot read log {self.path}: {exc.strerror}") from None
        with f:
            for raw in f:
                if pos >= limit or raw[-1:] != b"\n":
                    break
                seq += 1
                # the layout written here: {"v":1,"seq":N,...,"prev":"<64>","chain":"<64>"}\n
                if (
                    raw[-142:-78] == prev
                    and raw[-150:-142] == b'"prev":"'
                    and raw[-78:-67] == b'","chain":"'
                    and raw.endswith(b'"}\n')
                    and raw.startswith(b'{"v":1,"seq":%d,' % seq)
                ):
                    digest = sha256(memoryview(raw)[:-77])
                    digest.update(b"}")
                    chain = raw[-67:-3]
                    if digest.hexdigest().encode() == chain:
                        prev = chain
                        pos += len(raw)
                        continue
                record = self._parse(raw, seq, prev.decode(), pos, pos + len(raw), full=True)
                prev = record.chain.encode()
                pos += len(raw)
        return seq, prev.decode(), pos

    def prefix_intact(self, offset: int, seq: int, chain: str) -> bool:
        """Whether the log still begins with the lines a reader applied: up to byte
        ``offset``, the last one line ``seq`` with chain hash ``chain``.

        Cheap when the file is as the last writer left it (that writer checked the lines
        it appended after, and its own); otherwise (replaced, edited, appended to by
        something else) the whole prefix is checked from the raw bytes, and a damaged
        line raises ``DamagedLogError``.
        """
        if offset == 0:
            return True
        st, left = self._state_left()
        if left is not None and st.st_size >= offset:
            anchor = self.record_at(offset)
            return anchor is not None and (anchor.seq, anchor.chain) == (seq, chain)
        return self.check_chain(offset) == (seq, chain, offset)

    def verify(self, head: str | None = None) -> VerifyReport:
        """Read the whole log, checking every line; optionally check the head hash."""
        count, last = 0, GENESIS
        # Every event must be one tracker writes (payload and envelope values). A bad one
        # that got in before that check was made is settled by a later retraction of it.
        bad: dict[str, tuple[int, str]] = {}
        settled = 0
        for record in self.read(check_ids=True, full=True):
            count, last = record.seq, record.chain
            try:
                data = check_event(
                    record.id, record.type, record.type_v, record.recorded_at,
                    record.recorded_by, record.data,
                )  # fmt: skip
            except ValidationError as exc:
                key = spelled_id(record.id) if isinstance(record.id, str) else None
                bad.setdefault(
                    key or repr(record.id), (record.seq, f"{_shown_id(record.id)}: {exc}")
                )
                continue
            if record.type == "EventRetracted" and data["target"] in bad:
                del bad[data["target"]]
                settled += 1
        if bad:
            line, problem = min(bad.values())
            more = f" ({len(bad) - 1} more bad event(s) after it)" if len(bad) > 1 else ""
            self._damaged(line, f"event {problem}{more}")
        if head is not None and head != last:
            found = self._find_chain(head)
            where = (
                f"it is the head of line {found}, so {count - found} line(s) came after it"
                if found
                else "no line of the log has that hash: the log was rewritten or is another log"
            )
            raise DamagedLogError(
                str(self.path), count, f"head is {last[:12]}…, not {head[:12]}…; {where}"
            )
        tail = self.tail_state()
        return VerifyReport(count, last, tail.torn, tail.unterminated, settled)

    def _find_chain(self, chain: str) -> int:
        for record in self.read():
            if record.chain == chain:
                return record.seq
        return 0

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
        self.require()
        rest = b""
        with open(self.path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            complete = _complete_size(f, size)
            if 0 < size - complete <= _UNTERMINATED_MAX:
                f.seek(complete)
                rest = f.read(size - complete)
        last = self.record_at(complete) if complete else None
        if complete and last is None:
            raise DamagedLogError(
                str(self.path), self._lines_before(complete), "the last line is not a valid event"
            )
        seq, chain = (last.seq, last.chain) if last is not None else (0, GENESIS)
        if rest:
            event = self._unterminated(rest, seq + 1, chain, complete)
            if event is not None:
                return TailState(event.seq, event.chain, size, 0, True)
        return TailState(seq, chain, complete, size - complete)

    def _lines_before(self, end: int) -> int:
        """The number of lines that end at or before byte ``end`` (for an error message)."""
        count, pos = 0, 0
        with open(self.path, "rb") as f:
            while pos < end:
                block = f.read(min(_READ_BLOCK, end - pos))
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

    def _existing_hashes(self, ids: set[str], offset: int = 0) -> dict[str, str]:
        """The content hash of each of ``ids`` found in the log's lines from ``offset``."""
        return {i: h for i, h in self.id_hashes(offset) if i in ids}

    # ------------------------------------------------------------------ the writer's record

    def _checked(self, path: Path | None = None) -> tuple[int, int, int, int, str] | None:
        """(inode, size, mtime, seq, chain) of the file as the last writer left it."""
        try:
            fd = os.open(path or self.checked_path, os.O_RDONLY)
            try:
                raw = os.read(fd, _CHECKED_SIZE)
            finally:
                os.close(fd)
            text, _, crc = raw.decode("ascii").rstrip().rpartition(" ")
            if int(crc) != zlib.crc32(text.encode()):
                return None  # torn (a writer killed while recording it)
            ino, size, mtime, seq, chain = text.split()
            return int(ino), int(size), int(mtime), int(seq), chain
        except (OSError, ValueError, UnicodeDecodeError):
            return None

    def _left_as(self, st: os.stat_result, path: Path | None = None) -> tuple[int, str] | None:
        """(seq, chain) of the last line, if the file is still as the last writer left it."""
        checked = self._checked(path)
        if checked is None or checked[:3] != (st.st_ino, st.st_size, st.st_mtime_ns):
            return None
        return checked[3], checked[4]

    def _state_left(self) -> tuple[os.stat_result, tuple[int, str] | None]:
        """The file's state and ``_left_as`` it, read together (under a shared lock, so
        not in the middle of an append)."""
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
        except OSError as exc:
            raise LogIOError(f"cannot read log {self.path}: {exc.strerror}") from None
        try:
            from tracker import _locks

            _locks.acquire(fd, self.path, shared=True)
            st = os.fstat(fd)
            return st, self._left_as(st)
        finally:
            os.close(fd)

    def _remember(self, state: TailState, path: Path) -> None:
        """Record the file as this writer leaves it: one fixed-size ``pwrite`` in place (a
        rename would cost a flush on ext4); a cache, so failing to is harmless."""
        st = os.fstat(self._lock_fd) if self._lock_fd is not None else os.stat(self.path)
        if st.st_size != state.size:
            return
        text = f"{st.st_ino} {st.st_size} {st.st_mtime_ns} {state.seq} {state.chain}"
        line = f"{text} {zlib.crc32(text.encode())}".ljust(_CHECKED_SIZE - 1) + "\n"
        with contextlib.suppress(OSError):
            fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
            try:
                os.pwrite(fd, line.encode("ascii"), 0)
            finally:
                os.close(fd)

    # ------------------------------------------------------------------ appending

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the exclusive lock: a ``flock`` on the log file itself (released if the
        process dies; waited for with a notice and a bound, never kept by a fork:
        ``tracker._locks``). Every path to the file (a symlink, a hard link) takes the same
        lock; if the path names another file once the lock is held (the log was replaced),
        that one is locked instead."""
        from tracker import _locks

        while True:
            try:
                fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
            except OSError as exc:
                raise LogIOError(f"cannot lock log {self.path}: {exc.strerror}") from None
            with _locks.holding(fd, self.path):
                held = os.fstat(fd)
                try:
                    named = os.stat(self.path)
                except FileNotFoundError:  # removed while we waited: open it again (or fail)
                    named = None
                if named is not None and (held.st_dev, held.st_ino) == (
                    named.st_dev,
                    named.st_ino,
                ):
                    self._lock_fd = fd
                    try:
                        yield
                    finally:
                        self._lock_fd = None
                    return

    @contextlib.contextmanager
    def writing(self, notice: Notice | None = None, *, remember: bool = True) -> Iterator[Writer]:
        """The one way in: hold the lock, check the prefix (when the file is not as the
        last writer left it), mend the tail, and yield the ``Writer`` that appends. With
        ``remember`` the file's state is recorded afterwards for the next writer (a merge
        into a temporary file, git's, leaves nothing beside it)."""
        self.require()
        record = self.checked_path
        with self.locked():
            writer = Writer(self, self._prepare(notice, record))
            yield writer
            if remember:
                self._remember(writer.state, record)

    def _prepare(self, notice: Notice | None, record: Path) -> TailState:
        st = os.fstat(self._lock_fd) if self._lock_fd is not None else os.stat(self.path)
        left = self._left_as(st, record)
        if left is None:  # replaced, edited or appended to by another: check it all first
            self.check_chain()
        state = self.tail_state()
        if left is not None and left != (state.seq, state.chain):
            self.check_chain()
        return self._mend_tail(state, notice)

    def append(
        self,
        items: Iterable[Pending | Event],
        *,
        recorded_by: str | None = None,
        notice: Notice | None = None,
        ids_checked_to: int = 0,
    ) -> AppendResult:
        """Append events atomically: all of them, or none.

        An item with a caller-given id that is already in the log with the same content
        is skipped (idempotent); with different content it is a ``ConflictError`` and
        nothing is written. Finding them reads the log; a caller that has already
        checked its ids against the log up to byte ``ids_checked_to`` (an importer, batch
        after batch: the ``end`` of its last append) has only the rest read.
        """
        pending = [p if isinstance(p, Pending) else Pending(p) for p in items]
        return self.append_encoded(
            [encode(p.event, p.id) for p in pending],
            recorded_by=recorded_by,
            notice=notice,
            ids_checked_to=ids_checked_to,
        )

    def append_encoded(
        self,
        items: Iterable[Encoded],
        *,
        recorded_by: str | None = None,
        notice: Notice | None = None,
        ids_checked_to: int = 0,
        sync: bool = True,
    ) -> AppendResult:
        """``append`` for events already serialised: the same lines, byte for byte, the
        same checks (ids already in the log or twice in the input), one write and one
        fsync; without a second encoding and hashing of each payload.

        ``sync=False`` leaves the fsync to the caller (``fsync``), who may then prepare
        its next batch while the disk catches up."""
        with self.writing(notice) as writer:
            return writer.append(
                items, recorded_by=recorded_by, ids_checked_to=ids_checked_to, sync=sync
            )

    def _write(self, payload: bytes, size_before: int) -> None:
        """One write on an O_APPEND descriptor, then fsync; on failure, cut back."""
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
        except OSError as exc:
            raise LogIOError(f"cannot write to log {self.path}: {exc.strerror}") from None
        try:
            try:
                written = os.write(fd, payload)
                if written != len(payload):
                    raise OSError(errno.EIO, f"short write ({written} of {len(payload)} bytes)")
                os.fsync(fd)
            except OSError as exc:
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, size_before)
                    os.fsync(fd)
                raise LogIOError(
                    f"cannot write to log {self.path}: {exc.strerror or exc}; nothing was appended"
                ) from None
        finally:
            os.close(fd)

    def _write_unsynced(self, payload: bytes, size_before: int) -> None:
        """``_write`` without the fsync (``append_encoded(sync=False)``)."""
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
        except OSError as exc:
            raise LogIOError(f"cannot write to log {self.path}: {exc.strerror}") from None
        try:
            written = os.write(fd, payload)
            if written != len(payload):
                raise OSError(errno.EIO, f"short write ({written} of {len(payload)} bytes)")
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, size_before)
            raise LogIOError(
                f"cannot write to log {self.path}: {exc.strerror or exc}; nothing was appended"
            ) from None
        finally:
            os.close(fd)

    def fsync(self) -> None:
        """Have the disk hold what was appended (after ``append_encoded(sync=False)``)."""
        try:
            fd = os.open(self.path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise LogIOError(
                f"cannot write to log {self.path}: {exc.strerror}; the events appended last"
                " may not be on the disk"
            ) from None

    def _mend_tail(self, state: TailState, notice: Notice | None) -> TailState:
        """Under the lock: give a complete last event its newline back, or move a torn
        tail aside (never delete it). Returns the state after."""
        if state.unterminated:
            self._write(b"\n", state.size)
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
            with open(self.path, "rb") as f:
                f.seek(state.size)
                tail = f.read()
            aside, out = _create_beside(self.path, f"{self.path.name}-torn-{stamp}")
            with out:
                out.write(tail)
                out.flush()
                os.fsync(out.fileno())
            with open(self.path, "r+b") as f:
                f.truncate(state.size)
                os.fsync(f.fileno())
        except OSError as exc:
            raise LogIOError(
                f"cannot move the torn tail of {self.path} aside: {exc.strerror}"
            ) from None
        if notice:
            notice(
                f"warning: the log ended with an incomplete line ({len(tail)} bytes, a torn write);"
                f" moved it to {aside}"
            )
        return TailState(state.seq, state.chain, state.size, 0)


class Writer:
    """Appends to a log under its lock, made by ``EventLog.writing()`` after the prefix
    check and the tail's repair. ``state`` is the log's end, kept current."""

    def __init__(self, log: EventLog, state: TailState) -> None:
        self.log = log
        self.state = state

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
        by = recorded_by or current_user()
        log, state = self.log, self.state
        result = AppendResult(head=state.chain, end=state.size)
        given = {p.id for p in pending if p.id}
        existing = log._existing_hashes(given, ids_checked_to) if given else {}
        batch_ids: dict[str, str] = {}
        lines: list[bytes] = []
        seq, prev = state.seq, state.chain
        # the envelope as orjson writes it (keys in _FIELDS order), in constant pieces
        now = format_utc(utc_now())
        stamp = (
            b',"recorded_at":' + orjson.dumps(now)
            + b',"recorded_by":' + orjson.dumps(by) + b',"data":'
        )  # fmt: skip
        head = b'{"v":' + str(ENVELOPE_VERSION).encode() + b',"seq":'
        kinds: dict[tuple[str, int], bytes] = {}  # ,"type":...,"type_v":... of each
        sha256, dumps = hashlib.sha256, orjson.dumps
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
            kind = kinds.get((p.type, p.type_v))
            if kind is None:
                kind = kinds[p.type, p.type_v] = (
                    b',"type":' + dumps(p.type) + b',"type_v":' + dumps(p.type_v)
                )
            own = stamp
            if p.recorded_at is not None or p.recorded_by is not None:  # kept by a merge
                own = (
                    b',"recorded_at":' + dumps(p.recorded_at or now)
                    + b',"recorded_by":' + dumps(p.recorded_by or by) + b',"data":'
                )  # fmt: skip
            body = b"".join(
                (
                    head, str(seq).encode(), b',"id":', dumps(event_id), kind, own,
                    p.data, b',"hash":"', p.hash.encode(), b'","prev":"', prev.encode(), b'"',
                )
            )  # fmt: skip
            prev = sha256(body + b"}").hexdigest()
            lines.append(body + _CHAIN_KEY + prev.encode() + b'"}\n')
            result.written.append(event_id)
        payload = b"".join(lines)
        if payload and sync:
            log._write(payload, state.size)
        elif payload:
            log._write_unsynced(payload, state.size)
        result.head = prev
        result.end = state.size + len(payload)
        self.state = TailState(seq, prev, result.end, 0)
        return result


def _crlf_problem(path: Path) -> str:
    return (
        "ends with CRLF (\\r\\n), not LF: git converted the line endings (core.autocrlf,"
        " Git for Windows' default) or an editor did, and the hash chain covers the exact"
        f" bytes; mark the log -text in .gitattributes, then `rm {path} && git checkout --"
        f" {path}`, or convert it back with `dos2unix {path}`"
    )


def _create_beside(path: Path, name: str) -> tuple[Path, Any]:
    """A new file ``name`` in ``path``'s folder, opened for writing; never one that exists
    (``name-2``, ``name-3``... if it does)."""
    for n in itertools.count(1):
        target = path.with_name(name if n == 1 else f"{name}-{n}")
        try:
            return target, open(target, "xb")  # the caller closes it
        except FileExistsError:
            continue
    raise AssertionError("unreachable")


def _shown_id(event_id: Any) -> str:
    text = event_id if isinstance(event_id, str) else repr(event_id)
    return text if len(text) <= 60 else text[:59] + "…"


def _file_in_the_way(path: Path) -> Path | None:
    """The first folder on ``path`` that is in fact a file (what makes ENOTDIR), or None."""
    for parent in reversed(path.parents):
        if parent.exists() and not parent.is_dir():
            return parent
    return None


def _complete_size(f: Any, size: int) -> int:
    """Bytes up to and including the last newline of an open binary file."""
    pos = size
    while pos > 0:
        step = min(_READ_BLOCK, pos)
        f.seek(pos - step)
        block = f.read(step)
        idx = block.rfind(b"\n")
        if idx >= 0:
            return pos - step + idx + 1
        pos -= step
    return 0


def _line_start(f: Any, end: int) -> int:
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
