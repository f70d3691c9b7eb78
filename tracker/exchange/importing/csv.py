"""The csv template: a header row, then one event a row (``tracker.exchange.template``).

``actors``, ``roles`` and ``topics`` hold several values separated by ``;``. ``roles``
may be empty: a statement's first actor is then its speaker and the others its
addressees, a development's actors are ``involved``, an interaction's are
``participant``. ``type``, ``date``, ``actors``, ``summary`` and a source url or outlet are
required. ``id`` is optional: a UUID is used as the event id as it is (so a ``tracker
export csv`` file re-imports as duplicates), any other text is the row's source id, and
without one the row's content is.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from pathlib import Path

import orjson

from tracker.domain.errors import ValidationError
from tracker.domain.events import DEVELOPMENT_TYPE, STATEMENT_TYPE
from tracker.domain.ids import spelled_id
from tracker.domain.markup import csv_text
from tracker.domain.text import clean_text
from tracker.exchange.importing.rows import (
    ActorSpec,
    BadRow,
    Draft,
    Row,
    read_lines,
    truncate,
)
from tracker.exchange.template import ANNOTATION_COLUMNS, TEMPLATE_COLUMNS, TEMPLATE_REQUIRED


def parse_csv(path: Path) -> Iterator[Row]:
    """The csv template (see the module docstring): a header row, then one event a row."""
    lines = read_lines(path)
    bad_lines: list[BadRow] = []
    numbers: list[int] = []

    def texts() -> Iterator[str]:
        for number, text in lines:
            if isinstance(text, BadRow):
                bad_lines.append(text)
                text = ""
            numbers.append(number)
            yield text + "\n"

    reader = csv.reader(texts())
    header: list[str] | None = None
    while True:
        start = len(numbers) + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield BadRow(start, f"not valid CSV: {exc}")
            continue
        while bad_lines:
            yield bad_lines.pop(0)
        if header is None:
            header = [c.strip().lower() for c in cells]
            unknown = [c for c in header if c not in (*TEMPLATE_COLUMNS, *ANNOTATION_COLUMNS)]
            missing = [c for c in TEMPLATE_REQUIRED if c not in header]
            if unknown or missing:
                why = []
                if unknown:
                    why.append(f"unknown column(s) {', '.join(unknown)}")
                if missing:
                    why.append(f"missing column(s) {', '.join(missing)}")
                raise ValidationError(
                    f"{path}: line 1 is not the template header: {'; '.join(why)}"
                    " (see `tracker import csv --template PATH`)"
                )
            continue
        if not any(c.strip() for c in cells):
            continue
        raw = truncate(",".join(cells))
        try:
            if len(cells) != len(header):
                raise ValidationError(f"expected {len(header)} columns, found {len(cells)}")
            cells_of = dict(zip(header, cells, strict=True))
            for column in ANNOTATION_COLUMNS:  # annotations: not part of the event
                cells_of.pop(column, None)
            yield csv_row(start, cells_of, raw)
        except ValidationError as exc:
            yield BadRow(start, exc.message, raw)
    if header is None:
        raise ValidationError(f"{path} is empty: expected the template header row")


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


def csv_row(number: int, cells: dict[str, str], raw: str) -> Draft:

    # the text of each cell: the quote `export csv` puts before a formula-like cell undone
    row = {column: csv_text(cell) for column, cell in cells.items()}
    etype = row.get("type", "").strip().lower().replace("-", "_").replace(" ", "_")
    names = _split(row.get("actors", ""))
    if not names:
        raise ValidationError("no actors")
    roles = [r.lower() for r in _split(row.get("roles", ""))]
    if roles and len(roles) != len(names):
        raise ValidationError(f"{len(names)} actors but {len(roles)} roles")
    if not roles:
        if etype == STATEMENT_TYPE:
            roles = ["speaker"] + ["addressee"] * (len(names) - 1)
        elif etype == DEVELOPMENT_TYPE:
            roles = ["involved"] * len(names)
        else:
            roles = ["participant"] * len(names)
    source = {
        k: row.get(f"source_{k}", "").strip() or None
        for k in ("url", "outlet", "published", "quote")
    }
    given = row.get("id", "").strip()
    event_id = None
    if given:
        event_id = spelled_id(given)  # any spelling of a UUID is that id, canonical
        key = f"csv:{event_id or clean_text(given, 'id', limit=200)}"
    else:
        digest = hashlib.sha256(orjson.dumps(sorted(cells.items()))).hexdigest()
        key = f"csv:sha256:{digest}"
    return Draft(
        lines=(number,),
        key=key,
        type=etype or row.get("type", ""),
        when=row.get("date", "").strip(),
        actors=[(ActorSpec(n, "other"), r) for n, r in zip(names, roles, strict=True)],
        summary=row.get("summary", ""),
        sources=[{k: v for k, v in source.items() if v}] if any(source.values()) else [],
        topics=_split(row.get("topics", "")),
        location=row.get("location", "").strip() or None,
        cameo=row.get("cameo", "").strip() or None,
        event_id=event_id,
        raw=raw,
        csv_cells=cells,
    )
