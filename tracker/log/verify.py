"""``tracker verify``: every line of the log checked, and optionally its head.

Every line: UTF-8, JSON, fields, sequence, content hash, chain link, chain hash, unique
ids, known type versions, and that the event is one tracker writes (``check_record``). A
bad event that got in before that check was made is settled by a later retraction of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tracker.domain.errors import DamagedLogError, ValidationError
from tracker.domain.ids import spelled_id
from tracker.log.envelope import GENESIS, check_record
from tracker.log.reader import LogReader


@dataclass
class VerifyReport:
    events: int
    head: str
    torn_tail_bytes: int
    unterminated: bool = False  # the last event lacks its final newline
    retracted_bad: int = 0  # bad events (set aside by readers) that a retraction settled


def verify(reader: LogReader, head: str | None = None) -> VerifyReport:
    """Read the whole log, checking every line; optionally check the head hash."""
    count, last = 0, GENESIS
    bad: dict[str, tuple[int, str]] = {}
    settled = 0
    for record in reader.read(check_ids=True, full=True):
        count, last = record.seq, record.chain
        try:
            data = check_record(record)
        except ValidationError as exc:
            key = spelled_id(record.id) if isinstance(record.id, str) else None
            bad.setdefault(key or repr(record.id), (record.seq, f"{_shown_id(record.id)}: {exc}"))
            continue
        if record.type == "EventRetracted" and data["target"] in bad:
            del bad[data["target"]]
            settled += 1
    if bad:
        line, problem = min(bad.values())
        more = f" ({len(bad) - 1} more bad event(s) after it)" if len(bad) > 1 else ""
        reader.damaged(line, f"event {problem}{more}")
    if head is not None and head != last:
        found = _find_chain(reader, head)
        where = (
            f"it is the head of line {found}, so {count - found} line(s) came after it"
            if found
            else "no line of the log has that hash: the log was rewritten or is another log"
        )
        raise DamagedLogError(
            str(reader.path), count, f"head is {last[:12]}…, not {head[:12]}…; {where}"
        )
    tail = reader.tail_state()
    return VerifyReport(count, last, tail.torn, tail.unterminated, settled)


def _find_chain(reader: LogReader, chain: str) -> int:
    for record in reader.read():
        if record.chain == chain:
            return record.seq
    return 0


def _shown_id(event_id: Any) -> str:
    text = event_id if isinstance(event_id, str) else repr(event_id)
    return text if len(text) <= 60 else text[:59] + "…"
