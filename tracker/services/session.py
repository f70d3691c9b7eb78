"""One log and its read model, as the services use them: a model brought up to date (or
the state of the log at a moment), the model a writing command checks its input against,
and the one append of a service.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from tracker.domain.errors import ModelIOError, Notice
from tracker.domain.events import Event
from tracker.log.envelope import AppendResult, Pending
from tracker.log.file import EventLog
from tracker.log.paths import default_db_path
from tracker.readmodel.projector import Progress
from tracker.readmodel.store import ModelConnection, recover
from tracker.readmodel.sync import SyncResult, bad_event, project_as_of, project_in_memory, sync


class Session:
    """The log at ``log_path`` and its read model (``db_path``, default beside the log);
    or, given ``store`` (a PostgreSQL URL), the team server's log, read through a copy in
    the user's cache that every read catches up first (``tracker.log.postgres.mirror``).

    One read-model connection is kept between calls of the thread that opened it, so that
    its page cache stays warm (a timeline of thousands of events reads as many pages);
    ``close`` releases it."""

    def __init__(
        self,
        log_path: str | os.PathLike[str],
        db_path: str | os.PathLike[str] | None = None,
        notice: Notice | None = None,
        store: str | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.log = EventLog(log_path) if store is None else _store_log(store, notice)
        self.remote = store is not None
        self.db_path = Path(db_path) if db_path else None
        self.notice = notice
        self.progress = progress  # of every sync that is given none (a rebuild, a catch-up)
        self.kept: ModelConnection | None = None
        self.kept_by: int | None = None
        self.local = threading.local()  # per thread: the model file read, a call running
        self.appended = 0  # appends made, so that a call that appended is never run twice

    def close(self) -> None:
        """Close the kept read-model connection (the next call opens another)."""
        if self.kept is not None:
            self.kept.release()
            self.kept = None
        if self.remote:
            self.log.close()  # type: ignore[attr-defined]

    def refresh(self) -> None:
        """With a store: catch its copy up with the server (a file log needs nothing)."""
        if self.remote:
            self.log.catch_up()  # type: ignore[attr-defined]

    def synced(
        self, force: bool = False, progress: Progress | None = None
    ) -> tuple[ModelConnection, SyncResult]:
        """The read model brought up to date, and what the sync did."""
        thread = threading.get_ident()
        mine = self.kept is None or self.kept_by == thread
        reuse, self.kept = (self.kept, None) if mine else (None, self.kept)
        self.refresh()
        conn, result = sync(
            self.log,
            self.db_path,
            force=force,
            progress=progress or self.progress,
            reuse=reuse,
            notice=self.notice,
        )
        self.local.inode = conn.inode
        if mine:
            conn.kept, self.kept, self.kept_by = True, conn, thread
        return conn, result

    def recover(self, exc: BaseException) -> None:
        """``exc``, SQLite's error, says that the read model is damaged: close it and move
        it aside (unless another process already has), so that the next use rebuilds it."""
        inode = getattr(self.local, "inode", None)
        self.close()
        recover(self.db_path or default_db_path(self.log.path), inode, exc, self.notice)

    def sync(self, *, force: bool = False, progress: Progress | None = None) -> SyncResult:
        conn, result = self.synced(force, progress)
        conn.close()
        return result

    def model(self, as_of: datetime | None = None, *, bad_ok: bool = False) -> sqlite3.Connection:
        """An up-to-date read model, or the state of the log at ``as_of``.

        A bad event in the log (one set aside by the projector: see ``bad_events``) is a
        ``BadEventError`` naming its line and how to retract it, unless ``bad_ok`` (for
        ``retract``, which settles it)."""
        if as_of is not None:
            self.refresh()
            conn: sqlite3.Connection = project_as_of(self.log, as_of)
        else:
            conn, _ = self.synced()
        if not bad_ok:
            problem = bad_event(conn, self.log)
            if problem is not None:
                conn.close()
                raise problem
        return conn

    def writing_model(self, *, bad_ok: bool = False) -> sqlite3.Connection:
        """The read model that a writing command checks its input against. Appending does
        not depend on a healthy cache: a damaged one is rebuilt (``sync``), and if it
        cannot be written (a full disk, a read-only file), the log is read into a model in
        memory for this command. ``bad_ok`` as for ``model``."""
        try:
            return self.model(bad_ok=bad_ok)
        except ModelIOError as exc:
            if self.notice:
                self.notice(f"warning: {exc}; reading the log into memory for this command")
            self.refresh()
            conn = project_in_memory(self.log)
            problem = None if bad_ok else bad_event(conn, self.log)
            if problem is not None:
                conn.close()
                raise problem from None
            return conn

    def append(self, items: Iterable[Pending | Event]) -> AppendResult:
        """The one append of a service (the log's own writer), counted."""
        result = self.log.append(items, notice=self.notice)
        self.appended += 1
        return result


def _store_log(url: str, notice: Notice | None) -> EventLog:
    from tracker.log.postgres.mirror import StoreLog  # libpq (ctypes): only for a store

    return StoreLog(url, notice=notice)
