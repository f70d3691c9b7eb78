"""The team server's log as a reader sees it: a copy of its lines in the user's cache,
caught up by ``seq``, on which every reading command works unchanged.

``StoreLog(url)`` is an ``EventLog`` whose file is ``<cache>/tracker/stores/<key>/events.jsonl``
(``<key>``: a hash of the URL without its password, so each store, and each user of it,
has its own) and whose appends go to the server:

- ``catch_up()``: under the copy's lock, compare the server's chain hash at the last line
  the copy holds with the copy's; if they agree, fetch the lines after it (blocks joined by
  the server, ``Store.blocks``) and append their bytes; if not (the server's log is not
  the one this copy was made from: restored, replaced), write the server's log anew and
  swap it in. The read model beside the copy (``.events.jsonl.readmodel.sqlite``, the same
  SQLite file as a file log's) then catches up by ``tracker.readmodel.sync``'s own
  incremental path, or rebuilds when the copy was swapped. The copy's writers' record is
  kept, so that path stays cheap (``tracker.log.checked``).
- ``append``/``append_encoded``: one transaction on the server (``Store.append``); the
  server writes every envelope (seq, chain, recorded_by), and the next read catches the
  copy up.

What a command does at start-up (catching up, appending) goes through ``store``, the fast
client (``tracker.log.postgres.libpq``: libpq through ctypes, no psycopg import);
``server``, psycopg's ``Store``, is opened only for ``push`` and ``watch``.

The copy is a cache like the read model: deleting its folder costs one catch-up from
``seq`` 0. The server's lines are verified as they are applied (the chain continues from
the copy's last line), like a file log's.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.domain.errors import LogIOError, Notice
from tracker.domain.events import Event
from tracker.log.checked import WritersRecord
from tracker.log.envelope import GENESIS, AppendResult, Encoded, Pending, encode
from tracker.log.file import EventLog
from tracker.log.postgres.common import redact
from tracker.log.postgres.libpq import Client, connect

if TYPE_CHECKING:
    from tracker.log.postgres.store import PushResult, Store


def cache_root() -> Path:
    """``$XDG_CACHE_HOME/tracker`` (``~/.cache/tracker``)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tracker"


def cache_folder(url: str) -> Path:
    """The folder of a store's copy and read model: one per URL without its password."""
    digest = hashlib.sha256(redact(url).encode()).hexdigest()[:20]
    return cache_root() / "stores" / digest


class StoreLog(EventLog):
    """The server's log at ``url``, read through a copy in the cache (see the module doc)."""

    def __init__(self, url: str, folder: Path | None = None, notice: Notice | None = None) -> None:
        super().__init__((folder or cache_folder(url)) / "events.jsonl")
        self.url = url
        self.store: Client = connect(url)
        self._server: Store | None = None
        self.notice = notice

    def __repr__(self) -> str:
        return f"StoreLog({redact(self.url)!r})"

    @property
    def server(self) -> Store:
        """psycopg's client of the same store (``push``, ``watch``), opened on first use."""
        if self._server is None:
            from tracker.log.postgres.store import Store

            self._server = Store(self.url)
        return self._server

    def close(self) -> None:
        self.store.close()
        if self._server is not None:
            self._server.close()

    def require(self) -> None:
        if not self.path.is_file():
            self.catch_up()

    # ------------------------------------------------------------------ catching up

    def catch_up(self) -> int:
        """Bring the copy up to the server's head; return the lines fetched."""
        self._create()
        with self.locked():
            state = self.reader.tail_state()
            if state.torn:  # a catch-up killed mid-write: its last line is fetched again
                with open(self.path, "r+b") as f:
                    f.truncate(state.size)
            elif state.unterminated:  # killed just before a newline: the line is whole
                with open(self.path, "ab") as f:
                    f.write(b"\n")
                state = self.reader.tail_state()
            seq, chain, size = state.seq, state.chain, state.size
            if seq and self.store.chain_at(seq) != chain:
                return self._replace()
            fetched = 0
            with open(self.path, "ab") as out:
                for last, block in self.store.blocks(after=seq):
                    out.write(block)
                    fetched, size = last - state.seq, size + len(block)
                    seq = last
            if fetched:
                tail = self.record_at(size)
                chain = tail.chain if tail is not None else GENESIS
                self._remember(seq, chain)
            return fetched

    def _create(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        except OSError as exc:
            raise LogIOError(f"cannot write the store's copy {self.path}: {exc.strerror}") from None

    def _replace(self) -> int:
        """The server's log is not the one the copy was made from: fetch it whole."""
        if self.notice:
            self.notice(
                f"note: the store {redact(self.url)} no longer holds the lines this copy"
                " applied; reading it again from the start"
            )
        aside = self.path.with_name(f".{self.path.name}.new-{os.getpid()}")
        try:
            with open(aside, "wb") as out:
                for _last, block in self.store.blocks(after=0):
                    out.write(block)
            os.replace(aside, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                aside.unlink()
            raise
        tail = self.reader.tail_state()
        self._remember(tail.seq, tail.chain)
        return tail.seq

    def _remember(self, seq: int, chain: str) -> None:
        WritersRecord(self.checked_path).remember(os.stat(self.path), seq, chain)

    # ------------------------------------------------------------------ appending

    def append(
        self,
        items: Iterable[Pending | Event],
        *,
        recorded_by: str | None = None,
        notice: Notice | None = None,
        ids_checked_to: int = 0,
    ) -> AppendResult:
        pending = [p if isinstance(p, Pending) else Pending(p) for p in items]
        return self.append_encoded([encode(p.event, p.id) for p in pending])

    def append_encoded(
        self,
        items: Iterable[Encoded],
        *,
        recorded_by: str | None = None,
        notice: Notice | None = None,
        ids_checked_to: int = 0,
        sync: bool = True,
    ) -> AppendResult:
        """Append on the server, in one transaction (``recorded_by`` is the server's
        ``session_user``, whatever is given). The copy catches up at the next read: a
        command that only appends (``add-event``) spends nothing on it. ``end`` is the
        copy's size as it is (ids are checked by the server, not from the copy)."""
        done = self.store.append(items)
        return AppendResult(
            ids=done.ids,
            written=done.written,
            duplicates=done.duplicates,
            head=done.head.chain,
            end=self.reader.tail_state().size if self.path.exists() else 0,
        )

    def push(self, path: str | os.PathLike[str]) -> PushResult:
        """A file log's events the server lacks, appended re-chained (``Store.push``)."""
        from tracker.log.postgres.transfer import push

        done = push(self.server, path)
        self.catch_up()
        return done

    def fsync(self) -> None:
        """Nothing to do: the server committed each append."""
