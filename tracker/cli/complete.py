"""Shell completion of actor names (``--actor``, ``--with``), from the read model.

Loaded only when the shell asks (``options.complete_actor``): it opens the read model
read-only and never brings it up to date, so a tab press costs a query, not a rebuild;
without a read model there is nothing to offer (the first real command makes one).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from tracker.domain.names import name_key
from tracker.log.paths import default_db_path

MOST = 200  # names offered at most


def actor_names(log: Path, incomplete: str) -> list[str]:
    """The names and aliases in the read model of ``log`` that start with ``incomplete``
    (case and accents ignored), current names first, each once.

    For bash, whose completion splits at spaces, a space in a name is escaped."""
    db = default_db_path(log)
    if not db.is_file():
        return []
    start = name_key(incomplete)
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=0.5)
        try:
            rows = conn.execute(
                "SELECT name, 1 FROM actors WHERE merged_into IS NULL OR merged_into = ''"
                " UNION ALL SELECT n.name, 0 FROM actor_names n JOIN actors a"
                " ON a.id = n.actor_id WHERE n.name != n.actor_id"
                " AND (a.merged_into IS NULL OR a.merged_into = '')"
            ).fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return []
    current: dict[str, bool] = {}
    for name, is_current in rows:
        if name_key(name).startswith(start):
            current[name] = current.get(name, False) or bool(is_current)
    found = sorted(current.items(), key=lambda item: (not item[1], name_key(item[0])))
    names = [name for name, _ in found][:MOST]
    if os.environ.get("_TRACKER_COMPLETE", "").endswith("bash"):
        names = [name.replace(" ", "\\ ") for name in names]
    return names
