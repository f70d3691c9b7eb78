"""Forged log lines: well chained (every hash right), whatever their payload says.

This is how nonsense got in before every path checked what enters the log (issue 11, item
5): a hand-edited copy with recomputed hashes, imported or merged. The tests plant such
lines and check that no path takes them and that readers survive those already there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from tracker.log.envelope import ENVELOPE_VERSION, content_hash, seal
from tracker.log.file import EventLog

FORGED_AT = "2021-08-18T09:00:00.000000Z"


def forge(
    path: Path,
    event_id: str,
    type_name: str,
    data: Any,
    *,
    type_v: int = 1,
    recorded_at: Any = FORGED_AT,
    recorded_by: Any = "forger",
) -> int:
    """Append one well-chained line to the log at ``path`` (creating it); its line number."""
    log = EventLog.create(path)
    state = log.tail_state()
    envelope = {
        "v": ENVELOPE_VERSION,
        "seq": state.seq + 1,
        "id": event_id,
        "type": type_name,
        "type_v": type_v,
        "recorded_at": recorded_at,
        "recorded_by": recorded_by,
        "data": data,
        "hash": content_hash(type_name, type_v, data),
        "prev": state.chain,
    }
    line, _ = seal(envelope)
    with open(path, "ab") as f:
        f.write(line)
    return state.seq + 1


def copy_log(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(source.read_bytes())
    return target


def line_of(path: Path, number: int) -> dict[str, Any]:
    return dict(orjson.loads(path.read_bytes().splitlines()[number - 1]))
