"""Projecting the log into the SQLite read model, incrementally or from scratch.

``sync(log)`` brings the read model up to date and returns an open connection:

- nothing changed since the last sync (same inode, size and mtime): nothing to read;
- the log grew and the line where the read model stopped is still there with the same
  chain hash, and the lines before it are intact (``EventLog.prefix_intact``: vouched for
  by the last writer, or checked from the raw bytes): apply only the new lines (verifying
  their chain); a damaged prefix is an error, never a partial answer;
- anything else (the log was replaced, rebased, edited, truncated; the schema changed; the
  cache is missing): rebuild from scratch into a new file, then swap it in.

The position applied is stored in ``sync_state`` in the same transaction as the rows.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import glob
import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from tracker.domain.dates import parse_event_date, parse_utc
from tracker.domain.errors import (
    BadEventError,
    DamagedLogError,
    LockTimeoutError,
    LogIOError,
    ModelIOError,
    NewerEventError,
    Notice,
    ValidationError,
)
from tracker.domain.events import DEVELOPMENT_TYPE, STATEMENT_TYPE
from tracker.domain.names import name_key
from tracker.domain.perf import no_gc
from tracker.domain.validation import check_event
from tracker.log.envelope import GENESIS, Record
from tracker.log.file import EventLog

SCHEMA_VERSION = 6  # keep equal to tracker.schema.SCHEMA_VERSION (a test checks)
_BATCH = 20_000

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class SyncResult:
    mode: str  # "current" | "incremental" | "rebuild"
    applied: int  # lines applied by this sync
    seq: int  # lines in the read model now


# The bulk inserts of the rows that ``Projector._occurrence`` makes.
INSERT_EVENTS = (
    "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, NULL)"
)
INSERT_PARTICIPATIONS = (
    "INSERT INTO participations (event_id, actor_id, role, day_first, time_utc, seq)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)
INSERT_CHANGES = (
    "INSERT INTO changes (seq, event_id, target, type, recorded_at, recorded_by, reason, data,"
    " line_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_CATEGORIES = {STATEMENT_TYPE: "statement", DEVELOPMENT_TYPE: "development"}
_OCCURRENCES = frozenset({"InteractionRecorded", "StatementRecorded", "DevelopmentRecorded"})


def _moment(recorded_at: str) -> datetime:
    """A line's ``recorded_at`` as an aware UTC instant, to order amendments by."""
    try:
        moment = parse_utc(recorded_at)
    except (TypeError, ValueError):
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# The lines that change one fact of an event or an actor (``Projector._wins``), and the
# facts each sets of the event or actor ``target``.
_DECIDED = (
    "EventAmended", "ActorRenamed", "ActorAliasAdded", "ActorAliasRemoved", "ActorsMerged",
    "ActorsUnmerged",
)  # fmt: skip


def _facts(kind: str, data: dict[str, Any], target: str) -> list[str]:
    if kind == "EventAmended":
        return list(data.get("changes", {}))
    if kind == "ActorRenamed" and data.get("actor") == target:
        return ["name"]
    if kind in ("ActorAliasAdded", "ActorAliasRemoved") and data.get("actor") == target:
        return [f"alias {name_key(data['alias'])}"]
    if kind in ("ActorsMerged", "ActorsUnmerged") and data.get("source") == target:
        return ["merged_into"]
    return []


def check_record(record: Record) -> dict[str, Any]:
    """``events.check_event`` of a line: its payload, upcast, if the event is one tracker
    would have written; else ``ValidationError``."""
    return check_event(
        record.id, record.type, record.type_v, record.recorded_at, record.recorded_by,
        record.data,
    )  # fmt: skip


def bad_event(conn: sqlite3.Connection, log: EventLog) -> BadEventError | None:
    """The first bad event set aside and not retracted (see ``Projector.set_aside``), as the
    error a reading command gives, or None."""
    rows = conn.execute(
        "SELECT seq, event_id, problem FROM bad_events WHERE retracted_seq IS NULL"
        " ORDER BY seq LIMIT 2"
    ).fetchall()
    if not rows:
        return None
    more = 0
    if len(rows) > 1:
        more = conn.execute(
            "SELECT count(*) - 1 FROM bad_events WHERE retracted_seq IS NULL"
        ).fetchone()[0]
    from tracker.domain.ids import is_canonical_id

    seq, event_id, problem = rows[0]
    return BadEventError(str(log.path), seq, event_id, problem, more, is_canonical_id(event_id))


def category_of(event_type: str) -> str:
    return _CATEGORIES.get(event_type, "interaction")


def _dump(value: Any) -> str:
    return orjson.dumps(value).decode("utf-8")


@functools.lru_cache(maxsize=65536)
def _date_columns(when: str) -> tuple[str, str, str, str | None]:
    parsed = parse_event_date(when)
    utc = parsed.utc.strftime("%Y-%m-%dT%H:%M:%SZ") if parsed.utc else None
    return parsed.precision, parsed.first.isoformat(), parsed.last.isoformat(), utc


class Projector:
    """Applies records to a connection, in batches. Call ``flush`` at the end.

    ``fresh``: every line before the ones applied went through this projector too (a
    build from the first line), so what it remembers of amendments is complete and it
    never looks them up in the model."""

    def __init__(self, conn: sqlite3.Connection, *, fresh: bool = False) -> None:
        self.conn = conn
        self.fresh = fresh
        self.events: list[tuple[Any, ...]] = []
        self.parts: list[tuple[Any, ...]] = []
        self.changes: list[tuple[Any, ...]] = []
        self.actors: list[tuple[Any, ...]] = []
        self.names: list[tuple[Any, ...]] = []
        # per event or actor: fact -> (recorded_at, id) of the line that decided it (``_wins``)
        self._versions: dict[str, dict[str, tuple[datetime, str]]] = {}

    def apply(self, record: Record) -> None:
        kind = record.type
        try:
            data = check_record(record)
        except NewerEventError:
            raise
        except ValidationError as exc:
            self.set_aside(record, exc.message)
            return
        if kind in _OCCURRENCES:  # nearly every line: kept short
            self._occurrence(record, data)
            if len(self.parts) >= _BATCH:
                self.flush()
            return
        if kind == "EventAmended":
            self.flush()
            self._amend(record, data)
            self._change(record, data["target"], data.get("reason"), data)
        elif kind == "EventRetracted":
            self.flush()
            self.conn.execute(
                "UPDATE events SET retracted = 1, retraction_reason = ?, updated_seq = ? WHERE id = ?",
                (data["reason"], record.seq, data["target"]),
            )
            self.conn.execute(  # a bad event set aside is settled by its retraction
                "UPDATE bad_events SET retracted_seq = ? WHERE event_id = ?"
                " AND retracted_seq IS NULL",
                (record.seq, data["target"]),
            )
            self._change(record, data["target"], data.get("reason"), data)
        elif kind in _ACTOR_HANDLERS:
            if kind != "ActorRegistered":
                self.flush()
            for target in _ACTOR_HANDLERS[kind](self, record, data):
                self._change(record, target, data.get("reason"), data)
        if len(self.parts) + len(self.changes) >= _BATCH:
            self.flush()

    def set_aside(self, record: Record, problem: str) -> None:
        """Keep a line whose event fails ``check_event`` out of the model, and say so in
        ``bad_events``: reading commands name it (``bad_event``), ``retract`` settles it."""
        from tracker.domain.ids import spelled_id

        raw_id = record.id if isinstance(record.id, str) else repr(record.id)
        event_id = spelled_id(raw_id) or raw_id
        self.conn.execute(
            "INSERT OR REPLACE INTO bad_events VALUES (?, ?, ?, ?, NULL)",
            (record.seq, event_id[:200], str(record.type)[:200], problem[:500]),
        )

    def _occurrence(self, record: Record, data: dict[str, Any]) -> None:
        seq, event_id = record.seq, record.id
        precision, first, last, utc = _date_columns(data["when"])
        participants = data["participants"]
        self.events.append(
            (
                event_id,
                seq,
                _CATEGORIES.get(data["type"], "interaction"),
                data["type"],
                data["when"],
                precision,
                first,
                last,
                utc,
                data["summary"],
                _dump(data.get("topics", [])),
                data.get("location"),
                data.get("cameo"),
                _dump(data.get("sources", [])),
                _dump(participants),
                record.recorded_at,
                record.recorded_by,
                seq,
            )
        )
        self.parts.extend(
            [(event_id, p["actor"], p["role"], first, utc, seq) for p in participants]
        )
        # the change is the creation; its payload is the log line itself
        self.changes.append(
            (seq, event_id, event_id, record.type, record.recorded_at, record.recorded_by, None,
             None, record.end)
        )  # fmt: skip

    def _wins(self, record: Record, target: str, fact: str) -> bool:
        """Whether ``record`` decides ``fact`` of ``target`` (see ``_facts``): no line recorded
        later (``recorded_at``, ties broken by the line's id) has set it. Two branches may
        each change one fact; merged, the later change holds whichever of the two lines
        comes first in the log, so both merge directions give one current state."""
        versions = self._versions.get(target)
        if versions is None:
            versions = self._versions[target] = {}
            if not self.fresh:  # the lines applied by earlier syncs
                rows = self.conn.execute(
                    "SELECT recorded_at, event_id, type, data FROM changes WHERE target = ?"
                    f" AND type IN ({', '.join('?' * len(_DECIDED))})",
                    (target, *_DECIDED),
                ).fetchall()
                for recorded_at, line_id, kind, raw in rows:
                    key = (_moment(recorded_at), line_id)
                    for name in _facts(kind, orjson.loads(raw), target):
                        if name not in versions or versions[name] < key:
                            versions[name] = key
        key = (_moment(record.recorded_at), record.id)
        held = versions.get(fact)
        if held is not None and held > key:
            return False
        versions[fact] = key
        return True

    def _amend(self, record: Record, data: dict[str, Any]) -> None:
        """Apply the fields of an amendment that no amendment recorded later has set."""
        target = data["target"]
        changes = {
            name: value
            for name, value in data["changes"].items()
            if self._wins(record, target, name)
        }
        sets: dict[str, Any] = {}
        if "type" in changes:
            sets["type"] = changes["type"]
            sets["category"] = category_of(changes["type"])
        if "when" in changes:
            precision, first, last, utc = _date_columns(changes["when"])
            sets.update(
                when_text=changes["when"],
                precision=precision,
                day_first=first,
                day_last=last,
                time_utc=utc,
            )
            self.conn.execute(
                "UPDATE participations SET day_first = ?, time_utc = ? WHERE event_id = ?",
                (first, utc, target),
            )
        for name in ("summary", "location", "cameo"):
            if name in changes:
                sets[name] = changes[name]
        for name in ("topics", "sources"):
            if name in changes:
                sets[name] = _dump(changes[name])
        if "participants" in changes:
            sets["participants"] = _dump(changes["participants"])
            row = self.conn.execute(
                "SELECT day_first, time_utc, seq FROM events WHERE id = ?", (target,)
            ).fetchone()
            if row is not None:
                day = sets.get("day_first", row[0])
                utc = sets.get("time_utc", row[1])
                self.conn.execute("DELETE FROM participations WHERE event_id = ?", (target,))
                self.conn.executemany(
                    "INSERT INTO participations (event_id, actor_id, role, day_first, time_utc,"
                    " seq) VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        (target, p["actor"], p["role"], day, utc, row[2])
                        for p in changes["participants"]
                    ],
                )
        columns = ", ".join(f"{k} = ?" for k in sets)
        prefix = f"{columns}, " if columns else ""
        self.conn.execute(
            f"UPDATE events SET {prefix}amendments = amendments + 1, updated_seq = ? WHERE id = ?",
            (*sets.values(), record.seq, target),
        )

    # -- actors: each handler applies one event and returns the actor ids it concerns

    def _actor(self, record: Record, data: dict[str, Any]) -> list[str]:
        actor_id = data["actor"]
        self.actors.append(
            (
                actor_id,
                data["name"],
                data["kind"],
                data.get("country"),
                _dump(data.get("aliases", [])),
                _dump(data.get("external_ids", {})),
                None,
                record.seq,
                record.recorded_at,
            )
        )
        for name in (actor_id, data["name"], *data.get("aliases", [])):
            self.names.append((name_key(name), actor_id, name))
        return [actor_id]

    def _aliases(self, actor_id: str) -> list[str]:
        row = self.conn.execute("SELECT aliases FROM actors WHERE id = ?", (actor_id,)).fetchone()
        return list(orjson.loads(row[0])) if row else []

    def _set_aliases(self, actor_id: str, aliases: list[str]) -> None:
        self.conn.execute("UPDATE actors SET aliases = ? WHERE id = ?", (_dump(aliases), actor_id))

    def _alias_added(self, record: Record, data: dict[str, Any]) -> list[str]:
        actor_id, alias = data["actor"], data["alias"]
        if not self._wins(record, actor_id, f"alias {name_key(alias)}"):
            return [actor_id]  # removed by a line recorded later
        aliases = self._aliases(actor_id)
        if alias not in aliases:
            self._set_aliases(actor_id, [*aliases, alias])
        self.conn.execute(
            "INSERT OR IGNORE INTO actor_names (key, actor_id, name) VALUES (?, ?, ?)",
            (name_key(alias), actor_id, alias),
        )
        return [actor_id]

    def _alias_removed(self, record: Record, data: dict[str, Any]) -> list[str]:
        actor_id, alias = data["actor"], data["alias"]
        if not self._wins(record, actor_id, f"alias {name_key(alias)}"):
            return [actor_id]  # added again by a line recorded later
        aliases = [a for a in self._aliases(actor_id) if name_key(a) != name_key(alias)]
        self._set_aliases(actor_id, aliases)
        row = self.conn.execute("SELECT name FROM actors WHERE id = ?", (actor_id,)).fetchone()
        if row and name_key(row[0]) != name_key(alias) and name_key(actor_id) != name_key(alias):
            self.conn.execute(
                "DELETE FROM actor_names WHERE key = ? AND actor_id = ?",
                (name_key(alias), actor_id),
            )
        return [actor_id]

    def _renamed(self, record: Record, data: dict[str, Any]) -> list[str]:
        actor_id, name = data["actor"], data["name"]
        row = self.conn.execute("SELECT name FROM actors WHERE id = ?", (actor_id,)).fetchone()
        if row and not self._wins(record, actor_id, "name"):
            # renamed again by a line recorded later: this name was the actor's for a while,
            # and keeps resolving, as it would had the lines come in the other order
            aliases = self._aliases(actor_id)
            if name_key(row[0]) != name_key(name) and name not in aliases:
                self._set_aliases(actor_id, [*aliases, name])
            self.conn.execute(
                "INSERT OR IGNORE INTO actor_names (key, actor_id, name) VALUES (?, ?, ?)",
                (name_key(name), actor_id, name),
            )
        elif row:
            old = row[0]
            aliases = [a for a in self._aliases(actor_id) if name_key(a) != name_key(name)]
            if name_key(old) != name_key(name) and old not in aliases:
                aliases.append(old)  # the former name keeps resolving
            self._set_aliases(actor_id, aliases)
            self.conn.execute("UPDATE actors SET name = ? WHERE id = ?", (name, actor_id))
            self.conn.execute(
                "INSERT OR IGNORE INTO actor_names (key, actor_id, name) VALUES (?, ?, ?)",
                (name_key(name), actor_id, name),
            )
        return [actor_id]

    def _office(self, record: Record, data: dict[str, Any]) -> list[str]:
        first = parse_event_date(data["start"]).first.isoformat() if data.get("start") else None
        last = parse_event_date(data["end"]).last.isoformat() if data.get("end") else None
        self.conn.execute(
            "INSERT INTO offices (id, actor_id, title, org_id, start_text, end_text, day_first,"
            " day_last, aliases) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (record.id, data["actor"], data["office"], data.get("org"), data.get("start"),
             data.get("end"), first, last, _dump(data.get("aliases", []))),
        )  # fmt: skip
        return [data["actor"], *([data["org"]] if data.get("org") else [])]

    def _affiliated(self, record: Record, data: dict[str, Any]) -> list[str]:
        first = parse_event_date(data["start"]).first.isoformat() if data.get("start") else None
        last = parse_event_date(data["end"]).last.isoformat() if data.get("end") else None
        self.conn.execute(
            "INSERT INTO affiliations (id, actor_id, org_id, relation, start_text, end_text,"
            " day_first, day_last) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (record.id, data["actor"], data["org"], data.get("relation", "member_of"),
             data.get("start"), data.get("end"), first, last),
        )  # fmt: skip
        return [data["actor"], data["org"]]

    def _merged(self, record: Record, data: dict[str, Any]) -> list[str]:
        if self._wins(record, data["source"], "merged_into"):
            self.conn.execute(
                "UPDATE actors SET merged_into = ? WHERE id = ?", (data["target"], data["source"])
            )
        return [data["source"], data["target"]]

    def _unmerged(self, record: Record, data: dict[str, Any]) -> list[str]:
        if self._wins(record, data["source"], "merged_into"):
            self.conn.execute(
                "UPDATE actors SET merged_into = NULL WHERE id = ? AND merged_into = ?",
                (data["source"], data["target"]),
            )
        return [data["source"], data["target"]]

    def _change(
        self, record: Record, target: str, reason: str | None, data: dict[str, Any] | None
    ) -> None:
        self.changes.append(
            (
                record.seq,
                record.id,
                target,
                record.type,
                record.recorded_at,
                record.recorded_by,
                reason,
                None if data is None else _dump(data),
                record.end,
            )
        )

    def flush(self) -> None:
        c = self.conn
        if self.actors:
            c.executemany(
                # OR IGNORE: two merged branches may each have registered the same actor id;
                # the later registration's names still resolve (actor_names below).
                "INSERT OR IGNORE INTO actors (id, name, kind, country, aliases, external_ids,"
                " merged_into,"
                " registered_seq, registered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                self.actors,
            )
            c.executemany(
                "INSERT OR IGNORE INTO actor_names (key, actor_id, name) VALUES (?, ?, ?)",
                self.names,
            )
        if self.events:
            c.executemany(INSERT_EVENTS, self.events)
        if self.parts:
            c.executemany(INSERT_PARTICIPATIONS, self.parts)
        if self.changes:
            c.executemany(INSERT_CHANGES, self.changes)
        self.events, self.parts, self.changes, self.actors, self.names = [], [], [], [], []


_ACTOR_HANDLERS: dict[str, Callable[[Projector, Record, dict[str, Any]], list[str]]] = {
    "ActorRegistered": Projector._actor,
    "ActorAliasAdded": Projector._alias_added,
    "ActorAliasRemoved": Projector._alias_removed,
    "ActorRenamed": Projector._renamed,
    "OfficeHeld": Projector._office,
    "ActorAffiliated": Projector._affiliated,
    "ActorsMerged": Projector._merged,
    "ActorsUnmerged": Projector._unmerged,
}


# --------------------------------------------------------------------------- files


def default_db_path(log_path: Path) -> Path:
    """Beside the log (git-ignored), or in the user's cache if that folder is read-only."""
    folder = log_path.resolve().parent
    if os.access(folder, os.W_OK):
        return folder / f".{log_path.name}.readmodel.sqlite"
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tracker"
    digest = hashlib.sha256(str(log_path.resolve()).encode()).hexdigest()[:16]
    return cache / f"{log_path.name}-{digest}.readmodel.sqlite"


class ModelConnection(sqlite3.Connection):
    """A connection to the read model. A ``Tracker`` keeps one between calls (``kept``), so
    that SQLite's page cache stays warm; ``close()`` then leaves it open, and ``release()``
    closes it. ``inode`` says which file it opened: a rebuild swaps in a new one."""

    kept = False
    inode = 0

    def close(self) -> None:
        if not self.kept:
            super().close()

    def release(self) -> None:
        self.kept = False
        super().close()

    def opened(self, path: Path) -> bool:
        """Whether ``path`` is still the file this connection reads."""
        try:
            return os.stat(path).st_ino == self.inode
        except OSError:
            return False


def connect(path: Path | str) -> ModelConnection:
    from tracker.log.locks import timeout

    wait = timeout()
    conn = sqlite3.connect(str(path), timeout=wait, isolation_level=None, factory=ModelConnection)
    try:
        with contextlib.suppress(OSError):
            conn.inode = os.stat(path).st_ino
        conn.execute(f"PRAGMA busy_timeout = {int(min(wait, 2**31 // 1000) * 1000)}")
        conn.execute("PRAGMA cache_size = -65536")  # up to 64 MB of pages
        # A cache, not a record: no fsync on commit. A process killed mid-write still leaves
        # a consistent file (the journal); after an OS crash, a damaged file is rebuilt.
        conn.execute("PRAGMA synchronous = OFF")
    except BaseException:
        conn.release()
        raise
    return conn


def create_tables(conn: sqlite3.Connection, *, indexes: bool = True) -> None:
    from tracker._ddl import TABLES

    for statement in TABLES:
        conn.execute(statement)
    if indexes:
        create_indexes(conn)


def create_indexes(conn: sqlite3.Connection) -> None:
    from tracker._ddl import INDEXES

    for statement in INDEXES:
        conn.execute(statement)


# ----------------------------------------------------------------- a damaged cache
#
# The read model is a cache: whatever is wrong with it, it is moved aside and built again
# from the log. What is found when it is opened (not a SQLite file, cut short, tables that
# are not this version's) and what SQLite finds while reading it (SQLITE_CORRUPT,
# SQLITE_NOTADB) are both "damaged". A cache that cannot be written (a full disk, a
# read-only file) is a ``ModelIOError`` (exit 7).

_DAMAGE_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
_STORAGE_CODES = frozenset(
    {
        sqlite3.SQLITE_FULL,
        sqlite3.SQLITE_IOERR,
        sqlite3.SQLITE_READONLY,
        sqlite3.SQLITE_CANTOPEN,
        sqlite3.SQLITE_PERM,
        sqlite3.SQLITE_BUSY,
        sqlite3.SQLITE_LOCKED,
        sqlite3.SQLITE_NOMEM,
    }
)
_MAGIC = b"SQLite format 3\x00"


def _code(exc: BaseException) -> int:
    return int(getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF  # the primary result code


def is_damage(exc: BaseException) -> bool:
    """Whether ``exc`` is SQLite saying that a database file is damaged."""
    return isinstance(exc, sqlite3.DatabaseError) and _code(exc) in _DAMAGE_CODES


class DamagedModel(Exception):
    """What is wrong with a read-model file (a cache: it is moved aside and rebuilt)."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def model_io_error(db_path: Path, exc: BaseException) -> ModelIOError:
    """The ``ModelIOError`` for an ``OSError`` or a storage error of SQLite."""
    code = _code(exc)
    if isinstance(exc, OSError):
        why = exc.strerror or str(exc)
    elif code == sqlite3.SQLITE_FULL:
        why = os.strerror(errno.ENOSPC)
    elif code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        why = "another process kept it busy (TRACKER_LOCK_TIMEOUT sets how long to wait)"
    else:
        why = str(exc)
    return ModelIOError(f"cannot write the read model {db_path}: {why}")


def _header_problem(db_path: Path) -> str | None:
    """What the first 100 bytes and the size of the file say is wrong with it (a missing
    file is not damaged: it is built)."""
    try:
        with open(db_path, "rb") as f:
            head = f.read(100)
            size = os.fstat(f.fileno()).st_size
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise model_io_error(db_path, exc) from None
    if size == 0:
        return "it is empty"
    if not head.startswith(_MAGIC) or len(head) < 100:
        return "it is not a SQLite database"
    page = int.from_bytes(head[16:18], "big")
    page = 65536 if page == 1 else page
    if page < 512 or page & (page - 1):
        return "its header is damaged"
    pages = int.from_bytes(head[28:32], "big")
    # the page count in the header is valid when its "version valid for" matches
    if head[24:28] == head[92:96] and pages * page > size:
        return f"it is cut short ({size} of {pages * page} bytes)"
    return None


@functools.cache
def _expected_schema() -> frozenset[str]:
    from tracker._ddl import INDEXES, TABLES

    return frozenset((*TABLES, *INDEXES))


def _schema_problem(conn: sqlite3.Connection) -> str | None:
    found = {row[0] for row in conn.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL")}
    expected = _expected_schema()
    if found == expected:
        return None
    missing, extra = len(expected - found), len(found - expected)
    return f"its tables are not this version's ({missing} missing, {extra} not expected)"


def set_aside(db_path: Path, problem: str, notice: Notice | None) -> None:
    """Move a damaged read model to ``<name>.damaged`` (one copy is kept, for a bug
    report), with its journal files, and say so. Hold the sync lock."""
    aside = db_path.with_name(db_path.name + ".damaged")
    try:
        os.replace(db_path, aside)
    except FileNotFoundError:
        pass
    except OSError as exc:
        try:
            db_path.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            raise model_io_error(db_path, exc) from None
    for suffix in ("-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            db_path.with_name(db_path.name + suffix).unlink()
    if notice:
        notice(
            f"note: the read model {db_path} was damaged: {problem}; moved it to"
            f" {aside.name} and rebuilt it from the log"
        )


def recover(db_path: Path, inode: int | None, exc: BaseException, notice: Notice | None) -> None:
    """SQLite found the read model damaged while a query read it (``exc``): move it aside,
    unless another process already did (the file is no longer inode ``inode``; None: the
    file read is not known)."""
    with _sync_lock(db_path):
        try:
            current = os.stat(db_path).st_ino
        except OSError:
            return
        if inode is None or current == inode:
            set_aside(db_path, str(exc), notice)


# ----------------------------------------------------------------- the sync


@contextlib.contextmanager
def _sync_lock(db_path: Path) -> Iterator[None]:
    from tracker.log import locks as _locks

    def cannot(exc: OSError) -> LogIOError:
        return model_io_error(db_path, exc)

    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise cannot(exc) from None
    try:
        with _locks.held(db_path.with_name(db_path.name + ".lock"), cannot):
            yield
    except LockTimeoutError as exc:  # a writing command then reads the log into memory
        raise ModelIOError(str(exc)) from None


def _remove_stale_rebuilds(db_path: Path) -> None:
    """Remove what killed rebuilds left (``<name>.rebuild-PID``). Hold the sync lock: every
    rebuild runs under it, so any such file is stale, whether or not its PID is taken."""
    for path in db_path.parent.glob(glob.escape(db_path.name) + ".rebuild-*"):
        with contextlib.suppress(OSError):
            path.unlink()


def _state(conn: sqlite3.Connection) -> tuple[Any, ...] | None:
    try:
        return conn.execute(
            "SELECT schema_version, offset, seq, chain, inode, size, mtime_ns FROM sync_state"
        ).fetchone()
    except sqlite3.OperationalError as exc:
        if _code(exc) == sqlite3.SQLITE_ERROR:  # no such table, no such column
            return None
        raise


def _save_state(
    conn: sqlite3.Connection, offset: int, seq: int, chain: str, st: os.stat_result
) -> None:
    conn.execute("DELETE FROM sync_state")
    conn.execute(
        "INSERT INTO sync_state VALUES (1, ?, ?, ?, ?, ?, ?, ?)",
        (SCHEMA_VERSION, offset, seq, chain, st.st_ino, st.st_size, st.st_mtime_ns),
    )


def _apply(
    log: EventLog,
    conn: sqlite3.Connection,
    records: Iterable[Record],
    total: int,
    progress: Progress | None,
    fresh: bool = False,
) -> tuple[int, int, int, str]:
    """Apply records; return (count, offset, seq, chain) of the last applied line."""
    projector = Projector(conn, fresh=fresh)
    count, offset, seq, chain = 0, 0, 0, GENESIS
    try:
        for record in records:
            projector.apply(record)
            count, offset, seq, chain = count + 1, record.end, record.seq, record.chain
            if progress and count % 50_000 == 0:
                progress(offset, total)
        projector.flush()
    except sqlite3.IntegrityError:
        # The one way a well-chained log can still be wrong for the model: an id used twice.
        raise DamagedLogError(
            str(log.path), seq + 1, "an event id appears twice (`tracker verify` names the line)"
        ) from None
    if progress:
        progress(total, total)
    return count, offset, seq, chain


def sync(
    log: EventLog,
    db_path: Path | None = None,
    *,
    force: bool = False,
    progress: Progress | None = None,
    reuse: ModelConnection | None = None,
    notice: Notice | None = None,
) -> tuple[ModelConnection, SyncResult]:
    """Bring the read model up to date with the log; return a connection and what was done.

    ``reuse``: a connection kept from an earlier sync, used again if it still reads the
    read model's file (else closed). A damaged read model is moved aside (``notice`` says
    so) and rebuilt; one that cannot be written is a ``ModelIOError``.
    """
    log.require()
    db_path = db_path or default_db_path(log.path)
    with _sync_lock(db_path):
        _remove_stale_rebuilds(db_path)
        st = os.stat(log.path)
        if reuse is not None and (force or not reuse.opened(db_path)):
            reuse.release()
            reuse = None
        try:
            done = None
            if not force:
                try:
                    done = _update(log, db_path, st, reuse)
                except DamagedModel as exc:
                    set_aside(db_path, exc.problem, notice)
            if done is None:
                done = _rebuild(log, db_path, st, progress)
            return done
        except sqlite3.Error as exc:
            if _code(exc) in _STORAGE_CODES:
                raise model_io_error(db_path, exc) from None
            raise


def _update(
    log: EventLog, db_path: Path, st: os.stat_result, reuse: ModelConnection | None
) -> tuple[ModelConnection, SyncResult] | None:
    """The read model brought up to date in place, or None if it must be rebuilt. Raises
    ``DamagedModel``."""
    if reuse is None:
        problem = _header_problem(db_path)
        if problem is not None:
            raise DamagedModel(problem)
        if not db_path.exists():
            return None
    try:
        conn = reuse or connect(db_path)
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            raise DamagedModel(str(exc)) from None
        raise
    try:
        state = _state(conn)
        if state is None:
            raise DamagedModel("it has no sync_state table")
        if state[0] != SCHEMA_VERSION:  # an older tracker's: rebuilt, nothing is wrong
            conn.release()
            return None
        problem = _schema_problem(conn) if reuse is None else None
        if problem is not None:
            raise DamagedModel(problem)
        _, offset, seq, chain, inode, size, mtime_ns = state
        if (inode, size, mtime_ns) == (st.st_ino, st.st_size, st.st_mtime_ns):
            return conn, SyncResult("current", 0, seq)
        anchor = log.record_at(offset) if offset else None
        anchored = offset == 0 or (
            anchor is not None and anchor.chain == chain and anchor.seq == seq
        )
        # a plain append to the lines applied, as far as a look at the file says;
        # prefix_intact makes sure (cheaply if the file is as a writer left it)
        if (
            st.st_size >= offset
            and st.st_size != size
            and anchored
            and log.prefix_intact(offset, seq, chain)
        ):
            conn.execute("BEGIN IMMEDIATE")
            try:
                records = log.read(offset=offset, seq=seq, prev=chain)
                count, new_offset, new_seq, new_chain = _apply(log, conn, records, st.st_size, None)
                if count:
                    offset, seq, chain = new_offset, new_seq, new_chain
                _save_state(conn, offset, seq, chain, st)
                conn.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                raise
            return conn, SyncResult("incremental", count, seq)
        conn.release()
        return None
    except BaseException as exc:
        conn.release()
        if is_damage(exc):
            raise DamagedModel(str(exc)) from None
        raise


def _rebuild(
    log: EventLog, db_path: Path, st: os.stat_result, progress: Progress | None
) -> tuple[ModelConnection, SyncResult]:
    tmp = db_path.with_name(db_path.name + f".rebuild-{os.getpid()}")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    conn = connect(tmp)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        create_tables(conn, indexes=False)
        conn.execute("BEGIN")
        with no_gc():
            from tracker import parallel_rebuild

            if parallel_rebuild.usable(st.st_size):
                count, offset, seq, chain = parallel_rebuild.apply_log(
                    log, conn, st.st_size, progress
                )
            else:
                count, offset, seq, chain = _apply(
                    log, conn, log.read(), st.st_size, progress, fresh=True
                )
        create_indexes(conn)
        _save_state(conn, offset, seq, chain, st)
        conn.execute("COMMIT")
        conn.release()
        for suffix in ("-journal", "-wal", "-shm"):  # never applied to the new file
            with contextlib.suppress(FileNotFoundError):
                db_path.with_name(db_path.name + suffix).unlink()
        try:
            os.replace(tmp, db_path)
        except OSError as exc:
            raise model_io_error(db_path, exc) from None
    except BaseException:
        conn.release()
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    return connect(db_path), SyncResult("rebuild", count, seq)


def project_in_memory(log: EventLog, moment: datetime | None = None) -> ModelConnection:
    """A read model in memory of the whole log, or of the lines recorded by ``moment``."""
    conn = connect(":memory:")
    create_tables(conn)
    conn.execute("BEGIN")
    projector = Projector(conn, fresh=True)
    for record in log.read():
        try:
            recorded = moment is None or parse_utc(record.recorded_at) <= moment
        except (TypeError, ValueError, AttributeError):
            recorded = True  # not a time: the projector sets the line aside
        if recorded:
            projector.apply(record)
    projector.flush()
    conn.execute("COMMIT")
    return conn


def project_as_of(log: EventLog, moment: datetime) -> ModelConnection:
    """A read model in memory of what the log said at ``moment``: lines recorded by then."""
    return project_in_memory(log, moment)
