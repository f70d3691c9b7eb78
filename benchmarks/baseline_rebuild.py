"""Baseline for the rebuild benchmark: the least a rebuild can do.

Parses the same log lines with orjson and inserts the same rows (events, participations,
changes, actors, actor names) into the same tables with plain ``sqlite3.executemany`` in
one transaction, then creates the same indexes. No checks of any kind.

    python benchmarks/baseline_rebuild.py LOG DB DDL_JSON
"""

from __future__ import annotations

import sqlite3
import sys
import unicodedata

import orjson


def key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def main(log: str, db: str, ddl_file: str) -> None:
    with open(ddl_file, "rb") as f:
        ddl = orjson.loads(f.read())
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    for statement in ddl["tables"]:
        conn.execute(statement)
    conn.execute("BEGIN")
    events, parts, changes, actors, names = [], [], [], [], []
    dumps = orjson.dumps
    with open(log, "rb") as f:
        for line in f:
            env = orjson.loads(line)
            d, seq = env["data"], env["seq"]
            if env["type"] == "ActorRegistered":
                actors.append((d["actor"], d["name"], d["kind"], d.get("country"),
                               dumps(d.get("aliases", [])).decode(), "{}", None, seq,
                               env["recorded_at"]))  # fmt: skip
                for n in (d["actor"], d["name"], *d.get("aliases", [])):
                    names.append((key(n), d["actor"], n))
                continue
            when = d["when"]
            events.append((env["id"], seq, "interaction", d["type"], when, "day", when, when,
                           None, None, d["summary"], dumps(d.get("topics", [])).decode(),
                           d.get("location"), d.get("cameo"), dumps(d["sources"]).decode(),
                           dumps(d["participants"]).decode(), env["recorded_at"],
                           env["recorded_by"], seq))  # fmt: skip
            for p in d["participants"]:
                parts.append((env["id"], p["actor"], p["role"], when, None, seq))
            changes.append((seq, env["id"], env["id"], env["type"], env["recorded_at"],
                            env["recorded_by"], None, None, 0))  # fmt: skip
            if len(events) >= 20_000:
                flush(conn, events, parts, changes)
                events, parts, changes = [], [], []
    flush(conn, events, parts, changes)
    conn.executemany("INSERT INTO actors VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", actors)
    conn.executemany("INSERT OR IGNORE INTO actor_names VALUES (?, ?, ?)", names)
    for statement in ddl["indexes"]:
        conn.execute(statement)
    conn.execute("COMMIT")
    conn.close()


def flush(conn: sqlite3.Connection, events: list, parts: list, changes: list) -> None:  # type: ignore[type-arg]
    conn.executemany(
        "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, NULL)",
        events,
    )
    conn.executemany(
        "INSERT INTO participations (event_id, actor_id, role, day_first, time_utc, seq)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        parts,
    )
    conn.executemany(
        "INSERT INTO changes (seq, event_id, target, type, recorded_at, recorded_by, reason,"
        " data, line_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        changes,
    )


if __name__ == "__main__":
    main(*sys.argv[1:4])
