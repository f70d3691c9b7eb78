"""The append-only log file, ``data/events.jsonl``: the only source of truth.

``EventLog`` is the file: reading (``tracker.log.reader``: every line checked as it is
read), verifying (``tracker.log.verify``) and the one writer, ``EventLog.writing()``
(``append``, ``append_encoded``, ``merge`` and ``import jsonl`` all go through it). The
writer takes an exclusive ``flock`` on the log file itself (``tracker.log.locks``), so
every path to one file (a symlink, a hard link, another spelling) shares one lock, and no
lock file is left beside it. Under the lock it checks the prefix it appends after (when
the file is not as the last writer left it: ``tracker.log.checked``), mends the tail,
builds every line (``tracker.log.envelope``), writes them with one ``write`` on an
``O_APPEND`` descriptor, fsyncs, and cuts the file back if the write or the fsync fails
(``tracker.log.writer``).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from tracker.domain.errors import LogIOError, Notice
from tracker.domain.events import Event
from tracker.log import locks
from tracker.log.checked import WritersRecord
from tracker.log.envelope import GENESIS, AppendResult, Encoded, Pending, Record, encode
from tracker.log.paths import checked_path, file_in_the_way
from tracker.log.reader import LogReader, TailState
from tracker.log.verify import VerifyReport, verify
from tracker.log.writer import Writer, fsync_log, mend_tail


class EventLog:
    """The log file at ``path``. Reading never writes; appending holds the lock."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.reader = LogReader(self.path)
        self._lock_fd: int | None = None  # the locked descriptor, while ``locked()`` holds it

    @property
    def checked_path(self) -> Path:
        """Where writers record the file as they left it (``tracker.log.checked``)."""
        return checked_path(self.path)

    def exists(self) -> bool:
        return self.path.is_file()

    def require(self) -> None:
        if not self.path.exists():
            blocker = file_in_the_way(self.path)
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
            blocker = file_in_the_way(log.path)
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
        """Stream verified records from byte ``offset``, continuing after ``seq``/``prev``
        (``LogReader.read``). Raises ``DamagedLogError`` naming the first bad line."""
        self.require()
        yield from self.reader.read(
            offset=offset, seq=seq, prev=prev, check_ids=check_ids, full=full
        )

    def check_chain(self, end: int | None = None) -> tuple[int, str, int]:
        """The hash chain of the lines before byte ``end`` checked from the raw bytes
        (``LogReader.check_chain``); (seq, chain, offset) of the last line checked."""
        self.require()
        return self.reader.check_chain(end)

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
        self.require()
        return verify(self.reader, head)

    def record_at(self, end: int) -> Record | None:
        """The record whose line ends at byte ``end`` (unverified chain), or None."""
        return self.reader.record_at(end)

    def tail_state(self) -> TailState:
        self.require()
        return self.reader.tail_state()

    def id_hashes(self, offset: int = 0) -> Iterator[tuple[str, str]]:
        """(id, content hash) of each line from byte ``offset`` (a plain scan)."""
        return self.reader.id_hashes(offset)

    def existing_hashes(self, ids: set[str], offset: int = 0) -> dict[str, str]:
        """The content hash of each of ``ids`` found in the log's lines from ``offset``."""
        return {i: h for i, h in self.id_hashes(offset) if i in ids}

    def _state_left(self) -> tuple[os.stat_result, tuple[int, str] | None]:
        """The file's state and whether it is as the last writer left it, read together
        (under a shared lock, so not in the middle of an append)."""
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
        except OSError as exc:
            raise LogIOError(f"cannot read log {self.path}: {exc.strerror}") from None
        try:
            locks.acquire(fd, self.path, shared=True)
            st = os.fstat(fd)
            return st, WritersRecord(self.checked_path).left_as(st)
        finally:
            os.close(fd)

    # ------------------------------------------------------------------ appending

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the exclusive lock: a ``flock`` on the log file itself (released if the
        process dies; waited for with a notice and a bound, never kept by a fork:
        ``tracker.log.locks``). Every path to the file (a symlink, a hard link) takes the
        same lock; if the path names another file once the lock is held (the log was
        replaced), that one is locked instead."""
        while True:
            try:
                fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
            except OSError as exc:
                raise LogIOError(f"cannot lock log {self.path}: {exc.strerror}") from None
            with locks.holding(fd, self.path):
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
        record = WritersRecord(self.checked_path)
        with self.locked():
            writer = Writer(self.path, self._prepare(notice, record), self.existing_hashes)
            yield writer
            if remember:
                st = self._stat()
                if st.st_size == writer.state.size:
                    record.remember(st, writer.state.seq, writer.state.chain)

    def _stat(self) -> os.stat_result:
        return os.fstat(self._lock_fd) if self._lock_fd is not None else os.stat(self.path)

    def _prepare(self, notice: Notice | None, record: WritersRecord) -> TailState:
        left = record.left_as(self._stat())
        if left is None:  # replaced, edited or appended to by another: check it all first
            self.check_chain()
        state = self.tail_state()
        if left is not None and left != (state.seq, state.chain):
            self.check_chain()
        return mend_tail(self.path, state, notice)

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

    def fsync(self) -> None:
        """Have the disk hold what was appended (after ``append_encoded(sync=False)``)."""
        fsync_log(self.path)
