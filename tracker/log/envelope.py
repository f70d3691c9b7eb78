"""A line of the log: its envelope, and THE one way to build and seal it.

One JSON object per line (UTF-8). The envelope of each line::

    v            envelope schema version (1)
    seq          sequence number, 1-based, equal to the line number, gap-free
    id           event id made by the writer (UUIDv7), also the idempotency key
    type, type_v the event type and its version (see tracker.domain.events)
    recorded_at  when it was appended (UTC), recorded_by: who (TRACKER_USER or the OS user)
    data         the payload
    hash         sha256 of the canonical {type, type_v, data}: the content
    prev         the chain hash of the line before (64 zeros for the first line)
    chain        sha256 of the line's own bytes before ``,"chain":`` (closed with ``}``),
                 so of every other field, ``prev`` included; always the last field

The chain is taken over the bytes as written rather than a re-serialisation, so checking
it costs one hash and no JSON encoding; any change to a line's bytes breaks it.

Every line tracker writes is built by ``Sealer.line`` and sealed by ``seal_body`` (the
file's writer, a merge, an export's sub-log); ``seal`` seals any envelope given whole
(the same bytes for the same envelope), and the team server's trigger writes what
``seal`` would (``tracker.log.postgres.schema``).

>>> line, chain = seal({"v": 1, "seq": 1, "id": "x", "prev": GENESIS})
>>> line.endswith(b'"chain":"' + chain.encode() + b'"}\\n'), chain_ok(line, chain)
(True, True)
"""

from __future__ import annotations

import getpass
import hashlib
import os
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import orjson

from tracker.domain.events import Event, check_event_ref, upcast, version_needed
from tracker.domain.text import clean_name
from tracker.domain.validation import check_event, check_payload

ENVELOPE_VERSION = 1
GENESIS = "0" * 64
FIELDS = (
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
FIELD_SET = frozenset(FIELDS)
CHAIN_KEY = b',"chain":"'
_LINE_START = b'{"v":%d,"seq":' % ENVELOPE_VERSION
_new_record = tuple.__new__


def canonical(obj: Any) -> bytes:
    """The canonical bytes of a JSON value: sorted keys, no spaces, UTF-8."""
    return orjson.dumps(obj, option=orjson.OPT_SORT_KEYS)


def content_hash(type_name: str, type_v: int, data: Any) -> str:
    return hashlib.sha256(
        canonical({"type": type_name, "type_v": type_v, "data": data})
    ).hexdigest()


def seal_body(body: bytes) -> tuple[bytes, str]:
    """A line from its body (the envelope's JSON without ``chain`` and without its closing
    ``}``), and its chain hash: the one way a line is sealed."""
    chain = hashlib.sha256(body + b"}").hexdigest()
    return body + CHAIN_KEY + chain.encode() + b'"}\n', chain


def seal(envelope: dict[str, Any]) -> tuple[bytes, str]:
    """The line for an envelope (its ``chain``, if any, is left out and made), and its
    chain hash (the last field)."""
    body = orjson.dumps({k: v for k, v in envelope.items() if k != "chain"})
    return seal_body(body[:-1])


def chain_ok(raw: bytes, stored: str) -> bool:
    """Whether a line's stored chain is the hash of its bytes, and is its last field."""
    end = len(raw)
    while end and raw[end - 1] == 10:  # the newline
        end -= 1
    cut = raw.rfind(CHAIN_KEY, 0, end)
    if cut < 0 or raw[cut:end] != CHAIN_KEY + stored.encode() + b'"}':
        return False
    digest = hashlib.sha256(memoryview(raw)[:cut])  # no copy of the line
    digest.update(b"}")
    return digest.hexdigest() == stored


def sealed_as_written(raw: bytes, seq: int, prev: bytes) -> bytes | None:
    """The chain hash of a complete line laid out as ``Sealer`` writes it
    (``{"v":1,"seq":N,...,"prev":"<64>","chain":"<64>"}\\n``), line ``seq`` linked to
    ``prev``, with its hash right; None for any other line (the full parser decides)."""
    if (
        raw[-142:-78] == prev
        and raw[-150:-142] == b'"prev":"'
        and raw[-78:-67] == b'","chain":"'
        and raw.endswith(b'"}\n')
        and raw.startswith(_LINE_START + b"%d," % seq)
    ):
        digest = hashlib.sha256(memoryview(raw)[:-77])
        digest.update(b"}")
        chain = raw[-67:-3]
        if digest.hexdigest().encode() == chain:
            return chain
    return None


def current_user() -> str:
    """Who records: TRACKER_USER, else the OS user; a name as any text field is checked."""
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


def check_record(record: Record) -> dict[str, Any]:
    """``check_event`` of a line: its payload, upcast, if the event is one tracker would
    have written; else ``ValidationError``."""
    return check_event(
        record.id, record.type, record.type_v, record.recorded_at, record.recorded_by,
        record.data,
    )  # fmt: skip


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
    checked as every event entering the log is (``check_payload``), and so is a
    caller-given id (one UUID spelling only: see ``tracker.domain.ids``)."""
    data = event.to_data()
    version = version_needed(event.TYPE, data)
    check_payload(event.TYPE, version, data)
    if event_id is not None:
        check_event_ref(event_id, "event id")
    return Encoded(
        event.TYPE, version, orjson.dumps(data), content_hash(event.TYPE, version, data), event_id
    )


@dataclass
class AppendResult:
    ids: list[str] = field(default_factory=list)  # every event's id, in input order
    written: list[str] = field(default_factory=list)  # ids of lines actually written
    duplicates: list[str] = field(default_factory=list)  # ids already in the log
    head: str = GENESIS
    end: int = 0  # the log's size after the append (bytes of complete lines)


class Sealer:
    """Builds and seals lines as ``orjson`` writes an envelope (keys in ``FIELDS`` order),
    from constant pieces: the bytes ``seal`` makes of the same envelope, without encoding
    each payload again. One per append: ``recorded_at`` and ``recorded_by`` are its own,
    unless an item keeps another log's (a merge)."""

    def __init__(self, recorded_at: str, recorded_by: str) -> None:
        self.recorded_at, self.recorded_by = recorded_at, recorded_by
        self.stamp = self._stamp(recorded_at, recorded_by)
        self.kinds: dict[tuple[str, int], bytes] = {}  # ,"type":...,"type_v":... of each

    @staticmethod
    def _stamp(recorded_at: str, recorded_by: str) -> bytes:
        return (
            b',"recorded_at":' + orjson.dumps(recorded_at)
            + b',"recorded_by":' + orjson.dumps(recorded_by) + b',"data":'
        )  # fmt: skip

    def line(self, seq: int, event_id: str, item: Encoded, prev: str) -> tuple[bytes, str]:
        """The sealed line of ``item`` as line ``seq`` after the chain hash ``prev``."""
        dumps = orjson.dumps
        kind = self.kinds.get((item.type, item.type_v))
        if kind is None:
            kind = self.kinds[item.type, item.type_v] = (
                b',"type":' + dumps(item.type) + b',"type_v":' + dumps(item.type_v)
            )
        stamp = self.stamp
        if item.recorded_at is not None or item.recorded_by is not None:  # kept by a merge
            stamp = self._stamp(
                item.recorded_at or self.recorded_at, item.recorded_by or self.recorded_by
            )
        body = b"".join(
            (
                _LINE_START, str(seq).encode(), b',"id":', dumps(event_id), kind, stamp,
                item.data, b',"hash":"', item.hash.encode(), b'","prev":"', prev.encode(), b'"',
            )
        )  # fmt: skip
        return seal_body(body)
