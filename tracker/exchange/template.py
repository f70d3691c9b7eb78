"""The csv template that ``tracker import csv`` reads and ``tracker export csv`` writes:
its columns, and the row of an event.

Columns: ``type,date,actors,roles,summary,topics,location,cameo,source_url,
source_outlet,source_published,source_quote,id``. A cell that starts like a formula gets
a leading quote on export (``csv_cell``), which import takes off again (``csv_text``).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from tracker.log.outputs import Outputs, write_text
from tracker.queries.events import Entry

TEMPLATE_COLUMNS = (
    "type",
    "date",
    "actors",
    "roles",
    "summary",
    "topics",
    "location",
    "cameo",
    "source_url",
    "source_outlet",
    "source_published",
    "source_quote",
    "id",
)
TEMPLATE_REQUIRED = ("type", "date", "actors", "summary")
# What `export csv` adds after the template's columns: the event's tags (``; ``) and notes
# (`` | ``). They are annotations, events of their own: `import csv` reads past them.
ANNOTATION_COLUMNS = ("tags", "notes")


def write_template(path: Path, outputs: Outputs | None = None) -> Path:
    """Write the csv template's header row to ``path`` (never over the log's files)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(TEMPLATE_COLUMNS)
    return write_text(path, buf.getvalue(), outputs=outputs)


def csv_values(e: Entry) -> dict[str, str]:
    """The csv export's row of an event, by column, before ``csv_cell``. What it cannot
    carry: sources after the first, ``extra``, participants by id (names are
    written, and resolve again on import). ``import csv`` of a row equal to this, for an
    id already in the log, is that event: a duplicate."""
    first: dict[str, Any] = e.sources[0] if e.sources else {}
    return {
        "type": e.type,
        "date": e.when,
        "actors": "; ".join(p.name for p in e.participants),
        "roles": "; ".join(p.role for p in e.participants),
        "summary": e.summary,
        "topics": "; ".join(e.topics),
        "location": e.location or "",
        "cameo": e.cameo or "",
        "source_url": first.get("url") or "",
        "source_outlet": first.get("outlet") or "",
        "source_published": first.get("published") or "",
        "source_quote": first.get("quote") or "",
        "id": e.id,
    }
